"""Authoring a lesson in the app: edit operations on a scenario's `lesson` block.

Each is an edit operation (`operation(scenario, ...)`): run it through `edits.record` (the GUI's
document does) to make it one undoable change that the loader's checks guard, stored solutions
included. The block is changed as plain data and parsed again, so what is saved is what the loader
reads; `edits.Refused` says why a change cannot be made.

- `add_step(scenario, title, hint, text="")` appends a reading step (a lesson is made when there is none).
- `add_request_goal(scenario, step, request, outcome)` makes "request NAME reaches OUTCOME" a goal.
- `set_lock(scenario, step, key, locked)` locks or unlocks a node (`user/alice`, `policy/P`, `root`) in a step.
- `record_solution(scenario, step, start)`: the step's stored solution becomes what turns the account as
  the step opens (from `start`, the account the lesson opens with) into the account as it is now; the
  account then goes back to `start`, since a lesson file's sections are its opening account.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..decision import Decision
from ..diagnostics import DiagnosticBag
from ..located import from_plain
from ..scenario.edits import Refused
from ..scenario.lesson.model import LOCK_KINDS, SOLUTION_SECTIONS
from ..scenario.lesson.parse import parse_lesson
from ..scenario.lesson.solution import scenario_at_step
from ..scenario.model import Scenario


def add_step(scenario: Scenario, title: str, hint: str, text: str = "") -> int:
    """Append a reading step; returns its 0-based index."""
    if not title.strip():
        raise Refused("a step needs a title")
    if not hint.strip():
        raise Refused("every step has at least one hint: write one")
    block = _plain(scenario)
    step: dict[str, object] = {"title": title.strip()}
    if text.strip():
        step["text"] = text
    step["hints"] = [hint.strip()]
    block["steps"].append(step)
    _store(scenario, block)
    return len(block["steps"]) - 1


def add_request_goal(scenario: Scenario, step: int, request: str, outcome: Decision | str) -> None:
    """Make "saved request `request` reaches `outcome`" a goal of step `step` (once)."""
    outcome = Decision(outcome).value
    if request not in {r.name for r in scenario.requests}:
        raise Refused(f"`{request}` is not a saved request: save the request first (a goal names a saved request)")
    block = _plain(scenario)
    target = _step(block, step)
    goals = target.setdefault("goals", [])
    goal = {"request": request, "outcome": outcome}
    if goal in goals:
        raise Refused(f"step {step + 1} already has this goal")
    goals[:] = [g for g in goals if g.get("request") != request] + [goal]   # one outcome per request
    _store(scenario, block)


def set_lock(scenario: Scenario, step: int, key: str, locked: bool = True) -> None:
    """Lock (or unlock) node `key` while step `step` is active."""
    kind, _, name = key.partition("/")
    if key != "root" and (kind not in LOCK_KINDS or not name):
        raise Refused(f"`{key}` cannot be locked: lock a policy, user, group, role or resource, or root")
    block = _plain(scenario)
    target = _step(block, step)
    locks = [k for k in target.get("locks", []) if k != key] + ([key] if locked else [])
    if locks:
        target["locks"] = locks
    else:
        target.pop("locks", None)
    _store(scenario, block)


def record_solution(scenario: Scenario, step: int, start: Scenario) -> None:
    """Store what changed since step `step` opened as its solution, and give the account back `start`'s state."""
    if start.lesson is None:
        raise Refused("this scenario has no lesson yet: add a step first")
    from ..scenario.save import scenario_to_plain
    before = scenario_to_plain(scenario_at_step(start, step))
    after = scenario_to_plain(scenario)
    solution: dict[str, object] = {}
    for section in SOLUTION_SECTIONS:
        old_section, new_section = before.get(section), after.get(section)
        old = old_section if isinstance(old_section, dict) else {}
        new = new_section if isinstance(new_section, dict) else {}
        changed = {name: value for name, value in new.items() if old.get(name) != value}
        changed.update({name: None for name in old if name not in new})
        if changed:
            solution[section] = changed
    for key in ("organization", "root"):
        if before.get(key) != after.get(key):
            solution[key] = after.get(key)
    if not solution:
        raise Refused(f"nothing changed since step {step + 1} opened: make the change first, then record it")
    block = _plain(scenario)
    _step(block, step)["solution"] = solution
    for name in ("root_mfa", "policies", "users", "groups", "roles", "resources", "organization"):
        setattr(scenario, name, getattr(_copy(start), name))
    _store(scenario, block)


def _copy(scenario: Scenario) -> Scenario:
    from ..scenario import edits
    return Scenario(**edits.snapshot(scenario))


def _plain(scenario: Scenario) -> dict[str, Any]:
    if scenario.lesson is not None:
        block: dict[str, Any] = dict(scenario.lesson.to_plain())
        block.setdefault("steps", [])
        return block
    stem = Path(scenario.file).stem if scenario.file else "".join(c if c.isalnum() else "-" for c in
                                                                  scenario.title.lower()).strip("-")
    return {"id": stem or "lesson", "steps": []}


def _step(block: dict[str, Any], step: int) -> dict[str, Any]:
    steps = block["steps"]
    if not 0 <= step < len(steps):
        raise Refused(f"the lesson has no step {step + 1}" + (": add a step first" if not steps else ""))
    found: dict[str, Any] = steps[step]
    return found


def _store(scenario: Scenario, block: dict[str, Any]) -> None:
    """Parse the changed block as the loader does and put it in the scenario (refused on any error)."""
    bag = DiagnosticBag()
    default_id = Path(scenario.file).stem if scenario.file else "lesson"
    lesson = parse_lesson(from_plain(block), bag, default_id, [r.name for r in scenario.requests])
    errors = bag.errors()
    if lesson is None or errors:
        first = errors[0] if errors else None
        raise Refused(first.message if first else "the lesson block could not be read", errors)
    scenario.lesson = lesson
