"""Decisions in words: one table the pipeline, the request list, the CLI and the trace all read."""
from __future__ import annotations

from iam_studio.core.decision import Decision, decision_words
from iam_studio.core.scenario.kinds import Expectation


def test_each_decision_in_words():
    assert [(d.words, d.title, d.verdict, d.badge) for d in Decision] == [
        ("allowed", "ALLOWED", "ALLOW", "✓ ALLOW"),
        ("explicit deny", "EXPLICIT DENY", "DENY — explicit deny", "✗ DENY (explicit)"),
        ("implicit deny", "IMPLICIT DENY", "DENY — implicit deny", "✗ DENY (implicit)"),
        ("not authenticated", "NOT AUTHENTICATED", "DENY — not authenticated", "✗ NOT AUTHENTICATED"),
    ]


def test_an_expectation_is_a_decision():
    assert Expectation("implicit_deny") is Decision.IMPLICIT_DENY
    assert decision_words("explicit_deny") == "explicit deny" and decision_words(None) == "none"
