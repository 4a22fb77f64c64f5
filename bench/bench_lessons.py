"""Lesson benchmarks (not timed tests): re-checking every goal of a lesson after an edit, as the
lesson panel does (target: under 10 ms), and what an edit costs when the loader re-checks the
lesson's stored solutions (edits.py runs the loader after every edit).

    python bench/bench_lessons.py

For each bundled lesson: the best of 20 runs, in ms of CPU time (time.process_time), of
- goals: `evaluate_goals` on all the goals of every step, with a fresh Engine (an edit makes the
  old one stale), on the account after an edit;
- edit check: building the scenario again from its data with the lesson (the loader's checks of
  every stored solution included), as `edits` does after each edit.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from iam_studio.core.lessons import evaluate_goals  # noqa: E402
from iam_studio.core.located import from_plain  # noqa: E402
from iam_studio.core.scenario.load import build_scenario, load_scenario  # noqa: E402
from iam_studio.core.scenario.save import scenario_to_plain  # noqa: E402


def best(run, repeat: int = 20) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times) * 1000


def main() -> int:
    print(f"{'lesson':40} {'goals':>6} {'goals ms':>9} {'edit check ms':>14}")
    worst = 0.0
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        scenario, _ = load_scenario(path)
        goals = [goal for step in scenario.lesson.steps for goal in step.goals]
        goals_ms = best(lambda s=scenario, g=goals: evaluate_goals(s, g))
        edit_ms = best(lambda s=scenario: build_scenario(from_plain(scenario_to_plain(s)), s.file, advice=False))
        worst = max(worst, goals_ms)
        print(f"{path.name:40} {len(goals):6} {goals_ms:9.2f} {edit_ms:14.2f}")
    print(f"slowest goal re-check: {worst:.2f} ms (target < 10 ms)")
    return 0 if worst < 10 else 1


if __name__ == "__main__":
    sys.exit(main())
