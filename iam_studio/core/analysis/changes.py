"""The single edits "what would flip this?" suggests: one statement, one attachment or one membership.

Each change is a small immutable value with `apply(scenario)` and `describe(scenario)`. Applying goes
through `core.scenario.edits`, so a change is checked like any other edit (the result always loads)
and raises `edits.Refused` when the scenario cannot take it. Statement edits start from the policy's
full document as the file holds it (Conditions and all) and hand the changed document to
`edits.set_policy_document`, which reads it with the one policy parser.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ..policy.model import Policy
from ..scenario import edits
from ..scenario.address import Place, PolicyAddress, find_policy
from ..scenario.edits import Refused
from ..scenario.model import Scenario
from ..scenario.save import policy_document


class ChangeKind(str, Enum):
    REMOVE_STATEMENT = "remove_statement"
    REMOVE_VALUES = "remove_values"            # narrow a statement: drop some Action/Resource values
    REMOVE_CONDITIONS = "remove_conditions"    # widen a statement: drop Condition clauses
    ADD_STATEMENT = "add_statement"            # to an existing policy, or as a new inline/resource policy
    DETACH_POLICY = "detach_policy"            # a managed policy (or an attached document) from an identity
    ATTACH_POLICY = "attach_policy"            # an existing managed policy to a group, user or role
    DELETE_POLICY = "delete_policy"            # an inline or resource-based policy
    REMOVE_BOUNDARY = "remove_boundary"
    LEAVE_GROUP = "leave_group"
    JOIN_GROUP = "join_group"                  # a user to an existing group
    REMOVE_FROM_TRUST = "remove_from_trust"    # a caller from a role's trust policy
    DETACH_FROM_LEVEL = "detach_from_level"    # an SCP or RCP from one organization level
    ATTACH_TO_LEVEL = "attach_to_level"
    ADD_MFA_DEVICE = "add_mfa_device"          # to a user or the root user: its console sign-in then needs the code


# A Condition that narrows a statement naming an account (`arn:aws:iam::ACCOUNT:root`) to its root user alone
ROOT_ONLY: dict[str, object] = {"StringEquals": {"aws:PrincipalType": "Account"}}


def editable(scenario: Scenario, address: PolicyAddress) -> bool:
    """Whether the document at `address` is in this scenario and may be changed (not AWS managed)."""
    policy = find_policy(scenario, address)
    return policy is not None and not policy.aws_managed and (
        not address.is_managed or address.name in scenario.policies)


def policy_label(scenario: Scenario, address: PolicyAddress) -> str:
    """The policy in words: `policy DenyDeletes`, `inline policy X of user/alice`, ..."""
    place = address.place
    if place is Place.INLINE:
        return f"inline policy {address.name} of {address.owner}"
    if place is Place.TRUST:
        return f"the trust policy of {address.owner}"
    if place is Place.RESOURCE:
        return f"the resource-based policy of {address.owner}"
    if place is Place.MANAGED:
        policy = find_policy(scenario, address)
        if policy is not None and policy.aws_managed:
            return f"AWS managed policy {policy.display_name}"
        return f"policy {address.name}"
    return f"the policy document at {address}"


def statement_label(policy: Policy | None, index: int) -> str:
    sid = policy.statements[index].sid if policy is not None and index < len(policy.statements) else None
    return sid if sid else f"#{index + 1}"


def statement_list(document: dict[str, Any]) -> list[Any]:
    """The document's `Statement` as a list (a single statement object becomes a one-item list)."""
    found = document.get("Statement")
    if isinstance(found, list):
        return found
    statements = [] if found is None else [found]
    document["Statement"] = statements
    return statements


def _rewrite(scenario: Scenario, address: PolicyAddress, index: int,
             change: Callable[[dict[str, Any], list[Any]], None]) -> None:
    """`change(statement, statements)` on statement `index` of the full document, then stored as an edit."""
    if not editable(scenario, address):
        raise Refused(f"{policy_label(scenario, address)} cannot be changed here")
    policy = find_policy(scenario, address)
    if policy is None:
        raise Refused(f"there is no {policy_label(scenario, address)}")
    document = policy_document(policy)
    statements = statement_list(document)
    if not 0 <= index < len(statements) or not isinstance(statements[index], dict):
        raise Refused(f"{policy_label(scenario, address)} has no statement #{index + 1}")
    change(statements[index], statements)
    edits.set_policy_document(scenario, address, document)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


