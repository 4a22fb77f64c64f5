"""The window shows the engine's word on the open document, and nothing else: opening another lesson
leaves no trace of the previous one, an edit re-evaluates every verdict on screen, bundled lessons are
read-only originals, the title's `*` says exactly whether the document differs from its file, and
policy text that does not parse yet is a draft the document holds."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QLabel, QListWidget, QMessageBox, QPushButton, QWidget

from iam_studio.core.scenario.load import load_scenario
from iam_studio.gui.main_window import MainWindow

LESSONS = Path(__file__).resolve().parents[2] / "scenarios"
LESSON_A = LESSONS / "policy-variables.yaml"
LESSON_B = LESSONS / "groups-and-inheritance.yaml"


@pytest.fixture
def window(window):
    window.resize(1400, 900)
    return window



@pytest.fixture
def answers(monkeypatch):
    """Each "save changes?" question is recorded and answered with Discard."""
    asked: list[str] = []

    def ask(self):
        asked.append(self.doc.path or self.doc.origin or "untitled")
        return QMessageBox.StandardButton.Discard
    monkeypatch.setattr(MainWindow, "ask_save_changes", ask)
    return asked


def action(window, name: str) -> QAction:
    return window.findChild(QAction, name)


def open_from_start_screen(window, qtbot, lesson: Path) -> None:
    """View > Start screen, then double-click the lesson in the list, as a learner does."""
    action(window, "actionStart").trigger()
    lst = window.findChild(QListWidget, "bundledList")
    row = next(i for i in range(lst.count()) if lst.item(i).data(Qt.ItemDataRole.UserRole) == str(lesson))
    item = lst.item(row)
    lst.scrollToItem(item)
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(item).center())
    qtbot.keyClick(lst, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.canvas


def evaluate_to_the_end(window, qtbot) -> None:
    qtbot.mouseClick(window.findChild(QPushButton, "evaluateButton"), Qt.MouseButton.LeftButton)
    window.pipeline.player.pause()
    for _ in range(len(window.controller.result.trace) + 1):
        qtbot.keyClick(window.pipeline, Qt.Key.Key_Space)


def type_over(qtbot, editor, old: str, new: str, *, leave: bool = True) -> None:
    """Select the string value `old` in the policy editor and type `new` over it, then leave the editor
    (`leave=False`: the typing is still pending, as when the user goes straight on)."""
    text = editor.text.toPlainText()
    start = text.index(f'"{old}"') + 1
    editor.text.setFocus()
    cursor = editor.text.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(old), cursor.MoveMode.KeepAnchor)
    editor.text.setTextCursor(cursor)
    qtbot.keyClicks(editor.text, new)
    if leave:
        editor.flush()               # what leaving the editor does (focus out); the debounce does it too


def trace_texts(window) -> list[str]:
    tree = window.trace.tree
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


# ----- views hold no state of their own ------------------------------------------------------------
def test_opening_lesson_b_after_evaluating_lesson_a_leaves_no_trace_of_a(window, qtbot, answers):
    open_from_start_screen(window, qtbot, LESSON_A)
    a = window.doc.scenario
    user = next(iter(a.users))
    window.canvas.click_node(f"user/{user}", False)              # the editor shows one of A's policies
    assert window.editor.policy_key in a.policies
    a_policy_text = window.editor.text.toPlainText()
    evaluate_to_the_end(window, qtbot)
    assert window.pipeline.verdict_text != "Press Evaluate to send the request through"
    assert window.canvas.highlighted

    open_from_start_screen(window, qtbot, LESSON_B)
    assert answers == []                                          # nothing of A was changed: no question
    b = window.doc.scenario
    fresh, _ = load_scenario(LESSON_B)
    assert list(b.policies) == list(fresh.policies)               # no stray policy of A in B
    assert not window.doc.undo_stack.canUndo() and not window.doc.dirty and not window.isWindowModified()
    assert window.editor.policy_key == "" and a_policy_text not in window.editor.text.toPlainText()
    assert window.pipeline.verdict_text == "Press Evaluate to send the request through"
    assert window.findChild(QLabel, "verdictReason").text() == ""
    assert trace_texts(window) == ["Evaluate a request to see each step AWS takes, in plain words."]
    assert window.controller.result is None and not window.canvas.highlighted
    assert set(window.canvas.nodes) & {f"user/{n}" for n in a.users} <= {f"user/{n}" for n in b.users}
    asked = window.lesson.pending_prediction()                  # B's first step asks about one of B's requests
    assert asked is not None and asked != a.requests[0].name
    shown = next(r for r in b.requests if r.name == asked)
    assert window.findChild(QWidget, "actionField").text() == shown.action and window.builder.shows_saved_request()
    assert window.builder.badge_texts() and all(s.name in t for s, t in
                                                zip(b.requests, window.builder.badge_texts(), strict=True))
    assert a.title not in window.findChild(QWidget, "lessonStepText").toPlainText()
    assert b.title in window.windowTitle()


def test_new_resets_every_view(window, qtbot, answers):
    window.open_path(str(LESSON_A))
    evaluate_to_the_end(window, qtbot)
    action(window, "actionNew").trigger()
    assert window.controller.result is None and window.pipeline.verdict_text.startswith("Press Evaluate")
    assert window.findChild(QWidget, "actionField").text() == ""
    assert not window.canvas.highlighted and not window.doc.dirty


def test_an_edit_that_changes_a_verdict_updates_badge_verdict_and_explanation(window, qtbot, answers):
    window.open_path(str(LESSONS / "employee-directory.yaml"))
    row = next(i for i, s in enumerate(window.doc.scenario.requests) if s.name.startswith("alice cannot delete"))
    window.builder.load_request(row)
    evaluate_to_the_end(window, qtbot)
    assert "explicit deny" in window.pipeline.verdict_text.lower()
    assert "DENY (explicit)" in window.builder.badge_texts()[row]
    before = trace_texts(window)
    window.canvas.click_node("policy/DenyPhotoDeletes", False)
    type_over(qtbot, window.editor, 'Deny', 'Allow')
    # at once, without waiting: the verdict, the explanation, the badge and the decision diff follow
    assert "explicit deny" not in window.pipeline.verdict_text.lower()
    assert window.pipeline.verdict_text == "ALLOW"
    assert trace_texts(window) != before
    assert window.builder.badge_texts()[row].startswith("✓ ALLOW")
    name = window.doc.scenario.requests[row].name
    assert [(c.request, c.old.value, c.new.value) for c in window.lesson.diff.changes] == [
        (name, "explicit_deny", "allowed")]                           # the decision diff says so
    assert window.editor.policy_key == "DenyPhotoDeletes"           # the editor stays where the user types
    action(window, "actionUndo").trigger()
    assert "explicit deny" in window.pipeline.verdict_text.lower()
    assert "DENY (explicit)" in window.builder.badge_texts()[row] and trace_texts(window) == before


# ----- bundled lessons are read-only originals ------------------------------------------------------
def test_ctrl_s_on_a_bundled_lesson_asks_where_and_never_changes_the_lesson(window, qtbot, tmp_path,
                                                                            monkeypatch, answers):
    lesson = LESSONS / "employee-directory.yaml"
    original = lesson.read_bytes()
    asked: list[str] = []
    target = tmp_path / "mine.yaml"

    def get_save_file_name(parent, caption, start, filter_):
        asked.append(start)
        return str(target), filter_
    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save_file_name)
    open_from_start_screen(window, qtbot, lesson)
    assert window.doc.path is None and not window.isWindowModified()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)     # unchanged copy: Save As
    assert len(asked) == 1 and not Path(asked[0]).resolve().is_relative_to(LESSONS.resolve())
    assert lesson.read_bytes() == original and target.read_bytes() == original
    assert window.doc.path == str(target) and "mine.yaml" in window.windowTitle()

    open_from_start_screen(window, qtbot, lesson)
    window.canvas.actions_by_name["add_user"].trigger()
    assert window.isWindowModified()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(lesson), a[-1]))   # into the lessons
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert lesson.read_bytes() == original and window.isWindowModified()
    assert "read-only" in window.last_error.text()


# ----- the title's `*` is exact -----------------------------------------------------------------------
def test_the_star_follows_edits_and_undo_back_to_the_saved_state(window, qtbot, tmp_path, never_asked):
    path = tmp_path / "lesson.yaml"
    shutil.copy(LESSONS / "employee-directory.yaml", path)
    window.open_path(str(path))
    assert "[*]" in window.windowTitle() and not window.isWindowModified()
    window.canvas.actions_by_name["add_group"].trigger()
    assert window.isWindowModified()
    undo = action(window, "actionUndo")
    redo = action(window, "actionRedo")
    undo.trigger()
    assert not window.isWindowModified()
    redo.trigger()
    assert window.isWindowModified()
    undo.trigger()
    window.canvas.click_node("policy/DenyPhotoDeletes", False)
    type_over(qtbot, window.editor, 'Deny', 'Allow')
    assert window.isWindowModified()
    type_over(qtbot, window.editor, 'Allow', 'Deny')            # typed back: same as the file again
    assert window.doc.undo_stack.canUndo() and not window.isWindowModified()
    window.close()                                                 # nothing differs: closing does not ask
    assert path.read_bytes() == (LESSONS / "employee-directory.yaml").read_bytes()


# ----- drafts ---------------------------------------------------------------------------------------
def test_a_policy_that_does_not_parse_yet_is_a_draft_the_document_holds(window, qtbot, tmp_path, answers):
    path = tmp_path / "lesson.yaml"
    shutil.copy(LESSONS / "employee-directory.yaml", path)
    window.open_path(str(path))
    row = next(i for i, s in enumerate(window.doc.scenario.requests) if s.name.startswith("alice cannot delete"))
    window.builder.load_request(row)
    evaluate_to_the_end(window, qtbot)
    window.canvas.click_node("policy/DenyPhotoDeletes", False)
    type_over(qtbot, window.editor, 'Deny', 'Allow,,')
    assert window.isWindowModified() and "DenyPhotoDeletes" in window.doc.drafts
    notice = window.findChild(QLabel, "draftNotice")
    assert notice.isVisible() and "last valid version" in notice.text()
    assert "DenyPhotoDeletes" in window.findChild(QLabel, "statusText").text()
    assert "explicit deny" in window.pipeline.verdict_text.lower()          # the engine keeps the valid one
    copy = window.autosave.write_now()
    assert copy is not None
    from iam_studio.gui import autosave
    assert 'Allow,,' in autosave.pending()[0].drafts["DenyPhotoDeletes"]
    window.open_path(str(LESSON_B))                                          # Open asks before dropping it
    assert answers == [str(path)]
    assert path.read_bytes() == (LESSONS / "employee-directory.yaml").read_bytes()


def test_a_recovered_draft_comes_back_as_a_draft(window, qtbot, tmp_path, answers):
    path = tmp_path / "lesson.yaml"
    shutil.copy(LESSONS / "employee-directory.yaml", path)
    window.open_path(str(path))
    window.canvas.click_node("policy/DenyPhotoDeletes", False)
    type_over(qtbot, window.editor, 'Deny', 'Deny oops')
    window.autosave.write_now()
    from iam_studio.gui import autosave
    later = MainWindow()
    qtbot.addWidget(later)
    later.recover(autosave.pending()[0], True)
    assert 'Deny oops' in later.doc.drafts["DenyPhotoDeletes"] and later.isWindowModified()


# ----- every edit is a core edit ------------------------------------------------------------------
MFA_TRUST = """iam_studio: 1
title: MFA to assume
account: "123456789012"
policies:
  MayAssume:
    document:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: sts:AssumeRole
          Resource: "*"
