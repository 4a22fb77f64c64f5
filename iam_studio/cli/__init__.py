"""The command line: `iam-studio check`, `eval` and `lint`. One module per subcommand."""
