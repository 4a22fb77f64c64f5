"""Explanations that teach, in two depths the learner switches: Beginner shows the core's plain sentences,
Detailed every step, element and value; the replay moves along the sentences."""
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QTreeWidgetItemIterator, QWidget

from iam_studio.core.engine.engine import Engine
from iam_studio.core.engine.plain import plain_sentences
from iam_studio.core.scenario.load import load_scenario
from iam_studio.gui.document import ScenarioDocument
from iam_studio.gui.pipeline import TraceView
from iam_studio.gui.pipeline.trace_view import readable

LESSONS = Path(__file__).parents[2] / "scenarios"
LESSON = LESSONS / "employee-directory.yaml"


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""


def _texts(view) -> list[str]:
    out, it = [], QTreeWidgetItemIterator(view.tree)
    while it.value():
        out.append(it.value().text(0).replace("\u200b", ""))
        it += 1
    return out


def _view(qtbot, name_start: str, size: tuple[int, int] | None = None):
    """A shown trace view (of `size`, when given, before the result arrives) showing one request's result."""
    scenario, _ = load_scenario(str(LESSON))
    view = TraceView(ScenarioDocument(scenario, str(LESSON)))
    qtbot.addWidget(view)
    if size is not None:
        view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    spec = next(r for r in scenario.requests if r.name.startswith(name_start))
    result = Engine(scenario).evaluate(spec, explain=True)
    view.show_result(result)
    return view, result, scenario


def _switch(qtbot, combo: QComboBox, data: str) -> None:
    """As a learner does: focus the combo and step to the wanted depth with the arrow keys."""
    combo.setFocus()
    while combo.currentData() != data:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.findData(data) > combo.currentIndex() else Qt.Key.Key_Up)


def test_beginner_shows_the_core_sentences_and_detailed_every_element(qtbot):
    view, result, scenario = _view(qtbot, "alice cannot delete a photo")
    combo = view.findChild(QComboBox, "explanationDepth")
    assert combo is view.depth_combo and combo.currentData() == "beginner"
    beginner = _texts(view)
    assert [t.split("  ", 1)[1] for t in beginner] == [s.text for s in plain_sentences(result, scenario)]
    assert "•  Without that Deny, the policy S3PhotosReadWrite (on the group Developers, which alice is in) would " \
           "allow the request, but a Deny always beats an Allow." in beginner
    assert beginner[-1].startswith("✗  So the answer is DENY.")
    _switch(qtbot, combo, "detailed")
    detailed = _texts(view)
    assert len(detailed) > len(beginner) and not set(detailed) & set(beginner)
    assert any(t.startswith("✓  Action:") for t in detailed)                      # every element and value
    assert any("request context has" in t for t in detailed)
    _switch(qtbot, combo, "beginner")
    assert _texts(view) == beginner
    for text in beginner + detailed:
        assert "`" not in text and "explicit_deny" not in text and "**" not in text


def test_unmatched_elements_list_the_patterns_and_values_wrap_whole(qtbot):
    view, _, _ = _view(qtbot, "alice cannot read another bucket")
    assert "–  The policy S3PhotosReadWrite (on the group Developers, which alice is in) allows s3:GetObject only " \
           "on arn:aws:s3:::employee-photos/*, not on arn:aws:s3:::payroll/salaries.csv." in _texts(view)
    _switch(qtbot, view.depth_combo, "detailed")
    unmatched = [t for t in _texts(view) if t.startswith("✗  Action:") or t.startswith("✗  Resource:")]
    assert unmatched and all("matches none of" in t for t in unmatched)
    assert view.tree.textElideMode() == Qt.TextElideMode.ElideNone


def test_the_sentences_follow_the_replay_and_a_click_goes_to_their_step(qtbot):
    view, result, _ = _view(qtbot, "alice cannot delete a photo")
    deciding = next(s.id for s in result.trace if s.statement == result.deciding[0])
    view.select_step(deciding)
    assert view.current_text().replace("\u200b", "").startswith("✗  The policy DenyPhotoDeletes")
    view.select_step(len(result.trace) - 1)
    assert "So the answer is DENY" in view.current_text()
    assert not view.details_button.isVisibleTo(view)            # the verdict has no details to show
    view.select_step(0)
    assert "already signed in as alice" in view.current_text()
    picked = []
    view.stepActivated.connect(picked.append)
    item = view.tree.topLevelItem(2)                                    # the deny sentence
    qtbot.mouseClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=view.tree.visualItemRect(item).center())
    assert picked == [deciding]


def _evaluate_in_window(window, qtbot, lesson: str, name_start: str) -> list[str]:
    assert window.open_path(str(LESSONS / lesson))
    index = next(i for i, r in enumerate(window.doc.scenario.requests) if r.name.startswith(name_start))
    window.builder.load_request(index)
    qtbot.mouseClick(window.findChild(QPushButton, "evaluateButton"), Qt.MouseButton.LeftButton)
    pipeline = window.findChild(QWidget, "pipelineView")
    pipeline.player.pause()
    for _ in range(len(window.controller.result.trace) + 1):
        qtbot.keyClick(pipeline, Qt.Key.Key_Space)                     # step the replay to its verdict
    return _texts(window.trace)


