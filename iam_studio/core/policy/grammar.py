"""The checks AWS applies when a policy document is saved, per policy type.

Sources (AWS documentation):
- IAM JSON policy element reference and grammar:
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
- IAM and AWS STS quotas (policy sizes):
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
- SCP syntax: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
- RCP syntax: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
- Organizations quotas: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html

The checks on single values (actions, ARNs, condition operators and values) are plain functions
that return `(message, help)` or `None`, so the editor can reuse them; `parse.py` walks the
document and turns their answers into diagnostics with positions.
"""
from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..isotime import RANGE_TEXT, parse_date
from .model import VERSION_2008, VERSION_2012, PolicyType
from .operators import BASE_OPERATORS, NULL, SET_QUALIFIERS, Family

VALID_VERSIONS = (VERSION_2012, VERSION_2008)

TOP_LEVEL_ELEMENTS = ("Version", "Id", "Statement")
STATEMENT_ELEMENTS = ("Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
                      "Resource", "NotResource", "Condition")
EFFECTS = ("Allow", "Deny")
PRINCIPAL_TYPES = ("AWS", "Service", "Federated", "CanonicalUser")


@dataclass(frozen=True, slots=True)
class Rules:
    """What one policy type accepts."""

    elements: frozenset[str]             # statement elements the type supports
    principal: str                       # "required" (Principal or NotPrincipal), "forbidden"
    resource_required: bool              # Resource or NotResource must be present
    effects: tuple[str, ...] = EFFECTS
    version_required: bool = False
    principal_star_only: bool = False    # RCPs: Principal must be "*"


_ALL = frozenset(STATEMENT_ELEMENTS)
_NO_PRINCIPAL = _ALL - {"Principal", "NotPrincipal"}

RULES: dict[PolicyType, Rules] = {
    PolicyType.IDENTITY: Rules(_NO_PRINCIPAL, "forbidden", True),
    PolicyType.BOUNDARY: Rules(_NO_PRINCIPAL, "forbidden", True),
    PolicyType.SESSION: Rules(_NO_PRINCIPAL, "forbidden", True),
    PolicyType.SCP: Rules(_NO_PRINCIPAL, "forbidden", True),
    PolicyType.RESOURCE: Rules(_ALL, "required", True),
    PolicyType.VPC_ENDPOINT: Rules(_ALL, "required", True),
    # A role trust policy has no Resource (the role is the resource) and cannot use NotPrincipal.
    PolicyType.TRUST: Rules(_ALL - {"Resource", "NotResource", "NotPrincipal"}, "required", False),
    # RCPs: Deny only (Allow is reserved to RCPFullAWSAccess), Principal "*", no NotAction or NotPrincipal,
    # and a Version of 2012-10-17.
    PolicyType.RCP: Rules(_ALL - {"NotAction", "NotPrincipal"}, "required", True, ("Deny",),
                          version_required=True, principal_star_only=True),
}

# The one RCP that may Allow: AWS's default, attached everywhere (name or ARN ends with this).
RCP_FULL_ACCESS = "RCPFullAWSAccess"
RCP_FULL_ACCESS_RULES = Rules(RULES[PolicyType.RCP].elements, "required", True, EFFECTS,
                              version_required=True, principal_star_only=True)


# -- sizes --------------------------------------------------------------------------------------

SIZE_LIMITS: dict[str, int] = {
    "managed": 6144,          # customer managed policy
    "user_inline": 2048,      # all inline policies of one user, together
    "group_inline": 5120,     # all inline policies of one group, together
    "role_inline": 10240,     # all inline policies of one role, together
    "trust": 2048,            # role trust policy (the default quota; it can be raised to 8,192)
    "scp": 5120,              # AWS Organizations counts white space too
    "rcp": 5120,
}


def size_limit_for(place: str) -> int | None:
    """The size limit for a policy used at `place`, one of the `SIZE_LIMITS` keys."""
    return SIZE_LIMITS.get(place)


def counts_white_space(policy_type: PolicyType) -> bool:
    """AWS Organizations counts every character of an SCP or RCP; IAM leaves white space out."""
    return policy_type in (PolicyType.SCP, PolicyType.RCP)


def policy_size(text: str, policy_type: PolicyType = PolicyType.IDENTITY) -> int:
    """A policy's size as AWS counts it for `policy_type`."""
    if counts_white_space(policy_type):
        return len(text)
    return len(_WHITE_SPACE.sub("", text))


# IAM stores policy documents only in tab, line feed, carriage return and U+0020..U+00FF
# (IAM and AWS STS quotas, "IAM name requirements").
IAM_STORED = frozenset({PolicyType.IDENTITY, PolicyType.BOUNDARY, PolicyType.TRUST, PolicyType.SESSION})


