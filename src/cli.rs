//! The command line: clap definitions and dispatch to [`crate::commands`].

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};

use crate::core::export::ToolFormat;
use crate::core::platform::Platform;

use crate::commands::{
    self, Io, ReportFormat, RequestFormat, RequestInputs, SecretListFormat, Settings, TestFormat,
    TestOptions,
};
use crate::error::Error;
use crate::io::keychain::KeychainChoice;
use crate::io::workspace::Workspace;
use crate::render::term::{ColorChoice, Colors, Terminals};

const EXAMPLES: &str = "\
Examples:
  actionctl validate                      check every action in ./actions
  actionctl list                          one line per action
  actionctl render lookup-order --var order_number=ORD-1
  actionctl render create-ticket --context ctx.yaml --format curl
  ACTIONCTL_SECRET_COMPANY_API=... \\
      actionctl dry-run lookup-order --var order_number=ORD-1
  # staging's servers, secrets and values, from environments.yaml:
  actionctl test lookup-order --var order_number=ORD-1 --env staging";

/// Author, validate and render the HTTP actions that AI voice and chat agents call.
#[derive(Debug, Parser)]
#[command(name = "actionctl", version, about, after_help = EXAMPLES, propagate_version = true)]
pub(crate) struct Cli {
    /// The actions folder.
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        env = "ACTIONCTL_DIR",
        hide_env_values = true,
        default_value = "actions",
        value_name = "DIR"
    )]
    pub dir: PathBuf,
    /// When to use color (NO_COLOR is honored).
    #[arg(long, global = true, help_heading = "Global options", value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print only data and errors; no notes on stderr.
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub quiet: bool,
    /// More detail on stderr (repeat for more).
    #[arg(short, long, global = true, help_heading = "Global options", action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Secret profile, e.g. staging: keeps test and production keys apart.
    #[arg(long, global = true, help_heading = "Global options", env = "ACTIONCTL_PROFILE", hide_env_values = true, value_name = "NAME", value_parser = parse_profile)]
    pub profile: Option<String>,
    /// Environment from the environments file: its servers, profile and {{env.KEY}} values.
    #[arg(long = "env", global = true, help_heading = "Global options", env = "ACTIONCTL_ENV", hide_env_values = true, value_name = "NAME", value_parser = parse_environment)]
    pub environment: Option<String>,
    /// The environments file [default: environments.yaml beside the actions folder].
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "FILE"
    )]
    pub env_file: Option<PathBuf>,
    /// Which OS keychain holds secrets.
    #[arg(long, global = true, help_heading = "Global options", env = "ACTIONCTL_KEYCHAIN", hide_env_values = true, value_enum, default_value_t = KeychainChoice::Auto, value_name = "STORE")]
    pub keychain: KeychainChoice,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check action files and report every problem as PATH:LINE:COL.
    #[command(
        after_help = "Examples:\n  actionctl validate\n  actionctl validate actions/lookup-order.yaml other/\n  actionctl validate --format github   # annotations in GitHub Actions\n  actionctl validate --platform vapi   # and what Vapi cannot express\n\nExit status: 0 when every file is valid (warnings allowed), 3 otherwise."
    )]
    Validate {
        /// Files or folders (default: the actions folder).
        paths: Vec<PathBuf>,
        /// Report format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Files checked in parallel (default: the number of cores).
        #[arg(long, short = 'j', value_name = "N")]
        jobs: Option<usize>,
        /// Also report what this agent platform cannot express (name, timeout range, parameter types, ...) as errors.
        #[arg(long, value_name = "NAME", value_parser = platform_parser())]
        platform: Option<Platform>,
    },
    /// List the actions: id, method and name.
    #[command(
        after_help = "Examples:\n  actionctl list\n  actionctl list --format json | jq -r '.[].id'"
    )]
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print the request an action would send, secrets masked; nothing is sent.
    #[command(
        after_help = "Examples:\n  actionctl render lookup-order --var order_number=ORD-1\n  actionctl render lookup-order --var order_number=ORD-1 --format json | jq .url\n  actionctl render create-ticket --context ctx.yaml --format curl > call.sh\n  actionctl render lookup-order --var order_number=ORD-1 --env staging \\\n      --format curl\n  actionctl render lookup-order --var order_number=ORD-1 \\\n      --base-url http://127.0.0.1:8080"
    )]
    Render {
        /// The action and its values.
        #[command(flatten)]
        inputs: InputArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RequestFormat::Text)]
        format: RequestFormat,
    },
    /// Do everything but the network call: resolve secrets, check values, build the request.
    #[command(
        name = "dry-run",
        after_help = "Examples:\n  ACTIONCTL_SECRET_COMPANY_API=sk... \\\n      actionctl dry-run lookup-order --var order_number=ORD-1\n  # staging's server, profile and values:\n  actionctl dry-run lookup-order --var order_number=ORD-1 --env staging\n\nA secret that is not set is an input error (exit 4)."
    )]
    DryRun {
        /// The action and its values.
        #[command(flatten)]
        inputs: InputArgs,
        /// Output format (text or json).
        #[arg(long, value_enum, default_value_t = RequestFormat::Text)]
        format: RequestFormat,
    },
    /// Send the request and show the exchange: body on stdout, trace on stderr.
    #[command(
        after_help = "Examples:\n  actionctl test lookup-order --var order_number=ORD-1 --mock\n  actionctl test lookup-order --var order_number=ORD-1 | jq .status\n  actionctl test lookup-order --var order_number=ORD-1 \\\n      --base-url http://127.0.0.1:8080\n  actionctl test create-ticket --context ctx.yaml --format json > result.json\n  actionctl test charge-then-ship --env staging   # each API to its own server\n  actionctl test --all --env staging\n  actionctl test lookup-order --var order_number=ORD-1 --mock=server-error\n  actionctl test lookup-order --case not-found --mock\n  actionctl test verified-order-lookup --cases --mock\n  actionctl test --all --mock --report junit results.xml \\\n      --report html report.html              # one testcase per case\n  # a conversation (conversations/ID.yaml) played against a model:\n  actionctl test verify-then-lookup --model llama3.1 \\\n      --llm http://127.0.0.1:11434/v1\n\nWhere a request goes: --mock, else --base-url, else the environment's\nbase_urls entry for the URL's origin, else its base_url, else the URL itself.\n\nExit status: 0 when the status passes `expect` (default 2xx), 1 when it does not,\n4 for input errors (missing variable or secret, unknown case or mock answer),\n5 when the exchange fails (DNS, refused, reset, TLS, timeout, response too large)."
    )]
    Test(TestArgs),
    /// Serve the actions and flows as MCP tools to agents (stdio, or Streamable HTTP with --http).
    #[command(
        after_help = "Examples:\n  actionctl mcp                          # stdio: what an MCP client starts\n  actionctl mcp --mock                   # every call answered from `mock:`\n  actionctl mcp --env staging --context ctx.yaml\n  actionctl mcp --http 127.0.0.1:8765    # Streamable HTTP on /mcp\n  claude mcp add actions -- actionctl --dir \"$PWD/actions\" mcp\n\nEach valid action and flow is one tool, defined as `schema --all --format mcp`\nprints it; invalid files are not served (one line each on stderr). A call runs\nas `test` would and returns what the agent sees (`response:`); a failure is a\ntool result with isError and the reason. Secrets come from the keychain or\nACTIONCTL_SECRET_* and never leave masked. stdout carries only the protocol.\nThe folder is read again when its files change.\n\nExit status: 0 when the client closes the session, 2 for a non-loopback\n--http address without --allow-remote, 3 for an invalid environments file,\n4 for input errors (no actions folder, address in use)."
    )]
    Mcp(McpArgs),
    /// Talk to a model on the terminal with the actions as its tools.
    #[command(
        after_help = "Examples:\n  actionctl secret set llm        # the model's API key, once\n  actionctl chat --llm https://api.openai.com/v1 --model gpt-4o-mini --mock\n  actionctl chat verify-customer lookup-order --instructions agent.md \\\n      --llm http://127.0.0.1:11434/v1 --model llama3.1 --mock   # local Ollama\n  ACTIONCTL_LLM_API=anthropic actionctl chat --llm https://api.anthropic.com \\\n      --model claude-sonnet-4-5 --env staging\n\nThe model's words go to stdout, each call's trace to stderr. At the prompt:\n/tools lists the tools, /reset forgets the conversation, /save FILE writes it\nas a conversation file (conversations/ID.yaml) with `expect` filled from\nwhat happened, so a good conversation becomes a regression test. Ctrl-C\naborts the turn under way; Ctrl-D ends. Without a terminal, lines are read\nfrom stdin.\n\nExit status: 0 at the end of input, 2 for a bad --llm or no --model, 4 for\ninput errors (no model configured, unknown action)."
    )]
    Chat(ChatArgs),
    /// Store, list and remove the credentials actions use (OS keychain).
    Secret {
        /// What to do.
        #[command(subcommand)]
        command: SecretCommand,
    },
    /// Create a new action file: a wizard on a terminal, or flags for scripts.
    #[command(
        after_help = "Examples:\n  actionctl new   # asks for everything, shows the YAML, writes when you confirm\n  actionctl new lookup-order --name 'Lookup Order' \\\n      --description 'Look up an order by its number.' --method GET \\\n      --url 'https://api.company.com/orders/{{order_number}}' \\\n      --auth bearer --secret company-api \\\n      --variable 'order_number:string:required:The order number'\n\nThe file is checked like `validate` before it is written, written atomically,\nand never replaces an existing file unless you confirm (or pass --force)."
    )]
    New(commands::NewOptions),
    /// Write actions from what already describes the API: an OpenAPI document or a curl command line.
    Import {
        /// Where the actions come from.
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Export actions as LLM tool definitions (OpenAI, Anthropic, MCP, JSON Schema).
    #[command(
        after_help = "Examples:\n  actionctl schema lookup-order --format openai\n  actionctl schema lookup-order --format openai --strict\n  actionctl schema --all --format mcp > tools.json\n  actionctl schema check-inventory --format json-schema\n\nOnly the action's variables become parameters; context variables and secrets never do."
    )]
    Schema {
        /// Action or flow id, or a path (or use --all).
        #[arg(value_name = "ACTION", required_unless_present = "all", add = ArgValueCompleter::new(complete_actions_and_flows))]
        action: Option<String>,
        /// Every action in the actions folder, then every flow, as one JSON array.
        #[arg(long, conflicts_with = "action")]
        all: bool,
        /// Target format.
        #[arg(long, value_parser = tool_format_parser())]
        format: ToolFormat,
        /// OpenAI strict mode (--format openai only): every property required, optional ones nullable.
        #[arg(long)]
        strict: bool,
    },
    /// Print an action as the JSON an agent platform's API takes to create a tool.
    #[command(after_help = EXPORT_EXAMPLES)]
    Export {
        /// Action id, or a path (or use --all).
        #[arg(value_name = "ACTION", required_unless_present = "all", add = ArgValueCompleter::new(complete_action_ids))]
        action: Option<String>,
        /// Every action in the actions folder, as one JSON array (flows are skipped).
        #[arg(long, conflicts_with = "action")]
        all: bool,
        /// The platform.
        #[arg(long, value_name = "NAME", value_parser = platform_parser())]
        platform: Platform,
    },
    /// Print a shell completion script (static; see --help for dynamic action ids).
    #[command(
        after_help = "Examples:\n  actionctl completions bash \\\n      > ~/.local/share/bash-completion/completions/actionctl\n  actionctl completions zsh > \"${fpath[1]}/_actionctl\"\n  actionctl completions fish > ~/.config/fish/completions/actionctl.fish\n\nFor completion of action ids from the actions folder, register the dynamic\ncompleter instead, e.g. in ~/.bashrc:  source <(COMPLETE=bash actionctl)\n(zsh: source <(COMPLETE=zsh actionctl); fish: COMPLETE=fish actionctl | source)"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// Print the man page (roff) generated from these definitions.
    #[command(hide = true)]
    Man,
}

