"""Three bundled lessons played as a learner would, from the start screen: read a step, predict,
press Evaluate, see the score, use a hint, edit a policy (or refuse to, when the step locks it),
watch the goals tick, reach the end; progress survives a restart; "what would flip this?" applies
a change with one click, and undo takes it back."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QPushButton, QTextBrowser, QWidget

from iam_studio.gui.main_window import MainWindow

LESSONS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window never waits on the "save changes?" question."""


def new_window(qtbot) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    return w


def open_lesson(w: MainWindow, qtbot, name: str) -> None:
    """View > Start screen, then one click on the lesson in the browser."""
    w.findChild(type(w.actions()[0]), "actionStart").trigger()
    lst = w.findChild(QListWidget, "bundledList")
    item = next(lst.item(i) for i in range(lst.count()) if lst.item(i).data(Qt.ItemDataRole.UserRole)
                == str(LESSONS / name))
    lst.scrollToItem(item)
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(item).center())
    assert w.stack.currentWidget() is w.canvas
    assert w.docks["lessonDock"].isVisible()


def browser_line(w: MainWindow, name: str) -> str:
    w.findChild(type(w.actions()[0]), "actionStart").trigger()
    lst = w.findChild(QListWidget, "bundledList")
    return next(lst.item(i).text() for i in range(lst.count())
                if lst.item(i).data(Qt.ItemDataRole.UserRole) == str(LESSONS / name))


def click(qtbot, w: MainWindow, name: str) -> None:
    button = w.findChild(QPushButton, name)
    assert button.isVisible() and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def step_label(w) -> str:
    return w.findChild(QLabel, "lessonStepLabel").text()


def step_text(w) -> str:
    return w.findChild(QTextBrowser, "lessonStepText").toPlainText()


def goals(w) -> list[str]:
    lst = w.findChild(QListWidget, "lessonGoals")
    return [lst.item(i).text() for i in range(lst.count())]


def ticked(w) -> list[bool]:
    return [g.startswith("☑") for g in goals(w)]


def result(w) -> str:
    return w.findChild(QLabel, "predictionResult").text()


def score(w) -> str:
    return w.findChild(QLabel, "lessonScore").text()


def to_verdict(w) -> None:
    """Skip the replay to its verdict (the lesson panel tells whether the prediction was right only then)."""
    w.pipeline.player.pause()
    w.pipeline.player.seek(w.pipeline.player.count - 1)


def predict_and_evaluate(qtbot, w, outcome: str | None) -> None:
    if outcome is not None:
        click(qtbot, w, f"predict_{outcome}")
    click(qtbot, w, "evaluateButton")
    to_verdict(w)


def type_over(qtbot, editor, old: str, new: str) -> None:
    """Select the string value `old` in the policy editor, type `new` over it, and leave the editor."""
    text = editor.text.toPlainText()
    start = text.index(f'"{old}"') + 1
    editor.text.setFocus()
    cursor = editor.text.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(old), cursor.MoveMode.KeepAnchor)
    editor.text.setTextCursor(cursor)
    qtbot.keyClicks(editor.text, new)
    editor.flush()


