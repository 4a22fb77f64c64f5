"""The checks AWS applies when a policy is saved, one row per rule, each citing its AWS page."""
import json

import pytest

from iam_studio.core.diagnostics import Severity
from iam_studio.core.jsonsource import parse_json
from iam_studio.core.policy import grammar
from iam_studio.core.policy.model import PolicyType as T
from iam_studio.core.policy.operators import split_operator
from iam_studio.core.policy.parse import compact_size, lint_policy_text, parse_policy_text

UG = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
ALLOW = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
TRUST = {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
RCP = {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}


def policy(*statements, version="2012-10-17", **top):
    d = {"Version": version} if version else {}
    d.update(top)
    d["Statement"] = list(statements)
    return json.dumps(d, indent=1)


def diags(text, t=T.IDENTITY, **kw):
    return parse_policy_text(text, t, "p", advice=False, **kw)[1]


# (doc page, policy type, document text, expected code, severity)
CASES = [
    # Effect: exactly "Allow" or "Deny"
    ("reference_policies_elements_effect.html", T.IDENTITY, policy({**ALLOW, "Effect": "allow"}),
     "policy.bad-effect", Severity.ERROR),
    ("reference_policies_elements_effect.html", T.IDENTITY,
     policy({k: v for k, v in ALLOW.items() if k != "Effect"}), "policy.missing-effect", Severity.ERROR),
    # unknown elements, with a near match
    ("reference_policies_elements.html", T.IDENTITY,
     policy({"Effect": "Allow", "Actions": "s3:GetObject", "Resource": "*"}), "policy.unknown-element", Severity.ERROR),
    ("reference_policies_elements.html", T.IDENTITY, policy(ALLOW, Statements=[]), "policy.unknown-element",
     Severity.ERROR),
    ("reference_policies_elements_statement.html", T.IDENTITY, json.dumps({"Version": "2012-10-17"}),
     "policy.no-statement", Severity.ERROR),
    # Action / NotAction
    ("reference_policies_elements_action.html", T.IDENTITY, policy({**ALLOW, "NotAction": "s3:PutObject"}),
     "policy.action-and-notaction", Severity.ERROR),
    ("reference_policies_elements_action.html", T.IDENTITY, policy({"Effect": "Allow", "Resource": "*"}),
     "policy.missing-action", Severity.ERROR),
    ("reference_policies_elements_action.html", T.IDENTITY, policy({**ALLOW, "Action": "s3GetObject"}),
     "policy.bad-action", Severity.ERROR),
    ("reference_policies_elements_action.html", T.IDENTITY, policy({**ALLOW, "Action": "s*:GetObject"}),
     "policy.bad-action", Severity.ERROR),
    # Resource / NotResource
    ("reference_policies_elements_resource.html", T.IDENTITY, policy({**ALLOW, "NotResource": "*"}),
     "policy.resource-and-notresource", Severity.ERROR),
    ("reference_policies_elements_resource.html", T.IDENTITY,
     policy({"Effect": "Allow", "Action": "s3:GetObject"}), "policy.missing-resource", Severity.ERROR),
    ("reference-arns.html", T.IDENTITY, policy({**ALLOW, "Resource": "my-bucket"}), "policy.bad-resource",
     Severity.ERROR),
    ("reference-arns.html", T.IDENTITY, policy({**ALLOW, "Resource": "arn:aws:s3:my-bucket"}),
     "policy.bad-resource", Severity.ERROR),
    # Principal only where it belongs
    ("reference_policies_elements_principal.html", T.IDENTITY, policy({**ALLOW, "Principal": "*"}),
     "policy.principal-in-identity", Severity.ERROR),
    ("reference_policies_elements_principal.html", T.BOUNDARY, policy({**ALLOW, "Principal": "*"}),
     "policy.principal-in-boundary", Severity.ERROR),
    ("reference_policies_elements_principal.html", T.SESSION, policy({**ALLOW, "Principal": "*"}),
     "policy.principal-in-session", Severity.ERROR),
    ("reference_policies_elements_principal.html", T.RESOURCE, policy(ALLOW), "policy.missing-principal",
     Severity.ERROR),
    ("reference_policies_elements_principal.html", T.TRUST,
     policy({k: v for k, v in TRUST.items() if k != "Principal"}), "policy.missing-principal", Severity.ERROR),
    ("reference_policies_elements_principal.html", T.RESOURCE,
     policy({**ALLOW, "Principal": {"AWS": "arn:aws:iam::123456789012:user/*"}}), "policy.bad-principal",
     Severity.ERROR),
    ("reference_policies_elements_principal.html", T.RESOURCE,
     policy({**ALLOW, "Principal": {"Aws": "123456789012"}}), "policy.bad-principal-type", Severity.ERROR),
    # NotPrincipal only with Deny, never in a trust policy
    ("reference_policies_elements_notprincipal.html", T.RESOURCE,
     policy({**ALLOW, "NotPrincipal": {"AWS": "123456789012"}}), "policy.notprincipal-with-allow", Severity.ERROR),
    ("reference_policies_elements_notprincipal.html", T.TRUST,
     policy({**TRUST, "Effect": "Deny", "NotPrincipal": {"AWS": "123456789012"}}),
     "policy.notprincipal-in-trust", Severity.ERROR),
    # the role is the trust policy's resource
    ("reference_policies_elements_resource.html", T.TRUST, policy({**TRUST, "Resource": "*"}),
     "policy.resource-in-trust", Severity.ERROR),
    # Version
    ("reference_policies_elements_version.html", T.IDENTITY, policy(ALLOW, version="2024-01-01"),
     "policy.bad-version", Severity.ERROR),
    ("reference_policies_elements_version.html", T.IDENTITY, policy(ALLOW, version=None), "policy.no-version",
     Severity.WARNING),
    ("reference_policies_elements_version.html", T.IDENTITY,
     policy({**ALLOW, "Resource": "arn:aws:s3:::${aws:username}/*"}, version="2008-10-17"),
     "policy.variable-in-2008", Severity.WARNING),
    # Sid
    ("reference_policies_elements_sid.html", T.IDENTITY, policy({**ALLOW, "Sid": "A"}, {**ALLOW, "Sid": "A"}),
     "policy.duplicate-sid", Severity.ERROR),
    ("reference_policies_elements_sid.html", T.IDENTITY, policy({**ALLOW, "Sid": "read objects"}),
     "policy.bad-sid", Severity.ERROR),
    # Condition
    ("reference_policies_elements_condition_operators.html", T.IDENTITY,
     policy({**ALLOW, "Condition": {"StringEqual": {"aws:username": "a"}}}), "policy.unknown-operator",
     Severity.ERROR),
    ("reference_policies_elements_condition_operators.html", T.IDENTITY,
     policy({**ALLOW, "Condition": {"ForSomeValues:StringEquals": {"aws:TagKeys": "a"}}}),
     "policy.unknown-operator", Severity.ERROR),
    ("reference_policies_elements_condition_operators.html", T.IDENTITY,
     policy({**ALLOW, "Condition": {"NullIfExists": {"aws:TagKeys": "true"}}}), "policy.unknown-operator",
     Severity.ERROR),
    ("reference_policies_elements_condition.html", T.IDENTITY,
     policy({**ALLOW, "Condition": {"StringEquals": "aws:username"}}), "policy.bad-condition", Severity.ERROR),
    ("reference_policies_elements_condition.html", T.IDENTITY,
     policy({**ALLOW, "Condition": {"StringEquals": {"aws:username": {"a": "b"}}}}),
     "policy.bad-condition-value", Severity.ERROR),
    ("reference_policies_elements_condition_operators.html", T.IDENTITY,
     policy({**ALLOW, "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.300/8"}}}),
     "policy.condition-value-type", Severity.WARNING),
    ("reference_policies_elements_condition_operators.html", T.IDENTITY,
     policy({**ALLOW, "Condition": {"NumericLessThan": {"s3:max-keys": "ten"}}}),
     "policy.condition-value-type", Severity.WARNING),
    ("reference_policies_elements_condition_operators.html", T.IDENTITY,
     policy({**ALLOW, "Condition": {"DateGreaterThan": {"aws:CurrentTime": "yesterday"}}}),
     "policy.condition-value-type", Severity.WARNING),
    ("reference_policies_elements_condition_operators.html", T.IDENTITY,
     policy({**ALLOW, "Condition": {"Bool": {"aws:SecureTransport": "yes"}}}),
     "policy.condition-value-type", Severity.WARNING),
    # ARN operators compare the six parts of an ARN separately: each part must be written (#Conditions_ARN)
    ("reference_policies_elements_condition_operators.html", T.IDENTITY,
     policy({**ALLOW, "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*"}}}),
     "policy.condition-value-type", Severity.WARNING),
    ("reference_policies_elements_condition_operators.html", T.IDENTITY,
     policy({**ALLOW, "Condition": {"ArnNotEqualsIfExists": {"aws:SourceArn": "*"}}}),
     "policy.condition-value-type", Severity.WARNING),
    # JSON object keys must be unique for IAM to read them as meant
    ("reference_policies_grammar.html", T.IDENTITY,
     '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Effect": "Deny", "Action": "*", "Resource": "*"}}',
     "policy.duplicate-key", Severity.ERROR),
    # IAM stores only U+0009, U+000A, U+000D and U+0020..U+00FF (reference_iam-quotas.html)
    ("reference_iam-quotas.html", T.IDENTITY, policy({**ALLOW, "Resource": "arn:aws:s3:::b/€"}),
     "policy.bad-character", Severity.ERROR),
    # SCPs: no Principal, wildcards only at the end of an action
    ("https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html", T.SCP,
     policy({**ALLOW, "Principal": "*"}), "policy.principal-in-scp", Severity.ERROR),
    ("https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html", T.SCP,
     policy({**ALLOW, "Action": "s3:*Object"}), "policy.bad-action", Severity.ERROR),
    # RCPs: Deny only, Principal "*", no NotAction / NotPrincipal, Version 2012-10-17 required
    ("https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html", T.RCP,
     policy({**RCP, "Effect": "Allow"}), "policy.rcp-allow", Severity.ERROR),
    ("https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html", T.RCP,
     policy({**RCP, "Principal": {"AWS": "123456789012"}}), "policy.rcp-principal", Severity.ERROR),
    ("https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html", T.RCP,
     policy({k: v for k, v in {**RCP, "NotAction": "s3:PutObject"}.items() if k != "Action"}),
     "policy.unsupported-element", Severity.ERROR),
    ("https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html", T.RCP,
     policy(RCP, version=None), "policy.version-required", Severity.ERROR),
    ("https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html", T.RCP,
     policy({k: v for k, v in RCP.items() if k != "Principal"}), "policy.missing-principal", Severity.ERROR),
]


