"""Guard against a PySide6 6.12 binding bug on Python < 3.12: every repaint through a Python
`paint()` override drops a reference to None/True/False, and the interpreter aborts when one
reaches zero (`none_dealloc`). Python 3.12+ makes these objects immortal; before that we keep
their counts topped up. Remove when the binding is fixed.
"""
from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTimer

FLOOR = 1 << 40


def top_up() -> None:
    """Raise the counts in place (CPython's ob_refcnt is the first word of every object)."""
    if sys.version_info >= (3, 12):
        return
    for obj in (None, True, False):
        if sys.getrefcount(obj) < FLOOR // 2:
            ctypes.c_ssize_t.from_address(id(obj)).value += FLOOR


def install(parent: QObject) -> QTimer | None:
    """Top up now and every 100 ms while `parent` lives (no-op on Python 3.12+)."""
    if sys.version_info >= (3, 12):
        return None
    top_up()
    timer = QTimer(parent, interval=100, timeout=top_up)
    timer.start()
    return timer
