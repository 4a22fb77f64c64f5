"""Instructor mode: author the open scenario's lesson in the app. Add a step, turn the current request
and the engine's decision for it into a goal, lock the selected node in a step, and record the current
account as a step's stored solution. Every change is a core edit (`core/lessons/authoring.py`) on the
document's undo stack, checked by the loader; the normal Save writes it."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from ..core.lessons import scenario_at_step
from ..core.lessons.authoring import add_request_goal, add_step, record_solution, set_lock
from ..core.lessons.play import become
from ..core.scenario import edits
from ..core.scenario.model import Scenario


class AuthoringDialog(QDialog):
    """A non-modal tool window beside the canvas; it reads the lesson from the document each time."""

    def __init__(self, document, builder, panel, parent=None):
        super().__init__(parent)
        self.setObjectName("authoringDialog")
        self.setAccessibleName("Lesson authoring")
        self.setWindowTitle("Instructor mode: author the lesson")
        self._doc, self._builder, self._panel = document, builder, panel
        self._start: Scenario | None = None          # the lesson's opening account while a solution is recorded

        self.step = QComboBox(objectName="authorStep")
        self.step.setAccessibleName("Step to author")
        self.step.currentIndexChanged.connect(self._update_buttons)
        self.title = QLineEdit(objectName="authorTitle", placeholderText="Title of the new step")
        self.title.setAccessibleName("New step title")
        self.hint = QLineEdit(objectName="authorHint", placeholderText="Its first hint")
        self.hint.setAccessibleName("New step hint")
        self.add_step_button = self._button("authorAddStep", "Add step", "Add a reading step at the end",
                                            self.add_step)
        new = QFormLayout()
        new.addRow("Title", self.title)
        new.addRow("Hint", self.hint)
        new.addRow(self.add_step_button)
        new_box = QGroupBox("New step")
        new_box.setLayout(new)

        self.goal_button = self._button("authorAddGoal", "Make the current request a goal",
                                        "The request in the request builder, with the decision AWS makes now, "
                                        "becomes a goal of this step", self.add_goal)
        self.lock_button = self._button("authorLock", "Lock the selected node", "The selected node is read-only "
                                        "while this step is active", self.toggle_lock)
        self.begin_button = self._button("authorBeginSolution", "Begin the solution",
                                         "Show the account as this step opens; make the step's change next",
                                         self.begin_solution)
        self.record_button = self._button("authorRecordSolution", "Record the solution",
                                          "What changed since Begin becomes the step's stored solution",
                                          self.record)
        solution = QHBoxLayout()
        solution.addWidget(self.begin_button)
        solution.addWidget(self.record_button)
        self.message = QLabel("", objectName="authorMessage")
        self.message.setAccessibleName("What the last authoring action did")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        step_box = QGroupBox("This step")
        inner = QVBoxLayout(step_box)
        inner.addWidget(self.step)
        inner.addWidget(self.goal_button)
        inner.addWidget(self.lock_button)
        inner.addLayout(solution)
        lay = QVBoxLayout(self)
        lay.addWidget(new_box)
        lay.addWidget(step_box)
        lay.addWidget(self.message)
        document.changed.connect(self.refresh)
        document.selectionChanged.connect(self._update_buttons)
        document.scenarioReplaced.connect(self._replaced)
        self.refresh()
        if self.step.count():
            self.step.setCurrentIndex(min(getattr(panel, "step", 0), self.step.count() - 1))

    def _button(self, name: str, text: str, tip: str, slot) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.setAccessibleName(text)
        b.setToolTip(tip)
        b.clicked.connect(slot)
        return b

    # ---- what is shown -----------------------------------------------------------------------
    @property
    def index(self) -> int:
        return self.step.currentIndex()

    def refresh(self) -> None:
        lesson = self._doc.scenario.lesson
        titles = [f"Step {i + 1}: {s.title}" for i, s in enumerate(lesson.steps)] if lesson is not None else []
        current = self.step.currentIndex()
        if titles != [self.step.itemText(i) for i in range(self.step.count())]:
            self.step.blockSignals(True)
            self.step.clear()
            self.step.addItems(titles)
            self.step.setCurrentIndex(min(max(current, 0), len(titles) - 1))
            self.step.blockSignals(False)
        self._update_buttons()

    def _update_buttons(self, *_) -> None:
        has_step, recording = self.index >= 0, self._start is not None
        self.goal_button.setEnabled(has_step)
        self.begin_button.setEnabled(has_step and not recording)
        self.record_button.setEnabled(has_step and recording)
        key = self._doc.selection
        lesson = self._doc.scenario.lesson
        locked = has_step and lesson is not None and key in lesson.steps[self.index].locks
        self.lock_button.setText("Unlock the selected node" if locked else "Lock the selected node")
        self.lock_button.setAccessibleName(self.lock_button.text())
        self.lock_button.setEnabled(has_step and bool(key) and not recording)

    def _replaced(self) -> None:
        self._start = None
        self.refresh()

    def _run(self, text: str, operation, *args) -> bool:
        try:
            self._doc.apply(text, operation, *args)
        except edits.Refused as why:
            self.message.setText(f"Not changed: {why}")
            return False
        self.message.setText(text + ".")
        if self._panel is not None and getattr(self._panel, "progress", None) is not None and self.index >= 0:
            self._panel.go_to(min(self._panel.step, len(self._doc.scenario.lesson.steps) - 1))
        return True

    # ---- actions (core edits) ----------------------------------------------------------------------
    def add_step(self) -> None:
        if self._run(f"Add step “{self.title.text().strip()}”", add_step, self.title.text(), self.hint.text()):
            self.title.clear()
            self.hint.clear()
            self.step.setCurrentIndex(self.step.count() - 1)

    def add_goal(self) -> None:
        spec = self._builder.spec()
        engine = self._doc.engine
        if spec is None or engine is None:
            self.message.setText("Not changed: the request builder's request has a problem; fix it first."
                                 if spec is None else f"Not changed: {self._doc.engine_error}")
            return
        decision = engine.evaluate(spec).decision
        index = self.index
        saved = any(r.name == spec.name for r in self._doc.scenario.requests) and self._builder.shows_saved_request()

        def goal(scenario: Scenario) -> None:
            if not saved:
                edits.add_request(scenario, spec)
            add_request_goal(scenario, index, spec.name, decision)

        self._run(f"Goal of step {index + 1}: “{spec.name}” is {decision.words}", goal)

    def toggle_lock(self) -> None:
        key, lesson = self._doc.selection, self._doc.scenario.lesson
        if not key or lesson is None or self.index < 0:
            return
        locked = key in lesson.steps[self.index].locks
        self._run(f"{'Unlock' if locked else 'Lock'} {key} in step {self.index + 1}", set_lock, self.index, key,
                  not locked)

    def begin_solution(self) -> None:
        """Keep the lesson's opening account aside and show the account as this step opens."""
        start = Scenario(**edits.snapshot(self._doc.scenario))
        if self._run(f"Show step {self.index + 1} as it opens", become, scenario_at_step(start, self.index)):
            self._start = start
            self.message.setText(f"Make step {self.index + 1}'s change on the canvas or in the editors, "
                                 "then press Record the solution.")
        self._update_buttons()

    def record(self) -> None:
        if self._start is None:
            return
        if self._run(f"Record the solution of step {self.index + 1}", record_solution, self.index, self._start):
            self._start = None
        self._update_buttons()
