"""Goals on an account, solutions that build on each other, the step check, progress and references."""
from __future__ import annotations

import pytest
from lesson_text import LESSON

from iam_studio.core.lessons import (
    LessonProgress,
    Prediction,
    ProgressStore,
    apply_solution,
    check_lesson,
    evaluate_goals,
    lesson_references,
    rename_references,
    scenario_at_step,
)
from iam_studio.core.scenario.load import load_scenario_text
from iam_studio.core.scenario.save import dump_scenario_text


@pytest.fixture
def scenario():
    loaded, _ = load_scenario_text(LESSON, "lesson.yaml")
    return loaded


def met(scenario, step: int) -> list[bool]:
    return [s.met for s in evaluate_goals(scenario, scenario.lesson.steps[step].goals)]


def test_goals_are_evaluated_by_the_engine_and_the_model(scenario):
    statuses = evaluate_goals(scenario, scenario.lesson.steps[1].goals)
    assert [s.met for s in statuses] == [False, False, True]
    assert statuses[0].detail == "policies attached directly to alice"
    assert statuses[1].detail == "alice is not in Admins"
    assert statuses[2].decision == "allowed"


def test_an_edit_by_the_learner_ticks_the_goals(scenario):
    scenario.users["alice"].policies = []
    assert met(scenario, 1) == [True, False, False]
    scenario.groups["Admins"].policies = ["Admin"]
    scenario.users["alice"].groups = ["Admins"]
    assert met(scenario, 1) == [True, True, True]


def test_solutions_build_on_each_other(scenario):
    second = scenario_at_step(scenario, 2)
    assert second.users["alice"].groups == ["Admins"] and second.users["alice"].access_keys
    assert met(second, 1) == [True, True, True] and met(second, 2) == [False]
    solved = scenario_at_step(scenario, 2, solved=True)
    assert met(solved, 2) == [True] and met(solved, 1) == [True, True, True]
    assert scenario_at_step(scenario, 0) is scenario
    assert scenario.users["alice"].policies == ["Admin"]         # the opened account is not changed


def test_a_solution_applies_to_the_learner_s_own_account(scenario):
    scenario.users["bob"] = type(scenario.users["alice"])("bob", scenario.account)
    solved, errors = apply_solution(scenario, scenario.lesson.steps[1].solution)
    assert not errors
    assert "bob" in solved.users                               # entries the solution does not name stay
    assert solved.users["alice"].policies == []                # a named entry is replaced as a whole
    assert solved.lesson is scenario.lesson and solved.source is scenario.source


def test_null_deletes_an_entry_and_organization_is_replaced(scenario):
    text = LESSON.replace("""        users:
          alice: {groups: [Admins]}""", """        users:
          alice: {groups: [Admins]}
        groups:
          Spare: {}
        organization:
          scps: [{target: r-root, policies: [FullAWSAccess]}]""")
    loaded, diagnostics = load_scenario_text(text, "lesson.yaml")
    assert loaded is not None, [d.format() for d in diagnostics]
    solved = scenario_at_step(loaded, 2, solved=True)
    assert set(solved.groups) == {"Admins", "Spare"} and solved.organization.scps[0].target == "r-root"
    from iam_studio.core.located import LEntry, LMap, LScalar
    removal = LMap([LEntry("groups", None, LMap([LEntry("Spare", None, LScalar(None))])),
                    LEntry("organization", None, LScalar(None))])
    removed, errors = apply_solution(solved, removal)
    assert not errors and set(removed.groups) == {"Admins"} and removed.organization is None


def test_a_solution_that_breaks_the_account_says_why(scenario):
    from iam_studio.core.located import LEntry, LMap, LScalar
    broken = LMap([LEntry("policies", None, LMap([LEntry("Admin", None, LScalar(None))]))])
    solved, errors = apply_solution(scenario, broken)
    assert solved is None
    assert [e.message for e in errors] == ["no policy `Admin` in `policies:`"]


