"""The learner's progress in every lesson, in the app's data folder (never in a lesson file)."""
from __future__ import annotations

from ...core.lessons import LessonProgress, ProgressStore
from ..errors import data_dir


def progress_store() -> ProgressStore:
    return ProgressStore(data_dir() / "lesson-progress.json")


def progress_words(progress: LessonProgress, steps: int) -> str:
    """How far the learner got, in words, for the lesson browser."""
    right, asked = progress.score()
    score = f" · predictions {right} of {asked} right" if asked else ""
    if steps and len(progress.done & set(range(steps))) == steps:
        return "finished ✓" + score
    if progress.step == 0 and not progress.done and not asked and not progress.hints:
        return "not started"
    return f"at step {min(progress.step, steps - 1) + 1} of {steps}, {len(progress.done)} done" + score
