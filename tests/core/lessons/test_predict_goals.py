"""A step that asks for a prediction is complete only once the learner predicted and evaluated it."""
from __future__ import annotations

from pathlib import Path

import pytest

from iam_studio.core.engine.engine import Engine
from iam_studio.core.lessons import (
    LessonProgress,
    Prediction,
    ProgressStore,
    check_lesson,
    describe_goal,
    scenario_at_step,
)
from iam_studio.core.lessons.run import LessonRun
from iam_studio.core.scenario.lesson.model import PredictGoal
from iam_studio.core.scenario.load import load_scenario

ROOT = Path(__file__).resolve().parents[3]
GROUPS = ROOT / "scenarios" / "groups-and-inheritance.yaml"
ANA = "ana writes a report"


@pytest.fixture
def start():
    return load_scenario(GROUPS)[0]


def actual(scenario, name: str) -> str:
    spec = next(r for r in scenario.requests if r.name == name)
    return Engine(scenario).evaluate(spec).decision.value


def test_the_prediction_step_of_lesson_4_is_unmet_as_it_opens(start):
    run = LessonRun(start)
    statuses = run.goals(start)
    assert statuses[0].goal == PredictGoal(ANA)
    assert [describe_goal(s.goal) for s in statuses] == [      # ana's own goal would give the answer away
        "Predict, then evaluate: ana writes a report", "ana reads a report through Readers: allowed",
        "ben writes through Writers: allowed", "ben also reads through Readers: allowed"]
    assert [s.met for s in statuses] == [False, True, True, True]
    assert statuses[0].detail == "pick the outcome you expect, then press Evaluate"
    assert run.progress.done == set() and run.asks_prediction(ANA)


def test_evaluating_without_a_prediction_is_scored_but_does_not_complete_the_step(start):
    run = LessonRun(start)
    assert actual(start, ANA) == "implicit_deny"
    run.record_prediction(ANA, None, "implicit_deny")
    run.record_prediction(ANA, None, "implicit_deny")          # a second "no prediction" is not stored again
    statuses = run.goals(start)
    assert len(statuses) == 4 and statuses[0].met is False
    assert statuses[0].detail == "evaluated without a prediction: pick an outcome, then press Evaluate again"
    assert run.asks_prediction(ANA) and not run.scores(ANA) and run.progress.done == set()
    run.record_prediction(ANA, "implicit_deny", "implicit_deny")
    assert [s.met for s in run.goals(start)] == [True] * 5 and run.progress.done == {0}
    assert run.progress.score() == (0, 1)                      # the first try (no prediction) is what counts
    assert not run.asks_prediction(ANA)


def test_a_wrong_prediction_completes_the_step_and_the_score_says_so(start):
    run = LessonRun(start)
    run.record_prediction(ANA, "allowed", actual(start, ANA))
    statuses = run.goals(start)
    assert statuses[0].met and statuses[0].detail == "you predicted allowed; AWS decided implicit deny"
    assert "ana writes a report: implicit deny" in [describe_goal(s.goal) for s in statuses]
    assert run.progress.done == {0} and run.progress.score() == (0, 1)


