# supchat's words in English: sessions, attachments, tools' reasons to ask, MCP and the store (crates/core outside config/).
# Each message has its twin in ../zh-CN/core.ftl (a test keeps the two equal).

## Sessions: opening, resuming, saving.
core-session-made-private = your conversations were readable by other users; made private: { $paths }
core-session-mode-now = { $path } (now { $mode })
core-session-no-data-folder = no data folder is known on this system: nothing is saved (set data_dir in the config)
core-session-not-saved = { $why }; this session is not saved
core-session-kept-until-written = { $why }; kept until it can be written
core-session-none-saved-yet = there is no saved session yet: this is a new one
core-session-new-instead = { $why }: this is a new session
core-session-unavailable = sessions are not available
core-session-resumed-no-save = resumed without saving (--no-save)
core-session-resumed-unsaved = resumed without saving: { $why }
core-session-held-refused = session { $id } is open in another supchat (pid { $pid }); add to it there, or wait until it is closed
core-session-held-copy = that session is open in another supchat (pid { $pid }): anything you add goes into a copy
core-session-copy-title = { $title } (copy)
core-session-untitled = untitled
core-session-messages =
    { $n ->
        [one] 1 message
       *[other] { $n } messages
    }

## Providers and Sup.ai modes, chosen by name.
core-provider-ambiguous = "{ $name }" could be { $some } or { $last }
core-provider-unknown = there is no provider named "{ $name }" (configured: { $known })
core-mode-no-supai = no Sup.ai provider is configured, so there are no modes
core-mode-invalid = a mode is one of { $modes } (or another id of letters, digits and dashes)

## Sending, retrying, branches.
core-retry-nothing = there is no message to answer again yet
core-branch-message-now = message { $i } of { $n } is sent from now on
core-branch-answer-now = answer { $i } of { $n } is sent from now on
core-send-busy = a reply is still streaming
core-send-empty = there is nothing to send
core-send-not-waiting = no turn is waiting for tool results
core-send-not-newest = only the newest message can be sent again
core-send-no-branch = this message has no other branch
core-client-setup-failed = setting up the client failed: { $why }

## The session database.
core-store-open = cannot open the session database { $path }: { $detail }
core-store-corrupt = the session database { $path } cannot be read ({ $detail }); it was left as it is. Move it away to start afresh, or run `supchat sessions check`
core-store-too-new = the session database { $path } was made by a newer supchat (schema { $found }, this one knows { $known })
core-store-not-found = no session { $id }
core-store-not-hex = { $prefix } (ids are hex digits)
core-store-ambiguous = { $prefix } names more than one session: { $ids }
core-store-in-use = session { $id } is open in another supchat (pid { $pid }); close it there first
core-store-sql = the session database: { $why }
core-store-needs-upgrade = it is of schema { $found } and needs upgrading to { $known }, which needs write access
core-store-entry-unreadable = entry { $entry } of session { $id } cannot be read: { $why }
core-store-stopped-mid-reply = supchat stopped while this reply was arriving
core-store-index-not-checked = search index: not checked (the database is opened read-only)
core-store-index-problem = search index: { $why }

## A session as a file: the Markdown export, and reading JSON back.
core-export-not-a-session = not a supchat session file: { $why }
core-export-too-new = the file is of a newer format ({ $found }); this supchat reads { $known }
core-export-cost = { $head } · cost { $cost }
core-export-header = supchat session { $id } · started { $started } · { $messages }
core-export-system-prompt = System prompt
core-export-you = You
core-export-an-edit = an edit of an earlier message: the conversation goes on from here
core-export-message-dropped = not in the branch sent now: an edit or going back to another branch left it
core-export-reply-dropped = not in the branch sent now: a retry, an edit or going back to another branch left it
core-export-a-retry = a retry: another answer to the same message
core-export-went-back = went back to the branch of “{ $start }”: the conversation goes on from there
core-export-tool-error = Tool error
core-export-tool-result = Tool result
core-export-tool-call = Tool call
core-export-image = Attached image `{ $name }` ({ $mime }, { $bytes } bytes)
core-export-file = Attached `{ $name }`

