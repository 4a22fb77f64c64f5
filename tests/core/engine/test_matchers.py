"""Action and Resource element matchers.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
(actions are case-insensitive, `*` and `?` wildcards, `*` alone for every action)
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
"""
import pytest

from iam_studio.core.diagnostics import Span
from iam_studio.core.engine.context import RequestContext
from iam_studio.core.engine.matchers import ActionMatcher, ResourceMatcher, service_prefixes

ACTIONS = [
    (("*",), "ec2:RunInstances", True),
    (("s3:GetObject",), "s3:getobject", True),
    (("S3:GETOBJECT",), "s3:GetObject", True),
    (("s3:GetObject",), "s3:GetObjectAcl", False),
    (("s3:Get*",), "s3:GetBucketPolicy", True),
    (("s3:Get*",), "s3control:GetJob", False),
    (("s3:*",), "s3:PutObject", True),
    (("s3:*",), "sqs:SendMessage", False),
    (("iam:*AccessKey*",), "iam:UpdateAccessKey", True),
    (("ec2:*Instances",), "ec2:DescribeInstances", True),
    (("ec2:Describe?nstances",), "ec2:DescribeInstances", True),
    (("sqs:SendMessage", "sqs:ReceiveMessage"), "sqs:ReceiveMessage", True),
    (("sqs:SendMessage", "sqs:ReceiveMessage"), "sqs:DeleteMessage", False),
    ((), "s3:GetObject", False),
]


@pytest.mark.parametrize("values,action,expected", ACTIONS)
def test_action_matcher(values, action, expected):
    matcher = ActionMatcher(values)
    assert matcher.match(action) is expected
    assert matcher.explain(action).matched is expected


def test_action_explain_reasons():
    matcher = ActionMatcher(("s3:Get*",))
    assert matcher.explain("s3:GetObject").reason == "s3:GetObject matches `s3:Get*`"
    assert matcher.explain("s3:PutObject").reason == "s3:PutObject matches none of `s3:Get*`"   # the patterns compared
    not_action = matcher.explain("s3:PutObject", element="NotAction")
    assert not_action.element == "NotAction" and not_action.matched
    assert not matcher.explain("s3:GetObject", element="NotAction").matched
    span = Span(3, 5, 3, 15)
    assert matcher.explain("s3:GetObject", span=span).span == span


@pytest.mark.parametrize("values,negated,expected", [
    (("s3:GetObject", "S3:Put*", "iam:*"), False, {"s3", "iam"}),
    (("*",), False, None),
    (("s?:Get*",), False, None),
    (("*:GetObject",), False, None),
    (("s3*",), False, None),
    (("s3:*",), True, None),                 # NotAction can match any other service
    (("nonsense",), False, set()),           # no colon, no wildcard: matches nothing
])
def test_service_prefixes(values, negated, expected):
    assert service_prefixes(values, negated=negated) == expected


def test_service_prefixes_agree_with_matching():
    values = ("s3:Get*", "iam:ListUsers")
    prefixes = service_prefixes(values)
    matcher = ActionMatcher(values)
    for action in ("s3:GetObject", "iam:ListUsers", "ec2:RunInstances", "sqs:GetQueueUrl"):
        if matcher.match(action):
            assert action.split(":")[0].lower() in prefixes


CTX = RequestContext([("aws:username", "alice"), ("aws:PrincipalTag/team", "blue")])

