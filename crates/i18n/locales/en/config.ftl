# supchat's words in English: the config file's mistakes and the keys' sources (crates/core/src/config).
# Each message has its twin in ../zh-CN/config.ftl (a test keeps the two equal).

## A mistake within a table or a setting: where, then what.
conf-at = { $at }: { $what }
conf-tool-at = tool { $name }

## Settings, each kind of mistake.
conf-empty = { $key } is empty
conf-at-least = { $key } must be at least { $min }
conf-at-most = { $key } must be at most { $max }
conf-between = { $key } must be between 1 and { $most }
conf-between-not = { $key } must be between 1 and { $most }, not { $value }
conf-temperature = temperature must be between 0 and 2
conf-temperature-not = temperature must be between 0 and 2, not { $value }
conf-command-empty = command needs at least the program to run
conf-approve-bad = approve { $value } is not "ask" or "auto"

## Reading the file, and its top-level settings.
conf-cannot-read-file = cannot read the config file: { $error }
conf-default-provider-unknown = default_provider "{ $name }" is not a configured provider (known: { $known })
conf-language-bad = language { $value } is not "en" or "zh-CN"
conf-theme-bad = theme "{ $value }" is not one of "auto", "dark", "light"

## Providers.
conf-provider-unknown = there is no provider named "{ $name }" (configured: { $known })
conf-no-model = no model set
conf-kind-unknown = unknown kind "{ $kind }" (expected "openai" or "supai")
conf-provider-needs-kind = provider "{ $name }" needs kind = "openai" or "supai"
conf-provider-needs-url = provider "{ $name }" needs base_url
conf-only-kind = { $key } is a setting of kind "{ $kind }"; provider "{ $name }" is of kind "{ $other }"
conf-model-use-mode = model (use mode and models)
conf-builtin-kind = provider "{ $name }" is built in with kind "{ $kind }"; give another name to a provider of kind "{ $other }"
conf-models-empty-id = models holds an empty model id ({ $id })
conf-api-key-control = api_key has a control character (a stray newline or escape?); it could not be sent in a header
conf-api-key-env-looks-like-key = api_key_env takes the name of an environment variable (like SUPAGE_API_KEY), and this looks like a key itself: put the key in that variable, or write api_key = "…" instead
conf-api-key-env-bad = api_key_env must be the name of an environment variable: letters, digits and _, not starting with a digit
conf-mode-unknown = unknown mode { $mode }: a mode is one of { $modes } (or another id of letters, digits and dashes)
conf-url-bad = base_url { $url } is not a valid URL: { $why }
conf-url-scheme = it must start with http:// or https://
conf-url-no-host = it has no host
conf-url-query = it must not have a query or fragment
conf-url-credentials = put credentials in api_key, not in the URL

## Where a key comes from, and reading it.
conf-key-source-inline-file = api_key in { $path }
conf-key-source-inline = api_key in the config
conf-key-source-cmd = the output of api_key_cmd `{ $cmd }`
conf-key-source-env = the environment variable { $var }
conf-key-source-none = nowhere (no key is configured)
conf-key-env-control = the key in the environment variable { $var } has a control character (a stray newline or escape?); set it again
conf-key-missing = no API key for provider "{ $provider }": set the environment variable { $var }, or put api_key = "…" (or api_key_cmd) under [providers.{ $provider }] in the config file
conf-key-cmd-run = api_key_cmd `{ $cmd }` could not run: { $error }
conf-key-cmd-stopped = api_key_cmd `{ $cmd }` was stopped: supchat is stopping
conf-key-cmd-timeout = api_key_cmd `{ $cmd }` did not finish within { $secs }s. It runs without a terminal (stdin closed), so it must print the key without asking; use an agent (gpg-agent, pass) or set api_key_env instead
conf-key-cmd-too-long = api_key_cmd `{ $cmd }` printed more than 64 KiB; it should print the key on its first line
conf-key-cmd-failed = api_key_cmd `{ $cmd }` failed ({ $status })
conf-key-cmd-failed-said = api_key_cmd `{ $cmd }` failed ({ $status }): { $said }
conf-key-cmd-empty = api_key_cmd `{ $cmd }` printed nothing
conf-key-cmd-control = api_key_cmd `{ $cmd }` printed a key with control characters; it cannot be sent in a header

## Saving a key typed into the chat.
conf-save-not-a-key = that is not a key (empty, or it has control characters)
conf-save-not-toml = it is not valid TOML: { $error }
conf-save-providers-not-table = `providers` in it is not a table
conf-save-provider-not-table = `providers.{ $provider }` in it is not a table
conf-save-cannot-change = the config cannot be changed: { $path } { $error }
conf-save-would-be-invalid = the config would not be valid after the change: { $error }
conf-save-bad-link = { $path } is a link to a file that cannot be read: { $error }
conf-cannot-create = cannot create { $path }: { $error }
conf-cannot-open = cannot open { $path }: { $error }
conf-cannot-lock = cannot lock { $path }: { $error }
conf-cannot-read = cannot read { $path }: { $error }
conf-cannot-write = cannot write { $path }: { $error }

