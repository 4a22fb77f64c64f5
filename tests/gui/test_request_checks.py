"""The request builder checks a request through the core, field by field, as a learner types it; it
offers only the credentials AWS gives the caller; whatever a user typed is shown as plain text, and
a lesson's Markdown is rendered without raw HTML and without loading anything."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from iam_studio.core.scenario.load import load_scenario_text
from iam_studio.gui.document import ScenarioDocument
from iam_studio.gui.main_window import MainWindow

LESSON = Path(__file__).resolve().parents[2] / "scenarios" / "employee-directory.yaml"


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""


@pytest.fixture
def window(window):
    window.resize(1400, 900)
    assert window.open_path(str(LESSON))
    return window


def retype(qtbot, field: QLineEdit, text: str) -> None:
    """Clear a field, type into it and leave it with Tab, as a learner does."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


def click_evaluate(window, qtbot) -> None:
    qtbot.mouseClick(window.findChild(QPushButton, "evaluateButton"), Qt.MouseButton.LeftButton)
    window.pipeline.player.pause()


def credentials_offered(window) -> list[str]:
    combo = window.findChild(QComboBox, "credentialType")
    return [combo.itemData(i) for i in range(combo.count())]


def pick_principal(window, qtbot, label_start: str) -> None:
    picker = window.findChild(QComboBox, "principalPicker")
    picker.setCurrentIndex(picker.findText(label_start, Qt.MatchFlag.MatchStartsWith))


def test_an_unknown_action_gets_did_you_mean_at_the_field(window, qtbot):
    retype(qtbot, window.findChild(QLineEdit, "actionField"), "s3:GetObjects")
    problem = window.findChild(QLabel, "actionProblem")
    assert problem.isVisibleTo(window) and "did you mean `s3:GetObject`?" in problem.text()
    retype(qtbot, window.findChild(QLineEdit, "actionField"), "s3:GetObject")
    assert problem.text() == "", problem.text()
    assert not problem.isVisibleTo(window)


def test_a_malformed_expiry_is_a_field_error_not_a_verdict(window, qtbot):
    pick_principal(window, qtbot, "role/EmployeeDirectoryApp")
    combo = window.findChild(QComboBox, "credentialType")
    combo.setCurrentIndex(combo.findData("session"))
    retype(qtbot, window.findChild(QLineEdit, "expiresField"), "2026-13-45 noon")
    assert "is not an ISO 8601 time" in window.findChild(QLabel, "expiresProblem").text()
    click_evaluate(window, qtbot)
    assert window.controller.result is None
    assert "not authenticated" not in window.pipeline.verdict_text.lower()
    assert "expires" in window.findChild(QLabel, "builderMessage").text()
    retype(qtbot, window.findChild(QLineEdit, "expiresField"), "2030-01-01T00:00:00Z")
    click_evaluate(window, qtbot)
    assert window.controller.result is not None and window.findChild(QLabel, "expiresProblem").text() == ""


def test_credentials_are_offered_only_where_aws_has_them(window, qtbot):
    pick_principal(window, qtbot, "role/EmployeeDirectoryApp")
    assert credentials_offered(window) == ["", "session"]           # a role: no password, no access keys
    pick_principal(window, qtbot, "user/alice")                     # console password and access keys
    assert credentials_offered(window) == ["", "console", "access_key", "session"]
    pick_principal(window, qtbot, "anonymous")
    assert credentials_offered(window) == [""]


def test_a_saved_request_keeps_a_credential_the_caller_lacks_and_aws_refuses_it(qtbot):
    text = LESSON.read_text().replace("requests:\n", "requests:\n  - name: the app signs in\n"
                                      "    principal: role/EmployeeDirectoryApp\n    action: s3:GetObject\n"
                                      "    resource: arn:aws:s3:::employee-photos/a.jpg\n"
                                      "    credential: {type: console}\n    expect: not_authenticated\n", 1)
    scenario, diagnostics = load_scenario_text(text, "lesson.yaml")
    assert scenario is not None, diagnostics
    from iam_studio.gui.editor import RequestBuilder
    builder = RequestBuilder(ScenarioDocument(scenario))
    qtbot.addWidget(builder)
    builder.load_request(0)
    assert builder.credential.currentData() == "console" and "has none" in builder.credential.currentText()
    assert builder.spec() is not None


def test_what_a_user_typed_is_plain_text_everywhere(window, qtbot):
    picker = window.findChild(QComboBox, "principalPicker")
    picker.setFocus()
    picker.lineEdit().selectAll()
    qtbot.keyClicks(picker.lineEdit(), "user/<b>x")
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Tab)
    problem = window.findChild(QLabel, "principalProblem")
    assert "<b>x" in problem.text() and problem.textFormat() == Qt.TextFormat.PlainText
    picker.setEditText("arn:aws:iam::123456789012:user/<b>x")         # an undeclared user: evaluated
    click_evaluate(window, qtbot)
    window.pipeline.player.seek(0)                        # the sentence under the pipeline names the caller
    reason = window.findChild(QLabel, "verdictReason")
    labels = [w for w in window.findChildren(QLabel) if "<b>x" in w.text()]
    assert labels and all(w.textFormat() == Qt.TextFormat.PlainText for w in labels), [w.objectName() for w in labels]
    assert reason in labels
    tips = [window.trace.tree.topLevelItem(i).toolTip(0) for i in range(window.trace.tree.topLevelItemCount())]
    assert all("<b>x" not in tip for tip in tips) and any("&lt;b&gt;x" in tip for tip in tips)


def test_a_lesson_s_markdown_is_rendered_without_raw_html_or_loading_anything(qtbot, tmp_path):
    picture = tmp_path / "picture.png"
    picture.write_bytes(b"\x89PNG not really")
    path = tmp_path / "lesson.yaml"
    path.write_text(f"""iam_studio: 1
title: Markdown lesson
description: "**Bold** <b>raw</b> ![x]({picture.as_uri()})"
account: "123456789012"
""")
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(str(path))
    view = w.findChild(QWidget, "lessonStepText")
    assert "<b>raw</b>" in view.toPlainText()                       # raw HTML is shown as text
    assert "Bold" in view.toPlainText() and "**" not in view.toPlainText()
    assert "font-weight:700" in view.toHtml().replace(" ", "")         # Markdown is rendered
    url = QUrl(picture.as_uri())
    assert not view.document().resource(QTextDocument.ResourceType.ImageResource, url)


def test_saving_a_request_the_core_refuses_says_why_and_changes_nothing(window, qtbot):
    before = [r.name for r in window.doc.scenario.requests]
    window.builder.load_request(0)
    retype(qtbot, window.findChild(QLineEdit, "requestName"), before[1])      # the name of another request
    qtbot.mouseClick(window.findChild(QPushButton, "saveRequestButton"), Qt.MouseButton.LeftButton)
    assert "Not saved: there is already a request named" in window.findChild(QLabel, "builderMessage").text()
    assert [r.name for r in window.doc.scenario.requests] == before and not window.doc.undo_stack.canUndo()


def test_a_file_s_own_text_in_labels_is_plain_text(qtbot, tmp_path):
    path = tmp_path / "lesson.yaml"
    path.write_text(LESSON.read_text().replace("title: ", "title: <b>Bold</b> ", 1))
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(str(path))
    shown = [label for label in w.findChildren(QLabel) if "<b>Bold</b>" in label.text()]
    assert shown, "the title is shown somewhere"
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in shown), \
        [label.objectName() for label in shown if label.textFormat() != Qt.TextFormat.PlainText]