@dataclass(frozen=True, slots=True)
class RemoveStatement:
    address: PolicyAddress
    index: int
    kind = ChangeKind.REMOVE_STATEMENT

    def touches(self) -> tuple[str, ...]:
        """The node keys this change edits (for a lesson's locks)."""
        return (self.address.node_key,)

    def apply(self, scenario: Scenario) -> None:
        _rewrite(scenario, self.address, self.index, lambda item, statements: statements.remove(item))

    def describe(self, scenario: Scenario) -> str:
        policy = find_policy(scenario, self.address)
        return f"remove statement {statement_label(policy, self.index)} from {policy_label(scenario, self.address)}"


@dataclass(frozen=True, slots=True)
class RemoveValues:
    """Drop some values of one element (`Action` or `Resource`) of one statement; the others remain."""

    address: PolicyAddress
    index: int
    element: str
    values: tuple[str, ...]
    kind = ChangeKind.REMOVE_VALUES

    def touches(self) -> tuple[str, ...]:
        """The node keys this change edits (for a lesson's locks)."""
        return (self.address.node_key,)

    def apply(self, scenario: Scenario) -> None:
        def change(item: dict[str, Any], _statements: list[Any]) -> None:
            written = _as_list(item.get(self.element))
            kept = [v for v in written if v not in self.values]
            if not kept or len(kept) == len(written):
                raise Refused(f"the {self.element} of that statement does not hold those values besides others")
            item[self.element] = kept[0] if len(kept) == 1 else kept
        _rewrite(scenario, self.address, self.index, change)

    def describe(self, scenario: Scenario) -> str:
        policy = find_policy(scenario, self.address)
        return (f"remove {', '.join(self.values)} from the {self.element} of statement "
                f"{statement_label(policy, self.index)} in {policy_label(scenario, self.address)}")


@dataclass(frozen=True, slots=True)
class RemoveConditions:
    """Drop Condition clauses, each (operator, key), of one statement."""

    address: PolicyAddress
    index: int
    clauses: tuple[tuple[str, str], ...]
    kind = ChangeKind.REMOVE_CONDITIONS

    def touches(self) -> tuple[str, ...]:
        """The node keys this change edits (for a lesson's locks)."""
        return (self.address.node_key,)

    def apply(self, scenario: Scenario) -> None:
        def change(item: dict[str, Any], _statements: list[Any]) -> None:
            block = item.get("Condition")
            for operator, key in self.clauses:
                keys = block.get(operator) if isinstance(block, dict) else None
                if not isinstance(block, dict) or not isinstance(keys, dict) or key not in keys:
                    raise Refused(f"that statement has no condition {operator} {key}")
                del keys[key]
                if not keys:
                    del block[operator]
            if not block:
                del item["Condition"]
        _rewrite(scenario, self.address, self.index, change)

    def describe(self, scenario: Scenario) -> str:
        policy = find_policy(scenario, self.address)
        what = " and ".join(f"{op} {key}" for op, key in self.clauses)
        return (f"remove the condition {what} from statement {statement_label(policy, self.index)} in "
                f"{policy_label(scenario, self.address)}")


