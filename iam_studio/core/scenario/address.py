"""Which policy: one address type for every place a policy document lives in a scenario.

The string form is what the loader names policies by (`Policy.name`), what the engine's trace
carries (`StatementRef.policy`) and what the GUI keys documents with:

| place | string form | example |
|---|---|---|
| customer managed policy | its name | `S3Read` |
| AWS managed policy | its ARN | `arn:aws:iam::aws:policy/ReadOnlyAccess` |
| organization policy shipped by AWS | its name | `FullAWSAccess` |
| inline policy | `OWNER#inline/NAME` | `user/alice#inline/SelfService` |
| trust policy | `role/NAME#trust` | `role/Deployer#trust` |
| resource-based policy | `resource/NAME#policy` | `resource/photos#policy` |
| a document written where a reference goes: | | |
| attached to an identity | `OWNER#policies/INDEX` | `group/Dev#policies/1` |
| boundary | `OWNER#boundary` | `role/App#boundary` |
| session policy of a request | `request/INDEX#session_policy/INDEX` | `request/3#session_policy/0` |
| VPC endpoint policy of a request | `request/INDEX#vpc_endpoint_policy` | `request/3#vpc_endpoint_policy` |
| SCP or RCP of an organization level | `scp/LEVEL#policies/INDEX`, `rcp/...` | `scp/0#policies/1` |

OWNER is a node key (`user/NAME`, `group/NAME`, `role/NAME`, `resource/NAME`); indexes count from
0 as written in the file, and after an edit as the saved file will have them (the edits renumber the
documents whose place moved). IAM names never hold `#`, so an address without `#` is a managed policy
(a key of `Scenario.policies`), and one with `#` is a document that lives with its owner. The
canvas's node key of a policy is `policy/` + its address.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from ..policy.model import Policy, PolicyType
from .key_policy import default_key_policy, is_kms_key
from .model import Group, RequestSpec, Resource, Role, Scenario, User


class Place(str, Enum):
    """Where a policy document lives; the value is the part after `#` in the string form."""

    MANAGED = "managed"
    INLINE = "inline"
    TRUST = "trust"
    RESOURCE = "policy"
    ATTACHED = "policies"
    BOUNDARY = "boundary"
    SESSION = "session_policy"
    ENDPOINT = "vpc_endpoint_policy"


# The places whose document is stored in `Scenario.policies` under the address (written in place
# of a reference); inline, trust and resource policies live on their owner.
REFERENCE_PLACES = (Place.ATTACHED, Place.BOUNDARY, Place.SESSION, Place.ENDPOINT)
_OWNER_KINDS = {Place.INLINE: ("user", "group", "role"), Place.TRUST: ("role",), Place.RESOURCE: ("resource",),
                Place.ATTACHED: ("user", "group", "role", "scp", "rcp"), Place.BOUNDARY: ("user", "role"),
                Place.SESSION: ("request",), Place.ENDPOINT: ("request",)}
_NAMED = (Place.INLINE, Place.ATTACHED, Place.SESSION)      # places that take `/NAME` after them


@dataclass(frozen=True, slots=True)
class PolicyAddress:
    """A policy's place: `owner` is a node key (None for managed), `name` the inline name or index."""

    place: Place
    owner: str | None = None
    name: str | None = None

    @classmethod
    def managed(cls, ref: str) -> PolicyAddress:
        return cls(Place.MANAGED, None, ref)

    @classmethod
    def inline(cls, owner: str, name: str) -> PolicyAddress:
        return cls(Place.INLINE, owner, name)

    @classmethod
    def trust(cls, role: str) -> PolicyAddress:
        return cls(Place.TRUST, f"role/{role}")

    @classmethod
    def resource(cls, resource: str) -> PolicyAddress:
        return cls(Place.RESOURCE, f"resource/{resource}")

    @classmethod
    def parse(cls, text: str) -> PolicyAddress | None:
        """The address a string names (a leading `policy/` is accepted), or None when it names none."""
        if text.startswith("policy/"):
            text = text[len("policy/"):]
        if "#" not in text:
            return cls(Place.MANAGED, None, text) if text else None
        owner, _, rest = text.partition("#")
        where, _, name = rest.partition("/")
        try:
            place = Place(where)
        except ValueError:
            return None
        kind, _, owner_name = owner.partition("/")
        if place is Place.MANAGED or kind not in _OWNER_KINDS[place] or not owner_name:
            return None
        if (place in _NAMED) != bool(name):
            return None
        if place in (Place.ATTACHED, Place.SESSION) and not name.isdigit():
            return None
        return cls(place, owner, name or None)

    def __str__(self) -> str:
        if self.place is Place.MANAGED:
            return self.name or ""
        tail = f"/{self.name}" if self.name is not None else ""
        return f"{self.owner}#{self.place.value}{tail}"

    @property
    def is_managed(self) -> bool:
        return self.place is Place.MANAGED

    @property
    def label(self) -> str:
        """The policy in words for a trace a class reads: `S3Read`, `Mine` (inline on user alice), the
        resource-based policy of employee-photos, ... (the address itself is for files and tools)."""
        owner = (self.owner or "").replace("/", " ")
        if self.place is Place.MANAGED:
            return f"`{(self.name or '').rsplit('/', 1)[-1]}`"
        if self.place is Place.INLINE:
            return f"`{self.name}` (inline on {owner})"
        return {Place.TRUST: f"the trust policy of {owner}",
                Place.RESOURCE: f"the resource-based policy of {self.owner_name}",
                Place.BOUNDARY: f"the permissions boundary of {owner}",
                Place.SESSION: "the session policy",
                Place.ENDPOINT: "the VPC endpoint policy"}.get(self.place, f"`{self}`")

    @property
    def is_aws_managed(self) -> bool:
        return self.place is Place.MANAGED and (self.name or "").startswith("arn:aws:iam::aws:policy/")

    @property
    def node_key(self) -> str:
        """The canvas's key of the policy's node."""
        return f"policy/{self}"

    @property
    def owner_kind(self) -> str | None:
        return self.owner.partition("/")[0] if self.owner else None

    @property
    def owner_name(self) -> str | None:
        return self.owner.partition("/")[2] if self.owner else None

    @property
    def policy_type(self) -> PolicyType | None:
        """The grammar a document in this place follows (None: a managed policy's own type)."""
        return {Place.TRUST: PolicyType.TRUST, Place.RESOURCE: PolicyType.RESOURCE,
                Place.BOUNDARY: PolicyType.BOUNDARY, Place.SESSION: PolicyType.SESSION,
                Place.ENDPOINT: PolicyType.VPC_ENDPOINT, Place.INLINE: PolicyType.IDENTITY,
                Place.ATTACHED: {"scp": PolicyType.SCP, "rcp": PolicyType.RCP}.get(self.owner_kind or "",
                                                                                    PolicyType.IDENTITY),
                }.get(self.place)


