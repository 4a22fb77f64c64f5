"""`iam-studio check PATH...`: evaluate every request of every scenario and compare with `expect`.

Exit status: 0 when every expectation holds, 1 when any does not, 2 when an input is invalid.
"""
from __future__ import annotations

import gc
import json
import os
import re
import sys
from pathlib import Path

from ..core.diagnostics import Diagnostic, Severity, Span
from ..core.engine.engine import Engine
from ..core.engine.expectation import check_expectation, decided_by
from ..core.engine.result import Result, StatementRef
from ..core.scenario.load import load_scenario
from ..core.scenario.principal import PrincipalError
from ..core.textfile import refuse_kind, unreadable
from .output import end_process, error_dict

EXTENSIONS = (".yaml", ".yml", ".json")
_YAML_MARKER = re.compile(r"^['\"]?iam_studio['\"]?\s*:", re.MULTILINE)
_JSON_MARKER = re.compile(r"\"iam_studio\"\s*:")
_START = Span.point(1, 1, 0)


def add_parser(sub) -> None:
    p = sub.add_parser("check", help="evaluate scenario files and check each request's `expect`",
                       description="Evaluate every request of every scenario file and compare the decision "
                                   "with its `expect`. Directories are searched for *.yaml, *.yml and *.json.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or directories")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    p.add_argument("-v", "--verbose", action="store_true", help="also print why each decision was made")
    p.set_defaults(run=run)


