"""Policies compiled once for fast evaluation: statements with precompiled matchers, indexed by service."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import cast

from ..policy.model import Policy, PrincipalElement, Statement
from ..scenario.principal import Principal, PrincipalKind
from .conditions import CompiledConditions, compile_conditions
from .context import RequestContext
from .matchers import ActionMatcher, ResourceMatcher, service_prefixes
from .result import ElementMatch, StatementRef


class Grant(IntEnum):
    """What a resource-based policy's Principal named, which decides what else must allow.

    See "Policy evaluation logic", resource-based policies and implicit denies in other policy types:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
    """

    NONE = 0
    ACCOUNT = 1     # the account (root ARN or account id): delegates to the account's identity policies
    ROLE = 2        # the role ARN: still capped by the session's boundary and session policies
    DIRECT = 3      # the user ARN, the session ARN, "*" or a service: granted to the caller itself


OnArn = Callable[[str], object]                      # the resource ARN -> truthy when it matches
OnContext = Callable[[RequestContext], bool]
OnBoth = Callable[[str, RequestContext], bool]


class Shared:
    """Compiled pieces keyed by what they are made of, shared by every policy one Engine compiles.

    An account repeats the same Action lists, Resource lists and Condition blocks across its
    policies; each is compiled once. The pieces hold no source positions (spans): what explains a
    statement (its own conditions, with their spans) is compiled per statement, when first asked for.
    """

    __slots__ = ("actions", "resources", "resource_tests", "condition_tests")

    def __init__(self) -> None:
        self.actions: dict[tuple[str, ...], ActionMatcher] = {}
        self.resources: dict[tuple[tuple[str, ...], bool], ResourceMatcher] = {}
        self.resource_tests: dict[tuple[object, ...], tuple[OnArn | None, OnBoth | None]] = {}
        self.condition_tests: dict[tuple[object, ...], OnContext | None] = {}

    def action(self, values: tuple[str, ...]) -> ActionMatcher:
        found = self.actions.get(values)
        if found is None:
            found = self.actions[values] = ActionMatcher(values)
        return found

    def resource(self, values: tuple[str, ...], variables_enabled: bool) -> ResourceMatcher:
        key = (values, variables_enabled)
        found = self.resources.get(key)
        if found is None:
            found = self.resources[key] = ResourceMatcher(values, variables_enabled)
        return found

    def resource_test(self, statement: Statement, variables_enabled: bool) -> tuple[OnArn | None, OnBoth | None]:
        """The fast tests of a statement's Resource or NotResource: (`on_arn`, `on_both`), see `_resource_tests`."""
        resource, not_resource = statement.resource, statement.not_resource
        key = (resource.values if resource else None, not_resource.values if not_resource else None,
               variables_enabled)
        found = self.resource_tests.get(key)
        if found is None:
            found = self.resource_tests[key] = _resource_tests(
                self.resource(resource.values, variables_enabled) if resource else None,
                self.resource(not_resource.values, variables_enabled) if not_resource else None)
        return found

    def condition_test(self, statement: Statement, variables_enabled: bool) -> OnContext | None:
        """The test of a statement's whole Condition block (None: it has none), by its operators, keys, values."""
        if not statement.conditions:
            return None
        key = (tuple([(c.operator, c.key, c.values) for c in statement.conditions]), variables_enabled)
        found = self.condition_tests.get(key)
        if found is None:
            found = self.condition_tests[key] = compile_conditions(statement.conditions, variables_enabled).test
        return found


