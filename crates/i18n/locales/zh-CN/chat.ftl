# supchat 的简体中文界面文字。每条消息在 en.ftl 中都有对应的英文（有测试保证两边一致）。
# 命令名（/new）和配置键名在任何语言下都保持原样。

## 各命令的简短说明：命令面板、输入提示和帮助中显示。
cmd-new = 新建会话（当前会话已自动保存）
cmd-retry = 重新回答上一条消息，可换用其他服务商
cmd-provider = 下一条消息使用的服务商（不带名称时弹出选择列表）
cmd-model = 选择模型（Sup.ai：限定参与的模型）
cmd-mode = Sup.ai 模式：auto、fast、thinking、deep-thinking、expert
cmd-prompt = 系统提示词预设
cmd-sessions = 会话列表，可按 TEXT 搜索
cmd-find = 在当前会话中查找文字并高亮
cmd-attach = 从当前目录选择文件作为附件（也可输入 @路径）
cmd-export = 将会话导出为 Markdown 或 JSON（默认写入当前目录）
cmd-copy = 复制最后一条回复
cmd-code = 复制代码块
cmd-reasoning = 展开或折叠推理过程
cmd-details = 开启或关闭 Sup.ai 运行详情
cmd-long = 完整显示或折叠长消息和工具输出
cmd-editor = 用 $EDITOR 编辑草稿
cmd-panel = 展开或折叠 Sup.ai 运行面板
cmd-mcp = MCP 服务：查看状态和工具；重启、停用或启用
cmd-lang = 界面语言：英文或中文（en、zh-CN）
cmd-help = 所有按键和命令
cmd-quit = 退出（有未发送的草稿时需按两次）
cmd-palette = 命令面板：按名称执行任意操作（也可在输入框中输入 /名称）
cmd-select-up = 选中消息：y 复制、o 复制代码、e 编辑、r 重新回答、d 删除、i 网络收发、← → 切换分支
cmd-select-down = 选中下一条消息

## 按键自身的说明（与对应命令不同时）。
key-next-provider-does = 切换到下一个服务商
key-next-mode-does = 切换到下一个 Sup.ai 模式

## 帮助中对按键的说明（与命令说明不同时）。
key-model-help = 模型选择器（Sup.ai：限定参与的模型，空格键勾选）
key-prompt-help = 系统提示词：选择预设（[prompts.NAME]）
key-sessions-help = 会话：恢复、搜索、重命名、删除
key-find-help = 在会话中查找（Enter/↑ 上一处，↓ 下一处）
key-code-help = 复制代码块（从列表中选择）
key-details-help = 为下一条消息开启或关闭 Sup.ai 运行详情
key-panel-help = 展开或折叠 Sup.ai 运行面板
key-mcp-help = MCP 服务：状态、重启、启用/停用
key-help-help = 本帮助

## 含义固定的按键。
fixed-enter = 发送；回复生成中则排队；输入框为空时重发失败的消息
fixed-newline = 换行（终端能区分时也可用 Shift+Enter）
fixed-esc = 撤回最新排队的消息；否则停止回复；关闭弹窗
fixed-ctrl-c = 停止生成中的回复；否则清空草稿；否则退出（按两次）
fixed-ctrl-z = 挂起到后台（在 shell 中输入 fg 恢复）
fixed-tab = 补全输入框中的 /命令 或 @文件
fixed-approval = 工具调用待确认：运行 / 拒绝 / 本次会话始终允许
fixed-up-down = 上一条 / 下一条历史输入（输入框为空时）
fixed-line-ends = 行首 / 行尾
fixed-delete-words = 删除前一个词 / 删除到行尾
fixed-word-moves = 光标左移 / 右移一个词（也可用 Ctrl+← / Ctrl+→）
fixed-undo = 输入框中撤销 / 重做
fixed-pages = 滚动会话
fixed-home-end = 跳到会话顶部 / 回到底部（自动跟随新内容）
fixed-wheel = 滚动

## 帮助界面。
help-title = 帮助 — Esc 关闭
help-title-scroll = 帮助 — ↑↓ 滚动，Esc 关闭
help-more-below = ↓ 下面还有 · End 跳到底部
help-commands = 命令：在输入框中输入 /，或打开命令面板（{ $key }）

## 底栏与输入框的提示。
hint-commands = 命令
hint-help = 帮助
hint-provider = 服务商
hint-model = 模型
hint-sessions = 会话
hint-mode = 模式
hint-stop = 停止
input-placeholder = Enter 发送 · { $newline } 换行 · { $help } 帮助

