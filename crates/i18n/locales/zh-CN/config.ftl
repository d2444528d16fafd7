# supchat 的简体中文文案：配置文件中的错误，以及密钥的来源（crates/core/src/config）。
# 每条消息在 ../en/config.ftl 里都有对应的英文（有测试保证两边一致）。

## 表或设置项中的错误：先说位置，再说问题。
conf-at = { $at }：{ $what }
conf-tool-at = 工具 { $name }

## 设置项的各类错误。
conf-empty = { $key } 为空
conf-at-least = { $key } 不能小于 { $min }
conf-at-most = { $key } 不能大于 { $max }
conf-between = { $key } 必须在 1 到 { $most } 之间
conf-between-not = { $key } 必须在 1 到 { $most } 之间，当前为 { $value }
conf-temperature = temperature 必须在 0 到 2 之间
conf-temperature-not = temperature 必须在 0 到 2 之间，当前为 { $value }
conf-command-empty = command 至少要写明要运行的程序
conf-approve-bad = approve 的值 { $value } 无效，应为 "ask" 或 "auto"

## 读取配置文件及其顶层设置。
conf-cannot-read-file = 无法读取配置文件：{ $error }
conf-default-provider-unknown = default_provider "{ $name }" 不是已配置的服务商（已配置：{ $known }）
conf-language-bad = language 的值 { $value } 无效，应为 "en" 或 "zh-CN"
conf-theme-bad = theme 的值 "{ $value }" 无效，应为 "auto"、"dark" 或 "light"

## 服务商。
conf-provider-unknown = 没有名为“{ $name }”的服务商（已配置：{ $known }）
conf-no-model = 未设置模型
conf-kind-unknown = 未知的 kind "{ $kind }"（应为 "openai" 或 "supai"）
conf-provider-needs-kind = 服务商 "{ $name }" 需要设置 kind = "openai" 或 "supai"
conf-provider-needs-url = 服务商 "{ $name }" 需要设置 base_url
conf-only-kind = { $key } 是 kind 为 "{ $kind }" 的服务商才有的设置，而服务商 "{ $name }" 的 kind 是 "{ $other }"
conf-model-use-mode = model（请改用 mode 和 models）
conf-builtin-kind = 服务商 "{ $name }" 是内置服务商，kind 为 "{ $kind }"；kind 为 "{ $other }" 的服务商请另起一个名字
conf-models-empty-id = models 中有一个空的模型 id（{ $id }）
conf-api-key-control = api_key 含有控制字符（可能混入了换行或转义符？），无法放进请求头发送
conf-api-key-env-looks-like-key = api_key_env 应填写环境变量的名称（如 SUPAGE_API_KEY），而这里填的看起来就是密钥本身：请把密钥放进该环境变量，或改写成 api_key = "…"
conf-api-key-env-bad = api_key_env 必须是环境变量的名称：只能包含字母、数字和 _，且不能以数字开头
conf-mode-unknown = 未知的模式 { $mode }：模式应为 { $modes } 之一（或其他由字母、数字和短横线组成的 id）
conf-url-bad = base_url { $url } 不是有效的 URL：{ $why }
conf-url-scheme = 必须以 http:// 或 https:// 开头
conf-url-no-host = 缺少主机名
conf-url-query = 不能带查询参数或片段（? 或 #）
conf-url-credentials = 凭据请写在 api_key 中，不要放进 URL