@dataclass(frozen=True, slots=True)
class AddStatement:
    """Append one statement (given as its JSON text) to a policy; where there is none yet (an inline
    policy to create, a resource's first resource-based policy, a role's trust policy), a new policy
    holding only it."""

    address: PolicyAddress
    statement: str
    kind = ChangeKind.ADD_STATEMENT

    def touches(self) -> tuple[str, ...]:
        """The node keys this change edits (for a lesson's locks): a new policy changes its owner too."""
        return (self.address.node_key,) + ((self.address.owner,) if self.address.owner else ())

    def apply(self, scenario: Scenario) -> None:
        item = json.loads(self.statement)
        old = find_policy(scenario, self.address)
        if old is None and self.address.place in (Place.INLINE, Place.RESOURCE, Place.TRUST):
            document: dict[str, object] = {"Version": "2012-10-17", "Statement": [item]}
        elif old is None or not editable(scenario, self.address):
            raise Refused(f"{policy_label(scenario, self.address)} cannot be changed here")
        else:
            document = policy_document(old)
            statement_list(document).append(item)
        edits.set_policy_document(scenario, self.address, document)

    def new_index(self, scenario: Scenario) -> int:
        """The index the statement gets once added."""
        old = find_policy(scenario, self.address)
        return len(old.statements) if old is not None else 0

    def describe(self, scenario: Scenario) -> str:
        item = json.loads(self.statement)
        effect = "an Allow" if item.get("Effect") == "Allow" else "a Deny"
        action = ", ".join(_as_list(item.get("Action")))
        what = f"{action} on {item['Resource']}" if "Resource" in item else action
        principal = item.get("Principal")
        if item.get("Condition") == ROOT_ONLY and isinstance(principal, dict):
            what += " for the root user of account " + str(principal.get("AWS", "")).split(":")[4]
        elif isinstance(principal, dict):
            what += " for " + ", ".join(str(v) for v in principal.values())
        elif principal == "*":
            what += " for everyone"
        if find_policy(scenario, self.address) is None:
            where = {Place.INLINE: f"a new inline policy {self.address.name} on {self.address.owner}",
                     Place.TRUST: f"a trust policy to {self.address.owner}",
                     Place.RESOURCE: f"a resource-based policy to {self.address.owner}"}.get(
                self.address.place, str(self.address))
            return f"add {where} with {effect} statement for {what}"
        return f"add {effect} statement for {what} to {policy_label(scenario, self.address)}"


@dataclass(frozen=True, slots=True)
class DetachPolicy:
    """Detach a managed policy (or a document attached in place) from a user, group or role."""

    address: PolicyAddress
    owner: str                  # node key
    kind = ChangeKind.DETACH_POLICY

    def touches(self) -> tuple[str, ...]:
        return (self.address.node_key, self.owner)

    def apply(self, scenario: Scenario) -> None:
        edits.disconnect(scenario, self.address.node_key, self.owner, edits.EdgeKind.ATTACHED)

    def describe(self, scenario: Scenario) -> str:
        return f"detach {policy_label(scenario, self.address)} from {self.owner}"


@dataclass(frozen=True, slots=True)
class AttachPolicy:
    """Attach a managed policy the account already has to a user, group or role."""

    address: PolicyAddress
    owner: str                  # node key
    kind = ChangeKind.ATTACH_POLICY

    def touches(self) -> tuple[str, ...]:
        return (self.address.node_key, self.owner)

    def apply(self, scenario: Scenario) -> None:
        edits.connect(scenario, self.address.node_key, self.owner)

    def describe(self, scenario: Scenario) -> str:
        return f"attach {policy_label(scenario, self.address)} to {self.owner}"


@dataclass(frozen=True, slots=True)
class DeletePolicy:
    """Delete an inline policy or a resource-based policy (a bucket policy, say) altogether."""

    address: PolicyAddress
    kind = ChangeKind.DELETE_POLICY

    def touches(self) -> tuple[str, ...]:
        return (self.address.node_key,) + ((self.address.owner,) if self.address.owner else ())

    def apply(self, scenario: Scenario) -> None:
        edits.delete_node(scenario, self.address.node_key)

    def describe(self, scenario: Scenario) -> str:
        return f"delete {policy_label(scenario, self.address)}"


@dataclass(frozen=True, slots=True)
class RemoveBoundary:
    owner: str                  # node key of the user or role
    address: PolicyAddress      # the boundary policy
    kind = ChangeKind.REMOVE_BOUNDARY

    def touches(self) -> tuple[str, ...]:
        return (self.owner, self.address.node_key)

    def apply(self, scenario: Scenario) -> None:
        edits.disconnect(scenario, self.address.node_key, self.owner, edits.EdgeKind.BOUNDARY)

    def describe(self, scenario: Scenario) -> str:
        return f"remove the permissions boundary ({policy_label(scenario, self.address)}) from {self.owner}"


@dataclass(frozen=True, slots=True)
class LeaveGroup:
    user: str
    group: str
    kind = ChangeKind.LEAVE_GROUP

    def touches(self) -> tuple[str, ...]:
        return (f"user/{self.user}", f"group/{self.group}")

    def apply(self, scenario: Scenario) -> None:
        edits.disconnect(scenario, f"user/{self.user}", f"group/{self.group}", edits.EdgeKind.MEMBER)

    def describe(self, scenario: Scenario) -> str:
        return f"remove user {self.user} from group {self.group}"


