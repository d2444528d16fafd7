# supchat 的简体中文文案：会话、附件、工具调用需确认的原因、MCP 服务与会话存储（crates/core 中 config/ 以外的部分）。
# 每条消息在 ../en/core.ftl 里都有对应的英文（有测试保证两边一致）。

## 会话：打开、恢复、保存。
core-session-made-private = 你的会话记录此前可被其他用户读取，现已设为仅自己可读：{ $paths }
core-session-mode-now = { $path }（现为 { $mode }）
core-session-no-data-folder = 无法确定本机的数据目录，不会保存任何内容（请在配置文件中设置 data_dir）
core-session-not-saved = { $why }；本次会话不会保存
core-session-kept-until-written = { $why }；内容会暂存，等可以写入时再保存
core-session-none-saved-yet = 还没有已保存的会话，已新建会话
core-session-new-instead = { $why }：已新建会话
core-session-unavailable = 会话功能不可用
core-session-resumed-no-save = 已恢复会话，但不会保存（--no-save）
core-session-resumed-unsaved = 已恢复会话，但不会保存：{ $why }
core-session-held-refused = 会话 { $id } 已在另一个 supchat 中打开（pid { $pid }）；请在那边继续，或等它关闭后再试
core-session-held-copy = 该会话已在另一个 supchat 中打开（pid { $pid }）：新增的内容会存入一份副本
core-session-copy-title = { $title }（副本）
core-session-untitled = 无标题
core-session-messages = { $n } 条消息

## 按名称选择服务商和 Sup.ai 模式。
core-provider-ambiguous = “{ $name }”可能是 { $some } 或 { $last }
core-provider-unknown = 没有名为“{ $name }”的服务商（已配置：{ $known }）
core-mode-no-supai = 未配置 Sup.ai 服务商，没有可选的模式
core-mode-invalid = 模式须为 { $modes } 之一（或其他由字母、数字和连字符组成的 id）

## 发送、重新回答、分支。
core-retry-nothing = 还没有可以重新回答的消息
core-branch-message-now = 已切换到该消息的第 { $i } 个版本（共 { $n } 个），此后按此发送
core-branch-answer-now = 已切换到第 { $i } 个回答（共 { $n } 个），此后按此发送
core-send-busy = 回复仍在生成中
core-send-empty = 没有可发送的内容
core-send-not-waiting = 没有在等待工具结果的轮次
core-send-not-newest = 只能重发最新的一条消息
core-send-no-branch = 这条消息没有其他分支
core-client-setup-failed = 客户端初始化失败：{ $why }

## 会话数据库。
core-store-open = 无法打开会话数据库 { $path }：{ $detail }
core-store-corrupt = 无法读取会话数据库 { $path }（{ $detail }），文件保持原样未做改动。如需重新开始，请将其移走，或运行 `supchat sessions check`
core-store-too-new = 会话数据库 { $path } 由更新版本的 supchat 创建（schema { $found }，当前版本支持 { $known }）
core-store-not-found = 没有会话 { $id }
core-store-not-hex = { $prefix }（会话 id 由十六进制数字组成）
core-store-ambiguous = { $prefix } 匹配到多个会话：{ $ids }
core-store-in-use = 会话 { $id } 已在另一个 supchat 中打开（pid { $pid }）；请先在那边关闭
core-store-sql = 会话数据库出错：{ $why }
core-store-needs-upgrade = 数据库为 schema { $found }，需要升级到 { $known }，而升级需要写入权限
core-store-entry-unreadable = 无法读取会话 { $id } 的第 { $entry } 条记录：{ $why }
core-store-stopped-mid-reply = 接收这条回复时 supchat 已退出
core-store-index-not-checked = 搜索索引：未检查（数据库以只读方式打开）
core-store-index-problem = 搜索索引：{ $why }

## 会话文件：Markdown 导出，以及读回 JSON。
core-export-not-a-session = 不是 supchat 会话文件：{ $why }
core-export-too-new = 文件格式版本较新（{ $found }），当前 supchat 只能读取 { $known }
core-export-cost = { $head } · 费用 { $cost }
core-export-header = supchat 会话 { $id } · 开始于 { $started } · { $messages }
core-export-system-prompt = 系统提示词
core-export-you = 你
core-export-an-edit = 这是对之前某条消息的修改：会话从这里继续
core-export-message-dropped = 不在当前发送的分支中：因修改消息或切换分支而被搁置
core-export-reply-dropped = 不在当前发送的分支中：因重新回答、修改消息或切换分支而被搁置
core-export-a-retry = 重新回答：同一条消息的另一个回答
core-export-went-back = 切换回“{ $start }”所在的分支：会话从那里继续
core-export-tool-error = 工具出错
core-export-tool-result = 工具结果
core-export-tool-call = 工具调用
core-export-image = 附件图片 `{ $name }`（{ $mime }，{ $bytes } 字节）
core-export-file = 附件 `{ $name }`

