"""Predict, then reveal, judged by the engine: the outcome the learner predicted and, if they named one, the
statement they think decides, against the engine's result for the request.

Statements are named as the engine names deciding statements (`POLICY#Sid`, or `POLICY#INDEX` without a
Sid, POLICY being the policy's address): `statement_choices(scenario)` lists every statement so, and a
guessed statement is right when it is one of the result's deciding statements (the Allow statements that
allow it, or the Deny statements that deny it). An implicit deny and a failed authentication have no
deciding statement, so no guess is right there.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..decision import Decision
from ..engine.expectation import statement_text
from ..engine.result import Result
from ..scenario.address import addressed_policies
from ..scenario.model import Scenario

WORDS = {"allowed": "allowed", "explicit_deny": "an explicit deny", "implicit_deny": "an implicit deny",
         "not_authenticated": "not authenticated"}


def statement_choices(scenario: Scenario) -> list[str]:
    """Every statement of every policy in the scenario, named as the engine names a deciding statement."""
    return [f"{address}#{statement.sid if statement.sid else statement.index}"
            for address, policy in addressed_policies(scenario).items() for statement in policy.statements]


@dataclass(frozen=True, slots=True)
class Judgement:
    """One prediction against the truth. `right` / `statement_right` are None when nothing was guessed."""

    predicted: str | None           # an outcome (Decision value), or None: no prediction
    actual: str
    statement: str | None           # the statement guessed to decide, or None
    deciding: tuple[str, ...]       # the result's deciding statements, in the engine's order

    @property
    def right(self) -> bool | None:
        return None if self.predicted is None else self.predicted == self.actual

    @property
    def statement_right(self) -> bool | None:
        return None if self.statement is None else self.statement in self.deciding

    def words(self) -> str:
        """What the learner is told before the pipeline shows why."""
        actual = WORDS[self.actual]
        if self.predicted is None:
            told = f"No prediction recorded. AWS's answer: {actual}."
        elif self.right:
            told = f"Right! You predicted {WORDS[self.predicted]}, and that is AWS's answer."
        else:
            told = f"Not this time: you predicted {WORDS[self.predicted]}; AWS's answer is {actual}."
        if self.statement is not None:
            if self.statement_right:
                others = [d for d in self.deciding if d != self.statement]
                told += f" And {self.statement} is a statement that decides it" + (
                    f" (so {'does' if len(others) == 1 else 'do'} {', '.join(others)})." if others else ".")
            elif self.deciding:
                told += (f" {self.statement} does not decide it: {', '.join(self.deciding)} "
                         f"{'does' if len(self.deciding) == 1 else 'do'}.")
            elif self.actual == Decision.NOT_AUTHENTICATED.value:
                told += f" {self.statement} does not decide it: no policy is read when authentication fails."
            else:
                told += f" {self.statement} does not decide it: no statement allowed the request, so nothing decides."
        return told + " Watch the pipeline for why."


def judge(predicted: str | None, statement: str | None, result: Result) -> Judgement:
    """Judge a prediction (an outcome or None) and a guessed statement (or None) by the engine's `result`."""
    deciding = tuple(dict.fromkeys(statement_text(ref) for ref in result.deciding))
    return Judgement(predicted, result.decision.value, statement or None, deciding)
