"""What a lesson browser lists: each file's title, first sentence, lesson id, level and step count,
read quickly (the located tree only, no scenario checks) and ordered as the course meets them."""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..located import LMap, LNode, LScalar, LSeq
from ..textfile import read_text_file
from ..yamlsource import parse_yaml


@dataclass(frozen=True, slots=True)
class LessonSummary:
    path: Path
    title: str
    first_sentence: str           # of the description ("" without one)
    lesson_id: str | None         # None: a scenario without a lesson block
    level: int | None
    steps: int


def summarize(path: str | os.PathLike[str]) -> LessonSummary:
    """The summary of one file, with safe fallbacks for anything unreadable (never raises)."""
    path = Path(path)
    try:
        return _summary(path, path.stat().st_mtime)
    except OSError:
        return LessonSummary(path, _fallback_title(path), "", None, None, 0)


def course_order(paths: Iterable[str | os.PathLike[str]]) -> list[LessonSummary]:
    """The files' summaries in course order: by `level`, then files without one, each by name."""
    summaries = [summarize(p) for p in paths]
    return sorted(summaries, key=lambda s: (s.level is None, s.level or 0, s.path.name))


@lru_cache(maxsize=128)
def _summary(path: Path, _mtime: float) -> LessonSummary:
    fallback = LessonSummary(path, _fallback_title(path), "", None, None, 0)
    text, problems = read_text_file(path)
    if text is None or problems:
        return fallback
    root, _document, diagnostics = parse_yaml(text, str(path), keep_document=False)
    if diagnostics or not isinstance(root, LMap):
        return fallback
    title = _text(root.get("title")) or fallback.title
    description = " ".join((_text(root.get("description")) or "").split())
    first = description.split(". ")[0].rstrip(".") + "." if description else ""
    lesson = root.get("lesson")
    if not isinstance(lesson, LMap):
        return LessonSummary(path, title, first, None, None, 0)
    level = lesson.get("level")
    level_value = level.value if isinstance(level, LScalar) and type(level.value) is int else None
    steps = lesson.get("steps")
    return LessonSummary(path, title, first, _text(lesson.get("id")) or path.stem, level_value,
                         len(steps) if isinstance(steps, LSeq) else 0)


def _text(node: LNode | None) -> str | None:
    return node.value if isinstance(node, LScalar) and isinstance(node.value, str) else None


def _fallback_title(path: Path) -> str:
    return path.stem.replace("-", " ").capitalize()
