# supchat 的简体中文文案：the command line: subcommands' output, --help, errors (src/cli, src/main.rs)。
# 每条消息在 ../en/cli.ftl 里都有对应的英文（有测试保证两边一致）。

## Usage errors: what goes with what on the command line.
cli-not-a-lang = { $value } 不是 en 或 zh-CN
cli-screen-needs-terminal = 聊天界面需要终端（stdin 和 stdout 都是）；在管道和脚本中请用 `supchat ask`
cli-resume-with-subcommand = --resume 和 --continue 用于打开聊天界面；ask 请用 `supchat ask --continue` 或 `--session ID`
cli-demo-with-subcommand = --demo 用于打开聊天界面，不能与子命令一起用
cli-choosing-before-subcommand = 写在子命令前的 -p、-m、--mode、--models 和 --prompt 是给聊天界面的；用于 ask 时请放在 `ask` 之后
cli-resume-bad-id = --resume：{ $error }（`supchat sessions list` 可列出会话；只写 --resume 则从列表中挑选）
cli-mode-not-openai = --mode 只适用于 Sup.ai 服务商；“{ $provider }”请用 --model
cli-models-not-openai = --models 是 Sup.ai 的模型允许列表；“{ $provider }”请用 --model
cli-model-not-supai = --model 只适用于 openai 类服务商；“{ $provider }”是 Sup.ai 服务商：请用 --mode 选择模式（auto、fast、thinking、deep-thinking、expert），用 --models 设置模型允许列表

## Starting up, and writing the output.
cli-no-runtime = 无法启动异步运行时：{ $error }
cli-demo-cannot-start = 无法启动演示服务：{ $error }
cli-demo-config-not-used = 未使用你的配置文件（使用默认按键和配色）：{ $error }
cli-cannot-write-output = 无法写出输出：{ $error }
cli-cannot-write-file = 无法写入 { $path }：{ $error }
cli-cannot-read-file = 无法读取 { $path }：{ $error }

## Words of several commands' output.
cli-warning = 警告：{ $text }
cli-note = 注意：{ $text }
# Between two names: "temperature and max_tokens".
cli-and = { " " }和{ " " }

## supchat config path | check
cli-config-file-missing = 该文件不存在，正在使用内置默认配置
cli-config-no-dir = 此系统上找不到配置目录，正在使用内置默认配置
cli-check-valid = { $path }：有效
cli-check-no-file = 没有配置文件：使用内置默认配置
cli-check-model = 模型 { $model }
cli-check-mode = 模式 { $mode }
cli-check-key-found = 密钥：来自 { $source }
cli-check-key-none = 密钥：未配置（本地服务无需密钥）
cli-check-key-missing = 密钥：未设置（{ $why }）
cli-check-no-model = 注意：未设置模型，请求中不会指明模型；请设置 model = "…"（`supchat models --provider { $provider }` 可列出可用模型）
cli-check-default-mark = （* = 默认服务商）
cli-check-default-no-key = 默认服务商“{ $provider }”没有密钥：`supchat` 和 `supchat ask` 都无法使用它
cli-check-not-sent = 注意：已设置 { $keys }，但不会发送：Sup.ai 的 API 不接受该参数
cli-check-unknown-mode = 注意：模式“{ $mode }”不在 Sup.ai 文档列出的模式中（{ $modes }），将原样发送
cli-check-permissions = { $path } 中有 API 密钥，且其他用户可读；请运行：chmod 600 { $path }
cli-check-mcp-none = MCP 服务：无（用 [mcp_servers.NAME] 添加）
cli-check-mcp-heading = MCP 服务（各启动一次）：
cli-check-tools-none = 工具：无（用 [[tools]] 和 enabled_tools 添加）
cli-check-tools-heading = 工具（提供给 { $providers }；tool_choice { $choice }，max_tool_steps { $steps }）：
cli-check-no-provider = 无服务商
cli-check-builtin = 内置（只读），无需确认即运行
cli-check-asks-first = 运行前确认
cli-check-runs-without-asking = 无需确认即运行
cli-check-not-found = 未找到：{ $program }（不是可执行文件，PATH 中也没有）
cli-check-tool-how = （{ $how }，超时 { $secs } 秒）

