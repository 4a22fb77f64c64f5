"""The whole window, wired together, driven as a learner would: open the bundled employee-directory
scenario, pick a saved request, press Evaluate, step through the pipeline with the keyboard, and see
the verdict, the deciding statement in the editor and the lit path on the canvas."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "employee-directory.yaml"


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""


@pytest.fixture
def window(window):
    window.resize(1400, 900)
    assert window.open_path(str(SCENARIO))
    return window


def pick(window, name_start: str) -> None:
    index = next(i for i, s in enumerate(window.doc.scenario.requests) if s.name.startswith(name_start))
    window.builder.load_request(index)


def run_to_end(window, qtbot) -> None:
    qtbot.mouseClick(window.findChild(QPushButton, "evaluateButton"), Qt.MouseButton.LeftButton)
    pipeline = window.findChild(QWidget, "pipelineView")
    pipeline.player.pause()
    for _ in range(len(window.controller.result.trace) + 1):
        qtbot.keyClick(pipeline, Qt.Key.Key_Space)


def test_every_named_widget_is_there(window):
    for name in ("canvas", "policyEditor", "requestBuilder", "principalPicker", "actionField", "resourceField",
                 "evaluateButton", "pipelineView", "verdictLabel", "traceView", "lessonPanel"):
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName() or name == "verdictLabel", name


def test_explicit_deny_lights_the_statement_and_the_path(window, qtbot):
    pick(window, "alice cannot delete a photo")
    run_to_end(window, qtbot)
    assert "explicit deny" in window.findChild(QLabel, "verdictLabel").text().lower()
    assert window.editor.policy_key == "DenyPhotoDeletes"
    assert {"user/alice", "group/Developers", "policy/DenyPhotoDeletes"} <= window.canvas.highlighted


def test_allowed_and_then_a_new_request_clears_the_old_highlight(window, qtbot):
    pick(window, "alice reads a photo")
    run_to_end(window, qtbot)
    assert window.findChild(QLabel, "verdictLabel").text().startswith("ALLOW")
    assert "user/alice" in window.canvas.highlighted
    pick(window, "a request signed with the wrong secret")
    qtbot.mouseClick(window.findChild(QPushButton, "evaluateButton"), Qt.MouseButton.LeftButton)
    window.pipeline.player.pause()
    assert not window.canvas.highlighted
    run_to_end(window, qtbot)
    assert "not authenticated" in window.findChild(QLabel, "verdictLabel").text().lower()


def test_typing_a_request_by_hand(window, qtbot):
    builder = window.builder
    picker = window.findChild(QWidget, "principalPicker")
    picker.setCurrentIndex(picker.findText("user/bob", Qt.MatchFlag.MatchStartsWith))
    action = window.findChild(QWidget, "actionField")
    resource = window.findChild(QWidget, "resourceField")
    action.clear()
    qtbot.keyClicks(action, "s3:PutObject")
    resource.clear()
    qtbot.keyClicks(resource, "arn:aws:s3:::employee-photos/bob.jpg")
    assert builder.spec().principal == "user/bob"
    run_to_end(window, qtbot)
    assert window.findChild(QLabel, "verdictLabel").text().startswith("ALLOW")
    assert window.controller.result.principal_arn.endswith(":user/bob")


def test_presentation_mode_slows_the_animation(window):
    speed = window.pipeline.player.speed
    window.set_presentation(True)
    assert window.pipeline.player.speed < speed
    window.set_presentation(False)
    assert window.pipeline.player.speed == speed


def test_selecting_nodes_shows_their_details(window):
    window.doc.select("user/alice")
    details = window.findChild(QLabel, "nodeDetails")
    assert details.isVisible()
    assert "arn:aws:iam::123456789012:user/alice" in details.text()
    assert "Console password" in details.text() and "Developers" in details.text()
    window.doc.select("role/EmployeeDirectoryApp")
    assert "No password and no access keys" in details.text()
    assert "ec2.amazonaws.com" in details.text() and "web-1" in details.text()
    window.doc.select("root")
    assert "Root user" in details.text() and "MFA" in details.text()


def test_the_keyboard_walks_through_the_saved_requests(window, qtbot):
    """An instructor can teach without the mouse: Alt+Down evaluates the next saved request."""
    from PySide6.QtGui import QAction
    names = [spec.name for spec in window.doc.scenario.requests]
    window.builder.load_request(0)
    window.findChild(QAction, "actionNextRequest").trigger()
    window.pipeline.player.pause()
    assert window.controller.spec.name == names[1]
    window.findChild(QAction, "actionPreviousRequest").trigger()
    window.pipeline.player.pause()
    assert window.controller.spec.name == names[0]
    window.findChild(QAction, "actionPreviousRequest").trigger()
    window.pipeline.player.pause()
    assert window.controller.spec.name == names[-1]


def test_start_screen_lists_lessons_in_teaching_order(window):
    items = [window.start.bundled.item(i).text() for i in range(window.start.bundled.count())]
    assert items[0].startswith("Three layers of access control   (start here)\nThe employee directory app")
    assert [t.split("\n")[0] for t in items[1:3]] == ["The root user", "IAM users and credentials"]
    assert items[-1].startswith("Capstone - lock down the photos\n")
    assert all("\n" in t for t in items)          # every lesson says in a sentence what it teaches


def test_opening_a_scenario_puts_its_first_request_in_the_form(window, qtbot):
    first = window.doc.scenario.requests[0]
    assert window.builder.index == 0
    assert window.findChild(QWidget, "actionField").text() == first.action
    assert window.open_path(str(SCENARIO.parent / "policy-variables.yaml"))
    assert window.findChild(QWidget, "actionField").text() == window.doc.scenario.requests[0].action


def test_clicking_a_lesson_goal_sends_its_request_through_the_pipeline(window, qtbot):
    panel = window.findChild(QWidget, "lessonPanel")
    goals = panel.goals
    qtbot.waitUntil(lambda: any(goals.item(i).text().startswith("☑  the app uploads") for i in range(goals.count())),
                    timeout=2000)
    item = next(goals.item(i) for i in range(goals.count()) if "the app uploads" in goals.item(i).text())
    goals.scrollToItem(item)
    qtbot.mouseClick(goals.viewport(), Qt.MouseButton.LeftButton, pos=goals.visualItemRect(item).center())
    window.pipeline.player.pause()
    assert window.controller.spec.name.startswith("the app uploads")
    assert window.controller.result.principal_arn.endswith("assumed-role/EmployeeDirectoryApp/i-0123456789abcdef0")
