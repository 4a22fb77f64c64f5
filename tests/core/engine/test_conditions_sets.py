"""Set operators on multivalued keys, and how clauses combine.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
(ForAllValues: every request value must match one policy value, true when the key is missing or
empty; ForAnyValue: at least one request value must match, false when the key is missing)
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html
(the ForAllValues:StringNotLike table)
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
(operators AND-ed, keys AND-ed, values OR-ed, negated values NOR-ed)
"""
import pytest
from condition_helpers import check

from iam_studio.core.engine.conditions import compile_conditions
from iam_studio.core.engine.context import RequestContext
from iam_studio.core.policy.model import ConditionClause

TK = "aws:TagKeys"

CASES = [
    # ForAllValues
    ("ForAllValues:StringEquals", ["env", "team"], {TK: ["env"]}, True),
    ("ForAllValues:StringEquals", ["env", "team"], {TK: ["env", "team"]}, True),
    ("ForAllValues:StringEquals", ["env", "team"], {TK: ["env", "cost"]}, False),
    ("ForAllValues:StringEquals", ["env"], {}, True),                         # missing: true
    ("ForAllValues:StringEquals", ["env"], {TK: []}, True),                   # empty: true
    ("ForAllValues:StringLike", ["Created*"], {TK: ["CreatedBy", "CreatedAt"]}, True),
    # the documented ForAllValues:StringNotLike "key1*" table
    ("ForAllValues:StringNotLike", ["key1*"], {TK: ["key1:legal"]}, False),
    ("ForAllValues:StringNotLike", ["key1*"], {TK: ["key1:hr", "key1:personnel"]}, False),
    ("ForAllValues:StringNotLike", ["key1*"], {TK: ["key2:audit"]}, True),
    ("ForAllValues:StringNotLike", ["key1*"], {}, True),
    ("ForAllValues:StringNotLike", ["key1*"], {TK: ["key1:a", "key2:b"]}, False),
    # ForAnyValue
    ("ForAnyValue:StringEquals", ["env"], {TK: ["cost", "env"]}, True),
    ("ForAnyValue:StringEquals", ["env"], {TK: ["cost", "team"]}, False),
    ("ForAnyValue:StringEquals", ["env"], {}, False),                         # missing: false
    ("ForAnyValue:StringEquals", ["env"], {TK: []}, False),
    ("ForAnyValue:StringNotEquals", ["env"], {TK: ["env", "cost"]}, True),    # some value is not env
    ("ForAnyValue:StringNotEquals", ["env"], {TK: ["env"]}, False),
    ("ForAnyValue:StringNotEquals", ["env"], {}, False),
    ("ForAnyValue:StringEqualsIfExists", ["env"], {}, True),                  # IfExists: missing is true
    ("ForAnyValue:StringLike", ["c*"], {TK: ["a", "cost"]}, True),
    # no set operator on several request values: a positive operator needs one value to
    # match, a negated one needs none to
    ("StringEquals", ["env"], {TK: ["cost", "env"]}, True),
    ("StringNotEquals", ["env"], {TK: ["cost", "env"]}, False),
    ("StringNotEquals", ["env"], {TK: ["cost", "team"]}, True),
]


@pytest.mark.parametrize("operator,values,context,expected", CASES)
def test_set_operators(operator, values, context, expected):
    assert check(operator, TK, values, context) is expected


def test_other_families_with_set_operators():
    assert check("ForAnyValue:IpAddress", "k", ["10.0.0.0/8"], {"k": ["192.168.0.1", "10.2.3.4"]})
    assert not check("ForAllValues:IpAddress", "k", ["10.0.0.0/8"], {"k": ["192.168.0.1", "10.2.3.4"]})
    assert check("ForAllValues:ArnLike", "aws:PrincipalServiceNamesList", ["arn:aws:s3:::*"],
                 {"aws:PrincipalServiceNamesList": ["arn:aws:s3:::a", "arn:aws:s3:::b"]})
    assert check("ForAnyValue:NumericGreaterThan", "k", ["5"], {"k": ["1", "7"]})


def block(*clauses):
    return compile_conditions([ConditionClause(op, key, tuple(values)) for op, key, values in clauses],
                              variables_enabled=True)


def test_block_ands_operators_and_keys():
    conditions = block(("StringEquals", "aws:PrincipalTag/team", ["blue"]),
                       ("IpAddress", "aws:SourceIp", ["10.0.0.0/8"]),
                       ("StringEquals", "aws:RequestedRegion", ["us-east-1", "eu-west-1"]))
    good = RequestContext([("aws:PrincipalTag/team", "blue"), ("aws:SourceIp", "10.0.0.1"),
                           ("aws:RequestedRegion", "eu-west-1")])
    assert conditions.test(good)
    assert all(e.matched for e in conditions.explain(good))
    bad = good.copy()
    bad.set("aws:SourceIp", "203.0.113.7")
    assert not conditions.test(bad)
    assert [e.matched for e in conditions.explain(bad)] == [True, False, True]
    assert not conditions.empty


def test_empty_block_always_matches():
    conditions = block()
    assert conditions.empty and conditions.test(RequestContext()) and conditions.explain(RequestContext()) == []


def test_explain_names_the_deciding_value():
    def reason(operator, values, request_values):
        condition = compile_conditions([ConditionClause(operator, TK, tuple(values))], variables_enabled=True)
        return condition.explain(RequestContext([(TK, request_values)]))[0].reason

    assert reason("ForAnyValue:StringNotEquals", ["env"], ["env", "cost"]) == \
        "aws:TagKeys cost does not equal `env`, so ForAnyValue:StringNotEquals matches"
    assert reason("ForAllValues:StringEquals", ["env"], ["env", "cost"]) == \
        "aws:TagKeys cost does not equal `env`, so ForAllValues:StringEquals does not match"
    assert reason("ForAllValues:StringLike", ["e*", "c*"], ["env", "cost"]) == \
        "every value of aws:TagKeys (env, cost) is like one of `e*`, `c*`, so ForAllValues:StringLike matches"
