# supchat 的简体中文文案：the command line: subcommands' output, --help, errors (src/cli, src/main.rs)。
# 每条消息在 ../en/cli.ftl.ftl 里都有对应的英文（有测试保证两边一致）。