## Attachments: why a file is asked about, why it cannot go.
core-attach-pasted = it came in a paste
core-attach-outside = outside the working folder
core-attach-hidden = a hidden file
core-attach-file-why = { $name } ({ $why })
core-attach-why-sep = {"; "}
core-attach-files-sep = {", "}
core-attach-question = send { $files }?
core-attach-chip-pasted = pasted
core-attach-chip-outside = outside the folder
core-attach-chip-hidden = hidden
core-attach-chip-secret = looks secret
core-attach-is-folder = cannot attach "{ $word }": it is a folder
core-attach-no-such-quoted = cannot attach "{ $word }": no such file (put the path right, or delete the @ to send it as text)
core-attach-cannot-quoted = cannot attach "{ $word }": { $why }
core-attach-nothing-at = nothing to attach at "{ $word }": no such file (without the @ it is text)
core-attach-cannot = cannot attach { $name }: { $why }
core-attach-image-too-big = cannot attach { $name }: the image is { $size } bytes; at most { $cap } ({ $mib } MiB)
core-attach-text-too-long = cannot attach { $name }: it is { $size } bytes, too long for a text file (at most { $cap }, { $kib } KiB)
core-attach-binary = cannot attach { $name }: it is not text (and not a PNG, JPEG, WebP or GIF image)
core-attach-not-utf8 = cannot attach { $name }: it is not UTF-8 text

## Tools: what runs, notes on a request, why a call asks.
core-tool-builtin-runs = built-in { $name } (read-only, the working folder only)
core-tool-mcp-runs = { $tool } of the MCP server { $server }
core-tools-mcp-starting =
    { $n ->
        [one] the MCP server { $names } is still starting: this message goes without its tools
       *[other] the MCP servers { $names } are still starting: this message goes without their tools
    }
core-tools-too-many = { $n } tools are offered and providers refuse more than { $most }: keep the list short with enabled_tools or disabled_tools in [mcp_servers.NAME], or turn a server off (F9 in the chat)
core-secret-home = supchat was started in your home folder: every file call asks
core-secret-own-config = it is supchat's own config file (it holds keys)
core-secret-own-files = it reaches supchat's own files ({ $path }): keys and conversations
core-secret-into-home = it reaches into your home folder
core-secret-pattern = it matches secret_paths "{ $pattern }"
core-secret-holds-keys = { $path } holds keys
core-secret-looks-like-key = { $name } looks like a key or a secret

## MCP servers: why one failed, notes on its tool list (F9, `supchat mcp list`).
core-mcp-start-timeout = did not start within { $secs } s (startup_timeout_secs)
core-mcp-list-timeout = did not list its tools within { $secs } s (startup_timeout_secs)
core-mcp-exited-with = the server exited ({ $status })
core-mcp-exited = the server exited
core-mcp-connection-ended = the connection ended ({ $why })
core-mcp-connection-failed = the connection failed ({ $why })
core-mcp-connection-broke = the connection broke: { $why }
core-mcp-cannot-start = cannot start { $program }: { $why }
core-mcp-no-pipes = its pipes could not be set up
core-mcp-token-unset = bearer_token_env names { $var }, which is not set
core-mcp-no-http = cannot set up HTTP: { $why }
core-mcp-empty-command = the command is empty
core-mcp-no-program = cannot find the program { $program }
core-mcp-no-program-in-path = cannot find the program { $program } in PATH
core-mcp-no-folder = its folder { $path } does not exist
core-mcp-unreachable = cannot reach it: { $why }
core-mcp-exited-early = exited before it answered initialize
core-mcp-did-not-start = did not start: { $why }
core-mcp-list-failed = could not list its tools: { $why }
core-mcp-schema-too-big = { $tool }: its input schema is { $kib } KiB (at most { $most } KiB)
core-mcp-list-cut = the rest of its list: it was cut at { $n } tools ({ $kib } KiB)
core-mcp-left-out = left out { $what }
core-mcp-unlisted = { $key } names { $names }, which the server does not list

## Why tool calls were not run (the model is told in English).
core-not-run-no-tools = no tools were offered with this request ([[tools]], enabled_tools and [mcp_servers] in the config offer them)
core-not-run-cut = the reply was cut off at the output token limit (max_tokens) before its calls were complete
core-not-run-step = the turn reached its limit of 1 tool step (max_tool_steps)
core-not-run-steps = the turn reached its limit of { $max } tool steps (max_tool_steps)
core-compare-count = compare takes 2 to 4 targets (not { $n })
core-compare-no-provider = a compare target needs a provider name before its :model
core-export-compared = compare: answer { $n }, from its target, to the same message
core-export-compare-not-chosen = not the answer the conversation went on with
core-compare-twice = { $target } is named twice: each target answers once
core-export-compare-goes-on = the conversation goes on with answer { $n } of the compare: { $target }
