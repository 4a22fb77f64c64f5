"""Evaluate a request and step through the pipeline with the keyboard, as a learner would."""
from editor_pipeline_fixture import make_document
from PySide6.QtCore import Qt

from iam_studio.core.engine.result import Stage
from iam_studio.gui.action_bar import ActionBar
from iam_studio.gui.editor import PolicyEditor, RequestBuilder
from iam_studio.gui.pipeline import PipelineController, PipelineView, TraceView, gates


def _wire(qtbot):
    doc = make_document()
    builder, pipeline, trace, editor = RequestBuilder(doc), PipelineView(doc), TraceView(doc), PolicyEditor(doc)
    for w in (builder, pipeline, trace, editor):
        qtbot.addWidget(w)
    controller = PipelineController(doc, builder, pipeline, trace, editor)
    paths = []
    controller.highlightPath.connect(paths.append)
    pipeline.resize(1100, 450)
    pipeline.show()
    return doc, builder, pipeline, trace, editor, controller, paths


def _step_to_end(qtbot, pipeline):
    pipeline.player.pause()
    for _ in range(pipeline.player.count - pipeline.player.index - 1):
        qtbot.keyClick(pipeline, Qt.Key.Key_Space)


def test_explicit_deny_step_by_step(qtbot):
    doc, builder, pipeline, trace, editor, controller, paths = _wire(qtbot)
    builder.load_request(1)                          # alice deletes a photo
    builder.evaluate()
    pipeline.player.pause()
    pipeline.player.seek(-1)
    assert pipeline.verdict_text != "DENY — explicit deny"       # the verdict waits for the end
    assert pipeline.verdict_text == "Press Play or Next to follow the request through"   # not "Press Evaluate"
    qtbot.keyClick(pipeline, Qt.Key.Key_Space)
    assert pipeline.player.index == 0
    assert pipeline.scene.boxes[gates.AUTHN].state == "pass"
    _step_to_end(qtbot, pipeline)
    assert pipeline.verdict_text == "DENY — explicit deny"
    assert pipeline.scene.boxes[gates.EXPLICIT].state == "fail"
    # the deciding statement is open and shaded in the editor, the path goes user -> group -> policy -> resource
    assert editor.policy_key == "DenyDelete"
    assert paths[-1] == ["user/alice", "group/Developers", "policy/DenyDelete", "resource/employee-photos"]
    assert "the answer is DENY" in trace.current_text()            # Beginner depth: the verdict's sentence
    # step back: the verdict goes away again
    qtbot.keyClick(pipeline, Qt.Key.Key_Left)
    assert pipeline.verdict_text != "DENY — explicit deny"


def test_allowed_and_implicit_deny_verdicts(qtbot):
    doc, builder, pipeline, trace, editor, controller, paths = _wire(qtbot)
    builder.load_request(0)
    builder.evaluate()
    _step_to_end(qtbot, pipeline)
    assert pipeline.verdict_text == "ALLOW"
    assert pipeline.scene.boxes[gates.ALLOW_GATE].state == "pass"
    assert pipeline.scene.boxes[gates.GATHER].state == "pass"        # passed, though its step only tells
    builder.load_request(2)
    builder.evaluate()
    _step_to_end(qtbot, pipeline)
    assert pipeline.verdict_text == "DENY — implicit deny"
    assert paths[-1][:2] == ["resource/web-1", "role/EmployeeDirectoryApp"]


def test_not_authenticated_shows_signing_details_on_demand(qtbot):
    doc, builder, pipeline, trace, editor, controller, paths = _wire(qtbot)
    builder.load_request(3)
    builder.evaluate()
    _step_to_end(qtbot, pipeline)
    assert pipeline.verdict_text == "DENY — not authenticated"
    signing = next(i for i, s in enumerate(controller.result.trace) if "string_to_sign" in s.details)
    trace.depth_combo.setCurrentIndex(trace.depth_combo.findData("detailed"))     # every step has its row
    trace.tree.setCurrentItem(trace._items[signing])
    assert pipeline.player.index == signing                # picking a trace step moves the pipeline
    assert trace.details_button.isVisibleTo(trace) and not trace.details.isVisibleTo(trace)
    trace.details_button.click()
    assert "String to sign" in trace.details.toPlainText()
    assert "AWS4-HMAC-SHA256" in trace.details.toPlainText()


def test_play_pause_and_speed(qtbot):
    doc, builder, pipeline, trace, editor, controller, paths = _wire(qtbot)
    bar = ActionBar(builder, pipeline)
    qtbot.addWidget(bar)
    builder.load_request(0)
    qtbot.mouseClick(bar.evaluate_button, Qt.MouseButton.LeftButton)
    assert pipeline.player.playing
    assert bar.verdict.text() == "Evaluating…"            # on its way: not "Press Play or Next" beside Pause
    if pipeline.player.index < 0:                         # paused before the first step: it asks again
        pipeline.player.pause()
        assert bar.verdict.text() == "Press Play or Next to follow the request through"
        pipeline.player.play()
    bar.speed.setCurrentIndex(bar.speed.count() - 1)     # fastest
    qtbot.waitUntil(lambda: pipeline.verdict_text == "ALLOW", timeout=5000)
    assert bar.verdict.text() == "ALLOW"
    assert not pipeline.player.playing
    qtbot.keyClick(pipeline, Qt.Key.Key_P)
    assert pipeline.player.playing and pipeline.player.index <= 0
    qtbot.keyClick(pipeline, Qt.Key.Key_P)
    assert not pipeline.player.playing


