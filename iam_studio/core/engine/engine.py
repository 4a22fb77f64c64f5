"""`Engine(scenario)`: compiles a scenario's policies once and evaluates requests against them."""
from __future__ import annotations

from datetime import datetime, timezone

from ..catalog import catalog
from ..decision import Decision
from ..isotime import parse_time
from ..managed import organization_policy
from ..policy.model import Policy
from ..scenario.address import PolicyAddress
from ..scenario.key_policy import default_key_policy, is_kms_key
from ..scenario.model import PolicyLevel, RequestSpec, Resource, Role, Scenario
from .authenticate import authenticate
from .authorize import Applicable, Request, authorize
from .aws_rules import resource_tags_in_context
from .compiled import AttachedPolicy, CompiledPolicy
from .context import RequestContext
from .derived import principal_keys, resource_keys, time_keys
from .principal import Principal, PrincipalKind, resolve_principal
from .result import Outcome, Result, Stage
from .trace import Tracer

_SILENT = Tracer(False)     # records nothing: shared by every evaluation without a trace

# STS actions whose resource-based policy is the role's trust policy.
TRUST_ACTIONS = {"sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity",
                 "sts:tagsession", "sts:setsourceidentity", "sts:setcontext"}


class Engine:
    """Evaluates requests against one scenario. Build a new Engine after the scenario changes.

    `compiled_from`: an engine for an earlier state of the scenario (or a copy of it) whose compiled
    policies are reused. Edits replace a parsed policy, never change one, so a policy object the new
    scenario still holds compiles the same; the shared cache keeps every policy it has compiled
    alive, so an `id` in it always names the same object.
    """

    def __init__(self, scenario: Scenario, now: datetime | None = None, *, compiled_from: Engine | None = None):
        self.scenario = scenario
        self.now = now or parse_time(scenario.time) or datetime.now(timezone.utc)
        self._time_keys = time_keys(self.now)
        self._compiled: dict[int, CompiledPolicy] = compiled_from._compiled if compiled_from is not None else {}
        self._attached: dict[tuple[int, str | None, str | None], AttachedPolicy] = {}
        self._principals: dict[tuple[str, str | None], Principal] = {}
        self._no_credential: dict[str, dict[str, str]] = {}
        self._resource_keys: dict[tuple, RequestContext] = {}      # by owner account and tags
        self._memo: dict[tuple, Result] = {}
        self._shared_gates: dict = {}
        self._callers: dict[str, RequestContext] = {}
        self._star_only: dict[str, bool] = {}
        self._applicables: dict[tuple, Applicable] = {}
        self._identity: dict[str, tuple[tuple[AttachedPolicy, ...], AttachedPolicy | None]] = {}
        self._resources: dict[tuple[str, str | None], tuple[str, dict, AttachedPolicy | None, str | None]] = {}
        self._by_arn: dict[str, Resource] = {r.arn: r for r in scenario.resources.values()}
        self._roles_by_arn: dict[str, Role] = {r.arn: r for r in scenario.roles.values()}
        self._scps = self._levels(scenario.organization.scps if scenario.organization else None)
        self._rcps = self._levels(scenario.organization.rcps if scenario.organization else None)

    # -- public ------------------------------------------------------------------------------------
    def evaluate(self, spec: RequestSpec, *, explain: bool = False) -> Result:
        """The decision for one request; with `explain`, the full step-by-step trace too.

        Outcomes without a trace are memoised: an equal request (same caller, action, resource, context,
        session and endpoint policies, no credential) gets the same Result object back.
        """
        if explain or spec.credential is not None:
            return self._evaluate(spec, explain)
        key = (spec.principal, spec.session_name, spec.action, spec.resource, spec.resource_account,
               tuple([(k, tuple(v)) for k, v in spec.context.items()]) if spec.context else None,
               tuple(spec.session_policies) if spec.session_policies else None, spec.vpc_endpoint_policy)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._evaluate(spec, False)
        return found

    def _evaluate(self, spec: RequestSpec, explain: bool) -> Result:
        tracer = Tracer(True) if explain else _SILENT
        principal = self._principal(spec.principal, spec.session_name)
        action = spec.action.strip()
        asked = resource = spec.resource.strip()

        auth_context = auth = None
        if spec.credential is not None or explain:
            auth = authenticate(self.scenario, principal, spec, self.now, explain=explain)
            tracer.adopt(auth.steps)
            if not auth.ok:
                tracer.step(Stage.VERDICT, Outcome.DENY, f"NOT AUTHENTICATED: {auth.reason}",
                            details={"decision": Decision.NOT_AUTHENTICATED.value})
                return Result(Decision.NOT_AUTHENTICATED, principal.arn, action, asked, auth.reason,
                              trace=tracer.steps if explain else [], stages=[Stage.AUTHENTICATION, Stage.VERDICT],
                              caller=principal if explain else None, authentication=auth if explain else None)
            auth_context = auth.context

        if resource != "*" and self._only_star(action):
            # The action has no resource-level permissions: AWS authorizes it on "*".
            # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
            if explain:
                tracer.step(Stage.CONTEXT, Outcome.INFO,
                            f"{action} does not support resource-level permissions, so AWS authorizes it "
                            f"on \"*\", not on {resource}", details={"authorized_resource": "*"})
            resource = "*"
        resource_account, tags, resource_policy, resource_kind = self._resource(resource, action, spec)
        ctx = self._base_context(principal, spec, resource_account, tags)
        if auth_context is not None:
            for key in self._unsigned_context(principal, spec):
                if key not in auth_context:
                    ctx.remove(key)
            for key, value in auth_context.items():
                ctx.set(key, value)
        for key, values in spec.context.items():
            ctx.set_values(key, values)
        if explain:
            tracer.step(Stage.CONTEXT, Outcome.INFO, f"the request context has {len(ctx)} keys",
                        details={"context": ctx.as_dict()})

        service = action.split(":", 1)[0].lower()
        app_key = (principal.arn, service, resource_account, id(resource_policy),
                   tuple(spec.session_policies) if spec.session_policies else None, spec.vpc_endpoint_policy)
        app = self._applicables.get(app_key)
        if app is None:
            app = self._applicables[app_key] = self._applicable(principal, service, resource_account, spec,
                                                                resource_policy, resource_kind)
        request = Request(principal, action, resource, resource_account, ctx)
        verdict = authorize(request, app, tracer)
        if not explain:
            return Result(verdict.decision, principal.arn, action, asked, verdict.reason, verdict.deciding,
                          (), verdict.stages, {}, verdict.capped)
        return Result(verdict.decision, principal.arn, action, asked, verdict.reason, verdict.deciding,
                      tracer.steps, verdict.stages, ctx.as_dict(), verdict.capped, principal, auth, verdict.overridden)

    def _base_context(self, principal: Principal, spec: RequestSpec, resource_account: str,
                      tags: dict) -> RequestContext:
        """A fresh context with the keys AWS derives for this caller and for this resource (each built once)."""
        key = (resource_account, tuple(tags.items()) if tags else None)
        keys = self._resource_keys.get(key)
        if keys is None:
            keys = self._resource_keys[key] = RequestContext(resource_keys(self.scenario, resource_account, tags))
        return self._caller_context(principal, spec).copy(keys)

    def _caller_context(self, principal: Principal, spec: RequestSpec) -> RequestContext:
        """The keys that depend only on the caller and the clock."""
        found = self._callers.get(principal.arn)
        if found is None:
            found = RequestContext(principal_keys(self.scenario, principal))
            for name, value in self._time_keys:
                found.set(name, value)
            for name, value in self._unsigned_context(principal, spec).items():
                found.set(name, value)
            self._callers[principal.arn] = found
        return found

    def _only_star(self, action: str) -> bool:
        """Whether the catalogue says `action` accepts only "*" as its resource (unknown actions: no)."""
        found = self._star_only.get(action)
        if found is None:
            found = self._star_only[action] = bool(catalog().accepts_only_star(action))
        return found

    def _unsigned_context(self, principal: Principal, spec: RequestSpec) -> dict[str, str]:
        """What authentication adds when no credential is given (the same for every such request)."""
        found = self._no_credential.get(principal.arn)
        if found is None:
            found = self._no_credential[principal.arn] = authenticate(
                self.scenario, principal, spec, self.now, explain=False).context
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
                compiled = self._compiled[id(policy)] = CompiledPolicy(policy)
            found = self._attached[cache_key] = AttachedPolicy(compiled, attached_to, key)
        return found

    def _refs(self, refs: list[str], attached_to: str | None) -> list[AttachedPolicy]:
        out = []
        for ref in refs:
            policy = self.scenario.policy(ref) or organization_policy(ref)
            if policy is not None:
                out.append(self._compile(policy, attached_to, ref))
        return out

    def _identity_policies(self, principal: Principal) -> tuple[tuple[AttachedPolicy, ...], AttachedPolicy | None]:
        cached = self._identity.get(principal.arn)
        if cached is not None:
            return cached
        policies: list[AttachedPolicy] = []
        boundary = None
        owner = principal.user if principal.kind is PrincipalKind.USER else principal.role
        if owner is not None and principal.kind in (PrincipalKind.USER, PrincipalKind.ROLE_SESSION):
            label = ("user/" if principal.kind is PrincipalKind.USER else "role/") + owner.name
            policies += [self._compile(p, label) for p in owner.inline.values()]
            policies += self._refs(owner.policies, label)
            if principal.kind is PrincipalKind.USER:
                for group_name in principal.user.groups:
                    group = self.scenario.groups.get(group_name)
                    if group is None:
                        continue
                    policies += [self._compile(p, f"group/{group.name}") for p in group.inline.values()]
                    policies += self._refs(group.policies, f"group/{group.name}")
            if owner.boundary:
                found = self._refs([owner.boundary], f"{label} (boundary)")
                boundary = found[0] if found else None
        cached = self._identity[principal.arn] = (tuple(policies), boundary)
        return cached

    def _levels(self, levels: list[PolicyLevel] | None) -> tuple[tuple[str, tuple[AttachedPolicy, ...]], ...] | None:
        if levels is None:
            return None
        return tuple((level.target, tuple(self._refs(level.policies, level.target))) for level in levels)

    def _applicable(self, principal: Principal, service: str, resource_account: str, spec: RequestSpec,
                    resource_policy: AttachedPolicy | None, resource_kind: str | None) -> Applicable:
        identity, boundary = self._identity_policies(principal)
        app = Applicable(identity=identity, boundary=boundary, resource=resource_policy, resource_kind=resource_kind)
        notes = []
        org = self.scenario.organization
        members = set(org.accounts or [self.scenario.account]) if org else set()
        management = org.management_account if org else None
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
    def _resource(self, arn: str, action: str,
                  spec: RequestSpec) -> tuple[str, dict, AttachedPolicy | None, str | None]:
        """(owner account, tags, resource-based policy, kind) of the requested resource."""
        trust = action.lower() in TRUST_ACTIONS
        tagged = resource_tags_in_context(action)
        key = (arn, spec.resource_account, trust, tagged)
        found = self._resources.get(key)
        if found is not None:
            return found
        default_account = spec.resource_account or self.scenario.account
        role = self._roles_by_arn.get(arn)
        declared = self._by_arn.get(arn)
        if declared is None and arn.startswith("arn:aws:s3:::") and "/" in arn:
            declared = self._by_arn.get(arn.split("/", 1)[0])
        if role is not None:
            policy = self._compile(role.trust, f"role/{role.name}", str(PolicyAddress.trust(role.name))) \
                if trust and role.trust is not None else None
            found = (role.account, dict(role.tags) if tagged else {}, policy, "trust" if policy else None)
        elif declared is not None:
            kind, policy = "resource", declared.policy
            if is_kms_key(declared.arn):
                kind = "key"
                if policy is None:
                    policy = default_key_policy(declared.account)
            compiled = self._compile(policy, f"resource/{declared.name}",
                                     str(PolicyAddress.resource(declared.name))) if policy else None
            found = (declared.account, dict(declared.tags) if tagged else {}, compiled, kind if compiled else None)
        else:
            found = (default_account, {}, None, None)
        self._resources[key] = found
        return found

