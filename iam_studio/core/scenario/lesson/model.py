"""A lesson: ordered steps with text, goals, hints, an instructor note, locks and a stored solution.

The lesson block of a scenario file is kept as its located tree (`Lesson.node`): that tree is what
saving writes back, and the parsed steps are read from it. A rename rewrites the tree and parses it
again (see `references.py`), so there is one source of truth.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...diagnostics import Span
from ...located import LMap

# The account conditions a goal can check, each with the arguments it takes.
CHECKS: dict[str, tuple[str, ...]] = {
    "root-has-mfa": (),                          # the root user has an MFA device
    "no-user-policies": (),                      # no policy (managed or inline) is attached directly to a user
    "user-has-mfa": ("user",),                   # USER has an MFA device
    "user-has-no-access-keys": ("user",),        # USER has no access keys at all
    "user-in-group": ("user", "group"),          # USER is a member of GROUP
    "user-not-in-group": ("user", "group"),      # USER is not a member of GROUP
}

# What a solution may hold: named sections (an entry replaces or adds, `NAME: null` deletes), and
# `organization` and `root`, which replace the whole block (`null` removes it).
SOLUTION_SECTIONS = ("policies", "users", "groups", "roles", "resources")
SOLUTION_KEYS = SOLUTION_SECTIONS + ("organization", "root")

# Kinds of node a step can lock, as `KIND/NAME` (the canvas's node keys); `root` stands alone.
LOCK_KINDS = ("policy", "user", "group", "role", "resource")


@dataclass(frozen=True, slots=True)
class RequestGoal:
    """The file's request `request` must reach `outcome` (allowed, explicit_deny, ...)."""

    request: str
    outcome: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class CheckGoal:
    """An account condition from `CHECKS`; `args` maps each argument (`user`, `group`) to its value."""

    check: str
    args: tuple[tuple[str, str], ...] = ()
    span: Span | None = None

    def arg(self, name: str) -> str | None:
        return dict(self.args).get(name)


Goal = RequestGoal | CheckGoal


@dataclass(frozen=True, slots=True)
class PredictGoal:
    """Not written in `goals`: each request of a step's `predict` list is a goal of the step, met once
    the learner predicted its outcome and evaluated it (right or wrong; "no prediction" does not meet it)."""

    request: str


StepGoal = Goal | PredictGoal


@dataclass(slots=True)
class Step:
    title: str
    text: str = ""                                          # Markdown
    goals: list[Goal] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)          # revealed one at a time
    note: str | None = None                                 # for the instructor only
    predict: list[str] = field(default_factory=list)        # requests to predict before they are evaluated
    for_reading: bool = False                               # `reading: true`: only to read, nothing to do
    locks: list[str] = field(default_factory=list)          # `policy/NAME`, `user/NAME`, ..., `root`
    lock_spans: list[Span | None] = field(default_factory=list, repr=False)
    solution: LMap | None = None                            # a partial scenario; None: a reading step
    span: Span | None = None

    @property
    def is_reading(self) -> bool:
        return self.solution is None


@dataclass(slots=True)
class Lesson:
    id: str
    level: int | None
    steps: list[Step]
    node: LMap = field(repr=False)                          # the block as written (saved back as it is)

    def to_plain(self) -> dict[str, object]:
        """The block as plain data, for saving."""
        return self.node.to_plain()

    # The scenario edits (core/scenario/edits.py) call these two: a Lesson is a `ReferenceHolder`.
    def rename_reference(self, old_key: str, new_key: str) -> None:
        """Rename node `old_key` (`user/alice`, `policy/Admin`, `request/NAME`...) everywhere in the lesson."""
        from .references import rename_references
        kind, _, old = old_key.partition("/")
        new_kind, _, new = new_key.partition("/")
        if kind == new_kind and old and new:
            renamed = rename_references(self, kind, old, new)
            self.node, self.steps = renamed.node, renamed.steps

    def delete_refusal(self, key: str) -> str | None:
        """Why node `key` cannot be deleted: a goal, a prediction or a lock of the lesson names it."""
        from .references import lesson_references
        kind, _, name = key.partition("/")
        for ref in lesson_references(self, kind, name):
            if ref.where != "solution":
                what = {"goal": "a goal", "predict": "a prediction", "lock": "a lock"}[ref.where]
                return f"step {ref.step + 1} of the lesson names `{name}` in {what}: change the lesson first"
        return None

    def is_locked(self, step: int, key: str) -> bool:
        """Whether node `key` is read-only while step `step` is active: it is locked itself, or it is
        the inline or resource policy of a locked node (`policy/user/alice#inline/X` under `user/alice`).
        An edge (membership, attachment, trust...) is read-only when either of its ends is."""
        locks = self.locks_at(step)
        if key in locks:
            return True
        owner = key[len("policy/"):].split("#", 1)[0] if key.startswith("policy/") and "#" in key else None
        return owner in locks

    def locks_at(self, step: int) -> frozenset[str]:
        """What is read-only while step `step` (0-based) is active: only that step's own locks."""
        if 0 <= step < len(self.steps):
            return frozenset(self.steps[step].locks)
        return frozenset()
