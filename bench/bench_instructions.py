"""Engine work in instructions, not seconds: the same count on a busy or a quiet machine, fast or slow.

    python bench/bench_instructions.py                     # cold, on bench/out/medium.yaml
    python bench/bench_instructions.py --memoise           # cold, the engine keeping outcomes (as the GUI's)
    python bench/bench_instructions.py --mode compiled     # every policy compiled already
    python bench/bench_instructions.py --tree /path/to/other/checkout   # the same, for another version

Seconds on a shared machine move by 10-20% from run to run, which hides a change of a few per cent.
This runs one pass under valgrind's callgrind (Debian package `valgrind`; 2-4 minutes), with counting
switched on only for the pass: the loading of the account is not counted. It prints the instructions
the interpreter executed for the pass, per request. Repeated runs of the same code agree to about
0.1%. Instructions are not time (cache misses and branches are not in them), so a speed-up is
still confirmed in seconds (bench_engine.py), alternating the two versions.

- cold: a fresh `Engine` evaluates each request once, as bench_engine.py's cold pass (compiling
  every policy the requests touch included; not memoising, as `iam-studio check`, or with `--memoise`
  keeping every outcome as the GUI's engine does); the collector off, or with `--collector` at its
  defaults (its passes are triggered by counts of allocations, so they are counted the same way).
- compiled: the same requests again on that Engine (memo cleared): evaluation alone.
"""
from __future__ import annotations

import argparse
import gc
import inspect
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(tree: str, path: str, mode: str, limit: int, collector: bool, memoise: bool) -> None:
    """In the process valgrind runs: load, say ready, run the pass when told, say done."""
    sys.path.insert(0, tree)
    from iam_studio.core.engine.engine import Engine
    from iam_studio.core.scenario.load import load_scenario
    scenario, _ = load_scenario(path)
    assert scenario is not None, f"{path} does not load"
    requests = scenario.requests[:limit] if limit else scenario.requests
    gc.freeze()                 # as bench_engine.py and `iam-studio check`: the loaded account is never collected
    gc.disable()
    made = (lambda: Engine(scenario, memoise=memoise)) if "memoise" in inspect.signature(Engine).parameters \
        else (lambda: Engine(scenario))          # a version from before `memoise`: it always memoised
    engine = made()
    if mode == "compiled":
        for spec in requests:
            engine.evaluate(spec)
        engine._memo.clear()
    print("ready", flush=True)
    sys.stdin.readline()
    if mode == "cold":
        engine = made()
    if collector:
        gc.enable()
    for spec in requests:
        engine.evaluate(spec)
    print("done", flush=True)
    sys.stdin.readline()


def count(tree: str, path: str, mode: str, limit: int, collector: bool, memoise: bool) -> tuple[int, int]:
    """(instructions of the pass, requests) for the code at `tree`."""
    with tempfile.TemporaryDirectory() as scratch:
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no",
                   f"--callgrind-out-file={scratch}/callgrind.out", sys.executable, __file__, "--child",
                   "--tree", tree, "--file", path, "--mode", mode, "--limit", str(limit)] + \
            (["--collector"] if collector else []) + (["--memoise"] if memoise else [])
        run = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "PYTHONHASHSEED": "0"})   # the same dict layouts
        assert run.stdin is not None and run.stdout is not None
        if run.stdout.readline().strip() != "ready":
            raise SystemExit(run.communicate()[1][-2000:])
        subprocess.run(["callgrind_control", "--instr=on", str(run.pid)], check=True, capture_output=True)
        run.stdin.write("\n")
        run.stdin.flush()
        if run.stdout.readline().strip() != "done":
            raise SystemExit(run.communicate()[1][-2000:])
        subprocess.run(["callgrind_control", "--instr=off", str(run.pid)], check=True, capture_output=True)
        run.stdin.write("\n")
        run.stdin.flush()
        _, errors = run.communicate()
    found = re.search(r"Collected : (\d+)", errors)
    if found is None:
        raise SystemExit(errors[-2000:])
    requests = limit or _request_count(tree, path)
    return int(found.group(1)), requests


def _request_count(tree: str, path: str) -> int:
    done = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                           "from iam_studio.core.scenario.load import load_scenario; "
                           "print(len(load_scenario(sys.argv[2])[0].requests))", tree, path],
                          check=True, capture_output=True, text=True)
    return int(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=str(ROOT / "bench" / "out" / "medium.yaml"))
    parser.add_argument("--tree", default=str(ROOT), help="the checkout whose engine is counted")
    parser.add_argument("--mode", choices=["cold", "compiled"], default="cold")
    parser.add_argument("--limit", type=int, default=0, help="only the first N requests")
    parser.add_argument("--collector", action="store_true", help="the garbage collector at its defaults")
    parser.add_argument("--memoise", action="store_true", help="the engine keeps every outcome (as the GUI's)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.tree, args.file, args.mode, args.limit, args.collector, args.memoise)
        return 0
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    if not Path(args.file).exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--size", "medium",
                        "-o", args.file], check=True)
    instructions, requests = count(args.tree, args.file, args.mode, args.limit, args.collector, args.memoise)
    collector = "collector at its defaults" if args.collector else "collector off"
    memo = ", memoising" if args.memoise else ""
    print(f"{args.mode}{memo}, {collector}: {instructions / 1e6:,.1f} M instructions for {requests:,} requests, "
          f"{instructions / requests / 1e3:,.1f} k per request ({args.tree})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
