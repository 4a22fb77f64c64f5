"""Opening a big scenario without freezing the window.

A file of `BACKGROUND_BYTES` or more is read by the core (`load_scenario`, Qt-free) and laid out by the
canvas's pure modules (its graph and layered layout) in a worker thread, while a window-modal progress
dialog with Cancel keeps the window painted and responsive. Cancel leaves the open document as it was
(the worker's result is dropped when it ends). Qt objects are made on the GUI thread only: the items are
drawn after the worker has finished, the dialog counting them.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from ..core.diagnostics import Diagnostic
from ..core.scenario.load import load_scenario
from ..core.scenario.model import Scenario
from .canvas.plan import Plan, plan_for

BACKGROUND_BYTES = 1_000_000       # from this size on, a file is read behind a progress dialog
POLL_MS = 40


@dataclass
class Loaded:
    """What reading a file gave: the scenario (None when it has errors), its diagnostics, and the canvas's
    plan for it when it was made in the worker."""

    scenario: Scenario | None
    diagnostics: list[Diagnostic]
    plan: Plan | None = None
    failure: BaseException | None = field(default=None, repr=False)


class OpenProgress(QProgressDialog):
    """The dialog shown while a big file opens: busy while the core reads it, then counting the items drawn."""

    def __init__(self, path: str, size: int, parent: QWidget | None):
        super().__init__(f"Reading {Path(path).name} ({size / 1e6:.1f} MB)…", "Cancel", 0, 0, parent)
        self.setObjectName("openProgress")
        self.setAccessibleName("Opening a file")
        self.setWindowTitle("Opening")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)

    def drawing(self, done: int, total: int) -> None:
        """The canvas made `done` of its `total` items: said, and painted now (no Cancel at this stage: the
        new document is already open)."""
        if self.maximum() != total:
            self.setCancelButton(None)
            self.setLabelText(f"Drawing {total:,} items…")
            self.setRange(0, total)
        self.setValue(done)
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)


def read_in_background(path: str, dialog: OpenProgress) -> Loaded | None:
    """Read `path` (and plan its canvas) in a worker thread while `dialog` runs; None when cancelled."""
    out: list[Loaded] = []

    def work() -> None:
        try:
            scenario, diagnostics = load_scenario(path)
            out.append(Loaded(scenario, list(diagnostics), plan_for(scenario) if scenario is not None else None))
        except BaseException as exc:  # handed to the GUI thread, which reports it
            out.append(Loaded(None, [], failure=exc))

    worker = threading.Thread(target=work, name="iam-studio-open", daemon=True)
    loop = QEventLoop()
    poll = QTimer(interval=POLL_MS)
    poll.timeout.connect(lambda: None if worker.is_alive() else loop.quit())
    dialog.canceled.connect(loop.quit)
    worker.start()
    poll.start()
    dialog.show()
    loop.exec()
    poll.stop()
    if dialog.wasCanceled() or not out:
        return None
    loaded = out[0]
    if loaded.failure is not None:
        raise loaded.failure
    return loaded


def is_big(path: str) -> bool:
    try:
        return Path(path).stat().st_size >= BACKGROUND_BYTES
    except OSError:
        return False
