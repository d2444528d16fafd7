# supchat's words in English. Each message has its twin in zh-CN.ftl (a
# test keeps the two equal). Command names (/new) and config keys stay as
# they are in every language.

## What each command does, briefly: the palette, the hints and the help.
cmd-new = a new conversation (the one on screen stays saved)
cmd-retry = answer the last message again, with this provider or another
cmd-provider = the provider for the next message (a picker without a name)
cmd-model = the model (Sup.ai: the models allow-list)
cmd-mode = the Sup.ai mode: auto, fast, thinking, deep-thinking, expert
cmd-prompt = a system prompt preset
cmd-sessions = the session list, searching for TEXT
cmd-find = find text in this conversation, highlighted
cmd-attach = pick a file of this folder to attach (or type @path)
cmd-export = write the conversation as Markdown or JSON (default: a file in this folder)
cmd-copy = copy the last reply
cmd-code = copy a code block
cmd-reasoning = fold or show reasoning
cmd-details = Sup.ai run details on or off
cmd-long = show long messages and tool output whole, or fold them
cmd-editor = edit the draft in $EDITOR
cmd-panel = show or fold the Sup.ai run panel
cmd-mcp = MCP servers: their state and tools; restart one, turn one off or on
cmd-lang = the interface's language: English or Chinese (en, zh-CN)
cmd-help = every key and command
cmd-quit = quit (a draft not sent: the key twice)
cmd-palette = commands: every action by name (also /name in the input box)
cmd-select-up = select a message: y copy, o code, e edit, r answer again, d delete, i wire, ← → its branches
cmd-select-down = select the next message down

## A key's own words, where it does more or less than its command.
key-next-provider-does = next provider
key-next-mode-does = next Sup.ai mode

## The help's words for a key, where they differ from its command's.
key-model-help = model picker (Sup.ai: the models allow-list; Space picks)
key-prompt-help = system prompt: pick a preset ([prompts.NAME])
key-sessions-help = sessions: resume, search, rename, delete
key-find-help = find in the conversation (Enter/Up older, Down newer)
key-code-help = copy a code block (pick one)
key-details-help = Sup.ai run details on/off for the next message
key-panel-help = fold or show the Sup.ai run panel
key-mcp-help = MCP servers: state, restart, on/off
key-help-help = this help

## The keys that keep their meaning.
fixed-enter = send; while a reply streams, queue it; in an empty box, send a failed message again
fixed-newline = new line (also Shift+Enter where the terminal tells it from Enter)
fixed-esc = take back the newest queued message; else stop the reply; close a popup
fixed-ctrl-c = stop the streaming reply; else clear the draft; else quit (press twice)
fixed-ctrl-z = suspend to the shell (fg brings it back)
fixed-tab = complete a /command or an @file in the input box
fixed-approval = a tool call waiting: run / decline / always allow
fixed-up-down = earlier prompts (in an empty input box)
fixed-line-ends = start / end of the line
fixed-delete-words = delete the word before / to the end of the line
fixed-word-moves = a word back / forward (also Ctrl+Left / Ctrl+Right)
fixed-undo = undo / redo in the input box
fixed-pages = scroll the conversation
fixed-home-end = top of the conversation / back to the bottom (follow)
fixed-wheel = scroll

## The help overlay.
help-title = help — Esc closes
help-title-scroll = help — ↑↓ scroll, Esc closes
help-more-below = ↓ more below · End
help-commands = Commands: type / in the input box, or open the palette ({ $key })

## The footer's hints, and the input box's.
hint-commands = commands
hint-help = help
hint-provider = provider
hint-model = model
hint-sessions = sessions
hint-mode = mode
hint-stop = stop
input-placeholder = Enter sends · { $newline } new line · { $help } help

## The interface's language.
lang-now = the interface is in English now (/lang zh-CN: 中文)
lang-unknown = there is no language { $name }: /lang en or /lang zh-CN