RESOURCES = [
    (("*",), True, "arn:aws:s3:::x", True),
    (("arn:aws:s3:::bucket/*",), True, "arn:aws:s3:::bucket/a/b", True),
    (("arn:aws:s3:::bucket/*",), True, "arn:aws:s3:::other/a", False),
    (("arn:aws:s3:::a", "arn:aws:s3:::b"), True, "arn:aws:s3:::b", True),
    (("arn:aws:s3:::bucket/${aws:username}/*",), True, "arn:aws:s3:::bucket/alice/x", True),
    (("arn:aws:s3:::bucket/${aws:username}/*",), True, "arn:aws:s3:::bucket/bob/x", False),
    (("arn:aws:s3:::bucket/${aws:PrincipalTag/team}",), True, "arn:aws:s3:::bucket/blue", True),
    # a variable without value: the pattern matches nothing
    (("arn:aws:s3:::bucket/${aws:PrincipalTag/dept}",), True, "arn:aws:s3:::bucket/", False),
    (("arn:aws:s3:::bucket/${aws:PrincipalTag/dept, 'none'}",), True, "arn:aws:s3:::bucket/none", True),
    # Version 2008-10-17: the variable is literal text
    (("arn:aws:s3:::bucket/${aws:username}",), False, "arn:aws:s3:::bucket/alice", False),
    (("arn:aws:s3:::bucket/${aws:username}",), False, "arn:aws:s3:::bucket/${aws:username}", True),
    # special characters stand for literal characters
    (("arn:aws:s3:::bucket/${*}",), True, "arn:aws:s3:::bucket/*", True),
    (("arn:aws:s3:::bucket/${*}",), True, "arn:aws:s3:::bucket/x", False),
    # the user name in a Resource is case sensitive
    (("arn:aws:iam::111122223333:user/${aws:username}",), True, "arn:aws:iam::111122223333:user/Alice", False),
]


@pytest.mark.parametrize("values,variables,arn,expected", RESOURCES)
def test_resource_matcher(values, variables, arn, expected):
    matcher = ResourceMatcher(values, variables)
    assert matcher.match(arn, CTX) is expected
    assert matcher.explain(arn, CTX).matched is expected


def test_substituted_value_is_literal_in_resource():
    ctx = RequestContext([("aws:PrincipalTag/p", "*")])
    matcher = ResourceMatcher(("arn:aws:s3:::b/${aws:PrincipalTag/p}",), True)
    assert not matcher.match("arn:aws:s3:::b/anything", ctx)
    assert matcher.match("arn:aws:s3:::b/*", ctx)


def test_uses_variables_flag_and_explain():
    assert ResourceMatcher(("arn:aws:s3:::b/${aws:username}",), True).uses_variables
    assert not ResourceMatcher(("arn:aws:s3:::b/${aws:username}",), False).uses_variables
    assert not ResourceMatcher(("arn:aws:s3:::b/*",), True).uses_variables
    matcher = ResourceMatcher(("arn:aws:s3:::b/${aws:username}/*",), True)
    assert matcher.explain("arn:aws:s3:::b/alice/k", CTX).reason == \
        "arn:aws:s3:::b/alice/k matches `arn:aws:s3:::b/${aws:username}/*` (here `arn:aws:s3:::b/alice/*`)"
    missing = ResourceMatcher(("arn:aws:s3:::b/${aws:PrincipalTag/x}",), True).explain("arn:aws:s3:::b/", CTX)
    assert not missing.matched and "has no value in this request" in missing.reason
    not_resource = ResourceMatcher(("arn:aws:s3:::b/*",), True).explain("arn:aws:s3:::c", CTX, element="NotResource")
    assert not_resource.matched and not_resource.element == "NotResource"


def test_explain_shows_what_a_variable_pattern_became():
    """A learner sees why `${aws:username}` did not match: the pattern as substituted for this caller.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html"""
    from iam_studio.core.engine.context import RequestContext
    from iam_studio.core.engine.matchers import ResourceMatcher

    matcher = ResourceMatcher(("arn:aws:s3:::team/home/${aws:username}/*",), True)
    ctx = RequestContext([("aws:username", "maria")])
    miss = matcher.explain("arn:aws:s3:::team/home/li/a.txt", ctx)
    assert not miss.matched
    assert "`arn:aws:s3:::team/home/maria/*` for this request" in miss.reason
    hit = matcher.explain("arn:aws:s3:::team/home/maria/a.txt", ctx)
    assert hit.matched and "(here `arn:aws:s3:::team/home/maria/*`)" in hit.reason