## 密钥的来源及读取。
conf-key-source-inline-file = { $path } 中的 api_key
conf-key-source-inline = 配置文件中的 api_key
conf-key-source-cmd = api_key_cmd `{ $cmd }` 的输出
conf-key-source-env = 环境变量 { $var }
conf-key-source-none = 无（未配置密钥）
conf-key-env-control = 环境变量 { $var } 中的密钥含有控制字符（可能混入了换行或转义符？），请重新设置
conf-key-missing = 服务商 "{ $provider }" 没有 API 密钥：请设置环境变量 { $var }，或在配置文件的 [providers.{ $provider }] 下写上 api_key = "…"（或 api_key_cmd）
conf-key-cmd-run = api_key_cmd `{ $cmd }` 无法运行：{ $error }
conf-key-cmd-stopped = api_key_cmd `{ $cmd }` 已被终止：supchat 正在退出
conf-key-cmd-timeout = api_key_cmd `{ $cmd }` 在 { $secs } 秒内没有结束。它在没有终端的环境下运行（stdin 已关闭），必须不经询问直接输出密钥；请改用 agent（gpg-agent、pass），或改为设置 api_key_env
conf-key-cmd-too-long = api_key_cmd `{ $cmd }` 的输出超过了 64 KiB；它应当只在第一行输出密钥
conf-key-cmd-failed = api_key_cmd `{ $cmd }` 执行失败（{ $status }）
conf-key-cmd-failed-said = api_key_cmd `{ $cmd }` 执行失败（{ $status }）：{ $said }
conf-key-cmd-empty = api_key_cmd `{ $cmd }` 没有输出任何内容
conf-key-cmd-control = api_key_cmd `{ $cmd }` 输出的密钥含有控制字符，无法放进请求头发送

## 保存在聊天界面中输入的密钥。
conf-save-not-a-key = 这不是有效的密钥（为空或含有控制字符）
conf-save-not-toml = 不是有效的 TOML：{ $error }
conf-save-providers-not-table = 其中的 `providers` 不是表
conf-save-provider-not-table = 其中的 `providers.{ $provider }` 不是表
conf-save-cannot-change = 无法修改配置文件 { $path }：{ $error }
conf-save-would-be-invalid = 修改后的配置文件将无法通过检查：{ $error }
conf-save-bad-link = { $path } 是一个链接，但它指向的文件无法读取：{ $error }
conf-cannot-create = 无法创建 { $path }：{ $error }
conf-cannot-open = 无法打开 { $path }：{ $error }
conf-cannot-lock = 无法锁定 { $path }：{ $error }
conf-cannot-read = 无法读取 { $path }：{ $error }
conf-cannot-write = 无法写入 { $path }：{ $error }

## 系统提示词预设。
conf-prompt-unknown-none = 没有名为“{ $name }”的提示词预设：配置文件中没有任何 [prompts.NAME] 表
conf-prompt-unknown = 没有名为“{ $name }”的提示词预设（已配置：{ $known }）
conf-prompt-bad-name = 提示词预设名 { $name } 为空或含有控制字符
conf-prompt-provider-unknown = 服务商 "{ $provider }" 未配置（已配置：{ $known }）
conf-prompt-model-for-openai = model 只适用于 openai 类服务商；"{ $provider }" 是 Sup.ai，应使用 mode
conf-prompt-mode-for-supai = mode 只适用于 Sup.ai 服务商；"{ $provider }" 应使用 model

## 工具。
conf-tools-unknown-builtin = 没有名为 { $name } 的内置工具（内置工具有：{ $known }）
conf-tools-duplicate = 有两个工具都叫 { $name }
conf-tools-bad-choice = tool_choice 的值 { $value } 无效，应为 "auto"、"none"、"required" 或某个已配置工具的名称
conf-tool-builtin-name = { $name } 是内置工具的名称（内置工具用 enabled_tools 启用）；请给你的工具另起一个名字
conf-tool-bad-name = 工具名 { $name } 必须由 1 到 64 个字母、数字、_ 或 - 组成（聊天 API 的要求）
conf-schema-not-table = 必须是一个表（JSON Schema 对象）
conf-schema-not-object = 必须写明 type = "object"（参数是一个 JSON 对象）
conf-schema-not-schema = { $at } 不是 schema（应为一个表）
conf-schema-bad-type = { $at }.type 的值 { $value } 不在 { $types } 之中
conf-schema-properties = { $at }.properties 必须是由 schema 组成的表
conf-schema-required-names = { $at }.required 只能列出属性名
conf-schema-required-unknown = { $at }.required 中的 { $name } 不在 properties 里
conf-schema-required-list = { $at }.required 必须是属性名的列表
conf-schema-enum = { $at }.enum 必须是非空的值列表
conf-schema-text = { $at }.{ $key } 必须是文本

