"""Colours and fonts shared by the editor, pipeline and lesson widgets: calm, high-contrast, projector-sized."""
from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase

ALLOW = QColor("#1b7f3b")        # green that reads on white and on a projector
DENY = QColor("#c62828")         # red
IMPLICIT = QColor("#b35900")     # amber-brown for implicit deny
NEUTRAL = QColor("#5f6b7a")      # slate for skipped / informational
ACCENT = QColor("#1f5fbf")       # blue for the current gate and highlights
HIGHLIGHT_BG = QColor("#fff3bf") # soft yellow behind a highlighted statement
CURRENT_LINE = QColor("#f3f6fb")
ERROR = QColor("#d32f2f")
WARNING = QColor("#e0a000")

# syntax colours (JSON)
KEY = QColor("#0b4f9c")
STRING = QColor("#8a3b00")
NUMBER = QColor("#6a3fb5")
LITERAL = QColor("#6a3fb5")
PUNCT = QColor("#5f6b7a")

# the same roles on a dark or high-contrast palette
KEY_DARK = QColor("#8cc4ff")
STRING_DARK = QColor("#ffc27a")
NUMBER_DARK = QColor("#d2b4ff")
PUNCT_DARK = QColor("#aab4c2")
ALLOW_DARK = QColor("#6fdc8c")
DENY_DARK = QColor("#ff8a80")
HIGHLIGHT_BG_DARK = QColor("#3d3a1a")
CURRENT_LINE_DARK = QColor("#2a3140")
GUTTER = QColor("#f1f3f6")
GUTTER_DARK = QColor("#1f2530")


def is_dark(palette) -> bool:
    """Whether the widget's palette draws light text on a dark base (dark and high-contrast themes)."""
    return palette.base().color().lightness() < 128


def on(palette, light: QColor, dark: QColor) -> QColor:
    """`light` on a light palette, `dark` on a dark one."""
    return dark if is_dark(palette) else light


EDITOR_POINT_SIZE = 14
UI_POINT_SIZE = 12


def mono_font(point_size: int = EDITOR_POINT_SIZE) -> QFont:
    """The system fixed-width font at a size that reads from the back of a classroom."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(point_size)
    return font


def verdict_colour(decision_value: str) -> QColor:
    """Colour for a Decision value (`allowed`, `explicit_deny`, ...)."""
    if decision_value == "allowed":
        return ALLOW
    if decision_value == "implicit_deny":
        return IMPLICIT
    return DENY
