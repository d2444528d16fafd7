# supchat 的简体中文文案：API 客户端的错误及处理建议，以及回复如何结束（crates/api、crates/chat）。
# 每条消息在 ../en/api.ftl 里都有对应的英文（有测试保证两边一致）。

## 错误本身之后附上的服务器原话：“：Incorrect API key”。
api-detail = ：{ $message }
## 出错前尝试了几次（多于一次时才显示）。
api-attempts = （已尝试 { $attempts } 次）

## HTTP 状态码的含义和处理办法。
api-auth-rejected = { $provider } 拒绝了 API 密钥（HTTP { $status }{ $detail }）。{ $advice }
api-auth-no-key = { $provider } 需要 API 密钥（HTTP { $status }{ $detail }）。{ $advice }
api-key-advice-source = 密钥来源：{ $source }。请检查该密钥，或换用其他密钥。
api-key-advice-none = 尚未为它配置密钥：请在配置文件的 [providers.{ $provider }] 下设置 api_key、api_key_cmd 或 api_key_env。
api-not-found = { $url } 返回 HTTP 404 Not Found{ $detail }。请检查服务商 { $provider } 的 base_url。
api-bad-request = { $provider } 拒绝了请求（HTTP { $status }）：{ $message }
api-rate-limited = { $provider } 请求过于频繁（HTTP 429）：{ $message }。{ $advice }
api-rate-wait = 服务器要求等待 { $secs } 秒后再试。
api-rate-gave-up = 已尝试 { $attempts } 次仍未成功，请稍后再试。
api-rate-later = 请稍后再试。
api-quota = { $provider } 因配额或额度不足拒绝了请求（HTTP { $status }）：{ $message }。请检查账户的套餐或余额。
api-server = { $provider } 服务器出错（HTTP { $status }）{ $detail }{ $attempts }。服务可能宕机或过载，请稍后再试。
api-other-status = { $provider } 返回了 HTTP { $status }{ $detail }。
api-not-implemented = 服务器不支持此请求（Not Implemented），请检查 base_url
api-not-implemented-after = { $message }；服务器不支持此请求（Not Implemented），请检查 base_url

## 连接问题，以及回复中途停止。
api-connect = 无法连接 { $url }：{ $detail }。{ $advice }{ $attempts }
api-connect-local = 服务器是否已启动并监听该端口？请检查 base_url。
api-connect-remote = 请检查网络、代理环境变量（HTTPS_PROXY、ALL_PROXY）和 base_url。
api-connect-timed-out = 连接超时（{ $secs } 秒）
api-tls-failed = TLS 握手失败：{ $why }
api-dns-failed = DNS 解析失败：{ $why }
api-cannot-set-up-http = 无法初始化 HTTP 客户端：{ $why }
api-idle-timeout = { $provider } 已有 { $secs } 秒没有发来数据，请求已停止。如果只是响应慢，请调大该服务商的 idle_timeout_secs。
api-headers-timeout = { $provider } 未能在 { $secs } 秒内发完响应头，请求已停止。如果只是响应慢，请调大该服务商的 idle_timeout_secs。
api-stopped-sending = 服务器中途停止了响应
api-interrupted = 回复中断（{ $detail }），已收到的内容不完整。
api-closed-early = 服务器在流结束前关闭了连接

## 收到的不是 API 响应。
api-not-api = { $provider } 有响应，但不是聊天 API 的格式：{ $what }。请检查 base_url（可能被登录页或代理拦截）。
api-html-titled = 标题为“{ $title }”的 HTML 页面
api-html-no-text = 没有文字内容的 HTML 页面
api-html-text = HTML 页面：{ $text }
api-empty-body = 空的响应体
api-empty-response = 服务器返回了空响应
api-body-too-large = 响应体过大
api-not-json-at = { $url } 返回的不是 JSON：{ $what }
api-response-not-json = 响应不是 JSON：{ $excerpt }
api-response-not-object = 响应不是 JSON 对象：{ $excerpt }
api-no-choices = 服务器的响应中没有回复（缺少 `choices`）：{ $what }
api-stream-error = 服务器在流中报告了错误：{ $message }
api-stream-error-code = 服务器在流中报告了错误（{ $code }）：{ $message }
api-stream-invalid = 服务器返回的流格式无效：{ $why }
api-lines-not-json = 连续 { $n } 行都不是 JSON，最后一行：{ $excerpt }
api-frame-too-deep = 一个 { $bytes } 字节的数据帧包含超过 { $most } 个对象
api-event-too-large = 服务器发来的单个事件超过 { $limit } 字节

## 发送前即被拒绝。
api-nothing-to-send = 没有可发送的消息
api-supai-last-not-user = Sup.ai 要求会话的最后一条是你发的消息，而现在最后一条是{ $role }。请写一条消息再发送。
api-role-nobody = 空消息
api-role-system = 系统提示词
api-role-assistant = 模型的回复
api-role-tool = 工具结果

## 重试的原因（显示在重试提示中）。
api-reason-rate-limited = 请求被限流（HTTP 429）
api-reason-server = 服务器出错（HTTP { $status }）
api-reason-connect = 无法连接
api-reason-stream = 流中出错
api-reason-failed = 请求失败

## 不会中断回复的提示。
api-notice-not-json = 已跳过流中一行非 JSON 内容：{ $excerpt }
api-notice-retrying = { $reason }；{ $secs } 秒后重试（第 { $attempt }/{ $max } 次）
api-notice-no-stream-options = 服务器不接受 stream_options，之后的请求将不再带上它（不再有用量统计）
api-notice-no-done = 流结束时没有收到 [DONE]
api-notice-key-in-clear = API 密钥正通过明文 http 发送给 { $host }，传输途中可被读取：请在 base_url 中改用 https://
api-notice-tools-not-run = 工具调用未执行：{ $why }

## 一轮对话的统计，以及已保存的会话（crates/chat）。
api-usage = 输入 { $prompt } + 输出 { $completion } = { $total } tokens
api-no-usage = 服务器未报告用量
api-entries-out-of-order = 条目 id 顺序错乱：{ $first } 在 { $then } 之前
api-ttft = 首字延迟 { $secs }s
