"""The benchmark generator is deterministic and produces valid scenarios within AWS's size limits."""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402

from iam_studio.core.scenario.load import load_scenario_text  # noqa: E402


def small(seed: int = 7) -> dict:
    """A scaled-down account built by the same code paths as medium (keeps the test fast)."""
    generate.SIZES["tiny"] = dict(users=30, groups=5, roles=12, policies=40, buckets=6, tables=4, queues=3,
                                  keys=3, functions=3, requests=200)
    return generate.generate("tiny", seed)


def test_deterministic_and_seeded() -> None:
    assert generate.dump(small(), "yaml") == generate.dump(small(), "yaml")
    assert generate.dump(small(1), "json") != generate.dump(small(2), "json")


def test_medium_shape() -> None:
    scenario = generate.generate("medium")
    assert (len(scenario["users"]), len(scenario["groups"]), len(scenario["roles"]),
            len(scenario["policies"]), len(scenario["requests"])) == (300, 25, 120, 400, 20_000)
    for entry in scenario["policies"].values():
        doc = entry["document"]
        assert len(generate.compact(doc)) <= generate.MANAGED_POLICY_LIMIT
        assert 2 <= len(doc["Statement"]) <= 25
    statements = [s for e in scenario["policies"].values() for s in e["document"]["Statement"]]
    assert any("NotAction" in s for s in statements)
    assert any(s["Effect"] == "Deny" for s in statements)
    assert any("${aws:username}" in json.dumps(s) for s in statements)
    operators = {op for s in statements for op in s.get("Condition", {})}
    assert len(operators) >= 6
    assert any(ref.startswith("arn:aws:iam::aws:policy/") for u in scenario["users"].values()
               for ref in u.get("policies", []))


def test_generated_scenario_loads_without_errors() -> None:
    for fmt in ("yaml", "json"):
        scenario, diagnostics = load_scenario_text(generate.dump(small(), fmt), f"tiny.{fmt}")
        errors = [d.format() for d in diagnostics if d.is_error]
        assert not errors, "\n".join(errors[:5])
        assert scenario is not None and len(scenario.requests) == 200