@dataclass(frozen=True, slots=True)
class JoinGroup:
    user: str
    group: str
    kind = ChangeKind.JOIN_GROUP

    def touches(self) -> tuple[str, ...]:
        return (f"user/{self.user}", f"group/{self.group}")

    def apply(self, scenario: Scenario) -> None:
        edits.connect(scenario, f"user/{self.user}", f"group/{self.group}")

    def describe(self, scenario: Scenario) -> str:
        return f"add user {self.user} to group {self.group}"


@dataclass(frozen=True, slots=True)
class AddMfaDevice:
    """Give a user or the account's root user an MFA device: from then on AWS asks for its code at every
    console sign-in (https://docs.aws.amazon.com/IAM/latest/UserGuide/console_sign-in-mfa.html)."""

    who: str                    # node key: `user/NAME` or `root`
    kind = ChangeKind.ADD_MFA_DEVICE

    def touches(self) -> tuple[str, ...]:
        return (self.who,)

    def apply(self, scenario: Scenario) -> None:
        if self.who == "root":
            edits.set_root_mfa(scenario, True)
        else:
            edits.set_user_credentials(scenario, self.who.partition("/")[2], mfa=True)

    def describe(self, scenario: Scenario) -> str:
        return "give the root user an MFA device" if self.who == "root" else \
            f"give user {self.who.partition('/')[2]} an MFA device"


@dataclass(frozen=True, slots=True)
class RemoveFromTrust:
    """Take a user, role or the account's root user out of a role's trust policy (its other elements stay)."""

    role: str                   # role name
    who: str                    # node key: `user/NAME`, `role/NAME` or `root`
    kind = ChangeKind.REMOVE_FROM_TRUST

    def touches(self) -> tuple[str, ...]:
        return (f"role/{self.role}", self.who)

    def apply(self, scenario: Scenario) -> None:
        edits.disconnect(scenario, f"role/{self.role}", self.who, edits.EdgeKind.TRUST)

    def describe(self, scenario: Scenario) -> str:
        who = "the root user" if self.who == "root" else self.who
        return f"remove {who} from the trust policy of role/{self.role}"


def _level_target(scenario: Scenario, which: str, index: int) -> str:
    org = scenario.organization
    levels = (org.scps if which == "scp" else org.rcps) if org is not None else None
    return levels[index].target if levels and 0 <= index < len(levels) else f"level {index + 1}"


@dataclass(frozen=True, slots=True)
class DetachFromLevel:
    which: str                  # "scp" or "rcp"
    index: int                  # the organization level, 0 being the root
    address: PolicyAddress
    kind = ChangeKind.DETACH_FROM_LEVEL

    def touches(self) -> tuple[str, ...]:
        """The node keys this change edits (for a lesson's locks)."""
        return (self.address.node_key,)

    def apply(self, scenario: Scenario) -> None:
        edits.detach_from_level(scenario, self.which, self.index, self.address.node_key)

    def describe(self, scenario: Scenario) -> str:
        return (f"detach the {self.which.upper()} {_display_name(scenario, self.address)} from "
                f"{_level_target(scenario, self.which, self.index)}")


@dataclass(frozen=True, slots=True)
class AttachToLevel:
    which: str
    index: int
    address: PolicyAddress
    kind = ChangeKind.ATTACH_TO_LEVEL

    def touches(self) -> tuple[str, ...]:
        """The node keys this change edits (for a lesson's locks)."""
        return (self.address.node_key,)

    def apply(self, scenario: Scenario) -> None:
        edits.attach_to_level(scenario, self.which, self.index, self.address.node_key)

    def describe(self, scenario: Scenario) -> str:
        return (f"attach the {self.which.upper()} {_display_name(scenario, self.address)} to "
                f"{_level_target(scenario, self.which, self.index)}")


def _display_name(scenario: Scenario, address: PolicyAddress) -> str:
    """A level's policy as the file names it: the name, or the last part of an ARN."""
    if address.is_managed and address.name:
        return address.name.rsplit("/", 1)[-1] if address.name.startswith("arn:") else address.name
    return str(address)

Change = (RemoveStatement | RemoveValues | RemoveConditions | AddStatement | DetachPolicy | AttachPolicy
          | DeletePolicy | RemoveBoundary | LeaveGroup | JoinGroup | RemoveFromTrust | DetachFromLevel | AttachToLevel
          | AddMfaDevice)
