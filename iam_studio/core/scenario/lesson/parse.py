"""The `lesson` block of a scenario file → `Lesson`, reporting every problem into a bag.

`parse_lesson` checks the block's own shape and names (request names, outcomes, checks and their
arguments, lock targets); `solution.check_solutions` then applies the stored solutions one after
another and checks the results. The loader (core/scenario/load.py) runs both.
"""
from __future__ import annotations

import re

from ...diagnostics import DiagnosticBag, Span
from ...located import LMap, LNode, LScalar, LSeq, kind_name
from ..kinds import Expectation
from ..validate import check_string, suggest
from .model import CHECKS, LOCK_KINDS, SOLUTION_KEYS, SOLUTION_SECTIONS, CheckGoal, Lesson, RequestGoal, Step

LESSON_KEYS = ("id", "level", "steps")
STEP_KEYS = ("title", "text", "goals", "hints", "note", "predict", "reading", "locks", "solution")
OUTCOMES = tuple(e.value for e in Expectation)
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def parse_lesson(node: LNode, bag: DiagnosticBag, default_id: str,
                 request_names: list[str] | None = None) -> Lesson | None:
    """The lesson, or None when the block is not a mapping. `request_names`: the file's requests,
    which goals and predictions must name (None: not checked)."""
    return _Parser(bag, request_names).lesson(node, default_id)


