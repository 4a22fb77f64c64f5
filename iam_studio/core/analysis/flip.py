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
import json
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TypeVar

from ..arn import parse_arn
from ..catalog import catalog
from ..decision import Decision
from ..engine.aws_rules import AwsExemption, root_exemption
from ..engine.compiled import CompiledStatement, Grant
from ..engine.conditions import compile_conditions
from ..engine.context import RequestContext
from ..engine.engine import TRUST_ACTIONS, Engine
from ..engine.matchers import ActionMatcher, ResourceMatcher, service_prefixes
from ..engine.result import Outcome, Result, Stage, StatementRef
from ..policy.model import Policy, PolicyType, Statement
from ..scenario.address import Place, PolicyAddress, find_policy, owner_object
from ..scenario.edits import Refused
from ..scenario.model import Group, Identity, RequestSpec, Resource, Role, Scenario, User
from ..scenario.principal import Principal, PrincipalError, PrincipalKind, resolve_principal
from .changes import (
    ROOT_ONLY,
    AddMfaDevice,
    AddStatement,
    AttachPolicy,
    AttachToLevel,
    Change,
    ChangeKind,
    DeletePolicy,
    DetachFromLevel,
    DetachPolicy,
    JoinGroup,
    LeaveGroup,
    RemoveBoundary,
    RemoveConditions,
    RemoveFromTrust,
    RemoveStatement,
    RemoveValues,
    editable,
    policy_label,
)
from .decision_diff import DecisionChange, decision_diff, decisions

MAX_CANDIDATES = 48        # candidate edits verified per question
MAX_PER_GATE = 3           # policies of one gate (identity, boundary, session ...) that get a new statement,
                           # groups to join, policies to attach and groups to attach them to

# Smaller first: narrowing one element, then one statement, then a link; weakening a condition last.
_RANK = {ChangeKind.REMOVE_VALUES: 0, ChangeKind.REMOVE_STATEMENT: 1, ChangeKind.ADD_STATEMENT: 2,
         ChangeKind.LEAVE_GROUP: 3, ChangeKind.JOIN_GROUP: 3, ChangeKind.REMOVE_FROM_TRUST: 3,
         ChangeKind.DETACH_POLICY: 3, ChangeKind.ATTACH_POLICY: 3,
         ChangeKind.DELETE_POLICY: 3, ChangeKind.DETACH_FROM_LEVEL: 3, ChangeKind.ATTACH_TO_LEVEL: 3,
         ChangeKind.ADD_MFA_DEVICE: 3,
         ChangeKind.REMOVE_BOUNDARY: 4, ChangeKind.REMOVE_CONDITIONS: 5}

# Where a new permission lands, best practice first (permissions on groups, not on users; least privilege): the
# user joins a group that grants it, an exact statement goes into a group's policy, an existing managed policy
# goes onto one of the user's groups; then on the caller itself: an exact statement in its managed policy (or
# in a resource-based policy naming it), an existing managed policy attached, an inline policy last of all
# grants; weakening a Condition after every grant. Every other candidate (taking a statement out of play, a
# guardrail, an SCP level) is `_ANY`. Flips that change no other saved request come before those that do.
_ANY = _JOIN_GROUP = 0
_GROUP_POLICY, _GROUP_ATTACH, _CALLER_MANAGED, _CALLER_ATTACH, _CALLER_INLINE, _WEAKEN = range(1, 7)


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
                    limit: int = MAX_CANDIDATES,
                    locked: Collection[str] | Callable[[str], bool] = ()) -> FlipAnswer:
    """The single edits that reverse `request`'s decision on `scenario`, each verified. Never changes `scenario`.

    `engine`: the scenario's engine, if there is one already (its compiled policies are reused).
    `locked`: the node keys (`policy/NAME`, `user/NAME`, ...) no edit may touch, or a test of a key,
    such as `lambda key: lesson.is_locked(step, key)`.
    Raises `PrincipalError` when the request names a principal the scenario does not have.
    """
    engine = engine or Engine(scenario)
    result = engine.evaluate(request, explain=True)
    is_locked = locked if callable(locked) else frozenset(locked).__contains__
    if result.decision is Decision.NOT_AUTHENTICATED:
        search = _Search(scenario, request, engine, result, is_locked)
        search.add_mfa_device()            # a sign-in with MFA by a caller who has no device yet
        flips = search.verify(search.found[:limit])
        return FlipAnswer(result.decision, result.reason, tuple(flips), () if flips else (
            f"the request fails authentication ({result.reason}); no edit of a policy, attachment or "
            "membership changes that: the credential must change (an active key that belongs to the "
            "caller, the right secret, an MFA device, an unexpired session)",), len(search.found))
    if any(s.stage is Stage.AWS_RULE and s.outcome is Outcome.FAIL for s in result.trace):
        return FlipAnswer(result.decision, result.reason, (), (
            f"a rule AWS applies beyond the policies decides this ({result.reason}); no edit of a policy, "
            "attachment or membership changes it",), 0)
    search = _Search(scenario, request, engine, result, is_locked)
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
    new.requests = [copy.copy(r) for r in scenario.requests]
    new.extra = copy.deepcopy(scenario.extra)       # the canvas layout, which deleting a node changes
    return new


