"""`iam-studio eval ... --flip [--json]` and `--write-flip N OUT.yaml`: the single edits that reverse a decision."""
from __future__ import annotations

from ..core.analysis.changes import ChangeKind
from ..core.analysis.decision_diff import decision_words
from ..core.analysis.flip import Flip, FlipAnswer, what_would_flip
from ..core.decision import Decision
from ..core.diagnostics import Diagnostic, Severity
from ..core.engine.engine import Engine
from ..core.scenario.edits import Refused
from ..core.scenario.load import load_scenario
from ..core.scenario.model import RequestSpec, Scenario
from ..core.scenario.save import save_scenario
from .output import print_diagnostics


def add_arguments(p) -> None:
    p.add_argument("--flip", action="store_true",
                   help="also list the single edits (of one statement, attachment or membership) that would "
                        "reverse the decision, each checked by the engine")
    p.add_argument("--write-flip", nargs=2, metavar=("N", "OUT"),
                   help="write the scenario with flip N (0-based, as --flip lists them) applied to OUT "
                        "(implies --flip)")


def wants_flips(args) -> bool:
    return bool(args.flip or args.write_flip)


def answer_flips(args, scenario: Scenario, spec: RequestSpec, engine: Engine) -> tuple[FlipAnswer | None, dict | None,
                                                                                        int]:
    """The flips, and with --write-flip the file written; (None, None, 2) after printing an input error."""
    index = None
    if args.write_flip:
        text = args.write_flip[0]
        if not text.isdigit():
            print_diagnostics([Diagnostic("cli.write-flip", Severity.ERROR, f"`{text}` is not a flip number", None,
                                          "give the 0-based index of a flip that --flip lists, such as 0",
                                          "--write-flip")])
            return None, None, 2
        index = int(text)
    answer = what_would_flip(scenario, spec, engine=engine)
    if index is None:
        return answer, None, 0
    if index >= len(answer.flips):
        count = len(answer.flips)
        hint = (f"choose 0 to {count - 1}" if count else "no single edit reverses this decision; see the notes of "
                "--flip")
        print_diagnostics([Diagnostic("cli.write-flip", Severity.ERROR,
                                      f"there is no flip {index}: this decision has {count}", None, hint,
                                      "--write-flip")])
        return None, None, 2
    written, status = _write(answer.flips[index], scenario, spec, args.write_flip[1])
    return answer, written, status


def _write(flip: Flip, scenario: Scenario, spec: RequestSpec, out: str) -> tuple[dict | None, int]:
    try:
        flip.apply(scenario)
    except Refused as exc:
        print_diagnostics([Diagnostic("cli.write-flip", Severity.ERROR, f"the flip cannot be applied: {exc}", None,
                                      "this is a bug in IAM Studio; please report it with the file", "--write-flip")])
        return None, 2
    problems = save_scenario(scenario, out)
    if problems:
        print_diagnostics([d.with_file(d.file or out) for d in problems])
        return None, 2
    reloaded, diagnostics = load_scenario(out)
    errors = [d for d in diagnostics if d.is_error]
    decision = Engine(reloaded).evaluate(spec).decision if reloaded is not None else None
    if errors or decision is not flip.new_decision:
        print_diagnostics(errors or [Diagnostic(
            "cli.write-flip", Severity.ERROR, f"the written file gives {decision_words(decision)}, not the promised "
            f"{decision_words(flip.new_decision)}", None, "this is a bug in IAM Studio; please report it", out)])
        return None, 1
    return {"file": out, "flip": flip, "decision": decision.value}, 0


def flips_to_json(answer: FlipAnswer) -> dict:
    return {"flips": [{"change": f.description, "policy": f.policy, "statement": f.statement, "sid": f.sid,
                       "kind": f.kind.value, "new_decision": f.new_decision.value,
                       "also_changes": [{"request": c.request, "old": c.old.value if c.old else None,
                                         "new": c.new.value if c.new else None} for c in f.also_changes]}
                      for f in answer.flips],
            "notes": list(answer.notes)}


def print_flips(answer: FlipAnswer, written: dict | None) -> None:
    count = len(answer.flips)
    print()
    if count:
        print(f"What would flip this: {count} single edit{'s' if count > 1 else ''}, each checked by the engine")
    else:
        print("What would flip this: no single edit")
    for i, f in enumerate(answer.flips):
        print(f"  {i}. {f.description} -> {_upper(f.new_decision)}")
        if f.policy is not None:
            statement = "" if f.statement is None else f", statement {f.sid or '#' + str(f.statement + 1)}"
            grants = f.kind in (ChangeKind.JOIN_GROUP, ChangeKind.ATTACH_POLICY)
            print(f"     {'then allowed by' if grants else 'touches'}: {f.policy}{statement}")
        for c in f.also_changes:
            print(f"     also changes: {c.describe()}")
    for note in answer.notes:
        print(f"  note: {note}")
    if written is not None:
        flip = written["flip"]
        print(f"wrote {written['file']}: {flip.description}; the request is now {_upper(flip.new_decision)}")


def _upper(decision: Decision) -> str:
    return decision_words(decision).upper()
