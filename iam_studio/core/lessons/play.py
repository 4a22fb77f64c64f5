"""Playing a lesson: the active step's locks refuse edits, and whole-account moves (reset, a step's
stored solution) as one edit each.

- `guard_locks(locks, operation)` wraps any edit operation (`operation(scenario, ...)`): when it changed a
  locked policy or node (its document, its attachments, its name, or deleted it), the scenario is put back
  and `edits.Refused` says which lock refused it. Moving a node on the canvas is not a change of the node.
- `become(scenario, other)`: an edit operation that gives `scenario` the whole state of `other` (for
  "reset the lesson" and "show the solution"; wrap it in `edits.record` to undo it).
"""
from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from ..scenario import edits
from ..scenario.address import PolicyAddress, find_policy
from ..scenario.model import Scenario

_TABLES = {"user": "users", "group": "groups", "role": "roles", "resource": "resources"}


def _state(scenario: Scenario, key: str) -> Any:
    """What a lock holds still: the policy object at an address (edits replace policies, never change
    them in place), a node's whole record, or the root user's MFA."""
    if key == "root":
        return scenario.root_mfa
    kind, _, name = key.partition("/")
    if kind == "policy":
        address = PolicyAddress.parse(name)
        return (find_policy(scenario, address) if address is not None else None, _attached_to(scenario, name))
    table = _TABLES.get(kind)
    return getattr(scenario, table).get(name) if table else None


def _attached_to(scenario: Scenario, ref: str) -> tuple[str, ...]:
    """Where a managed policy is attached: identities (as permissions or boundary) and organization levels."""
    found = [f"{kind}/{name}{' (boundary)' if getattr(ident, 'boundary', None) == ref else ''}"
             for kind, table in (("user", scenario.users), ("group", scenario.groups), ("role", scenario.roles))
             for name, ident in table.items() if ref in ident.policies or getattr(ident, "boundary", None) == ref]
    org = scenario.organization
    for which in ("scps", "rcps"):
        for i, level in enumerate((getattr(org, which) or []) if org is not None else []):
            if ref in level.policies:
                found.append(f"{which}[{i}]")
    return tuple(found)


def _same(kind: str, before: Any, now: Any) -> bool:
    """Policies by identity (and their attachments), nodes by value."""
    return (before[0] is now[0] and before[1] == now[1]) if kind == "policy" else before == now


def locked_reason(key: str) -> str:
    return (f"`{key}` is locked while this step is active: the step is about something else, so it stays "
            "as it is (a later step may unlock it)")


def guard_locks(locks: Collection[str], operation: Callable[..., Any]) -> Callable[..., Any]:
    """`operation`, refused (the scenario put back) when it changes anything in `locks`. A lesson's own
    moves (`become`: reset, a stored solution) are not the learner's edits, so locks do not hold them."""
    if not locks or operation is become:
        return operation

    def run(scenario: Scenario, *args: Any, **kwargs: Any) -> Any:
        before = edits.snapshot(scenario)
        held = Scenario(**before)
        result = operation(scenario, *args, **kwargs)
        for key in sorted(locks):
            if not _same(key.partition("/")[0], _state(held, key), _state(scenario, key)):
                edits.Change(scenario, before, before, None).undo()
                raise edits.Refused(locked_reason(key))
        return result

    return run


def become(scenario: Scenario, other: Scenario) -> None:
    """Give `scenario` every part of `other`'s state (its file and source stay): one edit."""
    edits.Change(scenario, {}, edits.snapshot(other), None).redo()
