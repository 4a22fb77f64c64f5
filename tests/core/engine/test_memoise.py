"""An engine keeps each outcome for an equal request asked again, unless made with `memoise=False`
(as `iam-studio check` runs it, asking each request once); either way the outcome is the same."""
from __future__ import annotations

import copy
from pathlib import Path

from iam_studio.core.engine.engine import Engine
from iam_studio.core.scenario.load import load_scenario

ROOT = Path(__file__).resolve().parents[3]


def _scenario():
    scenario, _ = load_scenario(ROOT / "scenarios" / "capstone.yaml")
    assert scenario is not None and scenario.requests
    return scenario


def test_an_equal_request_gets_the_kept_outcome_back():
    scenario = _scenario()
    engine = Engine(scenario)
    spec = scenario.requests[0]
    assert engine.evaluate(copy.deepcopy(spec)) is engine.evaluate(spec)


def test_a_request_changed_in_place_is_evaluated_again():
    scenario = _scenario()
    engine = Engine(scenario)
    spec = copy.deepcopy(scenario.requests[0])
    first = engine.evaluate(spec)
    spec.context["aws:SourceIp"] = ["198.51.100.9"]
    assert engine.evaluate(spec) is not first


def test_without_memoising_each_request_is_evaluated_to_the_same_outcome():
    scenario = _scenario()
    keeping, asking = Engine(scenario), Engine(scenario, memoise=False)
    for spec in scenario.requests:
        kept, fresh = keeping.evaluate(spec), asking.evaluate(spec)
        assert asking.evaluate(spec) is not fresh          # nothing kept
        assert (fresh.decision, fresh.reason, fresh.capped_by, list(fresh.stages)) == \
            (kept.decision, kept.reason, kept.capped_by, list(kept.stages)), spec.name
        assert [(r.policy, r.index) for r in fresh.deciding] == [(r.policy, r.index) for r in kept.deciding]
