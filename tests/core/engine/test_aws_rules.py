"""The rules AWS applies beyond the policy documents (core/engine/aws_rules.py): which requests they
refuse, and that the explained trace says which rule decided, citing its page; and the root user's
exemption from its own bucket policy, told in the trace and in plain words. The outcomes of every
rule are checked against the documentation by tests/cases/rules/."""
from __future__ import annotations

from pathlib import Path

import pytest

from iam_studio.core.engine.aws_rules import ROOT_BUCKET_POLICY, RULES, refusing_rule, root_exemption, rules_for_action
from iam_studio.core.engine.engine import Engine
from iam_studio.core.engine.plain import plain_sentences
from iam_studio.core.engine.result import Decision, Outcome, Stage
from iam_studio.core.scenario.load import load_scenario
from iam_studio.core.scenario.model import RequestSpec
from iam_studio.core.scenario.principal import resolve_principal

ROOT = Path(__file__).resolve().parents[3]
RESERVED = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef"
SSO_SLR = "arn:aws:iam::111122223333:role/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO"


def refused(action: str, resource: str, caller: str | None = None):
    rule = refusing_rule(rules_for_action(action), action, resource, caller)
    return rule.id if rule else None


@pytest.mark.parametrize("action,resource,expected", [
    ("iam:CreatePolicyVersion", "arn:aws:iam::aws:policy/ReadOnlyAccess", "aws-managed-policy"),
    ("IAM:createpolicyversion", "arn:aws:iam::aws:policy/ReadOnlyAccess", "aws-managed-policy"),  # names fold
    ("iam:GetPolicy", "arn:aws:iam::aws:policy/ReadOnlyAccess", None),
    ("iam:CreatePolicyVersion", "arn:aws:iam::111122223333:policy/Mine", None),
    ("iam:DeleteRole", RESERVED, "reserved-role"),
    ("iam:GetRole", RESERVED, None),
    ("iam:PutRolePermissionsBoundary",
     "arn:aws:iam::111122223333:role/aws-service-role/elasticloadbalancing.amazonaws.com/X", "service-linked-role"),
    ("iam:UpdateRoleDescription",
     "arn:aws:iam::111122223333:role/aws-service-role/elasticloadbalancing.amazonaws.com/X", None),
    ("kms:DeleteAlias", "arn:aws:kms:us-east-1:111122223333:alias/aws/s3", "aws-managed-key-alias"),
    ("kms:DeleteAlias", "arn:aws:kms:us-east-1:111122223333:alias/awsome", None),
    ("kms:DeleteAlias", "*", None),
])
def test_which_requests_a_rule_refuses(action, resource, expected):
    assert refused(action, resource) == expected


def test_identity_center_changes_its_own_roles():
    assert refused("iam:AttachRolePolicy", RESERVED, SSO_SLR) is None
    other_slr = "arn:aws:iam::111122223333:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"
    assert refused("iam:AttachRolePolicy", RESERVED, other_slr) == "reserved-role"


def test_every_rule_cites_an_aws_page():
    for rule in RULES:
        assert rule.source.startswith("https://docs.aws.amazon.com/"), rule.id
        assert rule.actions and all(a == a.lower() for a in rule.actions)


def test_the_explained_trace_names_the_rule_that_decided():
    scenario, _ = load_scenario(ROOT / "tests/cases/rules/aws-managed-policies.yaml")
    spec = RequestSpec("x", "root", "iam:DeletePolicy", "arn:aws:iam::aws:policy/ReadOnlyAccess")
    fast = Engine(scenario).evaluate(spec)
    full = Engine(scenario).evaluate(spec, explain=True)
    assert fast.decision is full.decision is Decision.IMPLICIT_DENY
    assert fast.stages == full.stages and Stage.AWS_RULE in full.stages
    steps = [s for s in full.trace if s.stage is Stage.AWS_RULE]
    assert len(steps) == 1 and steps[0].outcome is Outcome.FAIL
    assert steps[0].details["rule"] == "aws-managed-policy"
    assert "AWS managed policies cannot be changed" in steps[0].message
    assert "access_policies_managed-vs-inline.html" in steps[0].message
    assert full.reason.startswith("AWS managed policies cannot be changed")


