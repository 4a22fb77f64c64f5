"""Bool, BinaryEquals, IpAddress, ARN and Null condition operators, unknown operators.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
(#Conditions_Boolean, #Conditions_BinaryEquals, #Conditions_IPAddress, #Conditions_ARN,
#Conditions_Null, #Conditions_IfExists)
"""
import base64
import ipaddress

import pytest
from condition_helpers import check
from hypothesis import given, settings
from hypothesis import strategies as st

from iam_studio.core.engine.conditions import compile_condition, parse_operator
from iam_studio.core.engine.context import RequestContext
from iam_studio.core.policy.model import ConditionClause

MFA = "aws:MultiFactorAuthPresent"
IP = "aws:SourceIp"
SRC = "aws:SourceArn"

CASES = [
    # Bool
    ("Bool", MFA, ["true"], {MFA: "true"}, True),
    ("Bool", MFA, ["true"], {MFA: "false"}, False),
    ("Bool", MFA, ["false"], {MFA: "false"}, True),
    ("Bool", MFA, ["true"], {MFA: True}, True),                    # YAML booleans arrive as "true"
    ("Bool", MFA, ["true"], {}, False),                            # missing: false
    ("Bool", MFA, ["false"], {}, False),
    ("BoolIfExists", MFA, ["false"], {}, True),                    # missing: IfExists is true
    ("BoolIfExists", MFA, ["false"], {MFA: "true"}, False),
    ("Bool", MFA, ["yes"], {MFA: "yes"}, False),                   # not a boolean: never matches
    ("Bool", "aws:SecureTransport", ["${aws:PrincipalTag/tls}"],
     {"aws:SecureTransport": "true", "aws:PrincipalTag/tls": "true"}, True),   # variables supported
    # BinaryEquals: base64 policy value, compared byte for byte
    ("BinaryEquals", "k", [base64.b64encode(b"QmluYXJ5").decode()],
     {"k": base64.b64encode(b"QmluYXJ5").decode()}, True),
    ("BinaryEquals", "k", ["QmluYXJ5"], {"k": "QmluYXJ5"}, True),
    ("BinaryEquals", "k", ["QmluYXJ5"], {"k": "QmluYXJ6"}, False),
    ("BinaryEquals", "k", ["not base64!"], {"k": "not base64!"}, False),
    ("BinaryEquals", "k", ["QmluYXJ5"], {}, False),
    # IpAddress / NotIpAddress: CIDR ranges, IPv4 and IPv6
    ("IpAddress", IP, ["203.0.113.0/24"], {IP: "203.0.113.7"}, True),
    ("IpAddress", IP, ["203.0.113.0/24"], {IP: "203.0.114.7"}, False),
    ("IpAddress", IP, ["203.0.113.7"], {IP: "203.0.113.7"}, True),            # a single address
    ("IpAddress", IP, ["203.0.113.7/32"], {IP: "203.0.113.8"}, False),
    ("IpAddress", IP, ["10.0.0.0/8", "192.168.0.0/16"], {IP: "192.168.1.1"}, True),
    ("IpAddress", IP, ["203.0.113.5/24"], {IP: "203.0.113.200"}, True),       # host bits ignored
    ("IpAddress", IP, ["2001:DB8:1234:5678::/64"], {IP: "2001:db8:1234:5678::1"}, True),
    ("IpAddress", IP, ["2001:DB8:1234:5678::/64"], {IP: "2001:db8:1234:5679::1"}, False),
    ("IpAddress", IP, ["::/0"], {IP: "10.0.0.1"}, False),                     # versions never mix
    ("IpAddress", IP, ["0.0.0.0/0"], {IP: "2001:db8::1"}, False),
    ("IpAddress", IP, ["0.0.0.0/0"], {IP: "not-an-ip"}, False),
    ("IpAddress", IP, ["banana"], {IP: "10.0.0.1"}, False),
    ("IpAddress", IP, ["10.0.0.0/8"], {}, False),
    ("NotIpAddress", IP, ["10.0.0.0/8"], {IP: "203.0.113.7"}, True),
    ("NotIpAddress", IP, ["10.0.0.0/8"], {IP: "10.1.1.1"}, False),
    ("NotIpAddress", IP, ["10.0.0.0/8", "203.0.113.0/24"], {IP: "203.0.113.7"}, False),   # NOR
    ("NotIpAddress", IP, ["10.0.0.0/8"], {}, True),                           # negated: missing is true
    ("IpAddressIfExists", IP, ["10.0.0.0/8"], {}, True),
    # ARN operators: case-sensitive, wildcards per segment, ArnEquals == ArnLike
    ("ArnLike", SRC, ["arn:aws:s3:::bucket*"], {SRC: "arn:aws:s3:::bucket-logs"}, True),
    ("ArnEquals", SRC, ["arn:aws:s3:::bucket*"], {SRC: "arn:aws:s3:::bucket-logs"}, True),
    ("ArnLike", SRC, ["arn:aws:sns:*:111122223333:*"], {SRC: "arn:aws:sns:us-east-1:111122223333:t"}, True),
    ("ArnLike", SRC, ["arn:aws:sns:*:111122223333:*"], {SRC: "arn:aws:sns:us-east-1:444455556666:t"}, False),
    ("ArnLike", SRC, ["arn:aws:s3:::Bucket"], {SRC: "arn:aws:s3:::bucket"}, False),
    ("ArnLike", SRC, ["arn:aws:s3:::b"], {SRC: "not-an-arn"}, False),
    ("ArnLike", SRC, ["arn:aws:s3:::b"], {}, False),
    ("ArnNotLike", SRC, ["arn:aws:s3:::b*"], {SRC: "arn:aws:s3:::other"}, True),
    ("ArnNotLike", SRC, ["arn:aws:s3:::b*"], {SRC: "arn:aws:s3:::bx"}, False),
    ("ArnNotEquals", SRC, ["arn:aws:s3:::b"], {}, True),
    ("ArnLike", SRC, ["arn:aws:iam::111122223333:user/${aws:username}"],
     {SRC: "arn:aws:iam::111122223333:user/alice", "aws:username": "alice"}, True),
    ("ArnLikeIfExists", SRC, ["arn:aws:s3:::b"], {}, True),
    # each of the six parts on its own: the guide's example, where StringLike would match
    ("ArnLike", SRC, ["arn:aws:someservice:*:111122223333:finance/*"],
     {SRC: "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"}, False),
    ("StringLike", SRC, ["arn:aws:someservice:*:111122223333:finance/*"],
     {SRC: "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"}, True),
    ("ArnLike", SRC, ["arn:aws:someservice:*:111122223333:finance/*"],
     {SRC: "arn:aws:someservice:us-east-2:111122223333:finance/document.txt"}, True),
    ("ArnLike", SRC, ["arn:aws:sns:us-*:*"], {SRC: "arn:aws:sns:us-east-1:111122223333:t"}, False),  # 4 parts
    ("ArnLike", SRC, ["arn:aws:sns:*:*:*"], {SRC: "arn:aws:sns:us-east-1:111122223333:a:b"}, True),   # 6th has ":"
    ("ArnLike", SRC, ["arn:aws:sns:?s-east-1:*:t"], {SRC: "arn:aws:sns:us-east-1:1:t"}, True),
    ("ArnLike", SRC, ["arn:aws:s?s:*:*:t"], {SRC: "arn:aws:s:s:*:*:t"}, False),      # `?` never matches ":"
    ("ArnLike", SRC, ["arn:aws:*:*:*:t"], {SRC: "arn:aws:a:b:c:d:t"}, False),       # `*` never runs past ":"
    ("ArnNotLike", SRC, ["arn:aws:someservice:*:111122223333:finance/*"],
     {SRC: "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"}, True),
    ("ArnEqualsIfExists", SRC, ["arn:aws:someservice:*:111122223333:finance/*"],
     {SRC: "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"}, False),
    ("ArnNotEqualsIfExists", SRC, ["arn:aws:sns:*:111122223333:*"], {}, True),
    ("ArnLike", SRC, ["arn:aws:sns:*:111122223333:*"], {SRC: "arn:aws:sns:eu-west-1"}, False),         # not an ARN
    # Null: true means the key must be absent, false that it must be present
    ("Null", "aws:TokenIssueTime", ["true"], {}, True),
    ("Null", "aws:TokenIssueTime", ["true"], {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}, False),
    ("Null", "aws:TokenIssueTime", ["false"], {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}, True),
    ("Null", "aws:TokenIssueTime", ["false"], {}, False),
    ("Null", "aws:TokenIssueTime", ["maybe"], {}, False),
    ("Null", "aws:TagKeys", ["true"], {"aws:TagKeys": []}, True),              # an empty list is no value
]


