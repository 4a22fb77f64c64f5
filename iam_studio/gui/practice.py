"""The practice window: the core picks a request (`core/lessons/practice.py`), the learner predicts one of
the four outcomes, the engine's decision and reason are revealed, and a streak counts right answers."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from ..core.decision import Decision
from ..core.lessons.practice import Practice, Reveal

CHOICES = {Decision.ALLOWED: ("Allowed", "practiceAllowed"),
           Decision.EXPLICIT_DENY: ("Explicit deny", "practiceExplicitDeny"),
           Decision.IMPLICIT_DENY: ("Implicit deny", "practiceImplicitDeny"),
           Decision.NOT_AUTHENTICATED: ("Not authenticated", "practiceNotAuthenticated")}


class PracticeDialog(QDialog):
    """Endless drills on the document's scenario as it is now (edits made meanwhile count)."""

    def __init__(self, document, parent=None, seed: int | None = None):
        super().__init__(parent)
        self.setObjectName("practiceDialog")
        self.setAccessibleName("Practice drills")
        self.setWindowTitle("Practice: predict the decision")
        self._doc = document
        self.practice = Practice(seed if seed is not None else _fresh_seed())
        self.question = QLabel("")
        self.question.setObjectName("practiceQuestion")
        self.question.setAccessibleName("The request to predict")
        self.question.setWordWrap(True)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setStyleSheet("font-weight: bold;")
        self.buttons: dict[Decision, QPushButton] = {}
        row = QHBoxLayout()
        for decision, (text, name) in CHOICES.items():
            b = QPushButton(text)
            b.setObjectName(name)
            b.setAccessibleName(f"Predict: {text.lower()}")
            b.clicked.connect(lambda _=False, d=decision: self.predict(d))
            row.addWidget(b)
            self.buttons[decision] = b
        self.skip = QPushButton("Just show me")
        self.skip.setObjectName("practiceReveal")
        self.skip.setAccessibleName("Reveal without a prediction")
        self.skip.clicked.connect(lambda: self.predict(None))
        row.addWidget(self.skip)
        self.outcome = QLabel("")
        self.outcome.setObjectName("practiceResult")
        self.outcome.setAccessibleName("The engine's answer")
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.streak = QLabel("")
        self.streak.setObjectName("practiceStreak")
        self.streak.setAccessibleName("Streak")
        self.next_button = QPushButton("Next request")
        self.next_button.setObjectName("practiceNext")
        self.next_button.setAccessibleName("Next practice request")
        self.next_button.clicked.connect(self.next_drill)
        bottom = QHBoxLayout()
        bottom.addWidget(self.streak, 1)
        bottom.addWidget(self.next_button)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("What does AWS decide?"))
        lay.addWidget(self.question)
        lay.addLayout(row)
        lay.addWidget(self.outcome, 1)
        lay.addLayout(bottom)
        self.resize(640, 300)
        document.scenarioReplaced.connect(self.next_drill)       # another file: drills on it
        self.next_drill()

    def next_drill(self) -> None:
        engine = self._doc.engine
        if engine is None:
            self.practice.current = None
            self.question.setText(f"The engine cannot evaluate this scenario now: {self._doc.engine_error}")
            drill = None
        else:
            drill = self.practice.next(self._doc.scenario, engine)
            self.question.setText(drill.question if drill is not None else
                                  "This scenario has no user, role or saved request to practise on yet.")
        self.outcome.setText("")
        self._answering(drill is not None)
        self._show_streak()

    def predict(self, decision: Decision | None) -> Reveal | None:
        if self.practice.current is None or self._doc.engine is None:
            return None
        try:
            reveal = self.practice.answer(self._doc.scenario, decision, self._doc.engine)
        except Exception as exc:  # the account changed under the drill (its principal deleted...): never crash
            self.outcome.setText(f"This request cannot be evaluated any more ({exc}). Press Next request.")
            self._answering(False)
            return None
        verdict = ("Right!" if reveal.right else
                   "No prediction." if decision is None else f"Not quite: you said {decision.words}.")
        lines = [f"{verdict} AWS decides: {reveal.decision.words}.", f"Why: {reveal.reason}."]
        if reveal.deciding:
            lines.append("Decided by: " + "; ".join(reveal.deciding))
        self.outcome.setText("\n".join(lines))
        self._answering(False)
        self._show_streak()
        return reveal

    def _answering(self, on: bool) -> None:
        for b in [*self.buttons.values(), self.skip]:
            b.setEnabled(on)
        self.next_button.setDefault(not on)

    def _show_streak(self) -> None:
        p = self.practice
        self.streak.setText(f"Streak: {p.streak}  ·  best {p.best}  ·  {p.right} of {p.asked} right")


def _fresh_seed() -> int:
    import random
    return random.SystemRandom().randrange(1 << 30)
