
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'actionctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'actionctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'actionctl' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check action files and report every problem as PATH:LINE:COL')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the actions: id, method and name')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Print the request an action would send, secrets masked; nothing is sent')
            [CompletionResult]::new('dry-run', 'dry-run', [CompletionResultType]::ParameterValue, 'Do everything but the network call: resolve secrets, check values, build the request')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send the request and show the exchange: body on stdout, trace on stderr')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve the actions and flows as MCP tools to agents (stdio, or Streamable HTTP with --http)')
            [CompletionResult]::new('chat', 'chat', [CompletionResultType]::ParameterValue, 'Talk to a model on the terminal with the actions as its tools')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Store, list and remove the credentials actions use (OS keychain)')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Create a new action file: a wizard on a terminal, or flags for scripts')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Write actions from what already describes the API: an OpenAPI document or a curl command line')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Export actions as LLM tool definitions (OpenAI, Anthropic, MCP, JSON Schema)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print an action as the JSON an agent platform''s API takes to create a tool')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (static; see --help for dynamic action ids)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff) generated from these definitions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'actionctl;validate' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Files checked in parallel (default: the number of cores)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Files checked in parallel (default: the number of cores)')
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'Also report what this agent platform cannot express (name, timeout range, parameter types, ...) as errors')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'actionctl;list' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'actionctl;render' {
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'A variable value, checked against its type (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Show the request as sent to this server: replaces scheme, host and port (a path is prefixed)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'actionctl;dry-run' {
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'A variable value, checked against its type (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Show the request as sent to this server: replaces scheme, host and port (a path is prefixed)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (text or json)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'actionctl;test' {
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'A variable value, checked against its type (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'With --all: how many to run at once (default: the number of cores)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'With --all: how many to run at once (default: the number of cores)')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'With --all or --cases: write a report, `junit` or `html` (each at most once), e.g. `--report junit results.xml --report html report.html`')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline for the whole exchange (e.g. 10s, 2m), overriding the action''s `timeout:`')
            [CompletionResult]::new('--mock', '--mock', [CompletionResultType]::ParameterName, 'Answer from the action''s `mock:` section through a local server on 127.0.0.1: the first answer whose `when:` matches, or the one named with --mock=NAME')
            [CompletionResult]::new('--case', '--case', [CompletionResultType]::ParameterName, 'Run the file''s case called NAME (its values, mock answer and expectations)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Send to this server instead: replaces scheme, host and port (a path is prefixed)')
            [CompletionResult]::new('--max-response-size', '--max-response-size', [CompletionResultType]::ParameterName, 'Largest response body read (e.g. 10MiB, 512KiB)')
            [CompletionResult]::new('--max-redirects', '--max-redirects', [CompletionResultType]::ParameterName, 'Redirects followed at most (0: do not follow)')
            [CompletionResult]::new('--llm', '--llm', [CompletionResultType]::ParameterName, 'The model API''s base URL, e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1 (Ollama), https://api.anthropic.com')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'The model name, e.g. gpt-4o-mini, llama3.1, claude-sonnet-4-5')
            [CompletionResult]::new('--llm-api', '--llm-api', [CompletionResultType]::ParameterName, 'The API it speaks: openai (Chat Completions: OpenAI, Ollama, vLLM, llama.cpp, LM Studio) or anthropic (Messages)')
            [CompletionResult]::new('--llm-secret', '--llm-secret', [CompletionResultType]::ParameterName, 'The stored secret holding the API key (keychain or ACTIONCTL_SECRET_<NAME>); no key is sent when it is not stored')
            [CompletionResult]::new('--llm-timeout', '--llm-timeout', [CompletionResultType]::ParameterName, 'Deadline of each model call (e.g. 60s, 5m)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Run every action (examples as values) and every flow, then print `N passed, M failed`')
            [CompletionResult]::new('--cases', '--cases', [CompletionResultType]::ParameterName, 'Run every case of the file, then print `N passed, M failed`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'actionctl;mcp' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime (read for each call)')
            [CompletionResult]::new('--mock', '--mock', [CompletionResultType]::ParameterName, 'Answer every call from the action''s `mock:` section through a local server on 127.0.0.1: the first answer whose `when:` matches, or the one named with --mock=NAME')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline for each exchange (e.g. 10s, 2m), overriding the actions'' `timeout:`')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Send to this server instead: replaces scheme, host and port (a path is prefixed)')
            [CompletionResult]::new('--max-response-size', '--max-response-size', [CompletionResultType]::ParameterName, 'Largest response body read (e.g. 10MiB, 512KiB)')
            [CompletionResult]::new('--max-redirects', '--max-redirects', [CompletionResultType]::ParameterName, 'Redirects followed at most (0: do not follow)')
            [CompletionResult]::new('--http', '--http', [CompletionResultType]::ParameterName, 'Serve Streamable HTTP on ADDR (endpoint /mcp) instead of stdio, e.g. 127.0.0.1:8765')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('--allow-remote', '--allow-remote', [CompletionResultType]::ParameterName, 'Let --http listen on an address other than loopback (anyone reaching it can call the actions)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'actionctl;chat' {
            [CompletionResult]::new('--instructions', '--instructions', [CompletionResultType]::ParameterName, 'A file with the agent''s instructions (its system prompt)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime (read for each call)')
            [CompletionResult]::new('--mock', '--mock', [CompletionResultType]::ParameterName, 'Answer every call from the action''s `mock:` section through a local server on 127.0.0.1: the first answer whose `when:` matches, or the one named with --mock=NAME')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline for each action''s exchange (e.g. 10s, 2m), overriding the actions'' `timeout:`')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Send the actions'' requests to this server instead: replaces scheme, host and port')
            [CompletionResult]::new('--llm', '--llm', [CompletionResultType]::ParameterName, 'The model API''s base URL, e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1 (Ollama), https://api.anthropic.com')
            [CompletionResult]::new('--model', '--model', [CompletionResultType]::ParameterName, 'The model name, e.g. gpt-4o-mini, llama3.1, claude-sonnet-4-5')
            [CompletionResult]::new('--llm-api', '--llm-api', [CompletionResultType]::ParameterName, 'The API it speaks: openai (Chat Completions: OpenAI, Ollama, vLLM, llama.cpp, LM Studio) or anthropic (Messages)')
            [CompletionResult]::new('--llm-secret', '--llm-secret', [CompletionResultType]::ParameterName, 'The stored secret holding the API key (keychain or ACTIONCTL_SECRET_<NAME>); no key is sent when it is not stored')
            [CompletionResult]::new('--llm-timeout', '--llm-timeout', [CompletionResultType]::ParameterName, 'Deadline of each model call (e.g. 60s, 5m)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'actionctl;secret' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store a secret in the OS keychain; the value is read from a hidden prompt or stdin')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the secrets the actions use, whether each is set, and where; never values')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a secret from the OS keychain (fine when it is not there)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'actionctl;secret;set' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'actionctl;secret;list' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'actionctl;secret;rm' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'actionctl;secret;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store a secret in the OS keychain; the value is read from a hidden prompt or stdin')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the secrets the actions use, whether each is set, and where; never values')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a secret from the OS keychain (fine when it is not there)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'actionctl;secret;help;set' {
            break
        }
        'actionctl;secret;help;list' {
            break
        }
        'actionctl;secret;help;rm' {
            break
        }
        'actionctl;secret;help;help' {
            break
        }
        'actionctl;new' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Display name (1-64 characters)')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'When the agent should use it (10-200 characters)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The HTTP method (any case)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'URL; {{placeholders}} name variables')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How the credential is sent')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Name of the stored secret (never its value)')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username, for basic auth')
            [CompletionResult]::new('--username-secret', '--username-secret', [CompletionResultType]::ParameterName, 'For basic auth: the stored secret sent as the username, with an empty password (like curl -u KEY:); instead of --username and --secret')
            [CompletionResult]::new('--auth-header', '--auth-header', [CompletionResultType]::ParameterName, 'Header name, for header auth (e.g. X-API-Key)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text sent before the secret, for header auth (e.g. "Token ")')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Parameter name, for body auth (the body or form key) and query auth (the query parameter), e.g. api_key')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An extra header (repeatable)')
            [CompletionResult]::new('--variable', '--variable', [CompletionResultType]::ParameterName, 'A variable (repeatable): NAME:TYPE[:required][:KEY=VALUE]...[:DESCRIPTION]')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing file')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Write without asking for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Write without asking for confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'actionctl;import' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('openapi', 'openapi', [CompletionResultType]::ParameterValue, 'Write one action per operation of an OpenAPI 3.0/3.1 document')
            [CompletionResult]::new('curl', 'curl', [CompletionResultType]::ParameterValue, 'Turn a curl command line into an action; a credential in it becomes a secret reference')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'actionctl;import;openapi' {
            [CompletionResult]::new('--operation', '--operation', [CompletionResultType]::ParameterName, 'Import this operation (operationId or action id); repeatable, and combined with --tag: an operation either names is imported')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Import the operations with this tag; repeatable')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'Base URL for relative server URLs (or a document without servers)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace action files that already exist')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'actionctl;import;curl' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Action id: the file becomes <DIR>/<ID>.yaml [default: from the method and path]')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing file')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'actionctl;import;help' {
            [CompletionResult]::new('openapi', 'openapi', [CompletionResultType]::ParameterValue, 'Write one action per operation of an OpenAPI 3.0/3.1 document')
            [CompletionResult]::new('curl', 'curl', [CompletionResultType]::ParameterValue, 'Turn a curl command line into an action; a credential in it becomes a secret reference')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'actionctl;import;help;openapi' {
            break
        }
        'actionctl;import;help;curl' {
            break
        }
        'actionctl;import;help;help' {
            break
        }
        'actionctl;schema' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Target format')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every action in the actions folder, then every flow, as one JSON array')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'OpenAI strict mode (--format openai only): every property required, optional ones nullable')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'actionctl;export' {
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'The platform')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every action in the actions folder, as one JSON array (flows are skipped)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'actionctl;completions' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'actionctl;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The actions folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honored)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Secret profile, e.g. staging: keeps test and production keys apart')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the environments file: its servers, profile and {{env.KEY}} values')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'The environments file [default: environments.yaml beside the actions folder]')
            [CompletionResult]::new('--keychain', '--keychain', [CompletionResultType]::ParameterName, 'Which OS keychain holds secrets')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors; no notes on stderr')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'actionctl;help' {
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check action files and report every problem as PATH:LINE:COL')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the actions: id, method and name')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Print the request an action would send, secrets masked; nothing is sent')
            [CompletionResult]::new('dry-run', 'dry-run', [CompletionResultType]::ParameterValue, 'Do everything but the network call: resolve secrets, check values, build the request')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send the request and show the exchange: body on stdout, trace on stderr')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve the actions and flows as MCP tools to agents (stdio, or Streamable HTTP with --http)')
            [CompletionResult]::new('chat', 'chat', [CompletionResultType]::ParameterValue, 'Talk to a model on the terminal with the actions as its tools')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Store, list and remove the credentials actions use (OS keychain)')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Create a new action file: a wizard on a terminal, or flags for scripts')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Write actions from what already describes the API: an OpenAPI document or a curl command line')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Export actions as LLM tool definitions (OpenAI, Anthropic, MCP, JSON Schema)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print an action as the JSON an agent platform''s API takes to create a tool')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (static; see --help for dynamic action ids)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff) generated from these definitions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'actionctl;help;validate' {
            break
        }
        'actionctl;help;list' {
            break
        }
        'actionctl;help;render' {
            break
        }
        'actionctl;help;dry-run' {
            break
        }
        'actionctl;help;test' {
            break
        }
        'actionctl;help;mcp' {
            break
        }
        'actionctl;help;chat' {
            break
        }
        'actionctl;help;secret' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store a secret in the OS keychain; the value is read from a hidden prompt or stdin')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the secrets the actions use, whether each is set, and where; never values')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a secret from the OS keychain (fine when it is not there)')
            break
        }
        'actionctl;help;secret;set' {
            break
        }
        'actionctl;help;secret;list' {
            break
        }
        'actionctl;help;secret;rm' {
            break
        }
        'actionctl;help;new' {
            break
        }
        'actionctl;help;import' {
            [CompletionResult]::new('openapi', 'openapi', [CompletionResultType]::ParameterValue, 'Write one action per operation of an OpenAPI 3.0/3.1 document')
            [CompletionResult]::new('curl', 'curl', [CompletionResultType]::ParameterValue, 'Turn a curl command line into an action; a credential in it becomes a secret reference')
            break
        }
        'actionctl;help;import;openapi' {
            break
        }
        'actionctl;help;import;curl' {
            break
        }
        'actionctl;help;schema' {
            break
        }
        'actionctl;help;export' {
            break
        }
        'actionctl;help;completions' {
            break
        }
        'actionctl;help;man' {
            break
        }
        'actionctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
