"""Policies compiled once for fast evaluation: statements with precompiled matchers, indexed by service."""
from __future__ import annotations

from enum import IntEnum

from ..policy.model import Policy, PrincipalElement, Statement
from .conditions import compile_conditions
from .context import RequestContext
from .matchers import ActionMatcher, ResourceMatcher, service_prefixes
from .principal import Principal, PrincipalKind
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


class CompiledStatement:
    """One statement with its matchers compiled; shared by every place its policy is attached.

    The Action/NotAction matcher is compiled at once; Resource and Condition when `prepare` is first
    called, which happens only once the statement's Action covers some request (most never do).
    """

    __slots__ = ("statement", "index", "allow", "_action", "_not_action", "_resource", "_not_resource",
                 "_principal", "_not_principal", "conditions", "test", "_variables", "_prepared")

    def __init__(self, statement: Statement, variables_enabled: bool, index: int = 0):
        self.statement = statement
        self.index = index                # its place in the policy (0-based)
        self.allow = statement.effect == "Allow"
        self._action = ActionMatcher(statement.action.values) if statement.action else None
        self._not_action = ActionMatcher(statement.not_action.values) if statement.not_action else None
        self._principal = statement.principal
        self._not_principal = statement.not_principal
        self._variables = variables_enabled
        self._prepared = False
        self._resource = self._not_resource = self.conditions = self.test = None

    def prepare(self) -> CompiledStatement:
        """Compile Resource/NotResource and Condition (once); `test` is then ready for the fast path."""
        if self._prepared:
            return self
        statement, variables_enabled = self.statement, self._variables
        self._resource = (ResourceMatcher(statement.resource.values, variables_enabled)
                          if statement.resource else None)
        self._not_resource = (ResourceMatcher(statement.not_resource.values, variables_enabled)
                              if statement.not_resource else None)
        self.conditions = compile_conditions(statement.conditions, variables_enabled=variables_enabled)
        self.test = self._fast_test()
        self._prepared = True
        return self

    def _fast_test(self):
        """One function of (arn, ctx) for Resource/NotResource and Condition, or None when they always match.

        Built as a single call where possible: the engine calls it for every candidate statement.
        """
        matcher = self._resource or self._not_resource
        condition = None if self.conditions.empty else self.conditions.test
        if matcher is None:
            return None if condition is None else (lambda arn, ctx: condition(ctx))
        form = matcher.arn_form()
        if self._not_resource is not None or form is None:
            listed = matcher.match                  # NotResource, or policy variables read from the context
            if self._not_resource is not None:
                return (lambda arn, ctx: not listed(arn, ctx)) if condition is None else \
                    (lambda arn, ctx: not listed(arn, ctx) and condition(ctx))
            return listed if condition is None else (lambda arn, ctx: listed(arn, ctx) and condition(ctx))
        kind, value = form
        if kind == "any":
            return None if condition is None else (lambda arn, ctx: condition(ctx))
        if kind == "exact":
            return (lambda arn, ctx: arn == value) if condition is None else \
                (lambda arn, ctx: arn == value and condition(ctx))
        if kind == "prefix":
            return (lambda arn, ctx: arn.startswith(value)) if condition is None else \
                (lambda arn, ctx: arn.startswith(value) and condition(ctx))
        if kind == "test":
            return (lambda arn, ctx: value(arn)) if condition is None else \
                (lambda arn, ctx: value(arn) and condition(ctx))
        full = value.fullmatch
        return (lambda arn, ctx: full(arn) is not None) if condition is None else \
            (lambda arn, ctx: full(arn) is not None and condition(ctx))

    # -- fast path ---------------------------------------------------------------------------------
    def matches_action(self, action: str) -> bool:
        if self._action is not None:
            return self._action.match(action)
        if self._not_action is not None:
            return not self._not_action.match(action)
        return False

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
        if self._action is not None:
            elements.append(self._action.explain(action))
        elif self._not_action is not None:
            listed = self._not_action.match(action)
            elements.append(ElementMatch(
                "NotAction", not listed,
                f"{action} is listed in NotAction, so the statement leaves it out" if listed
                else f"{action} is not listed in NotAction, so the statement covers it", s.not_action.span))
        if self._resource is not None:
            elements.append(self._resource.explain(resource, ctx))
        elif self._not_resource is not None:
            listed = self._not_resource.match(resource, ctx)
            elements.append(ElementMatch(
                "NotResource", not listed,
                f"{resource} is listed in NotResource, so the statement leaves it out" if listed
                else f"{resource} is not listed in NotResource, so the statement covers it", s.not_resource.span))
        if not self.conditions.empty:
            elements.extend(self.conditions.explain(ctx))
        matched = grant is not Grant.NONE and all(e.matched for e in elements)
        return matched, grant, elements