## 界面语言。
lang-now = 界面已切换为中文（/lang en：English）
lang-unknown = 不支持语言 { $name }：请使用 /lang en 或 /lang zh-CN

## MCP 服务。
mcp-ready = MCP 服务 { $name } 已就绪：{ $n } 个工具
mcp-failed = MCP 服务 { $name } 出错：{ $why }（按 { $key } 查看详情）
mcp-off = MCP 服务 { $name } 已停用：其工具不再提供给模型
mcp-footer-failed = MCP：{ $n } 个失败
mcp-footer-starting = MCP：{ $n } 个启动中…
mcp-panel-title = MCP 服务
mcp-panel-keys = ↑↓ 选择 · r 重启 · 空格 停用/启用 · { $close } 关闭
mcp-panel-keys-short = ↑↓ · r 重启 · 空格 停用/启用
mcp-panel-closes = { $close } 关闭
mcp-state-ready = 已就绪 · { $n } 个工具
mcp-state-ready-some = 已就绪 · 提供 { $offered }/{ $n } 个工具
mcp-state-starting = 启动中…
mcp-state-failed = 出错：{ $why }
mcp-state-off = 已停用
mcp-stderr = 最近的 stderr 输出：
mcp-tools = 工具：{ $names }
mcp-none =
    尚未配置 MCP 服务。请在配置文件中添加：

## 空白会话页。
welcome-demo = 离线演示，不保存任何内容。试试：
welcome-demo-hello = 一段 Markdown 回复
welcome-demo-code = 可复制的代码块
welcome-demo-slow = 较长的回复，按 Esc 停止
welcome-demo-chinese = 中文回答
welcome-demo-error = 失败一次，按 Enter 重发
welcome-demo-supai = Sup.ai：多模型运行
welcome-mode = 切换模式
welcome-model = 切换模型
welcome-enter = 发送下方输入的内容
welcome-palette = 所有命令，可搜索
welcome-help = 帮助和全部按键
welcome-provider = 切换服务商
welcome-sessions = 已保存的会话
welcome-attach = 添加附件
welcome-slash = 按名称执行命令

## 选择列表。
picker-keys = Enter 选择 · Esc 取消
picker-keys-multi = Space 勾选 · Enter 应用 · Esc 取消
picker-sends-all = Enter 发送给：全部模型（不限定）
picker-sends-only = Enter 发送给：仅 { $model }
picker-sends-ticked = Enter 发送给：已勾选的 { $n } 个模型（Ctrl+D 全部取消）
picker-nothing = 没有匹配项
picker-free = 直接使用模型名“{ $name }”
picker-all = 全部模型（不限定）
picker-in-use = （使用中）

## 工具调用确认面板。
approval-title = 运行 { $tool }？
approval-of = （第 { $n } 个，共 { $of } 个）
approval-unarmed = { " " }按键仍会输入到草稿：稍等片刻再确认{ " " }
approval-keys-long = { " " }y 运行 · n 拒绝 · a 本次会话始终允许 · Esc 取消本轮 · PgUp/PgDn 滚动{ " " }
approval-keys = { " " }y 运行 · n 拒绝 · a 本次会话始终允许 · Esc 取消本轮{ " " }
approval-keys-short = { " " }y 运行 · n 拒绝 · a 总允许 · Esc 停止{ " " }
approval-why = 本次需要确认：{ $why }
approval-runs = 将运行：
approval-more = 还有 { $n } 行
approval-auto = 自动运行（无需确认）
approval-user = 你已批准
approval-session = 本次会话已允许
approval-flag = 已通过 --yes 批准
approval-declined = 你已拒绝

## 会话中的工具调用。
tool-so-far = … 已收到 { $kib } KiB
tool-waiting = … 等待你的确认：y 运行，n 拒绝，a 本次会话始终允许
tool-running = … 运行中
tool-no-result = 无结果：该调用返回前本轮已结束（或 supchat 已退出）
tool-none-configured = 未运行：未配置任何工具（请在配置中设置 [[tools]] 和 enabled_tools）
tool-no-output = 无输出
tool-size = { $lines } 行，{ $chars } 个字符
tool-more-lines = ▸ 还有 { $n } 行 · 按 { $key } 展开

## 底栏状态。
figures-waiting = 等待确认
figures-running-tools = 工具运行中