## supchat mcp list (and the MCP part of config check)
cli-mcp-ready = 已就绪 · { $n } 个工具
cli-mcp-ready-some = 已就绪 · 提供 { $offered }/{ $tools } 个工具
cli-mcp-starting = 启动中…
cli-mcp-failed = 出错：{ $why }
cli-mcp-off-disabled = 已停用（enabled = false）
cli-mcp-off = 已停用
cli-mcp-more = ，另有 { $n } 个
cli-mcp-tools = 工具：{ $names }
cli-mcp-stderr = stderr：{ $line }
cli-mcp-too-many = 共提供了 { $n } 个 MCP 工具，而服务商最多只接受 { $most } 个：请用 enabled_tools 或 disabled_tools 精简列表
cli-mcp-none = 没有配置 MCP 服务：请在配置文件中添加 [mcp_servers.NAME]

## supchat models
cli-models-none = { $url } 没有列出任何模型
cli-models-no-text-models = 其中没有文本模型
cli-models-bundled = 显示的是 supchat 自带的模型列表（{ $url }：{ $why }）
cli-models-modes-heading = 模式（* = 已配置）：
cli-models-unknown-mode = （已配置；不在文档列出的模式中，将原样发送）
cli-models-models-heading = 模型（{ $n } 个）：

## supchat sessions …
cli-sessions-no-data-dir = 此系统上找不到数据目录；请在配置文件中设置 data_dir
cli-sessions-deleted = 已删除会话 { $id }
cli-sessions-title-empty = 新标题为空
cli-sessions-no-reply = 尚无回复
cli-sessions-none = 还没有保存的会话
cli-sessions-bad-id = 文件中的会话 ID { $id } 无效：已用新 ID 导入
cli-sessions-no-match = 没有与 { $query } 匹配的内容
cli-sessions-check-ok = { $path }：正常
cli-sessions-check-ok-notes = { $path }：正常；{ $notes }
cli-sessions-check-found = { $path }：SQLite 完整性检查发现以下问题：

## supchat ask
cli-ask-diverged = 流式传输中断，重新请求的回复与已输出的开头不一致：已输出的内容不完整
cli-ask-cancelled = 已取消
cli-ask-mcp-failed = MCP 服务 { $name } 出错：{ $why }；本次提问不使用它的工具
cli-ask-no-answer = 本轮结束，但没有得到回复
cli-ask-request-failed = 请求失败
cli-ask-no-tools-offered = 模型请求调用 { $name }({ $args })，但此服务商未提供任何工具
cli-ask-stdin-failed = 无法从 stdin 读取提示词：{ $error }
cli-ask-nothing = 没有要问的内容：请给出提示词，或通过管道传入
cli-ask-not-saved = 会话未保存：{ $why }
cli-ask-nothing-to-continue = 没有可继续的已保存会话
# A tool call asked about on the terminal; the answers stay y, n, a.
cli-ask-prompt = 运行 { $name } { $args }（将运行：{ $what }）{ $because }？[y] 是，[N] 否，[a] 此工具始终允许：
cli-ask-prompt-because = （需要确认：{ $why }）
cli-ask-bad-answer = 已拒绝：{ $answer } 不是 y 或 a
cli-ask-no-stderr-terminal = stderr 不是可用于询问的终端
cli-ask-no-stdin-terminal = stdin 不是终端
cli-ask-asks-because = 需要确认：{ $why }
cli-ask-asks-before = 运行前需要确认（approve = "ask"）
cli-ask-declined-unasked = 已拒绝 { $name }：{ $asks }，但 { $why }；--yes 会直接运行所有调用
cli-ask-tool-declined = 已拒绝 { $name }
cli-ask-tool-failed = { $name } 出错：{ $why }
cli-ask-tool-returned = { $name } 返回了 { $n } 个字符

