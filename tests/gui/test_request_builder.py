"""The request builder: principals offered, credentials, context keys, saving, live verdict badges."""
import pytest
from editor_pipeline_fixture import make_document
from PySide6.QtCore import Qt

from iam_studio.gui.editor import RequestBuilder
from iam_studio.gui.editor.context_table import parse_values


def _builder(qtbot):
    doc = make_document()
    builder = RequestBuilder(doc)
    qtbot.addWidget(builder)
    builder.show()
    return doc, builder


def test_principal_picker_offers_users_roles_compute_root_anonymous(qtbot):
    doc, builder = _builder(qtbot)
    values = [builder.principal.itemData(i) for i in range(builder.principal.count())]
    assert values == ["user/alice", "role/EmployeeDirectoryApp", "web-1", "root", "anonymous"]


def test_saved_requests_show_live_verdict_badges(qtbot):
    doc, builder = _builder(qtbot)
    badges = builder.badge_texts()
    assert badges[0].startswith("✓ ALLOW") and "(as expected)" in badges[0]
    assert badges[1].startswith("✗ DENY (explicit)")
    assert badges[3].startswith("✗ NOT AUTHENTICATED")
    # editing a policy re-evaluates at once: remove the Deny, alice's delete becomes an implicit deny
    doc.set_policy_document("DenyDelete", '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", '
                                          '"Action": "s3:PutBucketPolicy", "Resource": "*"}]}')
    qtbot.waitUntil(lambda: builder.badge_texts()[1].startswith("✗ DENY (implicit)"), timeout=2000)
    assert "expected explicit deny" in builder.badge_texts()[1]
    doc.undo_stack.undo()
    qtbot.waitUntil(lambda: builder.badge_texts()[1].startswith("✗ DENY (explicit)"), timeout=2000)


@pytest.mark.qt_log_ignore("This plugin does not support")   # the action completion popup, offscreen
def test_build_and_save_a_new_request_then_undo(qtbot):
    doc, builder = _builder(qtbot)
    builder.principal.setCurrentIndex(builder.principal.findData("user/alice"))
    builder.action.clear()
    qtbot.keyClicks(builder.action, "s3:PutObject")
    builder.resource.setText("arn:aws:s3:::employee-photos/bob.jpg")
    builder.name.setText("alice uploads a photo")
    builder.credential.setCurrentIndex(builder.credential.findData("access_key"))
    assert builder.key_id.currentText() == "AKIAIOSFODNN7EXAMPLE"
    builder.context.add_own_row()
    builder.context.item(0, 0).setText("aws:SourceIp")
    builder.context.item(0, 1).setText('["203.0.113.7", "198.51.100.1"]')
    count = len(doc.scenario.requests)
    qtbot.mouseClick(builder.save_new_button, Qt.MouseButton.LeftButton)
    saved = doc.scenario.requests[-1]
    assert len(doc.scenario.requests) == count + 1
    assert (saved.name, saved.principal, saved.action) == ("alice uploads a photo", "user/alice", "s3:PutObject")
    assert saved.credential.type == "access_key" and saved.credential.key_id == "AKIAIOSFODNN7EXAMPLE"
    assert saved.context == {"aws:SourceIp": ["203.0.113.7", "198.51.100.1"]}
    qtbot.waitUntil(lambda: len(builder.badge_texts()) == count + 1, timeout=2000)
    assert builder.badge_texts()[-1].startswith("✓ ALLOW")
    doc.undo_stack.undo()
    assert len(doc.scenario.requests) == count


def test_save_replaces_the_loaded_request_and_keeps_names_unique(qtbot):
    doc, builder = _builder(qtbot)
    builder.load_request(0)
    builder.action.setText("s3:PutObject")
    builder.save_button.click()
    assert doc.scenario.requests[0].action == "s3:PutObject"
    builder.save_new_button.click()
    assert doc.scenario.requests[-1].name == "alice reads a photo (2)"


def test_derived_context_is_grey_until_overridden(qtbot):
    doc, builder = _builder(qtbot)
    builder.load_request(0)
    builder.show_context({"aws:username": ["alice"], "aws:SecureTransport": ["true"]})
    assert builder.context.own() == {}
    row = next(r for r in range(builder.context.rowCount()) if builder.context.item(r, 0).text() == "aws:username")
    builder.context.item(row, 1).setText("bob")
    assert builder.context.own() == {"aws:username": ["bob"]}
    assert parse_values("true") == ["true"] and parse_values('["a", true]') == ["a", "true"]


