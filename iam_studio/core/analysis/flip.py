"""What would flip this? The smallest single edits that reverse a decision, each verified by the engine.

`what_would_flip(scenario, request)` evaluates the request once with its trace, proposes candidate
edits (each one edit of one statement, one attachment or one membership, see `changes`), and keeps
a candidate only when the engine, evaluating a copy of the scenario with the edit applied, reaches
the reversed decision: allowed for a denied request, denied (explicitly or implicitly) for an allowed
one. The search is bounded: at most `MAX_CANDIDATES` candidates are verified, from at most
`MAX_PER_GATE` policies per gate. docs/flips.md describes the candidates and the bound.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from ..catalog import catalog
from ..engine.compiled import CompiledStatement, Grant
from ..engine.context import RequestContext
from ..engine.engine import TRUST_ACTIONS, Engine, _is_kms_key
from ..engine.matchers import ActionMatcher, ResourceMatcher
from ..engine.principal import Principal, PrincipalError, PrincipalKind, resolve_principal
from ..engine.result import Decision, Outcome, Result, Stage, StatementRef
from ..policy.model import Policy, PolicyType
from ..scenario.model import Identity, RequestSpec, Scenario, User
from ..yamlsource import RoundTripSource
from .changes import (
    AddStatement,
    AttachToLevel,
    Change,
    ChangeKind,
    DeleteInline,
    DeleteResourcePolicy,
    DetachFromLevel,
    DetachPolicy,
    LeaveGroup,
    PolicySite,
    Refused,
    RemoveBoundary,
    RemoveConditions,
    RemoveStatement,
    RemoveValues,
    SiteKind,
    owner_of,
)
from .decision_diff import DecisionChange, decision_diff, decisions

MAX_CANDIDATES = 48        # candidate edits verified per question
MAX_PER_GATE = 3           # policies of one gate (identity, boundary, session ...) that get a new statement

# Smaller first: narrowing one element, then one statement, then a link; weakening a condition last.
_RANK = {ChangeKind.REMOVE_VALUES: 0, ChangeKind.REMOVE_STATEMENT: 1, ChangeKind.ADD_STATEMENT: 2,
         ChangeKind.LEAVE_GROUP: 3, ChangeKind.DETACH_POLICY: 3, ChangeKind.DELETE_INLINE: 3,
         ChangeKind.DELETE_RESOURCE_POLICY: 3,
         ChangeKind.DETACH_FROM_LEVEL: 3, ChangeKind.ATTACH_TO_LEVEL: 3, ChangeKind.REMOVE_BOUNDARY: 4,
         ChangeKind.REMOVE_CONDITIONS: 5}


@dataclass(frozen=True, slots=True)
class Flip:
    """One verified edit that reverses the decision.

    `policy` and `statement` name what it touches: the statement taken out of play (removed,
    narrowed, or no longer attached), the statement added (its index once added), or the policy
    detached (statement None). `also_changes` lists the other saved requests whose decision the edit
    changes too.
    """

    change: Change
    description: str
    policy: str | None
    statement: int | None
    sid: str | None
    new_decision: Decision
    new_reason: str
    also_changes: tuple[DecisionChange, ...] = ()

    @property
    def kind(self) -> ChangeKind:
        return self.change.kind

    def apply(self, scenario: Scenario) -> None:
        """Make the edit on `scenario` (in place). Raises `Refused` if that scenario cannot take it."""
        self.change.apply(scenario)


@dataclass(frozen=True, slots=True)
class FlipAnswer:
    decision: Decision
    reason: str
    flips: tuple[Flip, ...]
    notes: tuple[str, ...]          # why some or all outcomes cannot be flipped by one edit, and hints
    tried: int                      # candidate edits verified


def what_would_flip(scenario: Scenario, request: RequestSpec, *, engine: Engine | None = None,
                    limit: int = MAX_CANDIDATES) -> FlipAnswer:
    """The single edits that reverse `request`'s decision on `scenario`, each verified. Never changes `scenario`.

    Raises `PrincipalError` when the request names a principal the scenario does not have.
    """
    engine = engine or Engine(scenario)
    result = engine.evaluate(request, explain=True)
    if result.decision is Decision.NOT_AUTHENTICATED:
        return FlipAnswer(result.decision, result.reason, (), (
            f"the request fails authentication ({result.reason}); no edit of a policy, attachment or "
            "membership changes that: the credential must change (an active key that belongs to the "
            "caller, the right secret, an MFA device, an unexpired session)",), 0)
    search = _Search(scenario, request, engine, result)
    candidates = search.candidates()[:limit]
    flips = search.verify(candidates)
    notes = search.notes(flips)
    return FlipAnswer(result.decision, result.reason, tuple(flips), tuple(notes), len(candidates))


def working_copy(scenario: Scenario) -> Scenario:
    """A copy that edits can change without touching `scenario`: containers are copied, parsed
    policies (which edits replace, never change) are shared."""
    new = copy.copy(scenario)
    new.policies = dict(scenario.policies)
    new.users = {k: _identity_copy(v) for k, v in scenario.users.items()}
    new.roles = {k: _identity_copy(v) for k, v in scenario.roles.items()}
    new.groups = {k: _identity_copy(v) for k, v in scenario.groups.items()}
    new.resources = {k: copy.copy(v) for k, v in scenario.resources.items()}
    if scenario.organization is not None:
        org = new.organization = copy.copy(scenario.organization)
        for which in ("scps", "rcps"):
            levels = getattr(org, which)
            if levels is not None:
                setattr(org, which, [copy.copy(level) for level in levels])
                for level in getattr(org, which):
                    level.policies = list(level.policies)
    new.requests = list(scenario.requests)
    new.extra = dict(scenario.extra)
    if isinstance(scenario.source, RoundTripSource):
        new.source = RoundTripSource(scenario.source.text)     # saving updates its document: not shared
    return new


def _identity_copy(identity):
    new = copy.copy(identity)
    new.policies = list(identity.policies)
    new.inline = dict(identity.inline)
    if isinstance(new, User):
        new.groups = list(identity.groups)
    return new


@dataclass(slots=True)
class _Candidate:
    change: Change
    policy: str | None
    statement: int | None
    sid: str | None


class _Search:
    """One question: the request, its explained result and what candidate edits could reverse it."""

    def __init__(self, scenario: Scenario, request: RequestSpec, engine: Engine, result: Result):
        self.sc, self.request, self.engine, self.result = scenario, request, engine, result
        self.principal: Principal = resolve_principal(scenario, request.principal, request.session_name)
        self.action = result.action
        self.resource = "*" if catalog().accepts_only_star(self.action) else result.resource
        self.ctx = RequestContext(result.context.items())
        self.found: list[_Candidate] = []
        self.seen: set[str] = set()
        self.near_conditions: list[str] = []
        self.progress: list[str] = []       # edits that get past the first obstacle, and the next one

    # -- candidates ---------------------------------------------------------------------------------
    def candidates(self) -> list[_Candidate]:
        decision = self.result.decision
        if decision is Decision.ALLOWED:
            for ref in self.result.deciding:
                self._take_out(ref)
            self._add_denies()
        elif decision is Decision.EXPLICIT_DENY:
            for ref in self.result.deciding[:MAX_PER_GATE * 2]:
                self._take_out(ref)
        else:
            self._open_gates()
        return self.found

    def _add(self, change: Change, policy: str | None = None, statement: int | None = None,
             sid: str | None = None) -> None:
        key = repr(change)
        if key not in self.seen:
            self.seen.add(key)
            self.found.append(_Candidate(change, policy, statement, sid))

    def _take_out(self, ref: StatementRef) -> None:
        """Candidates that stop one deciding statement from applying: narrow it, remove it, unlink it."""
        site, links = self._locate(ref)
        if site is not None and site.editable(self.sc):
            policy = site.get(self.sc)
            statement = policy.statements[ref.index] if ref.index < len(policy.statements) else None
            if statement is not None:
                for element, values, matching in self._narrowable(policy, statement):
                    if matching and len(matching) < len(values):
                        self._add(RemoveValues(site, ref.index, element, tuple(matching)), ref.policy, ref.index,
                                  ref.sid)
                if len(policy.statements) > 1:
                    self._add(RemoveStatement(site, ref.index), ref.policy, ref.index, ref.sid)
        for link in links:
            self._add(link, ref.policy, ref.index, ref.sid)

    def _narrowable(self, policy: Policy, statement) -> list[tuple[str, tuple[str, ...], list[str]]]:
        """(element, its values, the values that match this request) for Action and Resource."""
        out = []
        if statement.action is not None:
            values = statement.action.values
            out.append(("Action", values, [v for v in values if ActionMatcher((v,)).match(self.action)]))
        if statement.resource is not None:
            values = statement.resource.values
            out.append(("Resource", values, [v for v in values if ResourceMatcher(
                (v,), policy.variables_enabled).match(self.resource, self.ctx)]))
        return out

    def _locate(self, ref: StatementRef) -> tuple[PolicySite | None, list[Change]]:
        """Where the statement's policy lives, and the attachments/memberships that bring it to the caller."""
        sc, owner_key = self.sc, ref.attached_to or ""
        if ref.policy_type in (PolicyType.SCP.value, PolicyType.RCP.value):
            which = "scps" if ref.policy_type == PolicyType.SCP.value else "rcps"
            levels = getattr(sc.organization, which, None) or []
            links: list[Change] = [DetachFromLevel(which, i, ref.policy) for i, level in enumerate(levels)
                                   if level.target == owner_key and ref.policy in level.policies]
            return PolicySite(SiteKind.POLICIES, None, ref.policy), links
        if ref.policy.endswith("#trust"):
            return PolicySite(SiteKind.TRUST, ref.policy[:-len("#trust")]), []
        if ref.policy.endswith("#policy"):
            site = PolicySite(SiteKind.RESOURCE, ref.policy[:-len("#policy")])
            return site, [DeleteResourcePolicy(site.owner)] if site.editable(sc) else []
        if owner_key.endswith(" (boundary)"):
            return PolicySite(SiteKind.POLICIES, None, ref.policy), [RemoveBoundary(owner_key[:-len(" (boundary)")])]
        owner = owner_of(sc, owner_key)
        if owner is None or not hasattr(owner, "inline"):
            return PolicySite(SiteKind.POLICIES, None, ref.policy), []    # session or VPC endpoint policy
        links = []
        inline = next((name for name, p in owner.inline.items() if p.name == ref.policy), None)
        if inline is not None:
            site = PolicySite(SiteKind.INLINE, owner_key, inline)
            links.append(DeleteInline(owner_key, inline))
        else:
            site = PolicySite(SiteKind.POLICIES, None, ref.policy)
            links.append(DetachPolicy(owner_key, ref.policy))
        user = self.principal.user
        if owner_key.startswith("group/") and user is not None and owner.name in user.groups:
            links.append(LeaveGroup(user.name, owner.name))
        return site, links

    # -- allowed: what would stop it ---------------------------------------------------------------
    def _add_denies(self) -> None:
        deny = self._statement("Deny")
        owner_key, owner = self._identity_owner()
        if owner is not None:
            for site in self._identity_sites(owner_key, owner)[:1]:
                self._add_statement(site, deny)
            self._add_statement(PolicySite(SiteKind.INLINE, owner_key, self._new_name(owner, "Deny")), deny)
        resource_site = self._resource_site()
        if resource_site is not None and resource_site.editable(self.sc):
            self._add_statement(resource_site, self._statement("Deny", principal=True))
        if Stage.SCP in self.result.stages:
            levels = self.sc.organization.scps or []
            for level in reversed(levels):
                site = next((s for s in (PolicySite(SiteKind.POLICIES, None, ref) for ref in level.policies)
                             if s.editable(self.sc)), None)
                if site is not None:
                    self._add_statement(site, self._statement("Deny"))
                    break

    # -- implicit deny: what would open it ---------------------------------------------------------
    def _open_gates(self) -> None:
        failed = [s for s in self.result.trace if s.parent is None and s.outcome is Outcome.FAIL]
        stages = {s.stage for s in failed}
        for which, stage in (("rcps", Stage.RCP), ("scps", Stage.SCP)):
            if stage in stages:
                index = sum(1 for s in self.result.trace if s.parent is None and s.stage is stage) - 1
                self._open_level(which, index)
        if stages & {Stage.RCP, Stage.SCP}:
            return                          # the trace stops at the organization: later gates are unknown
        if Stage.IDENTITY in stages:
            self._open_identity()
        if Stage.RESOURCE in stages or self._needs_resource_policy():
            self._open_resource()
        owner_key, owner = self._identity_owner()
        if Stage.BOUNDARY in stages and owner is not None and owner.boundary:
            site = PolicySite(SiteKind.POLICIES, None, owner.boundary)
            self._near_misses(site)
            self._add_statement(site, self._statement("Allow"))
            self._add(RemoveBoundary(owner_key), owner.boundary)
        if Stage.SESSION in stages:
            for ref in self.request.session_policies[:MAX_PER_GATE]:
                site = PolicySite(SiteKind.POLICIES, None, ref)
                self._near_misses(site)
                self._add_statement(site, self._statement("Allow"))
        if Stage.VPC_ENDPOINT in stages and self.request.vpc_endpoint_policy:
            site = PolicySite(SiteKind.POLICIES, None, self.request.vpc_endpoint_policy)
            self._near_misses(site)
            self._add_statement(site, self._statement("Allow", principal="*"))

    def _open_level(self, which: str, index: int) -> None:
        levels = getattr(self.sc.organization, which) or []
        if not 0 <= index < len(levels):
            return
        level = levels[index]
        if which == "scps":
            for ref in level.policies[:MAX_PER_GATE]:
                site = PolicySite(SiteKind.POLICIES, None, ref)
                self._add_statement(site, self._statement("Allow"))
        full = "FullAWSAccess" if which == "scps" else "RCPFullAWSAccess"
        if full not in level.policies:
            self._add(AttachToLevel(which, index, full), full)

    def _open_identity(self) -> None:
        owner_key, owner = self._identity_owner()
        if owner is None:
            return
        sites = self._identity_sites(owner_key, owner)
        for site in sites:
            self._near_misses(site)
        allow = self._statement("Allow")
        for site in sites[:MAX_PER_GATE]:
            self._add_statement(site, allow)
        self._add_statement(PolicySite(SiteKind.INLINE, owner_key, self._new_name(owner, "Allow")), allow)

    def _needs_resource_policy(self) -> bool:
        """Only a resource-based policy can grant: services, anonymous callers, other accounts, roots elsewhere."""
        p = self.principal
        if p.kind in (PrincipalKind.SERVICE, PrincipalKind.ANONYMOUS):
            return True
        account = self.ctx.get("aws:ResourceAccount")
        return bool(account) and p.account not in account

    def _open_resource(self) -> None:
        site = self._resource_site()
        if site is None:
            return
        if site.get(self.sc) is not None:
            self._near_misses(site)
        elif site.kind is SiteKind.RESOURCE and _is_kms_key(owner_of(self.sc, site.owner).arn):
            return                          # a key without a key policy has the default one: not in the file
        self._add_statement(site, self._statement("Allow", principal=True))
        p = self.principal
        if p.kind is PrincipalKind.ROLE_SESSION and ((p.role is not None and p.role.boundary)
                                                     or self.request.session_policies):
            # A grant to the role ARN is capped by the boundary and session policies; one to the session is not.
            self._add_statement(site, self._statement("Allow", principal={"AWS": p.arn}))

    def _near_misses(self, site: PolicySite) -> None:
        """Allow statements that match but for some Condition clauses: dropping those is a candidate."""
        policy = site.get(self.sc)
        if policy is None or not site.editable(self.sc):
            return
        uses_principal = policy.policy_type not in (PolicyType.IDENTITY, PolicyType.BOUNDARY, PolicyType.SESSION,
                                                    PolicyType.SCP)
        for statement in policy.statements:
            if statement.effect != "Allow" or not statement.conditions:
                continue
            ref = StatementRef(site.key(self.sc), policy.policy_type.value, statement.index, statement.effect,
                               statement.sid)
            cs = CompiledStatement(statement, ref, policy.variables_enabled)
            _, grant, elements = cs.explain(self.principal if uses_principal else None, self.action,
                                            self.resource, self.ctx)
            if grant is Grant.NONE or not all(e.matched for e in elements if not e.element.startswith("Condition ")):
                continue
            failing = tuple((c.clause.operator, c.clause.key) for c in cs.conditions.conditions if not c.test(self.ctx))
            if failing:
                self.near_conditions.append(
                    f"statement {statement.sid or '#' + str(statement.index + 1)} of {site.label(self.sc)} "
                    f"would allow it if the request met its condition "
                    + " and ".join(f"{op} {key}" for op, key in failing))
                self._add(RemoveConditions(site, statement.index, failing), ref.policy, statement.index,
                          statement.sid)

    # -- helpers -------------------------------------------------------------------------------------
    def _identity_owner(self) -> tuple[str, Identity | None]:
        p = self.principal
        if p.kind is PrincipalKind.USER and p.user is not None:
            return f"user/{p.user.name}", p.user
        if p.kind is PrincipalKind.ROLE_SESSION and p.role is not None:
            return f"role/{p.role.name}", p.role
        return "", None

    def _identity_sites(self, owner_key: str, owner: Identity) -> list[PolicySite]:
        """The editable identity policies that reach the caller: its own first, then its groups'."""
        sites = [PolicySite(SiteKind.INLINE, owner_key, name) for name in owner.inline]
        sites += [PolicySite(SiteKind.POLICIES, None, ref) for ref in owner.policies]
        if isinstance(owner, User):
            for name in owner.groups:
                group = self.sc.groups.get(name)
                if group is not None:
                    sites += [PolicySite(SiteKind.INLINE, f"group/{name}", n) for n in group.inline]
                    sites += [PolicySite(SiteKind.POLICIES, None, ref) for ref in group.policies]
        unique = list(dict.fromkeys(sites))
        return [s for s in unique if s.editable(self.sc)]

    def _resource_site(self) -> PolicySite | None:
        """The resource-based policy's place: the role's trust policy for the sts actions, else the resource's."""
        arn = self.result.resource
        if self.action.lower() in TRUST_ACTIONS:
            role = next((r for r in self.sc.roles.values() if r.arn == arn), None)
            return PolicySite(SiteKind.TRUST, f"role/{role.name}") if role is not None else None
        declared = next((r for r in self.sc.resources.values() if r.arn == arn), None)
        if declared is None and arn.startswith("arn:aws:s3:::") and "/" in arn:
            bucket = arn.split("/", 1)[0]
            declared = next((r for r in self.sc.resources.values() if r.arn == bucket), None)
        return PolicySite(SiteKind.RESOURCE, f"resource/{declared.name}") if declared is not None else None

    def _statement(self, effect: str, *, principal: bool | str | dict = False) -> dict:
        """A statement for exactly this action and resource (and, in a resource policy, this caller)."""
        item: dict = {"Sid": _sid(effect, self.action), "Effect": effect}
        if principal:
            item["Principal"] = self._principal_element() if principal is True else principal
        item["Action"] = self.action
        if self.action.lower() not in TRUST_ACTIONS or not principal:
            item["Resource"] = self.resource
        return item

    def _principal_element(self) -> object:
        p = self.principal
        if p.kind is PrincipalKind.SERVICE:
            return {"Service": p.arn}
        if p.kind is PrincipalKind.ANONYMOUS:
            return "*"
        if p.kind is PrincipalKind.ROLE_SESSION:
            return {"AWS": p.role_arn}
        return {"AWS": p.arn}

    def _add_statement(self, site: PolicySite, statement: dict) -> None:
        policy = site.get(self.sc)
        item = dict(statement)
        if "Resource" in item and (policy is None or policy.variables_enabled):
            item["Resource"] = item["Resource"].replace("$", "${$}")    # a literal `$`, not a policy variable
        if policy is not None:
            taken = {s.sid for s in policy.statements if s.sid}
            base, n = item["Sid"], 2
            while item["Sid"] in taken:
                item["Sid"], n = f"{base}{n}", n + 1
        change = AddStatement(site, tuple(item.items()))
        self._add(change, site.key(self.sc), change.new_index(self.sc), item["Sid"])

    def _new_name(self, owner: Identity, effect: str) -> str:
        base = _sid(effect, self.action)
        name, n = base, 2
        while name in owner.inline:
            name, n = f"{base}{n}", n + 1
        return name

    # -- verification --------------------------------------------------------------------------------
    def verify(self, candidates: list[_Candidate]) -> list[Flip]:
        before = decisions(self.sc, self.engine)
        others = {spec.name for spec in self.sc.requests if spec is not self.request}
        flips: list[tuple[tuple, Flip]] = []
        for order, cand in enumerate(candidates):
            work = working_copy(self.sc)
            try:
                description = cand.change.describe(self.sc)
                cand.change.apply(work)
                engine = Engine(work, self.engine.now, compiled_from=self.engine)
                new = engine.evaluate(self.request)
            except (Refused, PrincipalError):
                continue
            if new.decision.allowed == self.result.decision.allowed:
                if new.reason != self.result.reason and len(self.progress) < 2:
                    self.progress.append(f"{description} gets past this, but then: {new.reason}")
                continue
            after = decisions(work, engine)
            side = tuple(c for c in decision_diff({k: v for k, v in before.items() if k in others},
                                                  {k: v for k, v in after.items() if k in others}))
            flip = Flip(cand.change, description, cand.policy, cand.statement, cand.sid, new.decision, new.reason,
                        side)
            flips.append(((len(side), _RANK[cand.change.kind], order), flip))
        return [flip for _, flip in sorted(flips, key=lambda item: item[0])]

    def notes(self, flips: list[Flip]) -> list[str]:
        notes: list[str] = []
        decision = self.result.decision
        if self.near_conditions:
            notes += [f"{line}: changing the request (not the policy) would do too" for line in self.near_conditions]
        if flips:
            return notes
        if decision is Decision.EXPLICIT_DENY and len({(r.policy, r.index) for r in self.result.deciding}) > 1:
            notes.append(f"{len(self.result.deciding)} statements deny this request: one edit takes out only one")
        notes.append(f"no single edit of a statement, attachment or membership reverses this decision: "
                     f"{self.result.reason}")
        return notes + self.progress


def _sid(effect: str, action: str) -> str:
    """`Allow` + the action without punctuation: `AllowS3GetObject`."""
    words = re.split(r"[^A-Za-z0-9]+", action)
    return effect + "".join(w[:1].upper() + w[1:] for w in words if w) if action != "*" else effect + "All"

