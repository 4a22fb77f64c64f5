"""The bundled course in scenarios/: every file a lesson in the course's order, each with at least
three steps and a change to make, a hint and an instructor note on every step, nothing locked on the first
step, every step right against its stored solution, and saved back byte for byte."""
from __future__ import annotations

from pathlib import Path

import pytest

from iam_studio.core.lessons import check_lesson
from iam_studio.core.lessons.catalogue import course_order, summarize
from iam_studio.core.scenario.load import load_scenario
from iam_studio.core.scenario.save import dump_scenario_text

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
FILES = sorted(SCENARIOS.glob("*.yaml"))
LESSONS = [p for p in FILES if summarize(p).lesson_id is not None]


def load(path: Path):
    scenario, diagnostics = load_scenario(path)
    assert scenario is not None, [d.format() for d in diagnostics if d.is_error]
    return scenario


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_each_lesson_has_three_steps_a_change_hints_and_no_first_step_lock(path):
    lesson = load(path).lesson
    assert len(lesson.steps) >= 3
    assert any(not step.is_reading for step in lesson.steps)
    assert all(step.hints for step in lesson.steps)
    assert lesson.locks_at(0) == frozenset()
    assert lesson.level is not None


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_step_has_an_instructor_note_with_a_question_and_a_misconception(path):
    steps = load(path).lesson.steps
    missing = [s.title for s in steps if not s.note or "**Ask:**" not in s.note or "**Watch for:**" not in s.note]
    assert missing == []
    # A note is for the instructor: it never repeats the step's own text or a hint word for word.
    assert all(s.note.strip() not in (s.text, *s.hints) for s in steps)


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_each_step_is_right_against_its_solution(path):
    reports = check_lesson(load(path))
    assert [(r.step.title, r.problem) for r in reports if not r.ok] == []


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_an_unchanged_lesson_saves_back_byte_for_byte(path):
    assert dump_scenario_text(load(path)) == path.read_text(encoding="utf-8")


def test_levels_order_the_course_without_ties():
    levels = [summarize(p).level for p in LESSONS]
    assert len(set(levels)) == len(levels)
    assert [s.path for s in course_order(LESSONS)] == sorted(LESSONS, key=lambda p: summarize(p).level)
    assert course_order(LESSONS)[0].path.name == "employee-directory.yaml"


def test_the_catalogue_reads_titles_and_falls_back_safely(tmp_path):
    first = summarize(SCENARIOS / "employee-directory.yaml")
    assert (first.title, first.lesson_id, first.level) == ("Three layers of access control", "three-layers", 1)
    assert first.first_sentence.startswith("The employee directory app runs on an EC2 instance")
    assert first.steps == len(load(SCENARIOS / "employee-directory.yaml").lesson.steps)
    broken = tmp_path / "my-broken-lesson.yaml"
    broken.write_text("title: [unclosed\n")
    assert summarize(broken) == type(first)(broken, "My broken lesson", "", None, None, 0)
    assert summarize(tmp_path / "missing.yaml").title == "Missing"


def test_the_course_is_the_twelve_lessons_of_issue_10_in_order():
    assert LESSONS == FILES
    assert [(s.level, s.path.name) for s in course_order(LESSONS)] == list(enumerate([
        "employee-directory.yaml", "root-user.yaml", "access-keys-authentication.yaml",
        "groups-and-inheritance.yaml", "policy-anatomy.yaml", "policy-variables.yaml", "how-aws-decides.yaml",
        "roles-and-temporary-credentials.yaml", "conditions.yaml", "resource-policies.yaml",
        "boundaries-and-scps.yaml", "capstone.yaml"], start=1))