## --help: the headings, clap's own flags and help subcommand, values.
cli-heading-usage = 用法：
cli-heading-commands = 命令：
cli-heading-arguments = 参数：
cli-heading-options = 选项：
cli-flag-help = 显示帮助
cli-flag-help-more = 显示帮助（--help 查看详细说明）
cli-flag-help-summary = 显示帮助（-h 查看摘要）
cli-flag-version = 显示版本
cli-sub-help = 显示本帮助，或指定子命令的帮助
cli-arg-help-subcommand = 要查看帮助的子命令
cli-help-default = [默认：{ $value }]
cli-help-possible = [可选值：{ $values }]

## --help: what supchat is, and each subcommand (cli-sub-PATH) and
## argument (cli-arg-PATH-NAME, else cli-arg-NAME wherever it appears).
cli-about = 在终端里与 Supage、Sup.ai 及任何兼容 OpenAI 的 API 聊天
cli-about-long =
    在终端里与 Supage、Sup.ai 及任何兼容 OpenAI 的 API 聊天。

    不带命令时，supchat 打开聊天界面：对话内容、输入框，以及切换服务商、模型和 Sup.ai 模式的快捷键；回复以流式显示并渲染 Markdown，每个会话都会保存，之后可以继续（--continue、--resume、F5）。`supchat ask` 发送一条提示词并输出回复，适合脚本和管道；`supchat --demo` 离线演示聊天界面，无需密钥。
cli-arg-config = 使用的配置文件（默认：$SUPCHAT_CONFIG，其次是 <配置目录>/supchat/config.toml）
cli-arg-demo = 离线试用聊天界面：由内置服务发送预设的回复（无需密钥）
cli-arg-lang = 界面语言：en 或 zh-CN（默认：配置文件中的 `language`，其次是 LC_ALL、LC_MESSAGES、LANG）
cli-arg-resume = 继续一个已保存的会话：按 ID（唯一前缀即可），或从列表中挑选
cli-arg-continue = 继续最近的会话
cli-arg-no-save = 不保存任何内容（等同于配置文件中的 save_sessions = false）
cli-arg-provider = 使用的服务商（默认：聊天界面沿用上次选择的，`ask` 使用配置文件中的 default_provider）
cli-arg-model = 使用的模型（openai 类服务商）
cli-arg-mode = Sup.ai 模式：auto、fast、thinking、deep-thinking、expert
cli-arg-models = Sup.ai：模型允许列表（逗号分隔的模型 ID；`all` 表示全部模型）
cli-arg-preset = 使用提示词预设 NAME（[prompts.NAME]：其系统提示词，以及此处未指定时它的服务商、模型或模式和温度）
cli-sub-ask = 提一个问题，并将回复流式输出到 stdout
cli-arg-ask-system = 系统提示词（代替配置中的）
cli-arg-ask-no-stream = 等待完整回复，不流式输出
cli-arg-ask-no-reasoning = 不输出模型的推理过程（默认输出到 stderr）
cli-arg-ask-stats = 在 stderr 输出首个 token 的耗时、每秒 token 数和用量
cli-arg-ask-raw = 按收到的原样输出回复，包括控制字符
cli-arg-ask-continue = 将本轮加入最近的已保存会话（并保存）
cli-arg-ask-session = 将本轮加入已保存的会话 ID（唯一前缀即可）
cli-arg-ask-yes = 所有工具调用都直接运行，不再询问（否则 approve = "ask" 的工具会在终端上询问，stdin 不是终端时则拒绝）
cli-arg-ask-prompt = 提示词；为 `-` 或省略时，若 stdin 是管道则从中读取。选项可以写在它后面；以 `-` 开头的提示词前请加 `--`
cli-sub-models = 列出服务商提供的模型（Sup.ai：其模式和模型 ID）
cli-arg-models-provider = 要列出的服务商（默认：配置文件中的 default_provider）
cli-sub-config = 显示配置文件的位置、内容以及是否有效
cli-sub-config-path = 输出正在使用的配置文件路径
cli-sub-config-show = 输出实际生效的配置，密钥已隐去
cli-sub-config-check = 校验配置文件，说明每个服务商的密钥来自何处，并将每个已启用的 MCP 服务启动一次（有失败时退出码为 2）
cli-sub-mcp = MCP 服务：将每个已启用的服务启动一次，列出其状态和工具
cli-sub-mcp-list = 将每个已启用的服务启动一次（最长等待其启动超时）并列出：已就绪的附上工具，出错的附上原因和 stderr。有失败时退出码为 2
cli-sub-sessions = 列出、查看、导出、导入、重命名、删除或搜索已保存的会话
cli-sub-sessions-list = 列出会话，最新的在前
cli-arg-sessions-list-json = 输出 JSON 数组（id、title、created、updated、provider、model、messages、cost）
cli-arg-sessions-list-limit = 最多列出多少个（至少 1 个）
cli-sub-sessions-show = 以 Markdown 输出一个会话
cli-arg-sessions-show-id = 会话 ID，或其唯一前缀
cli-sub-sessions-export = 将会话写入文件（或 stdout）
cli-arg-sessions-export-output = 要写入的文件（默认：stdout）
cli-arg-sessions-export-reasoning = 包含模型的推理过程（Markdown）
cli-sub-sessions-import = 读入以 JSON 导出的会话
cli-sub-sessions-delete = 删除一个会话
cli-sub-sessions-rename = 给会话改一个新标题
cli-sub-sessions-search = 在所有会话的文本中搜索
cli-sub-sessions-check = 用 SQLite 的完整性检查来检查数据库
cli-sub-completions = 输出 shell 补全脚本：bash、zsh、fish、elvish 或 powershell
cli-sub-man = 输出 man 手册（roff 格式；`supchat man | man -l -`），或某个子命令的手册（`supchat man ask`、`supchat man sessions`）
cli-check-unset = （未设置）

