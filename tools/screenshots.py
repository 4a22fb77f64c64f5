"""Write the README's screenshots of the real app to docs/screenshots/ (offscreen, or on $DISPLAY).

    python tools/screenshots.py

Each shot drives the window as a user would: open a bundled scenario, pick a saved request, press
Evaluate, step through the pipeline. The classroom shots show the explicit deny's verdict at 1280x720,
1366x768 and 1920x1080, in the light theme and in presentation mode.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp())       # leave the user's settings alone
os.environ.setdefault("IAM_STUDIO_DATA_DIR", tempfile.mkdtemp())


SIZES = [(1280, 720), (1366, 768), (1920, 1080)]


def settle(app, rounds: int = 10) -> None:
    """Let queued events and short timers (live verdicts, debounced refreshes) run: about 20 ms a round."""
    from PySide6.QtTest import QTest
    for _ in range(rounds):
        QTest.qWait(20)


def request_index(window, name_start: str) -> int:
    return next(i for i, spec in enumerate(window.doc.scenario.requests) if spec.name.startswith(name_start))


def evaluate_and_step(app, window, name_start: str, until_stage: str | None) -> None:
    """Pick a saved request, press Evaluate, then step to the first step of `until_stage` (or the end)."""
    window.builder.load_request(request_index(window, name_start))
    window.builder.evaluate()
    player = window.pipeline.player
    player.pause()
    result = window.controller.result
    target = len(result.trace) - 1
    if until_stage is not None:
        target = next(i for i, step in enumerate(result.trace)
                      if step.stage.value == until_stage and step.statement is not None)
    player.seek(target)
    settle(app, 30)


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from iam_studio.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    settle(app)
    window.grab().save(str(OUT / "start-screen.png"))

    window.open_path(str(ROOT / "scenarios" / "employee-directory.yaml"))
    settle(app, 30)
    window.grab().save(str(OUT / "employee-directory.png"))

    evaluate_and_step(app, window, "alice cannot delete a photo", "explicit_deny")
    window.grab().save(str(OUT / "explicit-deny-step.png"))

    evaluate_and_step(app, window, "alice cannot delete a photo", None)
    window.grab().save(str(OUT / "explicit-deny-verdict.png"))

    evaluate_and_step(app, window, "a request signed with the wrong secret", None)
    window.docks["traceDock"].raise_()
    settle(app, 20)
    window.grab().save(str(OUT / "not-authenticated-trace.png"))

    names = ["start-screen", "employee-directory", "explicit-deny-step", "explicit-deny-verdict",
             "not-authenticated-trace"]
    window.docks["pipelineDock"].raise_()
    for width, height in SIZES:             # the classroom sizes, light and presentation mode
        for mode in ("light", "presentation"):
            window.set_presentation(mode == "presentation", full_screen=False)
            window.resize(width, height)
            settle(app, 10)
            evaluate_and_step(app, window, "alice cannot delete a photo", None)
            name = f"classroom-{width}x{height}-{mode}"
            window.grab().save(str(OUT / f"{name}.png"))
            names.append(name)
    window.set_presentation(False)
    window.doc.undo_stack.setClean()
    window.close()
    for name in names:
        print(OUT / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
