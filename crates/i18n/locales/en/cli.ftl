# supchat's words in English: the command line: subcommands' output, --help, errors (src/cli, src/main.rs).
# Each message has its twin in ../zh-CN/cli.ftl (a test keeps the two equal).

## Usage errors: what goes with what on the command line.
cli-not-a-lang = { $value } is not en or zh-CN
cli-screen-needs-terminal = the chat screen needs a terminal (stdin and stdout); for pipes and scripts use `supchat ask`
cli-resume-with-subcommand = --resume and --continue open the chat screen; for ask use `supchat ask --continue` or `--session ID`
cli-demo-with-subcommand = --demo opens the chat screen; it does not go with a subcommand
cli-choosing-before-subcommand = -p, -m, --mode, --models and --prompt before a subcommand choose for the chat screen; for ask put them after `ask`
cli-resume-bad-id = --resume: { $error } (`supchat sessions list` lists them; --resume alone picks one)
cli-mode-not-openai = --mode is for Sup.ai providers; "{ $provider }" takes --model
cli-models-not-openai = --models is the Sup.ai allow-list; "{ $provider }" takes --model
cli-model-not-supai = --model is for openai-kind providers; "{ $provider }" is a Sup.ai provider: choose a --mode (auto, fast, thinking, deep-thinking, expert), and --models for its allow-list

## Starting up, and writing the output.
cli-no-runtime = cannot start the async runtime: { $error }
cli-demo-cannot-start = cannot start the demo server: { $error }
cli-demo-config-not-used = your config is not used (the default keys and colours are): { $error }
cli-cannot-write-output = cannot write the output: { $error }
cli-cannot-write-file = cannot write { $path }: { $error }
cli-cannot-read-file = cannot read { $path }: { $error }

## Words of several commands' output.
cli-warning = warning: { $text }
cli-note = note: { $text }
# Between two names: "temperature and max_tokens".
cli-and = { " " }and{ " " }

## supchat config path | check
cli-config-file-missing = that file does not exist; the built-in defaults are in use
cli-config-no-dir = no config directory is known on this system; the built-in defaults are in use
cli-check-valid = { $path }: valid
cli-check-no-file = no config file: built-in defaults
cli-check-model = model { $model }
cli-check-mode = mode { $mode }
cli-check-key-found = key: found in { $source }
cli-check-key-none = key: none configured (fine for a local server)
cli-check-key-missing = key: MISSING: { $why }
cli-check-no-model = note: no model set: requests would name none; set model = "…" (`supchat models --provider { $provider }` lists them)
cli-check-default-mark = (* = default provider)
cli-check-default-no-key = the default provider "{ $provider }" has no key: `supchat` and `supchat ask` cannot use it
cli-check-not-sent = note: { $keys } set but not sent: Sup.ai's API does not take it
cli-check-unknown-mode = note: mode "{ $mode }" is not in Sup.ai's documented list ({ $modes }); it is sent as is
cli-check-permissions = { $path } holds an API key and others can read it; run: chmod 600 { $path }
cli-check-mcp-none = MCP servers: none ([mcp_servers.NAME] adds them)
cli-check-mcp-heading = MCP servers (each started once):
cli-check-tools-none = tools: none ([[tools]] and enabled_tools add them)
cli-check-tools-heading = tools (offered to { $providers }; tool_choice { $choice }, max_tool_steps { $steps }):
cli-check-no-provider = no provider
cli-check-builtin = built-in (reads only), runs without asking
cli-check-asks-first = asks first
cli-check-runs-without-asking = runs without asking
cli-check-not-found = NOT FOUND: { $program } (not a runnable file, nor on PATH)
cli-check-tool-how = ({ $how }, timeout { $secs } s)

## supchat mcp list (and the MCP part of config check)
cli-mcp-ready = ready · { $n ->
    [one] { $n } tool
   *[other] { $n } tools
}
cli-mcp-ready-some = ready · { $offered } of { $tools } tools offered
cli-mcp-starting = starting…
cli-mcp-failed = FAILED: { $why }
cli-mcp-off-disabled = off (enabled = false)
cli-mcp-off = off
cli-mcp-more = { " " }and { $n } more
cli-mcp-tools = tools: { $names }
cli-mcp-stderr = stderr: { $line }
cli-mcp-too-many = { $n } MCP tools are offered and providers refuse more than { $most }: keep the list short with enabled_tools or disabled_tools
cli-mcp-none = no MCP server is configured: add [mcp_servers.NAME] to the config

## supchat models
cli-models-none = { $url } lists no models
cli-models-no-text-models = it listed no text models
cli-models-bundled = showing the model list shipped with supchat ({ $url }: { $why })
cli-models-modes-heading = modes (* = configured):
cli-models-unknown-mode = (configured; not in the documented list, sent as is)
cli-models-models-heading = models ({ $n }):

