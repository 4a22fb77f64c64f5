"""AWS's policy evaluation logic: each policy type evaluated on its own, then combined.

Order and rules follow "Policy evaluation logic" and its sub-pages:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .aws_rules import AwsRule, refusing_rule, rules_for_action
from .compiled import CompiledPolicy, CompiledStatement, Grant
from .context import RequestContext
from .principal import Principal, PrincipalKind
from .result import Decision, ElementMatch, Outcome, Stage, StatementRef
from .trace import Tracer

NO_PERMISSION_ACTIONS = {"sts:getcalleridentity"}   # needs no permission; a Deny cannot block it


@dataclass(slots=True)
class Applicable:
    """The compiled policies that apply to one request, by type."""

    identity: list[CompiledPolicy] = field(default_factory=list)
    boundary: CompiledPolicy | None = None
    session: list[CompiledPolicy] = field(default_factory=list)
    scp_levels: list[tuple[str, list[CompiledPolicy]]] | None = None   # None: SCPs do not apply
    rcp_levels: list[tuple[str, list[CompiledPolicy]]] | None = None   # None: RCPs do not apply
    resource: CompiledPolicy | None = None
    resource_kind: str | None = None          # "resource", "trust" or "key"
    vpc_endpoint: CompiledPolicy | None = None
    notes: list[str] = field(default_factory=list)   # why a type does not apply, for the trace
    _plans: dict[str, Plan] = field(default_factory=dict)

    def stages(self) -> list[Stage]:
        """The pipeline's gates for this request, in AWS's order."""
        stages = [Stage.AUTHENTICATION, Stage.EXPLICIT_DENY]
        if self.rcp_levels is not None:
            stages.append(Stage.RCP)
        if self.scp_levels is not None:
            stages.append(Stage.SCP)
        if self.resource is not None:
            stages.append(Stage.RESOURCE)
        stages.append(Stage.IDENTITY)
        if self.boundary is not None:
            stages.append(Stage.BOUNDARY)
        if self.session:
            stages.append(Stage.SESSION)
        if self.vpc_endpoint is not None:
            stages.append(Stage.VPC_ENDPOINT)
        stages.append(Stage.VERDICT)
        return stages

    def plan(self, action: str) -> Plan:
        found = self._plans.get(action)
        if found is None:
            found = self._plans[action] = Plan(self, action)
        return found


class Plan:
    """For one action: the statements that could apply, split the way the fast path reads them (built once)."""

    __slots__ = ("denies", "rcp", "scp", "resource", "identity", "boundary", "session", "vpce", "stages",
                 "rules")

    def __init__(self, app: Applicable, action: str):
        def allows(policies) -> list[CompiledStatement]:
            return [cs for cp in policies for cs in cp.split(action)[1]]

        def denies(policies, principal_element: bool) -> list[tuple[CompiledStatement, bool]]:
            return [(cs, principal_element) for cp in policies for cs in cp.split(action)[2]]

        boundary = [app.boundary] if app.boundary is not None else []
        resource = [app.resource] if app.resource is not None else []
        vpce = [app.vpc_endpoint] if app.vpc_endpoint is not None else []
        scps = [cps for _, cps in app.scp_levels or ()]
        rcps = [cps for _, cps in app.rcp_levels or ()]
        self.denies = (denies(app.identity, False) + denies(boundary, False) + denies(app.session, False)
                       + denies(resource, True) + denies(vpce, True)
                       + [d for cps in scps for d in denies(cps, False)]
                       + [d for cps in rcps for d in denies(cps, True)])
        self.rcp = [allows(cps) for cps in rcps]
        self.scp = [allows(cps) for cps in scps]
        self.resource = allows(resource)
        self.identity = allows(app.identity)
        self.boundary = allows(boundary)
        self.session = allows(app.session)
        self.vpce = allows(vpce)
        self.stages = app.stages()
        self.rules = rules_for_action(action)       # AWS rules that may refuse this action (aws_rules.py)


@dataclass(slots=True)
class Request:
    principal: Principal
    action: str
    resource: str
    resource_account: str
    ctx: RequestContext


@dataclass(slots=True)
class Hit:
    cs: CompiledStatement
    grant: Grant
    elements: list[ElementMatch]
    matched: bool


@dataclass(slots=True)
class Verdict:
    decision: Decision
    reason: str
    deciding: list[StatementRef]
    stages: list[Stage]


def _scan_explain(policies: list[CompiledPolicy], req: Request, principal_element: bool) -> list[Hit]:
    """Every statement of every policy, with each element's match and reason."""
    principal = req.principal if principal_element else None
    hits: list[Hit] = []
    for cp in policies:
        for cs in cp.statements:
            matched, grant, elements = cs.explain(principal, req.action, req.resource, req.ctx)
            hits.append(Hit(cs, grant, elements, matched))
    return hits