## 附件：为何需要确认，为何无法附加。
core-attach-pasted = 来自粘贴
core-attach-outside = 位于工作目录之外
core-attach-hidden = 是隐藏文件
core-attach-file-why = { $name }（{ $why }）
core-attach-why-sep = ；
core-attach-files-sep = 、
core-attach-question = 确认发送 { $files }？
core-attach-chip-pasted = 粘贴
core-attach-chip-outside = 目录外
core-attach-chip-hidden = 隐藏
core-attach-chip-secret = 疑似密钥
core-attach-is-folder = 无法附加“{ $word }”：这是一个目录
core-attach-no-such-quoted = 无法附加“{ $word }”：文件不存在（请修正路径，或删掉 @ 作为普通文字发送）
core-attach-cannot-quoted = 无法附加“{ $word }”：{ $why }
core-attach-nothing-at = 找不到要附加的文件“{ $word }”（去掉 @ 即作为普通文字发送）
core-attach-cannot = 无法附加 { $name }：{ $why }
core-attach-image-too-big = 无法附加 { $name }：图片大小为 { $size } 字节，上限为 { $cap }（{ $mib } MiB）
core-attach-text-too-long = 无法附加 { $name }：文件大小为 { $size } 字节，作为文本文件过大（上限 { $cap }，即 { $kib } KiB）
core-attach-binary = 无法附加 { $name }：不是文本文件（也不是 PNG、JPEG、WebP 或 GIF 图片）
core-attach-not-utf8 = 无法附加 { $name }：不是 UTF-8 文本

## 工具：将运行什么、请求的提示、调用为何需要确认。
core-tool-builtin-runs = 内置工具 { $name }（只读，仅限工作目录）
core-tool-mcp-runs = MCP 服务 { $server } 的工具 { $tool }
core-tools-mcp-starting = MCP 服务 { $names } 仍在启动：本条消息发送时不带其工具
core-tools-too-many = 当前提供了 { $n } 个工具，而服务商最多只接受 { $most } 个：请在 [mcp_servers.NAME] 中用 enabled_tools 或 disabled_tools 精简列表，或停用某个服务（在聊天中按 F9）
core-secret-home = supchat 是在你的主目录中启动的：每次文件调用都需要确认
core-secret-own-config = 这是 supchat 自己的配置文件（其中存有密钥）
core-secret-own-files = 会访问 supchat 自己的文件（{ $path }）：其中有密钥和会话记录
core-secret-into-home = 会访问你的主目录
core-secret-pattern = 匹配 secret_paths 中的 "{ $pattern }"
core-secret-holds-keys = { $path } 存放着密钥
core-secret-looks-like-key = { $name } 看起来是密钥或机密文件

## MCP 服务：失败原因，工具列表的说明（F9、`supchat mcp list`）。
core-mcp-start-timeout = 未能在 { $secs } 秒内启动（startup_timeout_secs）
core-mcp-list-timeout = 未能在 { $secs } 秒内列出工具（startup_timeout_secs）
core-mcp-exited-with = 服务已退出（{ $status }）
core-mcp-exited = 服务已退出
core-mcp-connection-ended = 连接已结束（{ $why }）
core-mcp-connection-failed = 连接出错（{ $why }）
core-mcp-connection-broke = 连接中断：{ $why }
core-mcp-cannot-start = 无法启动 { $program }：{ $why }
core-mcp-no-pipes = 无法建立与它通信的管道
core-mcp-token-unset = bearer_token_env 指定的 { $var } 未设置
core-mcp-no-http = 无法初始化 HTTP：{ $why }
core-mcp-empty-command = 命令为空
core-mcp-no-program = 找不到程序 { $program }
core-mcp-no-program-in-path = 在 PATH 中找不到程序 { $program }
core-mcp-no-folder = 它的工作目录 { $path } 不存在
core-mcp-unreachable = 无法连接：{ $why }
core-mcp-exited-early = 在响应 initialize 之前就退出了
core-mcp-did-not-start = 未能启动：{ $why }
core-mcp-list-failed = 无法列出工具：{ $why }
core-mcp-schema-too-big = { $tool }：输入 schema 为 { $kib } KiB（上限 { $most } KiB）
core-mcp-list-cut = 列表其余部分：已在 { $n } 个工具处截断（{ $kib } KiB）
core-mcp-left-out = 已略去 { $what }
core-mcp-unlisted = { $key } 中的 { $names } 不在该服务的工具列表中

## 工具调用未执行的原因（告诉模型的始终是英文）。
core-not-run-no-tools = 这次请求没有提供任何工具（配置文件中的 [[tools]]、enabled_tools 和 [mcp_servers] 用于提供工具）
core-not-run-cut = 回复在工具调用写完之前就达到了输出 token 上限（max_tokens），被截断了
core-not-run-step = 本轮已达到工具调用步数上限 1 步（max_tool_steps）
core-not-run-steps = 本轮已达到工具调用步数上限 { $max } 步（max_tool_steps）
core-compare-count = 对比需要 2 到 4 个目标（而不是 { $n } 个）
core-compare-no-provider = 对比目标的 :模型 前面需要提供方名称
core-export-compared = 对比：第 { $n } 个目标对同一条消息的回答
core-export-compare-not-chosen = 对话没有选用这个回答继续
core-compare-twice = { $target } 出现了两次：每个目标只回答一次
core-export-compare-goes-on = 对话选用对比中的回答 { $n } 继续：{ $target }
