"""What a teacher's walk through the real window found, driven as a user would: a lesson's goals and the
editor's problems keep reading after a theme change."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QLabel, QListWidget
from test_lesson_panel_play import click, new_window, open_lesson

from iam_studio.gui.main_window import MainWindow

TEXT_CONTRAST = 4.5        # WCAG's least contrast for text


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window never waits on the "save changes?" question."""


def _luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def click_node(qtbot, w: MainWindow, key: str) -> None:
    """A click on the node's shape on the canvas."""
    canvas = w.canvas
    vp = canvas.gview
    at = vp.mapFromScene(canvas.viewbox.mapViewToScene(canvas.nodes[key].pos()))
    qtbot.mouseClick(vp.viewport(), Qt.MouseButton.LeftButton, pos=at)


def _theme(w: MainWindow, key: str) -> None:
    w.findChild(QAction, f"actionTheme_{key}").trigger()


def _goal_contrasts(w: MainWindow) -> list[float]:
    lst = w.findChild(QListWidget, "lessonGoals")
    base = lst.palette().base().color()
    return [contrast(lst.item(i).foreground().color(), base) for i in range(lst.count())]


@pytest.mark.parametrize("there", ["dark", "high-contrast"])
def test_goals_and_the_prediction_result_read_after_a_theme_change_and_back(qtbot, there):
    w = new_window(qtbot)
    _theme(w, there)                                # listed in the dark theme first
    open_lesson(w, qtbot, "employee-directory.yaml")
    click(qtbot, w, "predictLoadButton")
    click(qtbot, w, "predict_allowed")
    click(qtbot, w, "evaluateButton")
    w.pipeline.player.pause()
    result = w.findChild(QLabel, "predictionResult")
    assert result.text().startswith("Right!")
    for key in ("light", there, "light"):           # listed in one theme, read in the next
        _theme(w, key)
        goals = _goal_contrasts(w)
        assert goals and min(goals) >= TEXT_CONTRAST, (key, goals)
        shown = contrast(result.palette().windowText().color(), result.palette().window().color())
        assert shown >= TEXT_CONTRAST, (key, shown)


def test_the_editor_s_no_problems_line_reads_in_every_theme(qtbot):
    w = new_window(qtbot)
    open_lesson(w, qtbot, "employee-directory.yaml")
    click_node(qtbot, w, "policy/S3PhotosReadWrite")
    assert w.editor.policy_key == "S3PhotosReadWrite"
    problems = w.findChild(QListWidget, "problemsList")
    assert problems.item(0).text().startswith("✓  No problems")
    for key in ("dark", "high-contrast", "light"):
        _theme(w, key)
        line = problems.item(0)
        assert contrast(line.foreground().color(), problems.palette().base().color()) >= 4.5, key
    assert Qt.ItemFlag.ItemIsEnabled & problems.item(0).flags()
