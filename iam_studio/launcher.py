"""The `iam-studio` command: a subcommand runs the CLI, anything else opens the GUI.

This module sits above both faces so that the CLI and the GUI never import each other.
"""
from __future__ import annotations

import sys

SUBCOMMANDS = {"check", "eval", "lint", "lesson", "-h", "--help", "--version"}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in SUBCOMMANDS:
        from .cli.main import main as cli_main
        # Without `argv`, this is the `iam-studio` process itself: it ends with the command.
        return cli_main(args, process_ends=argv is None)
    if len(args) > 1:
        sys.stderr.write("usage: iam-studio [FILE] | iam-studio {check,eval,lint,lesson} ...\n")
        return 2
    from .gui.app import run
    return run(args[0] if args else None)


if __name__ == "__main__":
    sys.exit(main())