const EXPORT_EXAMPLES: &str = "\
Examples:
  actionctl export lookup-order --platform vapi > tool.json
  curl https://api.vapi.ai/tool -H \"Authorization: Bearer $VAPI_KEY\" \\
      --json @tool.json
  actionctl export --all --platform elevenlabs | jq -c '.[]'
  actionctl export create-ticket --platform retell  # a general_tools entry

No secret value is ever printed. A credential is a reference: Vapi's
credentialId and ElevenLabs' secret_id read <secret:NAME> (put the id of
the platform's credential or secret there); Retell gets the dynamic
variable {{secret_NAME}} to set per call or in default_dynamic_variables.
{{env.KEY}} values come from the environment --env selects. What the
platform cannot express is an error at its place in the file, as
`actionctl validate --platform NAME` reports it (exit 3). Flows are not
exported: the platforms' tools are single requests. See docs/platforms.md.";

/// The sources `import` reads.
#[derive(Debug, Subcommand)]
pub(crate) enum ImportSource {
    /// Write one action per operation of an OpenAPI 3.0/3.1 document.
    #[command(
        after_help = "Examples:\n  actionctl import openapi petstore.yaml\n  actionctl import openapi api.json --operation getPetById --operation list-pets\n  actionctl import openapi api.yaml --tag orders --force\n  actionctl import openapi api.yaml --server https://api.example.com   # servers: [{url: /v1}]\n  actionctl import openapi api.yaml --format json | jq -r '.written[].path'\n\nEvery file is validated before any is written; existing files are kept unless --force.\nWritten files go to stdout, skipped operations and notes to stderr.\n\nExit status: 0 when at least one action was written, 2 for an --operation or --tag\nthat matches nothing, 3 for a document that is not OpenAPI 3.0/3.1 (or when every\noperation was skipped), 4 for an unreadable document or a file that already exists."
    )]
    Openapi(commands::ImportOpenapiArgs),
    /// Turn a curl command line into an action; a credential in it becomes a secret reference.
    #[command(after_help = IMPORT_CURL_EXAMPLES)]
    Curl(commands::ImportCurlArgs),
}

