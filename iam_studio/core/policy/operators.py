"""The one registry of condition operators: the grammar, the engine and the editor's completion read it.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

Case: operator names are case-sensitive. IAM refuses a policy that spells one differently when it
is saved (`MalformedPolicyDocument: Invalid Condition type : stringEquals`), so a mis-cased operator
is a grammar error, and the engine, which only evaluates documents that passed the grammar, matches
names exactly too. (Condition *key* names, by contrast, are not case-sensitive.)
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Family(str, Enum):
    """What an operator compares; each family has its own value rules."""

    STRING = "string"
    NUMERIC = "numeric"
    DATE = "date"
    BOOL = "bool"
    BINARY = "binary"
    IP = "ip"
    ARN = "arn"
    NULL = "null"


@dataclass(frozen=True, slots=True)
class OperatorInfo:
    """A base operator: its family, whether it is a negated form, and its positive form's name."""

    name: str
    family: Family
    negated: bool = False
    positive: str = ""

    def __post_init__(self) -> None:
        if not self.positive:
            object.__setattr__(self, "positive", self.name)


def _family(family: Family, *pairs: tuple[str, str | None]) -> list[OperatorInfo]:
    """Operators of a family given as (positive, negated form or None)."""
    out = []
    for positive, negative in pairs:
        out.append(OperatorInfo(positive, family))
        if negative:
            out.append(OperatorInfo(negative, family, True, positive))
    return out


BASE_OPERATORS: dict[str, OperatorInfo] = {op.name: op for op in [
    *_family(Family.STRING, ("StringEquals", "StringNotEquals"),
             ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"), ("StringLike", "StringNotLike")),
    *_family(Family.NUMERIC, ("NumericEquals", "NumericNotEquals"), ("NumericLessThan", None),
             ("NumericLessThanEquals", None), ("NumericGreaterThan", None), ("NumericGreaterThanEquals", None)),
    *_family(Family.DATE, ("DateEquals", "DateNotEquals"), ("DateLessThan", None), ("DateLessThanEquals", None),
             ("DateGreaterThan", None), ("DateGreaterThanEquals", None)),
    *_family(Family.BOOL, ("Bool", None)),
    *_family(Family.BINARY, ("BinaryEquals", None)),
    *_family(Family.IP, ("IpAddress", "NotIpAddress")),
    *_family(Family.ARN, ("ArnEquals", "ArnNotEquals"), ("ArnLike", "ArnNotLike")),
    *_family(Family.NULL, ("Null", None)),
]}
FOR_ALL = "ForAllValues"
FOR_ANY = "ForAnyValue"
SET_QUALIFIERS = (FOR_ALL, FOR_ANY)
IF_EXISTS = "IfExists"
NULL = "Null"


@dataclass(frozen=True, slots=True)
class Operator:
    """A condition operator as written, split into its parts: `ForAnyValue:StringLikeIfExists`."""

    written: str
    qualifier: str | None          # FOR_ALL, FOR_ANY or None
    base: str                      # e.g. "StringLike"
    if_exists: bool
    info: OperatorInfo

    @property
    def negated(self) -> bool:
        return self.info.negated

    @property
    def family(self) -> Family:
        return self.info.family


def split_operator(text: str) -> Operator | None:
    """The operator `text` names, or None when AWS knows no such operator (names are case-sensitive)."""
    qualifier, rest = None, text
    if ":" in text:
        qualifier, _, rest = text.partition(":")
        if qualifier not in SET_QUALIFIERS:
            return None
    if_exists = rest.endswith(IF_EXISTS)
    base = rest[: -len(IF_EXISTS)] if if_exists else rest
    info = BASE_OPERATORS.get(base)
    if info is None or (info.family is Family.NULL and (if_exists or qualifier)):
        return None
    return Operator(text, qualifier, base, if_exists, info)


def operator_names() -> list[str]:
    """Every operator the editor offers: each base, its `IfExists` form, set-qualified forms, `Null`."""
    bases = [name for name, info in BASE_OPERATORS.items() if info.family is not Family.NULL]
    multivalued = [name for name in bases if BASE_OPERATORS[name].family in (Family.STRING, Family.ARN)]
    return (bases + [name + IF_EXISTS for name in bases]
            + [f"{FOR_ANY}:{name}" for name in multivalued] + [f"{FOR_ALL}:{name}" for name in multivalued]
            + [NULL])
