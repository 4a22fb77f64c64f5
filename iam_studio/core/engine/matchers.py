"""Compiled Action and Resource element matchers for statements.

Action: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
(`service:Action`, case-insensitive, `*` and `?` wildcards, `"*"` for every action).
Resource: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
(ARN matching as in `arn.py`, policy variables as in `variables.py`).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from ..diagnostics import Span
from .arn import ArnPattern, compile_arn_parts
from .context import RequestContext
from .result import ElementMatch
from .variables import Template, Variable, compile_resource_template
from .wildcard import Part, compile_glob, has_wildcard


def _quote_list(items: Iterable[str]) -> str:
    return ", ".join(f"`{i}`" for i in items)


class ActionMatcher:
    """Action / NotAction values; `match(action)` is true when one value matches the action.

    The values are compiled into three tests: exact names, the prefixes of values whose only wildcard is a
    `*` at the end (`s3:Get*`, the common kind), and a compiled glob for each of the rest.
    """

    __slots__ = ("values", "match_all", "exact", "wild", "_prefixes", "_rest", "_seen")

    def __init__(self, values: tuple[str, ...]):
        self.values = tuple(values)
        exact: set[str] = set()
        prefixes: list[str] = []
        rest: list[str] = []
        match_all = False
        for value in self.values:       # one loop: an account's policies hold a thousand different elements
            low = value.lower()
            if not has_wildcard(low):
                exact.add(low)
                continue
            match_all = match_all or low.strip() == "*"
            if low[-1] == "*" and not has_wildcard(low[:-1]):
                prefixes.append(low[:-1])
            else:
                rest.append(low)
        self.match_all = match_all
        self.exact = frozenset(exact)                     # lowercase names
        self.wild = bool(prefixes or rest)                # not only `exact`
        self._prefixes = tuple(prefixes)
        self._rest = tuple(compile_glob(g, case_sensitive=True).match for g in rest)     # already lowercase
        self._seen: dict[str, bool] = {}          # action -> match(action): the engine asks each action again

    def match(self, action: str) -> bool:
        if self.match_all:
            return True
        found = self._seen.get(action)
        if found is None:
            low = action.lower()
            found = low in self.exact or low.startswith(self._prefixes) or any(test(low) for test in self._rest)
            if len(self._seen) < 4096:
                self._seen[action] = found
        return found

    def matching_values(self, action: str) -> list[str]:
        return [v for v in self.values if compile_glob(v, case_sensitive=False).match(action)]

    def explain(self, action: str, element: str = "Action", span: Span | None = None) -> ElementMatch:
        """Whether the element matched; for `NotAction` pass element="NotAction" (the match is inverted)."""
        hits = self.matching_values(action)
        if element == "NotAction":
            if hits:
                return ElementMatch(element, False, f"{action} is excluded by `{hits[0]}`", span)
            return ElementMatch(element, True, f"{action} is not in NotAction {_quote_list(self.values)}", span)
        if hits:
            return ElementMatch(element, True, f"{action} matches `{hits[0]}`", span)
        return ElementMatch(element, False, f"{action} matches none of {_quote_list(self.values)}", span)


def service_prefixes(values: Iterable[str], *, negated: bool = False) -> set[str] | None:
    """The service prefixes an Action element can match (lowercase), None when any service.

    A NotAction element (`negated=True`) can match actions of any service, so it gives None.
    Values without a colon and without wildcards match no action and add nothing.
    """
    if negated:
        return None
    prefixes: set[str] = set()
    for value in values:
        service, sep, _ = value.strip().partition(":")
        if has_wildcard(service):
            return None
        if sep:
            prefixes.add(service.lower())
    return prefixes


class ResourceMatcher:
    """Resource / NotResource values; `match(arn, ctx)` is true when one value matches the ARN."""

    __slots__ = ("values", "variables_enabled", "match_all", "uses_variables", "_static", "_substituted")

    def __init__(self, values: tuple[str, ...], variables_enabled: bool):
        self.values = tuple(values)
        self.variables_enabled = variables_enabled
        self.match_all = "*" in self.values
        static: list[ArnPattern] = []
        variable: list[Template] = []
        for value in self.values:
            template = compile_resource_template(value, variables_enabled=variables_enabled)
            if template.has_variables:
                variable.append(template)
            else:       # without variables, a template's items are all pattern or literal text
                static.append(compile_arn_parts(cast("tuple[Part, ...]", template.items)))
        self._static: tuple[ArnPattern, ...] = tuple(static)
        self.uses_variables = bool(variable)
        # per template with variables: them, and its pattern for each set of their values
        self._substituted: tuple[tuple[Template, tuple[Variable, ...],
                                       dict[tuple[str | None, ...], ArnPattern | None]], ...] = tuple(
            (t, t.variables, {}) for t in variable)

    def match(self, arn: str, ctx: RequestContext | None = None) -> bool:
        if self.match_all:
            return True
        for pattern in self._static:
            if pattern.match(arn):
                return True
        if self._substituted and ctx is not None:
            for template, variables, patterns in self._substituted:
                seen = tuple([v.value(ctx) for v in variables])
                if seen in patterns:
                    substituted = patterns[seen]
                else:
                    parts = template.resolve(ctx)
                    substituted = None if parts is None else compile_arn_parts(parts)
                    if len(patterns) < 4096:
                        patterns[seen] = substituted
                if substituted is not None and substituted.match(arn):
                    return True
        return False

    def arn_form(self) -> tuple[str, object] | None:
        """Without policy variables, how `match` reads the ARN alone: ("any", None), ("exact", text),
        ("prefix", text), ("regex", compiled expression) or, for several patterns, ("test", a function
        testing them all at once); None when policy variables need the request context."""
        if self.uses_variables:
            return None
        if self.match_all:
            return ("any", None)
        if len(self._static) == 1 and self._static[0].kind == "exact":
            return ("exact", self._static[0].pattern)
        if len(self._static) == 1 and self._static[0].kind == "prefix":
            return ("prefix", self._static[0].pattern[:-1])
        if len(self._static) == 1:
            return ("regex", self._static[0].regex)
        exact = frozenset(p.pattern for p in self._static if p.kind == "exact")
        prefixes = tuple(p.pattern[:-1] for p in self._static if p.kind == "prefix")
        regexes = tuple(p.regex.fullmatch for p in self._static if p.kind == "regex" and p.regex is not None)

        def test(arn: str) -> bool:
            if arn in exact or arn.startswith(prefixes):
                return True
            for full in regexes:
                if full(arn) is not None:
                    return True
            return False
        return ("test", test)

    def explain(self, arn: str, ctx: RequestContext, element: str = "Resource",
                span: Span | None = None) -> ElementMatch:
        """Whether the element matched; for `NotResource` pass element="NotResource" (inverted)."""
        hit, notes, substituted = None, [], []
        for value in self.values:
            template = compile_resource_template(value, variables_enabled=self.variables_enabled)
            parts = template.resolve(ctx)
            if parts is None:
                names = ", ".join(f"`{v.text}`" for v in template.missing(ctx))
                notes.append(f"{names} has no value in this request, so `{value}` matches nothing")
                continue
            shown = "".join(t for t, _ in parts)
            if compile_arn_parts(parts).match(arn):
                hit = f"`{value}`" if shown == value else f"`{value}` (here `{shown}`)"
                break
            if shown != value:
                substituted.append(f"`{value}` is `{shown}` for this request")
        suffix = "".join(f"; {n}" for n in notes)
        if element == "NotResource":
            if hit:
                return ElementMatch(element, False, f"{arn} is excluded by {hit}" + suffix, span)
            return ElementMatch(element, True, f"{arn} is not in NotResource {_quote_list(self.values)}" + suffix,
                                span)
        if hit:
            return ElementMatch(element, True, f"{arn} matches {hit}" + suffix, span)
        # With policy variables, say what each pattern became: that is what the learner must see.
        suffix = "".join(f"; {n}" for n in substituted) + suffix
        return ElementMatch(element, False, f"{arn} matches none of {_quote_list(self.values)}" + suffix, span)