_Holder = TypeVar("_Holder", User, Group, Role)


def _identity_copy(identity: _Holder) -> _Holder:
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
    tier: int = _ANY


class _Search:
    """One question: the request, its explained result and what candidate edits could reverse it."""

    def __init__(self, scenario: Scenario, request: RequestSpec, engine: Engine, result: Result,
                 is_locked: Callable[[str], bool]):
        self.sc, self.request, self.engine, self.result = scenario, request, engine, result
        self.is_locked = is_locked
        self.left_locked = 0
        self.principal: Principal = resolve_principal(scenario, request.principal, request.session_name)
        self.action = result.action
        self.resource = "*" if catalog().accepts_only_star(self.action) else result.resource
        self.ctx = RequestContext(result.context.items())
        self.found: list[_Candidate] = []
        self.seen: set[Change] = set()
        self.near_conditions: list[str] = []
        self.too_broad: list[str] = []      # groups and policies left out: they would grant everything
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
        self.add_mfa_device()
        return self.found

    def add_mfa_device(self) -> None:
        """A console sign-in by a caller without an MFA device: with one, AWS asks for its code (a sign-in
        without it is refused, one with it is MFA-authenticated), which may flip the decision either way."""
        credential = self.request.credential
        if credential is None or credential.type != "console":
            return
        p = self.principal
        if p.kind is PrincipalKind.ROOT and p.account == self.sc.account and not self.sc.root_mfa:
            self._add(AddMfaDevice("root"))
        elif p.kind is PrincipalKind.USER and p.user is not None and not p.user.mfa:
            self._add(AddMfaDevice(f"user/{p.user.name}"))

    def _add(self, change: Change, policy: str | None = None, statement: int | None = None,
             sid: str | None = None, tier: int = _ANY) -> None:
        if change in self.seen:
            return
        self.seen.add(change)
        if any(self.is_locked(key) for key in change.touches()):
            self.left_locked += 1
        else:
            self.found.append(_Candidate(change, policy, statement, sid, tier))

    def _take_out(self, ref: StatementRef) -> None:
        """Candidates that stop one deciding statement from applying: narrow it, remove it, unlink it."""
        site, links = self._locate(ref)
        policy = find_policy(self.sc, site) if site is not None and editable(self.sc, site) else None
        if site is not None and policy is not None:
            if ref.index < len(policy.statements):
                statement = policy.statements[ref.index]
                for element, values, matching in self._narrowable(policy, statement):
                    if matching and len(matching) < len(values):
                        self._add(RemoveValues(site, ref.index, element, tuple(matching)), ref.policy, ref.index,
                                  ref.sid)
                if len(policy.statements) > 1:
                    self._add(RemoveStatement(site, ref.index), ref.policy, ref.index, ref.sid)
        for link in links:
            self._add(link, ref.policy, ref.index, ref.sid)

    def _narrowable(self, policy: Policy, statement: Statement) -> list[tuple[str, tuple[str, ...], list[str]]]:
        """(element, its values, the values that match this request) for Action and Resource."""
        out: list[tuple[str, tuple[str, ...], list[str]]] = []
        if statement.action is not None:
            values = statement.action.values
            out.append(("Action", values, [v for v in values if ActionMatcher((v,)).match(self.action)]))
        if statement.resource is not None:
            values = statement.resource.values
            out.append(("Resource", values, [v for v in values if ResourceMatcher(
                (v,), policy.variables_enabled).match(self.resource, self.ctx)]))
        return out

    def _locate(self, ref: StatementRef) -> tuple[PolicyAddress | None, list[Change]]:
        """Where the statement's policy lives, and the attachments/memberships that bring it to the caller."""
        address = PolicyAddress.parse(ref.policy)
        attached_to = ref.attached_to or ""
        if address is None:
            return None, []
        if ref.policy_type in (PolicyType.SCP.value, PolicyType.RCP.value):
            which = ref.policy_type
            org = self.sc.organization
            levels = (org.scps if which == "scp" else org.rcps) if org is not None else None
            return address, [DetachFromLevel(which, i, address) for i, level in enumerate(levels or ())
                             if level.target == attached_to and ref.policy in level.policies]
        if address.place is Place.RESOURCE:
            return address, [DeletePolicy(address)] if editable(self.sc, address) else []
        if attached_to.endswith(" (boundary)"):
            return address, [RemoveBoundary(attached_to[:-len(" (boundary)")], address)]
        if address.place is Place.TRUST:
            who, role = self._node_key(), address.owner_name
            return address, [RemoveFromTrust(role, who)] if who and role else []
        kind, _, name = attached_to.partition("/")
        if kind not in ("user", "group", "role"):
            return address, []                  # a session or VPC endpoint policy
        links: list[Change] = [DeletePolicy(address) if address.place is Place.INLINE
                               else DetachPolicy(address, attached_to)]
        user = self.principal.user
        if kind == "group" and user is not None and name in user.groups:
            links.append(LeaveGroup(user.name, name))
        return address, links

    # -- allowed: what would stop it ---------------------------------------------------------------
    def _add_denies(self) -> None:
        deny = self._statement("Deny")
        owner_key, owner = self._identity_owner()
        if owner is not None:
            allowing = [PolicyAddress.parse(ref.policy) for ref in self.result.deciding
                        if ref.policy_type == PolicyType.IDENTITY.value]
            for site in [a for a in dict.fromkeys(allowing) if a is not None and editable(self.sc, a)][:1]:
                self._add_statement(site, deny)             # next to the statement that allows it
            self._add_statement(PolicyAddress.inline(owner_key, self._new_name(owner, "Deny")), deny)
        resource_site = self._resource_site()
        if resource_site is not None and self._takes_statement(resource_site) and self._exemption() is None:
            self._add_statement(resource_site, self._statement("Deny", principal=True))
        org = self.sc.organization
        if Stage.SCP in self.result.stages and org is not None:
            for level in reversed(org.scps or []):
                level_site = next((a for a in map(PolicyAddress.parse, level.policies) if a and editable(self.sc, a)),
                                  None)
                if level_site is not None:
                    self._add_statement(level_site, self._statement("Deny"))
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
            site = PolicyAddress.parse(owner.boundary)
            self._near_misses(site)
            self._add_statement(site, self._statement("Allow"))
            if site is not None:
                self._add(RemoveBoundary(owner_key, site), owner.boundary)
        if Stage.SESSION in stages:
            for ref in self.request.session_policies[:MAX_PER_GATE]:
                site = PolicyAddress.parse(ref)
                self._near_misses(site)
                self._add_statement(site, self._statement("Allow"))
        if Stage.VPC_ENDPOINT in stages and self.request.vpc_endpoint_policy:
            site = PolicyAddress.parse(self.request.vpc_endpoint_policy)
            self._near_misses(site)
            self._add_statement(site, self._statement("Allow", principal="*"))

    def _open_level(self, which: str, index: int) -> None:
        levels = getattr(self.sc.organization, which) or []
        if not 0 <= index < len(levels):
            return
        level = levels[index]
        if which == "scps":
            for ref in level.policies[:MAX_PER_GATE]:
                self._add_statement(PolicyAddress.parse(ref), self._statement("Allow"))
        full = "FullAWSAccess" if which == "scps" else "RCPFullAWSAccess"
        if full not in level.policies:
            self._add(AttachToLevel(which[:-1], index, PolicyAddress.managed(full)), full)

    def _open_identity(self) -> None:
        owner_key, owner = self._identity_owner()
        if owner is None:
            return
        group_sites, own_sites = self._identity_sites(owner_key, owner)
        for site in group_sites + own_sites:
            self._near_misses(site)
        self._grant_by_links(owner_key, owner)
        allow = self._statement("Allow")
        for site in group_sites[:MAX_PER_GATE]:
            self._add_statement(site, allow, tier=_GROUP_POLICY)
        for site in own_sites[:MAX_PER_GATE]:
            self._add_statement(site, allow, tier=_CALLER_MANAGED if site.is_managed else _CALLER_INLINE)
        self._add_statement(PolicyAddress.inline(owner_key, self._new_name(owner, "Allow")), allow,
                            tier=_CALLER_INLINE)

    def _grant_by_links(self, owner_key: str, owner: Identity) -> None:
        """Grants the account already holds: a group for the user to join, a managed policy to attach to one
        of the user's groups or (last) to the caller. Only groups and policies with an Allow that could match
        are tried; those that would grant every action on every resource are left out (least privilege)."""
        user = owner if isinstance(owner, User) else None
        if user is not None:
            joinable = []
            for group in self.sc.groups.values():
                policies = self._group_policies(group)
                if group.name in user.groups or not any(self._may_allow(p) for p in policies):
                    continue
                if any(_grants_everything(p) for p in policies):
                    self.too_broad.append(f"joining group {group.name}")
                else:
                    joinable.append(group.name)
            for name in joinable[:MAX_PER_GATE]:
                self._add(JoinGroup(user.name, name), tier=_JOIN_GROUP)
        attachable = []
        for ref, policy in self.sc.policies.items():
            address = PolicyAddress.parse(ref)
            if address is None or not address.is_managed or policy.policy_type is not PolicyType.IDENTITY \
                    or not self._may_allow(policy):
                continue
            if _grants_everything(policy):
                self.too_broad.append(f"attaching {policy_label(self.sc, address)}")
            else:
                attachable.append(address)
        groups = [name for name in (user.groups if user is not None else ()) if name in self.sc.groups]
        for address in attachable[:MAX_PER_GATE]:
            for name in groups[:MAX_PER_GATE]:
                if address.name not in self.sc.groups[name].policies:
                    self._add(AttachPolicy(address, f"group/{name}"), tier=_GROUP_ATTACH)
            if address.name not in owner.policies:
                self._add(AttachPolicy(address, owner_key), tier=_CALLER_ATTACH)

    def _group_policies(self, group: Group) -> list[Policy]:
        found = [self.sc.policy(ref) for ref in group.policies] + list(group.inline.values())
        return [p for p in found if p is not None]

    def _may_allow(self, policy: Policy) -> bool:
        """Whether one Allow statement of `policy` matches this action and resource (Conditions aside)."""
        for s in policy.statements:
            if s.effect != "Allow":
                continue
            if s.action is not None and not ActionMatcher(s.action.values).match(self.action):
                continue
            if s.not_action is not None and ActionMatcher(s.not_action.values).match(self.action):
                continue
            if s.resource is not None and not ResourceMatcher(
                    s.resource.values, policy.variables_enabled).match(self.resource, self.ctx):
                continue
            if s.not_resource is not None and ResourceMatcher(
                    s.not_resource.values, policy.variables_enabled).match(self.resource, self.ctx):
                continue
            return True
        return False

    def _needs_resource_policy(self) -> bool:
        """Only a resource-based policy can grant: services, anonymous callers, other accounts, roots elsewhere."""
        p = self.principal
        if p.kind in (PrincipalKind.SERVICE, PrincipalKind.ANONYMOUS):
            return True
        account = self.ctx.get("aws:ResourceAccount")
        return account is not None and bool(account) and p.account not in account

    def _takes_statement(self, site: PolicyAddress) -> bool:
        """Whether a statement can go into the resource-based policy at `site`: an editable one, a role's
        first trust policy, or the first policy of a resource whose service has resource-based policies that
        may deny (`_FIRST_POLICY_SERVICES`; not an EC2 instance; not a KMS key, whose default key policy is
        not in the file to extend)."""
        if find_policy(self.sc, site) is not None:
            return editable(self.sc, site)
        if site.place is Place.TRUST:
            return True
        owner = owner_object(self.sc, site)
        arn = parse_arn(owner.arn) if isinstance(owner, Resource) else None
        return arn is not None and arn.service in _FIRST_POLICY_SERVICES

    def _exemption(self) -> AwsExemption | None:
        """The root user's exemption from its own bucket's policy, when it covers this request."""
        exemption = root_exemption(self.action)
        owner = self.ctx.get("aws:ResourceAccount")
        if exemption is None or not exemption.covers(self.principal, self.action, self.resource,
                                                     owner[0] if owner else None):
            return None
        return exemption

    def _open_resource(self) -> None:
        site = self._resource_site()
        if site is None or not self._takes_statement(site):
            return
        if find_policy(self.sc, site) is not None:
            self._near_misses(site)
        self._add_statement(site, self._statement("Allow", principal=True), tier=_CALLER_MANAGED)
        p = self.principal
        if p.kind is PrincipalKind.ROLE_SESSION and ((p.role is not None and p.role.boundary)
                                                     or self.request.session_policies):
            # A grant to the role ARN is capped by the boundary and session policies; one to the session is not.
            self._add_statement(site, self._statement("Allow", principal={"AWS": p.arn}), tier=_CALLER_MANAGED)

    def _near_misses(self, site: PolicyAddress | None) -> None:
        """Allow statements that match but for some Condition clauses: dropping those is a candidate."""
        if site is None or not editable(self.sc, site):
            return
        policy = find_policy(self.sc, site)
        if policy is None:
            return
        uses_principal = policy.policy_type not in (PolicyType.IDENTITY, PolicyType.BOUNDARY, PolicyType.SESSION,
                                                    PolicyType.SCP)
        for statement in policy.statements:
            if statement.effect != "Allow" or not statement.conditions:
                continue
            cs = CompiledStatement(statement, policy.variables_enabled)
            _, grant, elements = cs.explain(self.principal if uses_principal else None, self.action,
                                            self.resource, self.ctx)
            if grant is Grant.NONE or not all(e.matched for e in elements if not e.element.startswith("Condition ")):
                continue
            conditions = compile_conditions(statement.conditions, variables_enabled=policy.variables_enabled)
            failing = tuple((c.clause.operator, c.clause.key) for c in conditions.conditions if not c.test(self.ctx))
            if failing:
                self.near_conditions.append(
                    f"statement {statement.sid or '#' + str(statement.index + 1)} of {policy_label(self.sc, site)} "
                    f"would allow it if the request met its condition "
                    + " and ".join(f"{op} {key}" for op, key in failing))
                self._add(RemoveConditions(site, statement.index, failing), str(site), statement.index,
                          statement.sid, _WEAKEN)

    # -- helpers -------------------------------------------------------------------------------------
    def _node_key(self) -> str | None:
        """The caller as a canvas node (`user/NAME`, `role/NAME`, `root`), when it is one of this scenario."""
        p = self.principal
        if p.kind is PrincipalKind.ROOT and p.account == self.sc.account:
            return "root"
        key, owner = self._identity_owner()
        return key if owner is not None else None

    def _identity_owner(self) -> tuple[str, Identity | None]:
        p = self.principal
        if p.kind is PrincipalKind.USER and p.user is not None:
            return f"user/{p.user.name}", p.user
        if p.kind is PrincipalKind.ROLE_SESSION and p.role is not None:
            return f"role/{p.role.name}", p.role
        return "", None

    def _identity_sites(self, owner_key: str, owner: Identity) -> tuple[list[PolicyAddress], list[PolicyAddress]]:
        """The editable identity policies that reach the caller: through its groups, and its own (managed
        first, then inline; a policy attached both ways counts as its group's). A policy of Deny statements
        only is a guardrail, not a place for an Allow, and one that allows nothing of the request's service is
        about something else (a password policy is no place for an S3 grant): both left out."""
        through_groups: list[PolicyAddress | None] = []
        if isinstance(owner, User):
            for name in owner.groups:
                group = self.sc.groups.get(name)
                if group is not None:
                    through_groups += [PolicyAddress.parse(ref) for ref in group.policies]
                    through_groups += [PolicyAddress.inline(f"group/{name}", n) for n in group.inline]
        own: list[PolicyAddress | None] = [PolicyAddress.parse(ref) for ref in owner.policies]
        own += [PolicyAddress.inline(owner_key, name) for name in owner.inline]
        service = self.action.partition(":")[0].lower()

        def grants(address: PolicyAddress | None) -> bool:
            policy = find_policy(self.sc, address) if address is not None else None
            return address is not None and policy is not None and editable(self.sc, address) and (
                not policy.statements or any(_allows_service(s, service) for s in policy.statements))
        groups = [a for a in dict.fromkeys(through_groups) if a is not None and grants(a)]
        return groups, [a for a in dict.fromkeys(own) if a is not None and a not in groups and grants(a)]

    def _resource_site(self) -> PolicyAddress | None:
        """The resource-based policy's place: the role's trust policy for the sts actions, else the resource's."""
        arn = self.result.resource
        if self.action.lower() in TRUST_ACTIONS:
            role = next((r for r in self.sc.roles.values() if r.arn == arn), None)
            return PolicyAddress.trust(role.name) if role is not None else None
        declared = next((r for r in self.sc.resources.values() if r.arn == arn), None)
        if declared is None and arn.startswith("arn:aws:s3:::") and "/" in arn:
            bucket = arn.split("/", 1)[0]
            declared = next((r for r in self.sc.resources.values() if r.arn == bucket), None)
        return PolicyAddress.resource(declared.name) if declared is not None else None

    def _statement(self, effect: str, *, principal: bool | str | dict[str, str] = False) -> dict[str, object]:
        """A statement for exactly this action and resource (and, in a resource policy, this caller)."""
        item: dict[str, object] = {"Sid": _sid(effect, self.action), "Effect": effect}
        if principal:
            item["Principal"] = self._principal_element() if principal is True else principal
        item["Action"] = self.action
        if self.action.lower() not in TRUST_ACTIONS or not principal:
            item["Resource"] = self.resource
        if principal is True and effect == "Deny" and self.principal.kind is PrincipalKind.ROOT:
            # the account's root ARN as a Principal names every principal of the account: only its root user
            # has aws:PrincipalType "Account" (reference_policies_condition-keys.html#condition-keys-principaltype)
            item["Condition"] = dict(ROOT_ONLY)
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

    def _add_statement(self, site: PolicyAddress | None, statement: dict[str, object], tier: int = _ANY) -> None:
        if site is None:
            return
        policy = find_policy(self.sc, site)
        item = dict(statement)
        resource = item.get("Resource")
        if isinstance(resource, str) and (policy is None or policy.variables_enabled):
            item["Resource"] = resource.replace("$", "${$}")    # a literal `$`, not a policy variable
        base = sid = str(item["Sid"])
        if policy is not None:
            taken = {s.sid for s in policy.statements if s.sid}
            n = 2
            while sid in taken:
                sid, n = f"{base}{n}", n + 1
        item["Sid"] = sid
        change = AddStatement(site, json.dumps(item))
        self._add(change, str(site), change.new_index(self.sc), sid, tier)

    def _new_name(self, owner: Identity, effect: str) -> str:
        base = _sid(effect, self.action)
        name, n = base, 2
        while name in owner.inline:
            name, n = f"{base}{n}", n + 1
        return name

    # -- verification --------------------------------------------------------------------------------
    def verify(self, candidates: list[_Candidate]) -> list[Flip]:
        before = decisions(self.sc, self.engine)
        others = {spec.name for spec in self.sc.requests if not _same_request(spec, self.request)}
        flips: list[tuple[tuple[bool, int, int, int, int], Flip]] = []
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
            policy, statement, sid = cand.policy, cand.statement, cand.sid
            if isinstance(cand.change, (JoinGroup, AttachPolicy)):     # the statement that now allows it
                granted = next((ref for ref in new.deciding if ref.effect == "Allow"), None)
                if granted is not None:
                    policy, statement, sid = granted.policy, granted.index, granted.sid
            flip = Flip(cand.change, description, policy, statement, sid, new.decision, new.reason, side)
            flips.append(((bool(side), cand.tier, len(side), _RANK[cand.change.kind], order), flip))
        return [flip for _, flip in sorted(flips, key=lambda item: item[0])]

    def notes(self, flips: list[Flip]) -> list[str]:
        notes: list[str] = []
        decision = self.result.decision
        if self.left_locked:
            notes.append(f"{self.left_locked} possible edit{'s' if self.left_locked > 1 else ''} left out: "
                         "they touch parts of the scenario this lesson step locks")
        if self.near_conditions:
            notes += [f"{line}: changing the request (not the policy) would do too" for line in self.near_conditions]
        if self.too_broad:
            notes.append(f"not suggested: {', '.join(self.too_broad)}, which would allow every action on every "
                         "resource; grant only what the task needs (least privilege)")
        if flips:
            return notes
        if decision is Decision.EXPLICIT_DENY and len({(r.policy, r.index) for r in self.result.deciding}) > 1:
            notes.append(f"{len(self.result.deciding)} statements deny this request: one edit takes out only one")
        notes.append(f"no single edit of a statement, attachment or membership reverses this decision: "
                     f"{self.result.reason}")
        exemption = self._exemption()
        if exemption is not None:
            notes.append(exemption.note())
            return notes
        if decision is Decision.ALLOWED and self.principal.kind is PrincipalKind.ROOT:
            notes.append("no policy can be attached to the root user: only a Deny in a resource-based policy (for "
                         "a resource that has one), in a service or resource control policy (once the account is a "
                         "member of an organization) or in a VPC endpoint policy can stop it. That is why the root "
                         "user is locked away with MFA and not used for everyday work")
        return notes + self.progress


