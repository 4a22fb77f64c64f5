"""End-to-end benchmark: `python -m iam_studio check --json FILE` on the generated accounts, as YAML
and as JSON, measuring the whole command (start-up, reading, checking, evaluating every request,
writing the JSON): wall time, CPU time (user + system) and peak RSS of the child process
(resource.getrusage(RUSAGE_CHILDREN)). The machine is shared, so several runs give the best and the
median of each, with the 1-minute load average before and after the runs (CPU times grow with the
load too: quote figures measured at a low load as such).

    python bench/bench_check.py                          # medium YAML and JSON, large YAML
    python bench/bench_check.py --files medium.json --runs 5

Each run is a fresh helper process so that RUSAGE_CHILDREN belongs to that run only. The command runs
as an installed package does, from bytecode: a first run on the bundled lessons (YAML, signed
requests: every module a check can import), not counted, compiles it into bench/out/pycache
(`-X pycache_prefix`, whatever PYTHONDONTWRITEBYTECODE says); `--source` measures instead compiling
every module from source on every run.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"medium.json": (1.5, None), "medium.yaml": (6.0, None), "large.yaml": (30.0, 1536.0)}  # seconds, MB


PYCACHE = ROOT / "bench" / "out" / "pycache"


def command(path: Path, source: bool) -> tuple[list[str], dict[str, str]]:
    """The check command and its environment: from bytecode in PYCACHE, or compiling from source."""
    env = dict(os.environ)
    if source:
        return [sys.executable, "-B", "-m", "iam_studio", "check", "--json", str(path)], env
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return [sys.executable, "-X", f"pycache_prefix={PYCACHE}", "-m", "iam_studio", "check", "--json", str(path)], env


def run_one(path: Path, source: bool) -> dict:
    """Run check --json once as a child of this process; report wall time, peak RSS, counts."""
    argv, env = command(path, source)
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = usage.ru_maxrss / 1024     # KiB on Linux
    try:
        out = json.loads(proc.stdout)
        results, errors = len(out.get("results", [])), len(out.get("errors", []))
    except json.JSONDecodeError:
        results, errors = None, proc.stderr.strip()[-500:]
    return {"file": str(path), "exit": proc.returncode, "wall_s": round(wall, 2),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 2), "peak_rss_mb": round(peak_mb, 1),
            "results": results, "errors": errors}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="+", default=["medium.yaml", "medium.json", "large.yaml"],
                        help="generated accounts in bench/out/ (SIZE.FORMAT)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--source", action="store_true", help="compile every module from source on every run")
    parser.add_argument("--one", help=argparse.SUPPRESS)           # internal: measure one file
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(Path(args.one), args.source)))
        return 0
    print(__doc__.split("\n\n")[0], end="\n\n")
    if not args.source:
        run_one(ROOT / "scenarios", source=False)       # writes the bytecode; not counted
    rows = []
    for name in args.files:
        path = ROOT / "bench" / "out" / name
        size, _, fmt = name.partition(".")
        if not path.exists():
            subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--size", size, "--format", fmt,
                            "-o", str(path)], check=True)
        one = [sys.executable, __file__, "--one", str(path)] + (["--source"] if args.source else [])
        load_before = os.getloadavg()[0]
        runs = [json.loads(subprocess.run(one, capture_output=True, text=True, check=True).stdout)
                for _ in range(args.runs)]
        row = dict(runs[-1], bytecode=not args.source)
        row["load_average"] = [round(load_before, 1), round(os.getloadavg()[0], 1)]   # 1-minute, before / after
        for key in ("wall_s", "cpu_s", "peak_rss_mb"):
            values = sorted(r[key] for r in runs)
            row[key] = {"best": values[0], "median": values[len(values) // 2]}
        seconds, megabytes = TARGETS.get(name, (None, None))
        row["target_s"], row["target_mb"] = seconds, megabytes
        row["meets_target"] = (seconds is None or row["wall_s"]["best"] < seconds) and \
                              (megabytes is None or row["peak_rss_mb"]["best"] < megabytes)
        rows.append(row)
        print(json.dumps(row))
    return 0 if all(r["meets_target"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