class _Gate:
    """One policy type's scan: its denies, its allows (with grants) and the trace of its statements."""

    __slots__ = ("hits",)

    def __init__(self, hits: list[Hit]):
        self.hits = hits

    def denies(self) -> list[Hit]:
        return [h for h in self.hits if h.matched and not h.cs.allow]

    def allows(self) -> list[Hit]:
        return [h for h in self.hits if h.matched and h.cs.allow]


def authorize(req: Request, app: Applicable, tracer: Tracer) -> Verdict:
    """The decision; with an enabled tracer, every statement of every policy is explained on the way."""
    special = _no_permission_needed(req, app, tracer)
    if special is not None:
        return special
    if not tracer.enabled:
        return _authorize_fast(req, app)
    return _authorize_explained(req, app, tracer)


def _no_permission_needed(req: Request, app: Applicable, tracer: Tracer) -> Verdict | None:
    """sts:GetCallerIdentity needs no permission, and no deny can block it.

    https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
    """
    if req.action.lower() not in NO_PERMISSION_ACTIONS:
        return None
    if tracer.enabled:
        _trace_gather(req, app, tracer)
    if req.principal.kind is PrincipalKind.ANONYMOUS:
        return _verdict(tracer, app.stages(), Decision.IMPLICIT_DENY, [],
                        "sts:GetCallerIdentity needs signed credentials; an anonymous caller has none")
    return _verdict(tracer, app.stages(), Decision.ALLOWED, [],
                    f"{req.action} needs no permission: any authenticated caller may ask who it is, "
                    "and even an explicit deny cannot block it")


def _authorize_fast(req: Request, app: Applicable) -> Verdict:
    """The decision without a trace: denies first, then each gate, stopping as soon as it is settled."""
    plan = app.plan(req.action)
    principal, resource, ctx = req.principal, req.resource, req.ctx
    stages = plan.stages

    denies = [cs.ref for cs, principal_element in plan.denies
              if (not principal_element or cs.grant(principal) is not Grant.NONE)
              and (cs.test is None or cs.test(resource, ctx))]
    if denies:
        return Verdict(Decision.EXPLICIT_DENY, _explicit_deny_reason(denies[0], req.action), denies, stages)
    if plan.rules:
        rule = refusing_rule(plan.rules, req.action, resource, principal.role_arn)
        if rule is not None:
            return Verdict(Decision.IMPLICIT_DENY, rule.reason(req.action, resource), [], _with_rule(stages))
    for (target, _), allows in zip(app.rcp_levels or (), plan.rcp, strict=False):
        if not _any_match(allows, principal, resource, ctx, True):
            return Verdict(Decision.IMPLICIT_DENY, _level_reason("resource", target, req.action), [], stages)
    for (target, _), allows in zip(app.scp_levels or (), plan.scp, strict=False):
        if not _any_match(allows, principal, resource, ctx, False):
            return Verdict(Decision.IMPLICIT_DENY, _level_reason("service", target, req.action), [], stages)

    grant = Grant.NONE
    granting: list[StatementRef] = []
    for cs in plan.resource:
        g = cs.grant(principal)
        if g is not Grant.NONE and (cs.test is None or cs.test(resource, ctx)):
            granting.append(cs.ref)
            if g > grant:
                grant = g
    identity_refs = [cs.ref for cs in plan.identity if cs.test is None or cs.test(resource, ctx)]
    boundary_ok = app.boundary is None or _any_match(plan.boundary, principal, resource, ctx, False)
    session_ok = not app.session or _any_match(plan.session, principal, resource, ctx, False)
    vpce_ok = app.vpc_endpoint is None or _any_match(plan.vpce, principal, resource, ctx, True)
    return _finish(req, app, grant, granting, identity_refs, boundary_ok, session_ok, vpce_ok, stages, None)


