"""The `lesson` block: what the loader reads, what it refuses (with FILE:LINE:COLUMN and a hint), and
that saving keeps it as written."""
from __future__ import annotations

import pytest
from lesson_text import LESSON

from iam_studio.core.lessons import CheckGoal, RequestGoal
from iam_studio.core.scenario.load import load_scenario_text
from iam_studio.core.scenario.save import dump_scenario_text


def load(text: str):
    return load_scenario_text(text, "lesson.yaml")


def errors(text: str) -> list[str]:
    scenario, diagnostics = load(text)
    found = [d.format() for d in diagnostics if d.is_error]
    assert scenario is None and found
    return found


def test_steps_goals_hints_notes_locks_and_solutions_are_read():
    scenario, diagnostics = load(LESSON)
    assert not [d for d in diagnostics if d.is_error]
    lesson = scenario.lesson
    assert (lesson.id, lesson.level) == ("groups-not-users", 4)
    assert [s.title for s in lesson.steps] == ["Look around", "Put the policy on a group", "No long-lived keys"]
    first, second, third = lesson.steps
    assert first.is_reading and not second.is_reading
    assert first.text.startswith("Alice has the administrator policy **attached")
    assert second.hints == ["Attach Admin to Admins, then put alice in Admins", "Detach Admin from alice"]
    assert second.note == "Ask the class why this scales."
    assert second.predict == ["alice lists users"]
    assert second.goals == [CheckGoal("no-user-policies", (), second.goals[0].span),
                            CheckGoal("user-in-group", (("user", "alice"), ("group", "Admins")), second.goals[1].span),
                            RequestGoal("alice lists users", "allowed", second.goals[2].span)]
    assert second.goals[2].span.line == 38
    assert third.goals[0].arg("user") == "alice"


def test_locks_hold_only_while_their_step_is_active():
    lesson = load(LESSON)[0].lesson
    assert lesson.locks_at(0) == frozenset()
    assert lesson.locks_at(1) == {"policy/Admin"}
    assert lesson.locks_at(2) == frozenset()
    assert lesson.locks_at(7) == frozenset()
    assert lesson.is_locked(1, "policy/Admin") and not lesson.is_locked(0, "policy/Admin")
    assert not lesson.is_locked(1, "user/alice")


def test_locking_a_node_locks_its_own_inline_and_resource_policies():
    assert any("locks `resource/photos`, which is not in the account" in e
               for e in errors(LESSON.replace("locks: [policy/Admin]", "locks: [user/alice, resource/photos]")))
    scenario, _ = load(LESSON.replace("locks: [policy/Admin]", "locks: [user/alice]"))
    lesson = scenario.lesson
    assert lesson.is_locked(1, "user/alice") and lesson.is_locked(1, "policy/user/alice#inline/Mine")
    assert not lesson.is_locked(1, "policy/user/alicia#inline/Mine") and not lesson.is_locked(2, "user/alice")


def test_without_id_the_lesson_is_named_after_its_file():
    text = LESSON.replace("  id: groups-not-users\n", "")
    scenario, _ = load_scenario_text(text, "/some/where/groups-not-users-2.yaml")
    assert scenario.lesson.id == "groups-not-users-2"
    assert load(text.replace("  level: 4\n", ""))[0].lesson.level is None


def test_a_scenario_without_a_lesson_block_has_no_lesson():
    scenario, _ = load(LESSON[:LESSON.index("lesson:")])
    assert scenario.lesson is None


