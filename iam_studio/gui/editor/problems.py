"""The list of problems under the editor: position, message and hint; a friendly line when all is well."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSizePolicy

from ...core.diagnostics import Diagnostic
from .. import themes
from . import theme

ALL_GOOD = "✓  No problems: AWS would accept this policy."
SHOWN_ROWS = 5          # lines of problems shown before the list scrolls


class ProblemsList(QListWidget):
    """Shows diagnostics; activating one asks the editor to jump to it (`gotoRequested(line, column)`)."""

    gotoRequested = Signal(int, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("problemsList")
        self.setAccessibleName("Problems in this policy")
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)   # no taller than its rows
        themes.follow(self)
        self.itemActivated.connect(self._activate)
        self.itemClicked.connect(self._activate)
        self._shown: list[Diagnostic] = []
        themes.appearance().changed.connect(self._restyle)
        self.show_diagnostics([])

    def show_diagnostics(self, diagnostics: list[Diagnostic]) -> None:
        """List `diagnostics` in the theme's colours (listed again after a theme change)."""
        self._shown = list(diagnostics)
        self.clear()
        pal = self.palette()
        if not diagnostics:
            item = QListWidgetItem(ALL_GOOD)
            item.setForeground(QBrush(theme.on(pal, theme.ALLOW, theme.ALLOW_DARK)))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addItem(item)
            self.updateGeometry()
            return
        ordered = sorted(diagnostics, key=lambda d: (not d.is_error, d.span.line if d.span else 0,
                                                      d.span.column if d.span else 0))
        for d in ordered:
            where = f"Line {d.span.line}, column {d.span.column}: " if d.span else ""
            text = f"{'●' if d.is_error else '▲'}  {where}{d.message}"
            if d.help:
                text += f"\n      hint: {d.help}"
            item = QListWidgetItem(text)
            item.setForeground(QBrush(theme.on(pal, theme.ERROR, theme.DENY_DARK) if d.is_error
                                      else theme.on(pal, theme.WARNING.darker(140), theme.WARNING)))
            item.setData(Qt.ItemDataRole.UserRole, (d.span.line, d.span.column) if d.span else None)
            item.setToolTip(d.code)
            self.addItem(item)
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802  (Qt's name)
        """As tall as its rows, up to `SHOWN_ROWS` lines: the editor's text gets the rest of the height."""
        line = self.fontMetrics().lineSpacing()
        rows = sum(max(self.sizeHintForRow(i), self.visualItemRect(self.item(i)).height()) for i in range(self.count()))
        height = min(max(rows, line), SHOWN_ROWS * line) + 2 * self.frameWidth() + 4
        return QSize(super().sizeHint().width(), height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802  (Qt's name)
        """The first problem whole (its message and its hint)."""
        first = max(self.sizeHintForRow(0), self.visualItemRect(self.item(0)).height()) if self.count() else 0
        height = max(first, self.fontMetrics().lineSpacing()) + 2 * self.frameWidth() + 4
        return QSize(super().minimumSizeHint().width(), height)

    def resizeEvent(self, event) -> None:  # noqa: N802  (Qt's name)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            QTimer.singleShot(0, self.updateGeometry)        # rows wrapped anew: their height changed

    def _restyle(self) -> None:
        self.show_diagnostics(self._shown)

    def texts(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def _activate(self, item: QListWidgetItem) -> None:
        where = item.data(Qt.ItemDataRole.UserRole)
        if where:
            self.gotoRequested.emit(*where)
