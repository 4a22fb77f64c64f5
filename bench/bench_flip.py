"""Flip benchmarks (not timed tests): a "what would flip this?" answer, and re-checking every request and
lesson goal after an edit, on each bundled lesson (scenarios/) and each file of tests/cases/.

    python bench/bench_flip.py [--json] [--repeat N]

"flip" is `what_would_flip(scenario, request, engine=...)` with the engine the GUI already holds for the
open document (built, every saved request evaluated once); best of N runs per request, then the median
and the slowest request per file, in ms of CPU time. "recheck" applies each flip's edit to a copy
(through core.scenario.edits, not timed), then times what the GUI does next: a new Engine reusing the
previous one's compiled policies, every saved request evaluated, the decision diff against the state
before, and every goal of every lesson step evaluated. Targets: flip < 200 ms, recheck < 10 ms.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from iam_studio.core.analysis.decision_diff import decision_diff, decisions  # noqa: E402
from iam_studio.core.analysis.flip import what_would_flip, working_copy  # noqa: E402
from iam_studio.core.engine.engine import Engine  # noqa: E402
from iam_studio.core.lessons.goals import evaluate_goals  # noqa: E402
from iam_studio.core.scenario.load import load_scenario  # noqa: E402


def best_of(repeat: int, run) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        value = run()
        best = min(best, time.process_time() - start)
    return best * 1000, value


def bench_file(path: Path, repeat: int) -> dict | None:
    scenario, _ = load_scenario(path)
    if scenario is None or not scenario.requests:
        return None
    engine = Engine(scenario)
    before = decisions(scenario, engine)
    goals = [g for step in (scenario.lesson.steps if scenario.lesson else ()) for g in step.goals]
    flip_ms, recheck_ms, flips = [], [], 0
    for request in scenario.requests:
        ms, answer = best_of(repeat, lambda r=request: what_would_flip(scenario, r, engine=engine))
        flip_ms.append(ms)
        for flip in answer.flips:
            changed = working_copy(scenario)
            flip.apply(changed)
            flips += 1

            def recheck(changed=changed):
                new_engine = Engine(changed, engine.now, compiled_from=engine)
                diff = decision_diff(before, decisions(changed, new_engine))
                return diff, evaluate_goals(changed, goals, new_engine)
            recheck_ms.append(best_of(repeat, recheck)[0])
    flip_ms.sort()
    recheck_ms.sort()
    return {"requests": len(scenario.requests), "goals": len(goals), "flips": flips,
            "flip_ms_median": round(flip_ms[len(flip_ms) // 2], 2), "flip_ms_max": round(flip_ms[-1], 2),
            "recheck_ms_median": round(recheck_ms[len(recheck_ms) // 2], 2) if recheck_ms else None,
            "recheck_ms_max": round(recheck_ms[-1], 2) if recheck_ms else None}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the best counts)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    files = sorted((ROOT / "scenarios").glob("*.yaml")) + sorted((ROOT / "tests" / "cases").rglob("*.yaml"))
    report = {}
    for path in files:
        found = bench_file(path, args.repeat)
        if found is not None:
            report[str(path.relative_to(ROOT))] = found
    lessons = {k: v for k, v in report.items() if k.startswith("scenarios/")}
    summary = {
        "lesson_flip_ms_max": max(v["flip_ms_max"] for v in lessons.values()),
        "lesson_recheck_ms_max": max(v["recheck_ms_max"] or 0 for v in lessons.values()),
        "all_flip_ms_max": max(v["flip_ms_max"] for v in report.values()),
        "all_recheck_ms_max": max(v["recheck_ms_max"] or 0 for v in report.values()),
    }
    if args.json:
        print(json.dumps({"files": report, "summary": summary}, indent=2))
        return 0
    for name, row in report.items():
        print(f"{name:<55} {row['requests']:>3} requests {row['flips']:>3} flips  flip median "
              f"{row['flip_ms_median']:>6} max {row['flip_ms_max']:>6} ms  recheck median "
              f"{row['recheck_ms_median']} max {row['recheck_ms_max']} ms")
    for key, value in summary.items():
        print(f"{key:>24}: {value} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
