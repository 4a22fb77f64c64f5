"""The single edits "what would flip this?" suggests: one statement, one attachment or one membership.

Each change is a small immutable value with `apply(scenario)` (changes the scenario in place) and
`describe()` (what it does, in words). Statement edits rewrite the policy's full document (as the
file holds it, Conditions and all) and read it back through the one policy parser, so nothing is
dropped and an edit the parser would reject is refused instead of applied.

Where a policy lives is a `PolicySite`: a key of `Scenario.policies` (customer managed policies and
documents given inline where a reference is expected), an inline policy of a user, group or role,
a role's trust policy, or a declared resource's resource-based policy.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..located import from_plain
from ..policy.model import Policy, PolicyType
from ..policy.parse import parse_policy
from ..scenario.load import TYPE_LIMITS
from ..scenario.model import Group, Identity, PolicyLevel, Resource, Role, Scenario, User
from ..scenario.save import policy_document


class Refused(Exception):
    """The change cannot be made to this scenario (the message says why, in plain words)."""


class SiteKind(str, Enum):
    POLICIES = "policies"      # a key of Scenario.policies
    INLINE = "inline"          # an inline policy of a user, group or role
    TRUST = "trust"            # a role's trust policy
    RESOURCE = "resource"      # a declared resource's resource-based policy


_SECTIONS = {"user": "users", "group": "groups", "role": "roles", "resource": "resources"}


def owner_of(scenario: Scenario, key: str) -> User | Group | Role | Resource | None:
    """The user, group, role or resource a node key (`user/alice`, `resource/photos`) names."""
    kind, _, name = key.partition("/")
    table = {"user": scenario.users, "group": scenario.groups, "role": scenario.roles,
             "resource": scenario.resources}.get(kind)
    return table.get(name) if table is not None else None


@dataclass(frozen=True, slots=True)
class PolicySite:
    """Where one policy document lives. `owner` is a node key; `name` a policy key or inline name."""

    kind: SiteKind
    owner: str | None = None
    name: str | None = None

    def get(self, scenario: Scenario) -> Policy | None:
        if self.kind is SiteKind.POLICIES:
            return scenario.policy(self.name)
        owner = owner_of(scenario, self.owner)
        if self.kind is SiteKind.INLINE:
            return owner.inline.get(self.name) if isinstance(owner, (Identity, Group)) else None
        if self.kind is SiteKind.TRUST:
            return owner.trust if isinstance(owner, Role) else None
        return owner.policy if isinstance(owner, Resource) else None

    def put(self, scenario: Scenario, policy: Policy) -> None:
        if self.kind is SiteKind.POLICIES:
            scenario.policies[self.name] = policy
            return
        owner = owner_of(scenario, self.owner)
        if owner is None:
            raise Refused(f"there is no {self.owner} in this scenario")
        if self.kind is SiteKind.INLINE:
            owner.inline[self.name] = policy
        elif self.kind is SiteKind.TRUST:
            owner.trust = policy
        else:
            owner.policy = policy

    def key(self, scenario: Scenario) -> str:
        """The policy's key as the engine's statement references name it (and `check --json` prints)."""
        if self.kind is SiteKind.POLICIES:
            return self.name
        if self.kind is SiteKind.TRUST:
            return f"{self.owner}#trust"
        if self.kind is SiteKind.RESOURCE:
            return f"{self.owner}#policy"
        existing = self.get(scenario)
        if existing is not None:
            return existing.name
        kind, _, owner_name = self.owner.partition("/")
        return f"{_SECTIONS[kind]}.{owner_name}.inline.{self.name}"

    def policy_type(self) -> PolicyType:
        return {SiteKind.TRUST: PolicyType.TRUST, SiteKind.RESOURCE: PolicyType.RESOURCE}.get(
            self.kind, PolicyType.IDENTITY)

    def label(self, scenario: Scenario) -> str:
        """The policy in words: `policy DenyDeletes`, `inline policy X of user/alice`, ..."""
        if self.kind is SiteKind.INLINE:
            return f"inline policy {self.name} of {self.owner}"
        if self.kind is SiteKind.TRUST:
            return f"the trust policy of {self.owner}"
        if self.kind is SiteKind.RESOURCE:
            return f"the resource-based policy of {self.owner}"
        policy = self.get(scenario)
        if "[" in self.name:
            return f"the policy document written at {self.name}"
        if policy is not None and policy.aws_managed:
            return f"AWS managed policy {policy.display_name}"
        return f"policy {self.name}"

    def editable(self, scenario: Scenario) -> bool:
        """Whether the document can be changed: it exists here and is not an AWS managed policy."""
        policy = self.get(scenario)
        return policy is not None and not policy.aws_managed and (
            self.kind is not SiteKind.POLICIES or self.name in scenario.policies)


# -- rewriting documents -----------------------------------------------------------------------------

def statement_list(document: dict) -> list:
    """The document's `Statement` as a list (a single statement object becomes a one-item list)."""
    found = document.get("Statement")
    if isinstance(found, list):
        return found
    statements = [] if found is None else [found]
    document["Statement"] = statements
    return statements