const IMPORT_CURL_EXAMPLES: &str = "\
Examples:
  actionctl import curl 'curl https://api.shop.test/v1/orders/ORD-1 \\
      -H \"Authorization: Bearer sk_...\"'
  actionctl import curl --id create-order -- \\
      curl https://api.shop.test/v1/orders --json '{\"sku\": \"A-1\"}'
  pbpaste | actionctl import curl -   # the command on stdin

Read: -X, -H, -d/--data*, --data-urlencode, --json, -G, -u, -A, -e, -b,
--oauth2-bearer, -m/--max-time (as timeout:). Left out and listed: options
that do not change the request (-s, -S, -v, -i, -L, -k, --compressed, -o,
...). An unknown option is an error; so is --data @file (paste the data).
A credential (-u, Authorization, an API-key header, a key in the query or
form, user:pass@ in the URL) becomes auth: with a secret named after the
host; its value is never written or printed: store it with the
`actionctl secret set NAME` the command prints. The file is checked like
`validate`, written atomically, and never replaces a file without --force.

Exit status: 0 written, 2 usage, 3 the action would not validate, 4 not a
curl command, something an action cannot express, or the file exists.";

/// The shells `completions` writes scripts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum CompletionShell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
    /// PowerShell.
    Powershell,
    /// Elvish.
    Elvish,
}

/// The `secret` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum SecretCommand {
    /// Store a secret in the OS keychain; the value is read from a hidden prompt or stdin.
    #[command(
        after_help = "Examples:\n  actionctl secret set company-api                 # hidden prompt\n  printf %s \"$TOKEN\" | actionctl secret set company-api\n  actionctl --profile staging secret set company-api\n\nThe value is never taken from the command line."
    )]
    Set {
        /// The secret's name, as in `auth.secret`.
        name: String,
    },
    /// Show the secrets the actions use, whether each is set, and where; never values.
    #[command(
        after_help = "Examples:\n  actionctl secret list\n  actionctl secret list --format json | jq -r '.[] | select(.set | not) | .name'"
    )]
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = SecretListFormat::Text)]
        format: SecretListFormat,
    },
    /// Remove a secret from the OS keychain (fine when it is not there).
    #[command(after_help = "Examples:\n  actionctl secret rm company-api")]
    Rm {
        /// The secret's name.
        name: String,
    },
}

