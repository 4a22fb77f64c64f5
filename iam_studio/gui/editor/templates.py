"""Starting points for common policies, by policy type: what an instructor types most often."""
from __future__ import annotations

import json

from ...core.policy.model import PolicyType
from ...core.resource_files import resource_path


def _load(name: str) -> dict[str, str]:
    """resources/templates/NAME.json: template name -> document, as the editor's JSON text."""
    table = json.loads(resource_path("templates", f"{name}.json").read_text(encoding="utf-8"))
    return {title: json.dumps(doc, indent=2) + "\n" for title, doc in table.items()}


IDENTITY_TEMPLATES = _load("identity")
RESOURCE_TEMPLATES = _load("resource")
TRUST_TEMPLATES = _load("trust")
SCP_TEMPLATES = _load("scp")


def templates_for(policy_type: PolicyType) -> dict[str, str]:
    """Templates that are valid for a policy of this type (name -> JSON text)."""
    if policy_type is PolicyType.TRUST:
        return dict(TRUST_TEMPLATES)
    if policy_type in (PolicyType.RESOURCE, PolicyType.RCP, PolicyType.VPC_ENDPOINT):
        return dict(RESOURCE_TEMPLATES)
    if policy_type is PolicyType.SCP:
        return dict(SCP_TEMPLATES)
    return dict(IDENTITY_TEMPLATES)
