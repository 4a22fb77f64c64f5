"""Numeric and date condition operators.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
The request value is compared with the policy value (`key < value` for ...LessThan). Dates are
W3C ISO 8601 or epoch (UNIX) seconds (aws:CurrentTime, aws:EpochTime). No policy variables,
no wildcards. A missing key: false, except NumericNotEquals / DateNotEquals (true).
"""
from datetime import timezone
from decimal import Decimal

import pytest
from condition_helpers import check
from hypothesis import given, settings
from hypothesis import strategies as st

from iam_studio.core.isotime import parse_date

N = "s3:max-keys"

NUMERIC = [
    ("NumericEquals", ["10"], {N: "10"}, True),
    ("NumericEquals", ["10"], {N: "10.0"}, True),
    ("NumericEquals", ["10"], {N: "11"}, False),
    ("NumericEquals", ["5", "10"], {N: "10"}, True),
    ("NumericEquals", ["10"], {}, False),
    ("NumericEquals", ["10"], {N: "ten"}, False),
    ("NumericEquals", ["ten"], {N: "10"}, False),                   # not a number: never matches
    ("NumericNotEquals", ["10"], {N: "11"}, True),
    ("NumericNotEquals", ["10"], {N: "10"}, False),
    ("NumericNotEquals", ["10", "11"], {N: "11"}, False),
    ("NumericNotEquals", ["10"], {}, True),
    ("NumericLessThan", ["10"], {N: "9"}, True),
    ("NumericLessThan", ["10"], {N: "10"}, False),
    ("NumericLessThan", ["10"], {N: "-3"}, True),
    ("NumericLessThanEquals", ["10"], {N: "10"}, True),
    ("NumericLessThanEquals", ["10"], {N: "10.5"}, False),
    ("NumericGreaterThan", ["10"], {N: "11"}, True),
    ("NumericGreaterThan", ["10"], {N: "10"}, False),
    ("NumericGreaterThanEquals", ["10"], {N: "10"}, True),
    ("NumericGreaterThanEquals", ["10"], {N: "9.99"}, False),
    ("NumericLessThan", ["10"], {}, False),
    ("NumericLessThanIfExists", ["10"], {}, True),
    ("NumericLessThanIfExists", ["10"], {N: "20"}, False),
    ("NumericLessThan", ["100", "5"], {N: "50"}, True),            # OR: less than 100
]


@pytest.mark.parametrize("operator,values,context,expected", NUMERIC)
def test_numeric(operator, values, context, expected):
    assert check(operator, N, values, context) is expected


T = "aws:CurrentTime"
E = "aws:EpochTime"

