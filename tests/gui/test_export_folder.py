"""File › Export starts where Save As does (the user's documents, or beside the open file), never in the
process's working directory or the lessons folder, and then in the folder of the last export."""
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog

from iam_studio.gui.main_window import MainWindow

SCENARIOS = Path(__file__).parents[2] / "scenarios"


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""


@pytest.fixture
def asked(monkeypatch):
    """The file dialogs' starting paths; the user answers with the path in `asked.answer`."""
    starts: list[str] = []

    def get_save_file_name(parent, caption, start, filter_=""):
        starts.append(start)
        return (str(asked_answer[0]) if asked_answer[0] else ""), filter_
    asked_answer: list[Path | None] = [None]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save_file_name)
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *a, **k: (1.0, True))
    return starts, asked_answer


def _window(qtbot) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    return w


def _trigger(w: MainWindow, name: str) -> None:
    w.findChild(QAction, name).trigger()


def test_export_starts_in_the_documents_then_in_the_last_export_folder(qtbot, tmp_path, asked):
    starts, answer = asked
    w = _window(qtbot)
    assert w.open_path(str(SCENARIOS / "employee-directory.yaml"))      # a bundled lesson
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    expected = Path(documents) if documents and Path(documents).is_dir() else Path.home()
    answer[0] = tmp_path / "handouts" / "mine.png"
    answer[0].parent.mkdir()
    _trigger(w, "actionExportDiagram")
    assert Path(starts[-1]) == expected / "employee-directory-diagram.png"
    assert Path(starts[-1]).parent != Path.cwd()
    assert answer[0].is_file()
    answer[0] = tmp_path / "handouts" / "pipe.png"
    _trigger(w, "actionExportPipeline")
    assert Path(starts[-1]) == (tmp_path / "handouts").resolve() / "employee-directory-pipeline.png"
    again = _window(qtbot)                   # the next start remembers it too
    assert again.open_path(str(SCENARIOS / "conditions.yaml"))
    _trigger(again, "actionExportHandout")
    assert Path(starts[-1]).parent == (tmp_path / "handouts").resolve()


def test_export_starts_beside_the_open_file(qtbot, tmp_path, asked):
    starts, answer = asked
    mine = tmp_path / "class" / "lesson.yaml"
    mine.parent.mkdir()
    shutil.copy(SCENARIOS / "employee-directory.yaml", mine)
    w = _window(qtbot)
    assert w.open_path(str(mine))
    answer[0] = None                         # the user cancels
    _trigger(w, "actionExportDiagram")
    assert Path(starts[-1]) == mine.parent / "lesson-diagram.png"
    assert w.last_error is None or not w.last_error.isVisible()
