"""The pipeline's boxes and gates: which stage each step belongs to and the words on each box.

The top row is the course's first diagram (request -> authentication -> authorization -> verdict);
the row below opens authorization up (evaluate all policies -> explicit deny? -> allow? -> caps)."""
from __future__ import annotations

from dataclasses import dataclass

from ...core.engine.result import Stage

REQUEST = "request"
AUTHN = "authentication"
AUTHZ = "authorization"
OUTCOME = "outcome"
GATHER = "gather"
EXPLICIT = "explicit_deny"
ALLOW_GATE = "allow"
ALLOW_END = "allow_end"
DENY_END = "deny_end"


@dataclass(frozen=True, slots=True)
class Gate:
    id: str
    title: str
    subtitle: str = ""
    question: bool = False        # a decision (drawn as a hexagon) rather than a step
    no_label: str = "no"          # the words on the arrow down to DENY


_CAPS = {
    Stage.RCP: Gate("rcp", "RCPs allow it?", "resource control policies", True),
    Stage.SCP: Gate("scp", "SCPs allow it?", "service control policies", True),
    Stage.BOUNDARY: Gate("boundary", "Boundary allows it?", "permissions boundary", True),
    Stage.SESSION: Gate("session", "Session policy allows it?", "passed when assuming the role", True),
    Stage.VPC_ENDPOINT: Gate("vpc_endpoint", "Endpoint policy allows it?", "VPC endpoint policy", True),
}
TOP_ROW = [Gate(REQUEST, "AWS API request"), Gate(AUTHN, "Authentication", "user / role / federated"),
           Gate(AUTHZ, "Authorization", "IAM policies"), Gate(OUTCOME, "ALLOW or DENY")]
_ALLOWERS = (Stage.IDENTITY, Stage.RESOURCE)


def detail_row(stages: list[Stage]) -> list[Gate]:
    """The gates inside authorization for a result's stages, in AWS's order; without stages, the
    course's basic diagram. Identity and resource-based policies form one `allow?` gate: within one account
    either may grant, across accounts both must (the engine's verdict step says which way it went)."""
    present = [s for s in stages if s in _CAPS or s in _ALLOWERS]
    allowers = [s for s in present if s in _ALLOWERS]
    row = [Gate(GATHER, "Evaluate all policies", "that apply to the request"),
           Gate(EXPLICIT, "Explicit deny?", "any Deny statement that matches", True, "yes")]
    placed_allow = False
    for stage in present:
        if stage in _ALLOWERS:
            if not placed_allow:
                row.append(_allow_gate(allowers))
                placed_allow = True
        else:
            row.append(_CAPS[stage])
    if not placed_allow:
        row.insert(2 + sum(1 for s in present if s in (Stage.RCP, Stage.SCP)), _allow_gate(allowers))
    return row


def _allow_gate(allowers: list[Stage]) -> Gate:
    if set(allowers) == {Stage.IDENTITY, Stage.RESOURCE}:
        sub = "identity and resource-based policies"       # either within one account, both across accounts
    elif allowers == [Stage.RESOURCE]:
        sub = "resource-based policy"
    else:
        sub = "identity-based policies"
    return Gate(ALLOW_GATE, "Allow?", sub, True)


def gate_for_stage(stage: Stage) -> str:
    """The id of the box a step of this stage lights up."""
    if stage is Stage.AUTHENTICATION:
        return AUTHN
    if stage in (Stage.CONTEXT, Stage.GATHER):
        return GATHER
    if stage is Stage.EXPLICIT_DENY:
        return EXPLICIT
    if stage in _ALLOWERS:
        return ALLOW_GATE
    if stage in _CAPS:
        return _CAPS[stage].id
    return OUTCOME
