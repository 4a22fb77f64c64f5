"""The start screen: bundled scenarios to learn from, recent files, and a blank scenario."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

import iam_studio

from ..core.lessons.catalogue import course_order, summarize
from . import themes
from .lessons.store import progress_store


def bundled_dir() -> Path | None:
    """The bundled scenarios: `scenarios/` in a checkout, `iam_studio/_bundled_scenarios` in a wheel."""
    pkg = Path(iam_studio.__file__).resolve().parent
    for candidate in (pkg / "_bundled_scenarios", pkg.parent / "scenarios"):
        if candidate.is_dir():
            return candidate
    return None


def bundled_scenarios() -> list[Path]:
    """The bundled lessons in course order (their `level`)."""
    folder = bundled_dir()
    if folder is None:
        return []
    return [s.path for s in course_order(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml", ".json"))]


def rendered(markdown: str) -> str:
    """Markdown as the words a reader sees (Qt's Markdown reader), on one line."""
    if not markdown:
        return ""
    doc = QTextDocument()
    doc.setMarkdown(markdown)
    return " ".join(doc.toPlainText().split())


def recent_label(path: str) -> str:
    """A recent file as its name and its folder (home shown as ~), so that files of the same name differ."""
    p = Path(path)
    folder = str(p.parent)
    home = str(Path.home())
    if folder == home or folder.startswith(home + "/"):
        folder = "~" + folder[len(home):]
    return f"{p.name}\n{folder}"


class StartScreen(QWidget):
    """One click on a lesson or a recent file opens it; Open… picks any file; New starts empty; Back returns
    to the scenario that is open, when the screen was asked for from the View menu."""

    openRequested = Signal(str)
    openDialogRequested = Signal()
    newRequested = Signal()
    backRequested = Signal()

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
        open_button = QPushButton("Open a scenario file…")
        open_button.setObjectName("openScenarioButton")
        open_button.setAccessibleName("Open a scenario file")
        open_button.clicked.connect(self.openDialogRequested)
        self.back = QPushButton("", objectName="backToScenarioButton")
        self.back.clicked.connect(self.backRequested)
        self.back.hide()
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
        buttons = QHBoxLayout()
        buttons.addWidget(open_button)
        buttons.addWidget(new)
        buttons.addStretch(1)
        buttons.addWidget(self.back)
        lay.addLayout(buttons)
        self.set_recent([])

    def set_back(self, name: str | None) -> None:
        """Offer the way back to the open scenario `name` (None: there is none to go back to)."""
        if name is not None:
            self.back.setText(f"Back to {name}")
            self.back.setAccessibleName(f"Back to the open scenario, {name}")
        self.back.setVisible(name is not None)

    def _list(self, name: str, label: str) -> QListWidget:
        lst = QListWidget(self)
        lst.setObjectName(name)
        lst.setAccessibleName(label)
        lst.setWordWrap(True)
        lst.setSpacing(6)
        themes.follow(lst, 1.15)
        lst.itemActivated.connect(self._activated)        # Enter
        lst.itemClicked.connect(self._activated)          # one click opens
        return lst

    def _activated(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path:
            self.openRequested.emit(path)

    def set_recent(self, recent: list[str]) -> None:
        self.bundled.clear()
        store = progress_store()
        for i, path in enumerate(bundled_scenarios()):
            summary = summarize(path)
            title, first = summary.title, rendered(summary.first_sentence)
            start = "   (start here)" if i == 0 else ""
            if summary.lesson_id is not None:
                level = f"Lesson {summary.level} · " if summary.level is not None else ""
                first = (f"{first}\n" if first else "") + \
                    f"{level}{summary.steps} steps · {store.get(summary.lesson_id).words(summary.steps)}"
            self._add(self.bundled, f"{title}{start}\n{first}" if first else title + start, str(path))
        if self.bundled.count() == 0:
            self.bundled.addItem("No lesson scenarios are installed.")
        self.recent.clear()
        for recent_path in recent:
            self._add(self.recent, recent_label(recent_path), recent_path)
        if not recent:
            self.recent.addItem("Files you open will be listed here.")

    def _add(self, lst: QListWidget, text: str, path: str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, path)
        item.setToolTip(path)
        lst.addItem(item)