def test_passrole_does_not_see_the_role_tags():
    scenario, _ = load_scenario(ROOT / "tests/cases/rules/passrole-tags.yaml")
    engine = Engine(scenario)
    role = "arn:aws:iam::111122223333:role/web-app"
    passing = engine.evaluate(RequestSpec("p", "user/by-tag", "iam:PassRole", role), explain=True)
    reading = engine.evaluate(RequestSpec("g", "user/by-tag", "iam:GetRole", role), explain=True)
    assert "aws:resourcetag/team" not in {k.lower() for k in passing.context}
    assert reading.context.get("aws:ResourceTag/team") == ["web"]


@pytest.mark.parametrize("action,exempt", [
    ("s3:GetBucketPolicy", True), ("S3:putbucketpolicy", True), ("s3:DeleteBucketPolicy", True),
    ("s3:DeleteBucket", False), ("s3:PutBucketAcl", False), ("s3:GetBucketPolicyStatus", False),
])
def test_which_actions_the_root_user_may_do_whatever_its_bucket_policy_says(action, exempt):
    assert (root_exemption(action) is ROOT_BUCKET_POLICY) is exempt


@pytest.mark.parametrize("caller,resource,owner,covered", [
    ("root", "arn:aws:s3:::photos", "111122223333", True),
    ("root", "arn:aws:s3:::photos/a.jpg", "111122223333", False),          # an object, not the bucket
    ("root", "arn:aws:s3:::photos", "444455556666", False),                # another account's bucket
    ("user/admin", "arn:aws:s3:::photos", "111122223333", False),          # not the root user
    ("root", "arn:aws:sqs:us-east-1:111122223333:q", "111122223333", False),
])
def test_the_exemption_covers_the_root_user_of_the_buckets_own_account_on_the_bucket(caller, resource, owner,
                                                                                      covered):
    scenario, _ = load_scenario(ROOT / "tests/cases/rules/root-bucket-policy.yaml")
    principal = resolve_principal(scenario, caller, None)
    assert ROOT_BUCKET_POLICY.covers(principal, "s3:PutBucketPolicy", resource, owner) is covered


@pytest.mark.parametrize("caller_account,owner,refused_it", [
    ("111122223333", "111122223333", False), ("444455556666", "111122223333", True), (None, "111122223333", True),
])
def test_only_the_bucket_owners_account_may_read_or_change_its_policy(caller_account, owner, refused_it):
    rule = refusing_rule(rules_for_action("s3:DeleteBucketPolicy"), "s3:DeleteBucketPolicy", "arn:aws:s3:::photos",
                         None, caller_account, owner)
    assert (rule is not None and rule.id == "bucket-policy-other-account") is refused_it
    assert refusing_rule(rules_for_action("s3:GetObject"), "s3:GetObject", "arn:aws:s3:::photos/a", None,
                         caller_account, owner) is None


def test_the_trace_and_the_plain_words_say_the_bucket_policy_does_not_count():
    scenario, _ = load_scenario(ROOT / "tests/cases/rules/root-bucket-policy.yaml")
    spec = RequestSpec("x", "root", "s3:PutBucketPolicy", "arn:aws:s3:::locked")
    fast = Engine(scenario).evaluate(spec)
    full = Engine(scenario).evaluate(spec, explain=True)
    assert fast.decision is full.decision is Decision.ALLOWED and fast.reason == full.reason
    assert full.reason.startswith("the root user of the bucket's own account can always manage its bucket policy")
    assert Stage.RESOURCE not in full.stages                   # the bucket policy is set aside, not walked
    steps = [s for s in full.trace if s.details.get("exemption") == "root-bucket-policy"]
    assert len(steps) == 1 and steps[0].stage is Stage.CONTEXT and "API_DeleteBucketPolicy" in steps[0].message
    told = [s.text for s in plain_sentences(full, scenario)]
    assert any(t.startswith("The bucket policy does not count here") and "lock itself out" in t for t in told)
    # Every other action on the bucket: the bucket policy decides, and no such step is told.
    other = Engine(scenario).evaluate(RequestSpec("y", "root", "s3:PutBucketAcl", "arn:aws:s3:::locked"),
                                      explain=True)
    assert other.decision is Decision.EXPLICIT_DENY
    assert not any("exemption" in s.details for s in other.trace)
