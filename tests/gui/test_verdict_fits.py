"""The verdict in the action bar always fits its room: it is refitted whenever its text or its width changes
(the step number appearing after Evaluate takes width from it), and what cannot fit on its one line ends in
an ellipsis, never cut off on both sides."""
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from iam_studio.gui.main_window import MainWindow

SCENARIOS = Path(__file__).parents[2] / "scenarios"


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""


def _fits(w: MainWindow) -> bool:
    verdict = w.action_bar.verdict
    shown = verdict.shown_text()
    room = verdict.contentsRect().width()
    return (QFontMetrics(verdict.font()).horizontalAdvance(shown) <= room
            and (shown == verdict.text() or shown.endswith("…")))


@pytest.mark.parametrize("presentation", [False, True], ids=["light", "presentation"])
def test_the_verdict_fits_after_evaluate_and_as_the_window_narrows(qtbot, presentation):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.resize(1920, 1080)
    assert w.open_path(str(SCENARIOS / "employee-directory.yaml"))
    if presentation:
        w.set_presentation(True, full_screen=False)
        w.resize(1920, 1080)
    qtbot.wait(50)
    verdict = w.action_bar.verdict
    idle = verdict.text()
    assert _fits(w)
    w.resize(1280, 720)                     # the idle prompt, then a narrower bar
    qtbot.waitUntil(lambda: w.action_bar.width() <= 1280, timeout=3000)
    qtbot.wait(50)
    assert _fits(w)
    # a window just wide enough for the prompt at its large size (as the projector's fonts made 1280 px)
    spare = verdict.contentsRect().width() - QFontMetrics(verdict.font()).horizontalAdvance(idle)
    if spare > 20:
        w.resize(1280 - spare + 20, 720)
        qtbot.waitUntil(lambda: verdict.contentsRect().width() <= verdict.width(), timeout=3000)
        qtbot.wait(50)
        assert _fits(w)
    qtbot.mouseClick(w.action_bar.evaluate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.action_bar.step_label.text() != "", timeout=3000)
    qtbot.wait(50)
    assert w.pipeline.player.playing
    assert _fits(w)                         # the step number and "Pause" took its room: refitted, not clipped
    w.pipeline.player.pause()
    w.pipeline.player.seek(w.pipeline.player.count - 1)
    qtbot.waitUntil(lambda: verdict.text() != idle, timeout=3000)
    qtbot.wait(50)
    assert _fits(w)
    assert verdict.toolTip() == verdict.text()                 # the whole verdict, whatever is shown


def test_the_replay_prompt_shows_whole_in_presentation_at_1280x720(qtbot):
    """It was cut to "… follow the request thro…": the label's font may go a little below the UI font."""
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.resize(1280, 720)
    assert w.open_path(str(SCENARIOS / "employee-directory.yaml"))
    w.set_presentation(True, full_screen=False)
    w.resize(1280, 720)
    qtbot.mouseClick(w.action_bar.evaluate_button, Qt.MouseButton.LeftButton)
    w.pipeline.player.pause()
    w.pipeline.player.seek(-1)
    qtbot.wait(50)
    verdict = w.action_bar.verdict
    assert verdict.text() == "Press Play or Next to follow the request through"
    assert verdict.shown_text() == verdict.text()