## 会话列表（F5）。
sessions-title = 会话
sessions-keys = Enter 打开 · Ctrl+R 重命名 · Ctrl+D 删除 · { $new } 新建 · Esc 关闭
sessions-keys-rename = Enter 保存标题 · Ctrl+U 清空 · Esc 保持原样
sessions-keys-delete = y 删除 · 其他任意键保留
sessions-new-title = 新标题：
sessions-delete-on-screen = 删除“{ $title }”（当前显示的会话）？y / n
sessions-delete = 删除“{ $title }”？y / n
sessions-loading = 加载中…
sessions-none = 还没有已保存的会话
sessions-hit = 第 { $n } 条消息 · “{ $snippet }”

## 输入 API 密钥。
key-title-rejected = { $provider } 的 API 密钥被拒绝
key-title-none = { $provider } 没有 API 密钥
key-keys = Enter 保存 · Esc 跳过 · { $other } 切换服务商
key-give-another = 请输入另一个密钥：
key-give-one = 请输入密钥：
key-none-found = supchat 没有找到“{ $provider }”的 API 密钥，可用以下任一方式提供：
key-env-before = • 设置环境变量{ " " }
key-env-after = { " " }后重新启动 supchat，或者
key-the-config = 配置文件
key-paste = • 在此粘贴或输入：密钥会以 api_key 保存到 { $path }，仅你本人可读。
key-resend = 保存密钥后会重新发送失败的消息。
key-typed = （{ $n } 个字符）
key-label = 密钥：
key-saving = 保存中…
key-help-supage = 向 BoB 机器人发送 `api apply` 命令获取密钥（形如 su-…）
key-help-supai = 在 https://sup.ai/api/keys 获取密钥

## 会话内容。
label-you = 你
label-ai = AI
label-error = 错误
label-tool = 工具
reasoning-folded = ▸ 推理过程：{ $words } 个词，{ $secs } 秒（按 { $key } 展开）
header-new = 新会话
header-demo = 演示 · 离线 · { $title }

## 底栏消息。
flash-long-open = 长消息和工具输出已完整显示
flash-long-folded = 长消息和工具输出已折叠
flash-reasoning-folded = 推理过程已折叠
flash-reasoning-shown = 推理过程已展开
flash-copying-reply = 正在复制最后一条回复…
flash-no-reply = 还没有可复制的回复
flash-draft-cleared = 草稿已清空：Ctrl+U 或 ↑ 可恢复
flash-nothing-to-complete = 这里没有可补全的内容
flash-queued = 已排队：回复结束后发送（Esc 撤回）
flash-queue-full = 已有 { $n } 条消息在排队：请等待回复，或按 Esc 撤回一条
flash-copy-failed = 复制失败：{ $why }
flash-copied = 已复制到{ $how }
flash-open-failed = 无法打开该会话：{ $why }
flash-exported = 已导出到 { $path }
flash-not-exported = 未导出：{ $why }
flash-copying-message = 正在复制消息…
flash-kept = 已保留
flash-turn-deleted = 已删除该轮对话
flash-not-deleted = 未删除：{ $why }
flash-still-streaming = 回复仍在生成：请先按 Esc 停止
flash-nothing-to-export = 还没有可导出的内容
flash-exporting = 正在导出…
flash-copying-code = 正在复制代码块…
flash-no-file = 当前目录下没有可附加的文件
flash-no-file-starts = 没有以 { $partial } 开头的文件
mcp-starting = MCP 服务 { $name }：启动中…
clipboard-system = 系统剪贴板（{ $tool }）
clipboard-tmux = 终端（OSC 52；在 tmux 中需要 `set -g set-clipboard on`）
clipboard-terminal = 终端剪贴板（OSC 52，需终端支持）
help-commands-no-key = 命令：在输入框中输入 /
palette-key-does = { $key }：{ $does }
fixed-wheel-keys = 鼠标滚轮

## 查找、选中、滚动和排队。
find-label = 查找{ " " }
find-no-match = 没有匹配项
find-keys = Enter/↑ 上一处 · ↓ 下一处 · Esc 关闭{ " " }
message-folded = ▸ 还有 { $n } 行（共 { $all } 行，{ $chars } 个字符）· 按 { $key } 展开
failed-resend = ↻ 在空输入框中按 Enter 重新发送 · 先按 { $key } 再按 e 可编辑
scroll-more-below = ↓ 下面还有 · End 跟随最新
scroll-more-rows = ↓ 还有 { $n } 行 · End 跟随最新
queued-line = 排队中 · { $text }
selected-hint = 已选中：{ $branch }Esc 取消 · y 复制 · o 复制代码 · e 编辑 · r 重新回答 · d 删除 · i 网络收发 · { $keys }
next-message-goes = 下一条消息发送给 { $label }
reasoning-open = ▾ 推理过程
figures-ctx = 上下文

