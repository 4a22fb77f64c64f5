"""No verdict on screen gives away a prediction: a new step and Reset start with no verdict, and an edit
that changes the decision of a request the step asks to predict, while it is shown, takes its verdict
away instead of showing the new one."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from test_lesson_panel_play import click, new_window, open_lesson, to_verdict

from iam_studio.core.scenario import edits

IDLE = "Press Evaluate to send the request through"


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window never waits on the "save changes?" question."""


def _shown(w) -> bool:
    """A verdict (and its explanation) is on screen."""
    return w.controller.result is not None and w.action_bar.verdict.text() != IDLE


def test_a_new_step_and_reset_start_without_a_verdict(qtbot, monkeypatch):
    w = new_window(qtbot)
    open_lesson(w, qtbot, "root-user.yaml")
    panel = w.lesson
    click(qtbot, w, "predict_allowed")
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    qtbot.waitUntil(lambda: _shown(w), timeout=3000)
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)           # step 2
    qtbot.wait(50)
    assert panel.step == 1 and not _shown(w) and w.action_bar.verdict.text() == IDLE
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    qtbot.waitUntil(lambda: _shown(w), timeout=3000)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    click(qtbot, w, "lessonResetButton")
    qtbot.wait(50)
    assert panel.step == 0 and not _shown(w)


def test_an_edit_does_not_show_the_new_verdict_of_a_request_still_to_predict(qtbot):
    w = new_window(qtbot)
    open_lesson(w, qtbot, "how-aws-decides.yaml")
    panel = w.lesson
    asked = panel.lesson.steps[panel.step].predict[0]
    assert w.builder.name.text() == asked                    # the step loads the request to predict
    click(qtbot, w, "evaluateButton")                         # sent without a prediction: still to predict
    to_verdict(w)
    qtbot.waitUntil(lambda: _shown(w), timeout=3000)
    assert asked in w.controller.withheld
    w.doc.apply("Add a user", edits.add_node, "user", "newcomer")      # an edit that changes nothing for it
    qtbot.wait(50)
    assert _shown(w) and w.controller.result.decision.value == "implicit_deny"
    w.doc.apply("Join", edits.connect, "user/erin", "group/Developers")  # one that changes its decision
    qtbot.wait(50)
    assert not _shown(w)                                      # the new answer is not told unasked
    click(qtbot, w, "predict_allowed")                        # predicted: evaluating shows it as before
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    qtbot.waitUntil(lambda: _shown(w), timeout=3000)
    assert asked not in w.controller.withheld


def test_a_file_opened_after_a_lesson_keeps_nothing_of_it_in_the_form_or_the_score(qtbot, tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text('iam_studio: 1\naccount: "123456789012"\nusers: {dev: {}}\n')
    w = new_window(qtbot)
    open_lesson(w, qtbot, "root-user.yaml")
    click(qtbot, w, "predict_allowed")
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    score = w.lesson.score
    qtbot.waitUntil(lambda: score.text().startswith("Predictions in this lesson"), timeout=3000)
    assert w.builder.principal.currentText() and w.builder.expect.currentIndex() > 0
    w.doc.undo_stack.setClean()
    assert w.open_path(str(empty))
    assert score.text() == "" and not score.isVisibleTo(w.lesson)
    principals = w.builder.principal
    assert principals.currentText() in {principals.itemText(i) for i in range(principals.count())} | {""}
    assert w.builder.expect.currentIndex() == 0
    assert w.builder.action.text() == "" and w.builder.name.text() == ""
