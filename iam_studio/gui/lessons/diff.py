"""Decision diff: after an edit (or undo), which saved requests changed verdict, old → new, from the
engine's live results and the core's `decision_diff`."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from ...core.analysis.decision_diff import DecisionChange, decision_diff
from ...core.decision import Decision
from ...core.engine.result import Result
from .. import themes
from ..pipeline.live import live_results


class DecisionDiffView(QLabel):
    """One line per request whose decision the last change changed (nothing changed: says so)."""

    def __init__(self, document, parent=None):
        super().__init__("", parent, objectName="decisionDiff", wordWrap=True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName("Requests whose decision the last change changed")
        themes.follow(self, 1.0)
        self._doc = document
        self.changes: list[DecisionChange] = []
        self._before: dict[str, Decision | None] | None = None
        self.withheld: frozenset[str] = frozenset()     # requests to predict first: their new answer is not told
        self.live = live_results(document)
        self.live.updated.connect(self._updated)
        document.scenarioReplaced.connect(self._replaced)
        self._replaced()

    def _decisions(self) -> dict[str, Decision | None]:
        return {spec.name: (res.decision if isinstance(res, Result) else None)
                for spec, res in zip(self._doc.scenario.requests, self.live.results, strict=False)}

    def _replaced(self) -> None:
        self._before = None
        self.changes = []
        self.setText("")
        self.setVisible(False)

    def _updated(self) -> None:
        if self.live.stale:
            return
        now = self._decisions()
        if self._before is not None:
            self.changes = decision_diff(self._before, now) if now != self._before else []
            self._show()
        self._before = now

    def withhold(self, names: frozenset[str]) -> None:
        """Requests a lesson step asks to predict: the diff says that theirs changed, not to what."""
        if names != self.withheld:
            self.withheld = names
            if self.text():             # something is said: say it again, withheld as asked now
                self._show()

    def _show(self) -> None:
        if not self.changes:
            self.setText("Your last change changed no saved request's decision.")
        else:
            self.setText("Your last change changed:\n" + "\n".join(
                f"•  the decision of “{c.request}” (predict it, then Evaluate to see it)" if c.request in self.withheld
                else f"•  {c.describe()}" for c in self.changes))
        self.setVisible(True)
