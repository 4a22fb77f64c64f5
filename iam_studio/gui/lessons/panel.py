"""The lesson panel: the scenario's title and description, and its requests as goals, each ticked
when the engine's decision equals its `expect`."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from .. import themes
from ..editor import theme
from ..pipeline.live import live_results
from ..safe_text import SafeTextBrowser, plain_tip

WORDS = {"allowed": "allowed", "explicit_deny": "denied explicitly", "implicit_deny": "denied implicitly",
         "not_authenticated": "not authenticated"}


def goal_text(name: str, expect: str | None, decision: str | None, error: str | None = None) -> tuple[str, bool]:
    """(line shown, met?) for one request."""
    if expect is None:
        now = WORDS.get(decision, "cannot be evaluated") if error is None else "cannot be evaluated"
        return f"•  {name}: now {now}", False
    met = error is None and decision == expect
    line = f"{'☑' if met else '☐'}  {name}: should be {WORDS.get(expect, expect)}"
    if not met:
        line += f" (now {WORDS.get(decision, 'cannot be evaluated') if error is None else 'cannot be evaluated'})"
    return line, met


class LessonPanel(QWidget):
    """`goalActivated(index)` when the learner picks a goal (the window may load it into the builder)."""

    goalActivated = Signal(int)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.setObjectName("lessonPanel")
        self.setAccessibleName("Lesson")
        self._doc = document
        self.text = SafeTextBrowser(objectName="lessonText")
        self.text.setAccessibleName("Lesson text")
        themes.follow(self.text, 1.1)
        self.progress = QLabel("", objectName="lessonProgress")
        self.progress.setStyleSheet("font-weight: bold;")
        self.progress.setTextFormat(Qt.TextFormat.PlainText)
        self.goals = QListWidget(objectName="lessonGoals")
        self.goals.setAccessibleName("Goals of the lesson")
        themes.follow(self.goals, 1.1)
        self.goals.setWordWrap(True)
        self.goals.itemActivated.connect(lambda item: self.goalActivated.emit(self.goals.row(item)))
        self.goals.itemClicked.connect(lambda item: self.goalActivated.emit(self.goals.row(item)))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.text, 3)
        lay.addWidget(self.progress)
        lay.addWidget(self.goals, 2)
        self.live = live_results(document)
        self.live.updated.connect(self.refresh)
        document.changed.connect(self._show_text)
        self._show_text()
        self.refresh()

    def _show_text(self) -> None:
        sc = self._doc.scenario
        markdown = f"# {sc.title}\n\n{sc.description or ''}"
        if markdown != getattr(self, "_markdown", None):
            self._markdown = markdown
            self.text.set_markdown(markdown)

    def refresh(self) -> None:
        self.goals.clear()
        met_count = total = 0
        for i, spec in enumerate(self._doc.scenario.requests):
            res = self.live.results[i] if i < len(self.live.results) else "not evaluated yet"
            error = res if isinstance(res, str) else None
            line, met = goal_text(spec.name, spec.expect, None if error else res.decision.value, error)
            item = QListWidgetItem(line)
            item.setData(Qt.ItemDataRole.UserRole, met)
            item.setForeground(QBrush(theme.ALLOW if met else (theme.NEUTRAL if spec.expect is None else theme.DENY)))
            item.setToolTip(plain_tip(error or res.reason))
            self.goals.addItem(item)
            if spec.expect is not None:
                total += 1
                met_count += met
        progress = f"Goals met: {met_count} of {total}" if total else "This scenario has no goals yet."
        self.progress.setText(progress + ("   (out of date: re-checking…)" if self.live.stale else ""))

    def met(self) -> list[bool]:
        return [bool(self.goals.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.goals.count())]
