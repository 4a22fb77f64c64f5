"""The request-context keys AWS derives itself from the principal, the resource and the clock.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
"""
from __future__ import annotations

from datetime import datetime

from ..arn import parse_arn
from ..isotime import iso_utc
from ..scenario.model import Scenario
from ..scenario.principal import Principal, PrincipalKind, role_id, unique_id, user_id

PRINCIPAL_TYPES = {
    PrincipalKind.USER: "User",
    PrincipalKind.ROLE_SESSION: "AssumedRole",
    PrincipalKind.ROOT: "Account",
    PrincipalKind.ANONYMOUS: "Anonymous",
}


def org_accounts(scenario: Scenario) -> set[str]:
    """Accounts that belong to the scenario's organization (members and the management account)."""
    org = scenario.organization
    if org is None:
        return set()
    accounts = set(org.accounts or [scenario.account])
    if org.management_account:
        accounts.add(org.management_account)
    return accounts


def principal_keys(scenario: Scenario, principal: Principal) -> list[tuple[str, object]]:
    """Keys that depend only on who is calling (cached per principal by the engine)."""
    kind = principal.kind
    keys: list[tuple[str, object]] = []
    if kind is PrincipalKind.SERVICE:
        keys.append(("aws:PrincipalIsAWSService", "true"))
        keys.append(("aws:PrincipalServiceName", principal.arn))
        return keys
    if kind is PrincipalKind.ANONYMOUS:
        keys.append(("aws:PrincipalType", "Anonymous"))
        return keys
    keys.append(("aws:PrincipalIsAWSService", "false"))
    keys.append(("aws:PrincipalAccount", principal.account))
    keys.append(("aws:PrincipalType", PRINCIPAL_TYPES[kind]))
    if kind is PrincipalKind.USER:
        name = principal.arn.rsplit("/", 1)[-1]
        keys.append(("aws:PrincipalArn", principal.arn))
        keys.append(("aws:username", name))
        user = principal.user
        keys.append(("aws:userid", user_id(user) if user else _undeclared_id("AIDA", principal.arn)))
        for tag, value in (user.tags.items() if user else ()):
            keys.append((f"aws:PrincipalTag/{tag}", value))
    elif kind is PrincipalKind.ROLE_SESSION:
        role = principal.role
        # aws:PrincipalArn of a role session is the role's ARN, not the session ARN.
        keys.append(("aws:PrincipalArn", principal.role_arn))
        rid = role_id(role) if role else _undeclared_id("AROA", principal.role_arn or "")
        keys.append(("aws:userid", f"{rid}:{principal.session_name}"))
        for tag, value in (role.tags.items() if role else ()):
            keys.append((f"aws:PrincipalTag/{tag}", value))
    elif kind is PrincipalKind.ROOT:
        keys.append(("aws:PrincipalArn", principal.arn))
        keys.append(("aws:userid", principal.account))
    org = scenario.organization
    if org is not None and org.id and principal.account in org_accounts(scenario):
        keys.append(("aws:PrincipalOrgID", org.id))
    return keys


def _undeclared_id(prefix: str, arn: str) -> str:
    parsed = parse_arn(arn)
    return unique_id(prefix, parsed.account, parsed.resource) if parsed else unique_id(prefix, "", arn)


def resource_keys(scenario: Scenario, resource_account: str, tags: dict[str, str]) -> list[tuple[str, object]]:
    keys: list[tuple[str, object]] = [("aws:ResourceAccount", resource_account)]
    org = scenario.organization
    if org is not None and org.id and resource_account in org_accounts(scenario):
        keys.append(("aws:ResourceOrgID", org.id))
    for tag, value in tags.items():
        keys.append((f"aws:ResourceTag/{tag}", value))
    return keys


def time_keys(now: datetime) -> list[tuple[str, object]]:
    return [("aws:CurrentTime", iso_utc(now)),
            ("aws:EpochTime", str(int(now.timestamp())))]