def _any_match(statements: list[CompiledStatement], principal: Principal, resource: str, ctx: RequestContext,
               principal_element: bool) -> bool:
    for cs in statements:
        if principal_element and cs.grant(principal) is Grant.NONE:
            continue
        if cs.test is None or cs.test(resource, ctx):
            return True
    return False


def _explicit_deny_reason(first: StatementRef, action: str) -> str:
    return (f"statement {_label(first)} of {_policy_label(first)} explicitly denies {action}: "
            "an explicit deny always wins")


def _with_rule(stages: list[Stage]) -> list[Stage]:
    """The gates of a request an AWS rule refused: the rule's gate follows the explicit-deny gate."""
    at = stages.index(Stage.EXPLICIT_DENY) + 1
    return stages[:at] + [Stage.AWS_RULE] + stages[at:]


def _refused(req: Request, rule: AwsRule, stages: list[Stage], tracer: Tracer) -> Verdict:
    tracer.step(Stage.AWS_RULE, Outcome.FAIL, f"A rule AWS applies beyond the policies: {rule.title} "
                f"(see {rule.source})", details={"rule": rule.id, "title": rule.title, "source": rule.source})
    return _verdict(tracer, _with_rule(stages), Decision.IMPLICIT_DENY, [], rule.reason(req.action, req.resource))


def _level_reason(kind: str, target: str, action: str) -> str:
    return (f"no {kind} control policy at {target} allows {action}; every level of the organization "
            "must allow it")


def _finish(req: Request, app: Applicable, grant: Grant, granting: list[StatementRef],
            identity_refs: list[StatementRef], boundary_ok: bool, session_ok: bool, vpce_ok: bool,
            stages: list[Stage], tracer: Tracer | None) -> Verdict:
    decision, reason, deciding = _combine(req, app, grant, granting, identity_refs, boundary_ok, session_ok,
                                          app.boundary is not None, bool(app.session))
    if decision is Decision.ALLOWED and not vpce_ok:
        decision, deciding = Decision.IMPLICIT_DENY, []
        reason = f"the VPC endpoint policy does not allow {req.action}, so the endpoint refuses the request"
    if tracer is None:
        return Verdict(decision, reason, deciding, stages)
    return _verdict(tracer, stages, decision, deciding, reason)


