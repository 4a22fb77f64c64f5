"""AWS's policy evaluation logic: each policy type evaluated on its own, then combined.

Order and rules follow "Policy evaluation logic" and its sub-pages:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..decision import Decision
from ..scenario.address import PolicyAddress
from ..scenario.principal import Principal, PrincipalKind
from .aws_rules import AwsExemption, AwsRule, refusing_rule
from .compiled import AttachedPolicy, Grant, Level, PolicySet
from .context import RequestContext
from .result import Outcome, Stage, StatementRef, Step
from .trace import Tracer

NO_PERMISSION_ACTIONS = {"sts:getcalleridentity"}   # needs no permission; a Deny cannot block it

# The members the fast path reads, as module names: reading a member off its Enum class costs four times as much.
_NONE, _ACCOUNT, _ROLE, _DIRECT = Grant.NONE, Grant.ACCOUNT, Grant.ROLE, Grant.DIRECT
_ALLOWED, _IMPLICIT_DENY, _EXPLICIT_DENY = Decision.ALLOWED, Decision.IMPLICIT_DENY, Decision.EXPLICIT_DENY
_RESOURCE, _IDENTITY, _BOUNDARY, _SESSION, _VPC_ENDPOINT = (Stage.RESOURCE, Stage.IDENTITY, Stage.BOUNDARY,
                                                           Stage.SESSION, Stage.VPC_ENDPOINT)
_SERVICE, _ANONYMOUS, _ROOT = PrincipalKind.SERVICE, PrincipalKind.ANONYMOUS, PrincipalKind.ROOT

Levels = tuple[Level, ...]          # an organization's levels (root, OUs, account), or a gate's one set of policies
LevelPlan = tuple[Stage, bool, "str | None", "Level | None"]     # a level as the fast path reads it (`_plan`;
#                                                                  None: the request's resource-based policy)


@dataclass(slots=True)
class Applicable:
    """The compiled policies that apply to one request, by type (tuples: built once, shared, never changed)."""

    identity: tuple[AttachedPolicy, ...] = ()
    identity_levels: Levels = ()               # the identity policies as one level (shared per caller)
    boundary: AttachedPolicy | None = None
    session: tuple[AttachedPolicy, ...] = ()
    scp_levels: Levels | None = None           # None: SCPs do not apply
    rcp_levels: Levels | None = None           # None: RCPs do not apply
    resource: AttachedPolicy | None = None
    resource_kind: str | None = None          # "resource", "trust" or "key"
    vpc_endpoint: AttachedPolicy | None = None
    notes: tuple[str, ...] = ()               # why a type does not apply, for the trace
    gates: tuple[tuple[Gate, Levels], ...] = ()      # set by `seal`: the gates in play, in GATES order
    plan: tuple[LevelPlan, ...] = ()                  # set by `seal`: the same, one entry per level
    stages: tuple[Stage, ...] = ()
    listed: tuple[list[str], list[str]] | None = None     # the trace's list of policies and notes (`_listed`)
    resource_at: tuple[int, int] = (0, 0)       # set by `seal`: where the resource gate goes in `gates`, `plan`
    within_words: str = ""      # set by `seal`: ", within the permissions boundary" (and/or the session policy)

    def seal(self, shared: dict[Any, Any]) -> Applicable:
        """Fix the gates in play once every policy type is set.

        `shared` (one per Engine) interns each gate's levels, each level's plan entry and the stages: the
        requests of one caller, or of one organization, share them (fewer long-lived objects for the garbage
        collector to scan). The gates and the plan themselves are one per Applicable: no two are alike.
        """
        pairs: list[tuple[Gate, Levels]] = []
        for gate in GATES:
            if gate is _RESOURCE_GATE:
                self.resource_at = (len(pairs), sum(len(levels) for _, levels in pairs))
            levels = gate.levels(self)
            if levels is not None:
                key = (gate, levels)
                pairs.append(shared.setdefault(key, key))
        self.gates = gates = tuple(pairs)
        self.plan = _plan(gates, shared)
        stages = (Stage.AUTHENTICATION, Stage.EXPLICIT_DENY, *(g.stage for g, _ in gates), Stage.VERDICT)
        self.stages = shared.setdefault(stages, stages)
        limits = (["the permissions boundary"] if self.boundary is not None else []) + \
            (["the session policy"] if self.session else [])
        self.within_words = f", within {' and '.join(limits)}" if limits else ""
        return self

    def with_resource(self, policy: AttachedPolicy, kind: str | None, shared: dict[Any, Any]) -> Applicable:
        """The same policies (sealed, without a resource-based policy) with `policy` as the resource-based
        policy too: its gate goes where GATES orders it (`resource_at`), the rest is shared, interned as
        `seal` interns. The explained path reads these (its trace lists and walks the policy)."""
        return self._with_resource_gate(policy, kind, policy.alone, shared)

    def resource_slot(self, kind: str, shared: dict[Any, Any]) -> Applicable:
        """For the fast path: the same policies with the gate of a resource-based policy of `kind`, whose plan
        entry's level is None: each request brings its own policy (`Request.resource_policy`). One per caller
        and kind, not one per caller and resource. Its gates leave the place empty too (levels None), so the
        explained path, which lists and walks the policy, reads `with_resource` instead."""
        return self._with_resource_gate(None, kind, None, shared)

    def _with_resource_gate(self, policy: AttachedPolicy | None, kind: str | None, levels: Levels | None,
                            shared: dict[Any, Any]) -> Applicable:
        new = Applicable(self.identity, self.identity_levels, self.boundary, self.session, self.scp_levels,
                         self.rcp_levels, policy, kind, self.vpc_endpoint, self.notes)
        at_gate, at_plan = self.resource_at
        gate = _RESOURCE_GATE
        pair = (gate, levels)
        entry = (gate.stage, gate.principal_element, gate.every_level, levels[0] if levels else None)
        new.gates = self.gates[:at_gate] + (shared.setdefault(pair, pair),) + self.gates[at_gate:]
        new.plan = self.plan[:at_plan] + (shared.setdefault(entry, entry),) + self.plan[at_plan:]
        at_stage = at_gate + 2          # after authentication and the explicit-deny gate
        stages = self.stages[:at_stage] + (gate.stage,) + self.stages[at_stage:]
        new.stages = shared.setdefault(stages, stages)
        new.resource_at, new.within_words = self.resource_at, self.within_words
        return new


def _plan(gates: tuple[tuple[Gate, Levels], ...], shared: dict[Any, Any]) -> tuple[LevelPlan, ...]:
    """The gates' levels in order, each with what the fast path needs of its gate: (stage, principal_element,
    every_level, level), interned in `shared`."""
    plan = []
    for gate, levels in gates:
        for level in levels:
            entry = (gate.stage, gate.principal_element, gate.every_level, level)
            plan.append(shared.setdefault(entry, entry))
    return tuple(plan)


def _one(policy: AttachedPolicy | None) -> Levels | None:
    return None if policy is None else policy.alone


@dataclass(frozen=True, slots=True, eq=False)
class Gate:
    """One stage of AWS's evaluation: which policies it reads and how they decide.

    `principal_element`: policies of this type name who they apply to (Principal / NotPrincipal),
    so a statement applies only to the callers it names. `every_level`: an organization's policies
    must allow at each level (root, OUs, account), or the request stops there with an implicit deny;
    the other gates' allows are combined at the end (`_combine`).
    """

    stage: Stage
    levels: Callable[[Applicable], Levels | None]     # None: the gate is not in play for this request
    principal_element: bool = False
    every_level: str | None = None                   # "resource" or "service" control policies
    title: str = ""


# AWS's order (reference_policies_evaluation-logic.html): explicit denies in any of these first,
# then RCPs, SCPs, the resource-based policy, identity-based policies, the permissions boundary,
# session policies; a VPC endpoint policy is checked by the endpoint itself.
GATES: tuple[Gate, ...] = (
    Gate(Stage.RCP, lambda a: a.rcp_levels, principal_element=True, every_level="resource",
         title="Resource control policies at {target}: does one allow?"),
    Gate(Stage.SCP, lambda a: a.scp_levels, every_level="service",
         title="Service control policies at {target}: does one allow?"),
    Gate(Stage.RESOURCE, lambda a: _one(a.resource), principal_element=True,
         title="{resource}: does it allow this caller?"),
    Gate(Stage.IDENTITY, lambda a: a.identity_levels, title="Identity-based policies: does one allow?"),
    Gate(Stage.BOUNDARY, lambda a: _one(a.boundary), title="Permissions boundary: does it allow?"),
    Gate(Stage.SESSION, lambda a: (Level(None, (PolicySet(a.session),)),) if a.session else None,
         title="Session policies: does one allow?"),
    Gate(Stage.VPC_ENDPOINT, lambda a: _one(a.vpc_endpoint), principal_element=True,
         title="VPC endpoint policy: does it allow?"),
)
_RESOURCE_GATE = next(gate for gate in GATES if gate.stage is Stage.RESOURCE)


@dataclass(slots=True)
class Request:
    principal: Principal
    action: str
    resource: str
    resource_account: str
    ctx: RequestContext
    rules: tuple[AwsRule, ...]         # the rules AWS applies beyond the policies that may refuse the action
    free: bool                         # the action needs no permission (NO_PERMISSION_ACTIONS)
    resource_policy: AttachedPolicy | None = None     # the resource-based policy (`Applicable.resource_slot`)
    exemption: AwsExemption | None = None     # the bucket policy was set aside for the root user (why)


@dataclass(slots=True)
class Verdict:
    decision: Decision
    reason: str
    deciding: list[StatementRef]
    stages: tuple[Stage, ...]
    capped: tuple[str, ...] = ()        # implicit deny: the guardrails (policy addresses) that capped it
    overridden: tuple[StatementRef, ...] = ()    # explicit deny, explained path: the matching Allows it overrides


Allowed = dict[Stage, tuple[Grant, list[StatementRef]]]     # per allow-side gate: best grant, matching Allows


def authorize(req: Request, app: Applicable, tracer: Tracer) -> Verdict:
    """The decision; with an enabled tracer, every statement of every policy is explained on the way."""
    if req.free:
        return _no_permission_needed(req, app, tracer)
    if not tracer.enabled:
        return _authorize_fast(req, app)
    return _authorize_explained(req, app, tracer)


def _no_permission_needed(req: Request, app: Applicable, tracer: Tracer) -> Verdict:
    """sts:GetCallerIdentity needs no permission, and no deny can block it.

    https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
    """
    if tracer.enabled:
        _trace_gather(req, app, tracer)
    if req.principal.kind is PrincipalKind.ANONYMOUS:
        return _verdict(tracer, app.stages, Decision.IMPLICIT_DENY, [],
                        "sts:GetCallerIdentity needs signed credentials; an anonymous caller has none")
    return _verdict(tracer, app.stages, Decision.ALLOWED, [],
                    f"{req.action} needs no permission: any authenticated caller may ask who it is, "
                    "and even an explicit deny cannot block it")


def _authorize_fast(req: Request, app: Applicable) -> Verdict:
    """The decision without a trace, from one pass over the gates.

    Only the statements whose Action covers the request are read (each policy's per-action cache).
    Once a Deny matches, no Allow can change the outcome, so Allows are no longer tested.
    """
    action, resource, ctx = req.action, req.resource, req.ctx
    principal = req.principal
    denies: list[StatementRef] = []
    allowed: Allowed = {}
    stopped = None                  # the first organization level that allows nothing: (reason, guardrails)
    for stage, named, every_level, level in app.plan:
        best, refs = _NONE, []
        for policies in level.sets if level is not None else _resource_sets(req):
            deny, allows = policies.cache.get(action) or policies.candidates(action)
            for on_arn, on_context, on_both, cs, ap, index in deny:
                if ((on_arn is None or on_arn(resource)) and (on_context is None or on_context(ctx))
                        and (on_both is None or on_both(resource, ctx))
                        and (not named or cs.grant(principal) is not _NONE)):
                    denies.append(ap.refs[index] or ap.ref(index))
            if denies or not allows:
                continue
            if not named:           # statements without a Principal element grant to the caller itself
                for on_arn, on_context, on_both, _, ap, index in allows:
                    if ((on_arn is None or on_arn(resource)) and (on_context is None or on_context(ctx))
                            and (on_both is None or on_both(resource, ctx))):
                        refs.append(ap.refs[index] or ap.ref(index))
                if refs:
                    best = _DIRECT
                continue
            for on_arn, on_context, on_both, cs, ap, index in allows:
                g = cs.grant(principal)
                if (g is not _NONE and (on_arn is None or on_arn(resource))
                        and (on_context is None or on_context(ctx))
                        and (on_both is None or on_both(resource, ctx))):
                    refs.append(ap.refs[index] or ap.ref(index))
                    if g > best:
                        best = g
        if every_level and not refs and stopped is None:
            assert level is not None, "an organization level is in the plan itself"
            stopped = (_level_reason(every_level, level.target, action), _level_addresses(level.policies))
        allowed[stage] = (best, refs)
    if denies:
        return Verdict(_EXPLICIT_DENY, _explicit_deny_reason(denies[0], action), denies, app.stages)
    rule = _refusing_rule(req)
    if rule is not None:
        return Verdict(_IMPLICIT_DENY, rule.reason(action, resource), [], _with_rule(app.stages))
    if stopped is not None:
        return Verdict(_IMPLICIT_DENY, stopped[0], [], app.stages, stopped[1])
    return _finish(req, app, allowed, None)


def _resource_sets(req: Request) -> tuple[PolicySet, ...]:
    """The request's resource-based policy, read where the plan leaves its place (`Applicable.resource_slot`)."""
    assert req.resource_policy is not None, "a plan with the place of a resource-based policy comes with one"
    return req.resource_policy.alone[0].sets


def _refusing_rule(req: Request) -> AwsRule | None:
    """A rule AWS applies beyond the policies (aws_rules.py) that refuses this request, if any."""
    return refusing_rule(req.rules, req.action, req.resource, req.principal.role_arn, req.principal.account,
                         req.resource_account) if req.rules else None


def _with_rule(stages: tuple[Stage, ...]) -> tuple[Stage, ...]:
    """The gates of a request an AWS rule refused: the rule's gate follows the explicit-deny gate."""
    at = stages.index(Stage.EXPLICIT_DENY) + 1
    return stages[:at] + (Stage.AWS_RULE,) + stages[at:]


def _refused(req: Request, rule: AwsRule, stages: tuple[Stage, ...], tracer: Tracer) -> Verdict:
    tracer.step(Stage.AWS_RULE, Outcome.FAIL, f"A rule AWS applies beyond the policies: {rule.title} "
                f"(see {rule.source})", details={"rule": rule.id, "title": rule.title, "source": rule.source})
    return _verdict(tracer, _with_rule(stages), Decision.IMPLICIT_DENY, [], rule.reason(req.action, req.resource))


def _explicit_deny_reason(first: StatementRef, action: str) -> str:
    return (f"statement {_label(first)} of {_policy_label(first)} explicitly denies {action}: "
            "an explicit deny always wins")


def _level_reason(kind: str, target: str | None, action: str) -> str:
    return (f"no {kind} control policy at {target} allows {action}; every level of the organization "
            "must allow it")


_NOTHING: tuple[Grant, list[StatementRef]] = (Grant.NONE, [])


def _finish(req: Request, app: Applicable, allowed: Allowed, tracer: Tracer | None) -> Verdict:
    grant, granting = allowed.get(_RESOURCE, _NOTHING)
    identity_refs = allowed[_IDENTITY][1]
    boundary = allowed.get(_BOUNDARY)
    session = allowed.get(_SESSION)
    boundary_ok = boundary is None or bool(boundary[1])
    session_ok = session is None or bool(session[1])
    decision, reason, deciding = _combine(req, app, grant, granting, identity_refs, boundary_ok, session_ok)
    capped: tuple[str, ...] = ()
    if decision is _IMPLICIT_DENY and not (boundary_ok and session_ok) and _combine(
            req, app, grant, granting, identity_refs, True, True)[0] is _ALLOWED:
        # Allowed but for the boundary or the session policies: they capped it.
        capping = ((app.boundary,) if app.boundary is not None and not boundary_ok else ()) + \
            (app.session if not session_ok else ())
        capped = _addresses(capping)
    if decision is _ALLOWED and app.vpc_endpoint is not None and not allowed[_VPC_ENDPOINT][1]:
        decision, deciding, capped = _IMPLICIT_DENY, [], (app.vpc_endpoint.address,)
        reason = f"the VPC endpoint policy does not allow {req.action}, so the endpoint refuses the request"
    if tracer is None:
        return Verdict(decision, reason, deciding, app.stages, capped)
    # for the trace: whether the identity-based and resource-based policies, combined as AWS combines them for
    # this caller and resource (either within one account, both across accounts), allow it before any cap
    policies_allow = decision is Decision.ALLOWED or bool(capped)
    within = _addresses(((app.boundary,) if app.boundary is not None else ()) + app.session) \
        if decision is Decision.ALLOWED else ()            # the limits it was allowed within
    return _verdict(tracer, app.stages, decision, deciding, reason, capped, policies_allow, within)


def _addresses(policies: tuple[AttachedPolicy, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ap.address for ap in policies))


def _level_addresses(policies: tuple[AttachedPolicy, ...]) -> tuple[str, ...]:
    """The guardrails of an SCP/RCP level that allowed nothing: its policies that could have allowed
    (those with an Allow statement), or all of them when none has one."""
    allowing = tuple(ap for ap in policies if any(st.effect == "Allow" for st in ap.policy.statements))
    return _addresses(allowing or policies)


class StatementStep(Step):
    """A statement's step: its outcome is known when made; its message and the reason for each element
    are built the first time they are read (the GUI reads them as it shows a step)."""

    __slots__ = ("req", "compiled", "index", "principal_element")

    def __init__(self, id: int, stage: Stage, outcome: Outcome, parent: int, ap: AttachedPolicy, index: int,
                 req: Request, principal_element: bool):
        self.id, self.stage, self.outcome, self.parent = id, stage, outcome, parent
        self.statement = ap.refs[index] or ap.ref(index)
        self.compiled, self.index, self.req, self.principal_element = ap.compiled, index, req, principal_element
        self._message = self._elements = None
        self.details = {}

    def _build(self) -> None:
        req, ref = self.req, self.statement
        assert ref is not None, "a statement step names its statement"
        principal = req.principal if self.principal_element else None
        _, _, elements = self.compiled.statement(self.index).explain(principal, req.action, req.resource, req.ctx)
        if self.outcome is not Outcome.NO_MATCH:
            verb = "allows" if self.outcome is Outcome.ALLOW else "denies"
            message = f"statement {_label(ref)} of {_policy_label(ref)} {verb} this request"
        else:
            failed = next((e for e in elements if not e.matched), None)
            why = f": {failed.reason}" if failed else ""
            message = f"statement {_label(ref)} of {_policy_label(ref)} does not apply{why}"
        self._message, self._elements = message, elements


def _authorize_explained(req: Request, app: Applicable, tracer: Tracer) -> Verdict:
    """The same decision as `_authorize_fast`, from the same gates, with a step for every statement of
    every policy in play.

    One pass reads the statements whose Action covers the request with the fast path's matchers; the
    trace keeps which matched (`_Scan`) and makes its steps from that when it is first read.
    """
    action, principal, resource, ctx = req.action, req.principal, req.resource, req.ctx
    none, direct = Grant.NONE, Grant.DIRECT
    matched = offset = 0                # bit `offset + i`: statement i of a policy at `offset` matched
    denies: list[StatementRef] = []
    allows: list[StatementRef] = []     # every matching Allow, in order
    allowed: Allowed = {}
    stopped: tuple[str, Level] | None = None    # the first organization level that allows nothing
    deny_steps = gate_steps = 0         # the steps of the explicit-deny gate, of the gates after it
    for gate, levels in app.gates:
        named, every_level = gate.principal_element, gate.every_level
        best, first, steps = none, len(allows), 1
        for level in levels:
            level_first, level_steps = len(allows), 1
            for ap in level.policies:
                compiled = ap.compiled
                deny_steps += len(compiled.deny_indexes)
                level_steps += len(compiled.allow_indexes)
                for cs in compiled.covering(action):
                    g = cs.grant(principal) if named else direct
                    if g is not none and cs.matches(resource, ctx):
                        index = cs.index
                        matched |= 1 << (offset + index)
                        if not cs.allow:
                            denies.append(ap.refs[index] or ap.ref(index))
                            continue
                        allows.append(ap.refs[index] or ap.ref(index))
                        if g > best:
                            best = g
                offset += len(ap.refs)
            if every_level and stopped is None:
                gate_steps += level_steps
                if len(allows) == level_first:
                    stopped = (every_level, level)
            steps += level_steps - 1
        if not every_level:
            allowed[gate.stage] = (best, allows[first:])
            if stopped is None:
                gate_steps += steps

    start = len(tracer.steps)
    if denies:
        # what AWS would decide with the explicit denies taken away (the root user needs no Allow)
        without = _refusing_rule(req) is None and stopped is None and \
            _finish(req, app, allowed, None).decision is _ALLOWED
        tracer.pending(_Scan(start, req, app, matched, False, without), 3 + deny_steps)
        verdict = _verdict(tracer, app.stages, Decision.EXPLICIT_DENY, denies,
                           _explicit_deny_reason(denies[0], action))
        verdict.overridden = tuple(allows)
        return verdict
    # Rules AWS applies beyond the policies (aws_rules.py): no policy can allow these requests.
    rule = _refusing_rule(req)
    if rule is not None:
        tracer.pending(_Scan(start, req, app, matched, False), 2 + deny_steps)
        return _refused(req, rule, app.stages, tracer)
    tracer.pending(_Scan(start, req, app, matched, True), 2 + deny_steps + gate_steps)
    if stopped is not None:
        kind, level = stopped
        return _verdict(tracer, app.stages, Decision.IMPLICIT_DENY, [], _level_reason(kind, level.target, action),
                        _level_addresses(level.policies))
    return _finish(req, app, allowed, tracer)


# the identity gate of the root user, which has no identity-based policy: not a gate it fails
_ROOT_IDENTITY = ("Identity-based policies: the root user has none (no policy can be attached to it), and in its "
                  "own account it needs none")

Placed = list[tuple[AttachedPolicy, int, bool]]      # policies as `_Scan` reads them: (policy, offset, named)


class _Scan:
    """What the explained path found, kept for the trace: which statements of the policies in play matched
    (`matched`, one bit per statement, the policies in `app.gates` order).

    From trace position `start`, its steps are: the policies that apply; the explicit-deny gate and each
    Deny statement; then, after a matching Deny, the Allows it overrides, or, with `gates`, each later gate
    up to the organization level that allows nothing and each of its Allow statements.
    """

    __slots__ = ("start", "req", "app", "matched", "gates", "allowed_without_deny")

    def __init__(self, start: int, req: Request, app: Applicable, matched: int, gates: bool,
                 allowed_without_deny: bool = False):
        self.start, self.req, self.app, self.matched, self.gates = start, req, app, matched, gates
        self.allowed_without_deny = allowed_without_deny        # after a Deny: the decision without it

    def steps(self) -> list[Step]:
        req, app = self.req, self.app
        message, details = _gathered(req, app)
        steps: list[Step] = [Step(self.start, Stage.GATHER, Outcome.INFO, message, details=details)]
        layout: list[tuple[Gate, list[tuple[Level, Placed]]]] = []
        offset = 0
        for gate, levels in app.gates:
            placed = []
            for level in levels:
                policies = []
                for ap in level.policies:
                    policies.append((ap, offset, gate.principal_element))
                    offset += len(ap.refs)
                placed.append((level, policies))
            layout.append((gate, placed))
        every = [p for _, placed in layout for _, policies in placed for p in policies]
        if self._gate(steps, Stage.EXPLICIT_DENY, "Explicit deny? Every Deny statement that applies to this "
                      "request", every, False):
            steps.append(_overridden_step(self.start + len(steps), [
                ap.refs[i] or ap.ref(i) for ap, offset, _ in every for i in ap.compiled.allow_indexes
                if self.matched >> (offset + i) & 1], self.allowed_without_deny, req.principal.kind is _ROOT))
            return steps
        if not self.gates:
            return steps
        for gate, placed in layout:
            if gate.every_level:
                for level, policies in placed:
                    if not self._gate(steps, gate.stage, gate.title.format(target=level.target), policies, True):
                        return steps
            else:
                policies = [p for _, level_policies in placed for p in level_policies]
                if gate.stage is _IDENTITY and not policies and req.principal.kind is _ROOT:
                    steps.append(Step(self.start + len(steps), _IDENTITY, Outcome.SKIP, _ROOT_IDENTITY))
                    continue
                self._gate(steps, gate.stage, gate.title.format(resource=_resource_title(app)), policies, True)
        return steps

    def _gate(self, steps: list[Step], stage: Stage, title: str, policies: Placed, allow: bool) -> bool:
        """Append the gate's step and a step for each Allow (or each Deny) statement of `policies`, in order;
        whether one matched."""
        start, req, add = self.start, self.req, steps.append
        parent = start + len(steps)
        gate = Step(parent, stage, Outcome.PASS, title)
        add(gate)
        hit = Outcome.ALLOW if allow else Outcome.DENY
        found = False
        for ap, offset, named in policies:
            bits = self.matched >> offset
            for i in (ap.compiled.allow_indexes if allow else ap.compiled.deny_indexes):
                if bits >> i & 1:
                    found = True
                    add(StatementStep(start + len(steps), stage, hit, parent, ap, i, req, named))
                else:
                    add(StatementStep(start + len(steps), stage, Outcome.NO_MATCH, parent, ap, i, req, named))
        if found != allow:
            gate.outcome = Outcome.FAIL
        return found


def _combine(req: Request, app: Applicable, grant: Grant, granting: list[StatementRef],
             identity_refs: list[StatementRef], boundary_ok: bool,
             session_ok: bool) -> tuple[Decision, str, list[StatementRef]]:
    """Combine the allow side as AWS does for the principal's kind and the resource's owner."""
    principal = req.principal
    kind = principal.kind
    action = req.action
    who = principal.label
    deny = _IMPLICIT_DENY
    capped = not (boundary_ok and session_ok)      # `_caps_reason` says why

    if kind is _SERVICE or kind is _ANONYMOUS:
        if grant is _DIRECT:
            return _ALLOWED, f"the {_resource_word(app)} allows {who} to perform {_what(req)}", granting
        return deny, (f"{who} has no identity-based policies, so only a {_resource_word(app)} could allow "
                      f"{_what(req)}, and none does (implicit deny)"), []

    same_account = principal.account == req.resource_account
    must_allow = app.resource_kind in ("trust", "key")

    if kind is _ROOT:
        if app.resource_kind == "trust":
            return deny, "the root user cannot assume a role: AWS refuses AssumeRole with root credentials", []
        if same_account and not must_allow:
            if req.exemption is not None:
                return _ALLOWED, req.exemption.reason(action), []
            return _ALLOWED, (f"the root user has full access to its own account; nothing denies "
                              f"{action}"), []
        if grant is not _NONE:
            return _ALLOWED, f"the {_resource_word(app)} allows {who} to perform {_what(req)}", granting
        if same_account:
            return deny, (f"the key policy does not allow the account {principal.account}: without that even the "
                          "root user cannot use the key (implicit deny)"), []
        return deny, (f"{req.resource} belongs to account {req.resource_account}; cross-account access needs its "
                      f"{_resource_word(app)} to allow {who}, and none does (implicit deny)"), []

    identity_ok = bool(identity_refs)
    if not same_account:
        if grant is _NONE:
            return deny, (f"cross-account request: {req.resource} belongs to account {req.resource_account}, "
                          f"whose {_resource_word(app)} does not allow {who} (implicit deny)"), []
        if not identity_ok:
            return deny, (f"cross-account request: the {_resource_word(app)} allows it, but no identity-based "
                          f"policy in {who}'s own account allows {action}; both sides must allow (implicit deny)"), []
        if capped:
            return deny, f"cross-account request: {_caps_reason(boundary_ok, session_ok)} (implicit deny)", []
        return _ALLOWED, (f"cross-account request allowed: the {_resource_word(app)} and {who}'s "
                          "identity-based policies both allow it"), granting + identity_refs

    # Same account.
    if grant is _DIRECT and app.resource_kind == "trust" and capped:
        # "If a permissions boundary is set for the user, then it must allow the sts:AssumeRole action."
        # https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html
        return deny, (f"the trust policy names {who}, but {_caps_reason(boundary_ok, session_ok)}: a boundary "
                      "caps AssumeRole even for a caller the trust policy names (implicit deny)"), []
    if grant is _DIRECT:
        return _ALLOWED, (f"the {_resource_word(app)} names {who} directly, which is enough within one "
                          "account"), granting
    if grant is _ROLE:
        if capped:
            return deny, (f"the {_resource_word(app)} allows the role, but {_caps_reason(boundary_ok, session_ok)}, "
                          "and a grant to the role ARN is capped by them (implicit deny)"), []
        return _ALLOWED, (f"the {_resource_word(app)} allows the role {principal.role_name}, and its "
                          "session may use that"), granting
    if must_allow and grant is _NONE:
        word = "trust policy" if app.resource_kind == "trust" else "key policy"
        return deny, (f"the {word} does not allow {who}: for this resource an identity-based policy alone is "
                      "not enough (implicit deny)"), []
    if not identity_ok:
        if grant is _ACCOUNT:
            return deny, (f"the {_resource_word(app)} delegates to the account, but no identity-based policy "
                          f"of {who} allows {action} (implicit deny)"), []
        return deny, f"no policy allows {who} to perform {_what(req)} (implicit deny: denied by default)", []
    if capped:
        return deny, (f"an identity-based policy allows {action}, but {_caps_reason(boundary_ok, session_ok)} "
                      "(implicit deny)"), []
    return _ALLOWED, f"an identity-based policy allows {action}{app.within_words}", granting + identity_refs


def _what(req: Request) -> str:
    return f"{req.action} on {req.resource}"


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


def _is_managed(ref: StatementRef) -> bool:
    """A managed policy's statement: where it is attached is worth saying (a document in place says it)."""
    address = PolicyAddress.parse(ref.policy)
    return address is None or address.is_managed


def _policy_label(ref: StatementRef) -> str:
    return _label_of(ref.policy)


@lru_cache(maxsize=4096)
def _label_of(policy: str) -> str:
    """`PolicyAddress.label` of an address, worked out once (every explicit deny's reason names its policy)."""
    address = PolicyAddress.parse(policy)
    return address.label if address is not None else f"`{policy}`"


def _verdict(tracer: Tracer, stages: tuple[Stage, ...], decision: Decision, deciding: list[StatementRef],
             reason: str, capped: tuple[str, ...] = (), policies_allow: bool | None = None,
             within: tuple[str, ...] = ()) -> Verdict:
    if tracer.enabled:
        outcome = Outcome.ALLOW if decision is Decision.ALLOWED else Outcome.DENY
        details: dict[str, object] = {"decision": decision.value}
        if capped:
            details["capped_by"] = list(capped)
        if policies_allow is not None:
            details["policies_allow"] = policies_allow
        if within:
            details["within"] = list(within)
        tracer.step(Stage.VERDICT, outcome, f"{decision.title}: {reason}", details=details)
    return Verdict(decision, reason, deciding, stages, capped)


def _trace_gather(req: Request, app: Applicable, tracer: Tracer) -> None:
    message, details = _gathered(req, app)
    tracer.step(Stage.GATHER, Outcome.INFO, message, details=details)


def _gathered(req: Request, app: Applicable) -> tuple[str, dict[str, object]]:
    """The message and details of the step that lists the policies that apply."""
    lines, notes = app.listed or _listed(app)
    count = len(lines)
    message = (f"{count} {'policy applies' if count == 1 else 'policies apply'} to {req.principal.label} "
               f"asking for {req.action}")
    return message, {"policies": lines, "notes": notes}


def _listed(app: Applicable) -> tuple[list[str], list[str]]:
    """The policies that apply, one line each, and why the other types do not (made once per Applicable)."""
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
        for level in levels or ():
            lines.append(f"{label} at {level.target}: " + ", ".join(cp.policy.display_name for cp in level.policies))
    if app.vpc_endpoint:
        lines.append("VPC endpoint policy")
    app.listed = (lines, list(app.notes))
    return app.listed


def _overridden_step(position: int, allows: list[StatementRef], allowed_without: bool, root: bool) -> Step:
    """Which Allow statements also match, and whether the request would be allowed without the explicit deny
    (`allowed_without`): the deny overrides them."""
    details: dict[str, object] = {"overridden_allows": [], "allowed_without_deny": allowed_without}
    if not allows:
        if allowed_without:
            why = "the root user needs no policy in its own account" if root else "nothing else refuses it"
            message = f"no Allow statement matches, yet without the deny the request would be allowed: {why}"
        else:
            message = "no Allow statement matches either: even without the deny, the request would be denied"
        return Step(position, Stage.EXPLICIT_DENY, Outcome.INFO, message, details=details)
    names = [f"statement {_label(ref)} of {_policy_label(ref)}"
             + (f" (on {ref.attached_to})" if ref.attached_to and _is_managed(ref) else "") for ref in allows]
    details["overridden_allows"] = names
    return Step(position, Stage.EXPLICIT_DENY, Outcome.INFO, "the explicit deny overrides what allows this "
                "request: " + "; ".join(names), details=details)
