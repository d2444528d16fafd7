# supchat's words in English: the API client's errors and their advice, and how a reply ended (crates/api, crates/chat).
# Each message has its twin in ../zh-CN/api.ftl.ftl (a test keeps the two equal).