_NOT_STORED = re.compile(r"[^\t\n\r\x20-\xff]")
_WHITE_SPACE = re.compile(r"\s+")


def bad_character(text: str) -> str | None:
    """The first character IAM does not accept in a policy document, or None."""
    found = _NOT_STORED.search(text)
    return found.group() if found else None


# -- names and values ---------------------------------------------------------------------------

def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A close match of `word` among `choices` (case-insensitive first), for hints."""
    options = list(choices)
    lowered = {c.lower(): c for c in options}
    if word.lower() in lowered:
        return lowered[word.lower()]
    for c in options:                     # `Actions` -> `Action`, `Statements` -> `Statement`
        if word.lower().rstrip("s") == c.lower():
            return c
    from difflib import get_close_matches  # only when a hint is needed (start-up time)

    found = get_close_matches(word, options, n=1, cutoff=0.75)
    if not found:
        found = get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.75)
        return lowered[found[0]] if found else None
    return found[0]


_SERVICE_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$", re.IGNORECASE)
_ACTION_NAME_RE = re.compile(r"^[A-Za-z0-9*?_-]+$")


@lru_cache(maxsize=4096)           # a policy repeats its values: each is checked once
def check_action(text: str) -> tuple[str, str] | None:
    """`service:Action` (wildcards allowed in the action part) or `*`; returns (message, help) if malformed."""
    if text == "*":
        return None
    if ":" not in text:
        return (f"`{text}` is not an action: it has no service prefix",
                "write `service:Action`, e.g. `s3:GetObject`, or `*` for every action")
    service, _, name = text.partition(":")
    if not service:
        return f"the action `{text}` has no service prefix", "write `service:Action`, e.g. `s3:GetObject`"
    if "*" in service or "?" in service:
        return (f"the service prefix `{service}` of `{text}` has a wildcard",
                "wildcards are allowed only in the action name, e.g. `s3:Get*`; use `*` for every action")
    if not _SERVICE_RE.match(service):
        return f"`{service}` is not a valid service prefix", "service prefixes are like `s3`, `ec2`, `iam`"
    if not name:
        return f"the action `{text}` has no action name", f"write `{service}:ActionName`, or `{service}:*`"
    if not _ACTION_NAME_RE.match(name):
        return (f"the action name `{name}` has characters that are not allowed",
                "action names contain letters, digits and the wildcards `*` and `?`")
    return None


@lru_cache(maxsize=4096)           # a policy repeats its values: each is checked once
def check_resource(text: str) -> tuple[str, str] | None:
    """An ARN `arn:partition:service:region:account:resource` (wildcards allowed) or `*`."""
    if text == "*":
        return None
    if not text.startswith("arn:"):
        if text.lower().startswith("arn:"):
            return f"the resource `{text}` must start with lowercase `arn:`", "write `arn:aws:...`"
        return (f"the resource `{text}` is not an ARN",
                "write an ARN such as `arn:aws:s3:::my-bucket/*`, or `*` for every resource")
    parts = text.split(":", 5)
    if len(parts) < 6:
        return (f"the ARN `{text}` has {len(parts)} of its 6 parts",
                "an ARN is `arn:partition:service:region:account-id:resource`; keep empty parts, "
                "e.g. `arn:aws:s3:::bucket`")
    if not parts[1]:
        return f"the ARN `{text}` has no partition", "the partition is `aws` (or `aws-cn`, `aws-us-gov`)"
    if not parts[2]:
        return f"the ARN `{text}` has no service", "the third part names the service, e.g. `s3`, `iam`"
    if not parts[5]:
        return f"the ARN `{text}` has no resource part", "end the ARN with the resource, e.g. `user/alice`"
    return None


def check_scp_action(text: str) -> tuple[str, str] | None:
    """In an SCP a wildcard in an action stands alone or ends the name (`s3:Get*`, not `s3:*Object`)."""
    name = text.partition(":")[2]
    if text == "*" or not name:
        return None
    stripped = name.rstrip("*?")
    if "*" in stripped or "?" in stripped:
        return (f"in an SCP the wildcard of `{text}` must be at the end of the action name",
                "SCPs accept `service:*` or `service:Prefix*`, not `*` or `?` at the start or in the middle")
    return None


_ACCOUNT_RE = re.compile(r"^\d{12}$")
_IAM_PRINCIPAL_RE = re.compile(
    r"^arn:[a-z-]+:(iam::\d{12}:(root|user/.+|role/.+|federated-user/.+)|sts::\d{12}:(assumed-role/.+/.+|federated-user/.+))$")


def check_principal(kind: str, value: str) -> tuple[str, str] | None:
    """A principal value of type `kind` ("AWS", "Service", "Federated", "CanonicalUser")."""
    if value == "*" and kind in ("AWS",):
        return None
    if kind == "AWS":
        if _ACCOUNT_RE.match(value) or _IAM_PRINCIPAL_RE.match(value):
            if "*" in value or "?" in value:
                return (f"`{value}` has a wildcard, which a principal cannot have",
                        "name the exact principal, or use `\"*\"` with a condition such as `aws:PrincipalArn`")
            return None
        if "*" in value or "?" in value:
            return (f"`{value}` has a wildcard, which a principal cannot have",
                    "name the exact principal, or use `\"*\"` with a condition such as `aws:PrincipalArn` "
                    "and `ArnLike`")
        return (f"`{value}` is not an AWS principal",
                "write a 12-digit account ID, or an ARN such as `arn:aws:iam::123456789012:role/Name` "
                "or `arn:aws:iam::123456789012:root`")
    if kind == "Service":
        if "*" in value or "?" in value or " " in value or "." not in value:
            return (f"`{value}` is not a service principal",
                    "service principals look like `ec2.amazonaws.com` or `lambda.amazonaws.com`")
        return None
    if kind == "Federated":
        if "*" in value:
            return f"`{value}` has a wildcard, which a principal cannot have", "name the identity provider"
        return None
    return None


# -- conditions ---------------------------------------------------------------------------------

def operator_hint(text: str) -> str:
    """A hint for an unknown operator, with a near match when there is one."""
    qualifier, sep, rest = text.rpartition(":")
    if qualifier and qualifier not in SET_QUALIFIERS:
        near = did_you_mean(qualifier, SET_QUALIFIERS)
        if near:
            return f"did you mean `{near}:{rest}`?"
        return "the set qualifiers are `ForAllValues:` and `ForAnyValue:`"
    base = rest[:-8] if rest.endswith("IfExists") else rest
    near = did_you_mean(base, list(BASE_OPERATORS))
    if near:
        fixed = (qualifier + sep if qualifier else "") + near + ("IfExists" if base != rest else "")
        return f"did you mean `{fixed}`?"
    if base == NULL:
        return "`Null` takes neither `IfExists` nor a set qualifier"
    return ("operators are e.g. `StringEquals`, `ArnLike`, `IpAddress`, `Bool`, `NumericLessThan`, "
            "`DateGreaterThan`, `Null`")


@lru_cache(maxsize=4096)           # a policy repeats its values: each is checked once
def check_condition_value(base: str, value: str) -> tuple[str, str] | None:
    """Whether `value` fits operator family `base`; (message, help) if it cannot match.

    AWS accepts any string when the policy is saved; a value of the wrong type makes the condition
    never match, so these are reported as warnings by the caller.
    """
    family = BASE_OPERATORS[base].family if base in BASE_OPERATORS else None
    if family is Family.NUMERIC:
        try:
            float(value)
        except ValueError:
            return f"`{value}` is not a number for `{base}`", "numeric operators compare numbers such as `10` or `2.5`"
        return None
    if family is Family.DATE:
        if parse_date(value) is None:
            return (f"`{value}` is not a date for `{base}`",
                    f"use ISO 8601 such as `2025-01-31T12:00:00Z`, or epoch seconds, {RANGE_TEXT}")
        return None
    if family in (Family.BOOL, Family.NULL):
        if value.lower() not in ("true", "false"):
            return f"`{value}` is not `true` or `false` for `{base}`", "write `true` or `false`"
        return None
    if family is Family.IP:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            return (f"`{value}` is not an IP address or CIDR range for `{base}`",
                    "write an IPv4 or IPv6 address or range, e.g. `203.0.113.0/24`")
        return None
    if family is Family.ARN:
        if "${" in value:
            return None
        if not value.startswith("arn:"):
            return (f"`{value}` is not an ARN for `{base}`",
                    "ARN operators compare ARNs such as `arn:aws:iam::123456789012:role/*`")
        if value.count(":") < 5:
            # Each of the six parts is compared on its own, so every part must be written.
            return (f"`{value}` has fewer than the six colon-separated parts of an ARN, so `{base}` never "
                    "matches it", "write every part, even as a wildcard, such as `arn:aws:sns:*:*:*`")
        return None
    return None


# -- Sid ----------------------------------------------------------------------------------------

_SID_IAM_RE = re.compile(r"^[A-Za-z0-9]*$")


def check_sid(sid: str, policy_type: PolicyType) -> tuple[str, str] | None:
    """IAM and Organizations accept only ASCII letters and digits in Sid; other services allow more."""
    if policy_type in (PolicyType.RESOURCE, PolicyType.VPC_ENDPOINT):
        return None
    if not _SID_IAM_RE.match(sid):
        bad = next(ch for ch in sid if not (ch.isascii() and ch.isalnum()))
        return (f"the Sid `{sid}` has the character `{bad}`, which IAM does not accept",
                "a Sid in IAM policies holds only letters A-Z, a-z and digits 0-9")
    return None
