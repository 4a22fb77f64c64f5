"""The scenario model: an account's identities, policies, resources, organization and requests.

Policy references (attached policies, boundaries, session policies) are keys into
`Scenario.policies`: a customer managed policy name, an AWS managed policy ARN (loaded on
demand from the shipped documents) or a synthetic key for an inline document given where a
reference was expected (for example `users.alice.policies[1]`). Inline policies proper live
on their identity, keyed by their name.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..diagnostics import Span
from ..policy.model import Policy

if TYPE_CHECKING:
    from .lesson.model import Lesson

DEFAULT_ACCOUNT = "123456789012"


@dataclass(slots=True)
class AccessKey:
    id: str
    secret: str | None = None
    status: str = "Active"                  # Active | Inactive
    span: Span | None = None


@dataclass(slots=True)
class Identity:
    """What users and roles share: attached and inline policies, a boundary, tags, an id."""

    name: str
    account: str
    path: str = "/"
    id: str | None = None
    policies: list[str] = field(default_factory=list)          # references (keys of Scenario.policies)
    inline: dict[str, Policy] = field(default_factory=dict)
    boundary: str | None = None                                 # reference
    tags: dict[str, str] = field(default_factory=dict)
    span: Span | None = None


@dataclass(slots=True)
class User(Identity):
    groups: list[str] = field(default_factory=list)
    console: bool = False
    mfa: bool = False
    access_keys: list[AccessKey] = field(default_factory=list)

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account}:user{self.path}{self.name}"


@dataclass(slots=True)
class Role(Identity):
    trust: Policy | None = None
    max_session_duration: int = 3600

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account}:role{self.path}{self.name}"


@dataclass(slots=True)
class Group:
    name: str
    account: str
    path: str = "/"
    policies: list[str] = field(default_factory=list)
    inline: dict[str, Policy] = field(default_factory=dict)
    span: Span | None = None

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account}:group{self.path}{self.name}"


@dataclass(slots=True)
class Resource:
    """A declared resource. `policy` is its resource-based policy (for a KMS key: the key policy)."""

    name: str
    arn: str
    account: str
    policy: Policy | None = None
    tags: dict[str, str] = field(default_factory=dict)
    role: str | None = None            # compute resource: the role it runs as (instance profile)
    span: Span | None = None


@dataclass(slots=True)
class PolicyLevel:
    """One level of an organization (root, an OU, the account) and the SCPs or RCPs attached there."""

    target: str
    policies: list[str] = field(default_factory=list)           # references
    span: Span | None = None


@dataclass(slots=True)
class Organization:
    id: str | None = None
    management_account: str | None = None
    accounts: list[str] = field(default_factory=list)           # empty: the home account
    scps: list[PolicyLevel] | None = None                       # None: no SCPs in play
    rcps: list[PolicyLevel] | None = None                       # None: no RCPs in play


@dataclass(slots=True)
class Credential:
    type: str                              # access_key | console | session
    key_id: str | None = None
    secret: str | None = None
    mfa: bool | None = None
    expires: str | None = None             # ISO 8601
    span: Span | None = None
    tamper: bool = False                   # access_key: the request is altered after signing (a lesson's demo)


@dataclass(frozen=True, slots=True)
class ExpectedBy:
    """One entry of `expect.by`: a deciding statement (`POLICY#Sid` or `POLICY#N`, N from 0) or, for an
    implicit deny, a guardrail policy that capped the request (`POLICY`), resolved by the loader."""

    text: str                          # as written
    policy: str                        # the policy's address (core/scenario/address.py)
    index: int | None                  # the statement's 0-based index; None: the policy as a guardrail
    span: Span | None = None


@dataclass(slots=True)
class RequestSpec:
    """A request as written in the scenario file (not yet resolved)."""

    name: str
    principal: str
    action: str
    resource: str
    resource_account: str | None = None
    context: dict[str, list[str]] = field(default_factory=dict)     # key as written -> values (strings)
    session_name: str | None = None
    session_policies: list[str] = field(default_factory=list)       # references
    vpc_endpoint_policy: str | None = None                          # reference
    credential: Credential | None = None
    expect: str | None = None        # allowed | explicit_deny | implicit_deny | not_authenticated
    span: Span | None = None
    expect_span: Span | None = None
    expect_by: list[ExpectedBy] | None = None    # `expect: {decision: ..., by: [...]}`; None: not given


@dataclass(slots=True)
class Scenario:
    account: str = DEFAULT_ACCOUNT
    title: str = "Untitled scenario"
    description: str = ""
    time: str | None = None                                     # ISO 8601 "now"
    root_mfa: bool | None = None                                # the root user has an MFA device (None: not said)
    policies: dict[str, Policy] = field(default_factory=dict)   # every reference resolves here
    users: dict[str, User] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    resources: dict[str, Resource] = field(default_factory=dict)
    organization: Organization | None = None
    requests: list[RequestSpec] = field(default_factory=list)
    file: str | None = None
    source: object = field(default=None, repr=False)            # RoundTripSource of a small file, for saving
    extra: dict[str, object] = field(default_factory=dict)       # GUI layout (node positions) and other optional keys
    lesson: Lesson | None = None                                # the `lesson` block (core/lessons)

    def policy(self, ref: str) -> Policy | None:
        """Resolve a policy reference; AWS managed ARNs are loaded on first use."""
        found = self.policies.get(ref)
        if found is None and ref.startswith("arn:aws:iam::aws:policy/"):
            from ..managed import aws_managed_policy
            found = aws_managed_policy(ref)
            if found is not None:
                self.policies[ref] = found
        return found
