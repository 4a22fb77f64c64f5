"""The one operator registry: the grammar, the engine and the editor's completion agree on every name.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
IAM refuses a mis-cased operator when a policy is saved ("Invalid Condition type : stringEquals").
"""
from __future__ import annotations

import pytest

from iam_studio.core.engine.conditions import parse_operator
from iam_studio.core.policy.model import PolicyType
from iam_studio.core.policy.operators import BASE_OPERATORS, Family, operator_names, split_operator
from iam_studio.core.policy.parse import parse_policy_text


def test_every_offered_operator_is_one_the_grammar_and_the_engine_read():
    for name in operator_names():
        assert split_operator(name) is not None, name
        engine = parse_operator(name)
        assert engine is not None and (engine.comparison is not None) == (engine.base != "Null"), name


def test_every_base_operator_is_offered():
    assert set(BASE_OPERATORS) <= set(operator_names())


@pytest.mark.parametrize("written", ["stringequals", "stringEquals", "StringEqualsIfexists", "forallvalues:StringLike",
                                     "ForAllValues:Null", "NullIfExists"])
def test_mis_cased_or_impossible_operators_are_refused_by_grammar_and_engine(written):
    assert split_operator(written) is None
    assert parse_operator(written) is None
    text = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", '
            f'"Condition": {{"{written}": {{"aws:username": "alice"}}}}}}]}}')
    _, diagnostics = parse_policy_text(text, PolicyType.IDENTITY, "p")
    assert any(d.is_error and d.code.startswith("policy.") for d in diagnostics)


def test_negated_forms_point_at_their_positive_form():
    for info in BASE_OPERATORS.values():
        assert BASE_OPERATORS[info.positive].negated is False
        assert info.negated == (info.name != info.positive)
    assert BASE_OPERATORS["NotIpAddress"].family is Family.IP