def _resource_tests(resource: ResourceMatcher | None,
                    not_resource: ResourceMatcher | None) -> tuple[OnArn | None, OnBoth | None]:
    """Resource/NotResource as at most one direct call (None: nothing to test).

    `on_arn(arn)`: a Resource that reads the ARN alone (truthy when it matches); `on_both(arn, ctx)`:
    NotResource, or a Resource with policy variables.
    """
    if not_resource is not None:
        listed = not_resource.match
        return None, (lambda arn, ctx: not listed(arn, ctx))
    if resource is None:
        return None, None
    form = resource.arn_form()
    if form is None:                            # policy variables read from the context
        return None, resource.match
    kind, value = form
    if kind == "any":
        return None, None
    if kind == "exact":
        return cast(str, value).__eq__, None
    if kind == "prefix":
        prefix = cast(str, value)
        return (lambda arn: arn.startswith(prefix)), None
    if kind == "test":
        return cast("Callable[[str], bool]", value), None
    return cast("re.Pattern[str]", value).fullmatch, None


class CompiledStatement:
    """One statement with its matchers compiled; shared by every place its policy is attached.

    Its policy's action index (`CompiledPolicy`) matches its Action/NotAction; the fast test of Resource
    and Condition is compiled when `prepare` is first called, which happens only once the statement's
    Action covers some request (most never do); the per-clause conditions (for explanations) when
    `conditions` is first read.
    """

    __slots__ = ("statement", "index", "allow", "_resource", "_not_resource",
                 "_principal", "_not_principal", "_conditions", "on_arn", "on_context", "on_both", "_variables",
                 "_prepared", "_shared")

    def __init__(self, statement: Statement, variables_enabled: bool, index: int = 0, shared: Shared | None = None):
        self.statement = statement
        self.index = index                # its place in the policy (0-based)
        self.allow = statement.effect == "Allow"
        self._shared = shared if shared is not None else Shared()
        self._principal = statement.principal
        self._not_principal = statement.not_principal
        self._variables = variables_enabled
        self._prepared = False
        self._resource: ResourceMatcher | None = None
        self._not_resource: ResourceMatcher | None = None
        self._conditions: CompiledConditions | None = None
        self.on_arn: OnArn | None = None                  # the fast tests, set by `prepare` (`_fast_tests`)
        self.on_context: OnContext | None = None
        self.on_both: OnBoth | None = None

    @property
    def conditions(self) -> CompiledConditions:
        """The Condition block compiled clause by clause (with this statement's spans, for explanations)."""
        if self._conditions is None:
            self._conditions = compile_conditions(self.statement.conditions, variables_enabled=self._variables)
        return self._conditions

    def prepare(self) -> CompiledStatement:
        """Compile Resource/NotResource and the fast tests (once), ready for the fast path.

        `on_arn(arn)`: a Resource that reads the ARN alone; `on_context(ctx)`: the Condition block;
        `on_both(arn, ctx)`: NotResource, or a Resource with policy variables. Each is shared by every
        statement with the same Resource/NotResource (or Condition block) content.
        """
        if self._prepared:
            return self
        statement, variables_enabled, shared = self.statement, self._variables, self._shared
        resource, not_resource = statement.resource, statement.not_resource
        self._resource = shared.resource(resource.values, variables_enabled) if resource else None
        self._not_resource = shared.resource(not_resource.values, variables_enabled) if not_resource else None
        self.on_arn, self.on_both = shared.resource_test(statement, variables_enabled)
        self.on_context = shared.condition_test(statement, variables_enabled)
        self._prepared = True
        return self

    def matches(self, arn: str, ctx: RequestContext) -> bool:
        """Whether Resource/NotResource and Condition match (after `prepare`), as the fast path tests them."""
        return ((self.on_arn is None or bool(self.on_arn(arn))) and (self.on_context is None or self.on_context(ctx))
                and (self.on_both is None or self.on_both(arn, ctx)))

    # -- fast path ---------------------------------------------------------------------------------
    def grant(self, principal: Principal) -> Grant:
        """How the Principal/NotPrincipal element covers the caller (identity policies: always DIRECT)."""
        if self._principal is not None:
            return principal_grant(self._principal, principal)
        if self._not_principal is not None:
            return Grant.NONE if not_principal_excludes(self._not_principal, principal) else Grant.DIRECT
        return Grant.DIRECT

    # -- explain path ------------------------------------------------------------------------------
    def explain(self, principal: Principal | None, action: str, resource: str,
                ctx: RequestContext) -> tuple[bool, Grant, list[ElementMatch]]:
        """Every element with whether it matched and why; returns (matched, grant, elements)."""
        self.prepare()
        s = self.statement
        elements: list[ElementMatch] = []
        grant = Grant.DIRECT
        if principal is not None and (s.principal is not None or s.not_principal is not None):
            grant = self.grant(principal)
            elements.append(explain_principal(s, principal, grant))
        if s.action is not None:
            elements.append(self._shared.action(s.action.values).explain(action))
        elif s.not_action is not None:
            listed = self._shared.action(s.not_action.values).match(action)
            elements.append(ElementMatch(
                "NotAction", not listed,
                f"{action} is listed in NotAction, so the statement leaves it out" if listed
                else f"{action} is not listed in NotAction, so the statement covers it", s.not_action.span))
        if self._resource is not None:
            elements.append(self._resource.explain(resource, ctx))
        elif self._not_resource is not None and s.not_resource is not None:
            listed = self._not_resource.match(resource, ctx)
            elements.append(ElementMatch(
                "NotResource", not listed,
                f"{resource} is listed in NotResource, so the statement leaves it out" if listed
                else f"{resource} is not listed in NotResource, so the statement covers it", s.not_resource.span))
        if s.conditions:
            elements.extend(self.conditions.explain(ctx))
        matched = grant is not Grant.NONE and all(e.matched for e in elements)
        return matched, grant, elements