def test_the_prediction_is_remembered_by_lesson_id_and_reset_forgets_it(start, tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    run = LessonRun(start, store.get("groups"))
    run.record_prediction(ANA, "implicit_deny", "implicit_deny")
    run.goals(start)
    store.put(run.progress)
    store.save()
    again = LessonRun(start, ProgressStore(tmp_path / "progress.json").get(start.lesson.id))
    assert start.lesson.id == "groups"
    assert [s.met for s in again.goals(start)] == [True] * 5 and again.progress.done == {0}
    assert again.progress.score() == (1, 1)
    store.reset("groups")
    store.save()
    fresh = LessonRun(start, ProgressStore(tmp_path / "progress.json").get("groups"))
    assert fresh.progress == LessonProgress("groups")
    assert [s.met for s in fresh.goals(start)] == [False, True, True, True]


def test_a_prediction_counts_only_in_its_own_step(start):
    run = LessonRun(start)
    run.go(2)                                                  # step 3 asks for "ana reads a report through Readers"
    assert run.step.predict == ["ana reads a report through Readers"]
    run.record_prediction(ANA, "implicit_deny", "implicit_deny")
    run.go(0)
    assert run.goals(start)[0].met is False


def test_every_bundled_step_complete_as_it_opens_asks_for_something():
    """Each step either has a goal unmet as it opens, asks a prediction, or is marked `reading: true`."""
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        start = load_scenario(path)[0]
        assert all(r.warning is None for r in check_lesson(start)), path.name
        for index, step in enumerate(start.lesson.steps):
            run = LessonRun(start, LessonProgress(start.lesson.id, step=index))
            statuses = run.goals(scenario_at_step(start, index))
            complete = all(s.met for s in statuses)
            assert not complete or step.for_reading, (path.name, step.title)
            assert (index in run.progress.done) == complete


def test_in_a_change_step_the_target_of_a_request_to_predict_shows_once_it_is_predicted():
    start = load_scenario(ROOT / "scenarios" / "how-aws-decides.yaml")[0]
    run = LessonRun(start, LessonProgress(start.lesson.id, step=3))
    account = scenario_at_step(start, 3)
    assert [describe_goal(s.goal) for s in run.goals(account)] == [
        "Predict, then evaluate: alice deletes an old draft", "alice deletes a photo: explicit deny"]
    run.record_prediction("alice deletes an old draft", "allowed", actual(account, "alice deletes an old draft"))
    statuses = run.goals(account)
    assert [(describe_goal(s.goal), s.met) for s in statuses] == [
        ("Predict, then evaluate: alice deletes an old draft", True),
        ("alice deletes an old draft: allowed", False), ("alice deletes a photo: explicit deny", True)]
    assert statuses[0].detail == "you predicted allowed; AWS decided explicit deny" and run.progress.done == set()
    assert [s.met for s in run.goals(run.solution())] == [True, True, True] and run.progress.done == {3}


def test_the_browser_words_give_both_scores():
    progress = LessonProgress("groups", step=1, done={0})
    assert progress.words(4) == "at step 2 of 4, 1 done"
    progress.predictions = [Prediction(0, ANA, "implicit_deny", "implicit_deny", "WriteReports#0", False),
                            Prediction(0, ANA, "allowed", "implicit_deny", "ReadReports#0", True),   # not scored
                            Prediction(2, "ana reads a report through Readers", None, "allowed")]
    assert progress.words(4) == "at step 2 of 4, 1 done · predictions 1 of 2 right · deciding statements 0 of 1 right"
    progress.done = {0, 1, 2, 3}
    assert progress.words(4) == "finished ✓ · predictions 1 of 2 right · deciding statements 0 of 1 right"
    assert LessonProgress("groups").words(4) == "not started"


def test_the_answers_awaiting_a_prediction_are_this_step_s_and_the_later_steps():
    """policy-anatomy asks to predict one request in steps 1, 2 and 4: none of their answers may show before
    its step has it predicted (the Request tab showed step 2's "DENY" at step 1)."""
    scenario = load_scenario(ROOT / "scenarios" / "policy-anatomy.yaml")[0]
    run = LessonRun(scenario)
    asked = ["dev stops an instance", "dev reads the payroll file", "dev uploads a photo over plain HTTP"]
    assert run.awaiting_predictions() == set(asked)
    run.record_prediction(asked[0], None, "implicit_deny")           # evaluated without a prediction: still asked
    assert run.awaiting_predictions() == set(asked)
    run.record_prediction(asked[0], "allowed", "implicit_deny")
    assert run.awaiting_predictions() == set(asked[1:])
    run.go(2)                                                         # step 2 skipped: it is behind, not awaited
    assert run.awaiting_predictions() == {asked[2]}
    run.go(len(run.lesson.steps) - 1)
    run.record_prediction(asked[2], "implicit_deny", "implicit_deny")
    assert run.awaiting_predictions() == set()


def test_the_answers_awaiting_a_prediction_here_are_the_active_step_s_only():
    """After an edit the window hides a new verdict only for the active step's open question."""
    scenario = load_scenario(ROOT / "scenarios" / "policy-anatomy.yaml")[0]
    run = LessonRun(scenario)
    asked = ["dev stops an instance", "dev reads the payroll file", "dev uploads a photo over plain HTTP"]
    assert run.awaiting_here() == {asked[0]}                          # not the later steps' questions
    run.record_prediction(asked[0], None, "implicit_deny")           # evaluated without a prediction: still open
    assert run.awaiting_here() == {asked[0]}
    run.record_prediction(asked[0], "allowed", "implicit_deny")
    assert run.awaiting_here() == set()
    run.go(1)
    assert run.awaiting_here() == {asked[1]}


def test_a_change_step_says_how_many_changes_are_left_before_its_prediction():
    """Capstone step 4 asks to predict the root user's delete once the bucket policy is in: with the step's
    solution applied there is nothing left to change (the goals to keep do not count)."""
    scenario = load_scenario(ROOT / "scenarios" / "capstone.yaml")[0]
    run = LessonRun(scenario)
    run.go(3)
    opened = scenario_at_step(scenario, 3, solved=False)
    solved = scenario_at_step(scenario, 3, solved=True)
    assert run.changes_left(opened) >= 1
    assert run.changes_left(solved) == 0
    run.go(0)
    assert run.changes_left(opened) == 0            # a reading step has nothing to change
