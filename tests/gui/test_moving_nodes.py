"""Moving nodes on the diagram is an edit of the file (`layout:`, saved, undoable) but changes nothing an
evaluation reads: the replay goes on where it was, the lesson's answer and its decision diff stay, and the
verdict is not said to be the old account's (`edits.Change.layout_only`, `ScenarioDocument.nodesMoved`)."""
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt

from iam_studio.core.scenario import edits
from iam_studio.core.scenario.load import load_scenario
from iam_studio.gui.main_window import MainWindow

SCENARIOS = Path(__file__).parents[2] / "scenarios"


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""


def _drag(qtbot, canvas, key: str, by: QPointF) -> None:
    """Drag node `key` with the mouse, as a user tidying the diagram."""
    item, view = canvas.nodes[key], canvas.gview
    start = view.mapFromScene(canvas.viewbox.mapViewToScene(item.pos()))
    end = view.mapFromScene(canvas.viewbox.mapViewToScene(item.pos() + by))
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 9):
        qtbot.mouseMove(view.viewport(), start + (end - start) * (i / 8))
        qtbot.wait(5)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)


def test_the_core_tells_a_move_from_an_edit():
    scenario, _ = load_scenario(SCENARIOS / "capstone.yaml")
    assert edits.record(scenario, edits.set_positions, {"user/alice": (10.0, 20.0)}).layout_only
    assert not edits.record(scenario, edits.rename, "user/alice", "alicia").layout_only

    def place_and_join(sc):
        edits.set_positions(sc, {"user/bob": (1.0, 2.0)})
        edits.connect(sc, "user/bob", "group/Admins")
    assert not edits.record(scenario, place_and_join).layout_only


def test_dragging_a_node_mid_replay_leaves_the_replay_the_answer_and_the_diff_alone(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.resize(1280, 720)
    assert w.open_path(str(SCENARIOS / "how-aws-decides.yaml"))
    qtbot.waitUntil(w.canvas.settled, timeout=5000)
    panel, player = w.lesson, w.pipeline.player
    w.builder.action.setText("s3:PutObject")              # a request of the learner's own, not a saved one
    qtbot.mouseClick(panel.picker.buttons["implicit_deny"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(w.action_bar.evaluate_button, Qt.MouseButton.LeftButton)
    player.pause()
    player.seek(player.count - 1)
    qtbot.waitUntil(lambda: "changed copy" in panel.result_label.text(), timeout=3000)
    answer, diff = panel.result_label.text(), panel.diff.text()
    player.seek(2)                                           # replaying it again, part way through
    qtbot.wait(200)
    qtbot.waitUntil(w.canvas.settled, timeout=5000)          # the diagram has its place beside the pipeline
    key = next(k for k in w.canvas.nodes if k.startswith("user/"))
    before = w.canvas.nodes[key].pos()
    _drag(qtbot, w.canvas, key, QPointF(60, 30))
    qtbot.wait(50)
    assert w.canvas.nodes[key].pos() != before, (key, before)                    # it moved
    assert w.doc.scenario.extra["layout"][key] != [round(before.x(), 1), round(before.y(), 1)]
    assert w.doc.dirty and "*" in w.windowTitle()                                # and the file has changed
    assert player.index == 2                                                  # the replay did not jump
    assert panel.result_label.text() == answer and panel.diff.text() == diff    # nothing said about decisions
    w.doc.undo_stack.undo()                                                      # undo puts the node back
    qtbot.wait(50)
    assert w.canvas.nodes[key].pos() == before and player.index == 2
    assert panel.result_label.text() == answer