@pytest.mark.parametrize("page, policy_type, text, code, severity", CASES,
                         ids=[f"{c[3]}-{i}" for i, c in enumerate(CASES)])
def test_rule(page, policy_type, text, code, severity):
    """Each row: the AWS documentation page (under the IAM User Guide unless a full URL) and the code."""
    found = [d for d in diags(text, policy_type, file="p.json") if d.code == code]
    assert found, f"{code} expected ({page}); got {[d.format() for d in diags(text, policy_type)]}"
    d = found[0]
    assert d.severity is severity
    assert d.span is not None and d.file == "p.json"
    assert d.help, "every grammar diagnostic carries a hint"
    assert not d.message.endswith(".") and d.message[:1] == d.message[:1].lower()


@pytest.mark.parametrize("policy_type, statement", [
    (T.IDENTITY, ALLOW),
    (T.BOUNDARY, ALLOW),
    (T.SESSION, ALLOW),
    (T.SCP, {"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*",
             "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}),
    (T.SCP, {**ALLOW, "Action": "s3:Get*"}),
    (T.RESOURCE, {**ALLOW, "Principal": {"AWS": ["123456789012", "arn:aws:iam::123456789012:role/R"]}}),
    (T.RESOURCE, {**ALLOW, "Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}}),
    (T.TRUST, TRUST),
    (T.TRUST, {**TRUST, "Principal": {"Federated": "cognito-identity.amazonaws.com"},
               "Action": "sts:AssumeRoleWithWebIdentity",
               "Condition": {"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}),
    (T.RCP, RCP),
    (T.VPC_ENDPOINT, {**ALLOW, "Principal": "*"}),
])
def test_valid_policies_have_no_errors(policy_type, statement):
    """Valid documents per type (element reference: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html)."""
    errors = [d.format() for d in diags(policy(statement), policy_type) if d.is_error]
    assert errors == []


def test_did_you_mean_for_elements_and_effect():
    texts = {d.code: d.help for d in diags(policy({"Effect": "deny", "Actions": "s3:GetObject", "Resource": "*"}))}
    assert "`Action`" in texts["policy.unknown-element"]
    assert "`Deny`" in texts["policy.bad-effect"]


def test_the_default_rcp_may_allow():
    """RCPFullAWSAccess is the one RCP with Allow
    (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html)."""
    text = policy({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"})
    _, found = parse_policy_text(text, T.RCP, "RCPFullAWSAccess")
    assert found == []


@pytest.mark.parametrize("place, limit", [
    ("managed", 6144), ("user_inline", 2048), ("group_inline", 5120), ("role_inline", 10240),
    ("trust", 2048), ("scp", 5120), ("rcp", 5120),
])
def test_size_limits(place, limit):
    """IAM quotas (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html) and
    Organizations quotas (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html)."""
    assert grammar.size_limit_for(place) == limit


def test_iam_size_leaves_out_white_space_but_organizations_counts_it():
    text = policy(ALLOW)
    compact = "".join(text.split())
    assert grammar.policy_size(text, T.IDENTITY) == len(compact)
    assert grammar.policy_size(text, T.SCP) == len(text)
    limit = len(compact)
    assert not [d for d in diags(text, T.IDENTITY, size_limit=limit) if d.code == "policy.too-large"]
    over = [d for d in diags(text, T.IDENTITY, size_limit=limit - 1) if d.code == "policy.too-large"]
    assert over and over[0].is_error and str(limit) in over[0].message


@pytest.mark.parametrize("text, size", [
    ('{"a": "x y"}', 10),                                    # {"a":"xy"}
    (r'{"a": "q\"b\\c\nd"}', 18),                            # escapes count as written in compact JSON
    ('{"a": "x\u00a0y\u2028"}', 10),                          # non-ASCII white space is left out too
    ('{"a": 1.50, "b": [true, null, []], "c": {}}', 35),     # {"a":1.5,"b":[true,null,[]],"c":{}}
    ('{"a": "long value", "a": "v"}', 9),                    # of a repeated key, the last value counts
    ('{"a": {"b": "c", "b": "dd"}, "a": "v"}', 9),
])
def test_compact_size_counts_the_compact_json_without_white_space(text, size):
    """IAM counts a policy's characters except white space (reference_iam-quotas.html)."""
    node, _ = parse_json(text)
    assert node is not None and compact_size(node) == size


def test_a_character_iam_does_not_store_is_found_in_a_repeated_key_value_too():
    text = '{"Version": "2012-10-17", "Statement": [{"Sid": "A\u20ac", "Sid": "B", "Effect": "Allow", ' \
           '"Action": "s3:GetObject", "Resource": "*"}]}'
    found = [d for d in diags(text) if d.code == "policy.bad-character"]
    assert [(d.span.line, d.span.column) for d in found] == [(1, 49)] and "U+20AC" in found[0].message


@pytest.mark.parametrize("operator, ok", [
    ("StringEquals", True), ("ForAllValues:StringLike", True), ("ForAnyValue:ArnLikeIfExists", True),
    ("NumericGreaterThanEqualsIfExists", True), ("Null", True), ("BinaryEquals", True),
    ("stringequals", False), ("StringEqualsIfexists", False), ("ForAllValues:Null", False), ("Foo", False),
])
def test_operators(operator, ok):
    """https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"""
    assert (split_operator(operator) is not None) is ok


def test_operator_parts():
    op = split_operator("ForAnyValue:StringLikeIfExists")
    assert (op.qualifier, op.base, op.if_exists) == ("ForAnyValue", "StringLike", True)


@pytest.mark.parametrize("arn, ok", [
    ("*", True), ("arn:aws:s3:::bucket/*", True), ("arn:aws:iam::123456789012:user/*", True),
    ("arn:aws:ec2:*:*:instance/*", True), ("arn:aws:s3:::${aws:username}", True),
    ("bucket", False), ("arn:aws:s3:::", False), ("arn::s3:::b", False), ("ARN:aws:s3:::b", False),
])
def test_resource_arns(arn, ok):
    """ARN format: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html"""
    assert (grammar.check_resource(arn) is None) is ok


def test_lint_returns_the_same_diagnostics():
    text = policy({"Effect": "Allow", "Action": "s3", "Resource": "*"})
    assert [d.code for d in lint_policy_text(text, T.IDENTITY)] == ["policy.bad-action"]