def looks_like_scenario(path: Path) -> bool:
    """A found file is a scenario only when it has a top-level `iam_studio` key (OSError when unreadable)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        head = handle.read(65536).decode("utf-8", "replace")
    if path.suffix == ".json":
        return bool(_JSON_MARKER.search(head))
    return bool(_YAML_MARKER.search(head))


def collect(paths: list[str]) -> tuple[list[str], list[Diagnostic]]:
    """The scenario files PATHs name or hold, and the problems met finding them.

    A folder is searched; a file found there that cannot be read, or that is a pipe or device, is a
    problem (never skipped silently), and so is a PATH that yields no scenario at all.
    """
    files: list[str] = []
    problems: list[Diagnostic] = []
    for given in paths:
        path = Path(given)
        before = len(files), len(problems)
        if not given:
            problems.append(Diagnostic("cli.no-such-file", Severity.ERROR, "an empty path names no file",
                                       _START, "give a scenario file or a folder of them", "\"\""))
            continue
        if path.is_dir():
            def walk_error(exc: OSError, given: str = given) -> None:
                problems.append(unreadable(exc, exc.filename or given))
            for root, dirs, names in os.walk(path, onerror=walk_error):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    found = Path(root) / name
                    if found.suffix.lower() in EXTENSIONS:
                        _consider(found, files, problems)
        elif path.exists() or path.is_symlink():
            files.append(given)
        else:
            problems.append(Diagnostic("cli.no-such-file", Severity.ERROR, f"no such file or directory `{given}`",
                                       _START, "check the path", given))
            continue
        if (len(files), len(problems)) == before:
            problems.append(Diagnostic("cli.no-scenario", Severity.ERROR, "no scenario file found here", _START,
                                       "a folder is searched for *.yaml, *.yml and *.json files with a top-level "
                                       "`iam_studio:` key", given))
    return files, problems


def _consider(found: Path, files: list[str], problems: list[Diagnostic]) -> None:
    """Add a found file when it is a scenario; report it when it is not a regular file or cannot be read."""
    try:
        kind = refuse_kind(os.stat(found).st_mode)
        if kind is not None:
            problems.append(Diagnostic("file.not-a-file", Severity.ERROR, f"this is {kind}, not a file", _START,
                                       "remove it from the folder or rename it: pipes and devices are never read",
                                       str(found)))
        elif looks_like_scenario(found):
            files.append(str(found))
    except OSError as exc:
        problems.append(unreadable(exc, str(found)))


def run(args) -> int:
    # A check builds hundreds of thousands of objects (trees, compiled policies, results) and then
    # exits: the cyclic garbage collector would only rescan them again and again. When the process
    # ends with the command, `_check` ends it itself, before the collector is on again (its first
    # pass would go over everything the check left: 0.3 s on the medium account) and before its
    # objects are freed one by one (0.08 s).
    gc.disable()
    try:
        return _check(args)
    finally:
        gc.enable()


def _check(args) -> int:
    files, errors = collect(args.paths)
    results: list[dict] = []
    lines: list[str] = []
    deciding: _Deciding = {}
    for file in files:
        scenario, diagnostics = load_scenario(file)
        file_errors = [d.with_file(d.file or file) for d in diagnostics if d.is_error]
        if file_errors or scenario is None:
            errors.extend(file_errors or [Diagnostic("scenario.invalid", Severity.ERROR, "not a valid scenario",
                                                     _START, "run `iam-studio check` on it alone to see why", file)])
            continue
        engine = Engine(scenario, memoise=False)     # each request is asked once
        for spec in scenario.requests:
            try:
                result = engine.evaluate(spec)
            except PrincipalError as exc:
                errors.append(Diagnostic("request.principal", Severity.ERROR, str(exc), spec.span,
                                         "use user/NAME, role/NAME, root, anonymous or an ARN", file))
                continue
            except Exception as exc:        # a bug of ours must not hide the other results
                errors.append(Diagnostic("engine.internal", Severity.ERROR,
                                         f"the engine failed on request `{spec.name}`: {type(exc).__name__}: {exc}",
                                         spec.span, "this is a bug in IAM Studio; please report it with the file",
                                         file))
                continue
            verdict = check_expectation(spec, result)
            statements, by = _deciding(result, deciding)
            results.append({
                "file": file, "name": spec.name, "principal": result.principal_arn, "action": result.action,
                "resource": result.resource, "decision": result.decision.value, "expected": spec.expect,
                "expected_by": None if spec.expect_by is None else [e.text for e in spec.expect_by],
                "ok": verdict.ok, "reason": result.reason, "statements": statements, "by": by,
            })
            if not args.json:
                lines.append(_line(file, spec, result, verdict, args.verbose))
    passed = sum(1 for r in results if r["ok"] is True)
    failed = sum(1 for r in results if r["ok"] is False)
    if args.json:
        out = {"results": results, "passed": passed, "failed": failed}
        if errors:
            out["errors"] = [error_dict(d) for d in errors]
        sys.stdout.write(json.dumps(out, indent=2 if sys.stdout.isatty() else None) + "\n")
    else:
        for line in lines:
            print(line)
        for d in errors:
            sys.stderr.write(d.format() + "\n")
        unchecked = len(results) - passed - failed
        summary = f"{passed} passed, {failed} failed"
        if unchecked:
            summary += f", {unchecked} without expect"
        if errors:
            summary += f", {len(errors)} input {'error' if len(errors) == 1 else 'errors'}"
        print(summary)
    code = 2 if errors else 1 if failed else 0
    if args.process_ends:
        end_process(code)
    return code


# The rows' "statements" and "by" for each set of deciding statements, keyed by their identities
# (the engine shares a statement's `StatementRef` between results); the refs are kept, so no id is reused.
_Deciding = dict[tuple[tuple[int, ...], tuple[str, ...]],
                 tuple[tuple[StatementRef, ...], list[dict[str, object]], list[str]]]


def _deciding(result: Result, seen: _Deciding) -> tuple[list[dict[str, object]], list[str]]:
    """A result's "statements" and "by", built once for each set of deciding statements and shared by its rows."""
    key = (tuple(map(id, result.deciding)), result.capped_by)
    found = seen.get(key)
    if found is None:
        statements: list[dict[str, object]] = [
            {"policy": r.policy, "sid": r.sid, "index": r.index, "effect": r.effect, "line": r.line}
            for r in result.deciding]
        found = seen[key] = (tuple(result.deciding), statements, decided_by(result))
    return found[1], found[2]


def _line(file: str, spec, result, verdict, verbose: bool) -> str:
    where = f"{file}:{spec.span.line}" if spec.span else file
    mark = {True: "PASS", False: "FAIL", None: "----"}[verdict.ok]
    text = f"{mark} {where}: {spec.name}: {result.decision.value}"
    if verdict.decision_ok is False:
        text += f" (expected {spec.expect})"
    if verdict.by_ok is False:
        got = ", ".join(decided_by(result)) or "nothing"
        text += f"\n     by: {got}"
        if verdict.missing:
            text += f"\n     expected but not deciding: {', '.join(verdict.missing)}"
        if verdict.unexpected:
            text += f"\n     deciding but not expected: {', '.join(verdict.unexpected)}"
    if verdict.ok is False or verbose:
        text += f"\n     why: {result.reason}"
    return text
