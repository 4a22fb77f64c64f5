"""Light, dark and high-contrast themes and the UI zoom: one palette for widgets, one colour table for the
painted views (canvas, pipeline, legend), and `appearance()` to tell every view when either changes."""
from __future__ import annotations

import functools
import json

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontInfo, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QToolBar, QToolButton

from ..core.resource_files import resource_path

THEME_NAMES = ("light", "dark", "high-contrast")


def _load(name: str) -> dict:
    return json.loads(resource_path("themes", f"{name}.json").read_text(encoding="utf-8"))


_FILES = {name: _load(name) for name in THEME_NAMES}           # resources/themes/NAME.json
THEMES: dict[str, dict[str, str]] = {name: data["colours"] for name, data in _FILES.items()}
THEME_LABELS = {name: data["label"] for name, data in _FILES.items()}
BASE_POINT_SIZE = 11
MIN_TEXT_SHARE = 0.85    # painted text is never smaller on screen than this share of the UI font
PRESENTATION_MIN_PX = 18.0   # ... and in presentation mode never smaller than this


class Appearance(QObject):
    """The theme and zoom in use; `changed` fires after every `apply_theme`."""

    changed = Signal()

    def __init__(self):
        super().__init__()
        self.name = "light"
        self.scale = 1.0
        self.presentation = False       # the views may drop secondary words for a projector


_appearance: Appearance | None = None


def appearance() -> Appearance:
    global _appearance
    if _appearance is None:
        _appearance = Appearance()
    return _appearance


def colours() -> dict[str, str]:
    """The colour table of the theme in use."""
    return THEMES[appearance().name]


DIMMED_CONTRAST = 3.0    # a dimmed node's name still reads at this contrast on the account frame (large text)


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance of `#rrggbb`."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def dimmed_opacity(name: str | None = None) -> float:
    """The least opacity at which a dimmed node's name (the theme's text on the account frame's fill) keeps
    `DIMMED_CONTRAST` (a projector washes out fainter text), in steps of 0.05, at least 0.25."""
    return _dimmed_opacity(name or appearance().name)


@functools.cache
def _dimmed_opacity(name: str) -> float:
    t = THEMES[name]
    text, back = t["text"], t["boundary_fill"]
    rgb = [(int(text[i:i + 2], 16), int(back[i:i + 2], 16)) for i in (1, 3, 5)]
    lb = _luminance(back)
    alpha = 0.25
    while alpha < 1.0:
        mixed = "#" + "".join(f"{round(b + alpha * (f - b)):02x}" for f, b in rgb)
        lm = _luminance(mixed)
        if (max(lm, lb) + 0.05) / (min(lm, lb) + 0.05) >= DIMMED_CONTRAST:
            return alpha
        alpha = round(alpha + 0.05, 2)
    return 1.0


def zoom() -> float:
    """The UI zoom in use (1.0: default size)."""
    return appearance().scale


def ui_pixel_size() -> int:
    """The pixel size of the application's font (after zoom)."""
    return QFontInfo(QApplication.font()).pixelSize()


def min_text_px() -> float:
    """The smallest on-screen size of painted text (canvas labels, pipeline words), however a view is fitted."""
    share = MIN_TEXT_SHARE * ui_pixel_size()
    return max(PRESENTATION_MIN_PX, share) if appearance().presentation else share


def scaled_font(base: QFont | None = None, factor: float = 1.0, bold: bool = False) -> QFont:
    """The application's font (or `base`) at `factor` times the UI font size, which follows the zoom."""
    font = QFont(base) if base is not None else QFont(QApplication.font())
    font.setPointSizeF(BASE_POINT_SIZE * zoom() * factor)
    if bold:
        font.setBold(True)
    return font


