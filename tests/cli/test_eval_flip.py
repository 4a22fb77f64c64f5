"""`iam-studio eval ... --flip [--json]` and `--write-flip N OUT.yaml`."""
from __future__ import annotations

import json
from pathlib import Path

from iam_studio.cli.main import main

from .test_check import GOOD

WRITE = ["--principal", "user/alice", "--action", "s3:PutObject", "--resource", "arn:aws:s3:::photos/x.jpg"]


def test_flip_lists_each_change_with_what_it_touches_and_the_new_decision(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(GOOD)
    assert main(["eval", str(path), *WRITE, "--flip"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("IMPLICIT DENY")
    assert "What would flip this:" in out
    assert "0. add an Allow statement for s3:PutObject on arn:aws:s3:::photos/x.jpg to policy ReadPhotos -> ALLOWED" \
        in out
    assert "touches: ReadPhotos, statement AllowS3PutObject" in out


def test_flip_json(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(GOOD)
    assert main(["eval", str(path), *WRITE, "--flip", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["decision"] == "implicit_deny"
    assert data["flips"], data
    for flip in data["flips"]:
        assert {"change", "policy", "statement", "new_decision"} <= flip.keys()
        assert flip["new_decision"] == "allowed"
    assert data["flips"][0]["policy"] == "ReadPhotos" and data["flips"][0]["statement"] == 1


def test_write_flip_writes_a_file_that_gives_the_promised_decision(tmp_path, capsys):
    path, out = tmp_path / "s.yaml", tmp_path / "flipped.yaml"
    path.write_text(GOOD)
    assert main(["eval", str(path), *WRITE, "--write-flip", "0", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["written"] == {"file": str(out), "flip": 0, "decision": "allowed"}
    assert path.read_text() == GOOD
    assert main(["eval", str(out), *WRITE, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["decision"] == "allowed"
    # The added statement names exactly this object: the file's own request to write a.jpg stays denied.
    assert main(["check", str(out)]) == 0


def test_write_flip_of_an_allow(tmp_path, capsys):
    path, out = tmp_path / "s.yaml", tmp_path / "flipped.yaml"
    path.write_text(GOOD)
    read = ["--principal", "user/alice", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::photos/a.jpg"]
    assert main(["eval", str(path), *read, "--flip", "--json"]) == 0
    flips = json.loads(capsys.readouterr().out)["flips"]
    for index, flip in enumerate(flips):
        assert main(["eval", str(path), *read, "--write-flip", str(index), str(out)]) == 0
        assert f"the request is now {flip['new_decision'].replace('_', ' ').upper()}" in capsys.readouterr().out
        assert main(["eval", str(out), *read, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["decision"] == flip["new_decision"]


def test_write_flip_errors_name_the_option_and_never_trace_back(tmp_path, capsys):
    path, out = tmp_path / "s.yaml", tmp_path / "flipped.yaml"
    path.write_text(GOOD)
    assert main(["eval", str(path), *WRITE, "--write-flip", "7", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("--write-flip: error: there is no flip 7") and "Traceback" not in err
    assert main(["eval", str(path), *WRITE, "--write-flip", "first", str(out)]) == 2
    assert "`first` is not a flip number" in capsys.readouterr().err
    assert not out.exists()
    assert main(["eval", str(path), *WRITE, "--write-flip", "0", str(tmp_path / "missing" / "out.yaml")]) == 2
    err = capsys.readouterr().err
    assert "cannot write the file" in err and "Traceback" not in err


def test_a_saved_request_by_name(tmp_path, capsys):
    path, out = tmp_path / "s.yaml", tmp_path / "flipped.yaml"
    path.write_text(GOOD)
    assert main(["eval", str(path), "--request", "alice writes", "--write-flip", "0", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["decision"] == "implicit_deny" and data["written"]["decision"] == "allowed"
    assert "arn:aws:s3:::photos/a.jpg" in data["flips"][0]["change"]
    assert main(["check", str(out)]) == 1       # now the file's `alice writes` is allowed, not its expected deny
    assert "FAIL" in capsys.readouterr().out


def test_request_errors(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(GOOD)
    assert main(["eval", str(path), "--request", "alice write"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("--request: error:") and "did you mean `alice writes`?" in err
    assert main(["eval", str(path), "--request", "alice writes", "--principal", "user/alice"]) == 2
    assert "cannot be given with it" in capsys.readouterr().err
    assert main(["eval", str(path), "--principal", "user/alice"]) == 2
    assert "--action is required" in capsys.readouterr().err


def test_erin_is_told_to_join_the_group_first_and_the_written_file_has_her_in_it(tmp_path, capsys):
    lesson = str(Path(__file__).resolve().parents[2] / "scenarios" / "how-aws-decides.yaml")
    out = tmp_path / "flipped.yaml"
    assert main(["eval", lesson, "--request", "erin reads a photo", "--flip"]) == 0
    text = capsys.readouterr().out
    assert "  0. add user erin to group Developers -> ALLOWED\n     then allowed by: PhotosReadWrite, statement " \
           "ReadWriteDelete\n  1. attach policy PhotosReadWrite to user/erin -> ALLOWED\n" in text
    assert main(["eval", lesson, "--request", "erin reads a photo", "--write-flip", "0", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["kind"] for f in data["flips"]] == ["join_group", "attach_policy", "add_statement"]
    assert data["written"] == {"file": str(out), "flip": 0, "decision": "allowed"}
    assert "groups: [Developers]" in out.read_text()
    assert main(["eval", str(out), "--request", "erin reads a photo", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["decision"] == "allowed"
