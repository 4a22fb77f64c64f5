"""Engine benchmarks (not timed tests): load time, decisions per second, lesson re-evaluation, peak memory
(peak RSS of this process, resource.getrusage).

    python bench/bench_engine.py                  # generates bench/out/medium.yaml if missing
    python bench/bench_engine.py --file bench/out/large.yaml --limit 20000

Decisions/s is evaluation only, in one process: the full outcome with deciding statements and no trace,
then again with explain=True. The first pass over the requests also compiles every policy and builds
each (caller, action) plan; later passes reuse them, as the GUI and repeated checks do. Each bundled
lesson (scenarios/) is timed as re-evaluating every request
with a fresh Engine, as the GUI does after an edit (best of several runs, in ms).
"""
from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from iam_studio.core.engine.engine import Engine  # noqa: E402
from iam_studio.core.scenario.load import load_scenario  # noqa: E402


def ensure(path: Path, size: str) -> Path:
    if not path.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--size", size, "-o", str(path)],
                       check=True)
    return path


def decisions_per_second(engine: Engine, requests, explain: bool, passes: int = 5) -> tuple[float, float]:
    """(best, median) decisions per second of CPU time over `passes` passes through the requests.

    CPU time of this process, one core. This shared machine's speed varies from minute to minute, so
    the best pass (as `timeit` reports) and the median are both given.
    """
    rates = []
    for _ in range(passes):
        start = time.process_time()
        for spec in requests:
            engine.evaluate(spec, explain=explain)
        rates.append(len(requests) / (time.process_time() - start))
    rates.sort()
    return rates[-1], rates[len(rates) // 2]


def lesson_times(repeat: int = 7) -> dict[str, float]:
    times = {}
    for path in sorted((ROOT / "scenarios").rglob("*.yaml")):
        scenario, diagnostics = load_scenario(path)
        if scenario is None:
            continue
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            engine = Engine(scenario)
            for spec in scenario.requests:
                engine.evaluate(spec)
            best = min(best, time.perf_counter() - start)
        times[str(path.relative_to(ROOT))] = best * 1000
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=str(ROOT / "bench" / "out" / "medium.yaml"))
    parser.add_argument("--size", default="medium", help="size to generate when --file is missing")
    parser.add_argument("--limit", type=int, default=0, help="evaluate only the first N requests")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    path = ensure(Path(args.file), args.size)

    start = time.perf_counter()
    scenario, diagnostics = load_scenario(path)
    load_s = time.perf_counter() - start
    errors = [d for d in diagnostics if d.is_error]
    if scenario is None or errors:
        print("\n".join(d.format() for d in errors[:10]), file=sys.stderr)
        return 2
    requests = scenario.requests[:args.limit] if args.limit else scenario.requests

    gc.freeze()                  # as `iam-studio check` does: the loaded scenario is never collected
    start = time.perf_counter()
    engine = Engine(scenario)
    first_pass = [engine.evaluate(spec) for spec in requests]     # compiles lazily on first use
    first_s = time.perf_counter() - start
    counts: dict[str, int] = {}
    for result in first_pass:
        counts[result.decision.value] = counts.get(result.decision.value, 0) + 1

    gc.freeze()                  # the engine's compiled policies and plans are long-lived too
    plain, plain_median = decisions_per_second(engine, requests, explain=False)
    explained, _ = decisions_per_second(engine, requests[:2000], explain=True, passes=3)
    lessons = lesson_times()
    import resource
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = {
        "file": str(path), "size_mb": round(path.stat().st_size / 1e6, 2), "requests": len(requests),
        "load_s": round(load_s, 2), "first_pass_s": round(first_s, 2),
        "first_pass_decisions_per_s": round(len(requests) / first_s),
        "decisions_per_s_best": round(plain), "decisions_per_s_median": round(plain_median),
        "decisions_per_s_explain": round(explained),
        "decisions": counts,
        "lesson_reeval_ms": {k: round(v, 2) for k, v in lessons.items()},
        "lesson_reeval_max_ms": round(max(lessons.values()), 2) if lessons else None,
        "peak_rss_mb": round(rss_mb, 1),
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for key, value in report.items():
            print(f"{key:>26}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