def _values(item: dict, element: str) -> list:
    found = item.get(element)
    return list(found) if isinstance(found, list) else [found]


def reparse(scenario: Scenario, site: PolicySite, document: dict, *, like: Policy | None,
            policy_type: PolicyType | None = None) -> Policy:
    """`document` read through the policy parser as the policy at `site`; Refused if AWS would reject it."""
    policy_type = like.policy_type if like is not None else (policy_type or site.policy_type())
    name = like.name if like is not None else site.key(scenario)
    file = like.file if like is not None else scenario.file
    policy, diagnostics = parse_policy(from_plain(document), policy_type, name, file=file,
                                       size_limit=TYPE_LIMITS.get(policy_type), advice=False)
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        raise Refused(f"the changed policy would be invalid: {errors[0].message}")
    if like is not None:
        policy.description, policy.arn = like.description, like.arn
    return policy


def _rewrite(scenario: Scenario, site: PolicySite, index: int, change) -> None:
    """Apply `change(statement_dict, statements)` to statement `index` of the policy at `site`."""
    if not site.editable(scenario):
        raise Refused(f"{site.label(scenario)} cannot be changed")
    old = site.get(scenario)
    document = policy_document(old)
    statements = statement_list(document)
    if not 0 <= index < len(statements) or not isinstance(statements[index], dict):
        raise Refused(f"{site.label(scenario)} has no statement #{index + 1}")
    change(statements[index], statements)
    site.put(scenario, reparse(scenario, site, document, like=old))


def statement_label(scenario: Scenario, site: PolicySite, index: int) -> str:
    policy = site.get(scenario)
    if policy is not None and index < len(policy.statements) and policy.statements[index].sid:
        return policy.statements[index].sid
    return f"#{index + 1}"


# -- the changes -------------------------------------------------------------------------------------

class ChangeKind(str, Enum):
    REMOVE_STATEMENT = "remove_statement"
    REMOVE_VALUES = "remove_values"            # narrow a statement: drop some Action/Resource values
    REMOVE_CONDITIONS = "remove_conditions"    # widen a statement: drop Condition clauses
    ADD_STATEMENT = "add_statement"
    DETACH_POLICY = "detach_policy"            # a managed policy from a user, group or role
    DELETE_INLINE = "delete_inline"
    DELETE_RESOURCE_POLICY = "delete_resource_policy"
    REMOVE_BOUNDARY = "remove_boundary"
    LEAVE_GROUP = "leave_group"
    DETACH_FROM_LEVEL = "detach_from_level"    # an SCP or RCP from an organization level
    ATTACH_TO_LEVEL = "attach_to_level"


@dataclass(frozen=True, slots=True)
class RemoveStatement:
    site: PolicySite
    index: int
    kind = ChangeKind.REMOVE_STATEMENT

    def apply(self, scenario: Scenario) -> None:
        _rewrite(scenario, self.site, self.index, lambda item, statements: statements.remove(item))

    def describe(self, scenario: Scenario) -> str:
        return (f"remove statement {statement_label(scenario, self.site, self.index)} from "
                f"{self.site.label(scenario)}")


@dataclass(frozen=True, slots=True)
class RemoveValues:
    """Drop some values of one element (`Action`, `Resource`, ...) of one statement; others remain."""

    site: PolicySite
    index: int
    element: str
    values: tuple[str, ...]
    kind = ChangeKind.REMOVE_VALUES

    def apply(self, scenario: Scenario) -> None:
        def change(item: dict, _statements) -> None:
            kept = [v for v in _values(item, self.element) if v not in self.values]
            if not kept or len(kept) == len(_values(item, self.element)):
                raise Refused(f"the {self.element} of that statement does not hold those values besides others")
            item[self.element] = kept[0] if len(kept) == 1 else kept
        _rewrite(scenario, self.site, self.index, change)

    def describe(self, scenario: Scenario) -> str:
        what = ", ".join(self.values)
        return (f"remove {what} from the {self.element} of statement "
                f"{statement_label(scenario, self.site, self.index)} in {self.site.label(scenario)}")