def test_broken_request_is_explained_not_raised(qtbot):
    doc, builder, pipeline, trace, editor, controller, paths = _wire(qtbot)
    builder.action.setText("")
    builder.evaluate()
    assert "action" in builder.message.text()
    builder.action.setText("s3:GetObject")
    builder.resource.setText("arn:aws:s3:::employee-photos/x")
    builder.principal.setEditText("user/nobody-like-this")
    builder.evaluate()                              # an unknown caller is a field error, said at the field
    assert "no user `nobody-like-this`" in builder.field_problem("principal")
    assert controller.result is None and pipeline.verdict_text == "Press Evaluate to send the request through"


def test_detail_row_follows_the_stages():
    basic = [gt.id for gt in gates.detail_row([])]
    assert basic == [gates.GATHER, gates.EXPLICIT, gates.ALLOW_GATE]
    full = [gt.id for gt in gates.detail_row([Stage.EXPLICIT_DENY, Stage.RCP, Stage.SCP, Stage.RESOURCE,
                                              Stage.IDENTITY, Stage.BOUNDARY, Stage.SESSION])]
    assert full == [gates.GATHER, gates.EXPLICIT, "rcp", "scp", gates.ALLOW_GATE, "boundary", "session"]


def _lesson_wire(qtbot, name: str):
    from pathlib import Path

    from iam_studio.core.scenario.load import load_scenario
    from iam_studio.gui.document import ScenarioDocument
    path = Path(__file__).parents[2] / "scenarios" / name
    scenario, _ = load_scenario(str(path))
    doc = ScenarioDocument(scenario, str(path))
    builder, pipeline, trace, editor = RequestBuilder(doc), PipelineView(doc), TraceView(doc), PolicyEditor(doc)
    for w in (builder, pipeline, trace, editor):
        qtbot.addWidget(w)
    controller = PipelineController(doc, builder, pipeline, trace, editor)
    pipeline.resize(1100, 450)
    pipeline.show()
    return doc, builder, pipeline, controller


def _run(qtbot, doc, builder, pipeline, name: str):
    builder.load_request(next(i for i, r in enumerate(doc.scenario.requests) if r.name == name))
    builder.evaluate()
    _step_to_end(qtbot, pipeline)
    return pipeline.scene.boxes


def _leaves_at(qtbot, pipeline, gate: str) -> None:
    """The token comes to rest on the DENY box right under `gate` (the scene may be laid out again meanwhile)."""
    scene = pipeline.scene
    qtbot.waitUntil(lambda: abs(scene.token.pos().x() - scene.boxes[gate].pos().x()) < 1, timeout=4000)


def test_the_allow_gate_shows_how_aws_combined_identity_and_resource_policies(qtbot):
    """Within one account either policy may allow; across accounts both must
    (reference_policies_evaluation-logic-cross-account.html). The Allow? gate ends as the engine combined them,
    whichever policy was read last, and a denied request leaves at the first gate that said no."""
    doc, builder, pipeline, _ = _lesson_wire(qtbot, "resource-policies.yaml")
    boxes = _run(qtbot, doc, builder, pipeline, "the print shop reads a photo")   # its own side allows, ours not
    assert pipeline.verdict_text == "DENY — implicit deny"
    assert boxes[gates.ALLOW_GATE].state == "fail"
    _leaves_at(qtbot, pipeline, gates.ALLOW_GATE)
    boxes = _run(qtbot, doc, builder, pipeline, "the reporter reads a photo through the bucket policy")
    assert pipeline.verdict_text == "ALLOW"
    assert boxes[gates.ALLOW_GATE].state == "pass"
    assert boxes[gates.ALLOW_GATE].gate.subtitle == "identity and resource-based policies"
    doc, builder, pipeline, _ = _lesson_wire(qtbot, "boundaries-and-scps.yaml")
    boxes = _run(qtbot, doc, builder, pipeline, "the contractor starts an EC2 instance")    # the boundary caps it
    assert boxes[gates.ALLOW_GATE].state == "pass" and boxes["boundary"].state == "fail"
    _leaves_at(qtbot, pipeline, "boundary")


def test_at_the_verdict_the_canvas_lights_every_deciding_policy_and_the_boundary_it_kept_within(qtbot):
    """An allow within a boundary: the identity policy and the boundary both count (access_policies_boundaries.html);
    a request the boundary capped lights the boundary too."""
    doc, builder, pipeline, controller = _lesson_wire(qtbot, "boundaries-and-scps.yaml")
    paths = []
    controller.highlightPath.connect(paths.append)
    _run(qtbot, doc, builder, pipeline, "the contractor uses S3 (identity policy and boundary both allow)")
    assert {"user/contractor", "policy/AdminAccess", "policy/S3AndLogsOnly"} <= set(paths[-1])
    _run(qtbot, doc, builder, pipeline, "the contractor starts an EC2 instance")       # capped by the boundary
    assert "policy/S3AndLogsOnly" in paths[-1]


def test_at_the_verdict_the_policies_that_allowed_are_lit_even_when_the_request_is_denied(qtbot):
    """The print shop's own policy allowed its side of the cross-account request; the SCP FullAWSAccess allowed
    at its levels: both matter to why the request ended as it did."""
    doc, builder, pipeline, controller = _lesson_wire(qtbot, "resource-policies.yaml")
    paths = []
    controller.highlightPath.connect(paths.append)
    _run(qtbot, doc, builder, pipeline, "the print shop reads a photo")
    assert "policy/user/printer#inline/PartnerReadsPhotos" in paths[-1]
    doc, builder, pipeline, controller = _lesson_wire(qtbot, "boundaries-and-scps.yaml")
    controller.highlightPath.connect(paths.append)
    _run(qtbot, doc, builder, pipeline, "the contractor uses S3 (identity policy and boundary both allow)")
    assert "policy/FullAWSAccess" in paths[-1]
