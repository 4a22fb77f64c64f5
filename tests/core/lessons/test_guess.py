"""Predict, then reveal: the guessed deciding statement is scored by the engine's deciding statements.

An explicit Deny in any applicable policy decides the request, and without one a matching Allow does; with
neither the request is denied by default, and no statement decides it
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html). A request that
fails authentication is refused before any policy is read
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from iam_studio.core.engine.engine import Engine
from iam_studio.core.lessons import LessonProgress, LessonRun, ProgressStore, judge, statement_choices
from iam_studio.core.scenario.load import load_scenario

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
LESSONS = sorted(SCENARIOS.glob("*.yaml"))


def lesson(name: str):
    scenario, diagnostics = load_scenario(SCENARIOS / name)
    assert scenario is not None, [d.format() for d in diagnostics]
    return scenario


def result_of(scenario, name: str):
    return Engine(scenario).evaluate(next(r for r in scenario.requests if r.name == name))


def test_the_choices_name_every_statement_as_the_engine_names_a_deciding_one():
    sc = lesson("how-aws-decides.yaml")
    assert sorted(statement_choices(sc)) == ["AliceMayDelete#DeletePhotos", "DenyPhotoDeletes#NoDeletes",
                                             "PhotosReadWrite#ReadWriteDelete"]
    assert sorted(statement_choices(lesson("groups-and-inheritance.yaml"))) == ["ReadReports#0", "WriteReports#0"]


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_deciding_statement_of_every_bundled_request_can_be_picked_and_is_scored_right(path):
    sc, _ = load_scenario(path)
    engine, choices = Engine(sc), set(statement_choices(sc))
    for request in sc.requests:
        judgement = judge(None, None, engine.evaluate(request))
        assert set(judgement.deciding) <= choices, request.name
        for name in judgement.deciding:
            assert judge(None, name, engine.evaluate(request)).statement_right is True


def test_the_deny_that_decides_is_right_and_an_allow_it_overrides_is_not():
    sc = lesson("how-aws-decides.yaml")
    deletes = result_of(sc, "alice deletes a photo")
    right = judge("explicit_deny", "DenyPhotoDeletes#NoDeletes", deletes)
    assert (right.right, right.statement_right, right.deciding) == (True, True, ("DenyPhotoDeletes#NoDeletes",))
    assert right.words() == ("Right! You predicted an explicit deny, and that is AWS's answer. And "
                             "DenyPhotoDeletes#NoDeletes is a statement that decides it. Watch the pipeline for why.")
    wrong = judge("allowed", "AliceMayDelete#DeletePhotos", deletes)
    assert (wrong.right, wrong.statement_right) == (False, False)
    assert wrong.words() == ("Not this time: you predicted allowed; AWS's answer is an explicit deny. "
                             "AliceMayDelete#DeletePhotos does not decide it: DenyPhotoDeletes#NoDeletes does. "
                             "Watch the pipeline for why.")


def test_the_allow_that_decides_is_right():
    sc = lesson("how-aws-decides.yaml")
    reads = result_of(sc, "alice reads a photo")
    assert judge("allowed", "PhotosReadWrite#ReadWriteDelete", reads).statement_right is True
    assert judge("allowed", "DenyPhotoDeletes#NoDeletes", reads).statement_right is False


def test_no_statement_decides_an_implicit_deny_or_a_failed_authentication():
    erin = judge("implicit_deny", "PhotosReadWrite#ReadWriteDelete", result_of(lesson("how-aws-decides.yaml"),
                                                                               "erin reads a photo"))
    assert (erin.right, erin.statement_right, erin.deciding) == (True, False, ())
    assert "no statement allowed the request, so nothing decides" in erin.words()
    keys = lesson("access-keys-authentication.yaml")
    refused = judge("not_authenticated", statement_choices(keys)[0], result_of(keys, "an inactive key is refused"))
    assert refused.statement_right is False and "no policy is read when authentication fails" in refused.words()


def test_no_guess_is_neither_right_nor_wrong():
    nothing = judge(None, None, result_of(lesson("how-aws-decides.yaml"), "alice reads a photo"))
    assert (nothing.right, nothing.statement_right) == (None, None)
    assert nothing.words() == "No prediction recorded. AWS's answer: allowed. Watch the pipeline for why."


def test_the_statement_score_is_kept_in_the_progress_and_survives_the_store(tmp_path):
    sc = lesson("how-aws-decides.yaml")
    run = LessonRun(sc)
    erin = judge("implicit_deny", "PhotosReadWrite#ReadWriteDelete", result_of(sc, "erin reads a photo"))
    run.record_prediction("erin reads a photo", erin.predicted, erin.actual, statement=erin.statement,
                          statement_right=erin.statement_right)
    run.go(2)
    deletes = judge("explicit_deny", "DenyPhotoDeletes#NoDeletes", result_of(sc, "alice deletes a photo"))
    run.record_prediction("alice deletes a photo", deletes.predicted, deletes.actual, statement=deletes.statement,
                          statement_right=deletes.statement_right)
    run.go(1)
    run.record_prediction("alice reads a photo", "allowed", "allowed")      # no statement named: not counted
    assert run.progress.score() == (3, 3)
    assert run.progress.statement_score() == (1, 2)
    store = ProgressStore(tmp_path / "progress.json")
    store.put(run.progress)
    store.save()
    again = ProgressStore(tmp_path / "progress.json").get(run.progress.lesson_id)
    assert again.predictions == run.progress.predictions and again.statement_score() == (1, 2)


def test_a_store_from_before_statement_scores_still_loads_and_bad_values_are_left_out():
    old = LessonProgress.from_dict("x", {"predictions": [
        {"step": 0, "request": "r", "predicted": "allowed", "actual": "allowed"},
        {"step": 0, "request": "s", "predicted": None, "actual": "allowed", "statement": "P#0",
         "statement_right": "yes"},
        {"step": 1, "request": "t", "predicted": None, "actual": "allowed", "statement_right": True}]})
    assert [(p.statement, p.statement_right) for p in old.predictions] == [(None, None), ("P#0", None),
                                                                           (None, None)]
    assert old.statement_score() == (0, 1)
