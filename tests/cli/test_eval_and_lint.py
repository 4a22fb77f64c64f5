"""`iam-studio eval` and `iam-studio lint`."""
from __future__ import annotations

import json

from iam_studio.cli.main import main

from .test_check import GOOD


def test_eval_prints_the_decision_and_the_deciding_statement(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(GOOD)
    assert main(["eval", str(path), "--principal", "user/alice", "--action", "s3:GetObject",
                 "--resource", "arn:aws:s3:::photos/x.jpg"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ALLOWED: s3:GetObject")
    assert "ReadPhotos statement Read (line 8)" in out


def test_eval_explain_prints_every_step(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(GOOD)
    assert main(["eval", str(path), "--principal", "user/alice", "--action", "s3:PutObject",
                 "--resource", "arn:aws:s3:::photos/x.jpg", "--explain"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("IMPLICIT DENY")
    assert "[authentication]" in out and "[identity]" in out and "[verdict]" in out
    assert "s3:PutObject" in out and "does not apply" in out


def test_eval_context_and_json(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(GOOD)
    assert main(["eval", str(path), "--principal", "user/alice", "--action", "s3:GetObject",
                 "--resource", "arn:aws:s3:::photos/x.jpg", "--context", "aws:SourceIp=10.1.2.3",
                 "--context", "aws:TagKeys=a", "--context", "aws:TagKeys=b", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["decision"] == "allowed"
    assert data["context"]["aws:SourceIp"] == ["10.1.2.3"]
    assert data["context"]["aws:TagKeys"] == ["a", "b"]
    assert data["context"]["aws:username"] == ["alice"]
    assert any(step["stage"] == "identity" for step in data["trace"])


def test_eval_unknown_principal_is_an_input_error(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(GOOD)
    assert main(["eval", str(path), "--principal", "user/mallory", "--action", "s3:GetObject"]) == 2
    assert "mallory" in capsys.readouterr().err


def test_eval_bad_context_is_an_input_error(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(GOOD)
    assert main(["eval", str(path), "--principal", "user/alice", "--action", "s3:GetObject",
                 "--context", "novalue"]) == 2
    assert "KEY=VALUE" in capsys.readouterr().err


def test_lint_clean_policy(tmp_path, capsys):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/*"}]}))
    assert main(["lint", str(path)]) == 0
    assert "no problems" in capsys.readouterr().out


def test_lint_reports_errors_with_positions(tmp_path, capsys):
    path = tmp_path / "p.json"
    path.write_text('{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Principal": "*",\n'
                    '    "Action": "s3:GetObject", "Resource": "*"}]\n}\n')
    assert main(["lint", str(path)]) == 2
    out = capsys.readouterr().out
    assert f"{path}:3:" in out and "Principal" in out


def test_lint_resource_type_accepts_principal(tmp_path, capsys):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/*"}]}))
    assert main(["lint", "--type", "resource", str(path)]) == 0


def test_lint_unreadable_file(tmp_path, capsys):
    assert main(["lint", str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().out


def test_eval_plain_says_it_in_the_sentences_of_the_beginner_depth(capsys):
    from pathlib import Path

    from iam_studio.core.engine.engine import Engine
    from iam_studio.core.engine.plain import plain_sentences
    from iam_studio.core.scenario.load import load_scenario
    lesson = str(Path(__file__).parents[2] / "scenarios" / "employee-directory.yaml")
    name = "alice cannot delete a photo, although S3PhotosReadWrite allows it"
    assert main(["eval", lesson, "--request", name, "--plain"]) == 0
    lines = capsys.readouterr().out.splitlines()
    scenario, _ = load_scenario(lesson)
    spec = next(r for r in scenario.requests if r.name == name)
    told = [s.text for s in plain_sentences(Engine(scenario).evaluate(spec, explain=True), scenario)]
    assert lines[0].startswith("EXPLICIT DENY") and [line.strip() for line in lines[1:]] == told
    assert "why:" not in lines and "Without that Deny, the policy S3PhotosReadWrite" in lines[4]
    assert main(["eval", lesson, "--request", name, "--plain", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["plain"] == told
