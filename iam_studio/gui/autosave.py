"""Autosave: a copy of unsaved work every minute (and on a crash), offered back at the next start.

The copy is the scenario as it would be saved; policy texts that are not valid yet (drafts, which a
scenario file cannot hold) are kept beside it in the copy's JSON note and typed back in on recovery.
Both files are written atomically (a kill leaves the old or the new one whole), and a copy whose note
was lost is still offered. A recovered copy is kept until the user saves or discards the work; a
copy that belongs to another running IAM Studio is not offered.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.atomic import write_text_atomic
from .errors import data_dir, log

INTERVAL_MS = 60_000


@dataclass(frozen=True)
class Recovery:
    """An autosaved copy: the file it belongs to (None: never saved) and when it was written."""

    copy: Path
    original: str | None
    saved_at: float
    drafts: dict[str, str] = field(default_factory=dict)      # policy key -> draft text


def autosave_dir() -> Path:
    path = data_dir() / "autosave"
    path.mkdir(parents=True, exist_ok=True)
    return path


def pending() -> list[Recovery]:
    """Autosaved copies left by a session that did not end cleanly, newest first."""
    out = []
    for copy in autosave_dir().glob("*.yaml"):
        if _owner_is_running(copy.stem):
            continue
        try:
            saved_at = copy.stat().st_mtime
        except OSError:
            continue
        original, drafts = None, {}
        try:
            info = json.loads(copy.with_suffix(".json").read_text(encoding="utf-8"))
            if isinstance(info, dict):
                original = info.get("original") if isinstance(info.get("original"), str) else None
                saved_at = float(info.get("saved_at", saved_at))
                if isinstance(info.get("drafts"), dict):
                    drafts = {str(k): str(v) for k, v in info["drafts"].items()}
        except (OSError, ValueError, TypeError):
            pass                  # the note is lost: the copy itself is still the user's work
        out.append(Recovery(copy, original, saved_at, drafts))
    return sorted(out, key=lambda r: -r.saved_at)


def _owner_is_running(stem: str) -> bool:
    """True when the copy belongs to another IAM Studio that is still running (`session-PID-ID`)."""
    parts = stem.split("-")
    if len(parts) != 3 or not parts[1].isdigit() or int(parts[1]) == os.getpid():
        return False
    try:
        os.kill(int(parts[1]), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True               # it exists but is not ours to signal
    return True


def discard(rec: Recovery) -> None:
    for p in (rec.copy, rec.copy.with_suffix(".json")):
        try:
            p.unlink()
        except OSError:
            pass


class Autosave(QObject):
    """Writes the document's text next to the log while it has unsaved changes."""

    failed = Signal(str)          # why the last autosave could not be written

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.doc = document
        self.timer = QTimer(self, interval=INTERVAL_MS, timeout=self.write_now)
        self.timer.start()
        self._stem = f"session-{os.getpid()}-{time.time_ns()}"       # one copy per window, even two a second
        document.dirtyChanged.connect(lambda dirty: None if dirty else self.clear())

    @property
    def copy_path(self) -> Path:
        return autosave_dir() / f"{self._stem}.yaml"

    def adopt(self, rec: Recovery) -> None:
        """Carry on writing into a recovered copy: it stays until the work is saved or discarded."""
        if rec.copy != self.copy_path:
            self.clear()
        self._stem = rec.copy.stem

    def write_now(self) -> Path | None:
        """Write a copy if there are unsaved changes; returns its path (None, and `failed`, on failure)."""
        if not self.doc.dirty:
            return None
        try:
            text = self.doc.to_text()
            write_text_atomic(self.copy_path, text)
            meta = {"original": self.doc.path or self.doc.origin, "saved_at": time.time(),
                    "drafts": self.doc.drafts}
            write_text_atomic(self.copy_path.with_suffix(".json"), json.dumps(meta))
            return self.copy_path
        except Exception as exc:   # noqa: BLE001 - a failed autosave is reported, never fatal
            log.exception("autosave failed")
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
            self.failed.emit(f"Autosave failed: {reason}. Save your work to keep it.")
            return None

    def clear(self) -> None:
        discard(Recovery(self.copy_path, None, 0))