class _Parser:
    def __init__(self, bag: DiagnosticBag, request_names: list[str] | None):
        self.bag = bag
        self.requests = request_names

    def error(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        self.bag.add(code, message, span, help=help)

    def mapping(self, node: LNode, what: str, keys: tuple[str, ...]) -> LMap | None:
        if not isinstance(node, LMap):
            self.error("lesson.type", f"{what} must be an object (key: value lines), not {kind_name(node)}",
                       node.span)
            return None
        seen: set[str] = set()
        for entry in node:
            if entry.key in seen:
                self.error("lesson.duplicate-key", f"duplicate key `{entry.key}` in {what}", entry.key_span,
                           "each key may appear once; remove or merge one of them")
            seen.add(entry.key)
            if entry.key not in keys:
                self.error("lesson.unknown-key", f"unknown key `{entry.key}` in {what}", entry.key_span,
                           suggest(entry.key, keys) or "allowed keys: " + ", ".join(f"`{k}`" for k in keys))
        return node

    def text_list(self, node: LNode, what: str) -> list[str]:
        if not isinstance(node, LSeq):
            self.error("lesson.type", f"{what} must be a list, not {kind_name(node)}", node.span,
                       "write one item per line, each starting with `- `")
            return []
        return [t for t in (check_string(self.bag, item, f"each item of {what}") for item in node) if t]

    def lesson(self, node: LNode, default_id: str) -> Lesson | None:
        spec = self.mapping(node, "`lesson`", LESSON_KEYS)
        if spec is None:
            return None
        lesson_id = default_id
        if (n := spec.get("id")) is not None:
            text = check_string(self.bag, n, "the lesson's `id`")
            if text is not None and not _ID.match(text):
                self.error("lesson.bad-id", f"`{text}` is not a lesson id", n.span,
                           "use letters, digits, `.`, `_` and `-`, such as `root-user`")
            elif text is not None:
                lesson_id = text
        level = None
        if (n := spec.get("level")) is not None:
            if isinstance(n, LScalar) and isinstance(n.value, int) and not isinstance(n.value, bool) \
                    and 0 <= n.value <= 999:
                level = n.value
            else:
                self.error("lesson.bad-level", f"`level` must be a whole number from 0 to 999, not "
                           f"{kind_name(n) if not isinstance(n, LScalar) else '`' + str(n.raw or n.value) + '`'}",
                           n.span, "the course is ordered by `level`: 1 for the first lesson, 2 for the next...")
        steps: list[Step] = []
        steps_node = spec.get("steps")
        if steps_node is None:
            self.error("lesson.missing-key", "the lesson has no `steps`", spec.span,
                       "add `steps:` with at least one `- title: ...` step")
        elif not isinstance(steps_node, LSeq) or not steps_node.items:
            self.error("lesson.type", "`steps` must be a list of at least one step", steps_node.span,
                       "start each step with `- title: ...`")
        else:
            for index, item in enumerate(steps_node):
                step = self.step(item, index)
                if step is not None:
                    steps.append(step)
        return Lesson(lesson_id, level, steps, spec)

    def step(self, node: LNode, index: int) -> Step | None:
        what = f"step {index + 1}"
        spec = self.mapping(node, what, STEP_KEYS)
        if spec is None:
            return None
        title_node = spec.get("title")
        title = check_string(self.bag, title_node, f"the `title` of {what}") if title_node is not None else None
        if title_node is None:
            self.error("lesson.missing-key", f"{what} has no `title`", spec.span, "add `title:` with a few words")
        step = Step(title or what, span=spec.span)
        if (n := spec.get("text")) is not None and not _is_null(n):
            step.text = check_string(self.bag, n, f"the `text` of {what}", allow_empty=True) or ""
        if (n := spec.get("note")) is not None and not _is_null(n):
            step.note = check_string(self.bag, n, f"the `note` of {what}", allow_empty=True)
        hints = spec.get("hints")
        if hints is not None:
            step.hints = self.text_list(hints, f"the `hints` of {what}")
        if not step.hints and (hints is None or isinstance(hints, LSeq)):
            self.error("lesson.no-hint", f"{what} has no hint", (hints.span if hints is not None else spec.span),
                       "every step, reading steps too, gives at least one hint: `hints: [\"Look at ...\"]`")
        if (n := spec.get("goals")) is not None and not _is_null(n):
            if not isinstance(n, LSeq):
                self.error("lesson.type", f"the `goals` of {what} must be a list, not {kind_name(n)}", n.span,
                           "write `- {request: NAME, outcome: allowed}` or `- {check: root-has-mfa}`")
            else:
                step.goals = [g for g in (self.goal(item) for item in n) if g is not None]
        if (n := spec.get("predict")) is not None and not _is_null(n):
            for name, span in self.names(n, f"the `predict` list of {what}"):
                if self.request_exists(name, span):
                    step.predict.append(name)
        if (n := spec.get("reading")) is not None and not _is_null(n):
            if isinstance(n, LScalar) and isinstance(n.value, bool):
                step.for_reading = n.value
            else:
                self.error("lesson.type", f"`reading` of {what} must be true or false, not "
                           f"{kind_name(n) if not isinstance(n, LScalar) else '`' + str(n.raw or n.value) + '`'}",
                           n.span, "write `reading: true` for a step that is only to be read")
        if (n := spec.get("locks")) is not None and not _is_null(n):
            for target, span in self.names(n, f"the `locks` of {what}"):
                if self.lock_target(target, span):
                    step.locks.append(target)
                    step.lock_spans.append(span)
        if (n := spec.get("solution")) is not None and not _is_null(n):
            step.solution = self.solution(n, what)
        return step

    def names(self, node: LNode, what: str) -> list[tuple[str, Span | None]]:
        if not isinstance(node, LSeq):
            self.error("lesson.type", f"{what} must be a list, not {kind_name(node)}", node.span,
                       "write the names as a list, such as `[alice reads, bob reads]`")
            return []
        out = []
        for item in node:
            text = check_string(self.bag, item, f"each item of {what}")
            if text is not None:
                out.append((text, item.span))
        return out

    def request_exists(self, name: str, span: Span | None) -> bool:
        if self.requests is None or name in self.requests:
            return True
        self.error("lesson.unknown-request", f"no request `{name}` in `requests:`", span,
                   suggest(name, self.requests) or "a goal names one of the file's requests by its `name`")
        return False

    def goal(self, node: LNode) -> RequestGoal | CheckGoal | None:
        if not isinstance(node, LMap):
            self.error("lesson.type", f"a goal must be an object, not {kind_name(node)}", node.span,
                       "write `{request: NAME, outcome: allowed}` or `{check: root-has-mfa}`")
            return None
        request_node = node.get("request")
        if request_node is not None:
            self.mapping(node, "a request goal", ("request", "outcome"))  # reports unknown and duplicate keys
            name = check_string(self.bag, request_node, "`request`")
            known = name is not None and self.request_exists(name, request_node.span)
            outcome_node = node.get("outcome")
            if outcome_node is None:
                self.error("lesson.missing-key", "the goal has no `outcome`", node.span,
                           "one of: " + ", ".join(f"`{o}`" for o in OUTCOMES))
                return None
            outcome = check_string(self.bag, outcome_node, "`outcome`")
            if outcome is not None and outcome not in OUTCOMES:
                self.error("lesson.bad-outcome", f"`{outcome}` is not an outcome", outcome_node.span,
                           suggest(outcome, OUTCOMES) or "one of: " + ", ".join(f"`{o}`" for o in OUTCOMES))
                return None
            if name is None or not known or outcome is None:
                return None
            return RequestGoal(name, outcome, node.span)
        check_node = node.get("check")
        if check_node is not None:
            check = check_string(self.bag, check_node, "`check`")
            if check is None:
                return None
            if check not in CHECKS:
                self.error("lesson.unknown-check", f"`{check}` is not a check", check_node.span,
                           suggest(check, CHECKS) or "one of: " + ", ".join(f"`{c}`" for c in CHECKS))
                return None
            wanted = CHECKS[check]
            self.mapping(node, f"a `{check}` goal", ("check",) + wanted)  # reports unknown and duplicate keys
            args = []
            for arg in wanted:
                value = node.get(arg)
                if value is None:
                    self.error("lesson.missing-key", f"the `{check}` goal needs `{arg}`", node.span,
                               f"add `{arg}: NAME`")
                    return None
                text = check_string(self.bag, value, f"`{arg}`")
                if text is None:
                    return None
                args.append((arg, text))
            return CheckGoal(check, tuple(args), node.span)
        self.error("lesson.bad-goal", "a goal names a `request` (with its `outcome`) or a `check`", node.span,
                   "write `{request: NAME, outcome: allowed}` or `{check: root-has-mfa}`")
        return None

    def lock_target(self, target: str, span: Span | None) -> bool:
        kind, _, name = target.partition("/")
        if target == "root" or (kind in LOCK_KINDS and name):
            return True
        self.error("lesson.bad-lock", f"`{target}` is not something a step can lock", span,
                   "write `policy/NAME`, `user/NAME`, `group/NAME`, `role/NAME`, `resource/NAME` or `root`")
        return False

    def solution(self, node: LNode, what: str) -> LMap | None:
        spec = self.mapping(node, f"the `solution` of {what}", SOLUTION_KEYS)
        if spec is None:
            return None
        for entry in spec:
            if entry.key in SOLUTION_SECTIONS and not _is_null(entry.value) and not isinstance(entry.value, LMap):
                self.error("lesson.type", f"`{entry.key}` in a solution must be an object of entries by name, "
                           f"not {kind_name(entry.value)}", entry.value.span,
                           "each entry replaces or adds the entry of that name; `NAME: null` deletes it")
                return None
        return spec


def _is_null(node: LNode) -> bool:
    return isinstance(node, LScalar) and node.value is None
