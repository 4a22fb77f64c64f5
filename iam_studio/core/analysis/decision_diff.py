"""Decision diff: which saved requests changed verdict after an edit, old → new."""
from __future__ import annotations

from dataclasses import dataclass

from ..decision import Decision
from ..engine.engine import Engine
from ..scenario.model import Scenario
from ..scenario.principal import PrincipalError


@dataclass(frozen=True, slots=True)
class DecisionChange:
    """One saved request whose decision differs. None: the request was not there, or names nobody."""

    request: str
    old: Decision | None
    new: Decision | None

    def describe(self) -> str:
        return f"{self.request}: {decision_words(self.old)} → {decision_words(self.new)}"


def decision_words(decision: Decision | None) -> str:
    return decision.value.replace("_", " ") if decision is not None else "no decision"


def decisions(scenario: Scenario, engine: Engine | None = None) -> dict[str, Decision | None]:
    """Every saved request's decision (fast path), by request name, in file order.

    A request whose principal the scenario no longer has gets None.
    """
    engine = engine or Engine(scenario)
    out: dict[str, Decision | None] = {}
    for spec in scenario.requests:
        try:
            out[spec.name] = engine.evaluate(spec).decision
        except PrincipalError:
            out[spec.name] = None
    return out


def decision_diff(before: dict[str, Decision | None],
                  after: dict[str, Decision | None]) -> list[DecisionChange]:
    """The requests whose decision changed from `before` to `after` (both from `decisions`).

    Requests are matched by name; one only in `after` was added (old None), one only in `before`
    was removed (new None). The order is `after`'s, then the removed ones.
    """
    changes = [DecisionChange(name, before.get(name), new) for name, new in after.items()
               if before.get(name) is not new or name not in before]
    changes += [DecisionChange(name, old, None) for name, old in before.items() if name not in after]
    return changes
