"""The lesson panel shows the story and ticks goals as the engine's decisions meet them."""
from editor_pipeline_fixture import make_document

from iam_studio.gui.lessons import LessonPanel
from iam_studio.gui.lessons.panel import goal_text


def test_title_description_and_goals(qtbot):
    doc = make_document()
    panel = LessonPanel(doc)
    qtbot.addWidget(panel)
    assert "Employee directory" in panel.text.toPlainText()
    assert "employee directory app runs on EC2" in panel.text.toPlainText()
    assert panel.met() == [True, True, True, True]
    assert panel.status.text() == "Goals met: 4 of 4"


def test_goal_unticks_when_an_edit_breaks_it_and_ticks_after_undo(qtbot):
    doc = make_document()
    panel = LessonPanel(doc)
    qtbot.addWidget(panel)
    doc.set_policy_document("S3PhotosReadWrite", '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
                                                 '"Action": "s3:PutObject", "Resource": "*"}]}')
    qtbot.waitUntil(lambda: panel.met()[0] is False, timeout=2000)
    assert panel.goals.item(0).text() == "☐  alice reads a photo: should be allowed (now denied implicitly)"
    assert panel.status.text() == "Goals met: 3 of 4"
    doc.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.met()[0] is True, timeout=2000)


def test_goal_text_wording():
    assert goal_text("r", "allowed", "allowed") == ("☑  r: should be allowed", True)
    assert goal_text("r", None, "implicit_deny") == ("•  r: now denied implicitly", False)
    assert goal_text("r", "allowed", None, "boom")[0] == "☐  r: should be allowed (now cannot be evaluated)"
