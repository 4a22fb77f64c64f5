"""The lesson panel: a scenario's story and its goals."""
from .panel import LessonPanel

__all__ = ["LessonPanel"]
