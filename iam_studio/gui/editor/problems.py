"""The list of problems under the editor: position, message and hint; a friendly line when all is well."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from ...core.diagnostics import Diagnostic
from .. import themes
from . import theme

ALL_GOOD = "✓  No problems: AWS would accept this policy."


class ProblemsList(QListWidget):
    """Shows diagnostics; activating one asks the editor to jump to it (`gotoRequested(line, column)`)."""

    gotoRequested = Signal(int, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("problemsList")
        self.setAccessibleName("Problems in this policy")
        self.setWordWrap(True)
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

    def _restyle(self) -> None:
        self.show_diagnostics(self._shown)

    def texts(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def _activate(self, item: QListWidgetItem) -> None:
        where = item.data(Qt.ItemDataRole.UserRole)
        if where:
            self.gotoRequested.emit(*where)
