"""The credential edits the course's change steps need (MFA, console passwords, access keys), each
undoable, and each meeting the goals of the lesson step that asks for it."""
from __future__ import annotations

from pathlib import Path

import pytest

from iam_studio.core.lessons import LessonRun, evaluate_goals
from iam_studio.core.scenario import edits
from iam_studio.core.scenario.load import load_scenario
from iam_studio.core.scenario.save import dump_scenario_text

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"


def run_at(name: str, step: int) -> tuple[LessonRun, object]:
    start, _ = load_scenario(SCENARIOS / name)
    run = LessonRun(start)
    run.go(step)
    return run, run.reset()


def met(run: LessonRun, scenario) -> list[bool]:
    return [s.met for s in evaluate_goals(scenario, run.step.goals)]


def test_the_root_user_gets_mfa_and_undo_takes_it_back():
    run, account = run_at("root-user.yaml", 1)
    before = dump_scenario_text(account)
    change = edits.record(account, edits.set_root_mfa, True)
    assert all(met(run, account))
    change.undo()
    assert dump_scenario_text(account) == before and not any(met(run, account))


def test_a_leaked_key_is_made_inactive_then_kim_moves_to_the_console():
    run, account = run_at("access-keys-authentication.yaml", 2)
    edits.set_access_key_status(account, "kim", "AKIAKIMKIMKIMEXAMPLE", "Inactive")
    assert all(met(run, account))
    run.next()
    edits.set_user_credentials(account, "kim", console=True, mfa=True)
    assert all(met(run, account))


def test_deleting_the_stored_key_of_the_app_user():
    run, account = run_at("roles-and-temporary-credentials.yaml", 2)
    edits.delete_access_key(account, "photo-app", "AKIAPHOTOAPPEXAMPLE1")
    assert met(run, account) == [True, True, True]


@pytest.mark.parametrize("operation,args,reason", [
    (edits.set_access_key_status, ("kim", "AKIAKIMKIMKIMEXAMPLE", "Paused"), "`Paused` is not a key status"),
    (edits.set_access_key_status, ("kim", "AKIANOSUCHKEYEXAMPLE", "Inactive"), "kim has no access key"),
    (edits.delete_access_key, ("nobody", "AKIAKIMKIMKIMEXAMPLE"), "there is no user `nobody`"),
    (edits.set_user_credentials, ("nobody",), "there is no user `nobody`"),
])
def test_credential_edits_refuse_what_makes_no_sense(operation, args, reason):
    account, _ = load_scenario(SCENARIOS / "access-keys-authentication.yaml")
    before = dump_scenario_text(account)
    with pytest.raises(edits.Refused, match=reason):
        operation(account, *args)
    assert dump_scenario_text(account) == before