## MCP 服务。
conf-mcp-bad-name = 服务名必须由 1 到 32 个字母、数字、_ 或 - 组成，且不能含有 "__"（服务名会成为其工具名的一部分：mcp__SERVER__TOOL）
conf-mcp-both = command（程序）和 url（streamable HTTP）只能二选一
conf-mcp-neither = 需要设置 command = ["program", "arg"…] 或 url = "https://…"
conf-mcp-bearer-stdio = bearer_token_env 只适用于 url 服务
conf-mcp-var-name = { $key }：{ $name } 不是合法的变量名
conf-mcp-env-vars-key = env_vars 中的 { $var } 是服务商的 API 密钥：MCP 服务永远拿不到服务商的密钥
conf-mcp-stdio-only = { $key } 只适用于 command 服务
conf-mcp-bad-url = url { $url } 不是 http:// 或 https:// 地址
conf-mcp-bearer-name = bearer_token_env 必须是环境变量的名称（令牌本身绝不写进配置文件）

## 聊天界面的按键。
conf-keys-names-none = { $spec } 没有指定按键
conf-keys-bad-modifier = { $spec }：{ $modifier } 不是 ctrl、alt 或 shift
conf-keys-not-a-key = { $spec }：{ $key } 不是按键名（可用字母、f1-f12、up、down、home、end、pageup、pagedown…）
conf-keys-plain = { $spec }：不带 ctrl 或 alt 的按键绑定后，就无法再输入这个字符了
conf-keys-indistinct = { $spec }：终端无法把这个按键与其他按键区分开；请用 Ctrl 或 Alt 加字母，或者用 F 键
conf-keys-fixed = { $spec } 有固定用途（停止、编辑草稿、滚动），不能重新绑定
conf-keys-no-action = 没有名为 { $name } 的操作（可用操作：{ $known }）
conf-keys-clash = { $key } 同时绑定到了 { $a } 和 { $b }；请给其中一个换个按键

## `supchat config show`：第一行的 TOML 注释。
conf-show-from = 来自 { $path } 及内置默认值
conf-show-builtins = 内置默认值（没有配置文件）

## 价格（每条回复的费用）。
conf-price-bad = { $key } 是每百万 token 的价格，应在 0 到 { $max } 之间，当前为 { $value }
conf-price-pair = price_in 和 price_out 须同时设置（分别为每百万输入、输出 token 的价格）
conf-currency-bad = currency "{ $value }" 不是货币代码（应为字母，如 USD、CNY、EUR）
conf-model-price-bad = prices."{ $model }" 需要 in 和 out，即每百万 token 的价格，范围 0 到 { $max }
conf-url-port = 端口必须是 0 到 65535 之间的数字
conf-url-host-chars = 主机名中含有不允许的字符
conf-url-ip = IP 地址无效

## TOML 解析器最常见的错误信息。
conf-toml-unknown-field = 这里没有 { $field } 这个设置项（可用的有：{ $known }）
conf-toml-unknown-field-none = 这里没有 { $field } 这个设置项
conf-toml-missing-field = 这里缺少 { $field }
conf-toml-invalid-type = 值的类型不对：应为 { $expected }，而这里是 { $found }
conf-toml-invalid-value = 值 { $found } 不可用：应为 { $expected }
conf-toml-duplicate-key = { $key } 重复设置了
conf-toml-duplicate = 这个键重复设置了
conf-toml-unclosed-table = 表名没有闭合：缺少 ]
conf-type-boolean = 布尔值（true 或 false）
conf-type-string = 字符串
conf-type-integer = 整数
conf-type-whole = 非负整数
conf-type-number = 数字
conf-type-array = 数组
conf-type-table = 表