/// Output formats of `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ListFormat {
    /// Aligned columns.
    Text,
    /// A JSON array of `{id, method, name, path}`.
    Json,
}

/// `test`: one action or flow, or `--all`, and how to send.
#[derive(Debug, Args)]
pub(crate) struct TestArgs {
    /// Action or flow id (flows live in `flows/` beside the actions folder), or a path.
    #[arg(value_name = "ACTION", required_unless_present = "all", add = ArgValueCompleter::new(complete_actions_and_flows))]
    pub action: Option<String>,
    /// A variable value, checked against its type (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = commands::parse_var)]
    pub vars: Vec<(String, String)>,
    /// YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime.
    #[arg(long, value_name = "FILE")]
    pub context: Option<PathBuf>,
    /// Run every action (examples as values) and every flow, then print `N passed, M failed`.
    #[arg(long, conflicts_with_all = ["action", "vars"])]
    pub all: bool,
    /// With --all: how many to run at once (default: the number of cores).
    #[arg(long, short = 'j', value_name = "N", requires = "all")]
    pub jobs: Option<usize>,
    /// With --all or --cases: write a report, `junit` or `html` (each at most once), e.g. `--report junit results.xml --report html report.html`.
    #[arg(long, num_args = 2, value_names = ["KIND", "FILE"])]
    pub report: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TestFormat::Text)]
    pub format: TestFormat,
    /// Deadline for the whole exchange (e.g. 10s, 2m), overriding the action's `timeout:`.
    #[arg(long, value_name = "DURATION", value_parser = parse_timeout)]
    pub timeout: Option<std::time::Duration>,
    /// Answer from the action's `mock:` section through a local server on 127.0.0.1:
    /// the first answer whose `when:` matches, or the one named with --mock=NAME.
    #[arg(long, value_name = "NAME", num_args = 0..=1, require_equals = true, default_missing_value = "")]
    pub mock: Option<String>,
    /// Run the file's case called NAME (its values, mock answer and expectations).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["all", "cases", "vars"])]
    pub case: Option<String>,
    /// Run every case of the file, then print `N passed, M failed`.
    #[arg(long, conflicts_with_all = ["all", "vars"])]
    pub cases: bool,
    /// Send to this server instead: replaces scheme, host and port (a path is prefixed).
    #[arg(long, value_name = "URL", value_parser = BaseUrlParser, conflicts_with = "mock")]
    pub base_url: Option<url::Url>,
    /// Largest response body read (e.g. 10MiB, 512KiB).
    #[arg(long, value_name = "SIZE", default_value = "10MiB", value_parser = parse_size)]
    pub max_response_size: u64,
    /// Redirects followed at most (0: do not follow).
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub max_redirects: u32,
    /// The model that conversations (`conversations/ID.yaml`) talk to.
    #[command(flatten)]
    pub model: ModelArgs,
}

/// `chat`: the tools, the instructions and how calls are sent.
#[derive(Debug, Args)]
pub(crate) struct ChatArgs {
    /// The actions and flows the model may call (default: all).
    #[arg(value_name = "ACTION", add = ArgValueCompleter::new(complete_actions_and_flows))]
    pub actions: Vec<String>,
    /// A file with the agent's instructions (its system prompt).
    #[arg(long, value_name = "FILE")]
    pub instructions: Option<PathBuf>,
    /// YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime (read for each call).
    #[arg(long, value_name = "FILE")]
    pub context: Option<PathBuf>,
    /// Answer every call from the action's `mock:` section through a local server on 127.0.0.1:
    /// the first answer whose `when:` matches, or the one named with --mock=NAME.
    #[arg(long, value_name = "NAME", num_args = 0..=1, require_equals = true, default_missing_value = "")]
    pub mock: Option<String>,
    /// Deadline for each action's exchange (e.g. 10s, 2m), overriding the actions' `timeout:`.
    #[arg(long, value_name = "DURATION", value_parser = parse_timeout)]
    pub timeout: Option<std::time::Duration>,
    /// Send the actions' requests to this server instead: replaces scheme, host and port.
    #[arg(long, value_name = "URL", value_parser = BaseUrlParser, conflicts_with = "mock")]
    pub base_url: Option<url::Url>,
    /// The model.
    #[command(flatten)]
    pub model: ModelArgs,
}

impl ChatArgs {
    fn test_options(&self) -> TestOptions {
        TestOptions {
            format: TestFormat::Text,
            timeout: self.timeout,
            mock: self.mock.is_some(),
            mock_answer: self.mock.clone().filter(|name| !name.is_empty()),
            mock_picks: std::collections::HashMap::new(),
            case: commands::CaseChoice::None,
            base_url: self.base_url.clone(),
            max_response_bytes: 10 << 20,
            max_redirects: 5,
        }
    }
}

/// The model endpoint of conversations and `chat`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Model (conversations)")]
pub(crate) struct ModelArgs {
    /// The model API's base URL, e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1 (Ollama), https://api.anthropic.com.
    #[arg(
        long = "llm",
        value_name = "URL",
        env = "ACTIONCTL_LLM_URL",
        hide_env_values = true
    )]
    pub url: Option<String>,
    /// The model name, e.g. gpt-4o-mini, llama3.1, claude-sonnet-4-5.
    #[arg(
        long,
        value_name = "NAME",
        env = "ACTIONCTL_LLM_MODEL",
        hide_env_values = true
    )]
    pub model: Option<String>,
    /// The API it speaks: openai (Chat Completions: OpenAI, Ollama, vLLM, llama.cpp, LM Studio) or anthropic (Messages).
    #[arg(long, value_name = "API", env = "ACTIONCTL_LLM_API", hide_env_values = true, default_value = "openai", value_parser = ["openai", "anthropic"])]
    pub llm_api: String,
    /// The stored secret holding the API key (keychain or ACTIONCTL_SECRET_<NAME>); no key is sent when it is not stored.
    #[arg(long, value_name = "NAME", default_value = commands::DEFAULT_KEY_SECRET, value_parser = parse_secret_name)]
    pub llm_secret: String,
    /// Deadline of each model call (e.g. 60s, 5m).
    #[arg(long, value_name = "DURATION", default_value = "120s", value_parser = parse_timeout)]
    pub llm_timeout: std::time::Duration,
}

