"""The fast path's compiled matchers agree with the element-by-element ones.

The fast path tests a statement's Resource in one step (several patterns: a set of exact ARNs, a
tuple of prefixes, then the other patterns) and finds candidate statements through a per-service,
per-action index; the explained path and `ResourceMatcher.match` test each pattern on its own.
Rules as in https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
(a `*` stays within a segment unless it ends one; in the resource part it matches anything) and
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html.
"""
from hypothesis import given, settings
from hypothesis import strategies as st

from iam_studio.core.engine.compiled import CompiledPolicy
from iam_studio.core.engine.context import RequestContext
from iam_studio.core.engine.matchers import ResourceMatcher
from iam_studio.core.located import from_plain
from iam_studio.core.policy.model import PolicyType
from iam_studio.core.policy.parse import parse_policy

piece = st.text(st.sampled_from("ab:/*?"), max_size=5)
arn_piece = st.text(st.sampled_from("ab:/"), max_size=5)


@st.composite
def arn_patterns(draw):
    head = draw(st.sampled_from(["arn:aws:s3:::", "arn:aws:iam::111122223333:", "arn:*:s3:*:*:", "arn:aws:*"]))
    return head + draw(piece)


@st.composite
def arns(draw):
    head = draw(st.sampled_from(["arn:aws:s3:::", "arn:aws:iam::111122223333:", "arn:aws:s3:eu:1:", "arn:aws:"]))
    return head + draw(arn_piece)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(arn_patterns(), st.just("*"), st.just("${*}")), min_size=1, max_size=4), arns())
def test_one_regular_expression_matches_as_the_patterns_do(patterns, arn):
    matcher = ResourceMatcher(tuple(patterns), variables_enabled=True)
    kind, value = matcher.arn_form()
    fast = {"any": lambda: True, "exact": lambda: arn == value, "prefix": lambda: arn.startswith(value),
            "regex": lambda: value.fullmatch(arn) is not None, "test": lambda: value(arn)}[kind]()
    assert fast == matcher.match(arn, RequestContext()) == any(
        ResourceMatcher((p,), variables_enabled=True).match(arn, RequestContext()) for p in patterns)


action_names = st.sampled_from(["s3:GetObject", "s3:PutObject", "s3:ListBucket", "ec2:RunInstances",
                                "iam:PassRole", "sqs:SendMessage"])
action_patterns = st.one_of(action_names, st.sampled_from(["s3:*", "s3:Get*", "*", "ec2:*Instances",
                                                           "S3:GETOBJECT", "iam:Pass?ole", "*:Get*"]))


@st.composite
def statements(draw):
    statement = {"Effect": draw(st.sampled_from(["Allow", "Deny"])), "Resource": "*"}
    key = draw(st.sampled_from(["Action", "NotAction"]))
    statement[key] = draw(st.lists(action_patterns, min_size=1, max_size=3))
    return statement


@settings(max_examples=200, deadline=None)
@given(st.lists(statements(), min_size=1, max_size=6), action_names)
def test_the_action_index_finds_exactly_the_statements_whose_action_matches(document, action):
    policy, _ = parse_policy(from_plain({"Version": "2012-10-17", "Statement": document}), PolicyType.IDENTITY, "P")
    compiled = CompiledPolicy(policy)
    denies, allows = compiled.candidates(action)
    found = sorted(index for *_, index, _ in denies + allows)
    expected = [i for i in range(len(document))
                if compiled.statement(i).explain(None, action, "arn:aws:s3:::b", RequestContext())[2][0].matched]
    assert sorted(found) == expected
    assert all(cs.allow for *_, cs in allows) and not any(cs.allow for *_, cs in denies)
