"""Warnings like those of AWS's policy validator (IAM Access Analyzer policy checks).

AWS saves these policies, but they do not do what their author most likely meant: an action
that does not exist, a pattern that matches nothing, a resource ARN an action cannot take.
They come from the catalogue (`core/catalog.py`) and are always warnings.
https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
"""
from __future__ import annotations

from typing import Protocol

from ..catalog import ActionInfo, Catalog, catalog
from ..diagnostics import Diagnostic, Severity, Span
from . import grammar
from .model import Policy, PolicyType, Statement
from .operators import split_operator


class Warn(Protocol):
    """Records one warning."""

    def __call__(self, code: str, message: str, span: Span | None, help: str | None = None) -> None: ...


def advise(policy: Policy, cat: Catalog | None = None) -> list[Diagnostic]:
    """Catalogue-based warnings for every statement of `policy`."""
    cat = cat or catalog()
    out: list[Diagnostic] = []

    def warn(code: str, message: str, span: Span | None, help: str | None = None) -> None:
        out.append(Diagnostic(code, Severity.WARNING, message, span, help, policy.file))

    for statement in policy.statements:
        known = _check_actions(statement, policy.policy_type, cat, warn)
        _check_resources(statement, known, cat, warn)
        _check_condition_keys(statement, cat, warn)
    return out


def _check_actions(statement: Statement, policy_type: PolicyType, cat: Catalog, warn: Warn) -> list[ActionInfo] | None:
    """Warn about unknown services, actions and empty patterns; return the actions of `Action`
    (None if it holds `*` or something unknown)."""
    element = statement.action or statement.not_action
    if element is None:
        return None
    covered: list[ActionInfo] | None = []
    for value, span in zip(element.values, element.value_spans, strict=False):
        if grammar.check_action(value) is not None:
            covered = None
            continue
        if value == "*":
            covered = None
            continue
        service, _, name = value.partition(":")
        if not cat.has_service(service):
            near = cat.suggest_service(service)
            warn("policy.unknown-service", f"`{service}` is not a known service prefix", span,
                 help=f"did you mean `{near}`?" if near else "service prefixes are listed in the Service "
                 "Authorization Reference, e.g. `s3`, `ec2`, `iam`")
            covered = None
            continue
        if policy_type is PolicyType.RCP and service.lower() not in cat.rcp_services():
            warn("policy.rcp-unsupported-service", f"RCPs do not apply to `{service}`", span,
                 help="RCPs restrict only the services that support them, e.g. `s3`, `sts`, `kms`, `sqs`, "
                      "`secretsmanager`")
        if "*" in name or "?" in name:
            matched = cat.expand(value)
            if not matched:
                warn("policy.action-matches-nothing", f"`{value}` matches no `{service}` action", span,
                     help="check the spelling of the pattern")
            if covered is not None:
                covered.extend(matched)
            continue
        info = cat.action(value)
        if info is None:
            near = cat.suggest_action(value)
            warn("policy.unknown-action", f"`{value}` is not a known action", span,
                 help=f"did you mean `{near}`?" if near else f"see the actions of `{service}` in the "
                 "Service Authorization Reference")
            covered = None
            continue
        if covered is not None:
            covered.append(info)
    return covered if statement.action is not None else None


def _check_resources(statement: Statement, actions: list[ActionInfo] | None, cat: Catalog, warn: Warn) -> None:
    """`Resource` ARNs that none of the statement's actions can take."""
    if not actions or statement.resource is None:
        return
    if all(a.only_star for a in actions):
        for value, span in zip(statement.resource.values, statement.resource.value_spans, strict=False):
            if value != "*":
                names = ", ".join(f"`{a.full_name}`" for a in actions[:3]) + (" ..." if len(actions) > 3 else "")
                warn("policy.resource-only-star", f"`{value}` never matches: only `\"*\"` is a valid "
                     f"resource for {names}", span, help="these actions do not support resource-level permissions; "
                     "write `\"*\"` (in a separate statement if needed)")
        return
    for value, span in zip(statement.resource.values, statement.resource.value_spans, strict=False):
        if value == "*" or any(c in value for c in "*?$") or grammar.check_resource(value) is not None:
            continue
        if not any(a.only_star or cat.resource_type_for_arn(a.full_name, value) for a in actions):
            kinds = sorted({rt.name for a in actions for rt in cat.action_resource_types(a.full_name)})
            warn("policy.resource-type-mismatch", f"`{value}` is not a resource type the actions accept", span,
                 help="the actions take " + ", ".join(f"`{k}`" for k in kinds[:6]) if kinds else None)


def _check_condition_keys(statement: Statement, cat: Catalog, warn: Warn) -> None:
    for clause in statement.conditions:
        prefix, sep, _ = clause.key.partition(":")
        if not sep:
            warn("policy.unknown-condition-key", f"`{clause.key}` is not a condition key", clause.span,
                 help="condition keys have a prefix, e.g. `aws:SourceIp`, `s3:prefix`")
            continue
        if prefix.lower() != "aws" and not cat.has_service(prefix):
            continue            # unknown services are reported on the action
        key = cat.condition_key(clause.key)
        if key is None:
            near = grammar.did_you_mean(clause.key, [k.name for k in cat.condition_keys(prefix)])
            warn("policy.unknown-condition-key", f"`{clause.key}` is not a known condition key", clause.span,
                 help=f"did you mean `{near}`?" if near else "see the service's condition keys in the "
                 "Service Authorization Reference")
            continue
        op = split_operator(clause.operator)
        if op is not None and op.qualifier and not key.multivalued:
            warn("policy.set-operator-single-valued", f"`{op.qualifier}:` is meant for multivalued keys, "
                 f"but `{key.name}` has a single value", clause.operator_span,
                 help=f"use `{op.base}{'IfExists' if op.if_exists else ''}` without the set qualifier")
