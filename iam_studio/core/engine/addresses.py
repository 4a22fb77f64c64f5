"""Every policy a scenario can evaluate, by the address deciding statements carry (`StatementRef.policy`,
`check --json`'s `statements[].policy`, `expect.by` entries): the string form of
`core/scenario/address.py`'s `PolicyAddress`, plus the default key policy of a KMS key declared
without one (`resource/NAME#policy`, as the engine evaluates it)."""
from __future__ import annotations

from ..policy.model import Policy
from ..scenario.address import PolicyAddress
from ..scenario.model import Group, Role, Scenario, User
from .key_policy import default_key_policy, is_kms_key


def addressed_policies(scenario: Scenario) -> dict[str, Policy]:
    """Every policy of the scenario by its address (AWS managed policies it references included)."""
    out: dict[str, Policy] = {}
    referenced: list[str] = []
    identities: list[User | Group | Role] = [*scenario.users.values(), *scenario.groups.values(),
                                             *scenario.roles.values()]
    for identity in identities:
        referenced += identity.policies
        if not isinstance(identity, Group) and identity.boundary:
            referenced.append(identity.boundary)
        for inline in identity.inline.values():
            out[inline.name] = inline
    for role in scenario.roles.values():
        if role.trust is not None:
            out[str(PolicyAddress.trust(role.name))] = role.trust
    for resource in scenario.resources.values():
        policy = resource.policy
        if policy is None and is_kms_key(resource.arn):
            policy = default_key_policy(resource.account)
        if policy is not None:
            out[str(PolicyAddress.resource(resource.name))] = policy
    org = scenario.organization
    for levels in ((org.scps, org.rcps) if org else ()):
        for level in levels or ():
            referenced += level.policies
    for spec in scenario.requests:
        referenced += spec.session_policies
        if spec.vpc_endpoint_policy:
            referenced.append(spec.vpc_endpoint_policy)
    for ref in referenced:
        policy = scenario.policy(ref)
        if policy is not None:
            out.setdefault(ref, policy)
    for name, policy in scenario.policies.items():
        out.setdefault(name, policy)
    return out
