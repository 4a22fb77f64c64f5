"""A step that asks for a prediction is not complete when it opens: the learner picks an outcome,
presses Evaluate, and the "Predict, then evaluate" goal ticks; Reset unticks it (lesson 4, step 1)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QMessageBox, QWidget
from test_lesson_panel_play import browser_line, click, goals, new_window, open_lesson, result, score, to_verdict

ANA = "Predict, then evaluate: ana writes a report"


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window never waits on the "save changes?" question."""


def status(w) -> str:
    return w.findChild(QLabel, "lessonProgress").text()


def test_predicting_and_evaluating_ticks_the_goal_and_reset_unticks_it(qtbot, monkeypatch):
    w = new_window(qtbot)
    open_lesson(w, qtbot, "groups-and-inheritance.yaml")
    assert goals(w) == [f"☐  {ANA}", "☑  ana reads a report through Readers: should be allowed",
                        "☑  ben writes through Writers: should be allowed",
                        "☑  ben also reads through Readers: should be allowed"]
    assert status(w) == "Goals met: 0 of 1 · 3 already hold"  # not "3 of 4": the prediction is the task
    assert "not started" in browser_line(w, "groups-and-inheritance.yaml")
    open_lesson(w, qtbot, "groups-and-inheritance.yaml")

    lst = w.findChild(QListWidget, "lessonGoals")             # a click on the goal loads its request, no more
    w.builder.name.setText("")
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(lst.item(0)).center())
    assert w.builder.name.text() == "ana writes a report" and w.controller.result is None
    assert goals(w)[0] == f"☐  {ANA}"

    click(qtbot, w, "predict_allowed")                          # wrong: nothing lets ana write
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    assert result(w).startswith("Not this time")
    assert goals(w)[0] == f"☑  {ANA}" and "☑  ana writes a report: should be denied implicitly" in goals(w)
    assert status(w) == "All 5 goals met: step complete. Press Next."
    assert score(w) == "Predictions in this lesson: 0 of 1 right"
    tip = lst.item(0).toolTip().replace("\xa0", " ")
    assert "you predicted allowed; AWS decided implicit deny" in tip
    assert "at step 1 of 4, 1 done · predictions 0 of 1 right" in browser_line(w, "groups-and-inheritance.yaml")

    again = new_window(qtbot)                                   # remembered in the app data
    open_lesson(again, qtbot, "groups-and-inheritance.yaml")
    assert goals(again)[0] == f"☑  {ANA}" and status(again).startswith("All 5 goals met")
    again.close()

    open_lesson(w, qtbot, "groups-and-inheritance.yaml")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    click(qtbot, w, "lessonResetButton")
    assert goals(w)[0] == f"☐  {ANA}" and status(w) == "Goals met: 0 of 1 · 3 already hold" and score(w) == ""


def test_evaluating_without_a_prediction_never_blocks_and_leaves_the_goal_unticked(qtbot):
    w = new_window(qtbot)
    open_lesson(w, qtbot, "groups-and-inheritance.yaml")
    click(qtbot, w, "predictLoadButton")
    assert w.builder.name.text() == "ana writes a report"
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    assert w.controller.result.decision.value == "implicit_deny"
    assert result(w).startswith("No prediction recorded")
    assert goals(w)[0] == f"☐  {ANA}" and status(w) == "Goals met: 0 of 1 · 3 already hold"
    click(qtbot, w, "predict_implicit_deny")
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    assert goals(w)[0] == f"☑  {ANA}" and status(w).startswith("All 5 goals met")
    assert score(w) == "Predictions in this lesson: 0 of 1 right (1 without a prediction)"


def test_a_prediction_is_not_judged_by_another_request_and_waits_for_its_own(qtbot):
    w = new_window(qtbot)
    open_lesson(w, qtbot, "groups-and-inheritance.yaml")
    other = next(i for i, r in enumerate(w.doc.scenario.requests) if r.name == "ben writes through Writers")
    w.builder.load_request(other)                              # the learner picked another request
    click(qtbot, w, "predict_implicit_deny")                  # ... and predicts for the step's one (ana)
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    assert w.controller.result.decision.value == "allowed"    # ben may write: that says nothing of ana
    assert result(w) == ("You sent “ben writes through Writers”, but your prediction is for “ana writes a "
                         "report”: it is kept for that request. Press Load the request, then Evaluate.")
    assert goals(w)[0] == f"☐  {ANA}" and score(w) == ""
    click(qtbot, w, "predictLoadButton")
    click(qtbot, w, "evaluateButton")                          # the kept prediction, now for its request
    to_verdict(w)
    assert result(w).startswith("Right! You predicted")
    assert goals(w)[0] == f"☑  {ANA}" and score(w) == "Predictions in this lesson: 1 of 1 right"


