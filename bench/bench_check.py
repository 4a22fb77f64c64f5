"""End-to-end benchmark: `python -m iam_studio check --json FILE` on the generated medium and large
accounts, measuring wall time and the child's peak RSS (resource.getrusage(RUSAGE_CHILDREN)).

    python bench/bench_check.py                 # medium and large (generated into bench/out/ if missing)
    python bench/bench_check.py --sizes medium

Each size runs in a fresh helper process so that RUSAGE_CHILDREN's maximum belongs to that run only.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"medium": (6.0, None), "large": (30.0, 1536.0)}     # seconds, MB


def run_one(path: Path) -> dict:
    """Run check --json once as a child of this process; report wall time, peak RSS, counts."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "iam_studio", "check", "--json", str(path)],
                          cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024     # KiB on Linux
    try:
        out = json.loads(proc.stdout)
        results, errors = len(out.get("results", [])), len(out.get("errors", []))
    except json.JSONDecodeError:
        results, errors = None, proc.stderr.strip()[-500:]
    return {"file": str(path), "exit": proc.returncode, "wall_s": round(wall, 2), "peak_rss_mb": round(peak_mb, 1),
            "results": results, "errors": errors}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["medium", "large"])
    parser.add_argument("--one", help=argparse.SUPPRESS)           # internal: measure one file
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(Path(args.one))))
        return 0
    rows = []
    for size in args.sizes:
        path = ROOT / "bench" / "out" / f"{size}.yaml"
        if not path.exists():
            subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--size", size, "-o", str(path)],
                           check=True)
        helper = subprocess.run([sys.executable, __file__, "--one", str(path)], capture_output=True, text=True,
                                check=True)
        row = json.loads(helper.stdout)
        seconds, megabytes = TARGETS.get(size, (None, None))
        row["size"] = size
        row["meets_target"] = (seconds is None or row["wall_s"] < seconds) and \
                              (megabytes is None or row["peak_rss_mb"] < megabytes)
        rows.append(row)
        print(json.dumps(row))
    return 0 if all(r["meets_target"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
