"""Presentation mode at 1280x720: the lesson keeps a column of its own (never tabbed with the editor, the
pipeline or the action bar), the diagram gets the width and a short, wide arrangement so that its names
are readable, and the action bar's speed shows whole."""
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

from iam_studio.core.scenario import edits
from iam_studio.gui.canvas.layout import layered
from iam_studio.gui.main_window import PIPELINE_SHARE, MainWindow

SCENARIOS = Path(__file__).parents[2] / "scenarios"


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""


def _window(qtbot, name: str, presentation: bool, size=(1280, 720)) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.resize(*size)
    assert w.open_path(str(SCENARIOS / name))
    if presentation:
        w.set_presentation(True, full_screen=False)
        w.resize(*size)
    canvas, pipeline = w.canvas, w.docks["pipelineDock"]

    def settled() -> bool:              # the diagram has its arrangement, the docks their presentation sizes
        return canvas.settled() and (not presentation or abs(pipeline.height() - PIPELINE_SHARE * w.height()) < 40)
    qtbot.waitUntil(settled, timeout=5000)
    qtbot.wait(200)
    qtbot.waitUntil(settled, timeout=5000)
    return w


def _tabbed_with(w: MainWindow, name: str) -> set[str]:
    return {d.objectName() for d in w.tabifiedDockWidgets(w.docks[name])}


def _whole_labels(w: MainWindow) -> float:
    nodes = list(w.canvas.nodes.values())
    whole = [n for n in nodes if "…" not in "".join(n.label_text())]
    return len(whole) / len(nodes)


