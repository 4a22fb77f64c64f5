"""The fast path (no trace) and the explained path reach the same decision with the same deciding
statements, on every request of every case file and bundled scenario. The GUI shows the explained
path and the badges and `check` use the fast one: they must never disagree.

Each statement step's outcome comes from the compiled matchers; its elements (built when read) come
from each element's own explanation: the two must agree too."""
from __future__ import annotations

from pathlib import Path

import pytest

from iam_studio.core.engine.engine import Engine
from iam_studio.core.engine.result import Outcome, Stage
from iam_studio.core.scenario.load import load_scenario

ROOT = Path(__file__).resolve().parents[3]
POLICY_STAGES = {Stage.EXPLICIT_DENY, Stage.RCP, Stage.SCP, Stage.RESOURCE, Stage.IDENTITY, Stage.BOUNDARY,
                 Stage.SESSION, Stage.VPC_ENDPOINT}
FILES = sorted(p for d in ("tests/cases", "scenarios") for p in (ROOT / d).rglob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_fast_and_explained_agree(path):
    scenario, _ = load_scenario(path)
    assert scenario is not None
    fast, slow = Engine(scenario), Engine(scenario)
    for spec in scenario.requests:
        quick = fast.evaluate(spec)
        full = slow.evaluate(spec, explain=True)
        assert (quick.decision, quick.reason) == (full.decision, full.reason), spec.name
        assert [(r.policy, r.index) for r in quick.deciding] == [(r.policy, r.index) for r in full.deciding]
        assert quick.capped_by == full.capped_by, spec.name
        assert quick.stages == full.stages, spec.name
        assert full.trace and full.trace[-1].stage is Stage.VERDICT
        assert full.trace[0].stage is Stage.AUTHENTICATION
        verdict = full.trace[-1]
        assert verdict.outcome is (Outcome.ALLOW if full.allowed else Outcome.DENY)
        statements = [s for s in full.trace if s.statement is not None and s.stage in POLICY_STAGES]
        for step in statements:
            assert step.elements, step.message
            applies = all(e.matched for e in step.elements)
            assert (step.outcome is not Outcome.NO_MATCH) == applies, (spec.name, step.message)
            assert ("does not apply" in step.message) == (not applies)


def test_the_suite_covers_enough_files():
    assert len(FILES) >= 25