def test_how_aws_decides_predicted_edited_finished_and_resumed_after_a_restart(qtbot):
    w = new_window(qtbot)
    open_lesson(w, qtbot, "how-aws-decides.yaml")
    assert step_label(w) == "Step 1 of 4: Denied by default"
    assert "Erin is a user with no policies" in step_text(w)
    picker = w.findChild(QWidget, "predictionPicker")
    assert picker.isVisible() and len(picker.findChildren(QPushButton)) == 4
    click(qtbot, w, "predictLoadButton")                        # the request to predict, into the builder
    assert w.builder.name.text() == "erin reads a photo"
    predict_and_evaluate(qtbot, w, "implicit_deny")
    assert result(w).startswith("Right!") and score(w) == "Predictions in this lesson: 1 of 1 right"
    click(qtbot, w, "lessonHintButton")
    assert "Count the policies" in w.findChild(QTextBrowser, "lessonHints").toPlainText()
    assert goals(w) == ["☑  Predict, then evaluate: erin reads a photo", "☑  erin reads a photo: should be denied "
                        "implicitly"]

    click(qtbot, w, "lessonNextButton")
    assert step_label(w).startswith("Step 2 of 4") and w.builder.name.text() == "alice reads a photo"
    predict_and_evaluate(qtbot, w, "explicit_deny")             # wrong: the engine says allowed
    assert result(w).startswith("Not this time") and "allowed" in result(w)
    assert score(w) == "Predictions in this lesson: 1 of 2 right"

    click(qtbot, w, "lessonNextButton")
    predict_and_evaluate(qtbot, w, None)                        # no prediction never blocks Evaluate
    assert w.controller.result.decision.value == "explicit_deny"
    assert result(w).startswith("No prediction recorded") and "Evaluate again to complete this step" in result(w)
    assert score(w) == "Predictions in this lesson: 1 of 3 right (1 without a prediction)"
    assert ticked(w) == [False]                                 # evaluated, but not predicted: the step goes on
    predict_and_evaluate(qtbot, w, "explicit_deny")             # a second try completes it, the score stays
    assert "score counts your first try" in result(w) and ticked(w) == [True, True]
    assert score(w) == "Predictions in this lesson: 1 of 3 right (1 without a prediction)"

    click(qtbot, w, "lessonNextButton")
    assert step_label(w) == "Step 4 of 4: Narrow the deny" and ticked(w) == [False, True]
    assert w.builder.name.text() == "alice deletes an old draft"
    predict_and_evaluate(qtbot, w, "explicit_deny")             # before the change: the deny still matches
    assert result(w).startswith("Right!") and ticked(w) == [True, False, True]
    w.canvas.click_node("policy/PhotosReadWrite", False)        # locked in this step: read-only
    assert w.editor.text.isReadOnly()
    assert w.editor.read_only_badge.text().startswith("Locked in this lesson step")
    w.canvas.click_node("policy/DenyPhotoDeletes", False)
    assert not w.editor.text.isReadOnly()
    type_over(qtbot, w.editor, "arn:aws:s3:::employee-photos/*", "arn:aws:s3:::employee-photos/photos/*")
    assert ticked(w) == [True, True, True]
    assert "You have finished the lesson" in w.findChild(QLabel, "lessonProgress").text()
    assert "alice deletes an old draft: explicit deny → allowed" in w.findChild(QLabel, "decisionDiff").text()
    assert not w.findChild(QPushButton, "lessonNextButton").isEnabled()
    assert "finished ✓ · predictions 2 of 4 right" in browser_line(w, "how-aws-decides.yaml")
    w.close()

    again = new_window(qtbot)                                   # a restart: same app data
    assert "finished ✓" in browser_line(again, "how-aws-decides.yaml")
    open_lesson(again, qtbot, "how-aws-decides.yaml")
    assert step_label(again) == "Step 4 of 4: Narrow the deny"
    assert score(again) == "Predictions in this lesson: 2 of 4 right (1 without a prediction)"
    assert ticked(again) == [True, False, True]                 # the lesson file itself was never changed