## MCP servers.
mcp-ready = MCP server { $name } is ready: { $n ->
    [one] { $n } tool
   *[other] { $n } tools
}
mcp-failed = MCP server { $name } failed: { $why } ({ $key } for details)
mcp-off = MCP server { $name } is off: its tools are not offered
mcp-footer-failed = MCP: { $n } failed
mcp-footer-starting = MCP: { $n } starting…
mcp-panel-title = MCP servers
mcp-panel-keys = ↑↓ select · r restart · Space off/on · { $close } close
mcp-panel-keys-short = ↑↓ · r restart · Space off/on
mcp-panel-closes = { $close } closes
mcp-state-ready = ready · { $n ->
    [one] { $n } tool
   *[other] { $n } tools
}
mcp-state-ready-some = ready · { $offered } of { $n } tools offered
mcp-state-starting = starting…
mcp-state-failed = failed: { $why }
mcp-state-off = off
mcp-stderr = its last words (stderr):
mcp-tools = tools: { $names }
mcp-none =
    No MCP server is configured. Add one to the config file:

## The empty chat.
welcome-demo = Offline demo, nothing saved. Try:
welcome-demo-hello = a markdown reply
welcome-demo-code = code blocks to copy
welcome-demo-slow = a long reply; Esc stops
welcome-demo-chinese = an answer in Chinese
welcome-demo-error = fails once; Enter resends
welcome-demo-supai = Sup.ai: a run of models
welcome-mode = another mode
welcome-model = another model
welcome-enter = sends what you type below
welcome-palette = every command, searchable
welcome-help = help and every key
welcome-provider = another provider
welcome-sessions = saved conversations
welcome-attach = attaches a file
welcome-slash = commands by name

## Pickers.
picker-keys = Enter picks · Esc cancels
picker-keys-multi = Space picks · Enter applies · Esc cancels
picker-sends-all = Enter sends: all models (no allow-list)
picker-sends-only = Enter sends: only { $model }
picker-sends-ticked = Enter sends: the { $n } ticked { $n ->
    [one] model
   *[other] models
} (Ctrl+D unticks all)
picker-nothing = nothing matches
picker-free = use "{ $name }" as the model name
picker-all = all models (no allow-list)
picker-in-use = (in use)

## The approval panel.
approval-title = run { $tool }?
approval-of = ({ $n } of { $of })
approval-unarmed = { " " }your keys still go to the draft: pause to answer{ " " }
approval-keys-long = { " " }y run · n decline · a always for this tool · Esc cancel the turn · PgUp/PgDn scroll{ " " }
approval-keys = { " " }y run · n decline · a always for this tool · Esc cancel the turn{ " " }
approval-keys-short = { " " }y run · n no · a always · Esc stop{ " " }
approval-why = asks because { $why }
approval-runs = runs{ " " }
approval-more = { $n } more
approval-auto = runs without asking
approval-user = approved by you
approval-session = allowed for this session
approval-flag = approved by --yes
approval-declined = declined by you

## Tool calls in the conversation.
tool-so-far = … { $kib } KiB so far
tool-waiting = … waiting for your answer: y runs it, n declines, a always
tool-running = … running
tool-no-result = no result: the turn ended (or supchat stopped) before this call had one
tool-none-configured = not run: no tools are configured ([[tools]] and enabled_tools in the config)
tool-no-output = no output
tool-size = { $lines } { $lines ->
    [one] line
   *[other] lines
}, { $chars } { $chars ->
    [one] character
   *[other] characters
}
tool-more-lines = ▸ { $n } more lines · { $key } shows them

## The footer's figures.
figures-waiting = waiting for your answer
figures-running-tools = running tools

