"""Predict, then reveal: the learner picks an outcome (and, if they like, the statement they think
decides) before a request runs; after Evaluate the panel shows the core's judgement (`core.lessons.guess`)
while the pipeline animates the truth."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QButtonGroup, QComboBox, QGridLayout, QPushButton, QWidget

from ...core.lessons.guess import statement_choices
from .. import themes

OUTCOMES = (("allowed", "Allowed"), ("explicit_deny", "Explicit deny"), ("implicit_deny", "Implicit deny"),
            ("not_authenticated", "Not authenticated"))


class PredictionPicker(QWidget):
    """Four checkable buttons, at most one checked (none: "no prediction"). `picked(outcome or "")`."""

    picked = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("predictionPicker")
        self.setAccessibleName("Your prediction")
        self.group = QButtonGroup(self, objectName="predictionPicker")
        self.group.setExclusive(False)              # clicking the checked answer again takes it back
        lay = QGridLayout(self)                     # two by two: fits a narrow panel
        lay.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for i, (value, label) in enumerate(OUTCOMES):
            b = QPushButton(label, objectName=f"predict_{value}", accessibleName=f"Predict: {label.lower()}")
            b.setCheckable(True)
            b.setToolTip(f"I think AWS's answer is: {label.lower()}")
            b.setProperty("outcome", value)
            themes.follow(b, 1.0)
            self.group.addButton(b)
            lay.addWidget(b, i // 2, i % 2)
            self.buttons[value] = b
        self.group.buttonClicked.connect(self._clicked)

    def _clicked(self, button) -> None:
        for other in self.buttons.values():
            if other is not button:
                other.setChecked(False)
        self.picked.emit(self.value() or "")

    def value(self) -> str | None:
        """The outcome picked, or None."""
        return next((v for v, b in self.buttons.items() if b.isChecked()), None)

    def set_value(self, value: str | None) -> None:
        for v, b in self.buttons.items():
            b.setChecked(v == value)

    def clear(self) -> None:
        self.set_value(None)


class StatementPicker(QComboBox):
    """Optional: the statement the learner thinks decides, as `POLICY#Sid` (the engine's own naming)."""

    def __init__(self, document, parent=None):
        super().__init__(parent, objectName="predictStatement", accessibleName="The statement you think decides")
        self._doc = document
        self.setToolTip("Optional: which statement do you think decides?")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(10)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)     # a wheel only turns it once it was clicked or tabbed to
        self.refill()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Scrolling the lesson panel past the combo must not pick a statement (the guess is scored)."""
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()

    def refill(self) -> None:
        """The statements of every policy in the scenario (kept selection when still there)."""
        keep = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem("Deciding statement: no guess", None)
        try:
            names = statement_choices(self._doc.scenario)
        except Exception:       # a half-edited model: only the "no guess" entry
            names = []
        for name in names:
            self.addItem(name, name)
        self.setCurrentIndex(max(0, self.findData(keep)))
        self.blockSignals(False)

