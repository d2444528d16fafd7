# supchat's words in English: the config file's mistakes and the keys' sources (crates/core/src/config).
# Each message has its twin in ../zh-CN/config.ftl.ftl (a test keeps the two equal).
