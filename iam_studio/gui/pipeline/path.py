"""From the engine's statement references to the document's policy keys and the canvas's node keys."""
from __future__ import annotations

from collections.abc import Sequence

from ...core.engine.result import StatementRef
from ...core.scenario.model import RequestSpec, Scenario


def policy_key(ref: StatementRef) -> str:
    """The document's key (the policy's address, `address.py`) of the policy a statement belongs to."""
    return ref.policy


def principal_node(scenario: Scenario, principal: str) -> list[str]:
    """Canvas nodes of the caller: `user/alice`; a compute resource and the role it runs as; `root`."""
    text = principal.strip()
    if text in scenario.resources and scenario.resources[text].role:
        return [f"resource/{text}", f"role/{scenario.resources[text].role}"]
    if text.startswith(("user/", "role/")) or text == "root":
        return [text]
    for kind, table in (("user", scenario.users), ("role", scenario.roles)):
        for name, ident in table.items():
            if text == ident.arn or (kind == "role" and f":assumed-role/{name}/" in text):
                return [f"{kind}/{name}"]
    if text.endswith(":root"):
        return ["root"]
    return []


def resource_node(scenario: Scenario, resource: str) -> list[str]:
    """The declared resource a request targets (or the bucket that holds an S3 object)."""
    for name, res in scenario.resources.items():
        if res.arn == resource or (resource.startswith(res.arn + "/") and res.arn.startswith("arn:aws:s3:::")):
            return [f"resource/{name}"]
    return []


def highlight_path(scenario: Scenario, spec: RequestSpec, refs: Sequence[StatementRef],
                   guardrails: Sequence[str] = ()) -> list[str]:
    """Nodes to light for a step: caller -> (group) -> policy for each statement in `refs`, each guardrail
    (policy addresses: a boundary, a session or organization policy), then the resource; in that order,
    without repeats."""
    keys = principal_node(scenario, spec.principal)
    for ref in refs:
        if ref.attached_to:
            keys.append(ref.attached_to.split(" (", 1)[0])
        keys.append(f"policy/{policy_key(ref)}")
    keys += [f"policy/{address}" for address in guardrails]
    keys += resource_node(scenario, spec.resource)
    return list(dict.fromkeys(keys))
