"""What would flip this? The core's verified single edits that reverse the decision shown, listed after
the pipeline's first frame (never delaying it); one click applies one, undoably."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...core.analysis.decision_diff import decision_words
from ...core.analysis.flip import FlipAnswer, what_would_flip
from ...core.scenario import edits
from .. import themes
from ..safe_text import plain_tip

FLIP_ROLE = Qt.ItemDataRole.UserRole


class FlipList(QWidget):
    """Follows `controller.evaluated`; `answered(lines)` carries the answer in words (for the explanation)."""

    answered = Signal(list)
    message = Signal(str)

    def __init__(self, document, controller, parent=None):
        super().__init__(parent)
        self._doc, self._controller = document, controller
        self.answer: FlipAnswer | None = None
        self.list = QListWidget(objectName="flipList")
        self.list.setAccessibleName("What would flip this decision: click a change to apply it")
        self.list.setWordWrap(True)
        self.list.setToolTip("Click a change to make it (Ctrl+Z undoes it)")
        themes.follow(self.list, 1.0)
        self.list.itemClicked.connect(self._apply_item)
        self.list.itemActivated.connect(self._apply_item)
        self.head = QLabel("", objectName="flipHead", wordWrap=True)     # "2 single changes would …:", above
        self.head.setTextFormat(Qt.TextFormat.PlainText)
        self.notes = QLabel("", objectName="flipNotes", wordWrap=True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setAccessibleName("Why this decision does not flip with one change")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.head)
        lay.addWidget(self.list)
        lay.addWidget(self.notes)
        self._pending = False
        controller.evaluated.connect(self._schedule)
        controller.cleared.connect(self.clear)          # another scenario, or another request in the form
        self.clear()

    def clear(self) -> None:
        self.waiting = True                 # nothing evaluated since the scenario opened: nothing to say yet
        self.answer = None
        self.list.clear()
        self.head.setText("")
        self.notes.setText("Evaluate a request: the changes that would reverse its decision are listed here.")
        self.list.setVisible(False)

    def _schedule(self, _result) -> None:
        """After the pipeline has drawn its first frame: the search never delays it."""
        self.waiting = False
        self.list.clear()
        self.head.setText("")
        self.notes.setText("Looking for the changes that would flip this…")
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self.compute)

    def compute(self) -> None:
        self._pending = False
        spec, result = self._controller.spec, self._controller.result
        if spec is None or result is None:
            self.clear()
            return
        try:
            answer = what_would_flip(self._doc.scenario, spec, engine=self._doc.engine, locked=self._doc.locks)
        except Exception as exc:            # a request the search cannot take is explained, never raised
            self.answer = None
            self.list.clear()
            self.list.setVisible(False)
            self.head.setText("")
            self.notes.setText(f"No answer for this request: {exc}")
            self.answered.emit([])
            return
        self.show_answer(answer)

    def show_answer(self, answer: FlipAnswer) -> None:
        self.answer = answer
        self.list.clear()
        for i, flip in enumerate(answer.flips):
            line = f"{flip.description}  →  {decision_words(flip.new_decision)}"
            if flip.also_changes:
                line += "  (also changes " + ", ".join(c.describe() for c in flip.also_changes) + ")"
            item = QListWidgetItem(line)
            item.setData(FLIP_ROLE, i)
            item.setToolTip(plain_tip(f"{flip.new_reason}\n\nClick to make this change; Ctrl+Z undoes it."))
            self.list.addItem(item)
        self.list.setVisible(bool(answer.flips))
        head = (f"{len(answer.flips)} single change{'s' if len(answer.flips) != 1 else ''} would make it "
                f"{'denied' if answer.decision.allowed else 'allowed'}:" if answer.flips else "")
        self.head.setText(head)                       # the list's heading, above it; the notes below it
        self.notes.setText("\n".join(answer.notes))
        self.answered.emit([self.list.item(i).text() for i in range(self.list.count())] + list(answer.notes))

    def _apply_item(self, item: QListWidgetItem) -> None:
        answer = self.answer
        index = item.data(FLIP_ROLE)
        if answer is None or index is None or not 0 <= index < len(answer.flips):
            return
        flip = answer.flips[index]
        self.answer = None                  # a double click must not apply a second change
        self.list.clear()
        self.head.setText("")
        try:
            self._doc.apply(f"Flip: {flip.description}", flip.apply)
        except edits.Refused as why:
            self.message.emit(f"That change cannot be made: {why}")
            self.notes.setText(f"That change cannot be made: {why}")
            return
        self.message.emit(f"Changed: {flip.description} (Ctrl+Z undoes it)")
