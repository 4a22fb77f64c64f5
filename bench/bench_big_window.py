"""GUI benchmark for huge files: from opening a file to a usable window (the canvas drawn, every node
placed), each case in a fresh process like `iam-studio FILE`.

    python bench/bench_big_window.py                  # every case
    python bench/bench_big_window.py --cases users-20000 title-1mb

Cases (generated into bench/out/, never committed): a scenario whose title is one 1 MB word, and
accounts of 2,000, 20,000 and 100,000 users in 50 groups with 20 policies. Prints wall and CPU time
from the start of `open_path` until the window has painted with the whole document shown (CPU time
counts the worker thread too), then the median frame time panning the fitted diagram.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
TIMEOUT = 300.0


def users_text(users: int, groups: int = 50, policies: int = 20) -> str:
    """An account of `users` users spread over `groups` groups, each group with one of `policies` policies."""
    out = ["iam_studio: 1", f"title: {users} users", 'account: "123456789012"', "policies:"]
    for p in range(policies):
        out += [f"  Policy{p:03d}:", "    document:", '      Version: "2012-10-17"', "      Statement:",
                "        - Effect: Allow", "          Action: s3:GetObject",
                f'          Resource: "arn:aws:s3:::b{p}/*"']
    out.append("groups:")
    out += [f"  Group{g:03d}: {{policies: [Policy{g % policies:03d}]}}" for g in range(groups)]
    out.append("users:")
    out += [f"  user{u:06d}: {{groups: [Group{u % groups:03d}]}}" for u in range(users)]
    return "\n".join(out) + "\n"


def title_text(size: int) -> str:
    """A two-user scenario whose title is one word of `size` characters (nowhere to break it)."""
    return f'iam_studio: 1\ntitle: {"A" * size}\naccount: "123456789012"\nusers:\n  ana: {{}}\n  bo: {{}}\n'


CASES = {
    "title-1mb": lambda: title_text(1_000_000),
    "users-2000": lambda: users_text(2_000),
    "users-20000": lambda: users_text(20_000),
    "users-100000": lambda: users_text(100_000),
}


def case_file(name: str) -> Path:
    path = OUT / f"big-window-{name}.yaml"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        path.write_text(CASES[name](), encoding="utf-8")
    return path


def open_one(path: str) -> dict:
    """In this process: a main window as `iam-studio` shows it, then the file opened and drawn."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from iam_studio.gui.main_window import MainWindow
    window = MainWindow()
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    wall, cpu = time.perf_counter(), time.process_time()
    opened = window.open_path(path)        # a big file: the progress dialog runs until it is open
    window.canvas.gview.viewport().repaint()
    app.processEvents()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    frames = []                            # panning the fitted diagram (the overview, for a big account)
    for _ in range(21):
        t = time.perf_counter()
        window.canvas.viewbox.translateBy((40, 20))
        window.canvas.gview.viewport().repaint()
        frames.append(time.perf_counter() - t)
    frames.sort()
    result = {"opened": bool(opened) and window.doc.path == path, "nodes": len(window.canvas.nodes),
              "wall": wall, "cpu": cpu, "title_chars": len(window.windowTitle()), "pan_ms": frames[10] * 1000,
              "overview": window.canvas.in_overview}
    window.doc.undo_stack.setClean()
    window.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=list(CASES))
    parser.add_argument("--one", help=argparse.SUPPRESS)            # the child process: one file
    args = parser.parse_args()
    if args.one:
        print(json.dumps(open_one(args.one)))
        return 0
    for name in args.cases:
        path = case_file(name)
        size = path.stat().st_size / 1e6
        try:
            child = subprocess.run([sys.executable, __file__, "--one", str(path)], capture_output=True, text=True,
                                   timeout=TIMEOUT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        except subprocess.TimeoutExpired:
            print(f"{name} ({size:.1f} MB): not usable after {TIMEOUT:.0f} s")
            continue
        lines = [line for line in child.stdout.splitlines() if line.startswith("{")]
        if child.returncode or not lines:
            print(f"{name}: failed\n{child.stderr[-2000:]}")
            continue
        r = json.loads(lines[-1])
        print(f"{name} ({size:.1f} MB): opened={r['opened']}, {r['nodes']} nodes, wall {r['wall']:.2f} s, "
              f"CPU {r['cpu']:.2f} s, window title {r['title_chars']} characters; pan frame at Fit "
              f"{r['pan_ms']:.1f} ms (median){' in the overview' if r['overview'] else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