Candidates = tuple[tuple[CompiledStatement, ...], tuple[CompiledStatement, ...]]


class CompiledPolicy:
    """A policy compiled once, indexed by service, with each action's candidate statements cached.

    `cache[action]` is (the Allow statements, the Deny statements) whose Action/NotAction covers the
    action, in document order, prepared; `candidates` fills it on a miss.
    Statements are compiled the first time an action of their service is asked for.
    """

    __slots__ = ("policy", "cache", "_compiled", "_by_service", "_any_service")

    def __init__(self, policy: Policy):
        self.policy = policy
        self.cache: dict[str, Candidates] = {}
        self._compiled: list[CompiledStatement | None] = [None] * len(policy.statements)
        self._by_service: dict[str, list[int]] = {}
        self._any_service: list[int] = []
        for i, st in enumerate(policy.statements):
            services = service_prefixes(st.action.values) if st.action else None   # NotAction: any service
            if services is None:
                self._any_service.append(i)
            else:
                for service in services:
                    self._by_service.setdefault(service, []).append(i)

    def statement(self, index: int) -> CompiledStatement:
        found = self._compiled[index]
        if found is None:
            found = self._compiled[index] = CompiledStatement(self.policy.statements[index],
                                                              self.policy.variables_enabled, index)
        return found

    def statements(self) -> list[CompiledStatement]:
        """Every statement, compiled and prepared (the explained path reads them all)."""
        return [self.statement(i).prepare() for i in range(len(self._compiled))]

    def candidates(self, action: str) -> Candidates:
        found = self.cache.get(action)
        if found is None:
            service = action.split(":", 1)[0].lower()
            indexes = [i for i in self._by_service.get(service, ()) if self.statement(i).matches_action(action)]
            indexes += [i for i in self._any_service if self.statement(i).matches_action(action)]
            indexes.sort()
            statements = [self.statement(i).prepare() for i in indexes]
            found = self.cache[action] = (tuple(cs for cs in statements if cs.allow),
                                          tuple(cs for cs in statements if not cs.allow))
        return found


class AttachedPolicy:
    """A compiled policy where it applies: its statement references name the attachment."""

    __slots__ = ("compiled", "policy", "attached_to", "address", "refs", "cache", "alone")

    def __init__(self, compiled: CompiledPolicy, attached_to: str | None, key: str | None = None):
        policy = compiled.policy
        self.compiled = compiled
        self.policy = policy
        self.attached_to = attached_to
        self.cache = compiled.cache           # read directly by the fast path; `compiled.candidates` fills it
        self.address = key or policy.name        # as deciding statements name it (addresses.py)
        self.refs: list[StatementRef | None] = [None] * len(policy.statements)   # made when first needed
        self.alone = ((None, (self,)),)       # this policy as the only level of a gate

    def ref(self, index: int) -> StatementRef:
        """The reference to statement `index` here (the fast path reads `refs[index] or ref(index)`)."""
        found = self.refs[index]
        if found is None:
            policy, st = self.policy, self.policy.statements[index]
            found = self.refs[index] = StatementRef(self.address, policy.policy_type.value, st.index, st.effect, st.sid,
                                                    st.span, policy.file, self.attached_to)
        return found


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
    span = statement.not_principal.span
    if grant is Grant.NONE:
        return ElementMatch("NotPrincipal", False, f"NotPrincipal lists {who} and its account, so the statement "
                            "does not apply to it", span)
    return ElementMatch("NotPrincipal", True, f"NotPrincipal does not list {who} (and its account), so the "
                        "statement applies to it", span)
