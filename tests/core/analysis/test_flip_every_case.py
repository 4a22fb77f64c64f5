""""What would flip this?" on every request of tests/cases/ and scenarios/: every suggestion, applied,
gives the promised decision, reverses the original one, and saves to a file that loads and decides the same."""
from __future__ import annotations

from pathlib import Path

import pytest

from iam_studio.core.analysis.flip import what_would_flip, working_copy
from iam_studio.core.engine.engine import Engine
from iam_studio.core.located import from_plain
from iam_studio.core.scenario.load import build_scenario, load_scenario, load_scenario_text
from iam_studio.core.scenario.save import dump_scenario_text, scenario_to_plain

ROOT = Path(__file__).resolve().parents[3]
FILES = sorted(p for d in ("tests/cases", "scenarios") for p in (ROOT / d).rglob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_flip_gives_its_promised_decision(path):
    scenario, _ = load_scenario(path)
    assert scenario is not None
    original = dump_scenario_text(scenario)
    saved_kinds = set()
    engine = Engine(scenario)
    for request in scenario.requests:
        before = engine.evaluate(request).decision
        answer = what_would_flip(scenario, request, engine=engine)
        assert answer.decision is before
        assert answer.flips or answer.notes, f"{request.name}: neither a flip nor a reason why there is none"
        for flip in answer.flips:
            assert flip.new_decision.allowed != before.allowed, flip.description
            changed = working_copy(scenario)
            flip.apply(changed)
            assert Engine(changed, compiled_from=engine).evaluate(request).decision is flip.new_decision, \
                flip.description
            # Every flip: what the file would hold, read back by the loader, decides the same.
            rebuilt, diagnostics = build_scenario(from_plain(scenario_to_plain(changed)), str(path), advice=False)
            assert rebuilt is not None, [d.format() for d in diagnostics if d.is_error]
            assert Engine(rebuilt).evaluate(request).decision is flip.new_decision, flip.description
            if (flip.kind, flip.new_decision) in saved_kinds:
                continue
            # The YAML text (comments and layout kept) of one flip of each kind per file, written and reloaded.
            saved_kinds.add((flip.kind, flip.new_decision))
            reloaded, diagnostics = load_scenario_text(dump_scenario_text(changed), str(path))
            assert reloaded is not None, [d.format() for d in diagnostics if d.is_error]
            assert Engine(reloaded).evaluate(request).decision is flip.new_decision, flip.description
    assert dump_scenario_text(scenario) == original, "asking what would flip a decision changed the scenario"