## The session list (F5).
sessions-title = sessions
sessions-keys = Enter opens · Ctrl+R renames · Ctrl+D deletes · { $new } new · Esc closes
sessions-keys-rename = Enter saves the title · Ctrl+U clears · Esc keeps it
sessions-keys-delete = y deletes · any other key keeps it
sessions-new-title = new title:{ " " }
sessions-delete-on-screen = delete "{ $title }", the conversation on screen? y / n
sessions-delete = delete "{ $title }"? y / n
sessions-loading = loading…
sessions-none = no saved sessions yet
sessions-hit = message { $n } · “{ $snippet }”

## Asking for an API key.
key-title-rejected = API key rejected for { $provider }
key-title-none = No API key for { $provider }
key-keys = Enter saves · Esc skips · { $other } other provider
key-give-another = Give another key:
key-give-one = Give one:
key-none-found = supchat found no API key for "{ $provider }". Give one:
key-env-before = • set the environment variable{ " " }
key-env-after = { " " }and start supchat again, or
key-the-config = the config file
key-paste = • paste or type it here: it is saved as api_key in { $path }, readable only by you.
key-resend = The message that failed is sent again once the key is saved.
key-typed = ({ $n } characters)
key-label = key:{ " " }
key-saving = saving…
key-help-supage = get a key by sending the command `api apply` to the BoB bot (keys look like su-…)
key-help-supai = get a key at https://sup.ai/api/keys

## The conversation.
label-you = you
label-ai = ai
label-error = error
label-tool = tool
reasoning-folded = ▸ reasoning: { $words } { $words ->
    [one] word
   *[other] words
}, { $secs }s ({ $key } shows it)
header-new = new conversation
header-demo = demo · offline · { $title }

## Footer messages.
flash-long-open = long messages and tool output shown whole
flash-long-folded = long messages and tool output folded
flash-reasoning-folded = reasoning folded
flash-reasoning-shown = reasoning shown
flash-copying-reply = copying the last reply…
flash-no-reply = there is no reply to copy yet
flash-draft-cleared = draft cleared: Ctrl+U or Up brings it back
flash-nothing-to-complete = nothing to complete here
flash-queued = queued: it is sent when the reply ends (Esc removes it)
flash-queue-full = { $n } messages are queued already: wait for the reply, or Esc removes one
flash-copy-failed = copy failed: { $why }
flash-copied = copied to { $how }
flash-open-failed = cannot open that session: { $why }
flash-exported = exported to { $path }
flash-not-exported = not exported: { $why }
flash-copying-message = copying the message…
flash-kept = kept
flash-turn-deleted = turn deleted
flash-not-deleted = not deleted: { $why }
flash-still-streaming = a reply is still streaming: Esc stops it first
flash-nothing-to-export = there is nothing to export yet
flash-exporting = exporting…
flash-copying-code = copying the code block…
flash-no-file = there is no file in this folder to attach
flash-no-file-starts = no file starts with { $partial }
mcp-starting = MCP server { $name }: starting…
clipboard-system = the system clipboard ({ $tool })
clipboard-tmux = the terminal (OSC 52; inside tmux it needs `set -g set-clipboard on`)
clipboard-terminal = the terminal's clipboard (OSC 52, if the terminal allows it)
help-commands-no-key = Commands: type / in the input box
palette-key-does = { $key }: { $does }
fixed-wheel-keys = Mouse wheel

## Find, selection, scrolling, the queue.
find-label = find{ " " }
find-no-match = no match
find-keys = Enter/↑ older · ↓ newer · Esc closes{ " " }
message-folded = ▸ { $n } more lines ({ $all } in all, { $chars } characters) · { $key } shows them
failed-resend = ↻ Enter in an empty box sends it again · { $key } then e edits it first
scroll-more-below = ↓ more below · End follows
scroll-more-rows = ↓ { $n } more rows · End follows
queued-line = queued · { $text }
selected-hint = selected: { $branch }Esc cancels · y copy · o code · e edit · r answer again · d delete · i wire · { $keys }
next-message-goes = next message goes to { $label }
reasoning-open = ▾ reasoning
figures-ctx = ctx