## supchat sessions …
cli-sessions-no-data-dir = no data folder is known on this system; set data_dir in the config
cli-sessions-deleted = deleted session { $id }
cli-sessions-title-empty = the new title is empty
cli-sessions-no-reply = no reply yet
cli-sessions-none = no saved sessions yet
cli-sessions-bad-id = the file's session id { $id } is not a valid id: imported under a new one
cli-sessions-no-match = nothing matches { $query }
cli-sessions-check-ok = { $path }: ok
cli-sessions-check-ok-notes = { $path }: ok; { $notes }
cli-sessions-check-found = { $path }: SQLite's integrity check found:

## supchat ask
cli-ask-diverged = the stream broke off, and the reply asked for again began otherwise than what was printed: what was printed is incomplete
cli-ask-cancelled = cancelled
cli-ask-mcp-failed = MCP server { $name } failed: { $why }; asking without its tools
cli-ask-no-answer = the turn ended without an answer
cli-ask-request-failed = the request failed
cli-ask-no-tools-offered = the model asked to call { $name }({ $args }); no tools are offered to this provider
cli-ask-stdin-failed = cannot read the prompt from stdin: { $error }
cli-ask-nothing = nothing to ask: give a prompt, or pipe one in
cli-ask-not-saved = the session is not saved: { $why }
cli-ask-nothing-to-continue = there is no saved session to continue
# A tool call asked about on the terminal; the answers stay y, n, a.
cli-ask-prompt = run { $name } { $args } (runs: { $what }){ $because }? [y]es, [N]o, [a]lways for this tool:{ " " }
cli-ask-prompt-because = { " " }(it asks because { $why })
cli-ask-bad-answer = declined: { $answer } is not y or a
cli-ask-no-stderr-terminal = stderr is not a terminal to ask on
cli-ask-no-stdin-terminal = stdin is not a terminal
cli-ask-asks-because = it asks because { $why }
cli-ask-asks-before = it asks before it runs (approve = "ask")
cli-ask-declined-unasked = declined { $name }: { $asks } and { $why }; --yes runs every call
cli-ask-tool-declined = { $name } declined
cli-ask-tool-failed = { $name } failed: { $why }
cli-ask-tool-returned = { $name } returned { $n ->
    [one] { $n } character
   *[other] { $n } characters
}

## --help: the headings, clap's own flags and help subcommand, values.
cli-heading-usage = Usage:
cli-heading-commands = Commands:
cli-heading-arguments = Arguments:
cli-heading-options = Options:
cli-flag-help = Print help
cli-flag-help-more = Print help (see more with '--help')
cli-flag-help-summary = Print help (see a summary with '-h')
cli-flag-version = Print version
cli-sub-help = Print this message or the help of the given subcommand(s)
cli-arg-help-subcommand = Print help for the subcommand(s)
cli-help-default = [default: { $value }]
cli-help-possible = [possible values: { $values }]

## --help: what supchat is, and each subcommand (cli-sub-PATH) and
## argument (cli-arg-PATH-NAME, else cli-arg-NAME wherever it appears).
cli-about = Chat with Supage, Sup.ai and any OpenAI-compatible API from the terminal
cli-about-long =
    Chat with Supage, Sup.ai and any OpenAI-compatible API from the terminal.

    With no command, supchat opens the chat screen: the conversation, an input box, and keys to switch provider, model and Sup.ai mode; replies stream in, rendered as markdown, and every conversation is saved and can be resumed (--continue, --resume, F5). `supchat ask` sends one prompt and prints the reply, for scripts and pipes; `supchat --demo` shows the chat offline, with no key.
