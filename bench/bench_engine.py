"""Engine benchmarks (not timed tests): decisions per second cold, warm and explained, lesson
re-evaluation, load time and peak memory (peak RSS of this process, resource.getrusage).

    python bench/bench_engine.py                  # generates bench/out/medium.yaml if missing
    python bench/bench_engine.py --file bench/out/large.yaml --limit 20000

What each figure measures (one process; CPU time of this process, time.process_time; the machine
is shared, so the best and the median of several passes are both given):
- cold: a fresh `Engine` on the loaded scenario evaluates each request once, in file order, with the
  full outcome and deciding statements; compiling every policy the requests touch is included.
  Given twice: with Python's garbage collector at its default settings, and with the collector off
  during the pass, as `iam-studio check` runs (cli/check.py turns it off for the whole check).
- warm: the same Engine evaluates the same requests again. The Engine memoises outcomes, so this is
  the cost of finding a result already computed (as the GUI's badges and a repeated check meet it).
- explained: a fresh Engine evaluates the first 2,000 requests once each with explain=True (the full
  step-by-step trace the GUI animates: every statement of every policy in play, with its outcome;
  a statement step's message and per-element reasons are built when first read, and are not read
  here), compilation included; with the collector on and off, as for cold.
Each bundled lesson (scenarios/) is timed as re-evaluating every request with a fresh Engine, as the
GUI does after an edit (best of several runs, in ms). As `iam-studio check` does, the loaded scenario
is frozen out of the garbage collector's way (gc.freeze) before the passes; the collector otherwise
runs with its default settings.
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


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def cold_and_warm(scenario, requests, passes: int, collector: bool) -> tuple[list[float], list[float], list]:
    """Per pass: decisions/s of a fresh Engine (cold), then of the same Engine again (warm)."""
    cold, warm, results = [], [], []
    for _ in range(passes):
        results = []
        gc.collect()
        if not collector:
            gc.disable()
        start = time.process_time()
        engine = Engine(scenario)
        results = [engine.evaluate(spec) for spec in requests]
        cold.append(_rate(len(requests), time.process_time() - start))
        start = time.process_time()
        for spec in requests:
            engine.evaluate(spec)
        warm.append(_rate(len(requests), time.process_time() - start))
        gc.enable()
        del engine
    return cold, warm, results


def explained(scenario, requests, passes: int, collector: bool) -> list[float]:
    """Per pass: explained decisions/s of a fresh Engine, each request once (the results are kept)."""
    rates = []
    for _ in range(passes):
        gc.collect()
        if not collector:
            gc.disable()
        start = time.process_time()
        engine = Engine(scenario)
        results = [engine.evaluate(spec, explain=True) for spec in requests]
        rates.append(_rate(len(requests), time.process_time() - start))
        gc.enable()
        del engine, results
    return rates


def best_median(rates: list[float]) -> tuple[int, int]:
    ordered = sorted(rates)
    return round(ordered[-1]), round(ordered[len(ordered) // 2])


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
    parser.add_argument("--passes", type=int, default=5, help="cold/warm passes (explained: half, at least 3)")
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
    cold, warm, results = cold_and_warm(scenario, requests, args.passes, collector=True)
    cold_off, _, _ = cold_and_warm(scenario, requests, args.passes, collector=False)
    explain = explained(scenario, requests[:2000], max(3, args.passes // 2), collector=True)
    explain_off = explained(scenario, requests[:2000], max(3, args.passes // 2), collector=False)
    counts: dict[str, int] = {}
    for result in results:
        counts[result.decision.value] = counts.get(result.decision.value, 0) + 1
    lessons = lesson_times()
    import resource
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    distinct = len({(s.principal, s.session_name, s.action, s.resource, s.resource_account,
                     tuple(sorted((k, tuple(v)) for k, v in s.context.items())), tuple(s.session_policies),
                     s.vpc_endpoint_policy) for s in requests})
    report = {
        "file": str(path), "size_mb": round(path.stat().st_size / 1e6, 2), "requests": len(requests),
        "distinct_requests": distinct, "passes": args.passes, "load_s": round(load_s, 2),
        "cold_per_s_best_median": best_median(cold),
        "cold_collector_off_per_s_best_median": best_median(cold_off),
        "warm_per_s_best_median": best_median(warm),
        "explained_per_s_best_median": best_median(explain),
        "explained_collector_off_per_s_best_median": best_median(explain_off),
        "decisions": counts,
        "lesson_reeval_ms": {k: round(v, 2) for k, v in lessons.items()},
        "lesson_reeval_max_ms": round(max(lessons.values()), 2) if lessons else None,
        "peak_rss_mb": round(rss_mb, 1),
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(__doc__[__doc__.index("What each figure measures"):].strip(), end="\n\n")
        for key, value in report.items():
            print(f"{key:>26}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
