"""Autosave: a copy of unsaved work every minute (and on a crash), offered back at the next start.

The copy is the scenario as it would be saved; policy texts that are not valid yet (drafts, which a
scenario file cannot hold) are kept beside it in the copy's JSON note and typed back in on recovery."""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

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
    for meta in autosave_dir().glob("*.json"):
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            copy = meta.with_suffix(".yaml")
            drafts = info.get("drafts") or {}
            if not isinstance(drafts, dict):
                drafts = {}
            if copy.exists():
                out.append(Recovery(copy, info.get("original"), float(info.get("saved_at", 0)),
                                    {str(k): str(v) for k, v in drafts.items()}))
        except (OSError, ValueError):
            continue
    return sorted(out, key=lambda r: -r.saved_at)


def discard(rec: Recovery) -> None:
    for p in (rec.copy, rec.copy.with_suffix(".json")):
        try:
            p.unlink()
        except OSError:
            pass


class Autosave(QObject):
    """Writes the document's text next to the log while it has unsaved changes."""

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

    def write_now(self) -> Path | None:
        """Write a copy if there are unsaved changes; returns its path."""
        if not self.doc.dirty:
            return None
        try:
            text = self.doc.to_text()
            tmp = self.copy_path.with_suffix(".tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, self.copy_path)
            meta = {"original": self.doc.path or self.doc.origin, "saved_at": time.time(),
                    "drafts": self.doc.drafts}
            self.copy_path.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
            return self.copy_path
        except Exception:
            log.exception("autosave failed")
            return None

    def clear(self) -> None:
        discard(Recovery(self.copy_path, None, 0))
