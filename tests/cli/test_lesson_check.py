"""`iam-studio lesson check PATH... [--json]` as issue 10 specifies it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from iam_studio.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
LESSON = (ROOT / "tests" / "core" / "lessons" / "lesson_text.py").read_text()
LESSON = LESSON[LESSON.index('"""\\\n') + 5:LESSON.rindex('"""')]
NOTHING_TO_DO = ("the step is complete as it opens and asks for nothing: add the requests to predict "
                 "(`predict: [NAME]`), or mark it `reading: true` if it is only to be read")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_step_passes_exit_0_one_line_per_step(tmp_path, capsys):
    path = write(tmp_path, "lesson.yaml", LESSON)
    assert main(["lesson", "check", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"PASS {path}:25: step 1/3 Look around: reading, 1 goal met",
        f"     warning: {NOTHING_TO_DO}",
        f"PASS {path}:29: step 2/3 Put the policy on a group: change, 2 of 3 goals unmet at start, 3 met after "
        "the solution",
        f"PASS {path}:44: step 3/3 No long-lived keys: change, 1 of 1 goal unmet at start, 1 met after the solution",
        "1 lesson, 3 steps passed, 0 failed, 1 warning"]


def test_a_step_that_asks_a_prediction_or_is_marked_reading_is_not_warned(tmp_path, capsys):
    for extra, what in (("      predict: [alice lists users]\n", "reading, 1 goal met, 1 to predict"),
                        ("      reading: true\n", "reading, 1 goal met")):
        path = write(tmp_path, "lesson.yaml", LESSON.replace("      hints: [Select alice on the canvas]\n",
                                                             "      hints: [Select alice on the canvas]\n" + extra))
        assert main(["lesson", "check", str(path)]) == 0
        out = capsys.readouterr().out.splitlines()
        assert out[0] == f"PASS {path}:25: step 1/3 Look around: {what}"
        assert out[-1] == "1 lesson, 3 steps passed, 0 failed" and "warning" not in "".join(out)
        assert main(["lesson", "check", str(path), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["lessons"][0]["steps"][0]["warning"] is None


def test_the_bundled_course_has_no_step_with_nothing_to_do(capsys):
    assert main(["lesson", "check", str(ROOT / "scenarios")]) == 0
    out = capsys.readouterr().out
    assert "warning" not in out and out.splitlines()[-1] == "12 lessons, 51 steps passed, 0 failed"


def test_json_has_the_issue_s_shape(tmp_path, capsys):
    path = write(tmp_path, "lesson.yaml", LESSON)
    assert main(["lesson", "check", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == []
    [lesson] = data["lessons"]
    assert (lesson["file"], lesson["title"]) == (str(path), "Groups, not users")
    reading, change, keys = lesson["steps"]
    assert reading == {"title": "Look around", "unmet_at_start": None, "met_after_solution": None, "ok": True,
                       "problem": None, "warning": NOTHING_TO_DO,
                       "goals": [{"request": "alice lists users", "outcome": "allowed",
                                  "met_at_start": True, "met_after_solution": None}]}
    assert change["warning"] is None
    assert (change["unmet_at_start"], change["met_after_solution"], change["ok"]) == (True, True, True)
    assert change["goals"][2] == {"request": "alice lists users", "outcome": "allowed", "met_at_start": True,
                                  "met_after_solution": True}
    assert change["goals"][1] == {"request": None, "outcome": None, "check": "user-in-group", "user": "alice",
                                  "group": "Admins", "met_at_start": False, "met_after_solution": True}
    assert keys["title"] == "No long-lived keys"


def test_a_step_whose_solution_does_not_meet_its_goals_exits_1(tmp_path, capsys):
    text = LESSON.replace("          alice: {groups: [Admins]}",
                          "          alice: {groups: [Admins], access_keys: [{id: AKIAI44QH8DHBEXAMPLE}]}")
    path = write(tmp_path, "lesson.yaml", text)
    assert main(["lesson", "check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"FAIL {path}:44: step 3/3 No long-lived keys" in out
    assert "why: after the solution: alice has 1 access key" in out
    assert "goal not met: alice has no access keys" in out
    assert main(["lesson", "check", str(path), "--json"]) == 1
    step = json.loads(capsys.readouterr().out)["lessons"][0]["steps"][2]
    assert (step["ok"], step["unmet_at_start"], step["met_after_solution"]) == (False, True, False)


def test_invalid_input_exits_2_with_file_line_column(tmp_path, capsys):
    path = write(tmp_path, "lesson.yaml", LESSON.replace("outcome: allowed}]", "outcome: alowed}]", 1))
    assert main(["lesson", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:28:53: error: `alowed` is not an outcome\n  help: did you mean `allowed`?" in err
    assert main(["lesson", "check", str(path), "--json"]) == 2
    [error] = json.loads(capsys.readouterr().out)["errors"]
    assert (error["line"], error["column"], error["code"]) == (28, 53, "lesson.bad-outcome")


def test_directories_pass_over_scenarios_without_a_lesson_but_a_named_file_must_have_one(tmp_path, capsys):
    write(tmp_path, "lesson.yaml", LESSON)
    plain = write(tmp_path, "plain.yaml", LESSON[:LESSON.index("lesson:")])
    write(tmp_path, "notes.yaml", "just: notes\n")
    assert main(["lesson", "check", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [Path(lesson["file"]).name for lesson in data["lessons"]] == ["lesson.yaml"]
    assert main(["lesson", "check", str(plain)]) == 2
    assert f"{plain}: error: the file has no `lesson` block" in capsys.readouterr().err
    assert main(["lesson", "check", str(tmp_path / "missing.yaml")]) == 2


def test_the_bundled_course_passes():
    """`iam-studio lesson check scenarios/` through the installed command, as a course author runs it."""
    done = subprocess.run([sys.executable, "-m", "iam_studio.launcher", "lesson", "check", "scenarios", "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    data = json.loads(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert data["errors"] == []
    assert all(step["ok"] for lesson in data["lessons"] for step in lesson["steps"])
