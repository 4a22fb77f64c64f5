"""What each operator family provides: how to compile the policy values into a fast test."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..wildcard import Part

ValueTest = Callable[[str], bool]          # one request value -> does it match any policy value
Builder = Callable[[Sequence[tuple[Part, ...]]], ValueTest]


@dataclass(frozen=True, slots=True, eq=False)
class Comparison:
    """A positive base operator, e.g. StringLike; negated operators reuse it and invert the result.

    `build` receives the policy values (as parts, so substituted variables stay literal) and
    returns a test that is true when a request value matches at least one of them.
    `invalid` tells why a policy value can never match (e.g. not a number), or returns None.
    `accepts`, when set, tells whether a request value is in the family's domain at all: a value
    outside it (Date: not a date) matches none of the family's operators, the negated ones included.
    Compared and hashed by identity: each operator family has exactly one instance.
    """

    name: str
    verb: str                                   # "equals", "is like", "is in" ...
    build: Builder
    variables: bool                             # policy variables are substituted in its values
    invalid: Callable[[str], str | None] = lambda _value: None
    accepts: Callable[[str], bool] | None = None


def joined(parts: tuple[Part, ...]) -> str:
    return "".join(text for text, _ in parts)


def never(_value: str) -> bool:
    return False


def ordered(name: str, verb: str, parse: Callable[[str], object | None], relation: Callable[[object, object], bool],
            invalid: Callable[[str], str | None], accepts: Callable[[str], bool] | None = None) -> Comparison:
    """A Numeric* or Date* operator: values are parsed (unparsable ones never match), then compared."""
    def build(values: Sequence[tuple[Part, ...]]) -> ValueTest:
        bounds = tuple(b for b in (parse(joined(v)) for v in values) if b is not None)
        if not bounds:
            return never

        def test(value: str) -> bool:
            got = parse(value)
            return got is not None and any(relation(got, b) for b in bounds)
        return test
    return Comparison(name, verb, build, variables=False, invalid=invalid, accepts=accepts)
