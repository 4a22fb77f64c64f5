"""Which policy documents a canvas node holds, as (label, policy key, kind) entries for the chooser."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ...core.scenario.address import PolicyAddress
from ...core.scenario.model import Group, Resource, Role, Scenario, User


@dataclass(frozen=True, slots=True)
class PolicyEntry:
    label: str          # what the chooser shows, e.g. "Attached: S3PhotosReadWrite"
    key: str            # the document's policy address (`core/scenario/address.py`)
    kind: str           # attached | inline | group | boundary | trust | resource | policy


def policies_of(scenario: Scenario, node_key: str) -> list[PolicyEntry]:
    """The documents a node holds, in the order a learner meets them; [] for root, anonymous or unknown."""
    kind, _, name = node_key.partition("/")
    if kind == "policy":
        return [PolicyEntry(_short(name), name, "policy")] if name else []
    tables: dict[str, Mapping[str, User | Group | Role | Resource]] = {
        "user": scenario.users, "group": scenario.groups, "role": scenario.roles, "resource": scenario.resources}
    table = tables.get(kind)
    obj = table.get(name) if table is not None else None
    if obj is None:
        return []
    out: list[PolicyEntry] = []
    if kind == "role":
        out.append(PolicyEntry("Trust policy (who may assume it)", str(PolicyAddress.trust(name)), "trust"))
    if isinstance(obj, Resource):
        label = "Resource-based policy" if obj.policy is not None else "Resource-based policy (none yet)"
        out.append(PolicyEntry(label, str(PolicyAddress.resource(name)), "resource"))
        return out
    for ref in obj.policies:
        out.append(PolicyEntry(f"Attached: {_short(ref)}", ref, "attached"))
    for inline in obj.inline:
        out.append(PolicyEntry(f"Inline: {inline}", str(PolicyAddress.inline(node_key, inline)), "inline"))
    for group_name in getattr(obj, "groups", ()):
        group = scenario.groups.get(group_name)
        for ref in group.policies if group else ():
            out.append(PolicyEntry(f"Via group {group_name}: {_short(ref)}", ref, "group"))
        for inline in group.inline if group else ():
            out.append(PolicyEntry(f"Via group {group_name}: {inline} (inline)",
                                   str(PolicyAddress.inline(f"group/{group_name}", inline)), "group"))
    boundary = getattr(obj, "boundary", None)
    if boundary:
        out.append(PolicyEntry(f"Permissions boundary: {_short(boundary)}", boundary, "boundary"))
    return out


def _short(ref: str) -> str:
    return ref.rsplit("/", 1)[-1] if ref.startswith("arn:") else ref
