"""Shared helpers for the condition tests: build a clause, test it against a context."""
from iam_studio.core.engine.conditions import compile_condition
from iam_studio.core.engine.context import RequestContext
from iam_studio.core.policy.model import ConditionClause


def check(operator: str, key: str, values, context: dict, *, variables: bool = True) -> bool:
    """Compile `operator: {key: values}` and test it; also checks explain() agrees with test()."""
    values = (values,) if isinstance(values, str) else tuple(values)
    condition = compile_condition(ConditionClause(operator, key, values), variables_enabled=variables)
    ctx = RequestContext(context.items())
    result = condition.test(ctx)
    explained = condition.explain(ctx)
    assert explained.matched is result
    assert explained.reason and explained.element == f"Condition {operator} {key}"
    return result