def test_missing_parts_get_a_message_not_a_crash(qtbot):
    doc, builder = _builder(qtbot)
    builder.resource.clear()
    builder.action.clear()
    seen = []
    builder.evaluateRequested.connect(seen.append)
    builder.evaluate()
    assert seen == []
    assert "action" in builder.message.text() and "resource" in builder.message.text()


def test_session_name_and_hidden_fields_survive_an_edit(qtbot):
    """A role principal shows the session-name field; saving an edited request keeps what the form does
    not show (its session policies), so an edit never loses part of a request."""
    from iam_studio.core.scenario.load import load_scenario_text
    from iam_studio.gui.document import ScenarioDocument
    from iam_studio.gui.editor import RequestBuilder

    scenario, diagnostics = load_scenario_text(SESSION_SCENARIO, "s.yaml")
    assert scenario is not None, diagnostics
    doc = ScenarioDocument()
    doc.replace(scenario, None)
    builder = RequestBuilder(doc)
    qtbot.addWidget(builder)
    builder.show()
    builder.load_request(0)
    assert builder.session_name.isVisible()
    assert builder.session_name.text() == "web"
    assert builder.session_policy.isVisible() and builder.session_policy.currentText() == "ReadOnly"
    builder.session_name.setText("batch")
    builder.save()
    saved = doc.scenario.requests[0]
    assert saved.session_name == "batch"
    assert saved.session_policies == ["ReadOnly"]
    builder.session_policy.setCurrentIndex(builder.session_policy.findText("(none)"))
    assert builder.spec().session_policies == []


SESSION_SCENARIO = """\
iam_studio: 1
account: "123456789012"
policies:
  ReadOnly:
    document:
      Version: "2012-10-17"
      Statement:
        - {Effect: Allow, Action: "s3:GetObject", Resource: "*"}
roles:
  App:
    trust:
      Version: "2012-10-17"
      Statement:
        - {Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}
    policies: [ReadOnly]
requests:
  - name: app reads
    principal: role/App
    session_name: web
    session_policy: ReadOnly
    action: s3:GetObject
    resource: arn:aws:s3:::b/k
    expect: allowed
"""


def test_an_edit_keeps_the_deciding_statements_of_the_same_expected_outcome(qtbot):
    from iam_studio.core.engine.engine import Engine
    from iam_studio.core.engine.expectation import decided_by
    from iam_studio.core.scenario.model import ExpectedBy
    doc, builder = _builder(qtbot)
    spec = doc.scenario.requests[0]
    by = decided_by(Engine(doc.scenario).evaluate(spec))
    assert by
    spec.expect_by = [ExpectedBy(text, text.rpartition("#")[0], None) for text in by]
    builder.load_request(0)
    builder.name.setText("alice reads her photo")
    builder.save_button.click()
    assert [e.text for e in doc.scenario.requests[0].expect_by] == by
    builder.load_request(0)
    builder.expect.setCurrentIndex(builder.expect.findData("implicit_deny"))
    builder.save_button.click()
    assert doc.scenario.requests[0].expect == "implicit_deny" and doc.scenario.requests[0].expect_by is None


def test_a_key_the_learner_set_keeps_the_theme_s_text_colour(qtbot):
    """It kept the colour of the theme it was made in: near-black on the dark theme's background."""
    from PySide6.QtCore import Qt
    doc, builder = _builder(qtbot)
    builder.context.add_own_row()
    builder.context.item(0, 0).setText("aws:RequestedRegion")
    builder.context.item(0, 1).setText("eu-west-1")
    assert all(builder.context.item(0, col).data(Qt.ItemDataRole.ForegroundRole) is None for col in (0, 1))
    builder.show_context({"aws:username": ["alice"]})
    row = next(r for r in range(builder.context.rowCount()) if builder.context.item(r, 0).text() == "aws:username")
    assert builder.context.item(row, 0).data(Qt.ItemDataRole.ForegroundRole) is not None     # AWS's: grey
    builder.context.item(row, 1).setText("bob")                                              # now the learner's
    assert builder.context.item(row, 1).data(Qt.ItemDataRole.ForegroundRole) is None
