"""Property tests: the JSON reader and the policy reader never raise, and invalid input always
yields at least one error diagnostic.

Policy grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
"""
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iam_studio.core.jsonsource import parse_json
from iam_studio.core.located import LEntry, LMap, LScalar, LSeq
from iam_studio.core.policy.model import PolicyType
from iam_studio.core.policy.parse import parse_policy, parse_policy_text

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

JSON_ALPHABET = st.sampled_from(list('{}[]:,"\\ \n\tabcAE0189-+.eétrufalsn/*$') + ["\u20ac", "\ud83d"])
ELEMENT_WORDS = ["Version", "Statement", "Effect", "Allow", "Deny", "Action", "Resource", "Principal",
                 "NotPrincipal", "Condition", "StringEquals", "s3:GetObject", "*", "arn:aws:s3:::b", "2012-10-17"]

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=8), st.sampled_from(ELEMENT_WORDS))
trees = st.recursive(
    scalars.map(LScalar),
    lambda children: st.one_of(
        st.lists(children, max_size=4).map(LSeq),
        st.lists(st.tuples(st.sampled_from(ELEMENT_WORDS) | st.text(max_size=6), children), max_size=5)
        .map(lambda pairs: LMap([LEntry(k, None, v) for k, v in pairs]))),
    max_leaves=20)


def _valid_json(text: str) -> bool:
    try:
        json.loads(text)
        return True
    except ValueError:
        return False


@FAST
@given(st.text(JSON_ALPHABET, max_size=60))
def test_parse_json_never_raises_and_reports_invalid_text(text):
    node, diagnostics = parse_json(text)
    if not _valid_json(text) and text.strip():
        assert any(d.is_error for d in diagnostics), text
    for d in diagnostics:
        assert d.span is not None and d.span.line >= 1 and d.span.column >= 1
        assert 0 <= d.span.offset <= len(text)


@FAST
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=4), c, max_size=3),
                    max_leaves=12))
def test_valid_json_reads_back_to_the_same_value(value):
    text = json.dumps(value, ensure_ascii=False, indent=1)
    node, diagnostics = parse_json(text)
    assert diagnostics == [] and node.to_plain() == value


@FAST
@given(trees, st.sampled_from(list(PolicyType)))
def test_parse_policy_never_raises_on_any_tree(tree, policy_type):
    policy, diagnostics = parse_policy(tree, policy_type, "p")
    assert policy.name == "p"
    assert not any(d.code == "policy.internal" for d in diagnostics)
    if not isinstance(tree, LMap) or tree.get("Statement") is None:
        assert any(d.is_error for d in diagnostics)


@FAST
@given(st.text(JSON_ALPHABET, max_size=80), st.sampled_from(list(PolicyType)))
def test_parse_policy_text_never_raises(text, policy_type):
    policy, diagnostics = parse_policy_text(text, policy_type, "p", size_limit=50)
    assert not any(d.code == "policy.internal" for d in diagnostics)
    if policy.statements == ():
        assert diagnostics
