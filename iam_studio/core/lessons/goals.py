"""Whether goals are met on an account: request goals by the engine, checks by the model."""
from __future__ import annotations

from dataclasses import dataclass

from ..decision import decision_words
from ..engine.engine import Engine
from ..scenario.lesson.model import CHECKS, CheckGoal, Goal, PredictGoal, RequestGoal, StepGoal
from ..scenario.model import Scenario


@dataclass(frozen=True, slots=True)
class GoalStatus:
    """`met`; for a request goal the engine's `decision` (None when the request could not be
    evaluated); `detail` says in words what was found. `kept`: the goal already holds in the account
    as its step opens (`LessonRun.holds_as_step_opens`): in a change step the learner is to keep it so,
    not to make it true; in a reading step it describes the account."""

    goal: StepGoal
    met: bool
    detail: str
    decision: str | None = None
    kept: bool = False


def evaluate_goals(scenario: Scenario, goals: list[Goal], engine: Engine | None = None) -> list[GoalStatus]:
    """The status of each goal on `scenario` (one engine for all of them; pass one to reuse it)."""
    statuses = []
    for g in goals:
        if isinstance(g, RequestGoal):
            if engine is None:
                engine = Engine(scenario)
            statuses.append(_request(scenario, g, engine))
        else:
            statuses.append(check_goal(scenario, g))
    return statuses


def _request(scenario: Scenario, goal: RequestGoal, engine: Engine) -> GoalStatus:
    spec = next((r for r in scenario.requests if r.name == goal.request), None)
    if spec is None:
        return GoalStatus(goal, False, f"there is no request `{goal.request}`")
    try:
        result = engine.evaluate(spec)
    except Exception as exc:          # a request that cannot be evaluated is a goal not met, never a crash
        return GoalStatus(goal, False, f"the request cannot be evaluated: {exc}")
    decision = result.decision.value
    return GoalStatus(goal, decision == goal.outcome, result.reason, decision)


def check_goal(scenario: Scenario, goal: CheckGoal) -> GoalStatus:
    """An account condition, read from the model."""
    user_name, group = goal.arg("user"), goal.arg("group")
    user = scenario.users.get(user_name) if user_name is not None else None
    if user_name is not None and user is None:
        return GoalStatus(goal, False, f"there is no user `{user_name}`")
    if goal.check == "root-has-mfa":
        met = bool(scenario.root_mfa)
        return GoalStatus(goal, met, "the root user has an MFA device" if met else "the root user has no MFA device")
    if goal.check == "no-user-policies":
        direct = [u.name for u in scenario.users.values() if u.policies or u.inline]
        return GoalStatus(goal, not direct, "no policy is attached directly to a user" if not direct else
                          "policies attached directly to " + ", ".join(direct))
    if user is None:                  # every check below names a `user` (the parser requires it)
        return GoalStatus(goal, False, f"unknown check `{goal.check}`" if goal.check not in CHECKS
                          else f"`{goal.check}` names no user")
    if goal.check == "user-has-mfa":
        return GoalStatus(goal, user.mfa, f"{user.name} {'has' if user.mfa else 'has no'} MFA device")
    if goal.check == "user-has-no-access-keys":
        count = len(user.access_keys)
        return GoalStatus(goal, count == 0, f"{user.name} has {count or 'no'} access key{'' if count == 1 else 's'}")
    if goal.check in ("user-in-group", "user-not-in-group"):
        inside = group in user.groups
        met = inside if goal.check == "user-in-group" else not inside
        return GoalStatus(goal, met, f"{user.name} is {'' if inside else 'not '}in {group}")
    return GoalStatus(goal, False, f"unknown check `{goal.check}`")


def describe_goal(goal: StepGoal) -> str:
    """The goal in words, for lists and reports."""
    if isinstance(goal, PredictGoal):
        return f"Predict, then evaluate: {goal.request}"
    if isinstance(goal, RequestGoal):
        return f"{goal.request}: {decision_words(goal.outcome)}"
    words = {"root-has-mfa": "the root user has MFA", "no-user-policies": "no policy is attached directly to a user",
             "user-has-mfa": "{user} has MFA", "user-has-no-access-keys": "{user} has no access keys",
             "user-in-group": "{user} is in {group}", "user-not-in-group": "{user} is not in {group}"}
    return words.get(goal.check, goal.check).format(**dict(goal.args))
