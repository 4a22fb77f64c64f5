"""A few plain lines about the selected canvas node: what it is, its ARN, its credentials, who uses it."""
from __future__ import annotations

from ...core.managed import AWS_POLICY_PREFIX
from ...core.policy.model import Policy, PolicyType
from ...core.scenario.address import Place, address_of, owner_request
from ...core.scenario.model import Scenario


def describe_node(scenario: Scenario, node_key: str) -> str:
    """Plain-text lines for the details header of the policy editor; "" for nothing selected."""
    kind, _, name = node_key.partition("/")
    if node_key == "root":
        return (f"Root user of account {scenario.account}\n"
                "Full access to everything in the account. Lock it with MFA and do not use it day to day.")
    if kind == "user" and name in scenario.users:
        user = scenario.users[name]
        keys = ", ".join(f"{k.id} ({k.status})" for k in user.access_keys) or "none"
        lines = [f"IAM user {user.name}  ·  {user.arn}",
                 f"Console password: {'yes' if user.console else 'no'}  ·  MFA device: {'yes' if user.mfa else 'no'}"
                 f"  ·  Access keys: {keys}"]
        if user.groups:
            lines.append("Groups: " + ", ".join(user.groups))
        return "\n".join(lines + _tags(user.tags))
    if kind == "group" and name in scenario.groups:
        group = scenario.groups[name]
        members = [u.name for u in scenario.users.values() if name in u.groups]
        return "\n".join([f"IAM group {group.name}  ·  {group.arn}",
                          f"Members ({len(members)}): {', '.join(members) or 'none yet'}  ·  "
                          "members inherit its policies; a group cannot contain another group"])
    if kind == "role" and name in scenario.roles:
        role = scenario.roles[name]
        trusted = _trusted(role)
        used_by = [r.name for r in scenario.resources.values() if r.role == name]
        lines = [f"IAM role {role.name}  ·  {role.arn}",
                 "No password and no access keys: whoever the trust policy allows assumes it and gets temporary "
                 "credentials"]
        if trusted:
            lines.append("Trusted: " + ", ".join(trusted))
        if used_by:
            lines.append("Runs on: " + ", ".join(used_by))
        return "\n".join(lines + _tags(role.tags))
    if kind == "resource" and name in scenario.resources:
        resource = scenario.resources[name]
        lines = [f"Resource {resource.name}  ·  {resource.arn}", f"Owner account: {resource.account}"]
        if resource.role:
            lines.append(f"Runs as role {resource.role}: code on it gets the role's temporary credentials")
        return "\n".join(lines + _tags(resource.tags))
    if kind == "policy":
        return _describe_policy(scenario, name)
    return ""


# A document written on its owner (not a managed policy): what it is, and that it is part of its owner.
_IN_PLACE = {
    Place.TRUST: ("Trust policy of {owner}: who may assume the role", "Part of: {owner}"),
    Place.INLINE: ("Inline policy {name} of {owner}: it lives and is deleted with it", "Part of: {owner}"),
    Place.RESOURCE: ("Resource-based policy of {owner}: who may use it, from any account", "Part of: {owner}"),
    Place.ATTACHED: ("Policy written in place in {owner}'s policies", "Attached to: {owner}"),
    Place.BOUNDARY: ("Permissions boundary of {owner}, written in place: the most it may be allowed",
                     "Caps: {owner}"),
    Place.SESSION: ("Session policy of {owner}: caps that role session", "Used by: {owner}"),
    Place.ENDPOINT: ("VPC endpoint policy of {owner}: what the endpoint lets through", "Used by: {owner}"),
}


# an organization's policies: what they are called and what they cap (orgs_manage_policies_scps.html, _rcps.html)
_ORG_KINDS = {PolicyType.SCP: ("SCP", "A service control policy: it caps what the member accounts' users, roles "
                               "and root users may do"),
              PolicyType.RCP: ("RCP", "A resource control policy: it caps what may be done with the member "
                               "accounts' resources")}


def _describe_policy(scenario: Scenario, key: str) -> str:
    address = address_of(key)
    if address is not None and address.place in _IN_PLACE:
        what, where = _IN_PLACE[address.place]
        request = owner_request(scenario, address)
        owner = f"the request “{request.name}”" if request is not None else address.owner or ""
        return "\n".join(line.format(owner=owner, name=address.name) for line in (what, where))
    policy = scenario.policy(key)
    if policy is not None and policy.policy_type in _ORG_KINDS:
        return _describe_org_policy(scenario, key, policy)
    if key.startswith(AWS_POLICY_PREFIX):
        what = f"AWS managed policy  ·  {key}  ·  read-only: AWS maintains it"
    elif key in scenario.policies and scenario.policies[key].arn:
        what = f"Customer managed policy  ·  {scenario.policies[key].arn}"
    else:
        what = f"Policy {key}"
    holders = [f"user/{u.name}" for u in scenario.users.values() if key in u.policies or u.boundary == key]
    holders += [f"group/{g.name}" for g in scenario.groups.values() if key in g.policies]
    holders += [f"role/{r.name}" for r in scenario.roles.values() if key in r.policies or r.boundary == key]
    return f"{what}\nAttached to: {', '.join(holders) or 'nothing yet'}"


def _describe_org_policy(scenario: Scenario, key: str, policy: Policy) -> str:
    """An SCP or RCP: the levels of the organization it is attached at first (a short header shows one line)."""
    title, caps = _ORG_KINDS[policy.policy_type]
    org = scenario.organization
    levels = (org.scps if policy.policy_type is PolicyType.SCP else org.rcps) if org else []
    at = [f"{level.target} ({_level_word(level.target)})" for level in levels or () if key in level.policies]
    aws = f"  ·  AWS managed: {policy.arn}" if policy.arn and "::aws:policy/" in policy.arn else ""
    return (f"{title} {key.rsplit('/', 1)[-1]}  ·  attached at {', '.join(at) or 'no level yet'}\n"
            f"{caps}, and grants nothing{aws}")


def _level_word(target: str) -> str:
    """What an organization target is, by the form of its id (r-..., ou-..., a 12-digit account)."""
    if target.startswith("r-"):
        return "the organization's root"
    if target.startswith("ou-"):
        return "an OU"
    return "an account" if target.isdigit() else "a level"


def _trusted(role) -> list[str]:
    if role.trust is None:
        return []
    out = []
    for st in role.trust.statements:
        if st.effect != "Allow" or st.principal is None:
            continue
        if st.principal.wildcard:
            out.append("everyone (*)")
            continue
        for _, values in st.principal.entries:
            out.extend(values)
    return out


def _tags(tags: dict[str, str]) -> list[str]:
    return ["Tags: " + ", ".join(f"{k}={v}" for k, v in tags.items())] if tags else []
