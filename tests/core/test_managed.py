"""The shipped AWS managed policies are found by their entries' openings and decoded one by one."""
from __future__ import annotations

import gzip
import json

from iam_studio.core import managed


def test_every_shipped_policy_is_found_with_its_name_and_document():
    table = json.loads(gzip.decompress(managed.managed_policies_file().read_bytes()))
    assert managed.managed_policy_arns() == sorted(entry["arn"] for entry in table.values())
    for name, entry in table.items():
        assert managed.find_managed_arn(name) == entry["arn"]
        assert managed.managed_policy_document(entry["arn"]) == entry["document"]


def test_an_arn_the_tool_does_not_ship_has_no_document():
    assert managed.managed_policy_document("arn:aws:iam::aws:policy/NoSuchPolicy") is None
    assert managed.find_managed_arn("NoSuchPolicy") is None
