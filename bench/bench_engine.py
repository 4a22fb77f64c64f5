"""Engine benchmarks (not timed tests): decisions per second cold, warm and explained, lesson
re-evaluation, load time and peak memory (peak RSS, resource.getrusage).

    python bench/bench_engine.py                  # generates bench/out/medium.yaml if missing
    python bench/bench_engine.py --file bench/out/large.yaml --limit 20000

What each figure measures (CPU time of the measuring process, time.process_time; the machine is
shared, so the best and the median of several passes are both given). Every cold and explained pass
runs in a fresh process (load the file, `gc.freeze()` it as `iam-studio check` does, then one pass),
so nothing compiled by an earlier pass (the engine's or a module's caches) is reused:
- cold: a fresh `Engine` on the loaded scenario evaluates each request once, in file order, with the
  full outcome and deciding statements, results kept; compiling every policy the requests touch is
  included. The engine does not memoise (`memoise=False`), as `iam-studio check` and an analysis,
  which ask each request once, run it. Given twice: with the collector off during the pass, as
  `iam-studio check` runs (cli/check.py turns it off for the whole check), and with Python's garbage
  collector at its default settings.
- cold, memoising: the same with the engine the GUI uses, which keeps every outcome for an equal
  request asked again (collector off).
- warm: that memoising Engine, right after its cold pass, evaluates the same requests again: the cost
  of finding a result already computed (as the GUI's badges meet it), not of evaluating.
- explained: a fresh Engine evaluates the first 2,000 requests once each with explain=True (the full
  step-by-step trace the GUI animates: every statement of every policy in play, with its outcome;
  a statement's step, its message and per-element reasons are made when first read, and are not
  read here), compilation included, results kept; with the collector at its defaults and off.
Each bundled lesson (scenarios/) is timed as re-evaluating every request with a fresh Engine, as the
GUI does after an edit (best of several runs, in ms, wall time).
"""
from __future__ import annotations

import argparse
import gc
import json
import os
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


def one_pass(path: Path, kind: str, collector: bool, limit: int) -> dict[str, float]:
    """In this (fresh) process: load, freeze, then one cold (and warm) or one explained pass."""
    scenario, _ = load_scenario(path)
    requests = scenario.requests[:limit] if limit else scenario.requests
    gc.freeze()                  # as `iam-studio check` does: the loaded scenario is never collected
    gc.collect()
    if not collector:
        gc.disable()
    if kind == "explained":
        requests = requests[:2000]
        start = time.process_time()
        engine = Engine(scenario)
        results = [engine.evaluate(spec, explain=True) for spec in requests]
        return {"explained": _rate(len(results), time.process_time() - start)}
    memoised = kind == "memoised"
    start = time.process_time()
    engine = Engine(scenario, memoise=memoised)
    results = [engine.evaluate(spec) for spec in requests]
    cold = _rate(len(results), time.process_time() - start)
    counts: dict[str, int] = {}
    for result in results:
        counts[result.decision.value] = counts.get(result.decision.value, 0) + 1
    out = {"cold": cold, **{f"decision:{k}": v for k, v in counts.items()}}
    if memoised:
        start = time.process_time()
        for spec in requests:
            engine.evaluate(spec)
        out["warm"] = _rate(len(requests), time.process_time() - start)
    return out


def passes(path: Path, kind: str, collector: bool, limit: int, count: int) -> list[dict[str, float]]:
    """`count` passes, each in a fresh process (this script with --one-pass)."""
    out = []
    for _ in range(count):
        command = [sys.executable, __file__, "--file", str(path), "--limit", str(limit),
                   "--one-pass", f"{kind}:{'on' if collector else 'off'}"]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        out.append(json.loads(done.stdout))
    return out


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
    parser.add_argument("--passes", type=int, default=5, help="cold/warm passes (explained: as many, at least 3)")
    parser.add_argument("--one-pass", help=argparse.SUPPRESS)        # internal: KIND:on|off in this process
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    path = ensure(Path(args.file), args.size)
    if args.one_pass:
        kind, collector = args.one_pass.split(":")
        print(json.dumps(one_pass(path, kind, collector == "on", args.limit)))
        return 0

    start = time.perf_counter()
    scenario, diagnostics = load_scenario(path)
    load_s = time.perf_counter() - start
    errors = [d for d in diagnostics if d.is_error]
    if scenario is None or errors:
        print("\n".join(d.format() for d in errors[:10]), file=sys.stderr)
        return 2
    requests = scenario.requests[:args.limit] if args.limit else scenario.requests

    cold_off = passes(path, "cold", False, args.limit, args.passes)
    cold_on = passes(path, "cold", True, args.limit, args.passes)
    memoised = passes(path, "memoised", False, args.limit, args.passes)
    explain_on = passes(path, "explained", True, args.limit, max(3, args.passes))
    explain_off = passes(path, "explained", False, args.limit, max(3, args.passes))
    lessons = lesson_times()
    import resource
    rss_mb = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    distinct = len({(s.principal, s.session_name, s.action, s.resource, s.resource_account,
                     tuple(sorted((k, tuple(v)) for k, v in s.context.items())), tuple(s.session_policies),
                     s.vpc_endpoint_policy) for s in requests})
    report = {
        "file": str(path), "size_mb": round(path.stat().st_size / 1e6, 2), "requests": len(requests),
        "distinct_requests": distinct, "passes": args.passes, "load_s": round(load_s, 2),
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "cold_collector_off_per_s_best_median": best_median([p["cold"] for p in cold_off]),
        "cold_per_s_best_median": best_median([p["cold"] for p in cold_on]),
        "cold_memoising_collector_off_per_s_best_median": best_median([p["cold"] for p in memoised]),
        "warm_per_s_best_median": best_median([p["warm"] for p in memoised]),
        "explained_per_s_best_median": best_median([p["explained"] for p in explain_on]),
        "explained_collector_off_per_s_best_median": best_median([p["explained"] for p in explain_off]),
        "decisions": {k.split(":", 1)[1]: v for k, v in cold_off[0].items() if k.startswith("decision:")},
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