## Sup.ai 运行面板和摘要。
supai-models = { $n } 个模型
supai-done = 已完成
supai-stopped = 已停止
supai-started = 已开始
supai-thinking = 思考中
supai-answering = 回答中
supai-mode = 模式{ " " }
supai-wrote-consensus = 已汇总出共识答案
supai-writes-consensus = 正在汇总共识答案
supai-run = Sup.ai 运行
supai-folds = 按 { $key } 折叠
supai-consensus-by = 由 { $model } 汇总共识
supai-more = 另外 { $n } 个
supai-answer-from = 答案来自 { $models }
supai-confidence = 置信度 { $range }
picker-title-commands = 命令
picker-title-provider = 服务商
picker-title-mode = Sup.ai 模式
picker-title-attach = 添加附件
picker-title-code = 复制代码块
picker-title-model = { $provider } 的模型
picker-title-allow-list = { $provider } 参与的模型
picker-title-prompt = 系统提示词

## 回复如何结束，以及发送失败。
end-cancelled = 已取消
end-length = 回复达到输出 token 上限（max_tokens）被截断
end-content-filter = 服务商屏蔽了这条回复的部分内容（内容过滤）
end-incomplete = 这条回复有 { $n } 部分无法读取（服务器返回的数据格式有误），可能缺少文字
failed-request = 请求失败
failed-not-sent = 消息未发送
flash-details-supai-only = 运行详情是 Sup.ai 的功能，{ $name } 不支持（按 { $key } 切换到 Sup.ai）
flash-details-on = 下一条消息将开启 Sup.ai 运行详情
flash-details-off = 下一条消息将关闭 Sup.ai 运行详情
flash-no-supai-run = 没有可显示的 Sup.ai 运行（按 { $key } 为 Sup.ai 开启运行详情）
flash-new-while-streaming = 回复仍在生成：请先按 Esc 停止，再按 { $key }
flash-queue-dropped = 已丢弃 { $n } 条排队的消息
flash-delete-turn = 删除这一轮对话（你的消息及其回答）？y 删除 · 其他任意键保留
flash-edit-yours-only = 只能编辑你自己的消息（按 r 可重新回答最后一条）
flash-editing = 正在编辑较早的消息 · Esc 取消 · Enter 从此处重新发送（后面的内容会作为另一个分支保留）
flash-no-presets = 没有配置系统提示词预设（在配置中用 [prompts.NAME] 设置 system_prompt）
flash-quit-armed = 再按一次 Ctrl+C 退出（按 { $key } 立即退出）
flash-tool-waits = 有工具调用待确认：y 运行，n 拒绝，a 本次会话始终允许 · Esc 停止本轮
flash-tool-always = 本次会话中 { $tool } 将直接运行，不再询问
mcp-none-configured = 没有配置 MCP 服务（在配置中添加 [mcp_servers.NAME]）
mcp-usage = 用法：/mcp、/mcp restart 名称、/mcp off 名称 或 /mcp on 名称
mcp-unknown = 没有名为“{ $name }”的 MCP 服务（已配置：{ $names }）
mcp-on-already = MCP 服务 { $name } 已在运行（/mcp restart { $name } 可重启）
flash-key-saved = 密钥已保存到 { $path }（仅你本人可读）
flash-session-deleted = 已删除“{ $title }”
flash-queue-held-failed = { $n } 条排队的消息已暂停：按 Enter 重发失败的消息后继续发送队列；Esc 撤回最后一条
flash-queue-held = { $n } 条排队的消息已暂停：按 Enter 逐条发送，Esc 撤回最后一条
flash-context-full = 此会话已占用模型上下文的 { $share }%：下一次请求可能被截断或拒绝；用 /new 开始新会话
flash-complete-none = /{ $cmd } 后没有可补全的内容
flash-complete-no-start = /{ $cmd } 后没有以 { $typed } 开头的项
flash-complete-next = { $names } · 按 Tab 切换下一个
flash-supai-only = 从下一条消息起 Sup.ai 只使用 { $model }（按 { $key } 可选择多个或全部）
flash-edited-too-long = 编辑后的草稿超过 { $n } 行，草稿未改变（请通过管道交给 `supchat ask`）
flash-editor-failed = 编辑器出错：{ $why }；草稿未改变
supai-use-all = 全部模型
supai-use-only = 仅 { $model }
supai-use-chosen = 选中的 { $n } 个模型
flash-supai-will-use = 从下一条消息起 Sup.ai 使用{ $what }
flash-no-supai = 没有配置 Sup.ai 服务商，因此没有可选模式

