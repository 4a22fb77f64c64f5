"""The names a lesson uses, so that renaming or deleting something in the scenario can carry them
along or refuse: goals and predictions name requests, checks name users and groups, locks name
nodes, and solutions name entries (and, inside them, groups, policies and roles).

Kinds: `request`, `user`, `group`, `role`, `policy`, `resource`.
"""
from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeGuard

from ...diagnostics import DiagnosticBag, Span
from ...located import LEntry, LMap, LNode, LScalar, LSeq
from .model import Lesson
from .parse import parse_lesson

KINDS = ("request", "user", "group", "role", "policy", "resource")
_SECTION_KIND = {"policies": "policy", "users": "user", "groups": "group", "roles": "role", "resources": "resource"}


@dataclass(frozen=True, slots=True)
class LessonReference:
    step: int                   # 0-based
    where: str                  # "goal", "predict", "lock" or "solution"
    kind: str
    name: str
    span: Span | None


@dataclass(slots=True)
class _Site:
    step: int
    where: str
    kind: str
    node: LScalar | LEntry
    prefix: str = ""            # a lock's `KIND/`

    @property
    def name(self) -> str:
        text = self.node.key if isinstance(self.node, LEntry) else str(self.node.value)
        return text[len(self.prefix):]

    @property
    def span(self) -> Span | None:
        return self.node.key_span if isinstance(self.node, LEntry) else self.node.span

    def rename(self, new: str) -> None:
        if isinstance(self.node, LEntry):
            self.node.key = new
        else:
            self.node.value = self.node.raw = self.prefix + new


def lesson_references(lesson: Lesson, kind: str, name: str) -> list[LessonReference]:
    """Every place the lesson names `kind` `name` (empty: renaming or deleting it leaves the lesson whole)."""
    return [LessonReference(s.step, s.where, s.kind, s.name, s.span) for s in _sites(lesson.node)
            if s.kind == kind and s.name == name]


def rename_references(lesson: Lesson, kind: str, old: str, new: str) -> Lesson:
    """A new lesson in which every reference to `kind` `old` names `new` (the given lesson is unchanged)."""
    node = copy.deepcopy(lesson.node)
    for site in _sites(node):
        if site.kind == kind and site.name == old:
            site.rename(new)
    renamed = parse_lesson(node, DiagnosticBag(), lesson.id)
    return renamed if renamed is not None else lesson


def _sites(node: LMap) -> Iterator[_Site]:
    steps = node.get("steps")
    for index, step in enumerate(steps if isinstance(steps, LSeq) else ()):
        if not isinstance(step, LMap):
            continue
        for goal in _items(step.get("goals")):
            if isinstance(goal, LMap):
                for entry in goal:
                    if entry.key in ("request", "user", "group") and _text(entry.value):
                        yield _Site(index, "goal", entry.key, entry.value)
        for item in _items(step.get("predict")):
            if _text(item):
                yield _Site(index, "predict", "request", item)
        for item in _items(step.get("locks")):
            if not _text(item):
                continue
            kind, slash, _ = str(item.value).partition("/")
            if slash and kind in KINDS:
                yield _Site(index, "lock", kind, item, kind + "/")
        solution = step.get("solution")
        if isinstance(solution, LMap):
            yield from _solution_sites(index, solution)


def _solution_sites(index: int, solution: LMap) -> Iterator[_Site]:
    for section in solution:
        kind = _SECTION_KIND.get(section.key)
        if kind is not None and isinstance(section.value, LMap):
            for entry in section.value:
                yield _Site(index, "solution", kind, entry)
                if isinstance(entry.value, LMap):
                    yield from _inside_entry(index, entry.value)
        if section.key == "organization" and isinstance(section.value, LMap):
            for key in ("scps", "rcps"):
                for level in _items(section.value.get(key)):
                    if isinstance(level, LMap):
                        yield from _names(index, "policy", level.get("policies"))


def _inside_entry(index: int, spec: LMap) -> Iterator[_Site]:
    yield from _names(index, "group", spec.get("groups"))
    yield from _names(index, "policy", spec.get("policies"))
    boundary = spec.get("boundary")
    if boundary is not None and _text(boundary):
        yield _Site(index, "solution", "policy", boundary)
    role = spec.get("role")
    if role is not None and _text(role):
        yield _Site(index, "solution", "role", role)


def _names(index: int, kind: str, node: LNode | None) -> Iterator[_Site]:
    if node is not None and _text(node):
        yield _Site(index, "solution", kind, node)
    for item in _items(node):
        if _text(item):
            yield _Site(index, "solution", kind, item)


def _items(node: LNode | None) -> list[LNode]:
    return node.items if isinstance(node, LSeq) else []


def _text(node: LNode | None) -> TypeGuard[LScalar]:
    return isinstance(node, LScalar) and isinstance(node.value, str)
