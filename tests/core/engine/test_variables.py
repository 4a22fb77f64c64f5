"""Policy variables: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

- `${key}` takes the request value of `key` (key names are case-insensitive);
- `${key, 'default'}` supplies a default when the key has no value;
- `${*}`, `${?}`, `${$}` are a literal `*`, `?`, `$`;
- variables work only under Version 2012-10-17, elsewhere they are literal strings;
- in Resource, only in the resource part of the ARN (after the fifth colon);
- a multivalued context key cannot be a policy variable
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
"""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iam_studio.core.engine.context import RequestContext
from iam_studio.core.engine.variables import (
    Variable,
    compile_resource_template,
    compile_template,
    find_variables,
    substitute,
)

CTX = RequestContext([
    ("aws:username", "alice"),
    ("aws:userid", "AIDAEXAMPLE"),
    ("aws:PrincipalTag/team", "blue"),
    ("s3:prefix", "home/"),
    ("aws:TagKeys", ["a", "b"]),
    ("aws:CalledVia", ["athena.amazonaws.com"]),
])

SUBSTITUTE = [
    ("home/${aws:username}/*", "home/alice/*"),
    ("${AWS:UserName}", "alice"),                                   # key names are case-insensitive
    ("${aws:PrincipalTag/team}-data", "blue-data"),
    ("${s3:prefix}x", "home/x"),                                    # any request key
    ("${aws:userid}:${aws:username}", "AIDAEXAMPLE:alice"),
    ("${*}${?}${$}", "*?$"),                                        # special characters
    ("${aws:SourceIp, 'none'}", "none"),                            # default when missing
    ("${aws:username, 'guest'}", "alice"),                          # default unused when present
    ("${aws:PrincipalTag/x, 'a b-c'}", "a b-c"),
    ("${aws:SourceIp}", None),                                      # missing, no default
    ("${aws:TagKeys}", None),                                       # multivalued: no value
    ("${aws:TagKeys, 'd'}", "d"),
    ("${aws:CalledVia}", "athena.amazonaws.com"),                   # one value present
    ("plain text", "plain text"),
    ("${", "${"),                                                   # not a variable
    ("${}", "${}"),
    ("$x{aws:username}", "$x{aws:username}"),
]


@pytest.mark.parametrize("text,expected", SUBSTITUTE)
def test_substitute(text, expected):
    assert substitute(text, CTX) == expected


def test_find_variables():
    found = find_variables("arn:aws:s3:::b/${aws:username}/${*}/${aws:PrincipalTag/team, 'x'}")
    assert found == [Variable("aws:username", None, "${aws:username}"),
                     Variable("aws:PrincipalTag/team", "x", "${aws:PrincipalTag/team, 'x'}")]
    assert find_variables("no variables here") == []


def test_disabled_variables_are_literal_text():
    """Without Version 2012-10-17, `${aws:username}` is a literal string."""
    template = compile_template("home/${aws:username}", variables_enabled=False)
    assert not template.has_variables
    assert template.render(CTX) == "home/${aws:username}"


def test_substituted_values_are_literal_parts():
    template = compile_template("a${*}b${aws:username}*", variables_enabled=True)
    assert template.resolve(CTX) == (("a", False), ("*", True), ("b", False), ("alice", True), ("*", False))


def test_missing_lists_the_variables_without_value():
    template = compile_template("${aws:username}/${aws:SourceIp}", variables_enabled=True)
    assert [v.key for v in template.missing(CTX)] == ["aws:SourceIp"]


@pytest.mark.parametrize("text,has_variables", [
    ("arn:aws:s3:::bucket/${aws:username}/*", True),
    ("arn:aws:sqs:us-east-2:*:${aws:username}-queue", True),
    ("arn:aws:iam::${aws:PrincipalAccount}:user/x", False),   # before the fifth colon: literal
    ("${aws:username}", False),                               # not an ARN
    ("*", False),
])
def test_resource_variables_only_after_fifth_colon(text, has_variables):
    assert compile_resource_template(text, variables_enabled=True).has_variables is has_variables
    assert not compile_resource_template(text, variables_enabled=False).has_variables


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("${}*?',: aw"), max_size=20))
def test_never_raises_and_plain_text_round_trips(text):
    template = compile_template(text, variables_enabled=True)
    rendered = template.render(RequestContext())
    assert rendered is None or isinstance(rendered, str)
    if "${" not in text:
        assert rendered == text
