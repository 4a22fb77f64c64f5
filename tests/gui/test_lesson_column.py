"""The lesson column at 1280x720: the Lesson and Request tabs share the window's full height on the left,
so a lesson step (text, goal ticks, prediction buttons) is usable without scrolling; the request form is
not clipped sideways; the lesson never shares a tab with the pipeline."""
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QDockWidget, QTabBar, QWidget

from iam_studio.gui.main_window import MainWindow

SCENARIOS = Path(__file__).parents[2] / "scenarios"
SIZES = [(1280, 720), (1366, 768), (1920, 1080)]


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""


def _window(qtbot, size, name: str) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.resize(*size)
    qtbot.wait(50)
    assert w.open_path(str(SCENARIOS / name))
    qtbot.wait(150)
    return w


def _inside(widget, area) -> bool:
    """`widget` whole inside the scroll area's viewport (what the learner sees without scrolling)."""
    rect = QRect(widget.mapTo(area.viewport(), QPoint(0, 0)), widget.size())
    return area.viewport().rect().contains(rect)


def _tab_titles(w: MainWindow, dock: QDockWidget) -> set[str]:
    return {d.windowTitle() for d in w.tabifiedDockWidgets(dock)} | {dock.windowTitle()}


def test_lesson_and_request_share_the_left_column_and_never_the_pipeline(qtbot):
    w = _window(qtbot, (1280, 720), "how-aws-decides.yaml")
    lesson, request = w.docks["lessonDock"], w.docks["requestDock"]
    assert w.dockWidgetArea(lesson) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert _tab_titles(w, lesson) == {"Lesson", "Request"}
    assert not {"Pipeline", "Explanation"} & _tab_titles(w, lesson)
    assert lesson.isVisible() and not lesson.visibleRegion().isEmpty()      # a lesson opened: it is in front
    bar = w.action_bar
    # the column runs from under the action bar to the status bar, beside the diagram and the pipeline
    assert lesson.geometry().top() <= bar.geometry().bottom() + 4
    assert lesson.geometry().bottom() >= w.docks["pipelineDock"].geometry().bottom() - 4
    assert lesson.height() >= 0.75 * w.height()
    tabs = next(t for t in w.findChildren(QTabBar) if {t.tabText(i) for i in range(t.count())} == {"Lesson", "Request"})
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(
        next(i for i in range(tabs.count()) if tabs.tabText(i) == "Request")).center())
    qtbot.wait(50)
    assert not request.visibleRegion().isEmpty() and lesson.visibleRegion().isEmpty()
    area = request.widget()
    assert not area.horizontalScrollBar().isVisible()                   # the form is not clipped sideways
    for name in ("principalPicker", "actionField", "resourceField", "credentialType", "expectCombo"):
        field = w.builder.findChild(QWidget, name)
        assert field is not None and field.width() >= 120, name
        assert area.viewport().rect().right() >= field.mapTo(area.viewport(), QPoint(field.width(), 0)).x() - 1