def palette_for(name: str) -> QPalette:
    t = THEMES[name]
    pal = QPalette()
    R = QPalette.ColorRole
    for role, key in ((R.Window, "window"), (R.Base, "base"), (R.AlternateBase, "window"),
                      (R.Button, "window"), (R.WindowText, "text"), (R.Text, "text"),
                      (R.ButtonText, "text"), (R.ToolTipText, "text"), (R.ToolTipBase, "base"),
                      (R.Highlight, "highlight"), (R.PlaceholderText, "muted"), (R.Mid, "field_border"),
                      (R.Link, "highlight")):
        pal.setColor(role, QColor(t[key]))
    # selected rows: white on the light theme's dark blue, black on the dark and high-contrast themes' light
    # highlights (white on the dark theme's #5aa0e8 was 2.8:1)
    pal.setColor(R.HighlightedText, QColor("#ffffff" if name == "light" else "#000000"))
    return pal


def apply_theme(app: QApplication, name: str, scale: float = 1.0) -> None:
    """Apply a theme and a font scale (UI zoom) to the whole application, then tell every view."""
    state = appearance()
    state.name, state.scale = name, scale
    app.setStyleSheet("")          # with a style sheet in place, Qt does not pass a new font on to the widgets
    app.setStyle("Fusion")
    app.setPalette(palette_for(name))
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * scale)
    app.setFont(font)
    # dock titles have a font of their own: zoom them too (the stubs type the class name as bytes; Qt takes str)
    app.setFont(font, "QDockWidgetTitle")  # type: ignore[arg-type]
    # deliver the font change before the style sheet polishes the widgets: a sheet set first keeps the
    # font each widget had, so the window's first theme would leave the old size in place
    QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
    t = THEMES[name]
    width = 2 if name == "high-contrast" else 1
    fields = "QLineEdit, QComboBox, QPlainTextEdit, QTextEdit, QListWidget, QTreeWidget, QTableWidget, QSpinBox"
    app.setStyleSheet(
        f"QToolTip {{ border: {width + 1}px solid {t['field_border']}; padding: 4px; }}"
        + (f"{fields} {{ border: {width}px solid {t['field_border']}; }}"
           f"QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus {{ border: 3px solid {t['accent']}; }}"
           if name == "high-contrast" else ""))
    state.changed.emit()


class _Follower(QObject):
    """Re-fonts its parent widget after every zoom (a child object, so the link dies with the widget)."""

    def __init__(self, widget, factor: float, mono: bool, bold: bool):
        super().__init__(widget)
        self.widget, self.factor, self.mono, self.bold = widget, factor, mono, bold
        appearance().changed.connect(self.restyle)
        self.restyle()

    def restyle(self) -> None:
        if self.mono:
            font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
            font.setPointSizeF(BASE_POINT_SIZE * zoom() * self.factor)
            font.setBold(self.bold)
        else:
            font = scaled_font(factor=self.factor, bold=self.bold)
        self.widget.setFont(font)


class _Overflow(QObject):
    """A toolbar's "»" button (for the actions that do not fit) in the theme's text colour: Fusion draws its
    arrows dark whatever the theme, all but invisible on the dark ones."""

    def __init__(self, toolbar: QToolBar):
        super().__init__(toolbar)
        self.toolbar = toolbar
        appearance().changed.connect(self.restyle)
        self.restyle()

    def restyle(self) -> None:
        button = self.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
        if button is None:
            return
        size = button.iconSize()
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setPen(self.toolbar.palette().color(QPalette.ColorRole.WindowText))
        font = scaled_font(bold=True)
        font.setPixelSize(max(8, size.height()))          # the arrows as tall as the icon, not clipped by it
        painter.setFont(font)
        painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, "»")
        painter.end()
        button.setIcon(QIcon(pixmap))
        button.setToolTip("More tools: those that do not fit the bar")


def readable_overflow(toolbar: QToolBar) -> None:
    """Draw `toolbar`'s overflow button in the theme's text colour, now and after every theme change."""
    _Overflow(toolbar)


def follow(widget, factor: float = 1.0, *, mono: bool = False, bold: bool = False) -> None:
    """Give `widget` a font `factor` times the UI font (fixed-width if `mono`), now and after every zoom."""
    _Follower(widget, factor, mono, bold)