class CompiledPolicy:
    """A policy compiled once, with each action's covering statements cached.

    `covering(action)`: the statements whose Action/NotAction covers the action, in document order,
    prepared. The Resource and Condition of a statement are compiled the first time it covers an action.
    """

    __slots__ = ("policy", "allow_indexes", "deny_indexes", "_covering", "_compiled", "_ready", "_index", "_shared")

    def __init__(self, policy: Policy, shared: Shared | None = None):
        self.policy = policy
        self.allow_indexes = tuple(i for i, st in enumerate(policy.statements) if st.effect == "Allow")
        self.deny_indexes = tuple(i for i, st in enumerate(policy.statements) if st.effect != "Allow")
        self._shared = shared if shared is not None else Shared()
        self._covering: dict[str, tuple[CompiledStatement, ...]] = {}
        self._compiled: list[CompiledStatement | None] = [None] * len(policy.statements)
        self._ready: list[CompiledStatement | None] = [None] * len(policy.statements)     # prepared
        self._index: _ActionIndex | None = None

    def _action_index(self) -> _ActionIndex:
        """The statements by what their Action names: those naming only exact actions, by lowercase name;
        the others (wildcards, NotAction) as (index, matcher, whether it is NotAction), by the service they
        can match (`service_prefixes`) and for any service, each in document order."""
        exact: dict[str, list[int]] = {}
        by_service: dict[str, list[_WildRow]] = {}
        anywhere: list[_WildRow] = []
        for i, st in enumerate(self.policy.statements):
            element = st.action or st.not_action
            if element is None:            # a statement with neither covers no action
                continue
            matcher = self._shared.action(element.values)
            if st.action is None:
                anywhere.append((i, matcher, True))
            elif not matcher.wild:
                for name in matcher.exact:
                    exact.setdefault(name, []).append(i)
            else:
                services = service_prefixes(element.values)
                if services is None:
                    anywhere.append((i, matcher, False))
                for service in services or ():
                    by_service.setdefault(service, []).append((i, matcher, False))
        found = self._index = ({name: tuple(found) for name, found in exact.items()},
                               {service: tuple(rows) for service, rows in by_service.items()}, tuple(anywhere))
        return found

    def statement(self, index: int) -> CompiledStatement:
        found = self._compiled[index]
        if found is None:
            found = self._compiled[index] = CompiledStatement(self.policy.statements[index],
                                                              self.policy.variables_enabled, index, self._shared)
        return found

    def _prepared(self, index: int) -> CompiledStatement:
        found = self._ready[index]
        if found is None:
            found = self._ready[index] = self.statement(index).prepare()
        return found

    def statements(self) -> list[CompiledStatement]:
        """Every statement, compiled and prepared (the explained path reads them all)."""
        return [self._prepared(i) for i in range(len(self._compiled))]

    def covering(self, action: str) -> tuple[CompiledStatement, ...]:
        """The statements whose Action/NotAction covers `action`, in document order, prepared."""
        found = self._covering.get(action)
        if found is None:
            exact, by_service, anywhere = self._index or self._action_index()
            low = action.lower()
            indexes: Sequence[int] = exact.get(low, ())
            rows = by_service.get(low.partition(":")[0], ())
            if anywhere:
                rows += anywhere
            if rows:
                more = [i for i, matcher, negated in rows if matcher.match(action) != negated]
                if more:        # in document order
                    indexes = sorted((*indexes, *more)) if indexes or anywhere else more
            ready = self._ready
            found = self._covering[action] = tuple([ready[i] or self._prepared(i) for i in indexes])
        return found