def test_each_step_of_a_lesson_is_usable_without_scrolling_at_1280x720(qtbot):
    w = _window(qtbot, (1280, 720), "how-aws-decides.yaml")
    panel, area = w.lesson, w.docks["lessonDock"].widget()
    for step in range(len(panel.lesson.steps)):
        if step:
            qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
        qtbot.wait(60)
        assert panel.step == step
        assert not area.verticalScrollBar().isVisible() and not area.horizontalScrollBar().isVisible(), step
        assert not panel.text.verticalScrollBar().isVisible(), step                # the whole step text
        assert not panel.goals.verticalScrollBar().isVisible(), step               # every goal, ticked or not
        for widget in (panel.text, panel.goals, panel.picker, panel.next_button, panel.prev_button):
            assert _inside(widget, area), (step, widget.objectName())
    # predict, then Evaluate from the action bar: whether the prediction was right shows beside the
    # buttons, with the goals still in view (the step text gives way; "what would flip this?" may follow below)
    qtbot.mouseClick(panel.picker.buttons["explicit_deny"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(w.action_bar.evaluate_button, Qt.MouseButton.LeftButton)
    w.pipeline.player.pause()
    w.pipeline.player.seek(w.pipeline.player.count - 1)           # the answer shows at the verdict
    qtbot.wait(100)
    assert panel.result_label.text().startswith(("Right!", "Not this time"))
    for widget in (panel.goals, panel.picker, panel.result_label):
        assert _inside(widget, area), widget.objectName()


@pytest.mark.parametrize("size", SIZES, ids=[f"{a}x{b}" for a, b in SIZES])
def test_every_bundled_lesson_keeps_goals_and_predictions_in_view(qtbot, size):
    """However long a step's text, the goals and the prediction buttons stay in view (a long text scrolls
    inside its own box instead of pushing them below the fold)."""
    w = _window(qtbot, size, "how-aws-decides.yaml")
    panel, area = w.lesson, w.docks["lessonDock"].widget()
    lessons = 0
    for path in sorted(SCENARIOS.glob("*.yaml")):
        assert w.open_path(str(path))
        if panel.lesson is None:
            continue
        lessons += 1
        for step in range(len(panel.lesson.steps)):
            panel.go_to(step)
            qtbot.wait(40)
            where = (path.name, step + 1)
            assert not area.verticalScrollBar().isVisible() and not area.horizontalScrollBar().isVisible(), where
            assert not panel.goals.verticalScrollBar().isVisible(), where
            for widget in (panel.goals, panel.picker, panel.next_button):
                assert _inside(widget, area), (where, widget.objectName())
            whole = panel.text.document().size().height()
            assert panel.text.height() >= min(whole, 4 * panel.text.fontMetrics().lineSpacing()), where
        w.doc.undo_stack.setClean()
    assert lessons >= 10


def test_evaluate_with_an_incomplete_request_brings_the_form_forward(qtbot):
    w = _window(qtbot, (1280, 720), "how-aws-decides.yaml")
    request = w.docks["requestDock"]
    assert request.visibleRegion().isEmpty()                # the lesson is in front
    w.builder.principal.setEditText("")
    qtbot.mouseClick(w.action_bar.evaluate_button, Qt.MouseButton.LeftButton)
    qtbot.wait(30)
    assert "principal" in w.action_bar.verdict.text()
    assert not request.visibleRegion().isEmpty()


def test_reset_panel_layout_gives_the_column_its_first_width_and_the_lesson_in_front(qtbot):
    """View › Reset panel layout put back the docks of the window as it was built, before its first sizing:
    a left column too narrow for the request form (clipped sideways) with the Request tab in front."""
    w = _window(qtbot, (1280, 720), "how-aws-decides.yaml")
    lesson = w.docks["lessonDock"]
    first = lesson.width()
    w.resizeDocks([lesson], [200], Qt.Orientation.Horizontal)           # the instructor squeezed it
    qtbot.wait(50)
    w.findChild(type(w.actions()[0]), "actionResetLayout").trigger()
    qtbot.waitUntil(lambda: abs(lesson.width() - first) < 30, timeout=2000)
    assert not lesson.visibleRegion().isEmpty()                        # the lesson, not the form, in front
    w.docks["requestDock"].raise_()                                     # and the form, in its tab, is whole
    qtbot.waitUntil(lambda: not w.docks["requestDock"].visibleRegion().isEmpty(), timeout=2000)
    qtbot.wait(50)
    assert not w.docks["requestDock"].widget().horizontalScrollBar().isVisible()


def test_the_decision_diff_goes_below_the_fold_rather_than_squeezing_the_goals(qtbot):
    """After "Show me" the diff lists six changed decisions: the column may scroll to it, but the goals keep
    their height (the goals list was cut to two lines to make room for the diff)."""
    w = _window(qtbot, (1280, 720), "capstone.yaml")
    panel = w.lesson
    panel.go_to(3)
    qtbot.wait(60)
    qtbot.mouseClick(panel.solution_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.diff.isVisible() and panel.diff.text().count("•") >= 3, timeout=2000)
    qtbot.wait(60)
    goals = panel.goals
    assert not goals.verticalScrollBar().isVisible()                     # every goal shows, ticked
    assert w.docks["lessonDock"].widget().verticalScrollBar().isVisible()    # the diff below the fold
