"""Condition operators, compiled once per policy: `compile_condition` and `compile_conditions`.

AWS's rules (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html,
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html,
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html):
- several operators in a block, and several keys in one operator, are AND-ed;
- several values for one key are OR-ed; for a negated operator (StringNotEquals, NotIpAddress,
  ArnNotLike ...) they are NOR-ed: the request value must match none of them;
- a key missing from the request: the condition is false, except for negated operators (true),
  `...IfExists` (true) and Null (which tests exactly that);
- `ForAllValues:` is true when every request value matches (and when the key is missing or empty),
  `ForAnyValue:` when at least one does (false when the key is missing);
- without a set operator, a key with several request values matches a positive operator when one
  of them does, and a negated operator when none does;
- policy variables in the values are substituted from the request at test time.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ...policy.model import ConditionClause
from ...policy.operators import FOR_ALL, FOR_ANY, NULL, split_operator
from ..context import RequestContext
from ..result import ElementMatch
from ..variables import Template, compile_template
from ..wildcard import Part
from . import arns, binary, boolean, dates, ip, numeric, strings
from .comparison import Comparison, ValueTest, never
from .null import compile_null

# positive base operator (the registry's name) -> how it compares; negated forms reuse it
COMPARISONS: dict[str, Comparison | None] = {
    "StringEquals": strings.STRING_EQUALS,
    "StringEqualsIgnoreCase": strings.STRING_EQUALS_IGNORE_CASE,
    "StringLike": strings.STRING_LIKE,
    "NumericEquals": numeric.NUMERIC_EQUALS,
    "NumericLessThan": numeric.NUMERIC_LESS_THAN,
    "NumericLessThanEquals": numeric.NUMERIC_LESS_THAN_EQUALS,
    "NumericGreaterThan": numeric.NUMERIC_GREATER_THAN,
    "NumericGreaterThanEquals": numeric.NUMERIC_GREATER_THAN_EQUALS,
    "DateEquals": dates.DATE_EQUALS,
    "DateLessThan": dates.DATE_LESS_THAN,
    "DateLessThanEquals": dates.DATE_LESS_THAN_EQUALS,
    "DateGreaterThan": dates.DATE_GREATER_THAN,
    "DateGreaterThanEquals": dates.DATE_GREATER_THAN_EQUALS,
    "Bool": boolean.BOOL,
    "BinaryEquals": binary.BINARY_EQUALS,
    "IpAddress": ip.IP_ADDRESS,
    "ArnEquals": arns.ARN_EQUALS,
    "ArnLike": arns.ARN_LIKE,
    NULL: None,
}


@dataclass(frozen=True, slots=True)
class Operator:
    """A condition operator split into its parts (by the registry), with how it compares."""

    written: str
    base: str                          # canonical base name, e.g. "StringLike"
    qualifier: str | None = None       # FOR_ALL, FOR_ANY or None
    if_exists: bool = False
    comparison: Comparison | None = None
    negated: bool = False


def parse_operator(text: str) -> Operator | None:
    """The operator as written (names are case-sensitive, as in IAM); None when AWS knows no such one."""
    op = split_operator(text)
    if op is None:
        return None
    return Operator(text, op.base, op.qualifier, op.if_exists, COMPARISONS[op.info.positive], op.negated)


@lru_cache(maxsize=4096)
def _build_cached(comparison: Comparison, values: tuple[tuple[Part, ...], ...]) -> ValueTest:
    return comparison.build(values)


def _combine(qualifier: str | None, negated: bool, matches: ValueTest, values: list[str],
             accepts: Callable[[str], bool] | None = None) -> bool:
    """The operator's result for the request values of its key (present and non-empty).

    `accepts` (see `Comparison`): a value outside the family's domain satisfies no operator of it,
    so for a negated operator it counts as neither matching nor not matching: it fails.
    """
    if negated and accepts is not None:
        if qualifier == FOR_ANY:
            return any(accepts(v) and not matches(v) for v in values)
        return all(accepts(v) and not matches(v) for v in values)
    if qualifier == FOR_ALL:
        return all(matches(v) != negated for v in values)
    if qualifier == FOR_ANY:
        return any(matches(v) != negated for v in values)
    return any(matches(v) for v in values) != negated


def _negative(verb: str) -> str:
    if verb.startswith("is "):
        return "is not " + verb[3:]
    if verb.startswith("equals"):
        return "does not equal" + verb[len("equals"):]
    if verb == "matches":
        return "does not match"
    return "not " + verb


def _quote_list(items: Sequence[str]) -> str:
    return ", ".join(f"`{i}`" for i in items)


class CompiledCondition:
    """One operator/key pair of a Condition block, ready to test requests."""

    __slots__ = ("clause", "operator", "element", "key", "templates", "test")

    def __init__(self, clause: ConditionClause, operator: Operator | None, templates: tuple[Template, ...]):
        self.clause = clause
        self.operator = operator
        self.key = clause.key
        self.element = f"Condition {clause.operator} {clause.key}"
        self.templates = templates
        self.test: Callable[[RequestContext], bool] = self._compile()

    def _compile(self) -> Callable[[RequestContext], bool]:
        op, low = self.operator, self.key.lower()     # context keys are case-insensitive
        if op is None:
            return lambda ctx: False
        comparison = op.comparison
        if comparison is None:  # only `Null` has no value comparison (see COMPARISONS)
            check = compile_null(self.clause.values)
            return lambda ctx: check.when_present if ctx.by_key.get(low) else check.when_missing
        qualifier, negated = op.qualifier, op.negated
        if op.if_exists or qualifier == FOR_ALL:
            missing = True
        elif qualifier == FOR_ANY:
            missing = False
        else:
            missing = negated
        templates = self.templates
        if not any(t.has_variables for t in templates):
            matches = comparison.build([t.static_parts() for t in templates])
            if qualifier is None and not negated:
                def test(ctx: RequestContext) -> bool:
                    values = ctx.by_key.get(low)
                    if not values:
                        return missing
                    if len(values) == 1:
                        return matches(values[0])
                    return any(matches(v) for v in values)
                return test

            accepts = comparison.accepts

            def test_set(ctx: RequestContext) -> bool:
                values = ctx.by_key.get(low)
                return _combine(qualifier, negated, matches, values, accepts) if values else missing
            return test_set

        # With policy variables: one matcher per set of substituted values, built on first sight.
        variables = tuple((v.key.lower(), v.default) for t in templates for v in t.variables)
        matchers: dict[tuple[str | None, ...], ValueTest] = {}

        def test_variables(ctx: RequestContext) -> bool:
            by_key = ctx.by_key
            values = by_key.get(low)
            if not values:
                return missing
            substituted: list[str | None] = []
            for key, default in variables:
                v = by_key.get(key)
                substituted.append(v[0] if v is not None and len(v) == 1 else default)
            seen = tuple(substituted)
            matches = matchers.get(seen)
            if matches is None:
                matches = matchers[seen] = self._matcher(ctx, comparison)
            return _combine(qualifier, negated, matches, values, comparison.accepts)
        return test_variables

    def _resolved(self, ctx: RequestContext) -> tuple[tuple[Part, ...], ...]:
        """The policy values with variables substituted; values whose variables have no value drop out."""
        out = []
        for t in self.templates:
            parts = t.resolve(ctx)
            if parts is not None:
                out.append(parts)
        return tuple(out)

    def _matcher(self, ctx: RequestContext, comparison: Comparison) -> ValueTest:
        resolved = self._resolved(ctx)
        return _build_cached(comparison, resolved) if resolved else never

    def explain(self, ctx: RequestContext) -> ElementMatch:
        matched = self.test(ctx)
        return ElementMatch(self.element, matched, self._reason(ctx, matched), self.clause.span)

    def _reason(self, ctx: RequestContext, matched: bool) -> str:
        op, key, written = self.operator, self.key, self.clause.operator
        outcome = "matches" if matched else "does not match"
        if op is None:
            return f"`{written}` is not a condition operator, so this condition never matches"
        values = ctx.get(key)
        comparison = op.comparison
        if comparison is None:  # `Null`
            state = "present in" if values else "missing from"
            return f"{key} is {state} the request, so Null {_quote_list(self.clause.values)} {outcome}"
        if not values:
            why = " (there are no values to check)" if op.qualifier == FOR_ALL and not op.if_exists else ""
            return f"{key} is missing from the request, so {written} {outcome}{why}"
        refused = [v for v in values if comparison.accepts is not None and not comparison.accepts(v)]
        if refused and op.negated and not matched:
            return (f"{key}: {comparison.invalid(refused[0])}, and such a value matches no operator of its kind, "
                    f"so {written} {outcome}")
        resolved = self._resolved(ctx)
        candidates = [("".join(t for t, _ in parts), _build_cached(comparison, (parts,))) for parts in resolved]
        matches = _build_cached(comparison, resolved) if resolved else never
        verb = comparison.verb
        if not candidates:
            text = f"no policy value can match {key}"
        elif len(values) == 1:
            text = _describe(key, values[0], candidates, verb)
        else:
            text = _describe_many(key, values, op, matches, candidates, verb)
        return f"{text}, so {written} {outcome}" + self._notes(ctx, comparison)

    def _notes(self, ctx: RequestContext, comparison: Comparison) -> str:
        notes = []
        for t in self.templates:
            for var in t.missing(ctx):
                notes.append(f"`{var.text}` has no value in this request, so `{t.text}` matches nothing")
        for value in self.clause.values:
            problem = comparison.invalid(value)
            if problem:
                notes.append(problem)
        return "".join(f"; {n}" for n in notes)


def _describe(key: str, value: str, candidates: list[tuple[str, ValueTest]], verb: str) -> str:
    """`aws:SourceIp 203.0.113.7 is in `10.0.0.0/8`` or the negative form against every policy value."""
    for shown, test in candidates:
        if test(value):
            return f"{key} {value} {verb} `{shown}`"
    if len(candidates) == 1:
        return f"{key} {value} {_negative(verb)} `{candidates[0][0]}`"
    return f"{key} {value} {_negative(verb)} any of {_quote_list([c for c, _ in candidates])}"


def _describe_many(key: str, values: list[str], op: Operator, matches: ValueTest,
                   candidates: list[tuple[str, ValueTest]], verb: str) -> str:
    """The reason for a key with several request values: name the value that decided."""
    every = ", ".join(values)
    shown = _quote_list([c for c, _ in candidates])
    if op.qualifier == FOR_ALL:
        failing = [v for v in values if matches(v) == op.negated]
        if failing:
            return _describe(key, failing[0], candidates, verb)
        how = _negative(verb) + " any of" if op.negated else verb + " one of"
        return f"every value of {key} ({every}) {how} {shown}"
    if op.qualifier == FOR_ANY:
        passing = [v for v in values if matches(v) != op.negated]
        if passing:
            return _describe(key, passing[0], candidates, verb)
        how = verb + " one of" if op.negated else _negative(verb) + " any of"
        return f"every value of {key} ({every}) {how} {shown}"
    hits = [v for v in values if matches(v)]
    if hits:
        return _describe(key, hits[0], candidates, verb)
    return f"no value of {key} ({every}) {verb} {shown}"


def compile_condition(clause: ConditionClause, *, variables_enabled: bool) -> CompiledCondition:
    """Compile one operator/key clause; an unknown operator compiles to a condition that never matches."""
    op = parse_operator(clause.operator)
    use_vars = variables_enabled and op is not None and op.comparison is not None and op.comparison.variables
    templates = tuple(compile_template(str(v), variables_enabled=use_vars) for v in clause.values)
    return CompiledCondition(clause, op, templates)


class CompiledConditions:
    """A whole Condition block: every clause must match (AND)."""

    __slots__ = ("conditions", "empty", "test")

    def __init__(self, conditions: tuple[CompiledCondition, ...]):
        self.conditions = conditions
        self.empty = not conditions
        tests = tuple(c.test for c in conditions)
        if not tests:
            self.test: Callable[[RequestContext], bool] = lambda ctx: True
        elif len(tests) == 1:
            self.test = tests[0]
        elif len(tests) == 2:
            first, second = tests
            self.test = lambda ctx: first(ctx) and second(ctx)
        else:
            def every(ctx: RequestContext) -> bool:
                for test in tests:
                    if not test(ctx):
                        return False
                return True
            self.test = every

    def explain(self, ctx: RequestContext) -> list[ElementMatch]:
        return [c.explain(ctx) for c in self.conditions]


def compile_conditions(clauses: Iterable[ConditionClause], variables_enabled: bool) -> CompiledConditions:
    return CompiledConditions(tuple(compile_condition(c, variables_enabled=variables_enabled) for c in clauses))
