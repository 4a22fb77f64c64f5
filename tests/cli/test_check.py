"""`iam-studio check` as the contract (shared spec, "Command line") defines it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from iam_studio.cli.main import main

GOOD = """\
iam_studio: 1
account: "123456789012"
policies:
  ReadPhotos:
    document:
      Version: "2012-10-17"
      Statement:
        - Sid: Read
          Effect: Allow
          Action: s3:GetObject
          Resource: "arn:aws:s3:::photos/*"
users:
  alice:
    policies: [ReadPhotos]
requests:
  - name: alice reads
    principal: user/alice
    action: s3:GetObject
    resource: arn:aws:s3:::photos/a.jpg
    expect: allowed
  - name: alice writes
    principal: user/alice
    action: s3:PutObject
    resource: arn:aws:s3:::photos/a.jpg
    expect: implicit_deny
  - name: no expectation
    principal: user/alice
    action: s3:GetObject
    resource: arn:aws:s3:::other/a.jpg
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_all_expectations_hold_exit_0(tmp_path, capsys):
    path = write(tmp_path, "good.yaml", GOOD)
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "PASS" in out and "alice reads: allowed" in out
    assert out.strip().splitlines()[-1].startswith("2 passed, 0 failed")


def test_a_failed_expectation_exits_1_and_says_why(tmp_path, capsys):
    path = write(tmp_path, "bad.yaml", GOOD.replace("expect: implicit_deny", "expect: allowed"))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "(expected allowed)" in out and "why:" in out


def test_json_output_has_the_contract_fields(tmp_path, capsys):
    path = write(tmp_path, "good.yaml", GOOD)
    assert main(["check", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["passed"] == 2 and data["failed"] == 0
    first = data["results"][0]
    assert set(first) >= {"file", "name", "principal", "action", "resource", "decision", "expected", "ok",
                          "statements"}
    assert first["principal"] == "arn:aws:iam::123456789012:user/alice"
    assert first["file"] == str(path)
    assert first["statements"] == [{"policy": "ReadPhotos", "sid": "Read", "index": 0, "effect": "Allow",
                                    "line": 8}]
    assert data["results"][2]["ok"] is None and data["results"][2]["expected"] is None
    assert data["results"][1]["statements"] == []


def test_directories_are_searched_and_non_scenarios_passed_over(tmp_path, capsys):
    write(tmp_path, "lessons/a.yaml", GOOD)
    write(tmp_path, "lessons/nested/b.yml", GOOD)
    write(tmp_path, "lessons/package.json", '{"name": "not a scenario"}')
    write(tmp_path, "lessons/notes.yaml", "title: just notes\n")
    assert main(["check", "--json", str(tmp_path / "lessons")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert sorted({Path(r["file"]).name for r in data["results"]}) == ["a.yaml", "b.yml"]
    assert data["passed"] == 4


def test_a_named_file_must_be_a_scenario(tmp_path, capsys):
    path = write(tmp_path, "notes.yaml", "title: just notes\n")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err and "Traceback" not in err


def test_invalid_files_are_listed_while_valid_ones_are_evaluated(tmp_path, capsys):
    good = write(tmp_path, "good.yaml", GOOD)
    bad = write(tmp_path, "bad.yaml", GOOD.replace("Effect: Allow", "Effect: Permit"))
    assert main(["check", "--json", str(good), str(bad)]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["passed"] == 2
    assert data["errors"] and data["errors"][0]["file"] == str(bad)
    error = data["errors"][0]
    assert error["line"] == 9 and isinstance(error["column"], int) and "Permit" in error["message"]


def test_invalid_input_is_reported_as_file_line_column(tmp_path, capsys):
    bad = write(tmp_path, "bad.yaml", GOOD.replace("    policies: [ReadPhotos]", "    policies: [ReadPhoto]"))
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:14:16:" in err and "`ReadPhoto`" in err and "ReadPhotos" in err


def test_missing_path_is_an_input_error(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_the_installed_command_runs_without_traceback(tmp_path):
    path = write(tmp_path, "bad.yaml", "iam_studio: 1\nusers: [\n")
    out = subprocess.run([sys.executable, "-m", "iam_studio", "check", str(path)], capture_output=True, text=True)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and f"{path}:" in out.stderr


def test_an_engine_failure_is_reported_not_raised(tmp_path, capsys, monkeypatch):
    """Even a bug in the engine gives a FILE:LINE message and exit 2, and the other requests still run."""
    from iam_studio.core.engine.engine import Engine

    real = Engine.evaluate

    def flaky(self, spec, **kw):
        if spec.name == "alice writes":
            raise RuntimeError("boom")
        return real(self, spec, **kw)

    monkeypatch.setattr(Engine, "evaluate", flaky)
    path = write(tmp_path, "good.yaml", GOOD)
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    assert "alice reads: allowed" in captured.out
    assert f"{path}:" in captured.err and "boom" in captured.err and "Traceback" not in captured.err


ADDRESSED = """\
iam_studio: 1
account: "123456789012"
users:
  alice:
    policies: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
    inline:
      Tag:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: "iam:TagUser", Resource: "*"}
requests:
  - {name: managed, principal: user/alice, action: s3:GetObject, resource: "arn:aws:s3:::photos/a.jpg"}
  - {name: inline, principal: user/alice, action: iam:TagUser, resource: "arn:aws:iam::123456789012:user/alice"}
"""


def test_json_names_an_aws_managed_policy_by_its_arn_and_an_inline_one_by_its_address(tmp_path, capsys):
    """Customer managed policies keep their bare name (above); the others use the one policy address."""
    path = write(tmp_path, "addressed.yaml", ADDRESSED)
    assert main(["check", "--json", str(path)]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert [s["policy"] for s in results[0]["statements"]] == ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
    assert [s["policy"] for s in results[1]["statements"]] == ["user/alice#inline/Tag"]
