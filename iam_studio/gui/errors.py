"""Unexpected errors: logged to a file in the user's data folder and shown without stopping the app."""
from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QMessageBox

log = logging.getLogger("iam_studio")


def data_dir() -> Path:
    """Where logs and autosaves live (created on demand); IAM_STUDIO_DATA_DIR overrides it."""
    base = os.environ.get("IAM_STUDIO_DATA_DIR") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation)
    path = Path(base or Path.home() / ".iam-studio")
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_file() -> Path:
    return data_dir() / "iam-studio.log"


def install(window) -> None:
    """Route uncaught exceptions to the log and a non-modal message; keep the window working."""
    handler = logging.FileHandler(log_file(), encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)

    def hook(kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, value, tb)))
        show_error(window, value)

    sys.excepthook = hook


def show_error(window, error: BaseException) -> QMessageBox:
    """A non-modal notice: what happened, that work is safe, and where the details are."""
    if getattr(window, "autosave", None) is not None:
        try:
            window.autosave.write_now()
        except Exception:  # the notice matters more than the emergency copy
            log.exception("emergency autosave failed")
    box = QMessageBox(window)
    box.setObjectName("errorNotice")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Something went wrong")
    box.setTextFormat(Qt.TextFormat.PlainText)      # an error's text is shown as written, never as markup
    box.setText(f"IAM Studio hit an unexpected problem: {error}")
    box.setInformativeText(f"Your work is safe and the window keeps working. "
                           f"Details are in {log_file()}.")
    box.setModal(False)
    box.show()
    window.last_error = box
    return box
