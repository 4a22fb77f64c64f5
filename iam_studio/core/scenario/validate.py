"""Checks of single scenario values (names, account ids, ARNs, times), each reporting into a bag.

The rules are AWS's own (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
for names and paths, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html for ARNs).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..arn import valid_arn
from ..diagnostics import DiagnosticBag, Span
from ..isotime import RANGE_TEXT, parse_time
from ..located import LNode, LScalar, kind_name

_NAME = re.compile(r"^[\w+=,.@-]+$", re.ASCII)
_PATH = re.compile(r"^/(?:[\x21-\x7e]*/)?$")
_INLINE_NAME = re.compile(r"^[\x21-\x7e]+$")
_RESOURCE_NAME = re.compile(r"^[\w+=,.@:-]{1,255}$", re.ASCII)
_ACCOUNT = re.compile(r"^\d{12}$")

# Name length limits (characters) per kind of IAM name.
NAME_LIMITS = {"user": 64, "group": 128, "role": 64, "policy": 128}


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """`did you mean ...?` help for a misspelt name, or None when nothing is close."""
    from difflib import get_close_matches  # only when a hint is needed (start-up time)

    matches = get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not matches:
        lowered = {str(c).lower(): c for c in choices}
        if word.lower() in lowered:
            matches = [lowered[word.lower()]]
    return f"did you mean `{matches[0]}`?" if matches else None


def scalar_text(node: LNode) -> str | None:
    """The node's text when it is a non-empty string scalar, else None."""
    if isinstance(node, LScalar) and isinstance(node.value, str):
        return node.value
    return None


def check_string(bag: DiagnosticBag, node: LNode, what: str, *, allow_empty: bool = False) -> str | None:
    """A string value, or None after reporting `what must be a string`."""
    if type(node) is LScalar and type(text := node.value) is str and (text or allow_empty):
        return text             # the usual case, in one test
    text = scalar_text(node)
    if text is None or (not text and not allow_empty):
        found = "an empty string" if text == "" else kind_name(node)
        bag.add("scenario.type", f"{what} must be a string, not {found}", node.span,
                help="write the text here; quote it (`\"...\"`) when YAML would read it as something else")
        return None
    return text


def check_bool(bag: DiagnosticBag, node: LNode, what: str) -> bool | None:
    if isinstance(node, LScalar) and isinstance(node.value, bool):
        return node.value
    help_text = "write `true` or `false` (without quotes)"
    if isinstance(node, LScalar) and str(node.raw).lower() in ("yes", "no", "on", "off", "y", "n"):
        help_text = "write `true` or `false`: YAML 1.2 reads `yes`, `no`, `on` and `off` as text"
    bag.add("scenario.type", f"{what} must be `true` or `false`, not {kind_name(node)}", node.span, help=help_text)
    return None


def check_account(bag: DiagnosticBag, node: LNode, what: str = "an account id") -> str | None:
    """A 12-digit account id given as a (quoted) string."""
    if isinstance(node, LScalar) and isinstance(node.value, int) and not isinstance(node.value, bool):
        raw = node.raw or str(node.value)
        digits = raw if raw.isdigit() else str(node.value)
        bag.add("scenario.account-not-string", f"{what} must be quoted text, YAML read `{raw}` as a number",
                node.span, help=f"write it in quotes: \"{digits.zfill(12) if len(digits) <= 12 else digits}\"")
        return None
    text = scalar_text(node)
    if text is None:
        bag.add("scenario.type", f"{what} must be a string of 12 digits, not {kind_name(node)}", node.span,
                help="write the account id in quotes, such as \"123456789012\"")
        return None
    if not _ACCOUNT.match(text):
        bag.add("scenario.bad-account", f"`{text}` is not an account id", node.span,
                help="an AWS account id is exactly 12 digits, such as \"123456789012\"")
        return None
    return text


def check_name(bag: DiagnosticBag, name: str, span: Span | None, kind: str) -> bool:
    """IAM user, group, role and policy names: letters, digits and `+=,.@_-`, with a length limit."""
    limit = NAME_LIMITS[kind]
    if not _NAME.match(name):
        bag.add("scenario.bad-name", f"`{name}` is not a valid {kind} name", span,
                help="IAM names use only letters, digits and `+=,.@_-`")
        return False
    if len(name) > limit:
        bag.add("scenario.bad-name", f"{kind} name `{name[:20]}...` is longer than {limit} characters", span,
                help="use a shorter name")
        return False
    return True


def check_resource_name(bag: DiagnosticBag, name: str, span: Span | None) -> bool:
    """A declared resource's name (the scenario's own label, also a request's principal for compute)."""
    if not _RESOURCE_NAME.match(name):
        bag.add("scenario.bad-name", f"`{name[:40]}` is not a valid resource name", span,
                help="use up to 255 letters, digits and `+=,.@_:-`")
        return False
    return True


def check_inline_name(bag: DiagnosticBag, name: str, span: Span | None) -> bool:
    """Inline policy names: basic Latin characters except backslash, slash, `*`, `?` and space."""
    if not name or not _INLINE_NAME.match(name) or any(c in name for c in "\\/*?") or len(name) > 128:
        bag.add("scenario.bad-name", f"`{name}` is not a valid inline policy name", span,
                help="use up to 128 ASCII characters other than `\\`, `/`, `*`, `?` and spaces")
        return False
    return True


def check_path(bag: DiagnosticBag, node: LNode, what: str) -> str | None:
    text = check_string(bag, node, what)
    if text is None:
        return None
    if not _PATH.match(text) or len(text) > 512:
        bag.add("scenario.bad-path", f"`{text}` is not a valid IAM path", node.span,
                help="a path starts and ends with `/`, for example `/engineering/`")
        return None
    return text


def check_arn(bag: DiagnosticBag, node: LNode, what: str) -> str | None:
    text = check_string(bag, node, what)
    if text is None:
        return None
    if valid_arn(text) is None:
        bag.add("scenario.bad-arn", f"`{text}` is not a valid ARN", node.span,
                help="an ARN reads `arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE`, for example "
                     "`arn:aws:s3:::employee-photos`")
        return None
    return text


def check_time(bag: DiagnosticBag, node: LNode, what: str) -> str | None:
    """An ISO 8601 date-time, kept as the text written."""
    text = check_string(bag, node, what)
    if text is None:
        return None
    if parse_time(text) is None:
        bag.add("scenario.bad-time", f"`{text}` is not an ISO 8601 time {RANGE_TEXT}", node.span,
                help="write a time such as `2026-11-28T09:00:00Z`")
        return None
    return text