## The rest of the screen's words: the editor, the terminal, pickers' notes, branches, the header and the footer.
editor-no-temp-file = 无法创建临时文件：{ $e }
editor-cannot-write = 无法写入草稿：{ $e }
editor-cannot-read = 无法读回草稿：{ $e }
editor-failed-kept = `{ $cmd }` 退出（{ $status }）；已保存的内容仍保留
editor-failed = `{ $cmd }` 退出（{ $status }）
editor-cannot-run = 无法运行 `{ $cmd }`：{ $e }
editor-task-failed = 编辑器任务出错：{ $e }
fatal-cannot-read-terminal = 无法读取终端输入：{ $e }
fatal-cannot-set-up-terminal = 无法初始化终端：{ $e }
fatal-cannot-open-sessions = 无法打开会话记录：{ $e }
fatal-cannot-draw = 无法绘制界面：{ $e }
fatal-internal-error = supchat：因内部错误而退出（这是 bug，请附上上面的信息报告给我们）
print-started-over = 流式传输中断，已重新请求（后续内容须与已输出部分开头一致）
print-restarted = Sup.ai 重新开始作答，新的回答如下
key-save-no-config-dir = 此系统上找不到配置目录；请改用环境变量设置密钥
picker-info-no-models = info 接口没有列出任何模型
flash-no-command = 没有 /{ $name } 这个命令（{ $key } 可查看全部：{ $names }）；以 // 开头可发送以 / 开头的消息
flash-command-could-be = /{ $name } 可能是 { $names }
words-or = { " 或 " }
flash-reading-attachments = 正在读取附件…
flash-attach-confirm = 再按 Enter 发送 · { $why }
flash-attach-as-text = 再按 Enter 按普通文字发送 · { $why }
flash-preset-next = 从下一条消息起使用提示词“{ $name }”，发往 { $target }
flash-preset-none = 从下一条消息起使用默认系统提示词
picker-preset-none = 不使用 · 沿用服务商或配置文件中的系统提示词
complete-in-all = { " " }… 共 { $n } 个
flash-no-code-here = 这条消息里没有代码块
flash-no-code-yet = 还没有可复制的代码块
not-saved-this-run = 本次运行不保存任何内容（--no-save、save_sessions = false 或演示模式）
flash-queued-back = 排队的消息已放回输入框
flash-queued-removed = 已移除排队的消息（按 ↑ 可找回）
flash-queue-esc-stops = { $said }；再按 Esc 停止回复
flash-queue-still = { $said }；还有 { $n } 条在排队
flash-paste-too-long = 共 { $lines } 行，输入框最多容纳 { $most } 行：请改用管道传给 `supchat ask`（未添加任何内容）
flash-dropped-paths = { $n } 个文件路径：发送时作为 @路径 附加（删去 @ 则作为文字发送）
picker-loading = 正在加载列表…
picker-no-list = 无法获取模型列表：{ $why }。可直接输入模型名
picker-built-in-list = 显示内置列表（{ $why }）
sessions-db-unopened = 无法打开会话数据库
flash-no-session-list = 无法显示会话列表：{ $why }
flash-title-empty = 标题不能为空（按 Esc 保留原标题）
flash-at-the-match = 已定位到匹配处 · 按 End 回到最新
flash-new-unsaved = 新会话（上一个会话未保存）
flash-new-saved = 新会话；上一个会话已保存（{ $key } 查看会话列表）
header-run-details = 运行详情
footer-not-saved = 未保存：{ $why }
figures-rate = { " " }· ~{ $rate } tok/s
figures-live = 首字延迟 { $ttft }s{ $rate } · { $elapsed }s
queued-more = { " " }⋯ 另有 { $n } 条在排队
branch-tool-call = ⑂ 另一分支的工具调用
branch-other = ⑂ 另一分支
branch-other-first = ⑂ 另一分支：“{ $first }”
branch-edited = ✎ 已编辑：原先的版本保留为另一分支
branch-back-to = ↩ 回到“{ $first }”所在的分支
waiting-for = { $spinner } 正在等待{ " " }

