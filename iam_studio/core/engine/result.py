"""What an evaluation returns: the decision, the deciding statements and (on demand) the trace.

The trace is a flat, ordered list of steps with ids and parent ids (after OPA's event stream):
the GUI's pipeline replays it step by step; the CLI prints it. Every statement step carries the
policy, the statement, its source span and, per element, whether it matched and why.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from ..decision import Decision
from ..diagnostics import Span
from ..scenario.address import PolicyAddress

if TYPE_CHECKING:
    from ..scenario.principal import Principal
    from .authenticate import Authentication


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

    policy: str                       # the policy's address (`core/scenario/address.py`), as a string
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

    @property
    def address(self) -> PolicyAddress | None:
        """The policy's address as the one address type (None for a policy outside the scenario)."""
        return PolicyAddress.parse(self.policy)


@dataclass(frozen=True, slots=True)
class ElementMatch:
    """Whether one element of a statement matched, with the reason in words a learner understands."""

    element: str                      # "Action", "NotResource", "Principal", "Condition aws:SourceIp" ...
    matched: bool
    reason: str
    span: Span | None = None


class Step:
    """One step of the trace. A subclass may leave `message` and `elements` as None and work them out in
    `_build` the first time either is read (the engine does so for statements: see authorize.py)."""

    __slots__ = ("id", "stage", "outcome", "_message", "parent", "statement", "_elements", "details")

    def __init__(self, id: int, stage: Stage, outcome: Outcome, message: str | None, parent: int | None = None,
                 statement: StatementRef | None = None, elements: Sequence[ElementMatch] | None = None,
                 details: dict[str, object] | None = None):
        self.id = id
        self.stage = stage
        self.outcome = outcome
        self._message: str | None = message           # one line in plain words (None: `_build` makes it)
        self.parent = parent
        self.statement = statement
        self._elements: Sequence[ElementMatch] | None = elements if elements is not None else ()
        self.details = details if details is not None else {}  # e.g. SigV4 canonical request, context keys

    def _build(self) -> None:
        """Fill `_message` and `_elements` (only steps recorded without them need this)."""

    @property
    def message(self) -> str:
        if self._message is None:
            self._build()
            assert self._message is not None, "_build fills _message"
        return self._message

    @property
    def elements(self) -> Sequence[ElementMatch]:
        if self._elements is None:
            self._build()
            assert self._elements is not None, "_build fills _elements"
        return self._elements

    def __repr__(self) -> str:
        return f"Step({self.id}, {self.stage.value}, {self.outcome.value}, {self.message!r})"


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
    # Filled when explaining (what a plain-words explanation needs beyond the trace):
    caller: Principal | None = None                       # who was calling, resolved
    authentication: Authentication | None = None          # how the credential was checked
    overridden: tuple[StatementRef, ...] = ()             # explicit deny: the matching Allows it overrides

    @property
    def allowed(self) -> bool:
        return self.decision.allowed