## 命令行用法错误（clap 只有英文，中文由 supchat 自己说）。
cli-err = 错误：{ $what }
cli-err-unknown-arg = 无法识别的参数 '{ $arg }'
cli-err-unknown-sub = 无法识别的子命令 '{ $sub }'
cli-err-no-value = '{ $arg }' 需要一个值
cli-err-bad-value = '{ $arg }' 的值 '{ $value }' 无效
cli-err-invalid = '{ $arg }' 的值 '{ $value }' 无效：{ $why }
cli-err-missing = 缺少必需的参数：{ $args }
cli-err-missing-sub = 需要一个子命令
cli-err-conflict = '{ $arg }' 不能与 '{ $other }' 同时使用
cli-err-no-equals = '{ $arg }' 的值须写在 = 之后
cli-err-value-count = '{ $arg }' 的值个数不对
cli-err-utf8 = 有参数不是有效的 UTF-8
cli-err-possible = （可选值：{ $values }）
cli-err-did-you-mean = （是不是想输入 '{ $suggestion }'？）
cli-err-usage = 用法：{ $usage }
cli-err-more = 运行 '--help' 查看更多信息。
cli-err-not-a-number = 不是有效的整数
cli-err-list-sep = 、

## ask --compare。
cli-arg-ask-compare = 把同一个问题依次发给 2 到 4 个目标，每个回答前有标题：TARGET 是服务商，可加 :模型 或 Sup.ai 的 :模式（如 supage,supai:fast）；第一个之后的回答都是同一轮的分支
cli-compare-count = --compare 需要 2 到 4 个目标，用逗号分隔（当前为 { $n } 个）
cli-compare-not-with-choosing = --compare 自己指定目标：请不要同时使用 -p、-m、--mode 和 --models
cli-arg-ask-json = 与 --compare 一起使用：每个回答输出为一行 JSON（provider、model、text、ttft_ms、duration_ms、tokens_per_sec、usage、cost，或 error），而不是流式输出
cli-compare-no-provider = --compare 的目标需要在 :模型 前写上服务商名称
cli-arg-ask-wire = 把网络收发的内容以 JSON 行追加写入 FILE：每个请求（密钥已遮蔽）、响应状态与响应头、按到达顺序的每行响应体，并附轮次、服务商、尝试次数和距请求发出的毫秒数
cli-wire-cannot-open = 无法打开网络记录文件 { $path }：{ $why }
cli-wire-cannot-write = 网络记录文件 { $path } 写入失败（{ $why }）：内容不完整
