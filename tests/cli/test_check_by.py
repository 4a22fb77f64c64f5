"""`expect: {decision, by}`: `check` compares the deciding statements too (issue 7, "Deciding statements
in every expectation"); the plain `expect: OUTCOME` keeps working."""
from __future__ import annotations

import json

from iam_studio.cli.main import main

from .test_check import GOOD, write

BOUNDED = """\
iam_studio: 1
account: "123456789012"
policies:
  ReadPhotos:
    document:
      Version: "2012-10-17"
      Statement:
        - Sid: Read
          Effect: Allow
          Action: ["s3:GetObject", "s3:PutObject"]
          Resource: "arn:aws:s3:::photos/*"
        - Effect: Allow
          Action: s3:GetObject
          Resource: "arn:aws:s3:::photos/*"
  NoPuts:
    document:
      Version: "2012-10-17"
      Statement:
        - {Sid: OnlyGets, Effect: Allow, Action: s3:GetObject, Resource: "*"}
users:
  alice:
    policies: [ReadPhotos]
    boundary: NoPuts
requests:
  - name: read
    principal: user/alice
    action: s3:GetObject
    resource: arn:aws:s3:::photos/a.jpg
    expect: {decision: allowed, by: ["ReadPhotos#Read", "ReadPhotos#1"]}
  - name: write capped by the boundary
    principal: user/alice
    action: s3:PutObject
    resource: arn:aws:s3:::photos/a.jpg
    expect: {decision: implicit_deny, by: [NoPuts]}
  - name: nothing allows
    principal: user/alice
    action: s3:DeleteObject
    resource: arn:aws:s3:::photos/a.jpg
    expect: {decision: implicit_deny, by: []}
"""


def test_by_holds_with_sids_indexes_and_guardrails(tmp_path, capsys):
    path = write(tmp_path, "b.yaml", BOUNDED)
    assert main(["check", "--json", str(path)]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert [r["ok"] for r in results] == [True, True, True]
    assert results[0]["expected"] == "allowed"
    assert results[0]["expected_by"] == ["ReadPhotos#Read", "ReadPhotos#1"]
    assert results[0]["by"] == ["ReadPhotos#Read", "ReadPhotos#1"]
    assert results[1]["by"] == ["NoPuts"] and results[2]["by"] == []


def test_the_right_verdict_for_the_wrong_statement_fails(tmp_path, capsys):
    path = write(tmp_path, "b.yaml", BOUNDED.replace('by: ["ReadPhotos#Read", "ReadPhotos#1"]', 'by: ["ReadPhotos#1"]'))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "read: allowed" in out and "(expected" not in out.split("\n")[0]
    assert "deciding but not expected: ReadPhotos#Read" in out
    capsys.readouterr()
    assert main(["check", "--json", str(path)]) == 1
    first = json.loads(capsys.readouterr().out)["results"][0]
    assert first["decision"] == first["expected"] == "allowed" and first["ok"] is False


def test_a_missing_guardrail_fails(tmp_path, capsys):
    path = write(tmp_path, "b.yaml", BOUNDED.replace("by: [NoPuts]", "by: []"))
    assert main(["check", str(path)]) == 1
    assert "deciding but not expected: NoPuts" in capsys.readouterr().out


def test_an_expected_statement_that_does_not_decide_fails(tmp_path, capsys):
    path = write(tmp_path, "b.yaml", BOUNDED.replace("by: []}", 'by: ["ReadPhotos#Read"]}'))
    assert main(["check", str(path)]) == 1
    assert "expected but not deciding: ReadPhotos#Read" in capsys.readouterr().out


def test_the_plain_form_keeps_working_and_has_no_expected_by(tmp_path, capsys):
    path = write(tmp_path, "good.yaml", GOOD)
    assert main(["check", "--json", str(path)]) == 0
    first = json.loads(capsys.readouterr().out)["results"][0]
    assert first["expected"] == "allowed" and first["expected_by"] is None and first["ok"] is True
    assert first["by"] == ["ReadPhotos#Read"]


def test_unknown_policies_and_statements_are_input_errors_with_positions(tmp_path, capsys):
    text = BOUNDED.replace('"ReadPhotos#1"]', '"ReadPhoto#1", "ReadPhotos#Raed", "ReadPhotos#7"]')
    path = write(tmp_path, "b.yaml", text)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    line = text.splitlines().index([x for x in text.splitlines() if "ReadPhoto#1" in x][0]) + 1
    assert f"{path}:{line}:" in err
    assert "names no policy `ReadPhoto`" in err and "did you mean `ReadPhotos`?" in err
    assert "has no statement with Sid `Raed`" in err and "did you mean `ReadPhotos#Read`?" in err
    assert "has no statement #7" in err


def test_expect_mapping_needs_a_decision(tmp_path, capsys):
    path = write(tmp_path, "b.yaml", BOUNDED.replace("{decision: implicit_deny, by: []}", "{by: []}"))
    assert main(["check", str(path)]) == 2
    assert "`expect` has no `decision`" in capsys.readouterr().err
