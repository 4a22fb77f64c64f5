"""Light, dark and high-contrast themes: one palette for widgets and one colour table for the canvas."""
from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

THEMES: dict[str, dict[str, str]] = {
    "light": {"window": "#f5f5f2", "base": "#ffffff", "text": "#1d232b", "accent": "#e0a100",
              "background": "#fbfbf8", "node_border": "#2b2f36", "boundary": "#5d6b7a",
              "boundary_fill": "#eef2f5", "highlight": "#2e6fb0", "muted": "#5d6b7a"},
    "dark": {"window": "#23272e", "base": "#1b1e23", "text": "#e6e9ee", "accent": "#ffc940",
             "background": "#1e2127", "node_border": "#0d0f12", "boundary": "#9aa7b4",
             "boundary_fill": "#262b33", "highlight": "#5aa0e8", "muted": "#9aa7b4"},
    "high-contrast": {"window": "#000000", "base": "#000000", "text": "#ffffff", "accent": "#ffff00",
                      "background": "#000000", "node_border": "#ffffff", "boundary": "#ffffff",
                      "boundary_fill": "#000000", "highlight": "#00ffff", "muted": "#ffffff"},
}
THEME_LABELS = {"light": "Light", "dark": "Dark", "high-contrast": "High contrast"}
BASE_POINT_SIZE = 11


def palette_for(name: str) -> QPalette:
    t = THEMES[name]
    pal = QPalette()
    R = QPalette.ColorRole
    for role, key in ((R.Window, "window"), (R.Base, "base"), (R.AlternateBase, "window"),
                      (R.Button, "window"), (R.WindowText, "text"), (R.Text, "text"),
                      (R.ButtonText, "text"), (R.ToolTipText, "text"), (R.ToolTipBase, "base"),
                      (R.Highlight, "highlight"), (R.PlaceholderText, "muted")):
        pal.setColor(role, QColor(t[key]))
    pal.setColor(R.HighlightedText, QColor("#000000" if name == "high-contrast" else "#ffffff"))
    return pal


def apply_theme(app: QApplication, name: str, scale: float = 1.0) -> None:
    """Apply a theme and a font scale (UI zoom) to the whole application."""
    app.setStyle("Fusion")
    app.setPalette(palette_for(name))
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * scale)
    app.setFont(font)
    border = "2px solid #ffffff" if name == "high-contrast" else "1px solid palette(mid)"
    app.setStyleSheet(f"QToolTip {{ border: {border}; padding: 4px; }}")
