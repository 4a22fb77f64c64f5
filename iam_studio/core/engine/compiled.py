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
    __slots__ = ("ref", "statement", "allow", "_action", "_not_action", "_resource", "_not_resource",
                 "_principal", "_not_principal", "conditions", "services", "test")

    def __init__(self, statement: Statement, ref: StatementRef, variables_enabled: bool):
        self.ref = ref
        self.statement = statement
        self.allow = statement.effect == "Allow"
        self._action = ActionMatcher(statement.action.values) if statement.action else None
        self._not_action = ActionMatcher(statement.not_action.values) if statement.not_action else None
        self._resource = (ResourceMatcher(statement.resource.values, variables_enabled)
                          if statement.resource else None)
        self._not_resource = (ResourceMatcher(statement.not_resource.values, variables_enabled)
                              if statement.not_resource else None)
        self._principal = statement.principal
        self._not_principal = statement.not_principal
        self.conditions = compile_conditions(statement.conditions, variables_enabled=variables_enabled)
        if statement.action:
            self.services = service_prefixes(statement.action.values)
        else:
            self.services = None          # NotAction can match any service
        self.test = self._fast_test()

    def _fast_test(self):
        """One function for Resource/NotResource and Condition, or None when they always match."""
        if self._resource is not None:
            resource = self._resource.fast_test()
        elif self._not_resource is not None:
            listed = self._not_resource.match
            resource = lambda arn, ctx: not listed(arn, ctx)  # noqa: E731
        else:
            resource = None
        condition = None if self.conditions.empty else self.conditions.test
        if condition is None:
            return resource
        if resource is None:
            return lambda arn, ctx: condition(ctx)
        return lambda arn, ctx: resource(arn, ctx) and condition(ctx)

    def rebind(self, ref: StatementRef) -> CompiledStatement:
        """The same compiled statement under another reference (the policy attached elsewhere)."""
        twin = object.__new__(CompiledStatement)
        for name in CompiledStatement.__slots__:
            setattr(twin, name, getattr(self, name))
        twin.ref = ref
        return twin

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


class CompiledPolicy:
    """A policy's statements, compiled, with a per-service index and a per-action cache.

    The same policy attached in several places shares its compiled statements (`rebind`); only the
    statement references, which name where the policy is attached, differ.
    """

    __slots__ = ("policy", "attached_to", "statements", "_by_service", "_any_service", "_cache", "_shared")

    def __init__(self, policy: Policy, attached_to: str | None, key: str | None = None,
                 shared: CompiledPolicy | None = None):
        self.policy = policy
        self.attached_to = attached_to
        name = key or policy.name
        refs = [StatementRef(name, policy.policy_type.value, st.index, st.effect, st.sid, st.span, policy.file,
                             attached_to) for st in policy.statements]
        self._cache: dict[str, tuple] = {}
        self._shared = shared
        if shared is not None:
            self.statements = [cs.rebind(ref) for cs, ref in zip(shared.statements, refs, strict=False)]
            return
        variables = policy.variables_enabled
        self.statements = [CompiledStatement(st, ref, variables)
                           for st, ref in zip(policy.statements, refs, strict=False)]
        self._by_service: dict[str, list[int]] = {}
        self._any_service: list[int] = []
        for i, cs in enumerate(self.statements):
            if cs.services is None:
                self._any_service.append(i)
            else:
                for service in cs.services:
                    self._by_service.setdefault(service, []).append(i)

    def split(self, action: str) -> tuple[list[CompiledStatement], list[CompiledStatement], list[CompiledStatement]]:
        """(all candidates, the Allow ones, the Deny ones) for `action`, cached."""
        found = self._cache.get(action)
        if found is None:
            source = self._shared or self
            every = [self.statements[i] for i in source.candidate_indexes(action)]
            found = self._cache[action] = (every, [cs for cs in every if cs.allow],
                                           [cs for cs in every if not cs.allow])
        return found

    def candidate_indexes(self, action: str) -> list[int]:
        service = action.split(":", 1)[0].lower()
        statements = self.statements
        found = [i for i in self._by_service.get(service, ()) if statements[i].matches_action(action)]
        found += [i for i in self._any_service if statements[i].matches_action(action)]
        found.sort()
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
