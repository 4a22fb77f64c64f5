"""The presenter view: a second window for the instructor with the active lesson step's instructor note,
its hints and goals in words, and buttons that move the lesson panel to the previous or next step. It
follows the lesson panel's `stepChanged` (however the step changed) and never keeps lesson state of its own."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..core.lessons import describe_goal
from .safe_text import SafeTextBrowser

NO_LESSON = "This scenario has no lesson: open a lesson to see its instructor notes here."
NO_NOTE = "*No instructor note for this step.*"


class PresenterView(QWidget):
    """A top-level window beside the main one (for a second screen)."""

    def __init__(self, document, panel, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presenterView")
        self.setAccessibleName("Presenter view")
        self.setWindowTitle("IAM Studio — presenter view")
        self._doc, self._panel = document, panel
        self.title = QLabel("", objectName="presenterStepTitle")
        self.title.setAccessibleName("Current step")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 150%; font-weight: bold;")
        self.notes = SafeTextBrowser(objectName="presenterNotes")
        self.notes.setAccessibleName("Instructor notes")
        self.prev_button = QPushButton("◀ Previous step", objectName="presenterPrevButton")
        self.prev_button.setAccessibleName("Previous lesson step")
        self.prev_button.clicked.connect(lambda: panel.go_to(panel.step - 1))
        self.next_button = QPushButton("Next step ▶", objectName="presenterNextButton")
        self.next_button.setAccessibleName("Next lesson step")
        self.next_button.clicked.connect(lambda: panel.go_to(panel.step + 1))
        row = QHBoxLayout()
        row.addWidget(self.prev_button)
        row.addStretch(1)
        row.addWidget(self.next_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.notes, 1)
        lay.addLayout(row)
        panel.stepChanged.connect(lambda _index: self.refresh())
        document.scenarioReplaced.connect(self.refresh)
        document.changed.connect(self.refresh)          # authoring edits change the step's goals and hints
        self.resize(700, 500)
        self.refresh()

    def refresh(self) -> None:
        """Show the step the lesson panel is on."""
        lesson = self._doc.scenario.lesson
        has = lesson is not None and bool(lesson.steps)
        self.prev_button.setEnabled(has and self._panel.prev_button.isEnabled())
        self.next_button.setEnabled(has and self._panel.next_button.isEnabled())
        if not has:
            self.title.setText(self._doc.scenario.title)
            self.notes.set_markdown(NO_LESSON)
            return
        index = min(max(self._panel.step, 0), len(lesson.steps) - 1)
        step = lesson.steps[index]
        self.title.setText(f"Step {index + 1} of {len(lesson.steps)}: {step.title}")
        parts = ["## Instructor note", step.note or NO_NOTE]
        if step.goals:
            run = self._panel.run
            held = run.holds_as_step_opens() if run is not None and run.index == index and not step.is_reading \
                else [False] * len(step.goals)
            parts += ["## Goals", "\n".join(f"- {'keep: ' if kept else ''}{describe_goal(g)}"
                                            for g, kept in zip(step.goals, held, strict=True))]
        parts += ["## Hints", "\n".join(f"{i + 1}. {h}" for i, h in enumerate(step.hints))]
        parts.append("*A reading step.*" if step.is_reading else "*A change step: it has a stored solution.*")
        self.notes.set_markdown("\n\n".join(parts))