@dataclass(frozen=True, slots=True)
class RemoveConditions:
    """Drop Condition clauses (operator, key) of one statement."""

    site: PolicySite
    index: int
    clauses: tuple[tuple[str, str], ...]
    kind = ChangeKind.REMOVE_CONDITIONS

    def apply(self, scenario: Scenario) -> None:
        def change(item: dict, _statements) -> None:
            block = item.get("Condition")
            if not isinstance(block, dict):
                raise Refused("that statement has no Condition")
            for operator, key in self.clauses:
                keys = block.get(operator)
                if not isinstance(keys, dict) or key not in keys:
                    raise Refused(f"that statement has no condition {operator} {key}")
                del keys[key]
                if not keys:
                    del block[operator]
            if not block:
                del item["Condition"]
        _rewrite(scenario, self.site, self.index, change)

    def describe(self, scenario: Scenario) -> str:
        what = " and ".join(f"{op} {key}" for op, key in self.clauses)
        return (f"remove the condition {what} from statement "
                f"{statement_label(scenario, self.site, self.index)} in {self.site.label(scenario)}")


@dataclass(frozen=True, slots=True)
class AddStatement:
    """Append one statement to a policy; when the site holds none yet, a new policy with only it.

    A new policy is an inline policy of a user or role, a resource's first resource-based policy or
    a role's trust policy.
    """

    site: PolicySite
    statement: tuple[tuple[str, object], ...]     # the statement's elements, in order
    kind = ChangeKind.ADD_STATEMENT

    def apply(self, scenario: Scenario) -> None:
        old = self.site.get(scenario)
        item = dict(self.statement)
        if old is None:
            if self.site.kind is SiteKind.POLICIES:
                raise Refused(f"there is no policy {self.site.name} in this scenario")
            if owner_of(scenario, self.site.owner) is None:
                raise Refused(f"there is no {self.site.owner} in this scenario")
            document = {"Version": "2012-10-17", "Statement": [item]}
        elif not self.site.editable(scenario):
            raise Refused(f"{self.site.label(scenario)} cannot be changed")
        else:
            document = policy_document(old)
            statement_list(document).append(item)
        self.site.put(scenario, reparse(scenario, self.site, document, like=old))

    def new_index(self, scenario: Scenario) -> int:
        """The index the statement gets once added."""
        old = self.site.get(scenario)
        return len(old.statements) if old is not None else 0

    def describe(self, scenario: Scenario) -> str:
        item = dict(self.statement)
        effect = "an Allow" if item.get("Effect") == "Allow" else "a Deny"
        action = item.get("Action")
        action = ", ".join(action) if isinstance(action, list) else action
        target = f" on {item['Resource']}" if "Resource" in item else ""
        principal = item.get("Principal")
        who = ""
        if isinstance(principal, dict):
            who = " for " + ", ".join(str(v) for v in principal.values())
        elif principal == "*":
            who = " for everyone"
        if self.site.get(scenario) is None:
            where = {SiteKind.INLINE: f"a new inline policy {self.site.name} on {self.site.owner}",
                     SiteKind.TRUST: f"a new trust policy of {self.site.owner}",
                     SiteKind.RESOURCE: f"a new resource-based policy of {self.site.owner}"}[self.site.kind]
            return f"add {where} with {effect} statement for {action}{target}{who}"
        return f"add {effect} statement for {action}{target}{who} to {self.site.label(scenario)}"


@dataclass(frozen=True, slots=True)
class DetachPolicy:
    """Detach a managed policy (or a document attached as a reference) from a user, group or role."""

    owner: str
    ref: str
    kind = ChangeKind.DETACH_POLICY

    def apply(self, scenario: Scenario) -> None:
        owner = owner_of(scenario, self.owner)
        if not isinstance(owner, (Identity, Group)) or self.ref not in owner.policies:
            raise Refused(f"{self.ref} is not attached to {self.owner}")
        owner.policies.remove(self.ref)

    def describe(self, scenario: Scenario) -> str:
        return f"detach {PolicySite(SiteKind.POLICIES, None, self.ref).label(scenario)} from {self.owner}"


