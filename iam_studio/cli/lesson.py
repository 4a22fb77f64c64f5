"""`iam-studio lesson check PATH... [--json]`: check every lesson's steps against its stored solutions.

A change step is right when its goals are unmet as it opens and met after its solution; a reading
step when its goals are met as it opens. Exit status: 0 all good, 1 a step fails, 2 invalid input.
Directories are searched like `check` does, passing over scenarios without a `lesson` block; a file
named on the command line must have one.
"""
from __future__ import annotations

import json
import sys

from ..core.diagnostics import Diagnostic, Severity
from ..core.lessons import CheckGoal, GoalReport, StepReport, check_lesson, describe_goal
from ..core.scenario.load import load_scenario
from .check import collect
from .output import error_dict


def add_parser(sub) -> None:
    p = sub.add_parser("lesson", help="work with lessons (scenario files with a `lesson` block)",
                       description="Work with lessons: scenario files with a `lesson` block.")
    actions = p.add_subparsers(dest="lesson_command", required=True)
    c = actions.add_parser("check", help="check each step's goals against its stored solution",
                           description="For every lesson file: check the format, that each change step's goals "
                                       "are unmet as it opens and met after its stored solution, and that every "
                                       "goal's request evaluates. Directories are searched for lesson files.")
    c.add_argument("paths", nargs="+", metavar="PATH", help="lesson files or directories")
    c.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    c.set_defaults(run=run)


def run(args) -> int:
    errors: list[Diagnostic] = []
    lessons: list[dict] = []
    lines: list[str] = []
    for given in args.paths:
        files, problems = collect([given])
        errors.extend(problems)
        named = files == [given]
        for file in files:
            scenario, diagnostics = load_scenario(file)
            file_errors = [d.with_file(d.file or file) for d in diagnostics if d.is_error]
            if file_errors or scenario is None:
                errors.extend(file_errors or [Diagnostic("scenario.invalid", Severity.ERROR, "not a valid scenario",
                                                         None, None, file)])
                continue
            if scenario.lesson is None:
                if named:
                    errors.append(Diagnostic("lesson.missing", Severity.ERROR, "the file has no `lesson` block",
                                             None, "add `lesson: {steps: [...]}` (see docs/lessons.md)", file))
                continue
            reports = check_lesson(scenario)
            lessons.append({"file": file, "title": scenario.title, "id": scenario.lesson.id,
                            "level": scenario.lesson.level, "steps": [_step_dict(r) for r in reports]})
            lines.extend(_step_line(file, i, len(reports), r) for i, r in enumerate(reports))
    failed = sum(1 for lesson in lessons for step in lesson["steps"] if not step["ok"])
    if args.json:
        out = {"lessons": lessons, "errors": [error_dict(d) for d in errors]}
        sys.stdout.write(json.dumps(out, indent=2 if sys.stdout.isatty() else None) + "\n")
    else:
        for line in lines:
            print(line)
        for d in errors:
            sys.stderr.write(d.format() + "\n")
        steps = sum(len(lesson["steps"]) for lesson in lessons)
        summary = f"{len(lessons)} lesson{'' if len(lessons) == 1 else 's'}, {steps - failed} steps passed, " \
                  f"{failed} failed"
        warned = sum(1 for lesson in lessons for step in lesson["steps"] if step["warning"])
        if warned:
            summary += f", {warned} {'warning' if warned == 1 else 'warnings'}"
        if errors:
            summary += f", {len(errors)} input {'error' if len(errors) == 1 else 'errors'}"
        print(summary)
    if errors:
        return 2
    return 1 if failed else 0


def _goal_dict(g: GoalReport) -> dict[str, str | bool | None]:
    out: dict[str, str | bool | None] = {"request": None, "outcome": None} if isinstance(g.goal, CheckGoal) else \
        {"request": g.goal.request, "outcome": g.goal.outcome}
    if isinstance(g.goal, CheckGoal):
        out["check"] = g.goal.check
        out.update(dict(g.goal.args))
    out["met_at_start"] = g.at_start.met
    out["met_after_solution"] = None if g.after_solution is None else g.after_solution.met
    return out


def _step_dict(r: StepReport) -> dict:
    return {"title": r.step.title, "goals": [_goal_dict(g) for g in r.goals], "unmet_at_start": r.unmet_at_start,
            "met_after_solution": r.met_after_solution, "ok": r.ok, "problem": r.problem,
            "warning": r.warning}


def _step_line(file: str, index: int, count: int, r: StepReport) -> str:
    where = f"{file}:{r.step.span.line}" if r.step.span else file
    mark = "PASS" if r.ok else "FAIL"
    goals = len(r.goals)
    if r.step.is_reading:
        what = f"reading, {goals} goal{'' if goals == 1 else 's'} met" if r.ok and goals else "reading"
        if r.step.predict:
            what += f", {len(r.step.predict)} to predict"
    else:
        unmet = sum(1 for g in r.goals if not g.at_start.met)
        met = sum(1 for g in r.goals if g.after_solution is not None and g.after_solution.met)
        what = f"change, {unmet} of {goals} goal{'' if goals == 1 else 's'} unmet at start, {met} met after " \
               "the solution"
    text = f"{mark} {where}: step {index + 1}/{count} {r.step.title}: {what}"
    if r.warning is not None:
        text += f"\n     warning: {r.warning}"
    if not r.ok:
        text += f"\n     why: {r.problem}"
        for g in r.goals:
            if not (g.at_start if g.after_solution is None else g.after_solution).met:
                text += f"\n     goal not met: {describe_goal(g.goal)}"
    return text
