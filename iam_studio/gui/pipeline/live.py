"""Live mode: every saved request re-evaluated (without trace: fast) whenever the document changes.

A lesson takes milliseconds, so it is re-evaluated at once; a scenario with many requests is
re-evaluated shortly after the last change, and `stale` says its results are out of date until then."""
from __future__ import annotations

import weakref

from PySide6.QtCore import QObject, QTimer, Signal

from ...core.engine.result import Result

DEBOUNCE_MS = 60
AT_ONCE = 300            # up to this many requests, every change re-evaluates before returning
_SHARED: weakref.WeakKeyDictionary[object, LiveResults] = weakref.WeakKeyDictionary()


class LiveResults(QObject):
    """Results of the scenario's requests, in order; an entry is a Result or a message why it failed."""

    updated = Signal()

    def __init__(self, document):
        super().__init__(document)
        self._doc = document
        self.results: list[Result | str] = []
        self.error: str | None = None
        self.stale = False
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        document.changed.connect(self._changed)
        self.refresh()

    def _changed(self) -> None:
        if len(self._doc.scenario.requests) <= AT_ONCE:
            self.refresh()
            return
        self.stale = True
        self.updated.emit()
        self._timer.start()

    def refresh(self) -> None:
        self._timer.stop()
        self.stale = False
        engine = self._doc.engine
        error = None if engine is not None else (self._doc.engine_error or "the scenario has problems")
        self.error = error
        out: list[Result | str] = []
        for spec in self._doc.scenario.requests:
            if engine is None:
                out.append(error or "")
                continue
            try:
                out.append(engine.evaluate(spec))
            except Exception as exc:   # one bad request must not hide the others' verdicts
                out.append(f"cannot evaluate: {exc}")
        self.results = out
        self.updated.emit()


def live_results(document) -> LiveResults:
    """The one LiveResults of a document (shared by the request list and the lesson panel)."""
    found = _SHARED.get(document)
    if found is None:
        found = _SHARED[document] = LiveResults(document)
    return found