DATES = [
    ("DateLessThan", ["2020-01-01T00:00:00Z"], {T: "2019-12-31T23:59:59Z"}, True),
    ("DateLessThan", ["2020-01-01T00:00:00Z"], {T: "2020-01-01T00:00:00Z"}, False),
    ("DateLessThanEquals", ["2020-01-01T00:00:00Z"], {T: "2020-01-01T00:00:00Z"}, True),
    ("DateGreaterThan", ["2020-01-01"], {T: "2020-01-01T00:00:01Z"}, True),   # a date is midnight UTC
    ("DateGreaterThan", ["2020-01-01"], {T: "2020-01-01T00:00:00Z"}, False),
    ("DateGreaterThanEquals", ["2020-01-01"], {T: "2020-01-01T00:00:00Z"}, True),
    ("DateEquals", ["2020-01-01T12:00:00+02:00"], {T: "2020-01-01T10:00:00Z"}, True),   # offsets
    ("DateEquals", ["2020-01-01T10:00:00.000Z"], {T: "2020-01-01T10:00:00Z"}, True),
    ("DateEquals", ["2020-01-01T10:00:00.5Z"], {T: "2020-01-01T10:00:00Z"}, False),
    ("DateNotEquals", ["2020-01-01T10:00:00Z"], {T: "2020-01-01T10:00:01Z"}, True),
    ("DateNotEquals", ["2020-01-01T10:00:00Z"], {}, True),
    ("DateLessThan", ["2020-01-01T00:00:00Z"], {}, False),
    ("DateLessThanIfExists", ["2020-01-01T00:00:00Z"], {}, True),
    # epoch seconds on either side
    ("DateLessThan", ["1577836800"], {T: "2019-12-31T23:59:59Z"}, True),
    ("DateEquals", ["2020-01-01T00:00:00Z"], {T: "1577836800"}, True),
    ("DateGreaterThan", ["not a date"], {T: "2020-01-01T00:00:00Z"}, False),
    ("DateGreaterThan", ["2020-01-01"], {T: "yesterday"}, False),
    ("DateGreaterThan", ["2020-02-30"], {T: "2021-01-01"}, False),            # no such day
    # a request value that is not a date (outside 0001-01-01..9999-12-31 UTC, or unreadable) matches
    # no Date operator, the negation included (issue 8)
    ("DateNotEquals", ["2020-01-01"], {T: "253402300800"}, False),            # 10000-01-01 in epoch seconds
    ("DateNotEquals", ["2020-01-01"], {T: "-62135596801"}, False),            # one second before 0001
    ("DateNotEquals", ["2020-01-01"], {T: "0001-01-01T00:00:00+14:00"}, False),
    ("DateNotEquals", ["2020-01-01"], {T: "9999-12-31T23:59:59-14:00"}, False),
    ("DateNotEquals", ["2020-01-01"], {T: "yesterday"}, False),
    ("DateNotEquals", ["2020-01-01"], {T: "9999-12-31T23:59:59Z"}, True),     # the last second is a date
    ("DateNotEqualsIfExists", ["2020-01-01"], {T: "253402300800"}, False),
    ("DateNotEquals", ["2020-01-01"], {T: ["2021-01-01", "253402300800"]}, False),
    ("ForAnyValue:DateNotEquals", ["2020-01-01"], {T: ["2021-01-01", "253402300800"]}, True),
    ("ForAnyValue:DateNotEquals", ["2020-01-01"], {T: ["253402300800"]}, False),
    ("ForAllValues:DateNotEquals", ["2020-01-01"], {T: ["2021-01-01", "253402300800"]}, False),
    ("ForAllValues:DateNotEquals", ["2020-01-01"], {T: ["2021-01-01", "2022-01-01"]}, True),
    ("DateLessThan", ["2020-01-01"], {T: "-62135596801"}, False),
    ("DateGreaterThan", ["2020-01-01"], {T: "253402300800"}, False),
]


@pytest.mark.parametrize("operator,values,context,expected", DATES)
def test_dates(operator, values, context, expected):
    assert check(operator, T, values, context) is expected


def test_epoch_time_key():
    assert check("DateGreaterThan", E, "1577836800", {E: "1577836801"})
    assert not check("DateGreaterThan", E, "2020-01-01T00:00:00Z", {E: "1577836800"})


@pytest.mark.parametrize("text,seconds", [
    ("1970-01-01", 0), ("1970-01-01T00:00:00Z", 0), ("1970-01-01T01:00:00+01:00", 0),
    ("1970-01-01T00:00Z", 0), ("1970-01-02T00:00:00-0100", 86400 + 3600), ("86400", 86400),
    ("2020-01-01T00:00:00.250Z", Decimal("1577836800.250")),
])
def test_parse_date(text, seconds):
    assert parse_date(text) == Decimal(seconds)


@settings(max_examples=200, deadline=None)
@given(st.datetimes(timezones=st.just(timezone.utc)))
def test_iso_and_epoch_agree(moment):
    iso = moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z"
    assert parse_date(iso) == Decimal(int(moment.replace(microsecond=0).timestamp()))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_parse_date_never_raises(text):
    assert parse_date(text) is None or isinstance(parse_date(text), Decimal)
