"""Glob matching as IAM uses it in Action and StringLike.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
"""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iam_studio.core.engine.wildcard import compile_glob, compile_glob_parts

CASES = [
    # pattern, text, case_sensitive, expected
    ("*", "", True, True),
    ("*", "anything/at:all", True, True),
    ("abc", "abc", True, True),
    ("abc", "ABC", True, False),
    ("abc", "ABC", False, True),
    ("abc", "abcd", True, False),
    ("s3:Get*", "s3:GetObject", False, True),
    ("s3:Get*", "S3:GETOBJECTACL", False, True),
    ("s3:Get*", "s3:PutObject", False, False),
    ("s3:Get*", "s3:Get", False, True),              # * matches the empty run
    ("s3:*Object", "s3:GetObject", False, True),
    ("s3:*Object", "s3:GetObjectAcl", False, False),
    ("iam:*AccessKey*", "iam:CreateAccessKey", False, True),
    ("iam:*AccessKey*", "iam:ListAccessKeys", False, True),
    ("a?c", "abc", True, True),
    ("a?c", "ac", True, False),
    ("a?c", "abbc", True, False),
    ("a?c", "a/c", True, True),                      # ? is any one character
    ("home/*", "home/alice/docs/x", True, True),     # * spans slashes
    ("a*b", "a:x:b", True, True),                    # * spans colons
    ("a*b*c", "abc", True, True),
    ("a*b*c", "acb", True, False),
    ("*.txt", "notes.txt", True, True),
    ("*.txt", "notesXtxt", True, False),             # `.` is literal
    ("a+b", "a+b", True, True),                      # regex metacharacters are literal
    ("(x)[y]", "(x)[y]", True, True),
    ("??", "ab", True, True),
    ("??", "abc", True, False),
    ("", "", True, True),
    ("", "a", True, False),
    ("line*", "line1\nline2", True, True),           # * matches newlines too
]


@pytest.mark.parametrize("pattern,text,case_sensitive,expected", CASES)
def test_glob_table(pattern, text, case_sensitive, expected):
    assert compile_glob(pattern, case_sensitive=case_sensitive).match(text) is expected


@pytest.mark.parametrize("pattern,kind", [("*", "any"), ("abc", "exact"), ("s3:Get*", "prefix"),
                                          ("a*b", "ends"), ("a?", "ends"), ("*a", "ends"), ("a*b*", "regex"),
                                          ("?*", "regex"), ("a?b?", "regex")])
def test_fast_paths(pattern, kind):
    assert compile_glob(pattern, case_sensitive=True).kind == kind


def test_literal_parts_are_not_wildcards():
    """A substituted policy variable is literal: a `*` in it matches only a `*`."""
    glob = compile_glob_parts([("home/", False), ("a*", True), ("/*", False)], case_sensitive=True)
    assert glob.match("home/a*/x")
    assert not glob.match("home/abc/x")


def reference(pattern: str, text: str) -> bool:
    """A naive recursive matcher to compare the compiled one against."""
    if not pattern:
        return not text
    head = pattern[0]
    if head == "*":
        return any(reference(pattern[1:], text[i:]) for i in range(len(text) + 1))
    if not text:
        return False
    return (head == "?" or head == text[0]) and reference(pattern[1:], text[1:])


alphabet = st.sampled_from("ab*?:/.")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet, max_size=7), st.text(st.sampled_from("ab:/.*?"), max_size=8))
def test_glob_agrees_with_reference(pattern, text):
    assert compile_glob(pattern, case_sensitive=True).match(text) is reference(pattern, text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12), st.text(max_size=12), st.booleans())
def test_glob_never_raises(pattern, text, case_sensitive):
    assert isinstance(compile_glob(pattern, case_sensitive=case_sensitive).match(text), bool)


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from("aAbB*?"), max_size=6), st.text(st.sampled_from("aAbB"), max_size=6))
def test_case_insensitive_is_lowercase_match(pattern, text):
    expected = reference(pattern.lower(), text.lower())
    assert compile_glob(pattern, case_sensitive=False).match(text) is expected