def test_the_lesson_keeps_its_own_column_in_presentation(qtbot):
    w = _window(qtbot, "capstone.yaml", presentation=True)
    lesson = w.docks["lessonDock"]
    assert w.dockWidgetArea(lesson) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert _tabbed_with(w, "lessonDock") == {"requestDock"}
    # a lesson is open: it is in front (its panel shows; the dock itself, without a title bar here, is all
    # covered by it)
    assert not w.lesson.visibleRegion().isEmpty() and w.builder.visibleRegion().isEmpty()
    assert {"traceDock", "editorDock"} <= _tabbed_with(w, "pipelineDock")
    assert not w.docks["glossaryDock"].isVisible()
    # the editor shares the pipeline's place: Evaluate brings the pipeline forward again
    w.docks["editorDock"].raise_()
    qtbot.wait(20)
    assert w.docks["pipelineDock"].visibleRegion().isEmpty()
    qtbot.mouseClick(w.action_bar.evaluate_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert not w.docks["pipelineDock"].visibleRegion().isEmpty()
    # and leaving presentation puts the normal panels back
    w.set_presentation(False)
    qtbot.wait(50)
    assert w.docks["glossaryDock"].isVisible() or "glossaryDock" in _tabbed_with(w, "editorDock")
    assert w.dockWidgetArea(w.docks["editorDock"]) == Qt.DockWidgetArea.RightDockWidgetArea


def test_the_diagram_is_readable_in_presentation_at_1280x720(qtbot):
    """The 17-node capstone: the diagram is drawn about 1.5 times as large as before this layout (0.26 px a
    unit), and at least half the names show whole (4 of 17 did), every one at least 18 px."""
    w = _window(qtbot, "capstone.yaml", presentation=True)
    k = w.canvas.pixels_per_unit()
    assert k >= 0.38, k
    assert _whole_labels(w) >= 0.5
    assert min(n.fonts()[0].pixelSize() * k for n in w.canvas.nodes.values()) >= 18 - 0.01
    # the columns are wrapped into short ones for the wide view
    assert _tallest(n.xy for n in w.canvas.nodes.values()) < _tallest(layered(w.canvas.graph).values())
    w.set_presentation(False)
    qtbot.wait(200)
    assert w.canvas.settled()                      # arranged again for the normal window's diagram area


def _tallest(places) -> int:
    """The most nodes one column of a layout holds."""
    xs = [round(x) for x, _ in places]
    return max(xs.count(x) for x in set(xs))


def test_the_diagram_is_wrapped_to_its_area_outside_presentation_too(qtbot):
    """At 1280x720 the diagram area is short and wide: the columns wrap so the diagram is drawn larger than one
    tall column per kind would allow (names then show longer)."""
    w = _window(qtbot, "boundaries-and-scps.yaml", presentation=False)
    assert _tallest(n.xy for n in w.canvas.nodes.values()) < _tallest(layered(w.canvas.graph).values())
    assert w.canvas.settled()


def test_moved_nodes_stay_where_they_were_put_in_presentation(qtbot):
    """The wide arrangement only places what the file does not: a node the user moved keeps its place."""
    w = _window(qtbot, "capstone.yaml", presentation=False)
    w.canvas.doc.apply("Move", edits.set_positions, {"user/alice": (-500.0, 40.0)})
    w.set_presentation(True, full_screen=False)
    qtbot.wait(100)
    assert w.canvas.nodes["user/alice"].pos().toTuple() == (-500.0, 40.0)
    w.doc.undo_stack.setClean()


@pytest.mark.parametrize("presentation", [False, True], ids=["light", "presentation"])
def test_the_speed_shows_whole_beside_its_arrow(qtbot, presentation):
    w = _window(qtbot, "employee-directory.yaml", presentation)
    combo = w.action_bar.speed
    assert combo.currentText() == ("0.5×" if presentation else "1×")
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    widest = max(QFontMetrics(combo.font()).horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
    assert field.width() >= widest, (field, widest)


def test_every_step_keeps_its_prediction_buttons_in_view_in_presentation_at_1280x720(qtbot):
    """Projector fonts at 1280x720: however long a step's text and goal list, the column never scrolls as a
    whole: the text and the goals give way (scrolling in their own boxes, a few lines each) so that the
    prediction buttons and the way on stay in view."""
    w = _window(qtbot, "capstone.yaml", presentation=True)
    panel, area = w.lesson, w.docks["lessonDock"].widget()
    line = panel.fontMetrics().lineSpacing()
    for path in sorted(SCENARIOS.glob("*.yaml")):
        assert w.open_path(str(path))
        if panel.lesson is None:
            continue
        for step in range(len(panel.lesson.steps)):
            panel.go_to(step)
            qtbot.wait(40)
            where = (path.name, step + 1)
            assert not area.verticalScrollBar().isVisible(), where
            for widget in (panel.picker, panel.next_button, panel.goals, panel.text):
                top = widget.mapTo(area.viewport(), widget.rect().topLeft())
                assert area.viewport().rect().contains(widget.rect().translated(top)), (where, widget.objectName())
            rows = sum(panel.goals.visualItemRect(panel.goals.item(i)).height() for i in range(panel.goals.count()))
            assert panel.goals.height() >= min(rows, 2 * line), (where, panel.goals.height(), rows)
            whole = panel.text.document().size().height()
            assert panel.text.height() >= min(whole, 2 * line), (where, panel.text.height(), whole)
        w.doc.undo_stack.setClean()


def _answered(qtbot):
    """Capstone step 4 in presentation at 1280x720, "allowed" predicted and the replay at its verdict."""
    w = _window(qtbot, "capstone.yaml", presentation=True)
    panel, area = w.lesson, w.docks["lessonDock"].widget()
    panel.go_to(3)
    qtbot.wait(50)
    qtbot.mouseClick(panel.picker.buttons["allowed"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(w.action_bar.evaluate_button, Qt.MouseButton.LeftButton)
    w.pipeline.player.pause()
    w.pipeline.player.seek(w.pipeline.player.count - 1)           # the answer shows at the verdict
    qtbot.waitUntil(lambda: panel.result_label.text().startswith(("Right!", "Not this time")), timeout=3000)
    return w, panel, area


def test_the_answer_to_a_prediction_is_in_view_in_presentation_at_1280x720(qtbot):
    """The capstone's longest step: predict, Evaluate, the replay reaches the verdict. Whether the prediction
    was right, and the score, show in the column without the learner scrolling to them."""
    w, panel, area = _answered(qtbot)
    qtbot.wait(100)
    def in_view(widget) -> bool:
        top = widget.mapTo(area.viewport(), widget.rect().topLeft())
        return area.viewport().rect().contains(widget.rect().translated(top))
    # once the layout has settled (a loaded machine takes a few more turns of the event loop)
    qtbot.waitUntil(lambda: in_view(panel.result_label) and in_view(panel.score), timeout=3000)


def test_the_column_scrolls_to_an_answer_once_and_then_stays_where_the_learner_puts_it(qtbot):
    w, panel, area = _answered(qtbot)
    qtbot.waitUntil(lambda: area.verticalScrollBar().value() > 0, timeout=2000)      # brought into view
    qtbot.wait(200)
    area.verticalScrollBar().setValue(0)                     # the learner scrolls up to read the step again
    panel.refresh()                                          # as after any edit or live update
    panel.reveal_hint()
    qtbot.wait(100)
    assert area.verticalScrollBar().value() == 0


def test_a_new_step_shows_from_its_title(qtbot):
    w, panel, area = _answered(qtbot)
    qtbot.waitUntil(lambda: area.verticalScrollBar().value() > 0, timeout=3000)    # scrolled to the answer
    qtbot.mouseClick(panel.solution_button, Qt.MouseButton.LeftButton)   # the decision diff shows, and stays
    qtbot.wait(50)
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert panel.step == 4 and area.verticalScrollBar().maximum() > 0          # the column is still too tall
    assert area.verticalScrollBar().value() == 0