@dataclass(frozen=True, slots=True)
class DeleteInline:
    owner: str
    name: str
    kind = ChangeKind.DELETE_INLINE

    def apply(self, scenario: Scenario) -> None:
        owner = owner_of(scenario, self.owner)
        if not isinstance(owner, (Identity, Group)) or self.name not in owner.inline:
            raise Refused(f"{self.owner} has no inline policy {self.name}")
        del owner.inline[self.name]

    def describe(self, scenario: Scenario) -> str:
        return f"delete the inline policy {self.name} of {self.owner}"


@dataclass(frozen=True, slots=True)
class DeleteResourcePolicy:
    """Remove a declared resource's resource-based policy (a bucket policy, say) altogether."""

    resource: str       # node key `resource/NAME`
    kind = ChangeKind.DELETE_RESOURCE_POLICY

    def apply(self, scenario: Scenario) -> None:
        owner = owner_of(scenario, self.resource)
        if not isinstance(owner, Resource) or owner.policy is None:
            raise Refused(f"{self.resource} has no resource-based policy")
        owner.policy = None

    def describe(self, scenario: Scenario) -> str:
        return f"delete the resource-based policy of {self.resource}"


@dataclass(frozen=True, slots=True)
class RemoveBoundary:
    owner: str
    kind = ChangeKind.REMOVE_BOUNDARY

    def apply(self, scenario: Scenario) -> None:
        owner = owner_of(scenario, self.owner)
        if not isinstance(owner, Identity) or not owner.boundary:
            raise Refused(f"{self.owner} has no permissions boundary")
        owner.boundary = None

    def describe(self, scenario: Scenario) -> str:
        owner = owner_of(scenario, self.owner)
        name = owner.boundary if isinstance(owner, Identity) and owner.boundary else "boundary"
        return f"remove the permissions boundary {name} from {self.owner}"


@dataclass(frozen=True, slots=True)
class LeaveGroup:
    user: str
    group: str
    kind = ChangeKind.LEAVE_GROUP

    def apply(self, scenario: Scenario) -> None:
        user = scenario.users.get(self.user)
        if user is None or self.group not in user.groups:
            raise Refused(f"user {self.user} is not in group {self.group}")
        user.groups.remove(self.group)

    def describe(self, scenario: Scenario) -> str:
        return f"remove user {self.user} from group {self.group}"


def _level(scenario: Scenario, which: str, index: int) -> PolicyLevel:
    org = scenario.organization
    levels = getattr(org, which) if org is not None else None
    if not levels or not 0 <= index < len(levels):
        raise Refused(f"the organization has no {which[:-1].upper()} level #{index + 1}")
    return levels[index]


@dataclass(frozen=True, slots=True)
class DetachFromLevel:
    which: str          # "scps" or "rcps"
    index: int          # the level, root first
    ref: str
    kind = ChangeKind.DETACH_FROM_LEVEL

    def apply(self, scenario: Scenario) -> None:
        level = _level(scenario, self.which, self.index)
        if self.ref not in level.policies:
            raise Refused(f"{self.ref} is not attached at {level.target}")
        level.policies.remove(self.ref)

    def describe(self, scenario: Scenario) -> str:
        level = _level(scenario, self.which, self.index)
        return f"detach the {self.which[:-1].upper()} {_short(self.ref)} from {level.target}"


@dataclass(frozen=True, slots=True)
class AttachToLevel:
    which: str
    index: int
    ref: str
    kind = ChangeKind.ATTACH_TO_LEVEL

    def apply(self, scenario: Scenario) -> None:
        level = _level(scenario, self.which, self.index)
        if self.ref in level.policies:
            raise Refused(f"{self.ref} is already attached at {level.target}")
        level.policies.append(self.ref)

    def describe(self, scenario: Scenario) -> str:
        level = _level(scenario, self.which, self.index)
        return f"attach the {self.which[:-1].upper()} {_short(self.ref)} to {level.target}"


def _short(ref: str) -> str:
    return ref.rsplit("/", 1)[-1] if ref.startswith("arn:") else ref


Change = (RemoveStatement | RemoveValues | RemoveConditions | AddStatement | DetachPolicy | DeleteInline
          | DeleteResourcePolicy | RemoveBoundary | LeaveGroup | DetachFromLevel | AttachToLevel)
