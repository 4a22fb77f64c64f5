"""`Engine(scenario)`: compiles a scenario's policies once and evaluates requests against them."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, NamedTuple

from ..catalog import catalog
from ..decision import Decision
from ..isotime import parse_time
from ..managed import organization_policy
from ..policy.model import Policy
from ..scenario.address import PolicyAddress
from ..scenario.key_policy import default_key_policy, is_kms_key
from ..scenario.model import PolicyLevel, RequestSpec, Resource, Role, Scenario
from ..scenario.principal import Principal, PrincipalKind, resolve_principal
from .authenticate import Authentication, authenticate
from .authorize import NO_PERMISSION_ACTIONS, Applicable, Request, authorize
from .aws_rules import AwsExemption, AwsRule, resource_tags_in_context, root_exemption, rules_for_action
from .compiled import AttachedPolicy, CompiledPolicy, Level, PolicySet, Shared
from .context import RequestContext, as_values
from .derived import principal_keys, resource_keys, time_keys
from .result import Outcome, Result, Stage
from .trace import Tracer

_SILENT = Tracer(False)     # records nothing: shared by every evaluation without a trace

# STS actions whose resource-based policy is the role's trust policy.
TRUST_ACTIONS = {"sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity",
                 "sts:tagsession", "sts:setsourceidentity", "sts:setcontext"}


class _Action(NamedTuple):
    """What the engine needs to know about an action name, worked out once per name."""

    name: str               # as asked, without surrounding blanks
    service: str            # lowercase prefix
    only_star: bool         # the catalogue says it accepts only "*" as its resource
    trust: bool             # its resource-based policy is the role's trust policy
    tagged: bool            # the resource's tags become aws:ResourceTag/... keys
    rules: tuple[AwsRule, ...]      # the rules AWS applies beyond the policies that may refuse it
    free: bool              # it needs no permission (sts:GetCallerIdentity)
    root_exemption: AwsExemption | None     # the root user may do it whatever its own resource's policy says


_Found = tuple[str, dict[str, str], "AttachedPolicy | None", "str | None", RequestContext]


def _exempt(exemption: AwsExemption | None, principal: Principal, action: str, resource: str,
            resource_account: str, resource_kind: str | None) -> AwsExemption | None:
    """The action's exemption (`_Action.root_exemption`) when it covers this request and there is a bucket
    policy to set aside (aws_rules.ROOT_BUCKET_POLICY), else None."""
    if exemption is None or resource_kind != "resource" or \
            not exemption.covers(principal, action, resource, resource_account):
        return None
    return exemption


class Engine:
    """Evaluates requests against one scenario. Build a new Engine after the scenario changes.

    `compiled_from`: an engine for an earlier state of the scenario (or a copy of it) whose compiled
    policies are reused. Edits replace a parsed policy, never change one, so a policy object the new
    scenario still holds compiles the same; the shared cache keeps every policy it has compiled
    alive, so an `id` in it always names the same object.

    `memoise`: keep each outcome for an equal request asked again (see `evaluate`). A caller that asks each
    request once (`iam-studio check`, an analysis) passes False: the keys and the 20,000 outcomes it would
    never read again cost 5-10% of a cold pass on the medium account.
    """

    def __init__(self, scenario: Scenario, now: datetime | None = None, *, compiled_from: Engine | None = None,
                 memoise: bool = True):
        self.scenario = scenario
        self.memoise = memoise
        self.now = now or parse_time(scenario.time) or datetime.now(timezone.utc)
        self._time_keys = time_keys(self.now)
        self._compiled: dict[int, CompiledPolicy] = compiled_from._compiled if compiled_from is not None else {}
        self._shared: Shared = compiled_from._shared if compiled_from is not None else Shared()
        self._attached: dict[tuple[int, str | None, str | None], AttachedPolicy] = {}
        self._principals: dict[tuple[str, str | None], Principal] = {}
        self._fast_callers: dict[tuple[str, str | None], tuple[Principal, dict[str, list[str]]]] = {}
        self._lowered: dict[str, str] = {}
        self._unsigned: dict[str, Authentication] = {}      # per caller: a request without a credential
        self._memo: dict[tuple[object, ...], Result] = {}
        self._shared_gates: dict[Any, Any] = {}         # gates' levels, plan entries, stages (Applicable.seal)
        self._callers: dict[str, RequestContext] = {}
        self._actions: dict[str, _Action] = {}
        self._applicables: dict[tuple[object, ...], Applicable] = {}
        self._identity: dict[str, tuple[tuple[Level], AttachedPolicy | None]] = {}
        self._groups: dict[str, PolicySet] = {}
        self._resources: dict[tuple[str, str | None, bool, bool], _Found] = {}
        self._resource_keys: dict[tuple[str, tuple[tuple[str, str], ...]], RequestContext] = {}
        self._declared_policies: dict[str, tuple[AttachedPolicy | None, str | None]] = {}
        self._by_arn: dict[str, Resource] = {r.arn: r for r in scenario.resources.values()}
        self._roles_by_arn: dict[str, Role] = {r.arn: r for r in scenario.roles.values()}
        org = scenario.organization
        self._members: set[str] = set(org.accounts or [scenario.account]) if org else set()
        self._management = org.management_account if org else None
        self._scps = self._levels(scenario.organization.scps if scenario.organization else None)
        self._rcps = self._levels(scenario.organization.rcps if scenario.organization else None)

    # -- public ------------------------------------------------------------------------------------
    def evaluate(self, spec: RequestSpec, *, explain: bool = False) -> Result:
        """The decision for one request; with `explain`, the full step-by-step trace too.

        Outcomes without a trace are memoised (unless the engine was made with `memoise=False`): an equal
        request (same caller, action, resource, context, session and endpoint policies, no credential) gets
        the same Result object back.
        """
        if explain or spec.credential is not None:
            return self._evaluate(spec, explain)
        if not self.memoise:
            return self._decide(spec)
        # One flat tuple of strings and counts: the collector stops tracking it at its first look (a tuple
        # holding tuples takes one look per level), so the memo's keys are not scanned again and again.
        # Built as a list: a third faster than unpacking iterators into a tuple.
        session = spec.session_policies
        parts = [spec.principal, spec.session_name, spec.action, spec.resource, spec.resource_account,
                 spec.vpc_endpoint_policy, len(session), *session]
        for name, values in spec.context.items():
            parts.append(name)
            parts.append(len(values))
            parts += values
        key = tuple(parts)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._decide(spec)
        return found

    def _decide(self, spec: RequestSpec) -> Result:
        """The decision of a request without a credential or a trace: the fast path."""
        principal, caller_keys = self._fast_callers.get((spec.principal, spec.session_name)) or \
            self._fast_caller(spec)
        info = self._actions.get(spec.action) or self._action(spec.action)
        asked = spec.resource.strip()
        resource = "*" if info.only_star else asked
        resource_account, _, resource_policy, resource_kind, resource_keys = self._resources.get(
            (resource, spec.resource_account, info.trust, info.tagged)) or self._resource(resource, info,
                                                                                          spec.resource_account)
        by_key = caller_keys.copy()
        by_key.update(resource_keys.by_key)
        lowered = self._lowered
        for name, values in spec.context.items():     # a loop: twice as fast as update(zip(map(...)))
            by_key[lowered.get(name) or self._lower(name)] = values
        exemption = info.root_exemption
        if exemption is not None:
            exemption = _exempt(exemption, principal, info.name, resource, resource_account, resource_kind)
            if exemption is not None:
                resource_policy = resource_kind = None
        key = self._applicable_key(principal, info.service, resource_account, spec, resource_kind)
        app = self._applicables.get(key) or \
            self._applicable(key, principal, info.service, resource_account, spec, resource_kind)
        verdict = authorize(Request(principal, info.name, resource, resource_account, RequestContext.of(by_key),
                                    info.rules, info.free, resource_policy, exemption), app, _SILENT)
        return Result(verdict.decision, principal.arn, info.name, asked, verdict.reason, verdict.deciding,
                      (), verdict.stages, {}, verdict.capped)

    def _lower(self, name: str) -> str:
        """A context key's lowercase name, made once per spelling (the fast path looks it up)."""
        found = self._lowered[name] = name.lower()
        return found

    def _fast_caller(self, spec: RequestSpec) -> tuple[Principal, dict[str, list[str]]]:
        """The caller of a request and the context keys that depend only on it (`_caller_context`), looked up
        together by the fast path."""
        principal = self._principal(spec.principal, spec.session_name)
        found = self._fast_callers[(spec.principal, spec.session_name)] = (
            principal, self._caller_context(principal, spec).by_key)
        return found

    def _evaluate(self, spec: RequestSpec, explain: bool) -> Result:
        """A request with a credential (authenticated first) or with the step-by-step trace."""
        tracer = Tracer(True) if explain else _SILENT
        principal = self._principal(spec.principal, spec.session_name)
        info = self._action(spec.action)
        action = info.name
        asked = resource = spec.resource.strip()

        auth = self._without_credential(principal, spec) if spec.credential is None else \
            authenticate(self.scenario, principal, spec, self.now, explain=explain)
        tracer.adopt(auth.steps)
        if not auth.ok:
            tracer.step(Stage.VERDICT, Outcome.DENY, f"NOT AUTHENTICATED: {auth.reason}",
                        details={"decision": Decision.NOT_AUTHENTICATED.value})
            return Result(Decision.NOT_AUTHENTICATED, principal.arn, action, asked, auth.reason,
                          trace=tracer.trace() if explain else (), stages=[Stage.AUTHENTICATION, Stage.VERDICT],
                          caller=principal if explain else None, authentication=auth if explain else None)

        if info.only_star:
            # The action has no resource-level permissions: AWS authorizes it on "*".
            # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
            if explain and resource != "*":
                tracer.step(Stage.CONTEXT, Outcome.INFO,
                            f"{action} does not support resource-level permissions, so AWS authorizes it "
                            f"on \"*\", not on {resource}", details={"authorized_resource": "*"})
            resource = "*"
        resource_account, _, resource_policy, resource_kind, resource_keys = self._resource(
            resource, info, spec.resource_account)
        ctx = self._caller_context(principal, spec).copy(resource_keys)
        for key in self._without_credential(principal, spec).context:
            if key not in auth.context:
                ctx.remove(key)
        for key, value in auth.context.items():
            if ctx.get(key) != as_values(value):        # the caller's context mostly has it already
                ctx.set(key, value)
        for key, values in spec.context.items():
            ctx.set_values(key, values)
        context = ctx.as_dict() if explain else {}        # the trace's step and the result share it
        if explain:
            tracer.step(Stage.CONTEXT, Outcome.INFO, f"the request context has {len(ctx)} keys",
                        details={"context": context})

        exemption = _exempt(info.root_exemption, principal, action, resource, resource_account, resource_kind)
        if exemption is not None:
            if explain:
                tracer.step(Stage.CONTEXT, Outcome.INFO, f"{exemption.note()} (see {exemption.source})",
                            details={"exemption": exemption.id, "note": exemption.note(), "source": exemption.source})
            resource_policy = resource_kind = None
        app = self._applicable(self._applicable_key(principal, info.service, resource_account, spec, None),
                               principal, info.service, resource_account, spec, None)
        if resource_policy is not None:         # the trace lists and walks the resource-based policy itself
            app = app.with_resource(resource_policy, resource_kind, self._shared_gates)
        verdict = authorize(Request(principal, action, resource, resource_account, ctx, info.rules, info.free,
                                    resource_policy, exemption), app, tracer)
        if not explain:
            return Result(verdict.decision, principal.arn, action, asked, verdict.reason, verdict.deciding,
                          (), verdict.stages, {}, verdict.capped)
        return Result(verdict.decision, principal.arn, action, asked, verdict.reason, verdict.deciding,
                      tracer.trace(), verdict.stages, context, verdict.capped, principal, auth,
                      verdict.overridden)

    def _caller_context(self, principal: Principal, spec: RequestSpec) -> RequestContext:
        """The keys that depend only on the caller and the clock (built once per caller)."""
        found = self._callers.get(principal.arn)
        if found is None:
            found = RequestContext(principal_keys(self.scenario, principal))
            for name, value in self._time_keys:
                found.set(name, value)
            for name, value in self._without_credential(principal, spec).context.items():
                found.set(name, value)
            self._callers[principal.arn] = found
        return found

    def _action(self, text: str) -> _Action:
        found = self._actions.get(text)
        if found is None:
            name = text.strip()
            low = name.lower()
            found = self._actions[text] = _Action(
                name, low.split(":", 1)[0], bool(catalog().accepts_only_star(name)), low in TRUST_ACTIONS,
                resource_tags_in_context(name), rules_for_action(name), low in NO_PERMISSION_ACTIONS,
                root_exemption(name))
        return found

    def _without_credential(self, principal: Principal, spec: RequestSpec) -> Authentication:
        """The caller's authentication when a request gives no credential, with its steps: the same for every
        such request of the caller (made once; its context is what authentication adds to theirs)."""
        found = self._unsigned.get(principal.arn)
        if found is None:
            found = self._unsigned[principal.arn] = authenticate(self.scenario, principal, spec, self.now,
                                                                 explain=True)
        return found

    # -- principals --------------------------------------------------------------------------------
    def _principal(self, text: str, session_name: str | None) -> Principal:
        key = (text, session_name)
        found = self._principals.get(key)
        if found is None:
            found = self._principals[key] = resolve_principal(self.scenario, text, session_name)
        return found

    # -- policies ----------------------------------------------------------------------------------
    def _compile(self, policy: Policy, attached_to: str | None, key: str | None = None) -> AttachedPolicy:
        """The policy compiled once, seen where it is attached (its statements' references name that)."""
        cache_key = (id(policy), attached_to, key)
        found = self._attached.get(cache_key)
        if found is None:
            compiled = self._compiled.get(id(policy))
            if compiled is None:
                compiled = self._compiled[id(policy)] = CompiledPolicy(policy, self._shared)
            found = self._attached[cache_key] = AttachedPolicy(compiled, attached_to, key)
        return found

    def _refs(self, refs: list[str], attached_to: str | None) -> list[AttachedPolicy]:
        out = []
        for ref in refs:
            policy = self.scenario.policy(ref) or organization_policy(ref)
            if policy is not None:
                out.append(self._compile(policy, attached_to, ref))
        return out

    def _identity_policies(self, principal: Principal) -> tuple[tuple[Level], AttachedPolicy | None]:
        """The caller's identity-based policies (as a gate's one level) and its permissions boundary."""
        cached = self._identity.get(principal.arn)
        if cached is not None:
            return cached
        sets: list[PolicySet] = []
        boundary = None
        owner = principal.user if principal.kind is PrincipalKind.USER else principal.role
        if owner is not None and principal.kind in (PrincipalKind.USER, PrincipalKind.ROLE_SESSION):
            label = ("user/" if principal.kind is PrincipalKind.USER else "role/") + owner.name
            own = [self._compile(p, label) for p in owner.inline.values()] + self._refs(owner.policies, label)
            if own:
                sets.append(PolicySet(tuple(own)))
            if principal.user is not None:
                for group_name in principal.user.groups:
                    group = self._group(group_name)
                    if group is not None and group.policies:
                        sets.append(group)
            if owner.boundary:
                found = self._refs([owner.boundary], f"{label} (boundary)")
                boundary = found[0] if found else None
        cached = self._identity[principal.arn] = ((Level(None, tuple(sets)),), boundary)
        return cached

    def _group(self, name: str) -> PolicySet | None:
        """A group's policies, as one set shared by every member (None: no such group)."""
        found = self._groups.get(name)
        if found is None:
            group = self.scenario.groups.get(name)
            if group is None:
                return None
            label = f"group/{group.name}"
            found = self._groups[name] = PolicySet(
                tuple([self._compile(p, label) for p in group.inline.values()] + self._refs(group.policies, label)))
        return found

    def _levels(self, levels: list[PolicyLevel] | None) -> tuple[Level, ...] | None:
        if levels is None:
            return None
        return tuple(Level(level.target, (PolicySet(tuple(self._refs(level.policies, level.target))),))
                     for level in levels)

    def _applicable_key(self, principal: Principal, service: str, resource_account: str, spec: RequestSpec,
                        resource_kind: str | None) -> tuple[object, ...]:
        """What decides which policies apply (the service and the resource's account only matter for RCPs; of
        the resource-based policy, only its kind: the fast path reads the policy itself from the request)."""
        return (principal.arn, (service, resource_account) if self._rcps else None, resource_kind,
                tuple(spec.session_policies) if spec.session_policies else None, spec.vpc_endpoint_policy)

    def _applicable(self, key: tuple[object, ...], principal: Principal, service: str, resource_account: str,
                    spec: RequestSpec, resource_kind: str | None) -> Applicable:
        """The policies that apply, by type, built once per `key` (`_applicable_key`): the caller's side, with
        the place of a resource-based policy of `resource_kind` when there is one (`Applicable.resource_slot`)."""
        found = self._applicables.get(key)
        if found is None:
            if resource_kind is None:
                found = self._gather(principal, service, resource_account, spec)
            else:       # the caller's side is the same whatever the resource: gathered once, then shared
                caller_side = self._applicable(key[:2] + (None,) + key[3:], principal, service, resource_account,
                                               spec, None)
                found = caller_side.resource_slot(resource_kind, self._shared_gates)
            self._applicables[key] = found
        return found

    def _gather(self, principal: Principal, service: str, resource_account: str, spec: RequestSpec) -> Applicable:
        """The policies that apply on the caller's side (every type but the resource-based policy)."""
        identity, boundary = self._identity_policies(principal)
        app = Applicable(identity=identity[0].policies, identity_levels=identity, boundary=boundary)
        notes: list[str] = []
        members, management = self._members, self._management
        service_linked = principal.role is not None and principal.role.path.startswith("/aws-service-role/")
        if self._scps is not None:
            if principal.kind in (PrincipalKind.SERVICE, PrincipalKind.ANONYMOUS):
                notes.append("SCPs do not apply to AWS service principals or anonymous callers")
            elif principal.account == management or principal.account not in members:
                notes.append(f"SCPs do not apply: account {principal.account} is not a member account")
            elif service_linked:
                notes.append("SCPs do not apply to service-linked roles")
            else:
                app.scp_levels = self._scps
        if self._rcps is not None:
            if principal.kind is PrincipalKind.SERVICE:
                notes.append("RCPs do not apply to requests made by AWS service principals")
            elif resource_account == management or resource_account not in members:
                notes.append(f"RCPs do not apply: the resource's account {resource_account} is not a member")
            elif service_linked:
                notes.append("RCPs do not apply to service-linked roles")
            elif service not in catalog().rcp_services():
                notes.append(f"RCPs do not apply to {service}: the service does not support them")
            else:
                app.rcp_levels = self._rcps
        if spec.session_policies:
            if principal.kind is PrincipalKind.ROLE_SESSION:
                app.session = tuple(self._refs(spec.session_policies, "session"))
            else:
                notes.append("session policies only apply to role sessions; they are ignored here")
        if spec.vpc_endpoint_policy:
            found = self._refs([spec.vpc_endpoint_policy], "VPC endpoint")
            app.vpc_endpoint = found[0] if found else None
        app.notes = tuple(notes)
        return app.seal(self._shared_gates)

    # -- resources ---------------------------------------------------------------------------------
    def _resource(self, arn: str, action: _Action, resource_account: str | None) -> _Found:
        """(owner account, tags, resource-based policy, kind, the context keys AWS derives from them)."""
        key = (arn, resource_account, action.trust, action.tagged)
        found = self._resources.get(key)
        if found is None:
            account, tags, policy, kind = self._resource_policy(arn, action, resource_account)
            keys_key = (account, tuple(tags.items()))
            keys = self._resource_keys.get(keys_key)
            if keys is None:        # shared by every resource with the same owner and tags
                keys = self._resource_keys[keys_key] = RequestContext(resource_keys(self.scenario, account, tags))
            found = self._resources[key] = (account, tags, policy, kind, keys)
        return found

    def _resource_policy(self, arn: str, action: _Action,
                         resource_account: str | None) -> tuple[str, dict[str, str], AttachedPolicy | None, str | None]:
        role = self._roles_by_arn.get(arn)
        declared = self._by_arn.get(arn)
        if declared is None and arn.startswith("arn:aws:s3:::") and "/" in arn:
            declared = self._by_arn.get(arn.split("/", 1)[0])
        if role is not None:
            trust = self._compile(role.trust, f"role/{role.name}", str(PolicyAddress.trust(role.name))) \
                if action.trust and role.trust is not None else None
            return role.account, dict(role.tags) if action.tagged else {}, trust, "trust" if trust else None
        if declared is not None:
            compiled, kind = self._declared_policies.get(declared.name) or self._declared_policy(declared)
            return declared.account, dict(declared.tags) if action.tagged else {}, compiled, kind
        return resource_account or self.scenario.account, {}, None, None

    def _declared_policy(self, declared: Resource) -> tuple[AttachedPolicy | None, str | None]:
        """A declared resource's policy, compiled, and its kind ("resource" or "key"; None without one): once
        per resource, whichever of its ARNs (a bucket's objects) a request names."""
        kind, policy = "resource", declared.policy
        if is_kms_key(declared.arn):
            kind = "key"
            if policy is None:
                policy = default_key_policy(declared.account)
        compiled = self._compile(policy, f"resource/{declared.name}",
                                 str(PolicyAddress.resource(declared.name))) if policy else None
        found = self._declared_policies[declared.name] = (compiled, kind if compiled else None)
        return found
