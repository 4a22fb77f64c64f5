"""Records the evaluation as a flat list of steps with ids and parent ids; free when not explaining.

Statement steps are many (every statement of every policy in play) and are mostly never looked at,
so the authorizer records them as a `Pending` run: what it found, from which `Trace` makes the run's
`Step`s when one of them is first read. A trace costs little to record and keep, and is the same list
of steps to whoever reads it.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, overload

from .result import ElementMatch, Outcome, Stage, StatementRef, Step


class Pending(Protocol):
    """A run of steps recorded without their Step objects, from trace position `start`: `steps()` makes them."""

    start: int

    def steps(self) -> list[Step]: ...


class Tracer:
    """Appends steps when `enabled`; callers guard message building with `if tracer.enabled`."""

    __slots__ = ("enabled", "steps")

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.steps: list[Step | Pending] = []

    def step(self, stage: Stage, outcome: Outcome, message: str, *, parent: int | None = None,
             statement: StatementRef | None = None, elements: Sequence[ElementMatch] | None = None,
             details: dict[str, object] | None = None) -> int:
        if not self.enabled:
            return -1
        step = Step(len(self.steps), stage, outcome, message, parent, statement, elements or (), details or {})
        self.steps.append(step)
        return step.id

    def pending(self, run: Pending, count: int) -> None:
        """Reserve the next `count` positions (from `run.start`) for the steps `run` makes when one is read."""
        assert run.start == len(self.steps), "a run starts at the next position"
        self.steps.extend([run] * count)

    def adopt(self, steps: Sequence[Step], parent: int | None = None) -> None:
        """Append steps recorded elsewhere (e.g. authentication), renumbering ids and parents."""
        if not self.enabled:
            return
        base = len(self.steps)
        for s in steps:
            self.steps.append(Step(base + s.id, s.stage, s.outcome, s.message,
                                   parent if s.parent is None else base + s.parent,
                                   s.statement, s.elements, dict(s.details)))

    def trace(self) -> Trace:
        return Trace(self.steps)


class Trace(Sequence[Step]):
    """The steps of one evaluation, in order; a pending run's steps are made when one is first read, then kept."""

    __slots__ = ("_items",)

    def __init__(self, items: list[Step | Pending]):
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Step: ...

    @overload
    def __getitem__(self, index: slice) -> list[Step]: ...

    def __getitem__(self, index: int | slice) -> Step | list[Step]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._items)))]
        item = self._items[index]
        if isinstance(item, Step):
            return item
        made = item.steps()
        self._items[item.start:item.start + len(made)] = made
        return made[(index + len(self._items) if index < 0 else index) - item.start]

    def __iter__(self) -> Iterator[Step]:
        for i in range(len(self._items)):
            yield self[i]

    def __repr__(self) -> str:
        return f"Trace({len(self._items)} steps)"
