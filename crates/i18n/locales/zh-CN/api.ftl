# supchat 的简体中文文案：the API client's errors and their advice, and how a reply ended (crates/api, crates/chat)。
# 每条消息在 ../en/api.ftl.ftl 里都有对应的英文（有测试保证两边一致）。
