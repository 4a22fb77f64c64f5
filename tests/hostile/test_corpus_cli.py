"""Every input of the hostile corpus through the real command line, each in its own guarded process:
exit 2, every message at a position with a hint, no traceback, no "bug" (issue 8)."""
from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from .corpus import cases

SECONDS, MEMORY = 60, 1024 ** 3
_POSITION = re.compile(r"^(?:\S.*?:\d+:\d+|--[a-z-]+|iam-studio): (?:error|warning): ", re.MULTILINE)
_ROOT = Path(__file__).resolve().parents[2]


def _guard() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (SECONDS, SECONDS))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return cases(tmp_path_factory.mktemp("corpus"))


def _names():
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        return [name for name, _, _ in cases(Path(folder))]


@pytest.mark.parametrize("name", _names())
def test_hostile_input_ends_in_a_diagnostic(corpus, name):
    argv, exits = next((argv, exits) for n, argv, exits in corpus if n == name)
    env = {**os.environ, "PYTHONPATH": str(_ROOT), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "iam_studio.launcher", *argv], capture_output=True, timeout=SECONDS,
                          env=env, preexec_fn=_guard, stdin=subprocess.DEVNULL)
    text = (done.stdout + done.stderr).decode("utf-8", "replace")
    assert done.returncode in exits, text[-2000:]
    assert "Traceback" not in text and "bug" not in text.lower(), text[-2000:]
    problems = [m.start() for m in _POSITION.finditer(text)]
    assert problems, text[-2000:]
    for start in problems:
        block = text[start:].split("\n")
        line = block[0]
        if ": error: " in line:
            assert len(block) > 1 and block[1].startswith("  help: "), line
