# supchat 的简体中文文案：the config file's mistakes and the keys' sources (crates/core/src/config)。
# 每条消息在 ../en/config.ftl.ftl 里都有对应的英文（有测试保证两边一致）。
