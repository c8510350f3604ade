
use builtin;
use str;

set edit:completion:arg-completer[actionctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'actionctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'actionctl'= {
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand validate 'Check action files and report every problem as PATH:LINE:COL'
            cand list 'List the actions: id, method and name'
            cand render 'Print the request an action would send, secrets masked; nothing is sent'
            cand dry-run 'Do everything but the network call: resolve secrets, check values, build the request'
            cand test 'Send the request and show the exchange: body on stdout, trace on stderr'
            cand mcp 'Serve the actions and flows as MCP tools to agents (stdio, or Streamable HTTP with --http)'
            cand chat 'Talk to a model on the terminal with the actions as its tools'
            cand secret 'Store, list and remove the credentials actions use (OS keychain)'
            cand new 'Create a new action file: a wizard on a terminal, or flags for scripts'
            cand import 'Write actions from what already describes the API: an OpenAPI document or a curl command line'
            cand schema 'Export actions as LLM tool definitions (OpenAI, Anthropic, MCP, JSON Schema)'
            cand export 'Print an action as the JSON an agent platform''s API takes to create a tool'
            cand completions 'Print a shell completion script (static; see --help for dynamic action ids)'
            cand man 'Print the man page (roff) generated from these definitions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'actionctl;validate'= {
            cand --format 'Report format'
            cand -j 'Files checked in parallel (default: the number of cores)'
            cand --jobs 'Files checked in parallel (default: the number of cores)'
            cand --platform 'Also report what this agent platform cannot express (name, timeout range, parameter types, ...) as errors'
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'actionctl;list'= {
            cand --format 'Output format'
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'actionctl;render'= {
            cand --var 'A variable value, checked against its type (repeatable)'
            cand --context 'YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime'
            cand --base-url 'Show the request as sent to this server: replaces scheme, host and port (a path is prefixed)'
            cand --format 'Output format'
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'actionctl;dry-run'= {
            cand --var 'A variable value, checked against its type (repeatable)'
            cand --context 'YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime'
            cand --base-url 'Show the request as sent to this server: replaces scheme, host and port (a path is prefixed)'
            cand --format 'Output format (text or json)'
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'actionctl;test'= {
            cand --var 'A variable value, checked against its type (repeatable)'
            cand --context 'YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime'
            cand -j 'With --all: how many to run at once (default: the number of cores)'
            cand --jobs 'With --all: how many to run at once (default: the number of cores)'
            cand --report 'With --all or --cases: write a report, `junit` or `html` (each at most once), e.g. `--report junit results.xml --report html report.html`'
            cand --format 'Output format'
            cand --timeout 'Deadline for the whole exchange (e.g. 10s, 2m), overriding the action''s `timeout:`'
            cand --mock 'Answer from the action''s `mock:` section through a local server on 127.0.0.1: the first answer whose `when:` matches, or the one named with --mock=NAME'
            cand --case 'Run the file''s case called NAME (its values, mock answer and expectations)'
            cand --base-url 'Send to this server instead: replaces scheme, host and port (a path is prefixed)'
            cand --max-response-size 'Largest response body read (e.g. 10MiB, 512KiB)'
            cand --max-redirects 'Redirects followed at most (0: do not follow)'
            cand --llm 'The model API''s base URL, e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1 (Ollama), https://api.anthropic.com'
            cand --model 'The model name, e.g. gpt-4o-mini, llama3.1, claude-sonnet-4-5'
            cand --llm-api 'The API it speaks: openai (Chat Completions: OpenAI, Ollama, vLLM, llama.cpp, LM Studio) or anthropic (Messages)'
            cand --llm-secret 'The stored secret holding the API key (keychain or ACTIONCTL_SECRET_<NAME>); no key is sent when it is not stored'
            cand --llm-timeout 'Deadline of each model call (e.g. 60s, 5m)'
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand --all 'Run every action (examples as values) and every flow, then print `N passed, M failed`'
            cand --cases 'Run every case of the file, then print `N passed, M failed`'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'actionctl;mcp'= {
            cand --context 'YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime (read for each call)'
            cand --mock 'Answer every call from the action''s `mock:` section through a local server on 127.0.0.1: the first answer whose `when:` matches, or the one named with --mock=NAME'
            cand --timeout 'Deadline for each exchange (e.g. 10s, 2m), overriding the actions'' `timeout:`'
            cand --base-url 'Send to this server instead: replaces scheme, host and port (a path is prefixed)'
            cand --max-response-size 'Largest response body read (e.g. 10MiB, 512KiB)'
            cand --max-redirects 'Redirects followed at most (0: do not follow)'
            cand --http 'Serve Streamable HTTP on ADDR (endpoint /mcp) instead of stdio, e.g. 127.0.0.1:8765'
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand --allow-remote 'Let --http listen on an address other than loopback (anyone reaching it can call the actions)'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'actionctl;chat'= {
            cand --instructions 'A file with the agent''s instructions (its system prompt)'
            cand --context 'YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime (read for each call)'
            cand --mock 'Answer every call from the action''s `mock:` section through a local server on 127.0.0.1: the first answer whose `when:` matches, or the one named with --mock=NAME'
            cand --timeout 'Deadline for each action''s exchange (e.g. 10s, 2m), overriding the actions'' `timeout:`'
            cand --base-url 'Send the actions'' requests to this server instead: replaces scheme, host and port'
            cand --llm 'The model API''s base URL, e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1 (Ollama), https://api.anthropic.com'
            cand --model 'The model name, e.g. gpt-4o-mini, llama3.1, claude-sonnet-4-5'
            cand --llm-api 'The API it speaks: openai (Chat Completions: OpenAI, Ollama, vLLM, llama.cpp, LM Studio) or anthropic (Messages)'
            cand --llm-secret 'The stored secret holding the API key (keychain or ACTIONCTL_SECRET_<NAME>); no key is sent when it is not stored'
            cand --llm-timeout 'Deadline of each model call (e.g. 60s, 5m)'
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'actionctl;secret'= {
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand set 'Store a secret in the OS keychain; the value is read from a hidden prompt or stdin'
            cand list 'Show the secrets the actions use, whether each is set, and where; never values'
            cand rm 'Remove a secret from the OS keychain (fine when it is not there)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'actionctl;secret;set'= {
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'actionctl;secret;list'= {
            cand --format 'Output format'
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'actionctl;secret;rm'= {
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'actionctl;secret;help'= {
            cand set 'Store a secret in the OS keychain; the value is read from a hidden prompt or stdin'
            cand list 'Show the secrets the actions use, whether each is set, and where; never values'
            cand rm 'Remove a secret from the OS keychain (fine when it is not there)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'actionctl;secret;help;set'= {
        }
        &'actionctl;secret;help;list'= {
        }
        &'actionctl;secret;help;rm'= {
        }
        &'actionctl;secret;help;help'= {
        }
        &'actionctl;new'= {
            cand --name 'Display name (1-64 characters)'
            cand --description 'When the agent should use it (10-200 characters)'
            cand --method 'The HTTP method (any case)'
            cand --url 'URL; {{placeholders}} name variables'
            cand --auth 'How the credential is sent'
            cand --secret 'Name of the stored secret (never its value)'
            cand --username 'Username, for basic auth'
            cand --username-secret 'For basic auth: the stored secret sent as the username, with an empty password (like curl -u KEY:); instead of --username and --secret'
            cand --auth-header 'Header name, for header auth (e.g. X-API-Key)'
            cand --prefix 'Text sent before the secret, for header auth (e.g. "Token ")'
            cand --param 'Parameter name, for body auth (the body or form key) and query auth (the query parameter), e.g. api_key'
            cand --header 'An extra header (repeatable)'
            cand --variable 'A variable (repeatable): NAME:TYPE[:required][:KEY=VALUE]...[:DESCRIPTION]'
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand --force 'Replace an existing file'
            cand -y 'Write without asking for confirmation'
            cand --yes 'Write without asking for confirmation'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'actionctl;import'= {
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand openapi 'Write one action per operation of an OpenAPI 3.0/3.1 document'
            cand curl 'Turn a curl command line into an action; a credential in it becomes a secret reference'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'actionctl;import;openapi'= {
            cand --operation 'Import this operation (operationId or action id); repeatable, and combined with --tag: an operation either names is imported'
            cand --tag 'Import the operations with this tag; repeatable'
            cand --server 'Base URL for relative server URLs (or a document without servers)'
            cand --format 'Output format'
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand --force 'Replace action files that already exist'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'actionctl;import;curl'= {
            cand --id 'Action id: the file becomes <DIR>/<ID>.yaml [default: from the method and path]'
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand --force 'Replace an existing file'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'actionctl;import;help'= {
            cand openapi 'Write one action per operation of an OpenAPI 3.0/3.1 document'
            cand curl 'Turn a curl command line into an action; a credential in it becomes a secret reference'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'actionctl;import;help;openapi'= {
        }
        &'actionctl;import;help;curl'= {
        }
        &'actionctl;import;help;help'= {
        }
        &'actionctl;schema'= {
            cand --format 'Target format'
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand --all 'Every action in the actions folder, then every flow, as one JSON array'
            cand --strict 'OpenAI strict mode (--format openai only): every property required, optional ones nullable'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'actionctl;export'= {
            cand --platform 'The platform'
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand --all 'Every action in the actions folder, as one JSON array (flows are skipped)'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'actionctl;completions'= {
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'actionctl;man'= {
            cand --dir 'The actions folder'
            cand --color 'When to use color (NO_COLOR is honored)'
            cand --profile 'Secret profile, e.g. staging: keeps test and production keys apart'
            cand --env 'Environment from the environments file: its servers, profile and {{env.KEY}} values'
            cand --env-file 'The environments file [default: environments.yaml beside the actions folder]'
            cand --keychain 'Which OS keychain holds secrets'
            cand -q 'Print only data and errors; no notes on stderr'
            cand --quiet 'Print only data and errors; no notes on stderr'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'actionctl;help'= {
            cand validate 'Check action files and report every problem as PATH:LINE:COL'
            cand list 'List the actions: id, method and name'
            cand render 'Print the request an action would send, secrets masked; nothing is sent'
            cand dry-run 'Do everything but the network call: resolve secrets, check values, build the request'
            cand test 'Send the request and show the exchange: body on stdout, trace on stderr'
            cand mcp 'Serve the actions and flows as MCP tools to agents (stdio, or Streamable HTTP with --http)'
            cand chat 'Talk to a model on the terminal with the actions as its tools'
            cand secret 'Store, list and remove the credentials actions use (OS keychain)'
            cand new 'Create a new action file: a wizard on a terminal, or flags for scripts'
            cand import 'Write actions from what already describes the API: an OpenAPI document or a curl command line'
            cand schema 'Export actions as LLM tool definitions (OpenAI, Anthropic, MCP, JSON Schema)'
            cand export 'Print an action as the JSON an agent platform''s API takes to create a tool'
            cand completions 'Print a shell completion script (static; see --help for dynamic action ids)'
            cand man 'Print the man page (roff) generated from these definitions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'actionctl;help;validate'= {
        }
        &'actionctl;help;list'= {
        }
        &'actionctl;help;render'= {
        }
        &'actionctl;help;dry-run'= {
        }
        &'actionctl;help;test'= {
        }
        &'actionctl;help;mcp'= {
        }
        &'actionctl;help;chat'= {
        }
        &'actionctl;help;secret'= {
            cand set 'Store a secret in the OS keychain; the value is read from a hidden prompt or stdin'
            cand list 'Show the secrets the actions use, whether each is set, and where; never values'
            cand rm 'Remove a secret from the OS keychain (fine when it is not there)'
        }
        &'actionctl;help;secret;set'= {
        }
        &'actionctl;help;secret;list'= {
        }
        &'actionctl;help;secret;rm'= {
        }
        &'actionctl;help;new'= {
        }
        &'actionctl;help;import'= {
            cand openapi 'Write one action per operation of an OpenAPI 3.0/3.1 document'
            cand curl 'Turn a curl command line into an action; a credential in it becomes a secret reference'
        }
        &'actionctl;help;import;openapi'= {
        }
        &'actionctl;help;import;curl'= {
        }
        &'actionctl;help;schema'= {
        }
        &'actionctl;help;export'= {
        }
        &'actionctl;help;completions'= {
        }
        &'actionctl;help;man'= {
        }
        &'actionctl;help;help'= {
        }
    ]
    $completions[$command]
}
