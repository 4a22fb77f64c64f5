"""Write PNG screenshots of the main window on every bundled scenario to docs/screenshots/."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from iam_studio.gui.main_window import MainWindow
    from iam_studio.gui.start_screen import bundled_scenarios

    app = QApplication.instance() or QApplication(sys.argv[:1])
    out = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    for path in bundled_scenarios():
        if window.open_path(str(path)):
            window.canvas.fit()
            app.processEvents()
            target = out / f"{path.stem}.png"
            window.grab().save(str(target))
            print(target)
    window.doc.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