impl ModelArgs {
    fn options(&self) -> commands::ModelOptions {
        commands::ModelOptions {
            url: self.url.clone().filter(|u| !u.is_empty()),
            model: self.model.clone(),
            api: crate::core::llm::Api::parse(&self.llm_api).unwrap_or_default(),
            secret: self.llm_secret.clone(),
            timeout: self.llm_timeout,
        }
    }
}

fn parse_secret_name(text: &str) -> Result<String, String> {
    if crate::io::secrets::is_valid_name(text) {
        Ok(text.to_string())
    } else {
        Err(format!(
            "`{text}` is not a secret name: use letters, digits, `-`, `_` and `.`"
        ))
    }
}

/// `mcp`: how calls are sent (as `test` sends them) and where to listen.
#[derive(Debug, Args)]
pub(crate) struct McpArgs {
    /// YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime (read for each call).
    #[arg(long, value_name = "FILE")]
    pub context: Option<PathBuf>,
    /// Answer every call from the action's `mock:` section through a local server on 127.0.0.1:
    /// the first answer whose `when:` matches, or the one named with --mock=NAME.
    #[arg(long, value_name = "NAME", num_args = 0..=1, require_equals = true, default_missing_value = "")]
    pub mock: Option<String>,
    /// Deadline for each exchange (e.g. 10s, 2m), overriding the actions' `timeout:`.
    #[arg(long, value_name = "DURATION", value_parser = parse_timeout)]
    pub timeout: Option<std::time::Duration>,
    /// Send to this server instead: replaces scheme, host and port (a path is prefixed).
    #[arg(long, value_name = "URL", value_parser = BaseUrlParser, conflicts_with = "mock")]
    pub base_url: Option<url::Url>,
    /// Largest response body read (e.g. 10MiB, 512KiB).
    #[arg(long, value_name = "SIZE", default_value = "10MiB", value_parser = parse_size)]
    pub max_response_size: u64,
    /// Redirects followed at most (0: do not follow).
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub max_redirects: u32,
    /// Serve Streamable HTTP on ADDR (endpoint /mcp) instead of stdio, e.g. 127.0.0.1:8765.
    #[arg(long, value_name = "ADDR", value_parser = parse_http_address)]
    pub http: Option<std::net::SocketAddr>,
    /// Let --http listen on an address other than loopback (anyone reaching it can call the actions).
    #[arg(long, requires = "http")]
    pub allow_remote: bool,
}

impl McpArgs {
    fn options(&self) -> commands::McpOptions {
        commands::McpOptions {
            test: TestOptions {
                format: TestFormat::Text,
                timeout: self.timeout,
                mock: self.mock.is_some(),
                mock_answer: self.mock.clone().filter(|name| !name.is_empty()),
                mock_picks: std::collections::HashMap::new(),
                case: commands::CaseChoice::None,
                base_url: self.base_url.clone(),
                max_response_bytes: self.max_response_size,
                max_redirects: self.max_redirects,
            },
            context: self.context.clone(),
            http: self.http,
            allow_remote: self.allow_remote,
        }
    }
}

/// The kinds of report `test --all --report KIND FILE` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ReportKind {
    /// JUnit XML, for CI systems.
    Junit,
    /// One self-contained HTML page for people: each run's request,
    /// response, failed checks and a curl command that replays it.
    Html,
}

impl TestArgs {
    fn options(&self) -> TestOptions {
        TestOptions {
            format: self.format,
            timeout: self.timeout,
            mock: self.mock.is_some(),
            mock_answer: self.mock.clone().filter(|name| !name.is_empty()),
            mock_picks: std::collections::HashMap::new(),
            case: match (&self.case, self.cases) {
                (Some(name), _) => commands::CaseChoice::One(name.clone()),
                (None, true) => commands::CaseChoice::All,
                (None, false) => commands::CaseChoice::None,
            },
            base_url: self.base_url.clone(),
            max_response_bytes: self.max_response_size,
            max_redirects: self.max_redirects,
        }
    }

    fn inputs(&self) -> RequestInputs {
        RequestInputs {
            action: self.action.clone().unwrap_or_default(),
            vars: self.vars.clone(),
            context: self.context.clone(),
        }
    }

    /// With `--all`, what to run and report; `None` for one target.
    fn all_options(&self) -> Result<Option<commands::AllOptions>, Error> {
        let reports = self.reports()?;
        if !self.all {
            return Ok(None);
        }
        Ok(Some(commands::AllOptions {
            jobs: self.jobs.unwrap_or_else(commands::default_jobs),
            reports,
            context: self.context.clone(),
        }))
    }

