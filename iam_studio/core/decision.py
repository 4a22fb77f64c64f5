"""What the engine decides, and the one place a decision becomes words.

A request's `expect:` names one of these decisions (`scenario.kinds.Expectation` is this enum).
"""
from __future__ import annotations

from enum import Enum


class Decision(str, Enum):
    ALLOWED = "allowed"
    EXPLICIT_DENY = "explicit_deny"
    IMPLICIT_DENY = "implicit_deny"
    NOT_AUTHENTICATED = "not_authenticated"

    @property
    def allowed(self) -> bool:
        return self is Decision.ALLOWED

    @property
    def words(self) -> str:
        """In a sentence: `allowed`, `explicit deny`, `implicit deny`, `not authenticated`."""
        return self.value.replace("_", " ")

    @property
    def title(self) -> str:  # type: ignore[override]  # shadows str.title on purpose: the decision's heading
        """As a heading or in the CLI: `ALLOWED`, `EXPLICIT DENY`, ..."""
        return self.words.upper()

    @property
    def verdict(self) -> str:
        """The verdict as the pipeline shows it: `ALLOW`, or `DENY — ` and why."""
        return "ALLOW" if self.allowed else f"DENY — {self.words}"

    @property
    def badge(self) -> str:
        """A short mark for a list of requests: `✓ ALLOW`, `✗ DENY (explicit)`, ..."""
        return {Decision.ALLOWED: "✓ ALLOW", Decision.EXPLICIT_DENY: "✗ DENY (explicit)",
                Decision.IMPLICIT_DENY: "✗ DENY (implicit)", Decision.NOT_AUTHENTICATED: "✗ NOT AUTHENTICATED"}[self]


def decision_words(value: str | None) -> str:
    """A decision or expectation given as its file value, in words (`none` when there is none)."""
    try:
        return Decision(value).words
    except ValueError:
        return "none" if value is None else str(value)
