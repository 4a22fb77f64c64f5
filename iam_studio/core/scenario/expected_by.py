"""`expect.by` entries follow renames: they name policies by address (`core/scenario/address.py`),
and an address changes when its policy, or the user, group, role or resource that owns it, is renamed."""
from __future__ import annotations

import dataclasses

from .model import ExpectedBy, Scenario


def rename_expected_by(scenario: Scenario, old_key: str, new_key: str) -> None:
    """Carry the entries naming node `old_key` to `new_key`: `policy/ADDRESS` is that policy; any other
    node key (`user/alice`) owns the addresses that start with it and `#` (`user/alice#inline/P`)."""
    if old_key.startswith("policy/"):
        old, new, exact = old_key[len("policy/"):], new_key[len("policy/"):], True
    else:
        old, new, exact = old_key + "#", new_key + "#", False
    for request in scenario.requests:
        if request.expect_by:
            request.expect_by = [_moved(e, old, new, exact) for e in request.expect_by]


def _moved(entry: ExpectedBy, old: str, new: str, exact: bool) -> ExpectedBy:
    if entry.policy == old if exact else entry.policy.startswith(old):
        policy = new + entry.policy[len(old):]
        return dataclasses.replace(entry, policy=policy, text=policy + entry.text[len(entry.policy):])
    return entry