users:
  alice:
    policies: [MayAssume]
  bob:
    policies: [MayAssume]
roles:
  Admin:
    trust:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: {AWS: "arn:aws:iam::123456789012:user/alice"}
          Action: sts:AssumeRole
          Condition:
            Bool: {aws:MultiFactorAuthPresent: "true"}
requests:
  - name: alice assumes Admin without MFA
    principal: user/alice
    action: sts:AssumeRole
    resource: arn:aws:iam::123456789012:role/Admin
    expect: implicit_deny
"""


def test_a_trust_edge_drawn_and_removed_keeps_the_trust_policy_s_conditions(window, qtbot, tmp_path, answers):
    path = tmp_path / "mfa.yaml"
    path.write_text(MFA_TRUST)
    window.open_path(str(path))
    window.builder.load_request(0)
    evaluate_to_the_end(window, qtbot)
    assert "implicit deny" in window.pipeline.verdict_text.lower()
    assert window.canvas.connect_nodes("role/Admin", "user/bob")          # bob may now assume Admin too
    assert "implicit deny" in window.pipeline.verdict_text.lower()
    assert "(as expected)" in window.builder.badge_texts()[0]
    edge = next(e for e in window.canvas.edges if e.kind == "trust" and e.dst.key == "user/bob")
    window.canvas.remove_edge(edge)
    window.canvas.click_node("role/Admin", False)
    assert "aws:MultiFactorAuthPresent" in window.editor.text.toPlainText()
    assert window.doc.policy("role/Admin#trust").statements[0].conditions
    assert window._save_to(str(path))
    assert "aws:MultiFactorAuthPresent" in path.read_text()


@pytest.mark.parametrize("name, reason", [("café", "is not a valid user name"),
                                          ("u" * 65, "is longer than 64 characters")])
def test_the_canvas_accepts_only_names_the_loader_accepts(window, qtbot, name, reason, answers):
    window.new_file()
    window.canvas.actions_by_name["add_user"].trigger()
    window.canvas.gview.setFocus()
    qtbot.keyClick(window.canvas.gview, Qt.Key.Key_F2)
    rename = window.findChild(QWidget, "canvasRename")
    rename.selectAll()
    rename.insert(name)              # what the keyboard's input method types (QTest cannot type `é`)
    qtbot.keyClick(rename, Qt.Key.Key_Return)
    assert reason in window.findChild(QLabel, "canvasMessage").text()
    assert list(window.doc.scenario.users) == ["new-user"]


# ----- undo is exact ----------------------------------------------------------------------------------
def test_editor_undo_template_and_canvas_undo_share_one_history(window, qtbot, tmp_path, answers):
    path = tmp_path / "lesson.yaml"
    shutil.copy(LESSONS / "employee-directory.yaml", path)
    window.open_path(str(path))
    window.canvas.click_node("policy/DenyPhotoDeletes", False)
    editor = window.editor
    original = editor.text.toPlainText()
    type_over(qtbot, editor, "Deny", "Allow", leave=False)          # still typing: not handed over yet
    typed = editor.text.toPlainText()
    menu = window.findChild(QWidget, "templatesButton").menu()
    menu.aboutToShow.emit()
    menu.actions()[0].trigger()                                        # choose a template
    template = editor.text.toPlainText()
    assert template not in (typed, original)
    qtbot.keyClick(editor.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)    # undo in the editor
    assert editor.text.toPlainText() == typed
    window.canvas.gview.setFocus()
    action(window, "actionUndo").trigger()                             # undo and redo from the canvas
    assert editor.text.toPlainText() == original
    action(window, "actionRedo").trigger()
    assert editor.text.toPlainText() == typed
    assert window.doc.policy("DenyPhotoDeletes").statements[0].effect == "Allow"


def test_any_sequence_of_edits_undone_gives_back_the_file_byte_for_byte(window, qtbot, tmp_path, answers):
    from iam_studio.core.scenario.save import dump_scenario_text
    path = tmp_path / "lesson.yaml"
    shutil.copy(LESSONS / "employee-directory.yaml", path)
    original = path.read_text()
    window.open_path(str(path))
    canvas = window.canvas
    canvas.actions_by_name["add_user"].trigger()
    canvas.actions_by_name["add_policy"].trigger()
    assert canvas.connect_nodes("user/new-user", "group/Developers")
    assert canvas.connect_nodes("policy/NewPolicy", "user/new-user")
    assert canvas.rename_node("user/alice", "alicia")
    canvas.click_node("policy/DenyPhotoDeletes", False)
    type_over(qtbot, window.editor, "Deny", "Allow")
    type_over(qtbot, window.editor, "Allow", "Allow,,")               # a draft on top
    canvas.auto_layout("force")
    canvas.click_node("user/bob", False)
    canvas.delete_selected()
    edited = dump_scenario_text(window.doc.scenario)
    steps = window.doc.undo_stack.count()
    while window.doc.undo_stack.canUndo():
        action(window, "actionUndo").trigger()
    assert dump_scenario_text(window.doc.scenario) == original
    assert not window.isWindowModified() and window.doc.drafts == {}
    for _ in range(steps):
        action(window, "actionRedo").trigger()
    assert dump_scenario_text(window.doc.scenario) == edited and "DenyPhotoDeletes" in window.doc.drafts


# ----- the editor and the loader agree ---------------------------------------------------------------
def test_a_policy_over_aws_s_size_limit_is_not_no_problems(window, qtbot, tmp_path, answers):
    import json

    from iam_studio.core.policy.model import PolicyType
    from iam_studio.core.policy.parse import lint_policy_text
    from iam_studio.gui.editor.problems import ALL_GOOD
    path = tmp_path / "lesson.yaml"
    shutil.copy(LESSONS / "employee-directory.yaml", path)
    window.open_path(str(path))
    window.canvas.click_node("policy/DenyPhotoDeletes", False)
    big = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": f"arn:aws:s3:::employee-photos/{i:06}/*"}
        for i in range(2500)]}, indent=2)
    assert len(big) > 200_000
    editor = window.editor
    editor.text.setFocus()
    editor.text.selectAll()
    editor.text.insertPlainText(big)                                   # pasted over the policy
    editor.flush()
    loader_codes = {d.code for d in lint_policy_text(big, PolicyType.IDENTITY, size_limit=6144) if d.is_error}
    shown = editor.problems.texts()
    assert shown != [ALL_GOOD] and any("over the limit of 6144" in line for line in shown)
    assert loader_codes == {d.code for d in window.doc.policy_diagnostics("DenyPhotoDeletes") if d.is_error}
    assert "DenyPhotoDeletes" in window.doc.drafts                        # the file could not hold it


def test_the_form_and_the_pipeline_follow_a_rename_on_the_canvas(window, qtbot, answers):
    window.open_path(str(LESSONS / "employee-directory.yaml"))
    row = next(i for i, s in enumerate(window.doc.scenario.requests) if s.principal == "user/alice")
    window.builder.load_request(row)
    evaluate_to_the_end(window, qtbot)
    verdict = window.pipeline.verdict_text
    assert verdict != "Press Evaluate to send the request through"
    window.canvas.gview.setFocus()
    window.canvas.click_node("user/alice", False)
    qtbot.keyClick(window.canvas.gview, Qt.Key.Key_F2)
    rename = window.findChild(QWidget, "canvasRename")
    rename.selectAll()
    qtbot.keyClicks(rename, "alicia")
    qtbot.keyClick(rename, Qt.Key.Key_Return)
    assert window.doc.scenario.requests[row].principal == "user/alicia"          # the core carried it
    assert window.builder.spec().principal == "user/alicia"                    # the form follows
    assert window.pipeline.verdict_text == verdict                              # the same request, renamed
    assert window.controller.result.principal_arn.endswith(":user/alicia")
    # a form the learner changed is theirs: an edit does not overwrite it
    action_field = window.findChild(QWidget, "actionField")
    action_field.setText("s3:PutObject")
    window.canvas.actions_by_name["add_group"].trigger()
    assert action_field.text() == "s3:PutObject"


def test_an_aws_managed_policy_is_not_held_to_the_limit_of_ones_own(window):
    """ReadOnlyAccess is AWS's own document, about 90,000 characters: the 6,144 limit is for customer managed
    policies (reference_policies_iam-quotas.html), so the editor shows no size error for it."""
    window.open_path(str(LESSONS / "capstone.yaml"))
    key = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    assert len(window.doc.policy_text(key)) > 6144
    assert not [d for d in window.doc.policy_diagnostics(key) if d.code == "policy.too-large"]
    assert [d for d in window.doc.policy_diagnostics("S3Everything") if d.code == "policy.too-large"] == []