def _authorize_explained(req: Request, app: Applicable, tracer: Tracer) -> Verdict:
    """The same decision as `_authorize_fast`, scanning every statement and recording why."""
    stages = app.stages()
    _trace_gather(req, app, tracer)

    def scan(policies, principal_element):
        return _Gate(_scan_explain(policies, req, principal_element))

    identity = scan(app.identity, False)
    boundary = scan([app.boundary], False) if app.boundary else None
    session = scan(app.session, False) if app.session else None
    resource = scan([app.resource], True) if app.resource else None
    vpce = scan([app.vpc_endpoint], True) if app.vpc_endpoint else None
    scp_levels = [(t, scan(cps, False)) for t, cps in app.scp_levels or ()]
    rcp_levels = [(t, scan(cps, True)) for t, cps in app.rcp_levels or ()]

    # 1. Explicit deny in any applicable policy wins.
    gates = [identity] + [g for g in (boundary, session, resource, vpce) if g is not None]
    gates += [g for _, g in scp_levels] + [g for _, g in rcp_levels]
    denies = [h for g in gates for h in g.denies()]
    _trace_statements(tracer, Stage.EXPLICIT_DENY, "Explicit deny? Every Deny statement that applies "
                      "to this request", [h for g in gates for h in g.hits if not h.cs.allow],
                      Outcome.FAIL if denies else Outcome.PASS)
    if denies:
        refs = [h.cs.ref for h in denies]
        return _verdict(tracer, stages, Decision.EXPLICIT_DENY, refs, _explicit_deny_reason(refs[0], req.action))

    # 1b. Rules AWS applies beyond the policies (aws_rules.py): no policy can allow these requests.
    rule = refusing_rule(rules_for_action(req.action), req.action, req.resource, req.principal.role_arn)
    if rule is not None:
        return _refused(req, rule, stages, tracer)

    # 2. RCPs: every level must allow (resources in member accounts).
    for target, gate in rcp_levels:
        allowed = gate.allows()
        _trace_statements(tracer, Stage.RCP, f"Resource control policies at {target}: does one allow?",
                          [h for h in gate.hits if h.cs.allow], Outcome.PASS if allowed else Outcome.FAIL)
        if not allowed:
            return _verdict(tracer, stages, Decision.IMPLICIT_DENY, [], _level_reason("resource", target, req.action))

    # 3. SCPs: every level must allow (principals in member accounts).
    for target, gate in scp_levels:
        allowed = gate.allows()
        _trace_statements(tracer, Stage.SCP, f"Service control policies at {target}: does one allow?",
                          [h for h in gate.hits if h.cs.allow], Outcome.PASS if allowed else Outcome.FAIL)
        if not allowed:
            return _verdict(tracer, stages, Decision.IMPLICIT_DENY, [], _level_reason("service", target, req.action))

    # 4. The allow side.
    resource_allows = resource.allows() if resource else []
    grant = max((h.grant for h in resource_allows), default=Grant.NONE)
    identity_allows = identity.allows()
    boundary_ok = boundary is None or bool(boundary.allows())
    session_ok = session is None or bool(session.allows())
    vpce_ok = vpce is None or bool(vpce.allows())

    if resource is not None:
        _trace_statements(tracer, Stage.RESOURCE, f"{_resource_title(app)}: does it allow this caller?",
                          [h for h in resource.hits if h.cs.allow],
                          Outcome.PASS if resource_allows else Outcome.FAIL)
    _trace_statements(tracer, Stage.IDENTITY, "Identity-based policies: does one allow?",
                      [h for h in identity.hits if h.cs.allow],
                      Outcome.PASS if identity_allows else Outcome.FAIL)
    if boundary is not None:
        _trace_statements(tracer, Stage.BOUNDARY, "Permissions boundary: does it allow?",
                          [h for h in boundary.hits if h.cs.allow], Outcome.PASS if boundary_ok else Outcome.FAIL)
    if session is not None:
        _trace_statements(tracer, Stage.SESSION, "Session policies: does one allow?",
                          [h for h in session.hits if h.cs.allow], Outcome.PASS if session_ok else Outcome.FAIL)
    if vpce is not None:
        _trace_statements(tracer, Stage.VPC_ENDPOINT, "VPC endpoint policy: does it allow?",
                          [h for h in vpce.hits if h.cs.allow], Outcome.PASS if vpce_ok else Outcome.FAIL)

    return _finish(req, app, grant, [h.cs.ref for h in resource_allows], [h.cs.ref for h in identity_allows],
                   boundary_ok, session_ok, vpce_ok, stages, tracer)