## The Sup.ai run panel and summary.
supai-models = { $n } { $n ->
    [one] model
   *[other] models
}
supai-done = done
supai-stopped = stopped
supai-started = started
supai-thinking = thinking
supai-answering = answering
supai-mode = mode{ " " }
supai-wrote-consensus = wrote the consensus
supai-writes-consensus = writes the consensus
supai-run = Sup.ai run
supai-folds = { $key } folds
supai-consensus-by = consensus by { $model }
supai-more = +{ $n } more
supai-answer-from = answer from { $models }
supai-confidence = confidence { $range }
picker-title-commands = commands
picker-title-provider = provider
picker-title-mode = Sup.ai mode
picker-title-attach = attach a file
picker-title-code = copy a code block
picker-title-model = model for { $provider }
picker-title-allow-list = { $provider } model allow-list
picker-title-prompt = system prompt

## How a reply ended, and a failed send.
end-cancelled = cancelled
end-length = the reply was cut at the output token limit (max_tokens)
end-content-filter = the provider withheld part of this reply (content filter)
end-incomplete = { $n } { $n ->
    [one] part
   *[other] parts
} of this reply could not be read (malformed data from the server); text may be missing
failed-request = The request failed
failed-not-sent = The message was not sent
flash-details-supai-only = run details are a Sup.ai feature; { $name } has none ({ $key } switches to Sup.ai)
flash-details-on = Sup.ai run details on for the next message
flash-details-off = Sup.ai run details off for the next message
flash-no-supai-run = there is no Sup.ai run to show ({ $key } turns run details on for Sup.ai)
flash-new-while-streaming = a reply is still streaming: Esc stops it, then { $key }
flash-queue-dropped = { $n } queued { $n ->
    [one] message
   *[other] messages
} dropped
flash-delete-turn = delete this turn (your message and its answer)? y deletes · any other key keeps it
flash-edit-yours-only = only a message of yours can be edited (r answers the last one again)
flash-editing = editing an earlier message · Esc cancels · Enter sends it from there (what followed stays, as another branch)
flash-no-presets = no prompt presets are configured ([prompts.NAME] with a system_prompt in the config)
flash-quit-armed = Ctrl+C again to quit ({ $key } quits at once)
flash-tool-waits = a tool call waits: y runs it, n declines, a always · Esc stops the turn
flash-tool-always = { $tool } runs without asking for the rest of this session
mcp-none-configured = no MCP server is configured ([mcp_servers.NAME] in the config)
mcp-usage = use /mcp, /mcp restart NAME, /mcp off NAME or /mcp on NAME
mcp-unknown = there is no MCP server named "{ $name }" (configured: { $names })
mcp-on-already = MCP server { $name } is on already (/mcp restart { $name } starts it again)
flash-key-saved = key saved to { $path } (readable only by you)
flash-session-deleted = deleted "{ $title }"
flash-queue-held-failed = { $n } queued { $n ->
    [one] message
   *[other] messages
} held: Enter sends the failed one again, then the queue goes on; Esc removes the last queued
flash-queue-held = { $n ->
    [one] 1 queued message held: Enter sends it, Esc removes the last
   *[other] { $n } queued messages held: Enter sends them one by one, Esc removes the last
}
flash-context-full = this conversation fills { $share }% of the model's context: the next request may be cut or refused; /new starts afresh
flash-complete-none = nothing to complete after /{ $cmd }
flash-complete-no-start = nothing after /{ $cmd } starts with { $typed }
flash-complete-next = { $names } · Tab for the next
flash-supai-only = Sup.ai may use only { $model } from the next message ({ $key } picks several, or all)
flash-edited-too-long = the edited draft has more than { $n } lines; the draft is unchanged (pipe it to `supchat ask`)
flash-editor-failed = the editor failed: { $why }; the draft is unchanged
supai-use-all = all models
supai-use-only = only { $model }
supai-use-chosen = { $n ->
    [one] the chosen model
   *[other] { $n } chosen models
}
flash-supai-will-use = Sup.ai will use { $what } from the next message
flash-no-supai = no Sup.ai provider is configured, so there are no modes