def test_a_lesson_opens_with_the_request_its_step_asks_about_in_the_builder(qtbot):
    w = new_window(qtbot)
    open_lesson(w, qtbot, "groups-and-inheritance.yaml")
    assert w.doc.scenario.requests[0].name != "ana writes a report"      # not merely the first saved one
    assert w.builder.name.text() == "ana writes a report" and w.builder.shows_saved_request()
    click(qtbot, w, "predict_implicit_deny")
    click(qtbot, w, "evaluateButton")                           # Evaluate right away sends the step's request
    to_verdict(w)
    assert result(w).startswith("Right! You predicted")


def test_a_changed_copy_of_the_step_request_is_not_judged_as_that_request(qtbot):
    w = new_window(qtbot)
    open_lesson(w, qtbot, "groups-and-inheritance.yaml")
    w.builder.action.setText("s3:GetObject")                  # changed in the form, its name kept
    click(qtbot, w, "evaluateButton")                          # no prediction: not an attempt at the step
    to_verdict(w)
    assert w.controller.result.decision.value == "allowed"    # ana may read: that says nothing of her writing
    click(qtbot, w, "predict_implicit_deny")
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    assert result(w) == ("You sent a changed copy of “ana writes a report”, but your prediction is for “ana "
                         "writes a report”: it is kept for that request. Press Load the request, then Evaluate.")
    assert goals(w)[0] == f"☐  {ANA}" and score(w) == ""
    click(qtbot, w, "predictLoadButton")
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    assert result(w).startswith("Right! You predicted") and "first try" not in result(w)
    assert score(w) == "Predictions in this lesson: 1 of 1 right"


def test_another_saved_request_in_the_form_clears_the_verdict_of_the_last_one(qtbot):
    from iam_studio.gui.pipeline.view import IDLE_TEXT
    w = new_window(qtbot)
    open_lesson(w, qtbot, "groups-and-inheritance.yaml")
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    w.pipeline.player.seek(len(w.controller.result.trace) - 1)       # the replay at its verdict
    verdict = w.findChild(QLabel, "verdictLabel")
    assert w.controller.result is not None and verdict.text() != IDLE_TEXT
    assert w.lesson.flips.waiting is False
    saved = w.findChild(QListWidget, "savedRequests")
    item = next(saved.item(i) for i in range(saved.count()) if "cleo" in saved.item(i).text())
    saved.scrollToItem(item)
    qtbot.mouseClick(saved.viewport(), Qt.MouseButton.LeftButton, pos=saved.visualItemRect(item).center())
    assert w.builder.name.text() == "cleo reads a report"
    assert w.controller.result is None and verdict.text() == IDLE_TEXT       # not ana's verdict under cleo's name
    assert w.lesson.flips.waiting is True and not w.lesson.findChild(QWidget, "flipSection").isVisible()


def test_the_request_tab_keeps_the_answer_out_of_sight_until_the_prediction(qtbot):
    w = new_window(qtbot)
    open_lesson(w, qtbot, "groups-and-inheritance.yaml")
    saved = w.findChild(QListWidget, "savedRequests")
    row = next(i for i, r in enumerate(w.doc.scenario.requests) if r.name == "ana writes a report")
    later = next(i for i, r in enumerate(w.doc.scenario.requests) if r.name == "ana reads a report through Readers")
    others = [saved.item(i).text() for i in range(saved.count()) if i not in (row, later)]
    assert saved.item(row).text() == "?  predict first   ana writes a report"      # no DENY badge, no "expected"
    assert saved.item(later).text().startswith("?  predict first")          # step 2 asks about it: not told yet
    assert all("predict first" not in text for text in others) and any("ALLOW" in t for t in others)
    expect = w.findChild(QWidget, "expectCombo")
    assert w.builder.name.text() == "ana writes a report" and not expect.isVisibleTo(w.builder)
    click(qtbot, w, "predict_implicit_deny")
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    assert "DENY" in saved.item(row).text() and "as expected" in saved.item(row).text()
    assert expect.isVisibleTo(w.builder)


def test_the_decision_diff_does_not_tell_the_answer_to_predict(qtbot):
    from test_lesson_panel_play import type_over
    w = new_window(qtbot)
    open_lesson(w, qtbot, "how-aws-decides.yaml")
    w.lesson.go_to(3)                                           # "Narrow the deny": predict the old draft's delete
    assert w.lesson.pending_prediction() == "alice deletes an old draft"
    w.canvas.click_node("policy/DenyPhotoDeletes", False)
    type_over(qtbot, w.editor, "arn:aws:s3:::employee-photos/*", "arn:aws:s3:::employee-photos/photos/*")
    diff = w.findChild(QLabel, "decisionDiff").text()
    assert "the decision of “alice deletes an old draft” (predict it, then Evaluate to see it)" in diff
    assert "→" not in diff                                      # no old → new for the request to predict


