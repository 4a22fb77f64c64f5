"""`expect.by` entries name policies by address, so renames carry them (the edit would otherwise leave a
scenario the loader rejects)."""
from __future__ import annotations

from pathlib import Path

from iam_studio.core.engine.engine import Engine
from iam_studio.core.engine.expectation import check_expectation
from iam_studio.core.scenario import edits
from iam_studio.core.scenario.load import load_scenario

CASE = Path(__file__).resolve().parents[2] / "cases" / "evaluation" / "explicit-deny-wins.yaml"


def by_texts(scenario):
    return [[e.text for e in r.expect_by] for r in scenario.requests]


def test_renames_carry_the_entries_and_they_still_hold():
    scenario, _ = load_scenario(CASE)
    before = by_texts(scenario)
    edits.rename(scenario, "policy/S3Everything", "S3All")
    edits.rename(scenario, "user/carlos", "carl")
    edits.rename(scenario, "policy/user/carl#inline/CarlosDeny", "NoLogs")
    after = by_texts(scenario)
    assert after[0] == ["user/carl#inline/NoLogs#DenyS3Logs"]
    assert after[1] == ["user/carl#inline/NoLogs#AllowS3Self", "S3All#AllowS3"]
    assert sum(map(len, after)) == sum(map(len, before))
    engine = Engine(scenario)
    for spec in scenario.requests:
        assert check_expectation(spec, engine.evaluate(spec)).ok, spec.name
