# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_actionctl_global_optspecs
    string join \n dir= color= q/quiet v/verbose profile= env= env-file= keychain= h/help V/version
end

function __fish_actionctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_actionctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_actionctl_using_subcommand
    set -l cmd (__fish_actionctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c actionctl -n "__fish_actionctl_needs_command" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_needs_command" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_needs_command" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_needs_command" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_needs_command" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_needs_command" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_needs_command" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_needs_command" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_needs_command" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_needs_command" -f -a "validate" -d 'Check action files and report every problem as PATH:LINE:COL'
complete -c actionctl -n "__fish_actionctl_needs_command" -f -a "list" -d 'List the actions: id, method and name'
complete -c actionctl -n "__fish_actionctl_needs_command" -f -a "render" -d 'Print the request an action would send, secrets masked; nothing is sent'
complete -c actionctl -n "__fish_actionctl_needs_command" -f -a "dry-run" -d 'Do everything but the network call: resolve secrets, check values, build the request'
complete -c actionctl -n "__fish_actionctl_needs_command" -f -a "test" -d 'Send the request and show the exchange: body on stdout, trace on stderr'
complete -c actionctl -n "__fish_actionctl_needs_command" -f -a "mcp" -d 'Serve the actions and flows as MCP tools to agents (stdio, or Streamable HTTP with --http)'
complete -c actionctl -n "__fish_actionctl_needs_command" -f -a "chat" -d 'Talk to a model on the terminal with the actions as its tools'
complete -c actionctl -n "__fish_actionctl_needs_command" -f -a "secret" -d 'Store, list and remove the credentials actions use (OS keychain)'
complete -c actionctl -n "__fish_actionctl_needs_command" -f -a "new" -d 'Create a new action file: a wizard on a terminal, or flags for scripts'
complete -c actionctl -n "__fish_actionctl_needs_command" -f -a "import" -d 'Write actions from what already describes the API: an OpenAPI document or a curl command line'
complete -c actionctl -n "__fish_actionctl_needs_command" -f -a "schema" -d 'Export actions as LLM tool definitions (OpenAI, Anthropic, MCP, JSON Schema)'
complete -c actionctl -n "__fish_actionctl_needs_command" -f -a "export" -d 'Print an action as the JSON an agent platform\'s API takes to create a tool'
complete -c actionctl -n "__fish_actionctl_needs_command" -f -a "completions" -d 'Print a shell completion script (static; see --help for dynamic action ids)'
complete -c actionctl -n "__fish_actionctl_needs_command" -f -a "man" -d 'Print the man page (roff) generated from these definitions'
complete -c actionctl -n "__fish_actionctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c actionctl -n "__fish_actionctl_using_subcommand validate" -l format -d 'Report format' -r -f -a "text\t'`PATH:LINE:COL: error: MESSAGE` lines'
json\t'An array of `{path, line, column, severity, message}`'
github\t'GitHub Actions workflow annotations'"
complete -c actionctl -n "__fish_actionctl_using_subcommand validate" -s j -l jobs -d 'Files checked in parallel (default: the number of cores)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand validate" -l platform -d 'Also report what this agent platform cannot express (name, timeout range, parameter types, ...) as errors' -r -f -a "vapi\t'Vapi apiRequest tool (the body of POST /tool)'
retell\t'Retell custom function (an entry of a Retell LLM\'s general_tools)'
elevenlabs\t'ElevenLabs webhook tool (the body of POST /v1/convai/tools)'"
complete -c actionctl -n "__fish_actionctl_using_subcommand validate" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand validate" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand validate" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand validate" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand validate" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand validate" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand validate" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand validate" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand validate" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand list" -l format -d 'Output format' -r -f -a "text\t'Aligned columns'
json\t'A JSON array of `{id, method, name, path}`'"
complete -c actionctl -n "__fish_actionctl_using_subcommand list" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand list" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand list" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand list" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand list" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand list" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand list" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand list" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand list" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand render" -l var -d 'A variable value, checked against its type (repeatable)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand render" -l context -d 'YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand render" -l base-url -d 'Show the request as sent to this server: replaces scheme, host and port (a path is prefixed)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand render" -l format -d 'Output format' -r -f -a "text\t'The request as an HTTP message'
json\t'`{"method", "url", "headers", "body"}`'
curl\t'An equivalent curl command (render only)'"
complete -c actionctl -n "__fish_actionctl_using_subcommand render" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand render" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand render" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand render" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand render" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand render" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand render" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand render" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand render" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand render" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand dry-run" -l var -d 'A variable value, checked against its type (repeatable)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand dry-run" -l context -d 'YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand dry-run" -l base-url -d 'Show the request as sent to this server: replaces scheme, host and port (a path is prefixed)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand dry-run" -l format -d 'Output format (text or json)' -r -f -a "text\t'The request as an HTTP message'
json\t'`{"method", "url", "headers", "body"}`'
curl\t'An equivalent curl command (render only)'"
complete -c actionctl -n "__fish_actionctl_using_subcommand dry-run" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand dry-run" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand dry-run" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand dry-run" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand dry-run" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand dry-run" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand dry-run" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand dry-run" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand dry-run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand dry-run" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l var -d 'A variable value, checked against its type (repeatable)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l context -d 'YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -s j -l jobs -d 'With --all: how many to run at once (default: the number of cores)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l report -d 'With --all or --cases: write a report, `junit` or `html` (each at most once), e.g. `--report junit results.xml --report html report.html`' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l format -d 'Output format' -r -f -a "text\t'Response body on stdout, trace on stderr'
json\t'One JSON document on stdout'"
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l timeout -d 'Deadline for the whole exchange (e.g. 10s, 2m), overriding the action\'s `timeout:`' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l mock -d 'Answer from the action\'s `mock:` section through a local server on 127.0.0.1: the first answer whose `when:` matches, or the one named with --mock=NAME' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l case -d 'Run the file\'s case called NAME (its values, mock answer and expectations)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l base-url -d 'Send to this server instead: replaces scheme, host and port (a path is prefixed)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l max-response-size -d 'Largest response body read (e.g. 10MiB, 512KiB)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l max-redirects -d 'Redirects followed at most (0: do not follow)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l llm -d 'The model API\'s base URL, e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1 (Ollama), https://api.anthropic.com' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l model -d 'The model name, e.g. gpt-4o-mini, llama3.1, claude-sonnet-4-5' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l llm-api -d 'The API it speaks: openai (Chat Completions: OpenAI, Ollama, vLLM, llama.cpp, LM Studio) or anthropic (Messages)' -r -f -a "openai\t''
anthropic\t''"
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l llm-secret -d 'The stored secret holding the API key (keychain or ACTIONCTL_SECRET_<NAME>); no key is sent when it is not stored' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l llm-timeout -d 'Deadline of each model call (e.g. 60s, 5m)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l all -d 'Run every action (examples as values) and every flow, then print `N passed, M failed`'
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -l cases -d 'Run every case of the file, then print `N passed, M failed`'
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand test" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand mcp" -l context -d 'YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime (read for each call)' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand mcp" -l mock -d 'Answer every call from the action\'s `mock:` section through a local server on 127.0.0.1: the first answer whose `when:` matches, or the one named with --mock=NAME' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand mcp" -l timeout -d 'Deadline for each exchange (e.g. 10s, 2m), overriding the actions\' `timeout:`' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand mcp" -l base-url -d 'Send to this server instead: replaces scheme, host and port (a path is prefixed)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand mcp" -l max-response-size -d 'Largest response body read (e.g. 10MiB, 512KiB)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand mcp" -l max-redirects -d 'Redirects followed at most (0: do not follow)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand mcp" -l http -d 'Serve Streamable HTTP on ADDR (endpoint /mcp) instead of stdio, e.g. 127.0.0.1:8765' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand mcp" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand mcp" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand mcp" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand mcp" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand mcp" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand mcp" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand mcp" -l allow-remote -d 'Let --http listen on an address other than loopback (anyone reaching it can call the actions)'
complete -c actionctl -n "__fish_actionctl_using_subcommand mcp" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand mcp" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand mcp" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand mcp" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -l instructions -d 'A file with the agent\'s instructions (its system prompt)' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -l context -d 'YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime (read for each call)' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -l mock -d 'Answer every call from the action\'s `mock:` section through a local server on 127.0.0.1: the first answer whose `when:` matches, or the one named with --mock=NAME' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -l timeout -d 'Deadline for each action\'s exchange (e.g. 10s, 2m), overriding the actions\' `timeout:`' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -l base-url -d 'Send the actions\' requests to this server instead: replaces scheme, host and port' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -l llm -d 'The model API\'s base URL, e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1 (Ollama), https://api.anthropic.com' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -l model -d 'The model name, e.g. gpt-4o-mini, llama3.1, claude-sonnet-4-5' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -l llm-api -d 'The API it speaks: openai (Chat Completions: OpenAI, Ollama, vLLM, llama.cpp, LM Studio) or anthropic (Messages)' -r -f -a "openai\t''
anthropic\t''"
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -l llm-secret -d 'The stored secret holding the API key (keychain or ACTIONCTL_SECRET_<NAME>); no key is sent when it is not stored' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -l llm-timeout -d 'Deadline of each model call (e.g. 60s, 5m)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand chat" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and not __fish_seen_subcommand_from set list rm help" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and not __fish_seen_subcommand_from set list rm help" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and not __fish_seen_subcommand_from set list rm help" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and not __fish_seen_subcommand_from set list rm help" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and not __fish_seen_subcommand_from set list rm help" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and not __fish_seen_subcommand_from set list rm help" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and not __fish_seen_subcommand_from set list rm help" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and not __fish_seen_subcommand_from set list rm help" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and not __fish_seen_subcommand_from set list rm help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and not __fish_seen_subcommand_from set list rm help" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and not __fish_seen_subcommand_from set list rm help" -f -a "set" -d 'Store a secret in the OS keychain; the value is read from a hidden prompt or stdin'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and not __fish_seen_subcommand_from set list rm help" -f -a "list" -d 'Show the secrets the actions use, whether each is set, and where; never values'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and not __fish_seen_subcommand_from set list rm help" -f -a "rm" -d 'Remove a secret from the OS keychain (fine when it is not there)'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and not __fish_seen_subcommand_from set list rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from set" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from set" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from set" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from set" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from set" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from set" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from set" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from list" -l format -d 'Output format' -r -f -a "text\t'Aligned columns'
json\t'A JSON array of `{name, set, source, actions}`'"
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from list" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from list" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from list" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from list" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from list" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from list" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from rm" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from rm" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from rm" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from rm" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from rm" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from rm" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "set" -d 'Store a secret in the OS keychain; the value is read from a hidden prompt or stdin'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "list" -d 'Show the secrets the actions use, whether each is set, and where; never values'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a secret from the OS keychain (fine when it is not there)'
complete -c actionctl -n "__fish_actionctl_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l name -d 'Display name (1-64 characters)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l description -d 'When the agent should use it (10-200 characters)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l method -d 'The HTTP method (any case)' -r -f -a "GET\t''
POST\t''
PUT\t''
PATCH\t''
DELETE\t''"
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l url -d 'URL; {{placeholders}} name variables' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l auth -d 'How the credential is sent' -r -f -a "none\t''
bearer\t''
basic\t''
header\t''
body\t''
query\t''"
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l secret -d 'Name of the stored secret (never its value)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l username -d 'Username, for basic auth' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l username-secret -d 'For basic auth: the stored secret sent as the username, with an empty password (like curl -u KEY:); instead of --username and --secret' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l auth-header -d 'Header name, for header auth (e.g. X-API-Key)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l prefix -d 'Text sent before the secret, for header auth (e.g. "Token ")' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l param -d 'Parameter name, for body auth (the body or form key) and query auth (the query parameter), e.g. api_key' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l header -d 'An extra header (repeatable)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l variable -d 'A variable (repeatable): NAME:TYPE[:required][:KEY=VALUE]...[:DESCRIPTION]' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -l force -d 'Replace an existing file'
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -s y -l yes -d 'Write without asking for confirmation'
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand new" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and not __fish_seen_subcommand_from openapi curl help" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and not __fish_seen_subcommand_from openapi curl help" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and not __fish_seen_subcommand_from openapi curl help" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and not __fish_seen_subcommand_from openapi curl help" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and not __fish_seen_subcommand_from openapi curl help" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and not __fish_seen_subcommand_from openapi curl help" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and not __fish_seen_subcommand_from openapi curl help" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and not __fish_seen_subcommand_from openapi curl help" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and not __fish_seen_subcommand_from openapi curl help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and not __fish_seen_subcommand_from openapi curl help" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and not __fish_seen_subcommand_from openapi curl help" -f -a "openapi" -d 'Write one action per operation of an OpenAPI 3.0/3.1 document'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and not __fish_seen_subcommand_from openapi curl help" -f -a "curl" -d 'Turn a curl command line into an action; a credential in it becomes a secret reference'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and not __fish_seen_subcommand_from openapi curl help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from openapi" -l operation -d 'Import this operation (operationId or action id); repeatable, and combined with --tag: an operation either names is imported' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from openapi" -l tag -d 'Import the operations with this tag; repeatable' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from openapi" -l server -d 'Base URL for relative server URLs (or a document without servers)' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from openapi" -l format -d 'Output format' -r -f -a "text\t'One line per file written (stdout); skips and notes on stderr'
json\t'One JSON document on stdout: written, skipped and notes'"
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from openapi" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from openapi" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from openapi" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from openapi" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from openapi" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from openapi" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from openapi" -l force -d 'Replace action files that already exist'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from openapi" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from openapi" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from openapi" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from openapi" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from curl" -l id -d 'Action id: the file becomes <DIR>/<ID>.yaml [default: from the method and path]' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from curl" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from curl" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from curl" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from curl" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from curl" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from curl" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from curl" -l force -d 'Replace an existing file'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from curl" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from curl" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from curl" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from curl" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "openapi" -d 'Write one action per operation of an OpenAPI 3.0/3.1 document'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "curl" -d 'Turn a curl command line into an action; a credential in it becomes a secret reference'
complete -c actionctl -n "__fish_actionctl_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c actionctl -n "__fish_actionctl_using_subcommand schema" -l format -d 'Target format' -r -f -a "openai\t'OpenAI function tool (`{"type": "function", "function": {...}}`)'
anthropic\t'Anthropic tool (`{"name", "description", "input_schema"}`)'
mcp\t'MCP tool definition (`name`, `title`, `description`, `inputSchema`, `annotations`)'
json-schema\t'The parameters\' JSON Schema alone'"
complete -c actionctl -n "__fish_actionctl_using_subcommand schema" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand schema" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand schema" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand schema" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand schema" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand schema" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand schema" -l all -d 'Every action in the actions folder, then every flow, as one JSON array'
complete -c actionctl -n "__fish_actionctl_using_subcommand schema" -l strict -d 'OpenAI strict mode (--format openai only): every property required, optional ones nullable'
complete -c actionctl -n "__fish_actionctl_using_subcommand schema" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand schema" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand schema" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand schema" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand export" -l platform -d 'The platform' -r -f -a "vapi\t'Vapi apiRequest tool (the body of POST /tool)'
retell\t'Retell custom function (an entry of a Retell LLM\'s general_tools)'
elevenlabs\t'ElevenLabs webhook tool (the body of POST /v1/convai/tools)'"
complete -c actionctl -n "__fish_actionctl_using_subcommand export" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand export" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand export" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand export" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand export" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand export" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand export" -l all -d 'Every action in the actions folder, as one JSON array (flows are skipped)'
complete -c actionctl -n "__fish_actionctl_using_subcommand export" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand export" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand export" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand completions" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand completions" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand completions" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand completions" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand completions" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand completions" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand completions" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand completions" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand man" -l dir -d 'The actions folder' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand man" -l color -d 'When to use color (NO_COLOR is honored)' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c actionctl -n "__fish_actionctl_using_subcommand man" -l profile -d 'Secret profile, e.g. staging: keeps test and production keys apart' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand man" -l env -d 'Environment from the environments file: its servers, profile and {{env.KEY}} values' -r
complete -c actionctl -n "__fish_actionctl_using_subcommand man" -l env-file -d 'The environments file [default: environments.yaml beside the actions folder]' -r -F
complete -c actionctl -n "__fish_actionctl_using_subcommand man" -l keychain -d 'Which OS keychain holds secrets' -r -f -a "auto\t'The platform\'s own: Keychain, Credential Manager, Secret Service'
secret-service\t'The freedesktop Secret Service over D-Bus (Linux, BSD)'
keyutils\t'The Linux kernel keyutils keyring (kept until reboot or expiry)'
none\t'No keychain: environment variables only'"
complete -c actionctl -n "__fish_actionctl_using_subcommand man" -s q -l quiet -d 'Print only data and errors; no notes on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand man" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c actionctl -n "__fish_actionctl_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c actionctl -n "__fish_actionctl_using_subcommand man" -s V -l version -d 'Print version'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and not __fish_seen_subcommand_from validate list render dry-run test mcp chat secret new import schema export completions man help" -f -a "validate" -d 'Check action files and report every problem as PATH:LINE:COL'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and not __fish_seen_subcommand_from validate list render dry-run test mcp chat secret new import schema export completions man help" -f -a "list" -d 'List the actions: id, method and name'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and not __fish_seen_subcommand_from validate list render dry-run test mcp chat secret new import schema export completions man help" -f -a "render" -d 'Print the request an action would send, secrets masked; nothing is sent'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and not __fish_seen_subcommand_from validate list render dry-run test mcp chat secret new import schema export completions man help" -f -a "dry-run" -d 'Do everything but the network call: resolve secrets, check values, build the request'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and not __fish_seen_subcommand_from validate list render dry-run test mcp chat secret new import schema export completions man help" -f -a "test" -d 'Send the request and show the exchange: body on stdout, trace on stderr'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and not __fish_seen_subcommand_from validate list render dry-run test mcp chat secret new import schema export completions man help" -f -a "mcp" -d 'Serve the actions and flows as MCP tools to agents (stdio, or Streamable HTTP with --http)'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and not __fish_seen_subcommand_from validate list render dry-run test mcp chat secret new import schema export completions man help" -f -a "chat" -d 'Talk to a model on the terminal with the actions as its tools'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and not __fish_seen_subcommand_from validate list render dry-run test mcp chat secret new import schema export completions man help" -f -a "secret" -d 'Store, list and remove the credentials actions use (OS keychain)'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and not __fish_seen_subcommand_from validate list render dry-run test mcp chat secret new import schema export completions man help" -f -a "new" -d 'Create a new action file: a wizard on a terminal, or flags for scripts'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and not __fish_seen_subcommand_from validate list render dry-run test mcp chat secret new import schema export completions man help" -f -a "import" -d 'Write actions from what already describes the API: an OpenAPI document or a curl command line'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and not __fish_seen_subcommand_from validate list render dry-run test mcp chat secret new import schema export completions man help" -f -a "schema" -d 'Export actions as LLM tool definitions (OpenAI, Anthropic, MCP, JSON Schema)'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and not __fish_seen_subcommand_from validate list render dry-run test mcp chat secret new import schema export completions man help" -f -a "export" -d 'Print an action as the JSON an agent platform\'s API takes to create a tool'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and not __fish_seen_subcommand_from validate list render dry-run test mcp chat secret new import schema export completions man help" -f -a "completions" -d 'Print a shell completion script (static; see --help for dynamic action ids)'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and not __fish_seen_subcommand_from validate list render dry-run test mcp chat secret new import schema export completions man help" -f -a "man" -d 'Print the man page (roff) generated from these definitions'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and not __fish_seen_subcommand_from validate list render dry-run test mcp chat secret new import schema export completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "set" -d 'Store a secret in the OS keychain; the value is read from a hidden prompt or stdin'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "list" -d 'Show the secrets the actions use, whether each is set, and where; never values'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "rm" -d 'Remove a secret from the OS keychain (fine when it is not there)'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "openapi" -d 'Write one action per operation of an OpenAPI 3.0/3.1 document'
complete -c actionctl -n "__fish_actionctl_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "curl" -d 'Turn a curl command line into an action; a credential in it becomes a secret reference'
