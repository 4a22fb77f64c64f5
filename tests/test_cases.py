"""Every scenario file under tests/cases/ and scenarios/ is a test: each request with an `expect`
must get exactly that decision from the engine, and each file must load without error diagnostics.

The expectations in tests/cases/ are derived from AWS's documentation (each file cites its pages),
not from what the engine does: a failure here is a disagreement with AWS's documented behaviour.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from iam_studio.core.engine.expectation import check_expectation

ROOT = Path(__file__).resolve().parent.parent
CASE_DIRS = [ROOT / "tests" / "cases", ROOT / "scenarios"]
SUFFIXES = {".yaml", ".yml", ".json"}


def scenario_files() -> list[Path]:
    files: list[Path] = []
    for directory in CASE_DIRS:
        if directory.is_dir():
            files.extend(p for p in sorted(directory.rglob("*")) if p.suffix in SUFFIXES and p.is_file())
    return files


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@cache
def load(path: Path):
    from iam_studio.core.scenario.load import load_scenario
    return load_scenario(path)


@cache
def engine_for(path: Path):
    from iam_studio.core.engine.engine import Engine
    scenario, _ = load(path)
    return Engine(scenario)


def request_params() -> list:
    params = []
    for path in scenario_files():
        try:
            scenario, _ = load(path)
        except Exception:           # reported by test_file_loads
            continue
        if scenario is None:
            continue
        for index, spec in enumerate(scenario.requests):
            if spec.expect is None:
                continue
            params.append(pytest.param(path, index, id=f"{rel(path)}::{spec.name}"))
    return params


def describe(result) -> str:
    lines = [f"decision: {result.decision.value}", f"reason: {result.reason}",
             f"principal: {result.principal_arn}", f"action: {result.action}", f"resource: {result.resource}"]
    if result.deciding:
        lines.append("deciding statements:")
        for ref in result.deciding:
            where = f" line {ref.line}" if ref.line else ""
            lines.append(f"  - {ref.policy} ({ref.policy_type}) {ref.effect} "
                         f"{ref.sid or '#' + str(ref.index + 1)}{where}"
                         + (f" attached to {ref.attached_to}" if ref.attached_to else ""))
    else:
        lines.append("deciding statements: none")
    if result.capped_by:
        lines.append("capped by: " + ", ".join(result.capped_by))
    return "\n".join(lines)


@pytest.mark.parametrize("path", [pytest.param(p, id=rel(p)) for p in scenario_files()])
def test_file_loads(path: Path) -> None:
    scenario, diagnostics = load(path)
    errors = [d.format() for d in diagnostics if d.is_error]
    assert not errors, "\n".join(errors)
    assert scenario is not None
    assert scenario.requests, f"{rel(path)} has no requests"


def test_case_files_exist() -> None:
    cases = [p for p in scenario_files() if (ROOT / "tests" / "cases") in p.parents]
    assert len(cases) >= 20


@pytest.mark.parametrize("path,index", request_params())
def test_request(path: Path, index: int) -> None:
    scenario, _ = load(path)
    spec = scenario.requests[index]
    result = engine_for(path).evaluate(spec)
    assert result.decision.value == spec.expect, (
        f"{rel(path)}::{spec.name}: expected {spec.expect}, got {result.decision.value}\n" + describe(result))
    verdict = check_expectation(spec, result)
    assert verdict.by_ok is not False, (
        f"{rel(path)}::{spec.name}: the right verdict for the wrong statements: expected by {verdict.missing or '-'} "
        f"missing, {verdict.unexpected or '-'} not expected\n" + describe(result))


def test_every_case_names_its_deciding_statements() -> None:
    """Every request of tests/cases/ says which statements decide it (`expect: {decision, by}`), so that
    the right verdict for the wrong statement fails."""
    missing = []
    for path in scenario_files():
        if (ROOT / "tests" / "cases") not in path.parents:
            continue
        scenario, _ = load(path)
        missing += [f"{rel(path)}::{spec.name}" for spec in scenario.requests if spec.expect_by is None]
    assert not missing, "requests without `expect.by`:\n" + "\n".join(missing)
