# supchat's words in English: the command line: subcommands' output, --help, errors (src/cli, src/main.rs).
# Each message has its twin in ../zh-CN/cli.ftl.ftl (a test keeps the two equal).