def test_policy_anatomy_an_edit_ticks_the_goals_and_show_me_solves_the_last_step(qtbot):
    w = new_window(qtbot)
    open_lesson(w, qtbot, "policy-anatomy.yaml")
    assert step_label(w).startswith("Step 1 of 4")
    click(qtbot, w, "predictLoadButton")
    predict_and_evaluate(qtbot, w, "implicit_deny")
    assert result(w).startswith("Right!")
    click(qtbot, w, "lessonHintButton")
    click(qtbot, w, "lessonHintButton")
    assert "Hint 2." in w.findChild(QTextBrowser, "lessonHints").toPlainText()
    assert not w.findChild(QPushButton, "lessonHintButton").isEnabled()

    click(qtbot, w, "lessonNextButton")
    predict_and_evaluate(qtbot, w, "allowed")                   # the payroll file: denied by default
    assert result(w).startswith("Not this time")

    click(qtbot, w, "lessonNextButton")
    assert ticked(w) == [False, True]
    w.canvas.click_node("policy/AdminEverything", False)
    type_over(qtbot, w.editor, "*", "s3:GetObject")            # Action
    assert "the intern deletes the photos bucket: allowed → implicit deny" in \
        w.findChild(QLabel, "decisionDiff").text()
    type_over(qtbot, w.editor, "*", "arn:aws:s3:::employee-photos/*")      # Resource
    assert ticked(w) == [True, True]

    click(qtbot, w, "lessonNextButton")
    assert w.builder.name.text() == "dev uploads a photo over plain HTTP"
    predict_and_evaluate(qtbot, w, "implicit_deny")
    assert score(w) == "Predictions in this lesson: 2 of 3 right"
    assert ticked(w) == [True, False, True]
    click(qtbot, w, "lessonSolutionButton")                     # "show me": the stored solution, undoably
    assert ticked(w) == [True, True, True]
    w.findChild(type(w.actions()[0]), "actionUndo").trigger()
    assert ticked(w) == [True, False, True]
    w.findChild(type(w.actions()[0]), "actionRedo").trigger()
    assert "You have finished the lesson" in w.findChild(QLabel, "lessonProgress").text()


def test_groups_memberships_tick_goals_and_a_locked_policy_refuses_with_the_reason(qtbot):
    w = new_window(qtbot)
    open_lesson(w, qtbot, "groups-and-inheritance.yaml")
    click(qtbot, w, "predictLoadButton")
    predict_and_evaluate(qtbot, w, "implicit_deny")
    assert result(w).startswith("Right!")
    click(qtbot, w, "lessonHintButton")

    click(qtbot, w, "lessonNextButton")
    assert ticked(w) == [False, False, True]
    assert w.canvas.connect_nodes("user/cleo", "group/Readers")
    assert ticked(w) == [True, True, True]

    click(qtbot, w, "lessonNextButton")
    predict_and_evaluate(qtbot, w, "allowed")
    assert result(w).startswith("Right!") and score(w) == "Predictions in this lesson: 2 of 2 right"
    edge = next(e for e in w.canvas.edges if e.src.key == "policy/ReadReports")
    undo_count = w.doc.undo_stack.count()
    w.canvas.remove_edge(edge)                                  # locked in this step: refused, with the reason
    assert w.doc.undo_stack.count() == undo_count and w.doc.scenario.groups["Readers"].policies == ["ReadReports"]
    assert "`policy/ReadReports` is locked" in w.statusBar().currentMessage()
    w.canvas.click_node("policy/ReadReports", False)
    assert w.editor.text.isReadOnly()
    assert w.canvas.connect_nodes("user/ana", "group/Writers")
    edge = next(e for e in w.canvas.edges if e.src.key == "user/ana" and e.dst.key == "group/Readers")
    w.canvas.remove_edge(edge)
    assert all(ticked(w))

    click(qtbot, w, "lessonNextButton")
    assert step_label(w).startswith("Step 4 of 4") and all(ticked(w))
    assert not w.findChild(QPushButton, "lessonNextButton").isEnabled()
    w.canvas.click_node("policy/ReadReports", False)            # the lock held only in its own step
    assert not w.editor.text.isReadOnly()


