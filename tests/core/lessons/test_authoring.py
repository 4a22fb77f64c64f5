"""Authoring a lesson with core edits: steps, request goals, locks, a recorded solution; undoable, saved
by the normal save path, and `lesson check` agrees with what was authored."""
import pytest

from iam_studio.core.decision import Decision
from iam_studio.core.engine.engine import Engine
from iam_studio.core.lessons import check_lesson, evaluate_goals
from iam_studio.core.lessons.authoring import add_request_goal, add_step, record_solution, set_lock
from iam_studio.core.scenario import edits
from iam_studio.core.scenario.load import load_scenario
from iam_studio.core.scenario.model import RequestSpec, Scenario
from iam_studio.core.scenario.save import save_scenario

SCENARIO = """\
iam_studio: 1
title: Reading reports
account: "111122223333"
policies:
  ReadReports:
    document:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: s3:GetObject
          Resource: arn:aws:s3:::reports/*
users:
  ann: {}
requests:
  - name: ann reads a report
    principal: user/ann
    action: s3:GetObject
    resource: arn:aws:s3:::reports/q1.csv
    expect: implicit_deny
"""


@pytest.fixture
def scenario(tmp_path):
    path = tmp_path / "reports.yaml"
    path.write_text(SCENARIO)
    sc, diags = load_scenario(str(path))
    assert sc is not None and not [d for d in diags if d.is_error]
    return sc


def _copy(sc):
    return Scenario(**edits.snapshot(sc))


def test_author_a_change_step_end_to_end(scenario, tmp_path):
    edits.record(scenario, add_step, "Read the room", "Look at ann's policies.", "Ann has **no** policy.")
    change = edits.record(scenario, add_step, "Let ann read", "Attach ReadReports to ann.")
    assert change.result == 1
    assert [s.title for s in scenario.lesson.steps] == ["Read the room", "Let ann read"]
    assert scenario.lesson.id == "reports" and scenario.lesson.steps[1].is_reading

    # the current request and its outcome (here: what the instructor wants it to reach) become a goal
    edits.record(scenario, add_request_goal, 1, "ann reads a report", Decision.ALLOWED)
    edits.record(scenario, set_lock, 1, "policy/ReadReports")
    assert scenario.lesson.locks_at(1) == {"policy/ReadReports"}

    # the instructor makes the change, then records it as the step's solution
    start = _copy(scenario)
    edits.connect(scenario, "policy/ReadReports", "user/ann")
    assert Engine(scenario).evaluate(scenario.requests[0]).decision is Decision.ALLOWED
    edits.record(scenario, record_solution, 1, start)
    assert scenario.users["ann"].policies == []                  # the account is the lesson's start again
    assert not scenario.lesson.steps[1].is_reading
    assert not evaluate_goals(scenario, scenario.lesson.steps[1].goals)[0].met

    reports = check_lesson(scenario)
    assert [r.ok for r in reports] == [True, True]
    assert reports[1].unmet_at_start and reports[1].met_after_solution

    # the normal save path writes it, and the file loads back with the same lesson
    out = tmp_path / "saved.yaml"
    assert not [d for d in save_scenario(scenario, str(out)) if d.is_error]
    again, diags = load_scenario(str(out))
    assert not [d for d in diags if d.is_error]
    assert again.lesson.to_plain() == scenario.lesson.to_plain()
    assert [r.ok for r in check_lesson(again)] == [True, True]


def test_each_authoring_edit_undoes(scenario):
    change = edits.record(scenario, add_step, "One", "A hint.")
    assert scenario.lesson is not None
    change.undo()
    assert scenario.lesson is None
    change.redo()
    locked = edits.record(scenario, set_lock, 0, "user/ann")
    assert scenario.lesson.locks_at(0) == {"user/ann"}
    locked.undo()
    assert scenario.lesson.locks_at(0) == frozenset()


def test_refusals_say_why(scenario):
    with pytest.raises(edits.Refused, match="hint"):
        edits.record(scenario, add_step, "No hint", "  ")
    with pytest.raises(edits.Refused, match="no step 1"):
        edits.record(scenario, add_request_goal, 0, "ann reads a report", "allowed")
    edits.record(scenario, add_step, "One", "A hint.")
    with pytest.raises(edits.Refused, match="not a saved request"):
        edits.record(scenario, add_request_goal, 0, "someone else's request", "allowed")
    with pytest.raises(ValueError):
        edits.record(scenario, add_request_goal, 0, "ann reads a report", "maybe")
    with pytest.raises(edits.Refused, match="cannot be locked"):
        edits.record(scenario, set_lock, 0, "statement/1")
    with pytest.raises(edits.Refused):                           # the loader: a lock on nothing that exists
        edits.record(scenario, set_lock, 0, "user/nobody")
    with pytest.raises(edits.Refused, match="nothing changed"):
        edits.record(scenario, record_solution, 0, _copy(scenario))
    assert scenario.lesson.locks_at(0) == frozenset() and len(scenario.lesson.steps) == 1


def test_a_goal_replaces_an_earlier_outcome_for_the_same_request(scenario):
    edits.record(scenario, add_step, "One", "A hint.")
    scenario.requests.append(RequestSpec("ann lists", "user/ann", "s3:ListBucket", "arn:aws:s3:::reports"))
    edits.record(scenario, add_request_goal, 0, "ann reads a report", "allowed")
    edits.record(scenario, add_request_goal, 0, "ann reads a report", "implicit_deny")
    goals = scenario.lesson.steps[0].goals
    assert [(g.request, g.outcome) for g in goals] == [("ann reads a report", "implicit_deny")]