@pytest.mark.parametrize("operator,key,values,context,expected", CASES)
def test_operators(operator, key, values, context, expected):
    assert check(operator, key, values, context) is expected


@pytest.mark.parametrize("written", ["Bogus", "StringEqualz", "ForSomeValues:StringEquals", "NullIfExists",
                                     "IfExists", "ForAnyValue:Null", ""])
def test_unknown_operators_never_match(written):
    condition = compile_condition(ConditionClause(written, "aws:username", ("alice",)), variables_enabled=True)
    ctx = RequestContext([("aws:username", "alice")])
    assert condition.test(ctx) is False
    explained = condition.explain(ctx)
    assert explained.matched is False and "is not a condition operator" in explained.reason


@pytest.mark.parametrize("written,base,qualifier,if_exists,negated", [
    ("StringEquals", "StringEquals", None, False, False),
    ("ForAnyValue:StringLikeIfExists", "StringLike", "ForAnyValue", True, False),
    ("ForAllValues:StringNotEquals", "StringNotEquals", "ForAllValues", False, True),
    ("NotIpAddressIfExists", "NotIpAddress", None, True, True),
    ("ArnNotLike", "ArnNotLike", None, False, True),
    ("Null", "Null", None, False, False),
])
def test_parse_operator(written, base, qualifier, if_exists, negated):
    op = parse_operator(written)
    assert (op.base, op.qualifier, op.if_exists, op.negated) == (base, qualifier, if_exists, negated)


