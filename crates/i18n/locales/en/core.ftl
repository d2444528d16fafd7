# supchat's words in English: sessions, attachments, tools' reasons to ask, MCP and the store (crates/core outside config/).
# Each message has its twin in ../zh-CN/core.ftl.ftl (a test keeps the two equal).
