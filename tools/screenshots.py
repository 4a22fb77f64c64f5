"""Write the README's screenshots of the real app to docs/screenshots/ (offscreen, or on $DISPLAY).

    python tools/screenshots.py

Each shot drives the window as a user would: open a bundled scenario, pick a saved request, press
Evaluate, step through the pipeline. The classroom shots show the explicit deny's verdict at 1280x720,
1366x768 and 1920x1080, in each theme (light, dark, high contrast) and in presentation mode
(`classroom-SIZE-MODE.png`); the lesson shots show a lesson step with the Lesson tab in front and a
prediction picked (`lesson-SIZE-MODE.png`); `cross-account.png` shows trust in another account drawn to
that account's frame.
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
MODES = ["light", "dark", "high-contrast", "presentation"]
CROSS_ACCOUNT = """\
iam_studio: 1
title: A role another account may assume
account: "123456789012"
users:
  alice: {policies: [ReadPhotos]}
policies:
  ReadPhotos:
    document:
      Version: "2012-10-17"
      Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::employee-photos/*"}]
roles:
  PartnerAuditor:
    trust:
      Version: "2012-10-17"
      Statement: [{Effect: Allow, Principal: {AWS: "arn:aws:iam::444455556666:root"}, Action: "sts:AssumeRole"}]
    policies: [ReadPhotos]
resources:
  employee-photos: {arn: "arn:aws:s3:::employee-photos"}
"""


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
    from PySide6.QtCore import QSettings
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
    window.close()
    for scenario, request, prefix in (("employee-directory.yaml", "alice cannot delete a photo", "classroom"),
                                      ("capstone.yaml", "", "lesson")):
        for width, height in SIZES:         # the classroom sizes, each theme and presentation mode
            QSettings("IAM Studio", "IAM Studio").clear()      # as on a first start at this size
            window = MainWindow()           # its default panel sizes
            window.resize(width, height)
            window.show()
            settle(app, 10)
            window.open_path(str(ROOT / "scenarios" / scenario))
            settle(app, 20)
            for mode in MODES:
                window.set_presentation(mode == "presentation", full_screen=False)
                if mode != "presentation":
                    window.set_theme(mode)
                window.resize(width, height)
                settle(app, 20)
                if prefix == "lesson":      # the step as the learner meets it: a prediction picked, not sent
                    window.show_lesson()
                    window.lesson.picker.set_value("allowed")
                    settle(app, 10)
                else:
                    window.show_request()
                    evaluate_and_step(app, window, request, None)
                name = f"{prefix}-{width}x{height}-{mode}"
                window.grab().save(str(OUT / f"{name}.png"))
                names.append(name)
            window.set_presentation(False)
            window.doc.undo_stack.setClean()
            window.close()
    QSettings("IAM Studio", "IAM Studio").clear()
    window = MainWindow()
    window.show()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cross-account.yaml"
        path.write_text(CROSS_ACCOUNT)
        window.doc.undo_stack.setClean()
        window.open_path(str(path))
        window.resize(1920, 1080)
        settle(app, 20)
        window.canvas.fit()
        settle(app, 20)
        window.canvas.grab().save(str(OUT / "cross-account.png"))
        names.append("cross-account")
    window.doc.undo_stack.setClean()
    window.close()
    for name in names:
        print(OUT / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
