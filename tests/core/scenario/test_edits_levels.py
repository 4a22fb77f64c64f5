"""Attaching an SCP or RCP to one organization level, and detaching it from one level only."""
from __future__ import annotations

from pathlib import Path

import pytest

from iam_studio.core.scenario import edits
from iam_studio.core.scenario.load import load_scenario

CASE = Path(__file__).resolve().parents[2] / "cases" / "evaluation" / "scp-levels.yaml"


def test_an_scp_attaches_to_and_detaches_from_one_level():
    sc, _ = load_scenario(CASE)
    edits.attach_to_level(sc, "scp", 1, "policy/FullAWSAccess")
    assert sc.organization.scps[1].policies == ["AllowS3AndEc2", "FullAWSAccess"]
    edits.detach_from_level(sc, "scp", 0, "policy/FullAWSAccess")
    assert sc.organization.scps[0].policies == ["DenyOutsideUsEast1"]
    assert sc.organization.scps[1].policies == ["AllowS3AndEc2", "FullAWSAccess"]


@pytest.mark.parametrize("which, index, policy, reason", [
    ("scp", 0, "policy/FullAWSAccess", "already attached"),
    ("scp", 2, "policy/Admin", "is not an SCP"),
    ("rcp", 0, "policy/RCPFullAWSAccess", "no RCP level"),
    ("scp", 9, "policy/FullAWSAccess", "no SCP level"),
    ("vpc", 0, "policy/FullAWSAccess", "hold SCPs"),
])
def test_attaching_what_cannot_be_attached_is_refused(which, index, policy, reason):
    sc, _ = load_scenario(CASE)
    with pytest.raises(edits.Refused, match=reason):
        edits.attach_to_level(sc, which, index, policy)


def test_detaching_what_is_not_there_is_refused_and_changes_nothing():
    sc, _ = load_scenario(CASE)
    with pytest.raises(edits.Refused, match="not attached at ou-workloads"):
        edits.detach_from_level(sc, "scp", 1, "policy/FullAWSAccess")
    assert [level.policies for level in sc.organization.scps] == [
        ["FullAWSAccess", "DenyOutsideUsEast1"], ["AllowS3AndEc2"], ["AllowS3Only", "DenyBucketDelete"]]
