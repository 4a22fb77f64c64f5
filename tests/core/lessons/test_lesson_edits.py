"""Scenario edits carry a lesson's references along (renames) or refuse (deletes the lesson needs)."""
from __future__ import annotations

import copy
import dataclasses

import pytest
from lesson_text import LESSON

from iam_studio.core.lessons import check_lesson, lesson_references
from iam_studio.core.scenario import edits
from iam_studio.core.scenario.load import load_scenario_text
from iam_studio.core.scenario.save import dump_scenario_text


@pytest.fixture
def scenario():
    loaded, _ = load_scenario_text(LESSON, "lesson.yaml")
    return loaded


def reload(scenario):
    again, diagnostics = load_scenario_text(dump_scenario_text(scenario), "lesson.yaml")
    assert again is not None, [d.format() for d in diagnostics if d.is_error]
    return again


def test_the_lesson_is_a_reference_holder(scenario):
    assert scenario.lesson in edits.holders(scenario)


def test_renaming_a_group_carries_the_lesson_along_and_undo_puts_it_back(scenario):
    change = edits.record(scenario, edits.rename, "group/Admins", "Administrators")
    assert lesson_references(scenario.lesson, "group", "Admins") == []
    assert scenario.lesson.steps[1].goals[1].arg("group") == "Administrators"
    assert [r.ok for r in check_lesson(reload(scenario))] == [True, True, True]
    change.undo()
    assert scenario.lesson.steps[1].goals[1].arg("group") == "Admins"
    assert dump_scenario_text(scenario) == LESSON


def test_renaming_a_policy_carries_the_lock_and_the_solution(scenario):
    edits.rename(scenario, "policy/Admin", "FullAdmin")
    assert scenario.lesson.locks_at(1) == {"policy/FullAdmin"}
    assert reload(scenario).lesson.steps[1].solution.get("groups").get("Admins").to_plain() == {
        "policies": ["FullAdmin"]}


def test_renaming_a_request_carries_the_goals_and_predictions(scenario):
    spec = dataclasses.replace(copy.deepcopy(scenario.requests[0]), name="alice lists the users")
    edits.replace_request(scenario, 0, spec)
    assert scenario.lesson.steps[1].predict == ["alice lists the users"]
    assert [r.ok for r in check_lesson(reload(scenario))] == [True, True, True]


def test_deleting_what_a_goal_names_is_refused(scenario):
    with pytest.raises(edits.Refused, match="step 2 of the lesson names `Admins` in a goal"):
        edits.delete_node(scenario, "group/Admins")
    with pytest.raises(edits.Refused, match="step 1 of the lesson names `alice lists users` in a goal"):
        edits.remove_request(scenario, 0)
    assert dump_scenario_text(scenario) == LESSON


def test_deleting_what_a_lock_names_is_refused(scenario):
    with pytest.raises(edits.Refused, match="step 2 of the lesson names `Admin` in a lock"):
        edits.delete_node(scenario, "policy/Admin")
