"""Checking a lesson's steps against its stored solutions (what `iam-studio lesson check` prints).

A change step (one with a solution) is right when at least one of its goals is unmet as the step
opens and all are met after its solution; a reading step is right when its goals (if any) are met
as it opens. Each step opens on the file's account with the solutions of the steps before it applied.
A step complete as it opens with nothing to do (no `predict`, not marked `reading: true`) is right but
gets a warning: the learner would be told "step complete" before doing anything.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..scenario.lesson.model import Goal, Step
from ..scenario.lesson.solution import apply_solution
from ..scenario.model import Scenario
from .goals import GoalStatus, evaluate_goals


@dataclass(frozen=True, slots=True)
class GoalReport:
    goal: Goal
    at_start: GoalStatus
    after_solution: GoalStatus | None          # None for a reading step


@dataclass(frozen=True, slots=True)
class StepReport:
    step: Step
    goals: list[GoalReport]
    unmet_at_start: bool | None                # None for a reading step
    met_after_solution: bool | None            # None for a reading step
    ok: bool
    problem: str | None = None                 # why the step is not right, in words
    warning: str | None = None                 # right, but worth a look (a step with nothing to do)


def nothing_to_do(step: Step) -> str | None:
    """Why a step whose goals are all met as it opens gives the learner nothing to do (None: it asks
    for a prediction, or its author marked it `reading: true`)."""
    if step.predict or step.for_reading:
        return None
    return "the step is complete as it opens and asks for nothing: add the requests to predict " \
           "(`predict: [NAME]`), or mark it `reading: true` if it is only to be read"


def check_lesson(scenario: Scenario) -> list[StepReport]:
    """One report per step of the scenario's lesson ([] without one); `scenario` is the file as it opens."""
    lesson = scenario.lesson
    if lesson is None:
        return []
    reports = []
    state = scenario
    for step in lesson.steps:
        start = evaluate_goals(state, step.goals)
        if step.solution is None:
            unmet = [s for s in start if not s.met]
            problem = None
            if unmet:
                problem = "a reading step's goals must be met as it opens: " + "; ".join(s.detail for s in unmet)
            goals = [GoalReport(g, s, None) for g, s in zip(step.goals, start, strict=True)]
            reports.append(StepReport(step, goals, None, None, not unmet, problem,
                                      None if unmet else nothing_to_do(step)))
            continue
        solved, errors = apply_solution(state, step.solution)
        after = evaluate_goals(solved, step.goals) if solved is not None else []
        unmet_at_start = any(not s.met for s in start)
        met_after = solved is not None and all(s.met for s in after)
        problem = None
        if solved is None:
            problem = "the solution does not give a valid scenario: " + "; ".join(d.message for d in errors)
        elif not step.goals:
            problem = "a step with a solution needs at least one goal"
        elif not unmet_at_start:
            problem = "every goal is already met as the step opens: there is nothing to change"
        elif not met_after:
            problem = "after the solution: " + "; ".join(s.detail for s in after if not s.met)
        after_each: list[GoalStatus | None] = list(after) if after else [None] * len(start)
        reports.append(StepReport(
            step, [GoalReport(g, s, a) for g, s, a in zip(step.goals, start, after_each, strict=True)],
            unmet_at_start, met_after, problem is None, problem))
        if solved is not None:
            state = solved
    return reports
