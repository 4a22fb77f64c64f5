"""Stored solutions: partial scenarios applied on top of an account, building on each other.

In a solution, an entry of `policies`, `users`, `groups`, `roles` or `resources` replaces the whole
entry of that name or adds it, `NAME: null` deletes it, and `organization` replaces the block
(`null` removes it). The result is built by the one scenario loader, so it is checked exactly like
a file.
"""
from __future__ import annotations

from collections.abc import Mapping

from ...diagnostics import Diagnostic, DiagnosticBag
from ...located import LEntry, LMap, LNode, LScalar, from_plain
from ..load import build_scenario
from ..model import Scenario
from ..validate import suggest
from .model import SOLUTION_SECTIONS, CheckGoal, Lesson


def merge_solution(top: LMap, solution: LMap) -> LMap:
    """A new top-level tree: `top` with `solution` applied (neither is changed)."""
    entries = list(top.entries)
    for change in solution:
        index = next((i for i, e in enumerate(entries) if e.key == change.key), None)
        if change.key in SOLUTION_SECTIONS:
            if _is_null(change.value) or not isinstance(change.value, LMap):  # parse_lesson allows only these
                continue
            old = entries[index].value if index is not None else None
            merged = _merge_section(old if isinstance(old, LMap) else LMap(), change.value)
            entry = LEntry(change.key, entries[index].key_span if index is not None else change.key_span, merged)
        elif _is_null(change.value):                 # `organization: null` removes the block
            if index is not None:
                del entries[index]
            continue
        else:
            entry = change
        if index is None:
            entries.append(entry)
        else:
            entries[index] = entry
    return LMap(entries, top.span)


def _merge_section(old: LMap, changes: LMap) -> LMap:
    changed = {e.key: e for e in changes}
    out = []
    for entry in old:
        if entry.key not in changed:
            out.append(entry)
        elif not _is_null(changed[entry.key].value):
            out.append(changed.pop(entry.key))
        else:
            changed.pop(entry.key)
    out.extend(e for e in changed.values() if not _is_null(e.value))
    return LMap(out, old.span)


def scenario_tree(scenario: Scenario) -> LMap:
    """The scenario as a top-level tree (without its lesson block), ready for `merge_solution`."""
    from ..save import scenario_to_plain
    plain = scenario_to_plain(scenario)
    plain.pop("lesson", None)
    return from_plain(plain)


def apply_solution(scenario: Scenario, solution: LMap) -> tuple[Scenario | None, list[Diagnostic]]:
    """The scenario with `solution` applied (a new Scenario: the given one is not changed), or None
    with the errors when the result is not a valid scenario. The lesson, file and saved document
    carry over, so saving the result keeps the file's comments."""
    built, diagnostics = build_scenario(merge_solution(scenario_tree(scenario), solution), scenario.file,
                                        advice=False)
    errors = [d for d in diagnostics if d.is_error]
    if built is None or errors:
        return None, errors
    built.lesson, built.source = scenario.lesson, scenario.source
    return built, []


def scenario_at_step(start: Scenario, step: int, *, solved: bool = False) -> Scenario:
    """The account as step `step` (0-based) opens: `start` (the file as it opens) with the solutions of
    the steps before it applied; `solved=True` applies that step's own solution too. A solution
    that cannot be applied (the loader reports it) leaves the account as it was."""
    lesson = start.lesson
    if lesson is None:
        return start
    state = start
    for step_obj in lesson.steps[:step + 1 if solved else step]:
        if step_obj.solution is not None:
            state = apply_solution(state, step_obj.solution)[0] or state
    return state


# --- the loader's pass over the stored solutions -------------------------------------------------

def check_solutions(root: LMap, scenario: Scenario, lesson: Lesson, file: str | None) -> list[Diagnostic]:
    """Apply each step's solution in turn to the file's tree and report what does not hold: a
    solution that makes the account invalid, a lock or a check naming something that is not there."""
    bag = DiagnosticBag()
    tree = LMap([e for e in root if e.key != "lesson"], root.span)
    state = scenario
    for index, step in enumerate(lesson.steps):
        where = f"step {index + 1} (`{step.title}`)"
        after = state
        if step.solution is not None:
            tree = merge_solution(tree, step.solution)
            built, diagnostics = build_scenario(tree, file, advice=False)
            errors = [d for d in diagnostics if d.is_error]
            if built is None or errors:
                for d in errors:
                    bag.add(d.code, f"after the solution of {where}: {d.message}", d.span, help=d.help)
                return [d.with_file(d.file or file) for d in bag.items]
            after = built
        for target, span in zip(step.locks, step.lock_spans, strict=True):
            if not _exists(state, target):
                bag.add("lesson.unknown-lock", f"{where} locks `{target}`, which is not in the account as the "
                        "step opens", span,
                        help=suggest(target, _addresses(state)) or
                        "lock a policy or node that exists at this step: `policy/NAME`, `user/NAME`, ...")
        for goal in step.goals:
            if isinstance(goal, CheckGoal):
                for arg, value in goal.args:
                    if not (_exists(state, f"{arg}/{value}") or _exists(after, f"{arg}/{value}")):
                        bag.add("lesson.unknown-name", f"the `{goal.check}` goal of {where} names {arg} `{value}`, "
                                "which is in neither the account as the step opens nor its solution", goal.span,
                                help=f"check the {arg}'s name")
        state = after
    return [d.with_file(d.file or file) for d in bag.items]


def _exists(scenario: Scenario, target: str) -> bool:
    if target == "root":
        return True
    kind, _, name = target.partition("/")
    tables: dict[str, Mapping[str, object]] = {
        "policy": scenario.policies, "user": scenario.users, "group": scenario.groups,
        "role": scenario.roles, "resource": scenario.resources}
    return name in tables.get(kind, {})


def _is_null(node: LNode) -> bool:
    return isinstance(node, LScalar) and node.value is None


def _addresses(scenario: Scenario) -> list[str]:
    return ["root"] + [f"{kind}/{name}" for kind, table in (
        ("policy", scenario.policies), ("user", scenario.users), ("group", scenario.groups),
        ("role", scenario.roles), ("resource", scenario.resources)) for name in table if "[" not in name]
