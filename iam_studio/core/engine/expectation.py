"""Does a result meet a request's `expect`? The outcome, and (when `expect.by` is given) exactly the
statements that decided it: `POLICY#Sid` / `POLICY#N` entries for the deciding statements, and, for
an implicit deny, `POLICY` entries for the guardrails that capped it. `check`, the test suite and
the lesson panel use this one comparison."""
from __future__ import annotations

from dataclasses import dataclass

from ..scenario.model import RequestSpec
from .result import Result, StatementRef


def statement_text(ref: StatementRef) -> str:
    """A deciding statement as an `expect.by` entry names it: `POLICY#Sid`, or `POLICY#N` without a Sid."""
    return f"{ref.policy}#{ref.sid if ref.sid else ref.index}"


def decided_by(result: Result) -> list[str]:
    """The `expect.by` entries this result would need, in the engine's order, without repeats."""
    return list(dict.fromkeys([statement_text(r) for r in result.deciding] + list(result.capped_by)))


@dataclass(frozen=True, slots=True)
class Check:
    ok: bool | None                     # None: the request has no `expect`
    decision_ok: bool | None
    by_ok: bool | None                  # None: `expect.by` not given
    missing: tuple[str, ...] = ()       # expected entries the result does not have
    unexpected: tuple[str, ...] = ()    # the result's entries the expectation does not list


_UNCHECKED = Check(None, None, None)


def check_expectation(spec: RequestSpec, result: Result) -> Check:
    if spec.expect is None:
        return _UNCHECKED
    decision_ok = result.decision.value == spec.expect
    if spec.expect_by is None:
        return Check(decision_ok, decision_ok, None)
    actual: dict[tuple[str, int | None], str] = {(r.policy, r.index): statement_text(r) for r in result.deciding}
    actual.update({(p, None): p for p in result.capped_by})
    wanted = {(e.policy, e.index): e.text for e in spec.expect_by}
    missing = tuple(text for key, text in wanted.items() if key not in actual)
    unexpected = tuple(text for key, text in actual.items() if key not in wanted)
    by_ok = not missing and not unexpected
    return Check(decision_ok and by_ok, decision_ok, by_ok, missing, unexpected)
