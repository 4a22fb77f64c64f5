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

from iam_studio.core.engine.compiled import AttachedPolicy, CompiledPolicy, PolicySet
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
    expected = [i for i in range(len(document))
                if compiled.statement(i).explain(None, action, "arn:aws:s3:::b", RequestContext())[2][0].matched]
    assert [cs.index for cs in compiled.covering(action)] == expected
    denies, allows = PolicySet((AttachedPolicy(compiled, None),)).candidates(action)
    assert [index for *_, index in denies] == [i for i in expected if document[i]["Effect"] == "Deny"]
    assert [index for *_, index in allows] == [i for i in expected if document[i]["Effect"] == "Allow"]


conditions = st.dictionaries(
    st.sampled_from(["StringEquals", "StringNotLike", "ForAnyValue:StringLike", "Bool", "NumericLessThan",
                     "DateNotEquals", "IpAddress", "Null", "StringEqualsIfExists"]),
    st.dictionaries(st.sampled_from(["aws:username", "aws:TagKeys", "s3:max-keys", "aws:CurrentTime",
                                     "aws:SourceIp", "aws:SecureTransport"]),
                    st.lists(st.sampled_from(["alice", "a*", "true", "10", "2030-01-01", "10.0.0.0/8",
                                              "${aws:username}", "253402300800"]), min_size=1, max_size=2),
                    min_size=1, max_size=2),
    max_size=2)
contexts = st.dictionaries(
    st.sampled_from(["aws:username", "aws:TagKeys", "s3:max-keys", "aws:CurrentTime", "aws:SourceIp",
                     "aws:SecureTransport"]),
    st.lists(st.sampled_from(["alice", "ab", "true", "7", "2030-01-01", "10.1.2.3", "253402300800"]),
             min_size=1, max_size=2),
    max_size=4)
resources = st.lists(st.one_of(arn_patterns(), st.just("*"), st.just("arn:aws:s3:::${aws:username}/*")),
                     min_size=1, max_size=3)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["Resource", "NotResource"]), resources, conditions, contexts, arns(),
       st.sampled_from(["2012-10-17", "2008-10-17"]))
def test_the_fast_tests_agree_with_the_element_by_element_explanation(element, patterns, condition, context,
                                                                       arn, version):
    """`CompiledStatement.matches` (the fast path's on_arn / on_context / on_both tests, shared by content)
    is true exactly when every Resource/NotResource and Condition element of `explain` matched."""
    statement = {"Effect": "Allow", "Action": "s3:GetObject", element: patterns}
    if condition:
        statement["Condition"] = condition
    policy, _ = parse_policy(from_plain({"Version": version, "Statement": [statement, dict(statement)]}),
                             PolicyType.IDENTITY, "P")
    compiled = CompiledPolicy(policy)
    ctx = RequestContext(context.items())
    first, second = compiled.statement(0).prepare(), compiled.statement(1).prepare()
    _, _, elements = first.explain(None, "s3:GetObject", arn, ctx)
    expected = all(e.matched for e in elements if e.element != "Action")
    assert first.matches(arn, ctx) is expected
    assert second.matches(arn, ctx) is expected          # the same content: the same shared tests
    assert (first.on_arn, first.on_context, first.on_both) == (second.on_arn, second.on_context, second.on_both)
