"""The policy editor driven as a learner would: select, type, see problems, format, undo."""
import pytest
from editor_pipeline_fixture import make_document
from PySide6.QtCore import Qt

from iam_studio.gui.editor import PolicyEditor
from iam_studio.gui.editor.assist import PolicyAssist
from iam_studio.gui.editor.code_edit import matching_bracket
from iam_studio.gui.editor.json_format import format_json
from iam_studio.gui.editor.problems import ALL_GOOD


def _editor(qtbot, node="group/Developers"):
    doc = make_document()
    editor = PolicyEditor(doc)
    qtbot.addWidget(editor)
    editor.resize(700, 600)
    editor.show()
    doc.select(node)
    return doc, editor


def test_selecting_a_group_lists_its_policies(qtbot):
    doc, editor = _editor(qtbot)
    labels = [editor.chooser.itemText(i) for i in range(editor.chooser.count())]
    assert labels == ["Attached: S3PhotosReadWrite", "Attached: DenyDelete"]
    assert '"s3:GetObject"' in editor.text.toPlainText()
    assert editor.problems.texts() == [ALL_GOOD]
    editor.chooser.setCurrentIndex(1)
    assert editor.policy_key == "DenyDelete"
    assert '"Deny"' in editor.text.toPlainText()


def test_user_lists_the_policies_it_gets_through_its_groups(qtbot):
    doc, editor = _editor(qtbot, "user/alice")
    labels = [editor.chooser.itemText(i) for i in range(editor.chooser.count())]
    assert labels == ["Via group Developers: S3PhotosReadWrite", "Via group Developers: DenyDelete"]


def test_role_shows_trust_policy_and_nothing_selected_shows_hint(qtbot):
    doc, editor = _editor(qtbot, "role/EmployeeDirectoryApp")
    assert editor.chooser.itemData(0) == "role/EmployeeDirectoryApp#trust"
    assert "ec2.amazonaws.com" in editor.text.toPlainText()
    doc.select("")
    assert editor.stack.currentWidget() is editor.empty


@pytest.mark.qt_log_ignore("This plugin does not support")   # the completion popup, offscreen
def test_typing_an_error_shows_position_and_hint_then_undo_restores(qtbot):
    doc, editor = _editor(qtbot)
    original = editor.text.toPlainText()
    editor.text.setFocus()
    cursor = editor.text.textCursor()
    cursor.setPosition(original.index('"Allow"') + 1)
    cursor.setPosition(original.index('"Allow"') + 6, cursor.MoveMode.KeepAnchor)
    editor.text.setTextCursor(cursor)
    qtbot.keyClicks(editor.text, "Alow")
    assert editor.text.completer.popup().isVisible() is False or editor.text.completer.completionCount() == 0
    qtbot.waitUntil(lambda: editor.problems.texts() != [ALL_GOOD], timeout=2000)
    problem = editor.problems.texts()[0]
    assert problem.startswith("●  Line ") and "Alow" in problem and "hint:" in problem
    assert doc.undo_stack.canUndo()
    # the model keeps the last valid document while the text is invalid
    assert doc.scenario.policies["S3PhotosReadWrite"].statements[0].effect == "Allow"
    qtbot.keyClick(editor.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.text.toPlainText() == original
    assert editor.problems.texts() == [ALL_GOOD]


def test_valid_edit_reaches_the_model(qtbot):
    doc, editor = _editor(qtbot)
    text = editor.text.toPlainText().replace('"s3:PutObject"', '"s3:DeleteObject"')
    editor.text.setPlainText(text)
    editor.flush()
    actions = doc.scenario.policies["S3PhotosReadWrite"].statements[0].action.values
    assert "s3:DeleteObject" in actions


def test_format_pretty_prints_and_refuses_broken_json(qtbot):
    doc, editor = _editor(qtbot)
    editor.text.setPlainText('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",'
                             '"Resource":"*"}]}')
    editor.format_button.click()
    assert editor.text.toPlainText().splitlines()[1] == '  "Version": "2012-10-17",'
    editor.text.setPlainText('{"Version": ')
    editor.format_button.click()
    assert editor.text.toPlainText() == '{"Version": '
    assert "●" in editor.problems.texts()[0]
    assert format_json('{"a": 1, "a": 2}') == '{\n  "a": 1,\n  "a": 2\n}\n'


def test_enter_auto_indents_inside_brackets(qtbot):
    doc, editor = _editor(qtbot)
    editor.text.setPlainText("{}")
    cursor = editor.text.textCursor()
    cursor.setPosition(1)
    editor.text.setTextCursor(cursor)
    qtbot.keyClick(editor.text, Qt.Key.Key_Return)
    assert editor.text.toPlainText() == "{\n  \n}"
    assert matching_bracket('{"a": ["}"]}', 0) == 11
    assert matching_bracket('{[}', 2) is None


def test_aws_managed_policy_is_read_only(qtbot):
    doc, editor = _editor(qtbot)
    editor.show_policy("arn:aws:iam::aws:policy/ReadOnlyAccess")
    assert editor.text.isReadOnly()
    assert editor.read_only_badge.isVisibleTo(editor)
    before = editor.text.toPlainText()
    qtbot.keyClicks(editor.text, "xyz")
    assert editor.text.toPlainText() == before


def test_completion_and_hover_come_from_the_catalogue(qtbot):
    doc, editor = _editor(qtbot)
    assist = PolicyAssist(doc)
    text = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetOb'
    items = assist.completions(text, len(text))
    assert "s3:GetObject  — Read" in items
    key_text = '{"Statement": [{"Effect": "Allow", "Condition": {"StringEquals": {"aws:Sou'
    assert "aws:SourceIp" in assist.completions(key_text, len(key_text))
    op_text = '{"Statement": [{"Condition": {"IpA'
    assert "IpAddress" in assist.completions(op_text, len(op_text))
    res_text = '{"Statement": [{"Action": "s3:GetObject", "Resource": "arn'
    assert "arn:aws:s3:::employee-photos" in assist.completions(res_text, len(res_text))
    hover = assist.hover('"Action": "s3:GetObject"', 14)
    assert "Read" in hover and "retrieve objects" in hover
    wild = assist.hover('"Action": "s3:GetObjectT*"', 14)
    assert "s3:GetObjectTagging" in wild and "matches" in wild


def test_highlight_statement_finds_the_statement_in_the_text(qtbot):
    doc, editor = _editor(qtbot)
    editor.highlight_statement("DenyDelete", None, 0)
    assert editor.policy_key == "DenyDelete"
    assert editor.text.textCursor().blockNumber() + 1 == 4


def test_code_editor_follows_a_dark_theme(qtbot):
    """On a dark palette the JSON colours and the statement highlight switch to their dark variants,
    so a highlighted statement stays readable on a projector in the dark theme."""
    from iam_studio.gui.editor import theme
    from iam_studio.gui.editor.code_edit import CodeEdit
    from iam_studio.gui.themes import palette_for

    edit = CodeEdit()
    qtbot.addWidget(edit)
    edit.setPlainText('{"Effect": "Allow"}')
    assert edit._highlighter.dark is False
    edit.setPalette(palette_for("dark"))
    assert edit._highlighter.dark is True
    assert edit._highlighter._key.foreground().color() == theme.KEY_DARK
    edit.setPalette(palette_for("light"))
    assert edit._highlighter.dark is False