def is_managed_key(key: str) -> bool:
    """True when a key of `Scenario.policies` names a managed policy, not a document written in place."""
    return "#" not in key


def address_of(text: str) -> PolicyAddress | None:
    """Shorthand for `PolicyAddress.parse`."""
    return PolicyAddress.parse(text)


def find_policy(scenario: Scenario, address: PolicyAddress | str) -> Policy | None:
    """The parsed policy at an address, or None when there is none."""
    addr = PolicyAddress.parse(address) if isinstance(address, str) else address
    if addr is None:
        return None
    if addr.place is Place.MANAGED or addr.place in REFERENCE_PLACES:
        return scenario.policy(str(addr))
    owner = owner_object(scenario, addr)
    if owner is None:
        return None
    if addr.place is Place.INLINE:
        return owner.inline.get(addr.name) if addr.name is not None and not isinstance(owner, Resource) else None
    if addr.place is Place.TRUST:
        return owner.trust if isinstance(owner, Role) else None
    return owner.policy if isinstance(owner, Resource) else None


def owner_object(scenario: Scenario, address: PolicyAddress) -> User | Group | Role | Resource | None:
    """The user, group, role or resource an inline, trust or resource policy belongs to."""
    tables: dict[str, Mapping[str, User | Group | Role | Resource]] = {
        "user": scenario.users, "group": scenario.groups, "role": scenario.roles, "resource": scenario.resources}
    table = tables.get(address.owner_kind or "")
    return table.get(address.owner_name) if table is not None and address.owner_name is not None else None


def owner_request(scenario: Scenario, address: PolicyAddress) -> RequestSpec | None:
    """The saved request a session or VPC endpoint policy written in place belongs to (`request/N`)."""
    index = address.owner_name or ""
    if address.owner_kind != "request" or not index.isdigit() or int(index) >= len(scenario.requests):
        return None
    return scenario.requests[int(index)]


def addressed_policies(scenario: Scenario) -> dict[str, Policy]:
    """Every policy the scenario can evaluate, by its address: what deciding statements carry
    (`StatementRef.policy`, `check --json`'s `statements[].policy`, `expect.by` entries). AWS managed
    policies it references are included, and so is the default key policy of a KMS key declared
    without one (`resource/NAME#policy`, as the engine evaluates it)."""
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
