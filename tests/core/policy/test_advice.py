"""Warnings like IAM Access Analyzer's policy checks
(https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)."""
import json

import pytest

from iam_studio.core.policy.model import PolicyType as T
from iam_studio.core.policy.parse import parse_policy_text


def warnings(statement, t=T.IDENTITY):
    text = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    found = parse_policy_text(text, t, "p")[1]
    assert all(not d.is_error for d in found), [d.format() for d in found]
    return {d.code: d for d in found}


@pytest.mark.parametrize("statement, code, hint", [
    ({"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}, "policy.unknown-action", "s3:GetObject"),
    ({"Effect": "Allow", "Action": "dynamodbb:GetItem", "Resource": "*"}, "policy.unknown-service", "dynamodb"),
    ({"Effect": "Allow", "Action": "s3:Gxt*", "Resource": "*"}, "policy.action-matches-nothing", None),
    ({"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "arn:aws:s3:::b"},
     "policy.resource-only-star", None),
    ({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:iam::123456789012:user/a"},
     "policy.resource-type-mismatch", "object"),
    ({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
      "Condition": {"IpAddress": {"aws:SourceIpp": "10.0.0.0/8"}}}, "policy.unknown-condition-key", "aws:SourceIp"),
    ({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
      "Condition": {"ForAllValues:StringEquals": {"aws:SourceVpc": "vpc-1"}}},
     "policy.set-operator-single-valued", "StringEquals"),
])
def test_advice(statement, code, hint):
    found = warnings(statement)
    assert code in found, list(found)
    assert not found[code].is_error
    if hint:
        assert hint in found[code].help


def test_rcp_on_a_service_rcps_do_not_cover():
    """RCPs apply to a list of services (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html)."""
    found = warnings({"Effect": "Deny", "Principal": "*", "Action": "iam:CreateUser", "Resource": "*"}, T.RCP)
    assert "policy.rcp-unsupported-service" in found


def test_a_correct_statement_draws_no_advice():
    assert warnings({"Effect": "Allow", "Action": ["s3:GetObject", "s3:List*"], "Resource": "arn:aws:s3:::b/*",
                     "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": "team"},
                                   "StringEquals": {"aws:PrincipalTag/team": "blue"}}}) == {}


def test_advice_can_be_left_out():
    text = json.dumps({"Version": "2012-10-17",
                       "Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}]})
    assert parse_policy_text(text, T.IDENTITY, "p", advice=False)[1] == []
