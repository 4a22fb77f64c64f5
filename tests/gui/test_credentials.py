"""Credential controls in the details of the selected node: every change is a core edit on the undo stack,
the engine's verdict follows it, and a refused edit shows the core's reason."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPushButton

from iam_studio.core.decision import Decision
from iam_studio.core.scenario.load import load_scenario
from iam_studio.gui.document import ScenarioDocument
from iam_studio.gui.editor.policy_editor import PolicyEditor

ACTIVE_KEY, OLD_KEY = "AKIAI44QH8DHBEXAMPLE", "AKIAJ2X5NUU7EXAMPLE1"


def _editor(qtbot, name):
    scenario, _ = load_scenario(f"scenarios/{name}")
    doc = ScenarioDocument(scenario)
    editor = PolicyEditor(doc)
    qtbot.addWidget(editor)
    editor.show()
    return doc, editor


def _decision(doc, request):
    spec = next(r for r in doc.scenario.requests if r.name == request)
    return doc.engine.evaluate(spec).decision


def test_key_status_and_delete_are_undoable_core_edits(qtbot):
    doc, editor = _editor(qtbot, "access-keys-authentication.yaml")
    doc.select("user/sam")
    controls = editor.findChild(type(editor.credentials), "credentialControls")
    assert controls.isVisible()
    status = controls.findChild(QComboBox, f"credKeyStatus_{ACTIVE_KEY}")
    assert status.accessibleName() == f"Status of access key {ACTIVE_KEY}"
    assert status.currentText() == "Active"
    assert _decision(doc, "sam signs with his active key") is Decision.ALLOWED

    status.setCurrentText("Inactive")            # what choosing it in the combo does
    assert doc.scenario.users["sam"].access_keys[0].status == "Inactive"
    assert _decision(doc, "sam signs with his active key") is Decision.NOT_AUTHENTICATED
    assert doc.undo_stack.undoText() == f"Make access key {ACTIVE_KEY} Inactive"

    doc.undo_stack.undo()
    assert doc.scenario.users["sam"].access_keys[0].status == "Active"
    assert controls.findChild(QComboBox, f"credKeyStatus_{ACTIVE_KEY}").currentText() == "Active"

    delete = controls.findChild(QPushButton, f"credKeyDelete_{OLD_KEY}")
    assert delete.accessibleName() == f"Delete access key {OLD_KEY}"
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert [k.id for k in doc.scenario.users["sam"].access_keys] == [ACTIVE_KEY]
    assert controls.findChild(QPushButton, f"credKeyDelete_{OLD_KEY}") is None
    doc.undo_stack.undo()
    assert [k.id for k in doc.scenario.users["sam"].access_keys] == [ACTIVE_KEY, OLD_KEY]


def test_console_and_mfa_checkboxes_change_the_user(qtbot):
    doc, editor = _editor(qtbot, "access-keys-authentication.yaml")
    doc.select("user/kim")
    console = editor.findChild(QCheckBox, "credConsole")
    mfa = editor.findChild(QCheckBox, "credMfa")
    assert console.accessibleName() == "Console password" and mfa.accessibleName() == "MFA device"
    was_console, was_mfa = doc.scenario.users["kim"].console, doc.scenario.users["kim"].mfa
    assert console.isChecked() == was_console and mfa.isChecked() == was_mfa

    console.click()
    mfa.click()
    assert doc.scenario.users["kim"].console is (not was_console)
    assert doc.scenario.users["kim"].mfa is (not was_mfa)
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert (doc.scenario.users["kim"].console, doc.scenario.users["kim"].mfa) == (was_console, was_mfa)
    assert console.isChecked() == was_console and mfa.isChecked() == was_mfa


def test_root_mfa_meets_the_lesson_goal(qtbot):
    from iam_studio.core.lessons import evaluate_goals
    doc, editor = _editor(qtbot, "root-user.yaml")
    doc.select("root")
    mfa = editor.findChild(QCheckBox, "credMfa")
    assert editor.findChild(QCheckBox, "credConsole").isHidden()
    assert mfa.accessibleName() == "Root user MFA device"
    step = next(s for s in doc.scenario.lesson.steps
                if any(getattr(g, "check", None) == "root-has-mfa" for g in s.goals))
    goal = next(g for g in step.goals if getattr(g, "check", None) == "root-has-mfa")
    assert not evaluate_goals(doc.scenario, [goal])[0].met
    if mfa.isChecked():                          # the file may open with a device: take it off first
        mfa.click()
    mfa.click()
    assert doc.scenario.root_mfa is True
    assert evaluate_goals(doc.scenario, [goal])[0].met


def test_a_locked_user_refuses_with_the_cores_reason(qtbot):
    doc, editor = _editor(qtbot, "access-keys-authentication.yaml")
    doc.locks = frozenset({"user/sam"})
    doc.select("user/sam")
    mfa = editor.findChild(QCheckBox, "credMfa")
    mfa.click()
    message = editor.findChild(QLabel, "credMessage")
    assert message.isVisible() and "lock" in message.text().lower()
    assert doc.scenario.users["sam"].mfa is False and not mfa.isChecked()
    assert doc.undo_stack.count() == 0
    doc.set_locks(frozenset())                  # the next step locks nothing: the message was the last step's
    assert not message.isVisible()


def test_hidden_for_nodes_without_credentials(qtbot):
    doc, editor = _editor(qtbot, "access-keys-authentication.yaml")
    doc.select("policy/ListBuckets")
    assert not editor.credentials.isVisible()
    doc.select("user/sam")
    assert editor.credentials.isVisible()
