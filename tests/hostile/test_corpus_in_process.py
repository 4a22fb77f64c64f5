"""Thousands of mutated inputs in process: every one ends in diagnostics with a position and a hint, or
in a scenario that evaluates, saves and loads again; never an exception, never a "bug" (issue 8)."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from iam_studio.core.engine.engine import Engine
from iam_studio.core.policy.model import PolicyType
from iam_studio.core.policy.parse import lint_policy_text
from iam_studio.core.scenario.load import load_scenario_text
from iam_studio.core.scenario.save import dump_scenario_text

from .corpus import policy_texts, scenario_texts

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "scenarios").glob("*.yaml")) + sorted((ROOT / "tests" / "cases").rglob("*.yaml"))[:20]
NOISE = ["", "\n", " ", "\t", ":", "- ", "[", "]", "{", "}", ",", '"', "'", "&a ", "*a", "!!int ", "~", "#",
         "\x07", "\ud800", "é", "1e999", "+1", "0x", "-", "? ", "|", ">", "%", "@", "`", "\\", "\x00"]
MUTATIONS_PER_TEXT = 40


def mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(4)
        i = rng.randrange(len(lines))
        if kind == 0:                                   # insert noise inside a line
            j = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:j] + rng.choice(NOISE) + lines[i][j:]
        elif kind == 1:                                 # drop a character
            if lines[i]:
                j = rng.randrange(len(lines[i]))
                lines[i] = lines[i][:j] + lines[i][j + 1:]
        elif kind == 2:                                 # duplicate or drop a line
            lines.insert(i, lines[i]) if rng.random() < 0.5 else lines.pop(i) if len(lines) > 1 else None
        else:                                           # swap two lines
            k = rng.randrange(len(lines))
            lines[i], lines[k] = lines[k], lines[i]
    return "\n".join(lines)


def check_diagnostics(diagnostics) -> None:
    for d in diagnostics:
        assert "bug" not in (d.message + (d.help or "")).lower(), d.format()
        if d.is_error:
            assert d.span is not None and d.help, d.format()


def sources() -> dict[str, str]:
    out = {p.name: p.read_text() for p in LESSONS}
    out.update((k, v) for k, v in scenario_texts().items() if isinstance(v, str) and len(v) < 20_000)
    return out


@pytest.mark.parametrize("name", sorted(sources()))
def test_mutated_scenarios_never_raise(name):
    text = sources()[name]
    rng = random.Random(name)
    for _ in range(MUTATIONS_PER_TEXT):
        mutated = mutate(text, rng)
        scenario, diagnostics = load_scenario_text(mutated, "m.yaml")
        check_diagnostics(diagnostics)
        if scenario is None:
            assert any(d.is_error for d in diagnostics)
            continue
        engine = Engine(scenario)
        decisions = [engine.evaluate(r).decision for r in scenario.requests[:5]]
        scenario.title = (scenario.title or "") + " (saved)"
        again, diagnostics = load_scenario_text(dump_scenario_text(scenario), "saved.yaml")
        assert again is not None, [d.format() for d in diagnostics if d.is_error]
        assert [Engine(again).evaluate(r).decision for r in again.requests[:5]] == decisions


@pytest.mark.parametrize("name", sorted(k for k, v in policy_texts().items() if isinstance(v, str) and len(v) < 20_000))
def test_mutated_policies_never_raise(name):
    text = policy_texts()[name]
    rng = random.Random(name)
    for _ in range(MUTATIONS_PER_TEXT):
        mutated = mutate(text, rng)
        for policy_type in (PolicyType.IDENTITY, PolicyType.RESOURCE, PolicyType.SCP):
            check_diagnostics(lint_policy_text(mutated, policy_type, "m.json", 6144))
