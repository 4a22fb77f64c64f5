"""ARN parsing and Resource / ArnLike matching.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
(wildcards within each colon-separated segment; a `*` that ends a segment can expand beyond the
colon boundaries; the user name in a Resource is case sensitive)
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html (ARN format)
"""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iam_studio.core.arn import Arn, parse_arn, valid_arn
from iam_studio.core.engine.arn import arn_matches, compile_arn_parts, compile_arn_pattern


@pytest.mark.parametrize("text,expected", [
    ("arn:aws:s3:::bucket", Arn("aws", "s3", "", "", "bucket")),
    ("arn:aws:s3:::bucket/a:b/c", Arn("aws", "s3", "", "", "bucket/a:b/c")),
    ("arn:aws:iam::123456789012:user/div/alice", Arn("aws", "iam", "", "123456789012", "user/div/alice")),
    ("arn:aws-cn:sqs:cn-north-1:123456789012:queue1", Arn("aws-cn", "sqs", "cn-north-1", "123456789012", "queue1")),
    ("arn:aws:logs:us-east-1:1:log-group:g:log-stream:s",
     Arn("aws", "logs", "us-east-1", "1", "log-group:g:log-stream:s")),
    ("*", None),
    ("arn:aws:s3::bucket", None),
    ("arn:aws:s3:::", None),
    ("urn:aws:s3:::b", None),
    ("arn::s3:::b", None),
    ("", None),
])
def test_parse_arn(text, expected):
    assert parse_arn(text) == expected


def test_arn_round_trip_and_resource_type():
    arn = parse_arn("arn:aws:iam::123456789012:user/div/alice")
    assert str(arn) == "arn:aws:iam::123456789012:user/div/alice"
    assert arn.resource_type == "user"
    assert parse_arn("arn:aws:s3:::bucket").resource_type == "bucket"


MATCHES = [
    # pattern, arn, expected
    ("*", "arn:aws:s3:::anything", True),
    ("*", "not an arn", True),
    ("arn:aws:sqs:us-east-2:111122223333:queue1", "arn:aws:sqs:us-east-2:111122223333:queue1", True),
    ("arn:aws:sqs:us-east-2:111122223333:queue1", "arn:aws:sqs:us-east-2:111122223333:queue2", False),
    # IAM user names in Resource are case sensitive
    ("arn:aws:iam::111122223333:user/Bob", "arn:aws:iam::111122223333:user/bob", False),
    ("arn:aws:iam::111122223333:user/accounting/*", "arn:aws:iam::111122223333:user/accounting/alice", True),
    ("arn:aws:iam::111122223333:user/accounting/*", "arn:aws:iam::111122223333:user/sales/alice", False),
    # * in the resource part spans slashes and colons
    ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c", True),
    ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a:b", True),
    ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", False),
    ("arn:aws:s3:::bucket*", "arn:aws:s3:::bucket-logs", True),
    ("arn:aws:s3:::bucket/*/report.csv", "arn:aws:s3:::bucket/2024/01/report.csv", True),
    # wildcards within a segment
    ("arn:aws:iam::*:user/alice", "arn:aws:iam::111122223333:user/alice", True),
    ("arn:aws:ec2:us-*-?:111122223333:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", True),
    ("arn:aws:ec2:us-*-?:111122223333:instance/*", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", False),
    ("arn:aws:ec2:us-east-?:1:instance/i", "arn:aws:ec2:us-east-10:1:instance/i", False),
    ("arn:aws:sqs:us-east-2:*:${aws:username}-queue", "arn:aws:sqs:us-east-2:1:${aws:username}-queue", True),
    # a * inside a segment does not run into the next segment
    ("arn:aws:s*3:::b", "arn:aws:s:x:3:::b", False),
    ("arn:aws:iam::1*2:user/a", "arn:aws:iam::1:x:2:user/a", False),
    ("arn:aws:iam::?:user/a", "arn:aws:iam:::user/a", False),
    # ...but a * that ends a segment expands beyond the colon boundaries
    ("arn:aws:s3:*", "arn:aws:s3:::bucket/key", True),
    ("arn:aws:iam::*", "arn:aws:iam::111122223333:user/alice", True),
    ("arn:aws:*:*:*:*", "arn:aws:s3:::bucket", True),
    ("arn:aws:*", "arn:aws-cn:s3:::bucket", False),
    # fewer segments without a trailing * do not match
    ("arn:aws:s3", "arn:aws:s3:::bucket", False),
    # ARN matching is case-sensitive throughout
    ("arn:aws:S3:::bucket", "arn:aws:s3:::bucket", False),
]


@pytest.mark.parametrize("pattern,arn,expected", MATCHES)
def test_arn_matches(pattern, arn, expected):
    assert arn_matches(pattern, arn) is expected


@pytest.mark.parametrize("pattern,kind", [
    ("*", "any"), ("arn:aws:s3:::b", "exact"), ("arn:aws:s3:::b/*", "prefix"),
    ("arn:aws:iam::*:user/a", "regex"),
])
def test_fast_paths(pattern, kind):
    assert compile_arn_pattern(pattern).kind == kind


def test_literal_parts_keep_wildcards_literal():
    """Substituted variable values are literal text (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html)."""
    pattern = compile_arn_parts((("arn:aws:s3:::b/", False), ("a*", True), ("/*", False)))
    assert pattern.match("arn:aws:s3:::b/a*/x")
    assert not pattern.match("arn:aws:s3:::b/abc/x")


segment = st.text(st.sampled_from("ab-/"), max_size=4)


@settings(max_examples=200, deadline=None)
@given(st.lists(segment, min_size=6, max_size=6))
def test_an_arn_matches_itself_and_star(parts):
    text = ":".join(["arn"] + parts[1:])
    assert arn_matches(text, text)
    assert arn_matches("*", text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20), st.text(max_size=20))
def test_never_raises(pattern, arn):
    assert isinstance(arn_matches(pattern, arn), bool)
    parse_arn(arn)


@pytest.mark.parametrize("text, ok", [
    ("arn:aws:s3:::photos", True), ("arn:aws:iam::aws:policy/ReadOnlyAccess", True),
    ("arn:aws-cn:sqs:cn-north-1:123456789012:queue1", True), ("arn:aws:s3:::", False),
    ("arn:foo:s3:::photos", False), ("arn:aws:S3:::photos", False), ("arn:aws:iam::12345:user/a", False),
])
def test_valid_arns_are_those_a_resource_can_have(text, ok):
    """https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html"""
    assert (valid_arn(text) is not None) is ok
    assert valid_arn(text) is None or str(valid_arn(text)) == text
