"""Saving scenarios: comments and key order survive, and load → save → load gives the same model."""
from __future__ import annotations

import os
from pathlib import Path

from iam_studio.core.atomic import write_text_atomic
from iam_studio.core.located import from_plain
from iam_studio.core.policy.model import PolicyType
from iam_studio.core.policy.parse import parse_policy
from iam_studio.core.scenario.load import load_scenario, load_scenario_text
from iam_studio.core.scenario.model import User
from iam_studio.core.scenario.save import dump_scenario_text, save_scenario, scenario_to_plain

TEXT = """\
# Employee directory: a lesson
iam_studio: 1
title: Round trip
account: "123456789012"   # the home account

policies:
  S3Read:
    description: read photos
    document:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow          # allow reading
          Action: s3:GetObject
          Resource: "arn:aws:s3:::photos/*"

users:
  alice:
    groups: [Developers]   # inherits S3Read
    path: /
    console: true
  bob: {}

groups:
  Developers:
    policies: [S3Read, {Version: "2012-10-17", Statement: [{Effect: Deny, Action: "s3:DeleteObject", Resource: "*"}]}]

requests:
  # alice reads through her group
  - name: alice reads
    principal: user/alice
    action: s3:GetObject
    resource: arn:aws:s3:::photos/a.jpg
    context: {aws:SecureTransport: true, aws:SourceIp: [10.0.0.1, 10.0.0.2]}
    session_policy: S3Read
    expect: allowed
layout:
  user/alice: [10, 20]
"""


def load(text):
    scenario, diagnostics = load_scenario_text(text)
    assert scenario is not None, [d.format() for d in diagnostics]
    return scenario


def test_unchanged_scenario_saves_byte_for_byte():
    assert dump_scenario_text(load(TEXT)) == TEXT


def test_edit_changes_only_the_edited_parts_and_keeps_comments():
    scenario = load(TEXT)
    scenario.users["carol"] = User("carol", scenario.account, groups=["Developers"])
    scenario.requests[0].expect = "implicit_deny"
    scenario.extra["layout"]["user/carol"] = [30, 40]
    out = dump_scenario_text(scenario)
    assert "# Employee directory: a lesson" in out and "# inherits S3Read" in out
    assert "# alice reads through her group" in out and "# allow reading" in out
    assert "expect: implicit_deny" in out and "carol:" in out
    removed = [line for line in TEXT.splitlines() if line not in out.splitlines()]
    assert removed == ["    expect: allowed"]
    again = load(out)
    assert again.users["carol"].groups == ["Developers"]
    assert again.extra["layout"]["user/carol"] == [30, 40]


def test_round_trip_with_and_without_the_document_gives_the_same_model():
    scenario = load(TEXT)
    plain = scenario_to_plain(scenario)
    assert scenario_to_plain(load(dump_scenario_text(scenario))) == plain
    scenario.source = None
    clean = dump_scenario_text(scenario)
    assert "#" not in clean
    assert scenario_to_plain(load(clean)) == plain


def test_removed_user_and_new_policy_document():
    scenario = load(TEXT)
    del scenario.users["bob"]
    policy, _ = parse_policy(from_plain({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::photos"}]}),
        PolicyType.IDENTITY, "S3Read")
    policy.description = "read photos"
    scenario.policies["S3Read"] = policy
    again = load(dump_scenario_text(scenario))
    assert "bob" not in again.users
    assert again.policies["S3Read"].statements[0].action.values == ("s3:ListBucket",)


def test_strings_that_look_like_other_types_stay_strings():
    scenario = load(TEXT)
    scenario.source = None
    scenario.title = "yes"
    scenario.requests[0].context["k:v"] = ["012", "true", "1.5", "null"]
    again = load(dump_scenario_text(scenario))
    assert again.title == "yes"
    assert again.requests[0].context["k:v"] == ["012", "true", "1.5", "null"]


def test_save_scenario_writes_atomically(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(TEXT)
    os.chmod(path, 0o640)
    scenario, _ = load_scenario(path)
    scenario.title = "Changed"
    assert save_scenario(scenario, path) == []
    assert "title: Changed" in path.read_text()
    assert oct(os.stat(path).st_mode & 0o777) == oct(0o640)
    assert [p.name for p in tmp_path.iterdir()] == ["s.yaml"]


def test_save_to_a_missing_folder_is_a_diagnostic(tmp_path):
    diagnostics = save_scenario(load(TEXT), tmp_path / "nope" / "s.yaml")
    assert diagnostics[0].code == "file.unwritable"


def test_write_text_atomic_keeps_the_old_file_when_the_rename_fails(tmp_path, monkeypatch):
    import pytest

    target = tmp_path / "a.txt"
    write_text_atomic(target, "one")

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_text_atomic(target, "two")
    assert target.read_text() == "one"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_deciding_statements_in_expect_survive_a_save():
    path = Path(__file__).resolve().parents[2] / "cases" / "evaluation" / "boundaries.yaml"
    text = path.read_text()
    scenario = load(text)
    assert dump_scenario_text(scenario) == text
    scenario.source = None
    again = load(dump_scenario_text(scenario))
    assert [[e.text for e in r.expect_by] for r in again.requests] == \
        [[e.text for e in r.expect_by] for r in scenario.requests]
    assert [r.expect for r in again.requests] == [r.expect for r in scenario.requests]