def test_check_lesson_reports_each_step(scenario):
    reports = check_lesson(scenario)
    assert [(r.unmet_at_start, r.met_after_solution, r.ok) for r in reports] == [
        (None, None, True), (True, True, True), (True, True, True)]
    assert [(g.at_start.met, g.after_solution.met) for g in reports[1].goals] == [
        (False, True), (False, True), (True, True)]
    assert reports[0].goals[0].after_solution is None


def test_a_change_step_whose_goals_already_hold_fails(scenario):
    text = LESSON.replace("goals: [{check: user-has-no-access-keys, user: alice}]",
                          "goals: [{check: user-in-group, user: alice, group: Admins}]")
    reports = check_lesson(load_scenario_text(text, "lesson.yaml")[0])
    assert not reports[2].ok and reports[2].unmet_at_start is False
    assert reports[2].problem == "every goal is already met as the step opens: there is nothing to change"


def test_a_solution_that_does_not_meet_the_goals_fails(scenario):
    text = LESSON.replace("          alice: {groups: [Admins]}",
                          "          alice: {groups: [Admins], access_keys: [{id: AKIAI44QH8DHBEXAMPLE}]}")
    report = check_lesson(load_scenario_text(text, "lesson.yaml")[0])[2]
    assert (report.unmet_at_start, report.met_after_solution, report.ok) == (True, False, False)
    assert report.problem == "after the solution: alice has 1 access key"


def test_a_reading_step_whose_goals_do_not_hold_fails(scenario):
    text = LESSON.replace("goals: [{request: alice lists users, outcome: allowed}]",
                          "goals: [{request: alice lists users, outcome: explicit_deny}]")
    report = check_lesson(load_scenario_text(text, "lesson.yaml")[0])[0]
    assert not report.ok and report.problem.startswith("a reading step's goals must be met as it opens")


def test_progress_is_kept_by_lesson_id_outside_the_file(tmp_path):
    store = ProgressStore(tmp_path / "data" / "progress.json")
    progress = store.get("groups-not-users")
    assert (progress.step, progress.score()) == (0, (0, 0))
    progress.step = 2
    assert progress.reveal_hint(1, available=2) == 1 and progress.reveal_hint(1, 2) == 2
    assert progress.reveal_hint(1, 2) == 2
    progress.done.add(1)
    progress.predictions += [Prediction(1, "alice lists users", "allowed", "allowed"),
                             Prediction(2, "alice lists users", None, "allowed")]
    store.put(progress)
    store.save()
    again = ProgressStore(tmp_path / "data" / "progress.json").get("groups-not-users")
    assert again == progress and again.score() == (1, 2)
    assert ProgressStore(tmp_path / "data" / "progress.json").get("another") == LessonProgress("another")