    /// The `--report KIND FILE` pairs: only `--all` and `--cases` runs,
    /// which count cases, have something to report.
    fn reports(&self) -> Result<commands::Reports, Error> {
        if !self.report.is_empty() && !self.all && !self.cases {
            return Err(Error::Usage(
                "--report needs --all or --cases: a single run has no cases to report".into(),
            ));
        }
        let mut reports = commands::Reports::default();
        for pair in self.report.chunks(2) {
            let [kind, file] = pair else {
                return Err(Error::Usage("--report takes KIND FILE".into()));
            };
            let slot = match <ReportKind as clap::ValueEnum>::from_str(kind, false) {
                Ok(ReportKind::Junit) => &mut reports.junit,
                Ok(ReportKind::Html) => &mut reports.html,
                Err(_) => {
                    return Err(Error::Usage(format!(
                        "unknown report kind `{kind}`: use junit or html"
                    )));
                }
            };
            if slot.replace(PathBuf::from(file)).is_some() {
                return Err(Error::Usage(format!(
                    "--report {kind} is given twice; write one {kind} report per run"
                )));
            }
        }
        if let (Some(junit), Some(html)) = (&reports.junit, &reports.html)
            && same_file_name(junit, html)
        {
            return Err(Error::Usage(format!(
                "--report junit and --report html both name `{}`; one would overwrite the other",
                junit.display()
            )));
        }
        Ok(reports)
    }
}

/// True when `a` and `b` name the same file, as far as the text says
/// (`r.out` and `./r.out`; a link to it is not followed).
fn same_file_name(a: &Path, b: &Path) -> bool {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    absolute(a).components().eq(absolute(b).components())
}

/// The action and the values that fill its templates.
#[derive(Debug, Args)]
pub(crate) struct InputArgs {
    /// Action id (file stem in the actions folder) or path to an action file.
    #[arg(value_name = "ACTION", add = ArgValueCompleter::new(complete_action_ids))]
    pub action: String,
    /// A variable value, checked against its type (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = commands::parse_var)]
    pub vars: Vec<(String, String)>,
    /// YAML or JSON file with contact.*, agent_*, direction, medium, current_datetime.
    #[arg(long, value_name = "FILE")]
    pub context: Option<PathBuf>,
    /// Show the request as sent to this server: replaces scheme, host and port (a path is prefixed).
    #[arg(long, value_name = "URL", value_parser = BaseUrlParser)]
    pub base_url: Option<url::Url>,
}

/// The command line clap reads, except that an option whose variable is
/// set to nothing (`ACTIONCTL_ENV=`, as a shell or a CI template leaves
/// it) takes no value from it: an empty variable counts as unset.
fn command() -> clap::Command {
    let mut cmd = Cli::command();
    let set_empty: Vec<String> = cmd
        .get_arguments()
        .filter(|arg| {
            arg.get_env()
                .and_then(std::env::var_os)
                .is_some_and(|value| value.is_empty())
        })
        .map(|arg| arg.get_id().to_string())
        .collect();
    for id in set_empty {
        cmd = cmd.mut_arg(id, |arg| arg.env(None::<&str>));
    }
    cmd
}

/// The actions folder completion looks in (`ACTIONCTL_DIR` or `./actions`).
fn completion_workspace() -> Workspace {
    let dir = std::env::var_os("ACTIONCTL_DIR")
        .filter(|dir| !dir.is_empty())
        .map_or_else(|| PathBuf::from("actions"), PathBuf::from);
    Workspace {
        dir,
        env_file: None,
    }
}

/// The ids of `files` that start with `current`, as candidates.
fn candidates(
    files: &[PathBuf],
    current: &std::ffi::OsStr,
    help: &str,
) -> Vec<CompletionCandidate> {
    let prefix = current.to_string_lossy();
    files
        .iter()
        .map(|p| crate::io::workspace::id_of(p))
        .filter(|id| id.starts_with(prefix.as_ref()))
        .map(|id| CompletionCandidate::new(id).help(Some(help.to_string().into())))
        .collect()
}

/// Action ids in the actions folder, for dynamic shell completion.
fn complete_action_ids(current: &std::ffi::OsStr) -> Vec<CompletionCandidate> {
    let files = completion_workspace().action_files().unwrap_or_default();
    candidates(&files, current, "action")
}

/// Action ids, then flow ids (from `flows/` beside the actions folder):
/// what `test` and `schema` accept.
fn complete_actions_and_flows(current: &std::ffi::OsStr) -> Vec<CompletionCandidate> {
    let ws = completion_workspace();
    let mut all = complete_action_ids(current);
    let flows = crate::io::workspace::collect_files(&[ws.flows_dir()]).unwrap_or_default();
    all.extend(candidates(&flows, current, "flow"));
    all
}

/// The completion script for `shell`.
pub(crate) fn completion_script(shell: CompletionShell) -> Vec<u8> {
    use clap_complete::Shell;
    let shell = match shell {
        CompletionShell::Bash => Shell::Bash,
        CompletionShell::Zsh => Shell::Zsh,
        CompletionShell::Fish => Shell::Fish,
        CompletionShell::Powershell => Shell::PowerShell,
        CompletionShell::Elvish => Shell::Elvish,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "actionctl", &mut out);
    out
}

/// The man page, in roff.
pub(crate) fn man_page() -> Vec<u8> {
    let mut out = Vec::new();
    let _ = clap_mangen::Man::new(Cli::command()).render(&mut out);
    out
}

/// `--format` of `schema`: the core's formats, with their summaries in
/// `--help` (the core knows nothing of clap).
fn tool_format_parser() -> impl clap::builder::TypedValueParser<Value = ToolFormat> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let values = ToolFormat::ALL.map(|f| PossibleValue::new(f.name()).help(f.summary()));
    PossibleValuesParser::new(values)
        .map(|name| ToolFormat::parse(&name).unwrap_or(ToolFormat::Openai))
}

