# supchat 的简体中文文案：sessions, attachments, tools' reasons to ask, MCP and the store (crates/core outside config/)。
# 每条消息在 ../en/core.ftl.ftl 里都有对应的英文（有测试保证两边一致）。
