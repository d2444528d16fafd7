# supchat's words in English: the API client's errors and their advice, and how a reply ended (crates/api, crates/chat).
# Each message has its twin in ../zh-CN/api.ftl (a test keeps the two equal).

## A server's words after an error's own: ": Incorrect API key".
api-detail = : { $message }
## How often it was tried, after an error (only when more than once).
api-attempts = { " " }(tried { $attempts } times)

## An HTTP status, what it means and what to do.
api-auth-rejected = { $provider } rejected the API key (HTTP { $status }{ $detail }). { $advice }
api-auth-no-key = { $provider } wants an API key (HTTP { $status }{ $detail }). { $advice }
api-key-advice-source = The key comes from { $source }: check it, or give another one.
api-key-advice-none = No key is configured for it: set api_key, api_key_cmd or api_key_env under [providers.{ $provider }] in the config file.
api-not-found = HTTP 404 Not Found for { $url }{ $detail }. Check base_url of provider { $provider }.
api-bad-request = { $provider } rejected the request (HTTP { $status }): { $message }
api-rate-limited = { $provider } is rate limiting requests (HTTP 429): { $message }. { $advice }
api-rate-wait = The server asks to wait { $secs }s before trying again.
api-rate-gave-up = Gave up after { $attempts } attempts; wait a little and try again.
api-rate-later = Wait a little and try again.
api-quota = { $provider } refused for quota or credits (HTTP { $status }): { $message }. Check the account's plan or balance.
api-server = { $provider } had a server error (HTTP { $status }){ $detail }{ $attempts }. The service may be down or overloaded; try again later.
api-other-status = { $provider } answered HTTP { $status }{ $detail }.
api-not-implemented = the server does not implement this request (Not Implemented); check base_url
api-not-implemented-after = { $message }; the server does not implement this request (Not Implemented), check base_url

## The connection, and a reply that stopped coming.
api-connect = cannot reach { $url }: { $detail }. { $advice }{ $attempts }
api-connect-local = Is the server running, on that port? Check base_url.
api-connect-remote = Check the network, proxy variables (HTTPS_PROXY, ALL_PROXY) and base_url.
api-connect-timed-out = connect timed out after { $secs }s
api-tls-failed = TLS handshake failed: { $why }
api-dns-failed = DNS lookup failed: { $why }
api-cannot-set-up-http = cannot set up HTTP: { $why }
api-idle-timeout = no data from { $provider } for { $secs }s, so the request was stopped. Raise idle_timeout_secs for this provider if it is just slow.
api-headers-timeout = { $provider } did not finish sending its response headers within { $secs }s, so the request was stopped. Raise idle_timeout_secs for this provider if it is just slow.
api-stopped-sending = the server stopped sending its answer
api-interrupted = the reply broke off ({ $detail }); what arrived is incomplete.
api-closed-early = the server closed the stream before finishing it

## What came back instead of an API reply.
api-not-api = { $provider } answered, but not as a chat API: { $what }. Check base_url (a login page or proxy may be in the way).
api-html-titled = an HTML page titled "{ $title }"
api-html-no-text = an HTML page with no text
api-html-text = an HTML page: { $text }
api-empty-body = an empty body
api-empty-response = the server sent an empty response
api-body-too-large = the response body is too large
api-not-json-at = { $url } did not answer JSON: { $what }
api-response-not-json = the response is not JSON: { $excerpt }
api-response-not-object = the response is not a JSON object: { $excerpt }
api-no-choices = the server answered without a reply (no `choices`): { $what }
api-stream-error = the server reported an error in the stream: { $message }
api-stream-error-code = the server reported an error in the stream ({ $code }): { $message }
api-stream-invalid = the server's stream is not valid: { $why }
api-lines-not-json = { $n } lines in a row were not JSON; the last: { $excerpt }
api-frame-too-deep = a frame of { $bytes } bytes holding more than { $most } objects
api-event-too-large = the server sent an event larger than { $limit } bytes

## Refused before sending.
api-nothing-to-send = there is no message to send
api-supai-last-not-user = Sup.ai needs the conversation to end with a message from you; the last one is from the { $role }. Write a message and send it.
api-role-nobody = nobody
api-role-system = system
api-role-assistant = assistant
api-role-tool = tool

## Why a request is tried again (in the retry notice).
api-reason-rate-limited = rate limited (HTTP 429)
api-reason-server = server error (HTTP { $status })
api-reason-connect = cannot connect
api-reason-stream = error in the stream
api-reason-failed = request failed

## Notices that do not stop a reply.
api-notice-not-json = skipped a stream line that is not JSON: { $excerpt }
api-notice-retrying = { $reason }; retrying in { $secs }s (attempt { $attempt } of { $max })
api-notice-no-stream-options = the server rejected stream_options; sending without it from now on (no usage figures)
api-notice-no-done = the stream ended without [DONE]
api-notice-key-in-clear = the API key is sent to { $host } over plain http, readable on the way: use https:// in base_url
api-notice-tools-not-run = the tool calls were not run: { $why }

## A turn's figures and a stored conversation (crates/chat).
api-usage = { $prompt } in + { $completion } out = { $total } tokens
api-no-usage = no usage reported
api-entries-out-of-order = entry ids out of order: { $first } before { $then }
api-ttft = ttft { $secs }s