_WildRow = tuple[int, ActionMatcher, bool]          # a statement's index, its Action/NotAction, whether NotAction
_ActionIndex = tuple[dict[str, tuple[int, ...]], dict[str, tuple[_WildRow, ...]], tuple[_WildRow, ...]]


class AttachedPolicy:
    """A compiled policy where it applies: its statement references name the attachment."""

    __slots__ = ("compiled", "policy", "attached_to", "address", "refs", "candidates", "alone")

    def __init__(self, compiled: CompiledPolicy, attached_to: str | None, key: str | None = None):
        policy = compiled.policy
        self.compiled = compiled
        self.policy = policy
        self.attached_to = attached_to
        self.address = key or policy.name        # as deciding statements name it (addresses.py)
        self.refs: list[StatementRef | None] = [None] * len(policy.statements)   # made when first needed
        self.candidates: list[Candidate | None] = [None] * len(policy.statements)   # `PolicySet.candidates`
        self.alone = (Level(None, (PolicySet((self,)),)),)      # this policy as the only level of a gate

    def ref(self, index: int) -> StatementRef:
        """The reference to statement `index` here (the fast path reads `refs[index] or ref(index)`)."""
        found = self.refs[index]
        if found is None:
            policy, st = self.policy, self.policy.statements[index]
            found = self.refs[index] = StatementRef(self.address, policy.policy_type.value, st.index, st.effect, st.sid,
                                                    st.span, policy.file, self.attached_to)
        return found


# a candidate statement as the fast path reads it: its three tests, the statement, where it is attached, its index
Candidate = tuple[OnArn | None, OnContext | None, OnBoth | None, CompiledStatement, AttachedPolicy, int]
Candidates = tuple[tuple[Candidate, ...], tuple[Candidate, ...]]        # (Deny statements, Allow statements)
NO_CANDIDATES: Candidates = ((), ())         # shared by every (policies, action) no statement covers


class PolicySet:
    """Policies that always apply together (a group's, an organization level's, one policy alone), with
    each action's candidate statements across them cached: every request that reads the set shares it.

    `cache[action]` is (the Deny candidates, the Allow candidates), in policy then document order;
    `candidates` fills it on a miss.
    """

    __slots__ = ("policies", "cache")

    def __init__(self, policies: tuple[AttachedPolicy, ...]):
        self.policies = policies
        self.cache: dict[str, Candidates] = {}

    def candidates(self, action: str) -> Candidates:
        denies: list[Candidate] = []
        allows: list[Candidate] = []
        for ap in self.policies:
            made = ap.candidates
            for cs in ap.compiled.covering(action):
                candidate = made[cs.index]
                if candidate is None:       # one tuple per statement where attached, whatever the action
                    candidate = made[cs.index] = (cs.on_arn, cs.on_context, cs.on_both, cs, ap, cs.index)
                (allows if cs.allow else denies).append(candidate)
        found = self.cache[action] = (tuple(denies), tuple(allows)) if denies or allows else NO_CANDIDATES
        return found