def test_explain_reasons_in_plain_words():
    def reason(operator, key, values, context):
        condition = compile_condition(ConditionClause(operator, key, tuple(values)), variables_enabled=True)
        return condition.explain(RequestContext(context.items())).reason

    assert reason("IpAddress", IP, ["10.0.0.0/8"], {IP: "203.0.113.7"}) == \
        "aws:SourceIp 203.0.113.7 is not in `10.0.0.0/8`, so IpAddress does not match"
    assert reason("BoolIfExists", MFA, ["true"], {}) == \
        "aws:MultiFactorAuthPresent is missing from the request, so BoolIfExists matches"
    assert reason("StringNotEquals", "k", ["a", "b"], {"k": "b"}) == "k b equals `b`, so StringNotEquals does not match"
    assert "`ten` is not a number" in reason("NumericEquals", "k", ["ten"], {"k": "10"})
    assert "`${aws:username}` has no value" in reason("StringEquals", "k", ["${aws:username}"], {"k": "x"})


def _ip_strategy():
    v4 = st.integers(0, 2**32 - 1).map(lambda n: str(ipaddress.IPv4Address(n)))
    v6 = st.integers(0, 2**128 - 1).map(lambda n: str(ipaddress.IPv6Address(n)))
    return st.one_of(v4, v6)


@settings(max_examples=300, deadline=None)
@given(_ip_strategy(), _ip_strategy(), st.integers(0, 128))
def test_ip_ranges_agree_with_ipaddress(address, base, prefix):
    net_base = ipaddress.ip_address(base)
    prefix = min(prefix, net_base.max_prefixlen)
    network = ipaddress.ip_network(f"{base}/{prefix}", strict=False)
    addr = ipaddress.ip_address(address)
    expected = addr.version == network.version and addr in network
    assert check("IpAddress", IP, [str(network)], {IP: address}) is expected
    assert check("NotIpAddress", IP, [str(network)], {IP: address}) is (not expected)


OPERATORS = st.sampled_from([
    "StringEquals", "StringNotLike", "NumericLessThan", "DateGreaterThanIfExists", "Bool", "BinaryEquals",
    "IpAddress", "NotIpAddress", "ArnLike", "Null", "ForAllValues:StringLike", "ForAnyValue:ArnNotEquals",
    "Whatever"])


@settings(max_examples=300, deadline=None)
@given(OPERATORS, st.lists(st.text(max_size=12), max_size=3),
       st.one_of(st.none(), st.lists(st.text(max_size=12), max_size=3)))
def test_never_raises_on_any_string(operator, values, request_values):
    context = {} if request_values is None else {"k": request_values}
    assert isinstance(check(operator, "k", values, context), bool)
