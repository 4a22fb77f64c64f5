"""What an evaluation returns: the decision, the deciding statements and (on demand) the trace.

The trace is a flat, ordered list of steps with ids and parent ids (after OPA's event stream):
the GUI's pipeline replays it step by step; the CLI prints it. Every statement step carries the
policy, the statement, its source span and, per element, whether it matched and why.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from ..diagnostics import Span


class Decision(str, Enum):
    ALLOWED = "allowed"
    EXPLICIT_DENY = "explicit_deny"
    IMPLICIT_DENY = "implicit_deny"
    NOT_AUTHENTICATED = "not_authenticated"

    @property
    def allowed(self) -> bool:
        return self is Decision.ALLOWED


class Stage(str, Enum):
    """Pipeline stages, in the order AWS applies them."""

    AUTHENTICATION = "authentication"
    CONTEXT = "context"                  # the request context AWS builds (derived keys)
    GATHER = "gather"                    # which policies apply
    EXPLICIT_DENY = "explicit_deny"      # any Deny in any policy
    AWS_RULE = "aws_rule"                # a rule AWS applies beyond the policies refuses the request
    RCP = "rcp"
    SCP = "scp"
    RESOURCE = "resource"                # resource-based policy (bucket, key, trust)
    IDENTITY = "identity"                # identity-based policies
    BOUNDARY = "boundary"
    SESSION = "session"
    VPC_ENDPOINT = "vpc_endpoint"
    VERDICT = "verdict"


class Outcome(str, Enum):
    """What a step found."""

    PASS = "pass"          # the gate let the request through (or the check succeeded)
    FAIL = "fail"          # the gate stopped it
    ALLOW = "allow"        # a matching Allow statement
    DENY = "deny"          # a matching Deny statement
    NO_MATCH = "no_match"  # the statement did not apply
    SKIP = "skip"          # the gate does not apply to this request
    INFO = "info"


@dataclass(frozen=True, slots=True)
class StatementRef:
    """Which statement of which policy: enough for the editor to highlight it."""

    policy: str                       # policy key (scenario reference or synthetic key)
    policy_type: str                  # PolicyType value
    index: int                        # 0-based statement index
    effect: str
    sid: str | None = None
    span: Span | None = None
    file: str | None = None
    attached_to: str | None = None    # e.g. "group/Developers", "user/alice", "resource/employee-photos"

    @property
    def line(self) -> int | None:
        return self.span.line if self.span else None


@dataclass(frozen=True, slots=True)
class ElementMatch:
    """Whether one element of a statement matched, with the reason in words a learner understands."""

    element: str                      # "Action", "NotResource", "Principal", "Condition aws:SourceIp" ...
    matched: bool
    reason: str
    span: Span | None = None


@dataclass(slots=True)
class Step:
    id: int
    stage: Stage
    outcome: Outcome
    message: str                                  # one line in plain words
    parent: int | None = None
    statement: StatementRef | None = None
    elements: list[ElementMatch] = field(default_factory=list)
    details: dict[str, object] = field(default_factory=dict)   # e.g. SigV4 canonical request, context keys


@dataclass(slots=True)
class Result:
    decision: Decision
    principal_arn: str
    action: str
    resource: str
    reason: str                                           # one sentence: why this decision
    deciding: list[StatementRef] = field(default_factory=list)
    trace: Sequence[Step] = ()                            # filled when evaluate(..., explain=True)
    stages: Sequence[Stage] = ()                          # gates in play for this request, in order
    context: dict[str, list[str]] = field(default_factory=dict)  # the final request context
    capped_by: tuple[str, ...] = ()      # implicit deny: the guardrail policies that capped it (addresses)

    @property
    def allowed(self) -> bool:
        return self.decision.allowed
