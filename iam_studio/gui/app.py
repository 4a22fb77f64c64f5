"""Start the desktop application."""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from . import errors


def run(path: str | None = None) -> int:
    """Open the main window (on `path` if given, else the start screen) and run until it closes."""
    import pyqtgraph as pg

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("IAM Studio")
    app.setOrganizationName("IAM Studio")
    QApplication.setDesktopFileName("iam-studio")          # matches resources/desktop/iam-studio.desktop
    pg.setConfigOptions(antialias=True)
    from .main_window import MainWindow
    window = MainWindow()
    errors.install(window)
    if window.first_run:
        window.showMaximized()          # first start: use the whole screen (a projector, a laptop)
    else:
        window.show()
    if path:
        window.open_path(path)          # started on a file: straight to work, no tour
    window.offer_recovery()             # on every start, with or without a file
    if not path:
        window.maybe_start_tour()
    return app.exec()
