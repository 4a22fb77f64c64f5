"""A learner's progress through lessons, kept in the app's data (never in the lesson file), by lesson id.

The store is one JSON file (`{"version": 1, "lessons": {ID: {...}}}`) whose path the caller chooses
(the GUI passes a file in its data folder). A missing or unreadable store starts empty; saving is atomic.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_text_atomic

NO_PREDICTION = None        # what a prediction is when the learner made none


@dataclass(slots=True)
class Prediction:
    step: int
    request: str
    predicted: str | None          # an outcome, or None: "no prediction"
    actual: str
    statement: str | None = None          # the statement guessed to decide (`guess.judge`), or None
    statement_right: bool | None = None   # whether it is one of the deciding statements; None: no guess

    @property
    def right(self) -> bool:
        return self.predicted is not None and self.predicted == self.actual


@dataclass(slots=True)
class LessonProgress:
    lesson_id: str
    step: int = 0                                             # the step to resume at (0-based)
    hints: dict[int, int] = field(default_factory=dict)       # step -> how many hints are revealed
    done: set[int] = field(default_factory=set)               # steps whose goals were all met
    predictions: list[Prediction] = field(default_factory=list)

    def scored(self) -> list[Prediction]:
        """The predictions that count: the first try at each request of each step (a later try, made
        after evaluating it without a prediction, completes the step but does not change the score)."""
        seen: set[tuple[int, str]] = set()
        first = []
        for p in self.predictions:
            if (p.step, p.request) not in seen:
                seen.add((p.step, p.request))
                first.append(p)
        return first

    def score(self) -> tuple[int, int]:
        """(right predictions, predictions asked); "no prediction" counts as asked and not right."""
        scored = self.scored()
        return sum(p.right for p in scored), len(scored)

    def statement_score(self) -> tuple[int, int]:
        """(statements guessed right, statements guessed): only predictions that named a statement count."""
        guessed = [p for p in self.scored() if p.statement is not None]
        return sum(p.statement_right is True for p in guessed), len(guessed)

    def finished(self, steps: int) -> bool:
        """Every one of the lesson's `steps` steps is done."""
        return steps > 0 and set(range(steps)) <= self.done

    def words(self, steps: int) -> str:
        """How far the learner got in a lesson of `steps` steps, with both scores, for a lesson browser:
        "at step 2 of 4, 1 done · predictions 1 of 2 right · deciding statements 0 of 1 right"."""
        right, asked = self.score()
        named_right, named = self.statement_score()
        score = (f" · predictions {right} of {asked} right" if asked else "") + \
            (f" · deciding statements {named_right} of {named} right" if named else "")
        if self.finished(steps):
            return "finished ✓" + score
        if self.step == 0 and not self.done and not asked and not self.hints:
            return "not started"
        return f"at step {min(self.step, steps - 1) + 1} of {steps}, {len(self.done)} done" + score

    def reveal_hint(self, step: int, available: int) -> int:
        """Reveal one more hint of `step` (at most `available`); the number now revealed."""
        self.hints[step] = min(available, self.hints.get(step, 0) + 1)
        return self.hints[step]

    def to_dict(self) -> dict[str, object]:
        return {"step": self.step, "hints": {str(k): v for k, v in sorted(self.hints.items())},
                "done": sorted(self.done),
                "predictions": [{"step": p.step, "request": p.request, "predicted": p.predicted,
                                 "actual": p.actual}
                                | ({"statement": p.statement, "statement_right": p.statement_right}
                                   if p.statement is not None else {}) for p in self.predictions]}

    @staticmethod
    def from_dict(lesson_id: str, data: object) -> LessonProgress:
        """Read back what `to_dict` wrote; anything malformed is left out, never raised."""
        progress = LessonProgress(lesson_id)
        if not isinstance(data, dict):
            return progress
        if isinstance(data.get("step"), int) and data["step"] >= 0:
            progress.step = data["step"]
        if isinstance(data.get("hints"), dict):
            progress.hints = {int(k): v for k, v in data["hints"].items()
                              if str(k).isdigit() and isinstance(v, int) and v >= 0}
        if isinstance(data.get("done"), list):
            progress.done = {s for s in data["done"] if isinstance(s, int) and s >= 0}
        for p in data.get("predictions") or []:
            if isinstance(p, dict) and isinstance(p.get("step"), int) and isinstance(p.get("request"), str) \
                    and isinstance(p.get("actual"), str) and (p.get("predicted") is None
                                                              or isinstance(p.get("predicted"), str)):
                statement = p.get("statement") if isinstance(p.get("statement"), str) else None
                judged = p.get("statement_right") if isinstance(p.get("statement_right"), bool) else None
                progress.predictions.append(Prediction(p["step"], p["request"], p.get("predicted"), p["actual"],
                                                       statement, judged if statement is not None else None))
        return progress


class ProgressStore:
    """Every lesson's progress in one JSON file."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self._data: dict[str, object] = {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = None
        if isinstance(loaded, dict) and isinstance(loaded.get("lessons"), dict):
            self._data = {str(k): v for k, v in loaded["lessons"].items()}

    def get(self, lesson_id: str) -> LessonProgress:
        return LessonProgress.from_dict(lesson_id, self._data.get(lesson_id))

    def put(self, progress: LessonProgress) -> None:
        self._data[progress.lesson_id] = progress.to_dict()

    def reset(self, lesson_id: str) -> None:
        self._data.pop(lesson_id, None)

    def save(self) -> None:
        """Write the store atomically (raises OSError when the folder cannot be written)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(self.path, json.dumps({"version": 1, "lessons": self._data}, indent=1, sort_keys=True))