/// `--platform`: the core's platforms, with their summaries in `--help`.
fn platform_parser() -> impl clap::builder::TypedValueParser<Value = Platform> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let values = Platform::ALL.map(|p| PossibleValue::new(p.name()).help(p.summary()));
    PossibleValuesParser::new(values).map(|name| Platform::parse(&name).unwrap_or(Platform::Vapi))
}

fn parse_profile(text: &str) -> Result<String, String> {
    if crate::io::secrets::is_valid_name(text) {
        Ok(text.to_string())
    } else {
        Err(format!(
            "`{text}` is not a profile name: use letters, digits, `-`, `_` and `.`"
        ))
    }
}

fn parse_environment(text: &str) -> Result<String, String> {
    if crate::core::environment::is_name(text) {
        Ok(text.to_string())
    } else {
        Err(format!(
            "`{text}` is not an environment name: use letters, digits, `-`, `_` and `.`"
        ))
    }
}

fn parse_timeout(text: &str) -> Result<std::time::Duration, String> {
    crate::core::parse::parse_duration(text).map_err(|e| format!("`{text}` {e}"))
}

/// `--base-url`: checked as an environment's `base_url` is, with the
/// same message; unlike clap's own "invalid value" error, that message
/// never repeats credentials or a query given in the URL.
#[derive(Clone)]
struct BaseUrlParser;

impl clap::builder::TypedValueParser for BaseUrlParser {
    type Value = url::Url;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<url::Url, clap::Error> {
        let text = value.to_string_lossy();
        crate::core::request::parse_base_url(&text).map_err(|message| {
            clap::Error::raw(
                clap::error::ErrorKind::ValueValidation,
                format!("--base-url: {message}\n"),
            )
            .with_cmd(cmd)
        })
    }
}

/// `--http`: an IP address and port; `localhost:PORT`, what many type
/// first, is 127.0.0.1 (one address, not whatever `localhost` resolves to).
fn parse_http_address(text: &str) -> Result<std::net::SocketAddr, String> {
    if let Some(port) = text.strip_prefix("localhost:") {
        return port
            .parse::<u16>()
            .map(|port| std::net::SocketAddr::from(([127, 0, 0, 1], port)))
            .map_err(|e| format!("`{text}`: bad port: {e}"));
    }
    text.parse().map_err(|e| {
        format!("`{text}` is not an address and port such as 127.0.0.1:8765 or [::1]:8765: {e}")
    })
}

fn parse_size(text: &str) -> Result<u64, String> {
    text.parse::<bytesize::ByteSize>()
        .map(|b| b.as_u64())
        .map_err(|e| format!("`{text}` is not a size such as 10MiB: {e}"))
}

impl InputArgs {
    fn to_inputs(&self) -> RequestInputs {
        RequestInputs {
            action: self.action.clone(),
            vars: self.vars.clone(),
            context: self.context.clone(),
        }
    }
}

/// Parses the command line, runs the command, and exits with the
/// contract's code. A panic anywhere, on any thread, is an internal
/// error (exit 101), never a success.
pub fn main() -> ExitCode {
    crate::crash::install_hook();
    clap_complete::CompleteEnv::with_factory(command).complete();
    let mut cmd = command();
    let matches = cmd.clone().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut cmd).exit());
    let terminals = Terminals::detect();
    let colors = Colors::decide(cli.color, terminals);
    let (mut stdout, mut stderr) = (std::io::stdout(), std::io::stderr());
    let mut io = Io::new(
        &mut stdout,
        &mut stderr,
        terminals,
        colors,
        cli.quiet,
        cli.verbose,
    );
    let result = crate::crash::catch(|| dispatch(&cli, &mut io))
        .unwrap_or_else(|c| Err(c.into()))
        .and_then(|()| io.finish_data());
    match result {
        Ok(()) if crate::crash::any_happened() => {
            let error = Error::Internal(crate::crash::Crash::default());
            ExitCode::from(u8::try_from(io.fail(&error)).unwrap_or(1))
        }
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => ExitCode::from(u8::try_from(io.fail(&error)).unwrap_or(1)),
    }
}

