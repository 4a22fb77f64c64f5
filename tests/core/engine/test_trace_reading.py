"""A trace is recorded as runs whose steps are made when first read (trace.py): it is the same list of
steps however it is read, on every request of every case file and bundled scenario."""
from __future__ import annotations

from pathlib import Path

import pytest

from iam_studio.core.engine.engine import Engine
from iam_studio.core.scenario.load import load_scenario

ROOT = Path(__file__).resolve().parents[3]
FILES = sorted(p for d in ("tests/cases", "scenarios") for p in (ROOT / d).rglob("*.yaml"))


def _fields(step):
    return (step.id, step.stage, step.outcome, step.parent, step.message, step.statement, list(step.elements),
            step.details)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_trace_reads_the_same_in_any_order(path):
    scenario, _ = load_scenario(path)
    assert scenario is not None
    engine = Engine(scenario)
    for spec in scenario.requests:
        forward = engine.evaluate(spec, explain=True).trace
        backward = engine.evaluate(spec, explain=True).trace
        middle = engine.evaluate(spec, explain=True).trace
        steps = list(forward)
        assert [_fields(s) for s in steps] == [_fields(backward[-i]) for i in range(len(steps), 0, -1)], spec.name
        assert _fields(middle[len(steps) // 2]) == _fields(steps[len(steps) // 2])
        assert [_fields(s) for s in middle] == [_fields(s) for s in steps]
        assert [s.id for s in steps] == list(range(len(steps)))
        assert all(s.parent is None or s.parent < s.id for s in steps)


def test_each_trace_has_its_own_steps():
    scenario, _ = load_scenario(ROOT / "scenarios" / "employee-directory.yaml")
    assert scenario is not None
    engine = Engine(scenario)
    spec = scenario.requests[0]
    first, again = engine.evaluate(spec, explain=True), engine.evaluate(spec, explain=True)
    assert first.authentication is not None and first.authentication.steps
    others = [*again.trace, *first.authentication.steps]
    assert not {id(s) for s in first.trace} & {id(s) for s in others}
    assert [_fields(s) for s in first.trace] == [_fields(s) for s in again.trace]