def test_the_decision_diff_follows_the_step_s_predictions(qtbot):
    """A diff made at step 1 about a request step 4 asks to predict: its answer stays out of sight until the
    prediction is made, then it is told."""
    from test_lesson_panel_play import type_over
    w = new_window(qtbot)
    open_lesson(w, qtbot, "how-aws-decides.yaml")
    w.canvas.click_node("policy/DenyPhotoDeletes", False)
    type_over(qtbot, w.editor, "arn:aws:s3:::employee-photos/*", "arn:aws:s3:::employee-photos/photos/*")
    diff = w.findChild(QLabel, "decisionDiff")
    assert "the decision of “alice deletes an old draft”" in diff.text()      # step 4 asks about it: not told
    w.lesson.go_to(3)
    assert w.lesson.pending_prediction() == "alice deletes an old draft"
    assert "the decision of “alice deletes an old draft”" in diff.text() and "→ allowed" not in diff.text()
    click(qtbot, w, "predict_allowed")
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    assert "alice deletes an old draft: explicit deny → allowed" in diff.text()


def test_the_answer_shown_goes_stale_when_an_edit_changes_that_request_s_decision(qtbot):
    """An edit after the answer: a layout move leaves it; joining ana to Writers (so she may write) replaces it
    with a note that does not tell the new answer."""
    from iam_studio.core.scenario import edits
    w = new_window(qtbot)
    open_lesson(w, qtbot, "groups-and-inheritance.yaml")
    click(qtbot, w, "predict_implicit_deny")
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    assert result(w).startswith("Right!")
    w.doc.apply("Move", edits.set_positions, {"user/ana": (10.0, 20.0)})
    assert result(w).startswith("Right!")                       # the decision did not change
    w.doc.apply("Join", edits.connect, "user/ana", "group/Writers")
    assert result(w) == ("The account has changed since that answer, and so has the verdict: press Evaluate to "
                         "watch the request go through again.")
    assert "allow" not in result(w).lower().replace("answer", "")


def test_the_answer_waits_for_the_pipeline_s_verdict(qtbot):
    """Predict, then watch: while the request goes through, the panel says the prediction is recorded, and
    neither it nor "What would flip this?" tells the answer; at the verdict the judgement shows."""
    from iam_studio.gui.lessons.panel import HELD_TEXT
    w = new_window(qtbot)
    open_lesson(w, qtbot, "groups-and-inheritance.yaml")
    click(qtbot, w, "predict_implicit_deny")
    click(qtbot, w, "evaluateButton")
    w.pipeline.player.pause()
    w.pipeline.player.seek(0)
    assert result(w) == "Prediction recorded. " + HELD_TEXT
    assert not w.findChild(QWidget, "flipSection").isVisible()
    assert not any("ana writes a report: should be" in g for g in goals(w))     # the goal would tell the answer
    assert "1 of 1 right" not in score(w)                                        # and so would the score
    to_verdict(w)
    assert result(w).startswith("Right!")
    assert score(w) == "Predictions in this lesson: 1 of 1 right"
    assert "☑  ana writes a report: should be denied implicitly" in goals(w)


def test_clicking_another_prediction_goal_makes_it_the_request_to_predict(qtbot):
    """Capstone step 1 asks for four predictions: a click on the third goal loads that request, and the
    prompt, the Load button and the judgement follow it (they stayed on the first one)."""
    w = new_window(qtbot)
    open_lesson(w, qtbot, "capstone.yaml")
    lst = w.findChild(QListWidget, "lessonGoals")
    row = next(i for i in range(lst.count()) if lst.item(i).text().endswith("the auditor deletes a photo"))
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(lst.item(row)).center())
    assert w.builder.name.text() == "the auditor deletes a photo"
    assert w.findChild(QLabel, "predictionPrompt").text() == "Predict “the auditor deletes a photo”:"
    click(qtbot, w, "predict_implicit_deny")
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    assert "your prediction is for" not in result(w)
    assert goals(w)[row].startswith("☑  Predict, then evaluate: the auditor deletes a photo")
    assert w.findChild(QLabel, "predictionPrompt").text() == "Predict “alice deletes a photo”:"   # the next one


def test_a_change_step_asks_to_predict_after_the_change(qtbot):
    """Capstone step 4: the prediction is about the account once the bucket policy is in; the prompt says
    "Then predict" below the goals until the change is made, "Predict" after."""
    w = new_window(qtbot)
    open_lesson(w, qtbot, "capstone.yaml")
    w.lesson.go_to(3)
    prompt = w.findChild(QLabel, "predictionPrompt")
    assert prompt.text() == "Then predict “the root user deletes a photo”:"
    click(qtbot, w, "lessonSolutionButton")
    assert prompt.text() == "Predict “the root user deletes a photo”:"
    w.findChild(type(w.actions()[0]), "actionUndo").trigger()
    assert prompt.text().startswith("Then predict")
