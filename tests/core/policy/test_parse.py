"""parse_policy: the Policy model it builds (normalisation, spans) and that it never raises.

Element reference: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
"""
import json

from iam_studio.core.located import from_plain
from iam_studio.core.policy.model import PolicyType
from iam_studio.core.policy.parse import parse_policy, parse_policy_text

IDENTITY = PolicyType.IDENTITY


def doc(*statements, version="2012-10-17"):
    d = {"Statement": list(statements)}
    if version:
        d = {"Version": version, **d}
    return json.dumps(d, indent=2)


def test_single_statement_object_and_single_strings_are_normalised():
    # "Statement" may be one object; Action/Resource may be one string
    # (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html).
    text = '{"Version": "2012-10-17", "Statement": {"Sid": "S1", "Effect": "Allow", ' \
           '"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}}'
    policy, diagnostics = parse_policy_text(text, IDENTITY, "p", file="f.json")
    assert diagnostics == []
    (s,) = policy.statements
    assert (s.index, s.sid, s.effect) == (0, "S1", "Allow")
    assert s.action.values == ("s3:GetObject",)
    assert s.resource.values == ("arn:aws:s3:::b/*",)
    assert policy.version == "2012-10-17" and policy.file == "f.json" and policy.source is not None


def test_spans_of_statement_element_and_values():
    text = doc({"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"})
    policy, _ = parse_policy_text(text, IDENTITY, "p")
    s = policy.statements[0]
    assert text[s.span.offset:s.span.end_offset].startswith("{") and text[s.span.offset:s.span.end_offset].endswith("}")
    assert text[s.action.span.offset:s.action.span.end_offset].startswith('"Action"')
    assert text[s.action.span.offset:s.action.span.end_offset].endswith("]")
    assert [text[v.offset:v.end_offset] for v in s.action.value_spans] == ['"s3:GetObject"', '"s3:PutObject"']
    assert text[s.effect_span.offset:s.effect_span.end_offset] == '"Allow"'


def test_condition_values_become_the_strings_aws_compares():
    # Booleans and numbers are compared as strings
    # (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
    text = doc({"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {
        "Bool": {"aws:SecureTransport": False},
        "NumericLessThan": {"s3:max-keys": "NUMBER"},
        "StringEquals": {"aws:PrincipalTag/team": ["a", "b"]}}}).replace('"NUMBER"', "10.50")
    policy, diagnostics = parse_policy_text(text, IDENTITY, "p")
    assert [d for d in diagnostics if d.is_error] == []
    clauses = {c.operator: c for c in policy.statements[0].conditions}
    assert clauses["Bool"].values == ("false",)
    assert clauses["NumericLessThan"].values == ("10.50",)
    assert clauses["StringEquals"].values == ("a", "b")
    assert clauses["StringEquals"].key == "aws:PrincipalTag/team"


def test_principal_star_and_account_ids_as_written():
    text = doc({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"},
               {"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "s3:GetObject", "Resource": "*"})
    policy, diagnostics = parse_policy_text(text, PolicyType.RESOURCE, "p")
    assert [d for d in diagnostics if d.is_error] == []
    star, account = policy.statements
    assert star.principal.wildcard and star.principal.values("*") == ("*",)
    assert not account.principal.wildcard and account.principal.values("AWS") == ("123456789012",)


def test_a_plain_tree_without_positions_parses_too():
    tree = from_plain({"Version": "2012-10-17",
                       "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                      "Principal": {"Service": "ec2.amazonaws.com"}}]})
    policy, diagnostics = parse_policy(tree, PolicyType.TRUST, "trust")
    assert diagnostics == []
    assert policy.statements[0].principal.values("Service") == ("ec2.amazonaws.com",)


def test_statements_that_cannot_be_read_are_left_out_but_others_stay():
    text = doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, "oops",
               {"Action": "s3:GetObject", "Resource": "*"})
    policy, diagnostics = parse_policy_text(text, IDENTITY, "p")
    assert [s.index for s in policy.statements] == [0]
    assert {"policy.bad-statement", "policy.missing-effect"} <= {d.code for d in diagnostics}


def test_invalid_json_still_returns_a_policy():
    policy, diagnostics = parse_policy_text("{", IDENTITY, "p")
    assert policy.statements == () and any(d.is_error for d in diagnostics)
    policy, diagnostics = parse_policy_text("", IDENTITY, "p")
    assert policy.name == "p" and diagnostics[0].code == "json.empty"


def test_diagnostics_carry_the_file_and_come_in_source_order():
    text = doc({"Effect": "allow", "Action": "s3", "Resource": "bucket"})
    _, diagnostics = parse_policy_text(text, IDENTITY, "p", file="x.json")
    assert all(d.file == "x.json" for d in diagnostics)
    offsets = [d.span.offset for d in diagnostics if d.span]
    assert offsets == sorted(offsets)
