"""Practice drills on any scenario: the engine picks a request, the learner predicts, the engine's decision
and reason are revealed, a streak counts right answers in a row. Endless and needs no authoring.

- `drill_pool(scenario)` → every drill the scenario offers: its saved requests, then generated
  principal × action × resource combinations (each user and role; each action the scenario's own
  policies (not AWS managed ones) and requests name without a wildcard; the resources of the
  action's service, the policies' own concrete resources, or `*`). Deterministic: the same
  scenario gives the same pool, in the same order.
- `Practice(seed)`: `next(scenario)` picks a drill (first a decision, all four equally likely among
  those the pool reaches, then a request with it; never the same request twice running), `answer(
  scenario, predicted)` evaluates it on the scenario as it is *now* and returns a `Reveal`; `streak`,
  `best`, `right`, `asked`. The same seed on the same scenario gives the same drills.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..decision import Decision
from ..scenario.model import RequestSpec, Scenario

if TYPE_CHECKING:
    from ..engine.engine import Engine

MAX_GENERATED = 400          # the pool stays small enough to evaluate at once on a lesson-size scenario


@dataclass(frozen=True)
class Drill:
    """One question: a request, and whether it is one of the scenario's saved requests."""

    request: RequestSpec
    saved: bool

    @property
    def question(self) -> str:
        r = self.request
        text = f"{r.principal} asks for {r.action} on {r.resource}"
        c = r.credential
        if c is not None and c.type == "access_key":
            text += f", signed with access key {c.key_id}" + (" (altered after signing)" if c.tamper else "")
        elif c is not None:
            text += f", with a {c.type} credential" + ("" if c.mfa is None else " and MFA" if c.mfa else " without MFA")
        return text


@dataclass(frozen=True)
class Reveal:
    """The engine's answer to a drill and how the learner did."""

    drill: Drill
    predicted: Decision | None          # None: no prediction
    decision: Decision
    reason: str                         # the engine's one-sentence reason
    deciding: tuple[str, ...]           # the deciding statements, e.g. "ReadReports statement #1 (Allow)"
    streak: int

    @property
    def right(self) -> bool:
        return self.predicted is self.decision


def drill_pool(scenario: Scenario) -> list[Drill]:
    """The saved requests, then generated combinations no saved request already asks (see the module doc)."""
    pool = [Drill(spec, True) for spec in scenario.requests]
    seen = {(s.principal, s.action, s.resource) for s in scenario.requests if s.credential is None}
    principals = [f"user/{n}" for n in sorted(scenario.users)] + [f"role/{n}" for n in sorted(scenario.roles)]
    actions, resources = _policy_actions_and_resources(scenario)
    resources |= {r.arn for r in scenario.resources.values()}
    generated = 0
    for action in sorted(actions):
        service = action.split(":", 1)[0].lower()
        targets = sorted(r for r in resources if _service(r) == service) or ["*"]
        for principal in principals:
            for resource in targets:
                if (principal, action, resource) in seen or generated >= MAX_GENERATED:
                    continue
                seen.add((principal, action, resource))
                generated += 1
                pool.append(Drill(RequestSpec(name=f"practice: {principal} {action} {resource}",
                                              principal=principal, action=action, resource=resource), False))
    return pool


def _policy_actions_and_resources(scenario: Scenario) -> tuple[set[str], set[str]]:
    actions: set[str] = set()
    resources: set[str] = set()
    policies = [p for p in scenario.policies.values() if not p.aws_managed]   # loaded lazily: not part of the pool
    for owner in [*scenario.users.values(), *scenario.roles.values(), *scenario.groups.values()]:
        policies += list(getattr(owner, "inline", {}).values())
    policies += [r.policy for r in scenario.resources.values() if r.policy is not None]
    for policy in policies:
        for st in policy.statements:
            if st.action is not None:
                actions |= {a for a in st.action.values if ":" in a and not any(c in a for c in "*?")}
            if st.resource is not None:
                resources |= {r for r in st.resource.values if r.startswith("arn:") and not any(c in r for c in "*?$")}
    actions |= {s.action for s in scenario.requests if ":" in s.action and not any(c in s.action for c in "*?")}
    return actions, resources


def _service(arn: str) -> str:
    parts = arn.split(":")
    return parts[2].lower() if len(parts) > 2 else ""


class Practice:
    """An endless run of drills with a streak counter (see the module doc)."""

    def __init__(self, seed: int = 0):
        self._rng = random.Random(seed)
        self.current: Drill | None = None
        self.streak = self.best = self.right = self.asked = 0

    def next(self, scenario: Scenario, engine: Engine | None = None) -> Drill | None:
        """Pick the next drill for `scenario` as it is now; None when it has no user, role or request."""
        by_decision: dict[Decision, list[Drill]] = {}
        engine = engine or _engine(scenario)
        last = self.current.request.name if self.current is not None else None
        for drill in drill_pool(scenario):
            decision = _decide(engine, drill.request)
            if decision is not None and drill.request.name != last:
                by_decision.setdefault(decision, []).append(drill)
        if not by_decision:
            self.current = None
            return None
        decision = self._rng.choice([d for d in Decision if d in by_decision])
        self.current = self._rng.choice(by_decision[decision])
        return self.current

    def answer(self, scenario: Scenario, predicted: Decision | None, engine: Engine | None = None) -> Reveal:
        """Evaluate the current drill on `scenario` now, score the prediction (None: no prediction, never right)."""
        if self.current is None:
            raise ValueError("no drill yet: call next() first")
        result = (engine or _engine(scenario)).evaluate(self.current.request)
        self.asked += 1
        if predicted is result.decision:
            self.right += 1
            self.streak += 1
            self.best = max(self.best, self.streak)
        else:
            self.streak = 0
        deciding = tuple(f"{ref.policy} statement {ref.sid or '#' + str(ref.index + 1)} ({ref.effect})"
                         for ref in result.deciding)
        return Reveal(self.current, predicted, result.decision, result.reason, deciding, self.streak)


def _engine(scenario: Scenario) -> Engine:
    from ..engine.engine import Engine
    return Engine(scenario)


def _decide(engine: Engine, spec: RequestSpec) -> Decision | None:
    """The engine's decision, or None for a request it cannot evaluate (a principal the account lacks...)."""
    try:
        decision: Decision = engine.evaluate(spec).decision
        return decision
    except Exception:  # a drill the engine cannot evaluate is simply not offered
        return None
