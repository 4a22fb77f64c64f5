"""The start screen: bundled scenarios to learn from, recent files, and a blank scenario."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

import iam_studio


def bundled_dir() -> Path | None:
    """The bundled scenarios: `scenarios/` in a checkout, `iam_studio/_bundled_scenarios` in a wheel."""
    pkg = Path(iam_studio.__file__).resolve().parent
    for candidate in (pkg / "_bundled_scenarios", pkg.parent / "scenarios"):
        if candidate.is_dir():
            return candidate
    return None


def bundled_scenarios() -> list[Path]:
    folder = bundled_dir()
    if folder is None:
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


def _title(path: Path) -> str:
    """The scenario's `title:` line if it has one near the top, else its file name."""
    try:
        with path.open(encoding="utf-8") as fh:
            for _, line in zip(range(12), fh):
                if line.startswith("title:"):
                    return line.split(":", 1)[1].strip().strip("\"'") or path.stem
    except OSError:
        pass
    return path.stem.replace("-", " ").capitalize()


class StartScreen(QWidget):
    openRequested = Signal(str)
    newRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("startScreen")
        self.setAccessibleName("Start screen")
        heading = QLabel("<h1>IAM Studio</h1><p>See how AWS decides who may do what. "
                         "Open a lesson scenario, or start from an empty account.</p>")
        heading.setWordWrap(True)
        self.bundled = self._list("bundledList", "Lesson scenarios")
        self.recent = self._list("recentList", "Recent files")
        new = QPushButton("New empty scenario")
        new.setObjectName("newScenarioButton")
        new.setAccessibleName("New empty scenario")
        new.clicked.connect(self.newRequested)
        cols = QHBoxLayout()
        for title, lst in (("Lesson scenarios", self.bundled), ("Recent files", self.recent)):
            col = QVBoxLayout()
            col.addWidget(QLabel(f"<h3>{title}</h3>"))
            col.addWidget(lst)
            cols.addLayout(col)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(40, 30, 40, 30)
        lay.addWidget(heading)
        lay.addLayout(cols, 1)
        lay.addWidget(new, 0, Qt.AlignmentFlag.AlignLeft)
        self.set_recent([])

    def _list(self, name: str, label: str) -> QListWidget:
        lst = QListWidget(self)
        lst.setObjectName(name)
        lst.setAccessibleName(label)
        lst.itemActivated.connect(self._activated)
        return lst

    def _activated(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path:
            self.openRequested.emit(path)

    def set_recent(self, recent: list[str]) -> None:
        self.bundled.clear()
        for path in bundled_scenarios():
            self._add(self.bundled, _title(path), str(path))
        if self.bundled.count() == 0:
            self.bundled.addItem("No lesson scenarios are installed.")
        self.recent.clear()
        for path in recent:
            self._add(self.recent, Path(path).name, path)
        if not recent:
            self.recent.addItem("Files you open will be listed here.")

    def _add(self, lst: QListWidget, text: str, path: str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, path)
        item.setToolTip(path)
        lst.addItem(item)