def _combine(req: Request, app: Applicable, grant: Grant, granting: list[StatementRef],
             identity_refs: list[StatementRef], boundary_ok: bool, session_ok: bool,
             has_boundary: bool, has_session: bool) -> tuple[Decision, str, list[StatementRef]]:
    """Combine the allow side as AWS does for the principal's kind and the resource's owner."""
    principal = req.principal
    kind = principal.kind
    action = req.action
    who = principal.label
    what = f"{action} on {req.resource}"
    deny = Decision.IMPLICIT_DENY
    caps = _caps_reason(boundary_ok, session_ok)

    if kind is PrincipalKind.SERVICE or kind is PrincipalKind.ANONYMOUS:
        if grant is Grant.DIRECT:
            return Decision.ALLOWED, f"the {_resource_word(app)} allows {who} to perform {what}", granting
        return deny, (f"{who} has no identity-based policies, so only a {_resource_word(app)} could allow "
                      f"{what}, and none does (implicit deny)"), []

    same_account = principal.account == req.resource_account
    must_allow = app.resource_kind in ("trust", "key")

    if kind is PrincipalKind.ROOT:
        if app.resource_kind == "trust":
            return deny, "the root user cannot assume a role: AWS refuses AssumeRole with root credentials", []
        if same_account and not must_allow:
            return Decision.ALLOWED, (f"the root user has full access to its own account; nothing denies "
                                      f"{action}"), []
        if grant is not Grant.NONE:
            return Decision.ALLOWED, f"the {_resource_word(app)} allows {who} to perform {what}", granting
        if same_account:
            return deny, (f"the key policy does not allow the account {principal.account}: without that even the "
                          "root user cannot use the key (implicit deny)"), []
        return deny, (f"{req.resource} belongs to account {req.resource_account}; cross-account access needs its "
                      f"{_resource_word(app)} to allow {who}, and none does (implicit deny)"), []

    identity_ok = bool(identity_refs)
    if not same_account:
        if grant is Grant.NONE:
            return deny, (f"cross-account request: {req.resource} belongs to account {req.resource_account}, "
                          f"whose {_resource_word(app)} does not allow {who} (implicit deny)"), []
        if not identity_ok:
            return deny, (f"cross-account request: the {_resource_word(app)} allows it, but no identity-based "
                          f"policy in {who}'s own account allows {action}; both sides must allow (implicit deny)"), []
        if caps:
            return deny, f"cross-account request: {caps} (implicit deny)", []
        return Decision.ALLOWED, (f"cross-account request allowed: the {_resource_word(app)} and {who}'s "
                                  "identity-based policies both allow it"), granting + identity_refs

    # Same account.
    if grant is Grant.DIRECT and app.resource_kind == "trust" and caps:
        # "If a permissions boundary is set for the user, then it must allow the sts:AssumeRole action."
        # https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html
        return deny, (f"the trust policy names {who}, but {caps}: a boundary caps AssumeRole even for a "
                      "caller the trust policy names (implicit deny)"), []
    if grant is Grant.DIRECT:
        return Decision.ALLOWED, (f"the {_resource_word(app)} names {who} directly, which is enough within one "
                                  "account"), granting
    if grant is Grant.ROLE:
        if caps:
            return deny, (f"the {_resource_word(app)} allows the role, but {caps}, and a grant to the role ARN "
                          "is capped by them (implicit deny)"), []
        return Decision.ALLOWED, (f"the {_resource_word(app)} allows the role {principal.role_name}, and its "
                                  "session may use that"), granting
    if must_allow and grant is Grant.NONE:
        word = "trust policy" if app.resource_kind == "trust" else "key policy"
        return deny, (f"the {word} does not allow {who}: for this resource an identity-based policy alone is "
                      "not enough (implicit deny)"), []
    if not identity_ok:
        if grant is Grant.ACCOUNT:
            return deny, (f"the {_resource_word(app)} delegates to the account, but no identity-based policy "
                          f"of {who} allows {action} (implicit deny)"), []
        return deny, f"no policy allows {who} to perform {what} (implicit deny: denied by default)", []
    if caps:
        return deny, f"an identity-based policy allows {action}, but {caps} (implicit deny)", []
    limits = []
    if has_boundary:
        limits.append("the permissions boundary")
    if has_session:
        limits.append("the session policy")
    extra = f", within {' and '.join(limits)}" if limits else ""
    return Decision.ALLOWED, f"an identity-based policy allows {action}{extra}", granting + identity_refs


