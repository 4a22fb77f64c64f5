"""The request-context table: keys AWS derives (grey, from the last evaluation) and keys the learner
sets (black); editing a derived value makes it the learner's. A value may be a JSON list."""
from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from . import theme

OWN = Qt.ItemDataRole.UserRole          # True on rows the learner set


def parse_values(text: str) -> list[str]:
    """`a` -> ["a"]; `["a", "b"]` -> ["a", "b"] (a list is a multi-valued key)."""
    text = text.strip()
    if text.startswith("["):
        try:
            data = json.loads(text)
        except ValueError:
            return [text]
        if isinstance(data, list):
            return ["true" if v is True else "false" if v is False else str(v) for v in data]
    return [text]


def show_values(values: list[str]) -> str:
    return values[0] if len(values) == 1 else json.dumps(values)


class ContextTable(QTableWidget):
    def __init__(self, parent=None):
        super().__init__(0, 2, parent)
        self.setObjectName("contextTable")
        self.setAccessibleName("Request context keys")
        self.setHorizontalHeaderLabels(["Context key", "Value (a list: [\"a\", \"b\"])"])
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._filling = False
        self.itemChanged.connect(self._edited)

    def own(self) -> dict[str, list[str]]:
        """The keys the learner set (these go into the saved request)."""
        out: dict[str, list[str]] = {}
        for row in range(self.rowCount()):
            key_item, value_item = self.item(row, 0), self.item(row, 1)
            if key_item is None or not key_item.data(OWN):
                continue
            key = key_item.text().strip()
            if key:
                out[key] = parse_values(value_item.text() if value_item else "")
        return out

    def set_rows(self, own: dict[str, list[str]], derived: dict[str, list[str]] | None = None) -> None:
        """Learner's keys first, then the derived keys they do not override."""
        self._filling = True
        self.setRowCount(0)
        lowered = {k.lower() for k in own}
        for key, values in own.items():
            self._append(key, values, True)
        for key, values in sorted((derived or {}).items(), key=lambda kv: kv[0].lower()):
            if key.lower() not in lowered:
                self._append(key, values, False)
        self._filling = False

    def show_derived(self, derived: dict[str, list[str]]) -> None:
        self.set_rows(self.own(), derived)

    def add_own_row(self) -> None:
        self._filling = True
        self.insertRow(0)
        self._set_row(0, "", [""], True)
        self._filling = False
        first = self.item(0, 0)
        if first is not None:
            self.editItem(first)

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.selectedIndexes()}, reverse=True):
            item = self.item(row, 0)
            if item is not None and item.data(OWN):
                self.removeRow(row)

    def _append(self, key: str, values: list[str], own: bool) -> None:
        row = self.rowCount()
        self.insertRow(row)
        self._set_row(row, key, values, own)

    def _set_row(self, row: int, key: str, values: list[str], own: bool) -> None:
        for col, text in enumerate((key, show_values(values))):
            item = QTableWidgetItem(text)
            item.setData(OWN, own)
            self._style(item, own)
            if col == 0 and not own:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip("AWS sets this key itself; edit the value to override it")
            self.setItem(row, col, item)

    def _style(self, item: QTableWidgetItem, own: bool) -> None:
        font = QFont(self.font())
        font.setItalic(not own)
        item.setFont(font)
        if own:         # the table's own text colour, which follows the theme (a colour set here would not)
            item.setData(Qt.ItemDataRole.ForegroundRole, None)
        else:
            item.setForeground(QBrush(theme.NEUTRAL))

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.data(OWN):
            return
        self._filling = True
        for col in range(2):
            cell = self.item(item.row(), col)
            if cell is not None:
                cell.setData(OWN, True)
                self._style(cell, True)
        self._filling = False
