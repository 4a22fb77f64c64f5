"""The window opens any file `check` accepts and keeps autosaved work until it is saved (issue 8)."""
import json
import os

import pytest
from PySide6.QtWidgets import QMessageBox

from iam_studio.gui import autosave
from iam_studio.gui.main_window import MainWindow

BASE = """iam_studio: 1
title: Layout
account: "123456789012"
users:
  ana: {}
  bo: {}
groups:
  Devs: {}
roles:
  App:
    trust: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com},
            Action: "sts:AssumeRole"}]}
"""


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""




@pytest.mark.parametrize("layout", ["5", "[1, 2]", "{user/ana: {a: 1}}", "{user/ana: [.nan, .inf]}",
                                    "{user/ana: [" + "9" * 4000 + ", 1]}", "{user/ana: [true, 1]}",
                                    "{user/ana: [1, 2, 3], user/bo: [10, 20]}", "{user/ana: [-.inf, 1e308]}"])
def test_every_node_is_drawn_whatever_layout_says(window, tmp_path, layout):
    path = tmp_path / "layout.yaml"
    path.write_text(BASE + f"layout: {layout}\n")
    assert window.open_path(str(path))
    nodes = window.canvas.nodes
    assert {"user/ana", "user/bo", "group/Devs", "role/App"} <= set(nodes)
    for item in nodes.values():
        pos = item.pos()
        assert abs(pos.x()) < 1e7 and abs(pos.y()) < 1e7
    if "user/bo: [10, 20]" in layout:
        assert (nodes["user/bo"].pos().x(), nodes["user/bo"].pos().y()) == (10, 20)


def test_a_lesson_with_a_tagged_title_opens(window, tmp_path):
    path = tmp_path / "tagged.yaml"
    path.write_text(BASE.replace("title: Layout", "title: !!int abc"))
    assert window.open_path(str(path)) and window.doc.scenario.title == "abc"


def test_a_recovered_copy_is_kept_until_the_work_is_saved(window, tmp_path, qtbot, monkeypatch):
    path = tmp_path / "s.yaml"
    path.write_text(BASE)
    window.open_path(str(path))
    window.canvas.add_node("role")
    copy = window.autosave.write_now()
    later = MainWindow()                      # the next start
    qtbot.addWidget(later)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Ignore)
    later.offer_recovery()
    assert [r.copy for r in autosave.pending()] == [copy]            # "Ignore" keeps it for the next start
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Open)
    later.offer_recovery()
    assert "NewRole" in later.doc.scenario.roles and later.doc.dirty
    assert [r.copy for r in autosave.pending()] == [copy]            # still there: nothing saved yet
    assert later._save_to(str(tmp_path / "kept.yaml"))
    assert autosave.pending() == []


def test_a_copy_whose_note_was_lost_is_still_offered(window, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(BASE)
    window.open_path(str(path))
    window.canvas.add_node("user")
    copy = window.autosave.write_now()
    copy.with_suffix(".json").write_text('{"original": "/x", "sav')            # torn by a kill
    assert [r.copy for r in autosave.pending()] == [copy]
    copy.with_suffix(".json").unlink()
    assert [r.copy for r in autosave.pending()] == [copy]


def test_a_copy_that_cannot_be_opened_is_kept(window, tmp_path):
    folder = autosave.autosave_dir()
    (folder / "session-999999999-1.yaml").write_text("iam_studio: 1\nusers: 5\n")
    (folder / "session-999999999-1.json").write_text(json.dumps({"original": None, "saved_at": 1.0}))
    window.recover(autosave.pending()[0], True)
    assert (folder / "session-999999999-1.yaml").exists()


def test_a_failed_autosave_is_shown(window, tmp_path, monkeypatch):
    path = tmp_path / "s.yaml"
    path.write_text(BASE)
    window.open_path(str(path))
    window.canvas.add_node("user")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setattr(autosave, "autosave_dir", lambda: blocker / "autosave")
    assert window.autosave.write_now() is None
    assert window.statusBar().currentMessage().startswith("Autosave failed:")


def test_starting_with_a_file_still_offers_recovery(tmp_path, monkeypatch, qtbot):
    from PySide6.QtWidgets import QApplication

    from iam_studio.gui import app
    path = tmp_path / "s.yaml"
    path.write_text(BASE)
    offered = []
    monkeypatch.setattr(MainWindow, "offer_recovery", lambda self: offered.append(self.doc.path))
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    assert app.run(str(path)) == 0
    assert offered == [str(path)]
    for w in QApplication.topLevelWidgets():
        if isinstance(w, MainWindow):
            qtbot.addWidget(w)


def test_copies_of_another_running_studio_are_not_offered(window):
    folder = autosave.autosave_dir()
    parent = os.getppid()                     # a process that is certainly running
    (folder / f"session-{parent}-1.yaml").write_text("iam_studio: 1\n")
    (folder / "session-999999999-2.yaml").write_text("iam_studio: 1\n")        # its studio has ended
    names = [r.copy.name for r in autosave.pending()]
    assert f"session-{parent}-1.yaml" not in names and "session-999999999-2.yaml" in names