## System prompt presets.
conf-prompt-unknown-none = there is no prompt named "{ $name }": no [prompts.NAME] tables are configured
conf-prompt-unknown = there is no prompt named "{ $name }" (configured: { $known })
conf-prompt-bad-name = prompt name { $name } is empty or has control characters
conf-prompt-provider-unknown = provider "{ $provider }" is not configured (known: { $known })
conf-prompt-model-for-openai = model is for openai-kind providers; "{ $provider }" is Sup.ai, which takes mode
conf-prompt-mode-for-supai = mode is for Sup.ai providers; "{ $provider }" takes model

## Tools.
conf-tools-unknown-builtin = there is no built-in tool { $name } (built in: { $known })
conf-tools-duplicate = there are two tools named { $name }
conf-tools-bad-choice = tool_choice { $value } is not "auto", "none", "required" or the name of a configured tool
conf-tool-builtin-name = { $name } is the name of a built-in tool (enable it with enabled_tools); give yours another name
conf-tool-bad-name = tool name { $name } must be 1 to 64 letters, digits, _ or - (what the chat APIs accept)
conf-schema-not-table = must be a table (a JSON Schema object)
conf-schema-not-object = must have type = "object" (the arguments are a JSON object)
conf-schema-not-schema = { $at } is not a schema (a table)
conf-schema-bad-type = { $at }.type { $value } is not one of { $types }
conf-schema-properties = { $at }.properties must be a table of schemas
conf-schema-required-names = { $at }.required must list property names
conf-schema-required-unknown = { $at }.required names { $name }, which is not in its properties
conf-schema-required-list = { $at }.required must be a list of property names
conf-schema-enum = { $at }.enum must be a list of values
conf-schema-text = { $at }.{ $key } must be text

## MCP servers.
conf-mcp-bad-name = a server's name must be 1 to 32 letters, digits, _ or - without "__" (it becomes part of its tools' names, mcp__SERVER__TOOL)
conf-mcp-both = give command (a program) or url (streamable HTTP), not both
conf-mcp-neither = needs command = ["program", "arg"…] or url = "https://…"
conf-mcp-bearer-stdio = bearer_token_env is for a url server
conf-mcp-var-name = { $key }: { $name } is not a variable name
conf-mcp-env-vars-key = env_vars names { $var }, a provider's API key: MCP servers are never given the providers' keys
conf-mcp-stdio-only = { $key } is for a command server
conf-mcp-bad-url = url { $url } is not an http:// or https:// address
conf-mcp-bearer-name = bearer_token_env must name an environment variable (the token itself is never written in the config)

## The chat's keys.
conf-keys-names-none = { $spec } names no key
conf-keys-bad-modifier = { $spec }: { $modifier } is not ctrl, alt or shift
conf-keys-not-a-key = { $spec }: { $key } is not a key (a letter, f1-f12, up, down, home, end, pageup, pagedown…)
conf-keys-plain = { $spec }: a key without ctrl or alt would stop it being typed
conf-keys-indistinct = { $spec }: terminals do not send this key apart from others; use Ctrl or Alt with a letter, or an F-key
conf-keys-fixed = { $spec } keeps its own meaning (stopping, editing the draft, scrolling) and cannot be bound
conf-keys-no-action = there is no action { $name } (actions: { $known })
conf-keys-clash = { $key } is bound to both { $a } and { $b }; give one of them another key

## `supchat config show`: the first line, a TOML comment.
conf-show-from = from { $path } and the built-in defaults
conf-show-builtins = built-in defaults (no config file)

## Prices (what each reply cost).
conf-price-bad = { $key } is a price per million tokens, from 0 to { $max }, not { $value }
conf-price-pair = price_in and price_out go together: give both (per million input and output tokens)
conf-currency-bad = currency "{ $value }" is not a currency code (letters, such as USD, CNY, EUR)
conf-model-price-bad = prices."{ $model }" needs in and out, prices per million tokens from 0 to { $max }
conf-url-port = the port is not a number from 0 to 65535
conf-url-host-chars = the host name has characters a host name cannot have
conf-url-ip = the IP address is not valid

## The TOML reader's most common messages.
conf-toml-unknown-field = there is no setting { $field } here (known: { $known })
conf-toml-unknown-field-none = there is no setting { $field } here
conf-toml-missing-field = { $field } is missing here
conf-toml-invalid-type = the value is of the wrong type: { $expected } is wanted, not { $found }
conf-toml-invalid-value = { $found } is not allowed here: { $expected } is wanted
conf-toml-duplicate-key = { $key } is given twice
conf-toml-duplicate = this key is given twice
conf-toml-unclosed-table = the table name is not closed: a ] is missing
conf-type-boolean = a boolean (true or false)
conf-type-string = a string
conf-type-integer = an integer
conf-type-whole = a whole number, 0 or more
conf-type-number = a number
conf-type-array = an array
conf-type-table = a table
