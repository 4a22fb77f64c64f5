"""kill -9 at every step of a save leaves a whole file (the old text or the new), also for hard links,
and at every step of an autosave leaves a copy that the next start offers (issue 8)."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from iam_studio.core.scenario.load import load_scenario

ROOT = Path(__file__).resolve().parents[2]
TEXT = 'iam_studio: 1\ntitle: old\naccount: "123456789012"\nusers:\n  ana: {}\n' + "".join(
    f"x-k{i}: {i}\n" for i in range(200))

# The child counts the system calls a save makes and kills itself with SIGKILL at call number STEP.
CHILD = textwrap.dedent("""
    import os, signal, sys
    step, calls = int(sys.argv[2]), [0]
    def counted(fn):
        def call(*a, **k):
            calls[0] += 1
            if calls[0] == step:
                os.kill(os.getpid(), signal.SIGKILL)
            return fn(*a, **k)
        return call
    for name in ("fdopen", "fsync", "chmod", "chown", "replace", "unlink", "open"):
        setattr(os, name, counted(getattr(os, name)))
    {body}
    print("done", calls[0])
""")
SAVE = """
real, step = step, 0
from iam_studio.core.scenario.load import load_scenario
from iam_studio.core.scenario.save import save_scenario
scenario, _ = load_scenario(sys.argv[1])
scenario.title = "new"
step, calls[0] = real, 0                  # count the save's own calls
assert save_scenario(scenario, sys.argv[1]) == []
"""


def run_child(body: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    code = CHILD.replace("{body}", textwrap.dedent(body).strip())
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


@pytest.mark.parametrize("links", [1, 2], ids=["one-name", "hard-linked"])
def test_a_kill_at_every_step_of_a_save_leaves_a_whole_file(tmp_path, links):
    step = 1
    while True:
        path = tmp_path / f"s{step}.yaml"
        path.write_text(TEXT)
        if links == 2:
            os.link(path, tmp_path / f"other{step}.yaml")
        done = run_child(SAVE, str(path), str(step))
        scenario, _ = load_scenario(path)
        backup = path.with_name(f".{path.name}.backup")
        if scenario is None:
            assert links == 2 and load_scenario(backup)[0].title == "old", (step, done.stderr)
        else:
            assert scenario.title in ("old", "new"), step
        if links == 2:
            assert os.stat(path).st_nlink == 2
        if done.returncode == 0:
            assert scenario.title == "new" and not backup.exists()
            break
        assert done.returncode == -9, done.stderr
        step += 1
    assert step > 3                                  # the save really was cut at several points


AUTOSAVE = """
real, step = step, 0                       # nothing is killed until the second autosave
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
app = QApplication([])
from iam_studio.gui.autosave import Autosave
from iam_studio.gui.document import ScenarioDocument
doc = ScenarioDocument()
doc.load(sys.argv[1])
doc.mark_unsaved()
saver = Autosave(doc)
saver._stem = "session-999999999-kill"
assert saver.write_now() is not None
doc.scenario.title = "second"
step, calls[0] = real, 0
saver.write_now()
"""


def test_a_kill_at_every_step_of_an_autosave_leaves_a_copy_that_is_offered(tmp_path):
    from iam_studio.gui import autosave
    path = tmp_path / "s.yaml"
    path.write_text(TEXT)
    step = 1
    while True:
        data = tmp_path / f"data{step}"
        done = run_child(AUTOSAVE, str(path), str(step), env={"IAM_STUDIO_DATA_DIR": str(data)})
        os.environ["IAM_STUDIO_DATA_DIR"] = str(data)
        try:
            found = autosave.pending()
        finally:
            del os.environ["IAM_STUDIO_DATA_DIR"]
        assert len(found) == 1, (step, done.stderr)
        scenario, _ = load_scenario(found[0].copy)
        assert scenario is not None and scenario.title in ("old", "second")
        assert found[0].original == str(path) or found[0].original is None
        if done.returncode == 0:
            assert scenario.title == "second"
            break
        assert done.returncode == -9, done.stderr
        step += 1
    assert step > 3
