"""String condition operators.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
StringEquals / StringLike are case-sensitive, the IgnoreCase forms are not; only the Like forms
use `*` and `?`; a key missing from the request makes the condition false, except for negated
operators, which are then true. Several values are OR-ed, for a negated operator NOR-ed
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html).
"""
import pytest
from condition_helpers import check

K = "aws:PrincipalTag/team"

CASES = [
    ("StringEquals", ["blue"], {K: "blue"}, True),
    ("StringEquals", ["blue"], {K: "Blue"}, False),
    ("StringEquals", ["red", "blue"], {K: "blue"}, True),          # values OR-ed
    ("StringEquals", ["blu*"], {K: "blue"}, False),                # no wildcards in Equals
    ("StringEquals", ["blu*"], {K: "blu*"}, True),
    ("StringEquals", ["blue"], {}, False),                         # missing key
    ("StringEquals", [""], {K: ""}, True),
    ("StringNotEquals", ["blue"], {K: "red"}, True),
    ("StringNotEquals", ["blue"], {K: "blue"}, False),
    ("StringNotEquals", ["red", "blue"], {K: "blue"}, False),      # NOR
    ("StringNotEquals", ["red", "blue"], {K: "green"}, True),
    ("StringNotEquals", ["blue"], {}, True),                       # missing key: negated is true
    ("StringEqualsIgnoreCase", ["BLUE"], {K: "blue"}, True),
    ("StringEqualsIgnoreCase", ["BLUE"], {K: "red"}, False),
    ("StringEqualsIgnoreCase", ["BLUE"], {}, False),
    ("StringNotEqualsIgnoreCase", ["BLUE"], {K: "blue"}, False),
    ("StringNotEqualsIgnoreCase", ["BLUE"], {K: "green"}, True),
    ("StringNotEqualsIgnoreCase", ["BLUE"], {}, True),
    ("StringLike", ["bl*"], {K: "blue"}, True),
    ("StringLike", ["bl*"], {K: "Blue"}, False),                   # case-sensitive
    ("StringLike", ["b??e"], {K: "blue"}, True),
    ("StringLike", ["b?e"], {K: "blue"}, False),
    ("StringLike", ["red", "*ue"], {K: "blue"}, True),
    ("StringLike", ["*"], {K: ""}, True),
    ("StringLike", ["*"], {}, False),
    ("StringNotLike", ["bl*"], {K: "blue"}, False),
    ("StringNotLike", ["bl*"], {K: "red"}, True),
    ("StringNotLike", ["r*", "g*"], {K: "green"}, False),
    ("StringNotLike", ["bl*"], {}, True),
    # IfExists: a missing key makes the condition true; a present key is tested as usual
    ("StringEqualsIfExists", ["blue"], {}, True),
    ("StringEqualsIfExists", ["blue"], {K: "red"}, False),
    ("StringEqualsIfExists", ["blue"], {K: "blue"}, True),
    ("StringNotEqualsIfExists", ["blue"], {}, True),
    ("StringNotEqualsIfExists", ["blue"], {K: "blue"}, False),
    ("StringLikeIfExists", ["b*"], {K: "red"}, False),
    ("StringNotLikeIfExists", ["b*"], {K: "red"}, True),
]


@pytest.mark.parametrize("operator,values,context,expected", CASES)
def test_string_operators(operator, values, context, expected):
    assert check(operator, K, values, context) is expected


def test_context_key_names_are_case_insensitive():
    """https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html"""
    assert check("StringEquals", "AWS:PRINCIPALTAG/TEAM", "blue", {K: "blue"})


VARIABLES = [
    # Policy variables in String values are substituted from the request
    # (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html)
    ("StringLike", "s3:prefix", "home/${aws:username}/*", {"s3:prefix": "home/alice/x", "aws:username": "alice"}, True),
    ("StringLike", "s3:prefix", "home/${aws:username}/*", {"s3:prefix": "home/bob/x", "aws:username": "alice"}, False),
    ("StringEquals", "aws:ResourceTag/owner", "${aws:username}",
     {"aws:ResourceTag/owner": "alice", "aws:username": "alice"}, True),
    ("StringEquals", "aws:ResourceTag/team", "${aws:PrincipalTag/team}",
     {"aws:ResourceTag/team": "blue", "aws:PrincipalTag/team": "blue"}, True),
    # a substituted value is literal: a `*` in it is not a wildcard
    ("StringLike", "s3:prefix", "${aws:PrincipalTag/p}", {"s3:prefix": "anything", "aws:PrincipalTag/p": "*"}, False),
    ("StringLike", "s3:prefix", "${aws:PrincipalTag/p}", {"s3:prefix": "*", "aws:PrincipalTag/p": "*"}, True),
    # ${*} is a literal asterisk
    ("StringLike", "s3:prefix", "a${*}", {"s3:prefix": "a*"}, True),
    ("StringLike", "s3:prefix", "a${*}", {"s3:prefix": "ab"}, False),
    # a variable with no value matches nothing; a negated operator then matches
    ("StringEquals", "aws:ResourceTag/team", "${aws:PrincipalTag/team}", {"aws:ResourceTag/team": "blue"}, False),
    ("StringNotEquals", "aws:ResourceTag/team", "${aws:PrincipalTag/team}", {"aws:ResourceTag/team": "blue"}, True),
    ("StringEquals", "aws:ResourceTag/team", "${aws:PrincipalTag/team, 'blue'}",
     {"aws:ResourceTag/team": "blue"}, True),
]


@pytest.mark.parametrize("operator,key,value,context,expected", VARIABLES)
def test_policy_variables(operator, key, value, context, expected):
    assert check(operator, key, value, context) is expected


def test_variables_disabled_are_literal():
    """Version 2008-10-17: `${aws:username}` is compared as written."""
    ctx = {"aws:ResourceTag/owner": "${aws:username}", "aws:username": "alice"}
    assert check("StringEquals", "aws:ResourceTag/owner", "${aws:username}", ctx, variables=False)
    assert not check("StringEquals", "aws:ResourceTag/owner", "${aws:username}", ctx, variables=True)
