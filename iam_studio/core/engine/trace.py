"""Records the evaluation as a flat list of steps with ids and parent ids; free when not explaining."""
from __future__ import annotations

from .result import ElementMatch, Outcome, Stage, StatementRef, Step


class Tracer:
    """Appends steps when `enabled`; callers guard message building with `if tracer.enabled`."""

    __slots__ = ("enabled", "steps")

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.steps: list[Step] = []

    def step(self, stage: Stage, outcome: Outcome, message: str, *, parent: int | None = None,
             statement: StatementRef | None = None, elements: list[ElementMatch] | None = None,
             details: dict[str, object] | None = None) -> int:
        if not self.enabled:
            return -1
        step = Step(len(self.steps), stage, outcome, message, parent, statement, elements or [], details or {})
        self.steps.append(step)
        return step.id

    def adopt(self, steps: list[Step], parent: int | None = None) -> None:
        """Append steps recorded elsewhere (e.g. authentication), renumbering ids and parents."""
        if not self.enabled:
            return
        base = len(self.steps)
        for s in steps:
            self.steps.append(Step(base + s.id, s.stage, s.outcome, s.message,
                                   parent if s.parent is None else base + s.parent,
                                   s.statement, list(s.elements), dict(s.details)))