def test_a_damaged_progress_file_starts_empty(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text("{not json")
    assert ProgressStore(path).get("x") == LessonProgress("x")
    path.write_text('{"lessons": {"x": {"step": -3, "hints": {"a": 1, "1": 2}, "done": [1, "2"], '
                    '"predictions": [{"step": 0}]}}}')
    progress = ProgressStore(path).get("x")
    assert (progress.step, progress.hints, progress.done, progress.predictions) == (0, {1: 2}, {1}, [])


def test_references_list_every_place_a_name_is_used(scenario):
    lesson = scenario.lesson
    assert [(r.step, r.where) for r in lesson_references(lesson, "request", "alice lists users")] == [
        (0, "goal"), (1, "goal"), (1, "predict")]
    assert [(r.step, r.where, r.span.line) for r in lesson_references(lesson, "policy", "Admin")] == [
        (1, "lock", 33), (1, "solution", 41)]
    assert {(r.step, r.where) for r in lesson_references(lesson, "user", "alice")} == {
        (1, "goal"), (1, "solution"), (2, "goal"), (2, "solution")}
    assert [(r.step, r.where) for r in lesson_references(lesson, "group", "Admins")] == [
        (1, "goal"), (1, "solution"), (1, "solution"), (2, "solution")]
    assert lesson_references(lesson, "user", "bob") == []


def test_renaming_carries_the_references_and_saves(scenario):
    renamed = rename_references(scenario.lesson, "group", "Admins", "Administrators")
    assert lesson_references(renamed, "group", "Admins") == []
    assert renamed.steps[1].goals[1].arg("group") == "Administrators"
    assert "Administrators" in renamed.steps[1].solution.get("groups").keys()
    assert lesson_references(scenario.lesson, "group", "Admins")        # the old lesson is unchanged
    policy = rename_references(renamed, "policy", "Admin", "FullAdmin")
    assert policy.locks_at(1) == {"policy/FullAdmin"}
    request = rename_references(policy, "request", "alice lists users", "alice lists the users")
    assert request.steps[1].predict == ["alice lists the users"]
    scenario.groups["Administrators"] = scenario.groups.pop("Admins")
    scenario.groups["Administrators"].name = "Administrators"
    scenario.policies["FullAdmin"] = scenario.policies.pop("Admin")
    scenario.users["alice"].policies = ["FullAdmin"]
    scenario.requests[0].name = "alice lists the users"
    scenario.lesson = request
    text = dump_scenario_text(scenario)
    again, diagnostics = load_scenario_text(text, "lesson.yaml")
    assert again is not None, [d.format() for d in diagnostics if d.is_error]
    assert [r.ok for r in check_lesson(again)] == [True, True, True]


def test_a_learner_plays_the_lesson_through_a_run(scenario, tmp_path):
    from iam_studio.core.lessons import LessonRun
    store = ProgressStore(tmp_path / "progress.json")
    run = LessonRun(scenario, store.get(scenario.lesson.id))
    assert run.index == 0 and run.hints() == []
    assert [s.met for s in run.goals(scenario)] == [True] and run.progress.done == {0}
    run.next()
    assert run.is_locked("policy/Admin") and run.asks_prediction("alice lists users")
    assert run.reveal_hint() == ["Attach Admin to Admins, then put alice in Admins"]
    assert len(run.reveal_hint()) == 2 and len(run.reveal_hint()) == 2
    run.record_prediction("alice lists users", "implicit_deny", "allowed")
    assert not run.asks_prediction("alice lists users") and run.progress.score() == (0, 1)
    account = run.reset()
    assert not all(s.met for s in run.goals(account)) and 1 not in run.progress.done
    account = run.solution()
    assert all(s.met for s in run.goals(account)) and run.progress.done == {0, 1}
    store.put(run.progress)
    store.save()
    resumed = LessonRun(scenario, ProgressStore(tmp_path / "progress.json").get(scenario.lesson.id))
    assert resumed.index == 1 and resumed.hints() == scenario.lesson.steps[1].hints
    resumed.next()
    assert not resumed.is_locked("policy/Admin") and not resumed.finished
    resumed.goals(resumed.solution())
    assert resumed.finished
    assert resumed.next().title == "No long-lived keys" and resumed.go(-5).title == "Look around"


def test_a_goal_that_holds_as_its_step_opens_is_one_to_keep(scenario):
    from iam_studio.core.lessons import LessonRun
    run = LessonRun(scenario)
    assert run.holds_as_step_opens() == [True]           # a reading step's goals describe the account
    run.go(1)
    assert run.holds_as_step_opens() == [False, False, True]   # alice can already list users as step 2 opens
    account = scenario_at_step(scenario, 1)
    run.record_prediction("alice lists users", "allowed", "allowed")
    statuses = run.goals(account)
    assert [(type(s.goal).__name__, s.met, s.kept) for s in statuses] == [
        ("PredictGoal", True, False), ("CheckGoal", False, False), ("CheckGoal", False, False),
        ("RequestGoal", True, True)]
    account.users["alice"].policies = []                     # the learner breaks what was to be kept
    assert [(s.met, s.kept) for s in run.goals(account)][-1] == (False, True)
    run.go(2)
    assert run.holds_as_step_opens() == [False]              # the key is still there as step 3 opens