fn dispatch(cli: &Cli, io: &mut Io) -> Result<(), Error> {
    let ws = Workspace {
        dir: cli.dir.clone(),
        env_file: cli.env_file.clone(),
    };
    let settings = Settings {
        profile: cli.profile.clone(),
        keychain: cli.keychain,
        ..Settings::default()
    };
    let settings = if reads_environments(cli) {
        let selected = cli
            .environment
            .as_deref()
            .filter(|_| selects_environment(cli));
        match settings.with_environments(&ws, selected) {
            Ok(settings) => settings,
            // `test --format json` prints its document whatever stops it.
            Err(error) => match &cli.command {
                Command::Test(args) if !args.all => {
                    return commands::test_not_started(
                        io,
                        &ws,
                        &args.inputs(),
                        &args.options(),
                        error,
                    );
                }
                _ => return Err(error),
            },
        }
    } else {
        settings
    };
    match &cli.command {
        Command::Validate {
            paths,
            format,
            jobs,
            platform,
        } => commands::validate(
            io,
            &ws,
            paths,
            *format,
            jobs.unwrap_or_else(commands::default_jobs),
            *platform,
        ),
        Command::List { format } => commands::list(io, &ws, &settings, *format == ListFormat::Json),
        Command::Render { inputs, format } => {
            let base_url = inputs.base_url.as_ref();
            commands::render(io, &ws, &settings, &inputs.to_inputs(), base_url, *format)
        }
        Command::DryRun { inputs, format } => {
            let base_url = inputs.base_url.as_ref();
            commands::dry_run(io, &ws, &settings, &inputs.to_inputs(), base_url, *format)
        }
        Command::Test(args) => match args.all_options()? {
            Some(all) => {
                let options = args.options();
                let model = args.model.options();
                let setup = commands::Setup {
                    ws: &ws,
                    settings: &settings,
                    selected: cli.environment.as_deref(),
                    options: &options,
                    context: args.context.clone(),
                    model: &model,
                };
                let conversations = if model.url.is_some() {
                    commands::AllConversations::Run(&setup)
                } else {
                    commands::AllConversations::Skip
                };
                commands::test_all(io, &ws, &settings, &options, &all, conversations)
            }
            None if let Some(path) = args
                .action
                .as_deref()
                .and_then(|name| ws.locate_conversation(name)) =>
            {
                if !args.vars.is_empty() || args.case.is_some() || args.cases {
                    return Err(Error::Usage(format!(
                        "{} is a conversation: --var, --case and --cases do not apply (its turns say what is sent)",
                        path.display()
                    )));
                }
                let options = args.options();
                let model = args.model.options();
                let setup = commands::Setup {
                    ws: &ws,
                    settings: &settings,
                    selected: cli.environment.as_deref(),
                    options: &options,
                    context: args.context.clone(),
                    model: &model,
                };
                commands::test_conversation(io, &setup, &path)
            }
            None => {
                let reports = args.reports()?;
                commands::test(io, &ws, &settings, &args.inputs(), &args.options(), reports)
                    .map_err(|e| mention_conversations(e, &ws))
            }
        },
        Command::Chat(args) => {
            let options = args.test_options();
            let model = args.model.options();
            let setup = commands::Setup {
                ws: &ws,
                settings: &settings,
                selected: cli.environment.as_deref(),
                options: &options,
                context: args.context.clone(),
                model: &model,
            };
            let chat = commands::ChatOptions {
                actions: args.actions.clone(),
                instructions: args.instructions.clone(),
            };
            commands::chat(io, &setup, &chat)
        }
        Command::Mcp(args) => {
            let selected = cli.environment.as_deref();
            commands::mcp(io, &ws, &settings, selected, args.options())
        }
        Command::Schema {
            action,
            all,
            format,
            strict,
        } => commands::schema(
            io,
            &ws,
            &settings,
            action.as_deref(),
            *all,
            *format,
            *strict,
        ),
        Command::New(options) => commands::new_action(io, &ws, &settings, options),
        Command::Export {
            action,
            all,
            platform,
        } => commands::export(io, &ws, &settings, action.as_deref(), *all, *platform),
        Command::Import { source } => match source {
            ImportSource::Openapi(args) => commands::import_openapi(io, &ws, args),
            ImportSource::Curl(args) => commands::import_curl(io, &ws, &settings, args),
        },
        Command::Completions { shell } => {
            io.data_bytes(&completion_script(*shell));
            Ok(())
        }
        Command::Man => {
            io.data_bytes(&man_page());
            Ok(())
        }
        Command::Secret { command } => match command {
            SecretCommand::Set { name } => commands::secret_set(io, &settings, name),
            SecretCommand::List { format } => commands::secret_list(io, &ws, &settings, *format),
            SecretCommand::Rm { name } => commands::secret_rm(io, &settings, name),
        },
    }
}

/// Whether the command reads the environments file: every command that
/// checks actions does (for `{{env.KEY}}`), and `secret` does when
/// `--env` selects a profile. `validate` reads it itself, reporting its
/// problems with the rest.
fn reads_environments(cli: &Cli) -> bool {
    match &cli.command {
        Command::Validate { .. } | Command::Completions { .. } | Command::Man => false,
        // Read by `mcp` itself, again whenever the folder changes; `chat`
        // reads it with its tools.
        Command::Mcp(_) | Command::Chat(_) => false,
        Command::Secret {
            command: SecretCommand::Set { .. } | SecretCommand::Rm { .. },
        } => cli.environment.is_some(),
        _ => true,
    }
}

/// Whether `--env` (or `ACTIONCTL_ENV`) means anything to the command:
/// those that build requests, and `secret` for the profile. The others
/// ignore it, so an `ACTIONCTL_ENV` left in the shell never stops them.
fn selects_environment(cli: &Cli) -> bool {
    matches!(
        cli.command,
        Command::Render { .. }
            | Command::DryRun { .. }
            | Command::Test(_)
            | Command::Secret { .. }
            | Command::Export { .. }
    )
}

/// `test ID` also looks for a conversation: an unknown id says so when
/// there is a conversations folder.
fn mention_conversations(error: Error, ws: &crate::io::workspace::Workspace) -> Error {
    match error {
        Error::UnknownAction { name, dir, hint } if ws.conversations_dir().is_dir() => {
            let folder = ws.conversations_dir();
            let folder = folder.strip_prefix(".").unwrap_or(&folder);
            Error::UnknownAction {
                dir: format!(
                    "{dir}, nor a conversation {name}.yaml in {}",
                    folder.display()
                ),
                name,
                hint,
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn var_pairs_split_at_the_first_equals() {
        assert_eq!(commands::parse_var("a=b=c"), Ok(("a".into(), "b=c".into())));
        assert_eq!(commands::parse_var("a="), Ok(("a".into(), String::new())));
        assert!(commands::parse_var("novalue").is_err());
        assert!(commands::parse_var("=x").is_err());
    }
}