@pytest.mark.parametrize("old,new,where,message,hint", [
    ("goals: [{request: alice lists users, outcome: allowed}]",
     "goals: [{request: alice list users, outcome: allowed}]", "28:25",
     "no request `alice list users` in `requests:`", "did you mean `alice lists users`?"),
    ("        - {request: alice lists users, outcome: allowed}",
     "        - {request: alice lists users, outcome: alowed}", "38:49",
     "`alowed` is not an outcome", "did you mean `allowed`?"),
    ("{check: no-user-policies}", "{check: no-user-policy}", "36:19",
     "`no-user-policy` is not a check", "did you mean `no-user-policies`?"),
    ("{check: user-in-group, user: alice, group: Admins}", "{check: user-in-group, user: alice}", "37:11",
     "the `user-in-group` goal needs `group`", "add `group: NAME`"),
    ("locks: [policy/Admin]", "locks: [Admin]", "33:15",
     "`Admin` is not something a step can lock", "write `policy/NAME`"),
    ("locks: [policy/Admin]", "locks: [policy/Admn]", "33:15",
     "step 2 (`Put the policy on a group`) locks `policy/Admn`, which is not in the account as the step opens",
     "did you mean `policy/Admin`?"),
    ("      hints: [Delete alice's access key]\n", "", "44:7", "step 3 has no hint", "at least one hint"),
    ("      hints: [Select alice on the canvas]", "      hints: []", "27:14", "step 1 has no hint", ""),
    ("predict: [alice lists users]", "predict: [bob lists users]", "34:17",
     "no request `bob lists users` in `requests:`", "did you mean `alice lists users`?"),
    ("predict: [alice lists users]", "predict: alice lists users", "34:16",
     "the `predict` list of step 2 must be a list, not a string", "such as `[alice reads, bob reads]`"),
    ("      note: Ask", "      note: Ask\n      reading: yes please\n      nothing: 1", "33:16",
     "`reading` of step 2 must be true or false, not `yes please`", "`reading: true`"),
    ("      note: Ask", "      nite: Ask", "32:7", "unknown key `nite` in step 2", "did you mean `note`?"),
    ("  level: 4", "  level: four", "23:10", "`level` must be a whole number from 0 to 999, not `four`", "ordered"),
    ("        groups:\n          Admins: {policies: [Admin]}", "        group:\n          Admins: {policies: [Admin]}",
     "40:9", "unknown key `group` in the `solution` of step 2", "did you mean `groups`?"),
    ("          alice: {groups: [Admins]}", "          alice: {groups: [Admin]}", "49:28",
     "after the solution of step 3 (`No long-lived keys`): `Admin` is a policy, not a group", ""),
    ("{check: user-has-no-access-keys, user: alice}", "{check: user-has-no-access-keys, user: alicia}", "46:15",
     "the `user-has-no-access-keys` goal of step 3 (`No long-lived keys`) names user `alicia`", "name"),
    ("  steps:\n", "  stepz:\n", "24:3", "unknown key `stepz` in `lesson`", "did you mean `steps`?"),
])
def test_mistakes_are_reported_where_they_are_with_a_hint(old, new, where, message, hint):
    assert old in LESSON
    found = errors(LESSON.replace(old, new))
    match = [f for f in found if f.startswith(f"lesson.yaml:{where}: error: {message}")]
    assert match, "\n".join(found)
    assert hint in match[0].split("\n  help: ")[1]


def test_saving_keeps_the_lesson_block_as_written():
    scenario, _ = load(LESSON)
    text = dump_scenario_text(scenario)
    assert text[text.index("lesson:"):] == LESSON[LESSON.index("lesson:"):]


def test_saving_after_an_edit_keeps_the_lesson_block():
    scenario, _ = load(LESSON)
    scenario.users["alice"].mfa = True
    text = dump_scenario_text(scenario)
    assert "    mfa: true\n" in text
    assert text[text.index("lesson:"):] == LESSON[LESSON.index("lesson:"):]
    again, diagnostics = load(text)
    assert again.lesson.to_plain() == scenario.lesson.to_plain()


def test_a_scenario_built_in_code_saves_its_lesson_fresh():
    scenario, _ = load(LESSON)
    scenario.source = None
    again, _ = load(dump_scenario_text(scenario))
    assert again.lesson.to_plain() == scenario.lesson.to_plain()
    assert [s.title for s in again.lesson.steps] == [s.title for s in scenario.lesson.steps]


def test_the_root_user_s_mfa_is_read_and_saved():
    text = LESSON.replace('account: "123456789012"\n', 'account: "123456789012"\nroot: {mfa: true}\n')
    scenario, _ = load(text)
    assert scenario.root_mfa is True
    assert load(LESSON)[0].root_mfa is None
    scenario.root_mfa = False
    assert "root: {mfa: false}" in dump_scenario_text(scenario)
    assert "mfa: true" not in dump_scenario_text(scenario).split("policies:")[0]