class Level:
    """One level of a gate: the policies of an organization target (RCPs, SCPs), or all of a gate's policies,
    as the sets they come in (`sets`) and one after another (`policies`)."""

    __slots__ = ("target", "sets", "policies")

    def __init__(self, target: str | None, sets: tuple[PolicySet, ...]):
        self.target = target
        self.sets = sets
        self.policies = tuple(ap for policies in sets for ap in policies.policies)


# -- principals in resource-based policies ---------------------------------------------------------

def _account_of_aws_value(value: str) -> str | None:
    if len(value) == 12 and value.isdigit():
        return value
    if value.startswith("arn:aws:iam::") and value.endswith(":root"):
        account = value[13:-5]
        return account if len(account) == 12 and account.isdigit() else None
    return None


def principal_grant(element: PrincipalElement, principal: Principal) -> Grant:
    """The strongest way `element` names the caller.

    Principal element rules: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    """
    if element.wildcard:
        return Grant.DIRECT
    best = Grant.NONE
    kind = principal.kind
    for value in element.values("AWS"):
        if value == "*":
            return Grant.DIRECT
        if kind is PrincipalKind.SERVICE or kind is PrincipalKind.ANONYMOUS:
            continue
        if value == principal.arn:
            return Grant.DIRECT
        if kind is PrincipalKind.ROLE_SESSION and value == principal.role_arn:
            best = max(best, Grant.ROLE)
        elif _account_of_aws_value(value) == principal.account:
            best = max(best, Grant.ACCOUNT)
    if kind is PrincipalKind.SERVICE and principal.arn in element.values("Service"):
        return Grant.DIRECT
    return best


def principal_chain(principal: Principal) -> list[str]:
    """The ARNs a NotPrincipal must all list to exempt the caller: the caller and its account.

    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
    """
    if principal.kind is PrincipalKind.SERVICE or principal.kind is PrincipalKind.ANONYMOUS:
        return [principal.arn]
    root = f"arn:aws:iam::{principal.account}:root"
    return [root] if principal.arn == root else [principal.arn, root]


def not_principal_excludes(element: PrincipalElement, principal: Principal) -> bool:
    """True when NotPrincipal lists the caller (and its account), so the statement does not apply.

    A caller with a permissions boundary is never excluded: "a policy that uses Deny with NotPrincipal
    will always deny any IAM principal that has a permissions boundary policy attached, regardless of the
    values specified in the NotPrincipal element".
    https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
    """
    owner = principal.user or principal.role
    if owner is not None and owner.boundary:
        return False
    if element.wildcard:
        return True
    listed = set(element.values("AWS")) | set(element.values("Service"))
    if "*" in element.values("AWS"):
        return True
    for arn in principal_chain(principal):
        account = _account_of_aws_value(arn)
        if arn in listed or (account is not None and account in listed):
            continue
        return False
    return True


def explain_principal(statement: Statement, principal: Principal, grant: Grant) -> ElementMatch:
    who = principal.label
    if statement.principal is not None:
        span = statement.principal.span
        if grant is Grant.NONE:
            return ElementMatch("Principal", False, f"the Principal element does not name {who}", span)
        how = {Grant.DIRECT: f"names {who} itself" if not statement.principal.wildcard
               else "is `*` (everyone)",
               Grant.ROLE: f"names the role {principal.role_arn}, whose sessions include {who}",
               Grant.ACCOUNT: f"names the account {principal.account}, which delegates to its IAM policies"}[grant]
        return ElementMatch("Principal", True, f"the Principal element {how}", span)
    span = statement.not_principal.span if statement.not_principal is not None else None
    if grant is Grant.NONE:
        return ElementMatch("NotPrincipal", False, f"NotPrincipal lists {who} and its account, so the statement "
                            "does not apply to it", span)
    return ElementMatch("NotPrincipal", True, f"NotPrincipal does not list {who} (and its account), so the "
                        "statement applies to it", span)