def test_reset_puts_the_account_back_undoably_and_starts_the_lesson_over(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    w = new_window(qtbot)
    open_lesson(w, qtbot, "groups-and-inheritance.yaml")
    click(qtbot, w, "lessonNextButton")
    assert w.canvas.connect_nodes("user/cleo", "group/Readers")
    click(qtbot, w, "lessonResetButton")
    assert step_label(w).startswith("Step 1 of 4") and w.doc.scenario.users["cleo"].groups == []
    line = browser_line(w, "groups-and-inheritance.yaml").splitlines()[-1]
    assert line == "Lesson 4 · 4 steps · not started"       # step 1 is not done until ana's is predicted
    w.findChild(type(w.actions()[0]), "actionUndo").trigger()
    assert w.doc.scenario.users["cleo"].groups == ["Readers"]


def test_a_flip_applied_from_the_list_flips_the_verdict_and_undo_restores_it(qtbot):
    w = new_window(qtbot)
    open_lesson(w, qtbot, "how-aws-decides.yaml")
    w.builder.load_request(next(i for i, r in enumerate(w.doc.scenario.requests) if r.name == "alice deletes a photo"))
    predict_and_evaluate(qtbot, w, None)
    assert w.controller.result.decision.value == "explicit_deny"
    flips = w.findChild(QListWidget, "flipList")
    qtbot.waitUntil(lambda: flips.count() > 0, timeout=5000)
    promised = w.lesson.flips.answer.flips[0].new_decision
    tree = w.trace.tree
    heads = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert any(h.startswith("What would flip this?") for h in heads)
    depth = w.trace.depth_combo                                 # still there at the other depth
    depth.setCurrentIndex(1 - depth.currentIndex())
    assert any(tree.topLevelItem(i).text(0).startswith("What would flip this?")
               for i in range(tree.topLevelItemCount()))
    item = flips.item(0)
    qtbot.mouseClick(flips.viewport(), Qt.MouseButton.LeftButton, pos=flips.visualItemRect(item).center())
    assert w.controller.result.decision is promised and promised.value != "explicit_deny"
    assert w.pipeline.verdict_text.startswith("ALLOW")
    w.findChild(type(w.actions()[0]), "actionUndo").trigger()
    assert w.controller.result.decision.value == "explicit_deny"


def guess_statement(w, name: str) -> None:
    combo = w.findChild(QComboBox, "predictStatement")
    assert combo.isVisible()
    index = combo.findData(name)
    assert index > 0, name
    combo.setCurrentIndex(index)


def wheel(widget) -> None:
    """One notch of the mouse wheel over `widget`, as when scrolling the panel past it."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication
    at = QPointF(widget.rect().center())
    QApplication.sendEvent(widget, QWheelEvent(at, widget.mapToGlobal(at), QPoint(0, 0), QPoint(0, -120),
                                               Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                                               Qt.ScrollPhase.NoScrollPhase, False))


def test_the_guessed_deciding_statement_is_scored_with_the_outcome(qtbot):
    w = new_window(qtbot)
    open_lesson(w, qtbot, "how-aws-decides.yaml")
    combo = w.findChild(QComboBox, "predictStatement")
    wheel(combo)                                                # scrolling past it guesses nothing
    assert combo.currentData() is None
    click(qtbot, w, "predictLoadButton")                        # erin reads a photo: denied by default
    guess_statement(w, "PhotosReadWrite#ReadWriteDelete")
    predict_and_evaluate(qtbot, w, "implicit_deny")
    assert result(w).startswith("Right!")
    assert "PhotosReadWrite#ReadWriteDelete does not decide it: no statement allowed the request" in result(w)
    assert score(w) == "Predictions in this lesson: 1 of 1 right; deciding statements: 0 of 1 right"
    assert w.findChild(QComboBox, "predictStatement").currentData() is None      # cleared for the next one

    click(qtbot, w, "lessonNextButton")
    click(qtbot, w, "lessonNextButton")                         # alice deletes a photo: the deny decides
    assert w.builder.name.text() == "alice deletes a photo"
    guess_statement(w, "DenyPhotoDeletes#NoDeletes")
    predict_and_evaluate(qtbot, w, "explicit_deny")
    assert "And DenyPhotoDeletes#NoDeletes is a statement that decides it." in result(w)
    assert score(w) == "Predictions in this lesson: 2 of 2 right; deciding statements: 1 of 2 right"
    # The score is the core's, kept in the lesson's progress.
    assert w.lesson.progress.statement_score() == (1, 2)
    assert "at step 3 of 4, 2 done · predictions 2 of 2 right · deciding statements 1 of 2 right" in \
        browser_line(w, "how-aws-decides.yaml")     # both of the core's scores; step 2 was skipped, not done
