"""`iam-studio eval FILE --principal P --action A --resource R`: one decision, with --explain its trace, with
--plain the same decision in plain sentences (the GUI's Beginner depth)."""
from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from ..core.diagnostics import Diagnostic, Severity
from ..core.engine.engine import Engine
from ..core.engine.plain import plain_sentences
from ..core.engine.result import Result, Step
from ..core.scenario.load import load_scenario, request_from_fields
from ..core.scenario.model import RequestSpec
from ..core.scenario.validate import suggest
from . import flips
from .output import print_diagnostics


def add_parser(sub) -> None:
    p = sub.add_parser("eval", help="evaluate one request against a scenario",
                       description="Evaluate one request against the identities and policies of a scenario.")
    p.add_argument("file", metavar="FILE", help="scenario file")
    p.add_argument("--request", metavar="NAME",
                   help="a request saved in FILE, by name (instead of --principal, --action, ...)")
    p.add_argument("--principal",
                   help="user/NAME, role/NAME, root, anonymous, a resource with a role, or an ARN")
    p.add_argument("--action", help="for example s3:GetObject")
    p.add_argument("--resource", default="*", help="the resource ARN (default: *)")
    p.add_argument("--context", action="append", default=[], metavar="KEY=VALUE",
                   help="a request context value; repeat a key for a multi-valued key")
    p.add_argument("--session-name", help="role session name")
    p.add_argument("--resource-account", help="the account that owns an undeclared resource")
    p.add_argument("--explain", action="store_true", help="print every step of the evaluation")
    p.add_argument("--plain", action="store_true",
                   help="say why in plain sentences for a beginner (with --json: a `plain` list)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    flips.add_arguments(p)
    p.set_defaults(run=run)


def parse_context(items: list[str]) -> tuple[dict[str, list[str]], list[Diagnostic]]:
    context: dict[str, list[str]] = {}
    problems = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            problems.append(Diagnostic("cli.context", Severity.ERROR, f"`{item}` is not KEY=VALUE", None,
                                       "write for example --context aws:SourceIp=203.0.113.7", "--context"))
            continue
        context.setdefault(key.strip(), []).append(value)
    return context, problems


def run(args) -> int:
    scenario, diagnostics = load_scenario(args.file)
    errors = [d.with_file(d.file or args.file) for d in diagnostics if d.is_error]
    context, problems = parse_context(args.context)
    if errors or problems or scenario is None:
        print_diagnostics(errors + problems)
        return 2
    spec, problems = _request(args, scenario, context)
    if spec is None:
        print_diagnostics([d for d in problems if d.is_error])
        return 2
    engine = Engine(scenario)
    result = engine.evaluate(spec, explain=args.explain or args.json or args.plain)
    answer = written = None
    if flips.wants_flips(args):
        answer, written, status = flips.answer_flips(args, scenario, spec, engine)
        if answer is None or status:
            return status
    if args.json:
        data = result_to_json(result)
        if args.plain:
            data["plain"] = [s.text for s in plain_sentences(result, scenario)]
        if answer is not None:
            data.update(flips.flips_to_json(answer))
            if written is not None:
                data["written"] = {"file": written["file"], "flip": int(args.write_flip[0]),
                                   "decision": written["decision"]}
        json.dump(data, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"{result.decision.title}: {result.action} on {result.resource} "
          f"by {result.principal_arn}")
    if args.plain:
        for sentence in plain_sentences(result, scenario):
            print(f"  {sentence.text}")
    else:
        print(f"  why: {result.reason}")
    for ref in result.deciding if not args.plain else ():
        line = f" (line {ref.line})" if ref.line else ""
        print(f"  decided by: {ref.policy} statement {ref.sid or '#' + str(ref.index + 1)}{line}")
    if args.explain:
        print()
        print(format_trace(result.trace))
    if answer is not None:
        flips.print_flips(answer, written)
    return 0


def _request(args, scenario, context) -> tuple[RequestSpec | None, list[Diagnostic]]:
    """The saved request --request names, or the one the other options describe."""
    given = [f"--{key.replace('_', '-')}" for key in ("principal", "action", "session_name", "resource_account")
             if getattr(args, key) is not None] + (["--context"] if args.context else [])
    if args.request is not None:
        if given or args.resource != "*":
            return None, [Diagnostic("cli.request", Severity.ERROR, "--request names a saved request, so "
                                     f"{(given or ['--resource'])[0]} cannot be given with it", None,
                                     "use either --request NAME or --principal/--action/...", "--request")]
        found = next((r for r in scenario.requests if r.name == args.request), None)
        if found is None:
            hint = suggest(args.request, [r.name for r in scenario.requests]) or "the names are those of `requests:`"
            return None, [Diagnostic("cli.request", Severity.ERROR, f"{args.file} has no request named "
                                     f"`{args.request}`", None, hint, "--request")]
        return found, []
    missing = [name for name in ("principal", "action") if getattr(args, name) is None]
    if missing:
        return None, [Diagnostic("cli.request", Severity.ERROR, f"--{missing[0]} is required", None,
                                 "give --principal and --action (and --resource ...), or --request NAME",
                                 f"--{missing[0]}")]
    fields = {"name": "command line", "principal": args.principal, "action": args.action,
              "resource": args.resource, "context": context}
    for key in ("resource_account", "session_name"):
        if getattr(args, key) is not None:
            fields[key] = getattr(args, key)
    return request_from_fields(scenario, fields)


def format_trace(steps: Sequence[Step]) -> str:
    """The trace as an indented outline, one line per step and per element."""
    yes, no = _marks()
    depth: dict[int, int] = {}
    lines = []
    for step in steps:
        level = depth[step.id] = 0 if step.parent is None else depth.get(step.parent, 0) + 1
        indent = "  " * level
        lines.append(f"{indent}[{step.stage.value}] {step.outcome.value}: {step.message}")
        for e in step.elements:
            lines.append(f"{indent}    {yes if e.matched else no} {e.element}: {e.reason}")
        for key in ("canonical_request", "string_to_sign"):
            if key in step.details:
                body = str(step.details[key]).replace("\n", "\n" + indent + "      ")
                lines.append(f"{indent}    {key.replace('_', ' ')}:\n{indent}      {body}")
    return "\n".join(lines)


def _marks() -> tuple[str, str]:
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower()
    return ("✓", "✗") if "utf" in encoding else ("+", "x")


def result_to_json(result: Result) -> dict:
    return {
        "decision": result.decision.value, "principal": result.principal_arn, "action": result.action,
        "resource": result.resource, "reason": result.reason,
        "statements": [{"policy": r.policy, "sid": r.sid, "index": r.index, "effect": r.effect, "line": r.line}
                       for r in result.deciding],
        "context": result.context,
        "trace": [{"id": s.id, "parent": s.parent, "stage": s.stage.value, "outcome": s.outcome.value,
                   "message": s.message,
                   "statement": ({"policy": s.statement.policy, "index": s.statement.index,
                                  "line": s.statement.line} if s.statement else None),
                   "elements": [{"element": e.element, "matched": e.matched, "reason": e.reason}
                                for e in s.elements]}
                  for s in result.trace],
    }