def _caps_reason(boundary_ok: bool, session_ok: bool) -> str:
    if not boundary_ok and not session_ok:
        return "neither the permissions boundary nor the session policy allows it"
    if not boundary_ok:
        return "the permissions boundary does not allow it"
    if not session_ok:
        return "the session policy does not allow it"
    return ""


def _resource_word(app: Applicable) -> str:
    return {"trust": "role's trust policy", "key": "key policy"}.get(app.resource_kind or "",
                                                                       "resource-based policy")


def _resource_title(app: Applicable) -> str:
    return {"trust": "The role's trust policy", "key": "The key policy"}.get(app.resource_kind or "",
                                                                           "Resource-based policy")


def _label(ref: StatementRef) -> str:
    return ref.sid if ref.sid else f"#{ref.index + 1}"


def _policy_label(ref: StatementRef) -> str:
    name = ref.policy.rsplit("/", 1)[-1] if ref.policy.startswith("arn:") else ref.policy
    return f"`{name}`"


def _verdict(tracer: Tracer, stages: list[Stage], decision: Decision, deciding: list[StatementRef],
             reason: str) -> Verdict:
    if tracer.enabled:
        outcome = Outcome.ALLOW if decision is Decision.ALLOWED else Outcome.DENY
        tracer.step(Stage.VERDICT, outcome, f"{decision.value.replace('_', ' ').upper()}: {reason}",
                    details={"decision": decision.value})
    return Verdict(decision, reason, deciding, stages)


def _trace_gather(req: Request, app: Applicable, tracer: Tracer) -> None:
    lines = []
    for cp in app.identity:
        lines.append(f"identity: {cp.policy.display_name} (on {cp.attached_to})")
    if app.boundary:
        lines.append(f"permissions boundary: {app.boundary.policy.display_name}")
    for cp in app.session:
        lines.append(f"session policy: {cp.policy.display_name}")
    if app.resource:
        lines.append(f"{_resource_word(app)}: {app.resource.attached_to}")
    for label, levels in (("SCP", app.scp_levels), ("RCP", app.rcp_levels)):
        for target, cps in levels or ():
            lines.append(f"{label} at {target}: " + ", ".join(cp.policy.display_name for cp in cps))
    if app.vpc_endpoint:
        lines.append("VPC endpoint policy")
    count = len(lines)
    message = (f"{count} {'policy applies' if count == 1 else 'policies apply'} to {req.principal.label} "
               f"asking for {req.action}")
    tracer.step(Stage.GATHER, Outcome.INFO, message, details={"policies": lines, "notes": list(app.notes)})


def _trace_statements(tracer: Tracer, stage: Stage, title: str, hits: list[Hit], outcome: Outcome) -> None:
    parent = tracer.step(stage, outcome, title)
    for h in hits:
        ref = h.cs.ref
        if h.matched:
            result = Outcome.ALLOW if h.cs.allow else Outcome.DENY
            verb = "allows" if h.cs.allow else "denies"
            message = f"{_policy_label(ref)} statement {_label(ref)} {verb} this request"
        else:
            result = Outcome.NO_MATCH
            failed = next((e for e in h.elements if not e.matched), None)
            why = f": {failed.reason}" if failed else ""
            message = f"{_policy_label(ref)} statement {_label(ref)} does not apply{why}"
        tracer.step(stage, result, message, parent=parent, statement=ref, elements=h.elements)