# Services whose resources may get a first resource-based policy with a Deny or an Allow statement (S3 bucket
# policies, SQS queue and SNS topic policies, DynamoDB and Secrets Manager resource policies; see "AWS services
# that work with IAM", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-services-that-work-with-iam.html).
_FIRST_POLICY_SERVICES = frozenset({"s3", "sqs", "sns", "dynamodb", "secretsmanager"})


def _allows_service(statement: Statement, service: str) -> bool:
    """Whether an Allow statement's Action can match some action of `service` (lowercase prefix)."""
    if statement.effect != "Allow" or statement.action is None:
        return False
    prefixes = service_prefixes(statement.action.values)
    return prefixes is None or service in prefixes


def _grants_everything(policy: Policy) -> bool:
    """An administrator policy: an unconditional Allow of every action on every resource."""
    return any(s.effect == "Allow" and not s.conditions and s.action is not None and "*" in s.action.values
               and s.resource is not None and "*" in s.resource.values for s in policy.statements)


def _same_request(a: RequestSpec, b: RequestSpec) -> bool:
    """Whether two requests ask the same thing (names, expectations and positions aside)."""
    fields = ("principal", "action", "resource", "resource_account", "context", "session_name", "session_policies",
              "vpc_endpoint_policy", "credential")
    return a is b or all(getattr(a, f) == getattr(b, f) for f in fields)


def _sid(effect: str, action: str) -> str:
    """`Allow` + the action without punctuation: `AllowS3GetObject`."""
    words = re.split(r"[^A-Za-z0-9]+", action)
    return effect + "".join(w[:1].upper() + w[1:] for w in words if w) if action != "*" else effect + "All"

