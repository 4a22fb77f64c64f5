"""Argument parsing and dispatch for the subcommands."""
from __future__ import annotations

import argparse
import importlib
import sys

from .. import __version__
from .output import end_process

SUBCOMMANDS = {"check": "check", "eval": "evaluate", "lint": "lint", "lesson": "lesson"}   # name -> module


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every subcommand, or only of `command` (so that `check` does not import `eval`'s analysis)."""
    parser = argparse.ArgumentParser(
        prog="iam-studio",
        description="Teach and check AWS IAM: evaluate scenario files, explain decisions, lint policies. "
                    "Run `iam-studio [FILE]` to open the desktop app.")
    parser.add_argument("--version", action="version", version=f"iam-studio {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module in SUBCOMMANDS.items():
        if command in (None, name) or command not in SUBCOMMANDS:
            importlib.import_module(f".{module}", __package__).add_parser(sub)
    return parser


MAX_OPTIONS = 1000      # argparse takes time quadratic in the number of options


def main(argv: list[str] | None = None, *, process_ends: bool = False) -> int:
    """Run one subcommand. `process_ends` (the `iam-studio` command itself): end the process when it is
    done (`output.end_process`), leaving what it made for the operating system to take back."""
    for stream in (sys.stdout, sys.stderr):      # a lone surrogate in a policy must not stop the output
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    argv = sys.argv[1:] if argv is None else argv
    options = sum(1 for a in argv if a.startswith("-"))
    if options > MAX_OPTIONS:
        sys.stderr.write(f"iam-studio: error: {options:,} options given, more than {MAX_OPTIONS:,}\n"
                         "  help: put many context keys in a request's `context` in the scenario file\n")
        return 2
    parser = build_parser(argv[0] if argv else None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:          # argparse exits 2 on usage errors, 0 for --help
        return int(exc.code or 0)
    args.process_ends = process_ends
    try:
        code = args.run(args)
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = 0
    if process_ends:
        end_process(code)
    return code