cli-arg-config = Config file to use (default: $SUPCHAT_CONFIG, then <config dir>/supchat/config.toml)
cli-arg-demo = Try the chat offline: a built-in server streams scripted replies (no key needed)
cli-arg-lang = The interface's language: en or zh-CN (default: `language` in the config, else LC_ALL, LC_MESSAGES, LANG)
cli-arg-resume = Resume a saved session: by id (a unique prefix is enough), or pick one from the list
cli-arg-continue = Resume the latest session
cli-arg-no-save = Save nothing (the same as save_sessions = false in the config)
cli-arg-provider = Provider to use (default: the chat goes on with the one chosen last, `ask` takes default_provider from the config)
cli-arg-model = Model to use (openai-kind providers)
cli-arg-mode = Sup.ai mode: auto, fast, thinking, deep-thinking, expert
cli-arg-models = Sup.ai: the models allow-list (comma-separated ids; `all` for every model)
cli-arg-preset = Use the prompt preset NAME ([prompts.NAME]: its system prompt, and its provider, model or mode and temperature unless given here)
cli-sub-ask = Ask one question and stream the reply to stdout
cli-arg-ask-system = A system prompt (instead of the configured one)
cli-arg-ask-no-stream = Wait for the whole reply instead of streaming it
cli-arg-ask-no-reasoning = Do not print the model's reasoning (normally on stderr)
cli-arg-ask-stats = Print time to first token, tokens/s and usage to stderr
cli-arg-ask-raw = Print the reply as received, control characters included
cli-arg-ask-continue = Add this turn to the latest saved session (and save it)
cli-arg-ask-session = Add this turn to the saved session ID (a unique prefix is enough)
cli-arg-ask-yes = Run every tool call without asking (else tools with approve = "ask" are asked about on a terminal, and declined when stdin is not one)
cli-arg-ask-prompt = The prompt; `-` or none reads it from stdin when stdin is piped. Options may come after it; put `--` before a prompt that starts with `-`
cli-sub-models = List the models a provider offers (Sup.ai: its modes and model ids)
cli-arg-models-provider = Provider to list (default: default_provider from the config)
cli-sub-config = Show where the config is, what it says, and whether it is valid
cli-sub-config-path = Print the path of the config file in use
cli-sub-config-show = Print the effective configuration, keys redacted
cli-sub-config-check = Validate the config, say where each provider's key comes from, and start each enabled MCP server once (exit 2 when one fails)
cli-sub-mcp = MCP servers: start each enabled one once and list its state and tools
cli-sub-mcp-list = Start each enabled server once (at most its startup timeout) and list it: ready with its tools, or failed with why and its stderr. Exits 2 when one failed
cli-sub-sessions = List, show, export, import, rename, delete or search saved sessions
cli-sub-sessions-list = List sessions, newest first
cli-arg-sessions-list-json = Print a JSON array (id, title, created, updated, provider, model, messages, cost)
cli-arg-sessions-list-limit = At most this many (at least 1)
cli-sub-sessions-show = Print a session as Markdown
cli-arg-sessions-show-id = A session id, or a unique prefix of one
cli-sub-sessions-export = Write a session to a file (or stdout)
cli-arg-sessions-export-output = The file to write (default: stdout)
cli-arg-sessions-export-reasoning = Include the model's reasoning (Markdown)
cli-sub-sessions-import = Read a session exported as JSON
cli-sub-sessions-delete = Delete a session
cli-sub-sessions-rename = Give a session a new title
cli-sub-sessions-search = Search every session's text
cli-sub-sessions-check = Check the database with SQLite's integrity check
cli-sub-completions = Print a shell completion script: bash, zsh, fish, elvish or powershell
cli-sub-man = Print the man page (roff; `supchat man | man -l -`), or a subcommand's (`supchat man ask`, `supchat man sessions`)
cli-check-unset = (not set)

## clap's usage errors, said by supchat (Chinese; English keeps clap's own).
cli-err = error: { $what }
cli-err-unknown-arg = unexpected argument '{ $arg }'
cli-err-unknown-sub = unrecognized subcommand '{ $sub }'
cli-err-no-value = a value is required for '{ $arg }'
cli-err-bad-value = invalid value '{ $value }' for '{ $arg }'
cli-err-invalid = invalid value '{ $value }' for '{ $arg }': { $why }
cli-err-missing = the following required arguments were not provided: { $args }
cli-err-missing-sub = a subcommand is required
cli-err-conflict = '{ $arg }' cannot be used with '{ $other }'
cli-err-no-equals = '{ $arg }' takes its value after =
cli-err-value-count = '{ $arg }' got the wrong number of values
cli-err-utf8 = an argument is not valid UTF-8
cli-err-possible = { " " }[possible values: { $values }]
cli-err-did-you-mean = { " " }(did you mean '{ $suggestion }'?)
cli-err-usage = Usage: { $usage }
cli-err-more = For more information, try '--help'.
cli-err-not-a-number = it is not a whole number
cli-err-list-sep = { ", " }

## ask --compare.
cli-arg-ask-compare = Ask 2 to 4 targets the same question, one after another, each under a header: TARGET is a provider, with :model or a Sup.ai :mode (supage,supai:fast); each answer after the first is a branch of the same turn
cli-compare-count = --compare takes 2 to 4 targets, comma-separated (not { $n })
cli-compare-not-with-choosing = --compare names its targets itself: leave out -p, -m, --mode and --models
cli-arg-ask-json = With --compare: print each answer as one line of JSON (provider, model, text, ttft_ms, duration_ms, tokens_per_sec, usage, cost, or error) instead of streaming it
cli-compare-no-provider = a --compare target needs a provider name before its :model
cli-arg-ask-wire = Write what goes over the wire to FILE as JSON lines, appended: each request (the key masked), response status and headers, and line of the body as it arrived, with its turn, provider, attempt and ms since the request
cli-wire-cannot-open = cannot open the wire file { $path }: { $why }
cli-wire-cannot-write = the wire file { $path } could not be written ({ $why }): it is incomplete
