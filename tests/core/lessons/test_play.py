"""Playing a lesson: the active step's locks refuse edits of what they lock (and only that), and
`become` moves the whole account, undoably."""
from pathlib import Path

import pytest

from iam_studio.core.lessons.play import become, guard_locks
from iam_studio.core.scenario import edits
from iam_studio.core.scenario.lesson.solution import scenario_at_step
from iam_studio.core.scenario.load import load_scenario
from iam_studio.core.scenario.save import dump_scenario_text

LESSON = Path(__file__).resolve().parents[3] / "scenarios" / "how-aws-decides.yaml"
DENY_PHOTOS = ('{"Version": "2012-10-17", "Statement": [{"Sid": "%s", "Effect": "Deny", "Action": "s3:DeleteObject",'
               ' "Resource": "arn:aws:s3:::employee-photos/photos/*"}]}')


@pytest.fixture
def scenario():
    sc, diagnostics = load_scenario(str(LESSON))
    assert sc is not None, diagnostics
    return sc


def test_a_locked_policy_refuses_a_new_document_and_stays_as_it_was(scenario):
    locks = scenario.lesson.locks_at(3)
    assert "policy/AliceMayDelete" in locks
    before = dump_scenario_text(scenario)
    with pytest.raises(edits.Refused, match="`policy/AliceMayDelete` is locked"):
        guard_locks(locks, edits.set_policy_text)(scenario, "AliceMayDelete", DENY_PHOTOS % "DeletePhotos")
    assert dump_scenario_text(scenario) == before


def test_a_locked_policy_cannot_be_detached_but_an_unlocked_one_can_be_edited(scenario):
    locks = scenario.lesson.locks_at(3)
    with pytest.raises(edits.Refused, match="locked"):
        guard_locks(locks, edits.disconnect)(scenario, "policy/AliceMayDelete", "user/alice", "attached")
    assert scenario.users["alice"].policies == ["AliceMayDelete"]
    guard_locks(locks, edits.set_policy_text)(scenario, "DenyPhotoDeletes", DENY_PHOTOS % "NoDeletes")
    assert scenario.policies["DenyPhotoDeletes"].statements[0].resource.values == (
        "arn:aws:s3:::employee-photos/photos/*",)


def test_locks_hold_only_in_their_step(scenario):
    assert scenario.lesson.locks_at(0) == frozenset()
    guard_locks(scenario.lesson.locks_at(0), edits.disconnect)(scenario, "policy/AliceMayDelete", "user/alice",
                                                               "attached")
    assert scenario.users["alice"].policies == []


def test_become_moves_the_whole_account_and_undo_brings_it_back(scenario):
    before = dump_scenario_text(scenario)
    solved = scenario_at_step(scenario, 3, solved=True)
    change = edits.record(scenario, become, solved)
    assert scenario.policies["DenyPhotoDeletes"].statements[0].resource.values == (
        "arn:aws:s3:::employee-photos/photos/*",)
    change.undo()
    assert dump_scenario_text(scenario) == before
