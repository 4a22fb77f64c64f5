"""Instructor mode: author a lesson in the window as an instructor would, save it, and check it."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton

from iam_studio.core.lessons import check_lesson
from iam_studio.core.scenario import edits
from iam_studio.core.scenario.load import load_scenario
from iam_studio.gui.authoring import AuthoringDialog

SCENARIO = """\
iam_studio: 1
title: Reading reports
account: "111122223333"
policies:
  ReadReports:
    document:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: s3:GetObject
          Resource: arn:aws:s3:::reports/*
users:
  ann: {}
requests:
  - name: ann reads a report
    principal: user/ann
    action: s3:GetObject
    resource: arn:aws:s3:::reports/q1.csv
    expect: implicit_deny
"""


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""


@pytest.fixture
def window(window, tmp_path):
    path = tmp_path / "reports.yaml"
    path.write_text(SCENARIO)
    assert window.open_path(str(path))
    return window


def _click(qtbot, dialog, name):
    button = dialog.findChild(QPushButton, name)
    assert button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _open(window, qtbot) -> AuthoringDialog:
    next(a for a in window.actions() if a.objectName() == "actionAuthoring").trigger()
    dialog = window.findChild(AuthoringDialog, "authoringDialog")
    qtbot.waitExposed(dialog)
    return dialog


def test_author_a_change_step_save_and_check(window, qtbot, tmp_path):
    doc = window.doc
    dialog = _open(window, qtbot)
    message = dialog.findChild(QLabel, "authorMessage")
    assert not dialog.findChild(QPushButton, "authorAddGoal").isEnabled()       # no step yet

    qtbot.keyClicks(dialog.findChild(QLineEdit, "authorTitle"), "Let ann read reports")
    _click(qtbot, dialog, "authorAddStep")
    assert "hint" in message.text()                                            # the core's reason
    assert doc.scenario.lesson is None
    qtbot.keyClicks(dialog.findChild(QLineEdit, "authorHint"), "Attach ReadReports to ann.")
    _click(qtbot, dialog, "authorAddStep")
    assert [s.title for s in doc.scenario.lesson.steps] == ["Let ann read reports"]
    assert dialog.findChild(QComboBox, "authorStep").currentText() == "Step 1: Let ann read reports"

    # the instructor makes the change first, evaluates, and turns the request into a goal
    _click(qtbot, dialog, "authorBeginSolution")
    doc.apply("Attach", edits.connect, "policy/ReadReports", "user/ann")     # what dragging an edge does
    window.builder.load_request(0)
    _click(qtbot, dialog, "authorAddGoal")
    goal = doc.scenario.lesson.steps[0].goals[0]
    assert (goal.request, goal.outcome) == ("ann reads a report", "allowed")    # the engine's decision now
    _click(qtbot, dialog, "authorRecordSolution")
    assert doc.scenario.users["ann"].policies == []                            # back to the opening account
    assert "ReadReports" in doc.scenario.lesson.steps[0].solution.get("users").get("ann").to_plain()["policies"]

    doc.select("policy/ReadReports")
    _click(qtbot, dialog, "authorLock")
    assert doc.scenario.lesson.steps[0].locks == ["policy/ReadReports"]
    assert dialog.findChild(QPushButton, "authorLock").text() == "Unlock the selected node"

    out = tmp_path / "authored.yaml"
    doc.save(str(out))                                         # the normal save path
    again, diags = load_scenario(str(out))
    assert not [d for d in diags if d.is_error]
    (report,) = check_lesson(again)
    assert report.ok and report.unmet_at_start and report.met_after_solution

    # every authoring action is on the one undo stack
    doc.undo_stack.undo()
    assert doc.scenario.lesson.steps[0].locks == []
    doc.undo_stack.undo()
    assert doc.scenario.lesson.steps[0].solution is None


def test_a_goal_from_an_unsaved_request_saves_it_in_the_same_edit(window, qtbot):
    doc = window.doc
    dialog = _open(window, qtbot)
    qtbot.keyClicks(dialog.findChild(QLineEdit, "authorTitle"), "Look")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "authorHint"), "Look at ann.")
    _click(qtbot, dialog, "authorAddStep")
    window.builder.load_request(0)
    name = window.builder.findChild(QLineEdit, "requestName")
    name.clear()
    qtbot.keyClicks(name, "ann reads again")
    count = doc.undo_stack.count()
    _click(qtbot, dialog, "authorAddGoal")
    assert [r.name for r in doc.scenario.requests] == ["ann reads a report", "ann reads again"]
    assert [(g.request, g.outcome) for g in doc.scenario.lesson.steps[0].goals] == [("ann reads again",
                                                                                    "implicit_deny")]
    assert doc.undo_stack.count() == count + 1
    doc.undo_stack.undo()
    assert [r.name for r in doc.scenario.requests] == ["ann reads a report"]
