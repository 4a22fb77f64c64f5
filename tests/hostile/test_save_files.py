"""Saving keeps every scalar as written and the file as the user set it up (issue 8)."""
from __future__ import annotations

import os
import stat
import time

import pytest

from iam_studio.core.atomic import backup_path
from iam_studio.core.engine.engine import Engine
from iam_studio.core.scenario.load import load_scenario, load_scenario_text
from iam_studio.core.scenario.save import dump_scenario_text, save_scenario

SPELLINGS = ["+1", "-0", "1e999", "1.50", "0x10", "1e3", "010", ".5", "0o17", "007", "1_000", ".inf",
             "-.5e-3", "0b1", "12e-0", "0.0"]


def scenario_text(padding: int = 0) -> str:
    condition = "\n".join(f"                aws:PrincipalTag/k{i}: {v}" for i, v in enumerate(SPELLINGS))
    tags = ", ".join(f"k{i}: '{v}'" for i, v in enumerate(SPELLINGS))
    return f"""\
iam_studio: 1
title: t
account: "123456789012"
users:
  ana:
    tags: {{{tags}}}
    inline:
      P:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "*"
            Resource: "*"
            Condition:
              StringEquals:
{condition}
requests:
  - {{name: tagged, principal: user/ana, action: s3:GetObject, resource: "*", expect: allowed}}
x-padding: "{'p' * padding}"
"""


def condition_values(scenario) -> list[str]:
    clause = scenario.users["ana"].inline["P"].statements[0].conditions
    return [value for c in clause for value in c.values]


@pytest.mark.parametrize("padding", [0, 300 * 1024], ids=["small", "over-256KB"])
def test_every_spelling_is_saved_as_written_and_the_decision_stays(padding):
    scenario, diagnostics = load_scenario_text(scenario_text(padding), "f.yaml")
    assert scenario is not None, [d.format() for d in diagnostics]
    assert condition_values(scenario) == SPELLINGS
    assert Engine(scenario).evaluate(scenario.requests[0]).decision.value == "allowed"
    scenario.title = "edited"                       # an edit: the document is written, not copied
    text = dump_scenario_text(scenario)
    for i, spelling in enumerate(SPELLINGS):
        assert f"aws:PrincipalTag/k{i}: {spelling}\n" in text or f"aws:PrincipalTag/k{i}: '{spelling}'\n" in text
    again, _ = load_scenario_text(text, "saved.yaml")
    assert condition_values(again) == SPELLINGS and again.title == "edited"
    assert Engine(again).evaluate(again.requests[0]).decision.value == "allowed"


def test_saving_follows_a_symlink_to_its_target(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_text(scenario_text())
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    scenario, _ = load_scenario(link)
    scenario.title = "through the link"
    assert save_scenario(scenario, link) == []
    assert link.is_symlink() and load_scenario(real)[0].title == "through the link"


def test_a_hard_linked_file_is_updated_in_place_and_keeps_its_links(tmp_path):
    first = tmp_path / "a.yaml"
    first.write_text(scenario_text())
    second = tmp_path / "b.yaml"
    os.link(first, second)
    scenario, _ = load_scenario(first)
    scenario.title = "both names"
    assert save_scenario(scenario, first) == []
    assert os.stat(first).st_ino == os.stat(second).st_ino and os.stat(first).st_nlink == 2
    assert load_scenario(second)[0].title == "both names"
    assert not backup_path(first).exists()


def test_permissions_are_kept_and_a_read_only_file_is_refused_even_for_root(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(scenario_text())
    os.chmod(path, 0o640)
    scenario, _ = load_scenario(path)
    scenario.title = "kept bits"
    assert save_scenario(scenario, path) == []
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    os.chmod(path, 0o444)
    before = path.read_text()
    scenario.title = "refused"
    problems = save_scenario(scenario, path)
    assert [p.code for p in problems] == ["file.read-only"] and "0444" in problems[0].message
    assert problems[0].help and problems[0].span and path.read_text() == before


def test_stale_temporary_files_of_killed_saves_are_cleaned_up(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(scenario_text())
    stale = tmp_path / ".s.yaml.abcd1234.tmp"
    fresh = tmp_path / ".s.yaml.efgh5678.tmp"           # perhaps another save, still running
    stale.write_text("half")
    fresh.write_text("half")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    scenario, _ = load_scenario(path)
    scenario.title = "x"
    assert save_scenario(scenario, path) == []
    assert not stale.exists() and fresh.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".s.yaml.efgh5678.tmp", "s.yaml"]


def test_a_scenario_whose_text_would_not_load_is_not_written(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(scenario_text())
    scenario, _ = load_scenario(path)
    before = path.read_text()
    scenario.requests[0].principal = "user/cleo"          # a dangling reference, however it came about
    problems = save_scenario(scenario, path)
    assert [p.code for p in problems] == ["file.would-not-open"] and "no user `cleo`" in problems[0].message
    assert path.read_text() == before and problems[0].help
