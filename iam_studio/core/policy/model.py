"""Parsed policy documents. Every element keeps its source span for the editor and the trace.

Values are normalised the way AWS reads them: a single string becomes a one-item tuple,
booleans and numbers in conditions become the strings AWS compares (`true` -> "true").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from ..diagnostics import Span
from ..located import LNode


class PolicyType(str, Enum):
    """Where a document is used; each type has its own grammar rules and role in evaluation."""

    IDENTITY = "identity"            # attached to a user, group or role (managed or inline)
    RESOURCE = "resource"            # bucket policy, key policy, queue policy ...
    TRUST = "trust"                  # a role's trust policy (resource policy of the role)
    BOUNDARY = "boundary"            # permissions boundary (an identity-policy document)
    SCP = "scp"                      # service control policy
    RCP = "rcp"                      # resource control policy
    SESSION = "session"              # session policy passed to AssumeRole / GetFederationToken
    VPC_ENDPOINT = "vpc_endpoint"    # VPC endpoint policy (has Principal)


VERSION_2012 = "2012-10-17"
VERSION_2008 = "2008-10-17"


@dataclass(frozen=True, slots=True)
class Element:
    """Action, NotAction, Resource or NotResource: one or more strings."""

    values: tuple[str, ...]
    span: Span | None = None                       # the whole element (key through value)
    value_spans: tuple[Span | None, ...] = ()      # one per value, same order


@dataclass(frozen=True, slots=True)
class PrincipalElement:
    """Principal or NotPrincipal. `"*"` is stored as `{"*": ("*",)}` with `wildcard=True`.

    Keys are the principal types as written: "AWS", "Service", "Federated", "CanonicalUser".
    """

    entries: tuple[tuple[str, tuple[str, ...]], ...]
    span: Span | None = None
    wildcard: bool = False

    def values(self, kind: str) -> tuple[str, ...]:
        for k, vals in self.entries:
            if k == kind:
                return vals
        return ()


@dataclass(frozen=True, slots=True)
class ConditionClause:
    """One `operator: {key: values}` pair of a Condition block, e.g. IpAddress aws:SourceIp 10.0.0.0/8.

    `operator` is as written (e.g. "ForAnyValue:StringLikeIfExists"); the engine splits it into
    set qualifier, base operator and IfExists.
    """

    operator: str
    key: str
    values: tuple[str, ...]
    span: Span | None = None          # the key entry inside the operator block
    operator_span: Span | None = None
    value_spans: tuple[Span | None, ...] = ()


@dataclass(frozen=True, slots=True)
class Statement:
    index: int                                  # 0-based position in the Statement list
    effect: str                                 # "Allow" or "Deny"
    sid: str | None = None
    action: Element | None = None
    not_action: Element | None = None
    resource: Element | None = None
    not_resource: Element | None = None
    principal: PrincipalElement | None = None
    not_principal: PrincipalElement | None = None
    conditions: tuple[ConditionClause, ...] = ()
    span: Span | None = None
    effect_span: Span | None = None

    @property
    def label(self) -> str:
        """`Sid` if there is one, else `#N` (1-based), for messages."""
        return self.sid if self.sid else f"#{self.index + 1}"


@dataclass(slots=True)
class Policy:
    """A parsed policy document.

    `name` is how the scenario refers to it (a customer managed policy name, an AWS managed
    policy ARN, or a synthetic key such as `users.alice.inline.SelfService`).
    """

    name: str
    policy_type: PolicyType
    statements: tuple[Statement, ...]
    version: str | None = None                  # None: no Version element (means 2008-10-17)
    policy_id: str | None = None
    span: Span | None = None
    file: str | None = None
    arn: str | None = None                      # managed policies: their ARN
    aws_managed: bool = False
    description: str | None = None
    source: LNode | None = field(default=None, repr=False, compare=False)

    @property
    def effective_version(self) -> str:
        return self.version or VERSION_2008

    @property
    def variables_enabled(self) -> bool:
        """Policy variables are only substituted under Version 2012-10-17."""
        return self.effective_version == VERSION_2012

    @property
    def display_name(self) -> str:
        """Short name for people: the last part of an ARN, else the name."""
        if self.arn and ":policy/" in self.arn:
            return self.arn.rsplit("/", 1)[-1]
        return self.name