## 相对时间与大小（会话列表、附件、工具输出）。
ago-now = 刚刚
ago-minutes = { $n } 分钟前
ago-hours = { $n } 小时前
ago-yesterday = 昨天
ago-days = { $n } 天前
size-bytes = { $n } 字节
size-units = { $n } { $unit }
figures-spent = 合计 { $cost }
signature-ttft = 首字延迟 { $secs }s
key-not-a-key = 这不像 API 密钥（含空格、非 ASCII 字符，或是 /命令）：Ctrl+U 清空，Esc 关闭
flash-quit-draft = 草稿尚未发送：再按 { $key } 退出，草稿将丢失

## 文件或连接出错的原因（常见错误类型的系统信息）。
io-not-found = 文件或目录不存在
io-permission-denied = 没有权限
io-connection-refused = 连接被拒绝
io-connection-reset = 连接被对方关闭
io-timed-out = 超时
io-already-exists = 已存在
io-is-a-directory = 这是一个目录
io-not-a-directory = 路径中有一部分不是目录
io-storage-full = 磁盘已满
io-read-only = 文件系统是只读的
io-invalid-data = 内容不是有效的文本（UTF-8）
cmd-compare = 把下一条消息同时发给 2 到 4 个目标，并排对比
flash-compare-off = 下一条消息恢复只发给一个提供方
flash-compare-armed = 下一条消息将同时发给 { $targets }（/compare off 取消）
flash-compare-wait = 该回答仍在生成：按 Esc 全部停止
flash-compare-no-lane = 共有 { $n } 个回答：Alt+1…{ $n }
flash-compare-no-answer = 该目标没有可以继续的回答
flash-compare-chosen = 选用回答 { $n } 继续：{ $target }
compare-waiting = 等待首个 token…
compare-failed = ✗ { $why }
compare-goes-on = ▸ 继续此回答
compare-keys-running = Esc 全部停止 · Alt+N 停止第 N 个
compare-keys-done = Alt+N 选用第 N 个继续 · Esc 关闭
picker-title-compare = 对比：勾选 2 到 4 个目标
picker-compare-ticked = 已勾选 { $n } 个 · 空格勾选 · 回车：下一条消息同时发给它们
key-compare-does = 勾选 2 到 4 个目标：下一条消息同时发给它们
cmd-inspect = 查看所选回复在网络上收发的内容：请求、响应、数据帧
inspect-title = 网络收发 · { $provider }
inspect-attempt = 第 { $n } 次尝试（共 { $of } 次）· 发出于 +{ $ms } ms
inspect-request = 请求
inspect-response = 响应 { $status } · +{ $ms } ms
inspect-body = 响应体（按到达顺序）
inspect-failed = 在 +{ $ms } ms 时失败：{ $why }
inspect-dropped = … 另有 { $n } 行（{ $size }）未保留：超过 4 MiB
inspect-folded = … 另有 { $n } 行：按 Tab 展开
inspect-keys = ↑↓ 滚动 · 输入即搜索，回车下一处 · Tab 请求体 · Ctrl+Y 复制为 curl · Esc
inspect-search = 搜索：{ $query }
flash-inspect-none = 没有保留该请求的网络收发：只保留本次运行最近 20 个（wire_log = true 会随会话保存）
flash-inspect-no-match = 没有匹配
flash-copying-curl = 正在复制为 curl 命令（密钥从环境变量读取）
flash-compare-tick = 请用空格勾选 2 到 4 个目标（当前 { $n } 个）
picker-compare-no-key = { $target } · 没有密钥
branch-other-compare = ⑂ 回答 { $n } · { $target }：“{ $first }”
branch-goes-on-compare = ↩ 选用回答 { $n } · { $target } 继续
inspect-body-cut = 请求体在此截断：超过 1 MiB 的部分（图片、文件）未保留
flash-curl-body-cut = 请求体太大，未完整保留：无法复制为 curl
inspect-keys-short = ↑↓ · 输入搜索 · Tab 请求体 · Ctrl+Y curl · Esc
inspect-curl-key = 密钥从 ${ $var } 读取：请先 export { $var }=…
flash-inspect-compare = 对比的回答全部结束后才能查看其网络收发
flash-inspect-nothing = 还没有回复：发送后即可查看其请求
compare-reasoned = ▸ 已推理（{ $words } 词）
inspect-stopped = 已由你停止（连接已关闭）