## The rest of the screen's words: the editor, the terminal, pickers' notes, branches, the header and the footer.
editor-no-temp-file = cannot make a temporary file: { $e }
editor-cannot-write = cannot write the draft: { $e }
editor-cannot-read = cannot read the draft back: { $e }
editor-failed-kept = `{ $cmd }` exited with { $status }; your saved text is kept
editor-failed = `{ $cmd }` exited with { $status }
editor-cannot-run = cannot run `{ $cmd }`: { $e }
editor-task-failed = the editor task failed: { $e }
fatal-cannot-read-terminal = cannot read the terminal: { $e }
fatal-cannot-set-up-terminal = cannot set up the terminal: { $e }
fatal-cannot-open-sessions = cannot open the sessions: { $e }
fatal-cannot-draw = cannot draw: { $e }
fatal-internal-error = supchat: stopped by an internal error (a bug; please report it with the message above)
print-started-over = the stream broke off; asked again (what follows must begin as before)
print-restarted = Sup.ai restarted its answer; the new one follows
key-save-no-config-dir = no config directory is known on this system; set the environment variable instead
picker-info-no-models = the info endpoint listed no models
flash-no-command = no command /{ $name } ({ $key } lists them: { $names }); // sends a message that starts with /
flash-command-could-be = /{ $name } could be { $names }
words-or = { " or " }
flash-reading-attachments = reading the attached files…
flash-attach-confirm = Enter again sends them · { $why }
flash-attach-as-text = Enter again sends it as text · { $why }
flash-preset-next = prompt "{ $name }" from the next message, to { $target }
flash-preset-none = the default system prompt from the next message
picker-preset-none = none · the provider's or the config's system prompt
complete-in-all = { " " }… { $n } in all
flash-no-code-here = that message has no code block
flash-no-code-yet = there is no code block to copy yet
not-saved-this-run = nothing is saved in this run (--no-save, save_sessions = false, or the demo)
flash-queued-back = queued message back in the input box
flash-queued-removed = queued message removed (Up brings it back)
flash-queue-esc-stops = { $said }; Esc again stops the reply
flash-queue-still = { $said }; { $n } still queued
flash-paste-too-long = that is { $lines } lines; the input box takes up to { $most }: pipe it to `supchat ask` instead (nothing was added)
flash-dropped-paths =
    { $n ->
        [one] a file's path: attached as @path when sent (delete the @ to send it as text)
       *[other] { $n } files' paths: attached as @path when sent (delete an @ to send it as text)
    }
picker-loading = loading the list…
picker-no-list = no list ({ $why }); type a model name
picker-built-in-list = showing the built-in list ({ $why })
sessions-db-unopened = the session database could not be opened
flash-no-session-list = no session list: { $why }
flash-title-empty = a title cannot be empty (Esc keeps the old one)
flash-at-the-match = at the match · End for the newest
flash-new-unsaved = a new conversation (the last one is not saved)
flash-new-saved = a new conversation; the last one is saved ({ $key } lists them)
header-run-details = run details
footer-not-saved = not saved: { $why }
figures-rate = { " " }· ~{ $rate } tok/s
figures-live = ttft { $ttft }s{ $rate } · { $elapsed }s
queued-more = { " " }⋯ { $n } more queued
branch-tool-call = ⑂ a tool call of another branch
branch-other = ⑂ another branch
branch-other-first = ⑂ another branch: “{ $first }”
branch-edited = ✎ edited: the earlier version is another branch
branch-back-to = ↩ back to the branch of “{ $first }”
waiting-for = { $spinner } waiting for{ " " }

