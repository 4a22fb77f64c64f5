"""The learner's progress in every lesson, in the app's data folder (never in a lesson file)."""
from __future__ import annotations

from ...core.lessons import ProgressStore
from ..errors import data_dir


def progress_store() -> ProgressStore:
    return ProgressStore(data_dir() / "lesson-progress.json")

