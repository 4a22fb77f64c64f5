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

    def adopt(self, steps: Sequence[Step]) -> None:
        """Append steps recorded elsewhere (authentication's, ids from 0), renumbered when they are read."""
        if self.enabled and steps:
            self.pending(_Adopted(len(self.steps), steps), len(steps))

    def trace(self) -> Trace:
        return Trace(self.steps)


class _Adopted:
    """Steps recorded elsewhere, copied with their ids and parents moved to start at `start` (a parent of None
    stays None)."""

    __slots__ = ("start", "source")

    def __init__(self, start: int, source: Sequence[Step]):
        self.start, self.source = start, source

    def steps(self) -> list[Step]:
        base = self.start
        return [Step(base + s.id, s.stage, s.outcome, s.message, None if s.parent is None else base + s.parent,
                     s.statement, s.elements, dict(s.details)) for s in self.source]


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