## How long ago, and sizes (the session list, attachments, tool output).
ago-now = just now
ago-minutes = { $n } min ago
ago-hours = { $n } h ago
ago-yesterday = yesterday
ago-days = { $n } days ago
size-bytes = { $n } B
size-units = { $n } { $unit }
figures-spent = Σ { $cost }
signature-ttft = ttft { $secs }s
key-not-a-key = that does not look like an API key (a space, a character outside ASCII, or a /command): Ctrl+U clears it, Esc closes
flash-quit-draft = the draft is not sent: { $key } again quits and loses it

## What went wrong with a file or a connection (the system's words for common kinds).
io-not-found = no such file or folder
io-permission-denied = permission denied
io-connection-refused = connection refused
io-connection-reset = the connection was closed by the other side
io-timed-out = timed out
io-already-exists = it exists already
io-is-a-directory = it is a folder
io-not-a-directory = a part of the path is not a folder
io-storage-full = the disk is full
io-read-only = the file system is read-only
io-invalid-data = it is not valid text (UTF-8)
cmd-compare = send the next message to 2-4 targets at once, side by side
flash-compare-off = the next message goes to one provider again
flash-compare-armed = the next message goes to { $targets } at once (/compare off: to one)
flash-compare-wait = that answer is still coming: Esc stops all of them
flash-compare-no-lane = there are { $n } answers: Alt+1…{ $n }
flash-compare-no-answer = that target gave no answer to go on with
flash-compare-chosen = going on with answer { $n }: { $target }
compare-waiting = waiting for the first token…
compare-failed = ✗ { $why }
compare-goes-on = ▸ goes on
compare-keys-running = Esc stops all · Alt+N stops N
compare-keys-done = Alt+N goes on with N · Esc closes
picker-title-compare = compare: tick 2 to 4 targets
picker-compare-ticked = { $n } ticked · Space ticks · Enter: the next message goes to them at once
key-compare-does = tick 2-4 targets: the next message goes to them at once
cmd-inspect = what went over the wire for the selected reply: request, response, frames
inspect-title = wire · { $provider }
inspect-attempt = attempt { $n } of { $of } · sent at +{ $ms } ms
inspect-request = request
inspect-response = response { $status } · +{ $ms } ms
inspect-body = body, as it arrived
inspect-failed = failed at +{ $ms } ms: { $why }
inspect-dropped = … { $n -> 
    [one] one more line
   *[other] { $n } more lines
} ({ $size }) not kept: over 4 MiB
inspect-folded = … { $n -> 
    [one] one more line
   *[other] { $n } more lines
}: Tab shows them
inspect-keys = ↑↓ scroll · type to search, Enter next · Tab body · Ctrl+Y copy as curl · Esc
inspect-search = search: { $query }
flash-inspect-none = nothing kept of that request: only this run's last 20 are (wire_log = true keeps them with the session)
flash-inspect-no-match = no match
flash-copying-curl = copying the request as curl (the key is read from its variable)
flash-compare-tick = tick 2 to 4 targets with Space (now { $n })
picker-compare-no-key = { $target } · no key
branch-other-compare = ⑂ answer { $n } · { $target }: “{ $first }”
branch-goes-on-compare = ↩ going on with answer { $n } · { $target }
inspect-body-cut = the request body was cut here: over 1 MiB of it (images, files) is not kept
flash-curl-body-cut = the request body was too big to keep whole: no curl of it
inspect-keys-short = ↑↓ · type: search · Tab body · Ctrl+Y curl · Esc
inspect-curl-key = the key is read from ${ $var }: export { $var }=… first
flash-inspect-compare = the answers of a compare can be inspected once all have ended
flash-inspect-nothing = no reply yet: its request can be inspected once it is sent
compare-reasoned = ▸ reasoned ({ $words } words)
inspect-stopped = stopped by you (the connection was closed)
