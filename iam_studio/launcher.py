"""The `iam-studio` command: a subcommand runs the CLI, anything else opens the GUI.

This module sits above both faces so that the CLI and the GUI never import each other.
"""
from __future__ import annotations

import contextlib
import os
import sys

SUBCOMMANDS = {"check", "eval", "lint", "lesson", "-h", "--help", "--version"}


def main(argv: list[str] | None = None) -> int:
    command = argv is None          # this is the `iam-studio` process itself, not a caller in-process
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in SUBCOMMANDS:
        from .cli.main import main as cli_main
        code = cli_main(args, process_ends=command)
        if command:
            _end_process(code)
        return code
    if len(args) > 1:
        sys.stderr.write("usage: iam-studio [FILE] | iam-studio {check,eval,lint,lesson} ...\n")
        return 2
    from .gui.app import run
    return run(args[0] if args else None)


def _end_process(code: int) -> None:
    """End the command's process at once, its output flushed.

    The interpreter's own shutdown would free every object a check made, one by one, and scan them
    all for cycles: about a quarter of a second on a large account, for a process that is ending.
    Nothing the command does waits for shutdown (no atexit handlers, no files left open for writing).
    """
    with contextlib.suppress(OSError):      # nobody reads the output any more (a closed pipe)
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