def test_in_the_window_a_boundary_and_an_authentication_failure_read_plainly(window, qtbot):
    window.resize(1400, 900)
    told = _evaluate_in_window(window, qtbot, "boundaries-and-scps.yaml", "the contractor starts an EC2 instance")
    assert "✗  The permissions boundary of contractor, the policy S3AndLogsOnly, does not allow ec2:RunInstances. " \
           "A boundary is the most contractor's own policies can ever allow." in told
    assert "the answer is DENY" in window.trace.current_text()          # the replay ended on the verdict
    told = _evaluate_in_window(window, qtbot, "access-keys-authentication.yaml", "an inactive key")
    assert told[1] == ("✗  It is signed with sam's access key AKIAJ2X5NUU7EXAMPLE1, but that key is switched off "
                       "(its status is Inactive). AWS accepts only active keys.")
    assert told[2].endswith("the answer is DENY (not authenticated).")
    _switch(qtbot, window.trace.depth_combo, "detailed")
    detailed = _texts(window.trace)
    assert any("Inactive" in t for t in detailed) and not set(detailed) & set(told)


@pytest.mark.parametrize("height", [600, 160])                       # without and with a vertical scroll bar
def test_a_long_sentence_wraps_whole_in_a_narrow_panel(qtbot, height):
    view, _, _ = _view(qtbot, "carol cannot change bob's password", (380, height))
    qtbot.waitUntil(lambda: view.tree.verticalScrollBar().isVisible() is (height < 300))
    line = view.tree.fontMetrics().lineSpacing()
    for i in range(view.tree.topLevelItemCount()):
        item = view.tree.topLevelItem(i)
        rect = view.tree.visualItemRect(item)
        needed = view.tree.fontMetrics().boundingRect(
            0, 0, rect.width(), 1 << 20, int(Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere),
            item.text(0)).height()
        assert rect.height() >= needed, item.text(0)                    # every line of it is shown
    variable = next(view.tree.topLevelItem(i) for i in range(view.tree.topLevelItemCount())
                    if "${aws:username}" in view.tree.topLevelItem(i).text(0).replace("\u200b", ""))
    assert view.tree.visualItemRect(variable).height() >= 4 * line    # the substituted pattern, whole


def test_the_sentences_take_the_dark_theme_s_colours(qtbot):
    from PySide6.QtWidgets import QApplication

    from iam_studio.gui.themes import apply_theme
    view, _, _ = _view(qtbot, "alice cannot delete a photo")
    light = [view.tree.topLevelItem(i).foreground(0).color().lightnessF() for i in range(5)]
    apply_theme(QApplication.instance(), "dark", 1.0)
    background = view.tree.palette().base().color().lightnessF()
    dark = [view.tree.topLevelItem(i).foreground(0).color().lightnessF() for i in range(5)]
    assert background < 0.3 and all(d > lit and d - background > 0.35 for d, lit in zip(dark, light, strict=True))


def test_the_pipeline_says_the_sentence_of_the_depth_chosen(window, qtbot):
    window.resize(1400, 900)
    _evaluate_in_window(window, qtbot, "boundaries-and-scps.yaml", "the contractor starts an EC2 instance")
    under = window.findChild(QLabel, "verdictReason")
    result = window.controller.result
    assert under.text() == readable(result.reason)            # the verdict: the engine's one line, the bar says it
    boundary = next(s.id for s in result.trace if s.stage.value == "boundary" and s.statement is None)
    window.pipeline.player.seek(boundary)
    assert under.text().replace("\u200b", "").startswith("The permissions boundary of contractor, the policy "
                                                         "S3AndLogsOnly, does not allow ec2:RunInstances.")
    _switch(qtbot, window.trace.depth_combo, "detailed")                   # the engine's own words again
    assert under.text() == readable(result.trace[boundary].message)
    window.pipeline.player.seek(len(result.trace) - 1)
    assert under.text() == readable(result.reason)


def test_a_step_no_sentence_tells_about_is_captioned_in_the_engine_s_words(window, qtbot):
    """Beginner depth: after the sentence about authentication, the steps up to the next sentence (the
    context, the policies that apply, the explicit-deny gate) said "... signed in as ..." over the gates."""
    window.resize(1400, 900)
    _evaluate_in_window(window, qtbot, "how-aws-decides.yaml", "erin reads a photo")
    under = window.findChild(QLabel, "verdictReason")
    trace = window.controller.result.trace
    captions = window.trace.captions()
    told = [i for i, text in enumerate(captions) if text]
    untold = [i for i in range(len(trace) - 1) if i not in told]
    assert told and untold                                   # sentences for some steps, not for others
    for index in untold:
        window.pipeline.player.seek(index)
        assert under.text() == readable(trace[index].message), trace[index].message
    gather = next(s.id for s in trace if s.stage.value == "gather")
    window.pipeline.player.seek(gather)
    assert "signed in" not in under.text()


def test_a_steps_details_read_as_words_not_python_values():
    """"Show details" on the verdict of the root user's request said "Policies allow: True" (a value the
    pipeline draws with, and no policy allowed anything): booleans read yes or no, drawing values are left out."""
    from iam_studio.gui.pipeline.trace_view import format_details

    text = format_details({"decision": "allowed", "policies_allow": True, "allowed_without_deny": False,
                           "capped_by": ["Boundary"]})
    assert "True" not in text and "False" not in text and "Policies allow" not in text
    assert "Allowed without deny: no" in text and "Capped by:\n  Boundary" in text
