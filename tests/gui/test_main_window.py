"""The main window as a user drives it: files, undo, dirty title, docks, themes, presentation, errors."""
import pytest
from PySide6.QtCore import QMimeData, QPointF, QUrl
from PySide6.QtWidgets import QMessageBox

from iam_studio.gui.main_window import MainWindow

SCENARIO = """iam_studio: 1
title: Tiny lesson
account: "123456789012"
policies:
  ReadPhotos:
    document:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: s3:GetObject
          Resource: "arn:aws:s3:::photos/*"
users:
  alice:
    groups: [Devs]
groups:
  Devs:
    policies: [ReadPhotos]
requests:
  - name: alice reads
    principal: user/alice
    action: s3:GetObject
    resource: arn:aws:s3:::photos/a.jpg
    expect: allowed
"""


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""




@pytest.fixture
def scenario_file(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(SCENARIO)
    return path


def test_draw_connect_undo_save_reopen(window, tmp_path, qtbot):
    window.new_file()
    canvas = window.canvas
    canvas.actions_by_name["add_user"].trigger()
    canvas.actions_by_name["add_group"].trigger()
    canvas.actions_by_name["add_policy"].trigger()
    canvas.connect_nodes("user/new-user", "group/NewGroup")
    canvas.connect_nodes("policy/NewPolicy", "group/NewGroup")
    canvas.connect_nodes("policy/NewPolicy", "user/new-user")
    assert window.isWindowModified() and "[*]" in window.windowTitle()
    window.findChild(type(window.findChild(object, "actionUndo")), "actionUndo").trigger()
    assert window.doc.scenario.users["new-user"].policies == []
    path = tmp_path / "drawn.yaml"
    assert window._save_to(str(path))
    assert not window.isWindowModified()
    other = MainWindow()
    qtbot.addWidget(other)
    assert other.open_path(str(path))
    sc = other.doc.scenario
    assert sc.users["new-user"].groups == ["NewGroup"]
    assert sc.groups["NewGroup"].policies == ["NewPolicy"]
    assert set(sc.extra["layout"]) >= {"user/new-user", "group/NewGroup", "policy/NewPolicy"}
    assert other.canvas.nodes["group/NewGroup"].pos() == canvas.nodes["group/NewGroup"].pos()
    assert not other.doc.dirty


def test_open_shows_canvas_and_records_recent(window, scenario_file):
    assert window.open_path(str(scenario_file))
    assert window.stack.currentWidget() is window.canvas
    assert {"user/alice", "group/Devs", "policy/ReadPhotos"} <= set(window.canvas.nodes)
    assert "tiny.yaml" in window.windowTitle() and "Tiny lesson" in window.windowTitle()
    assert window.recent_files()[0] == str(scenario_file.resolve())
    assert window.start.recent.item(0).data(256) == str(scenario_file.resolve())


def test_bad_file_is_reported_and_current_scenario_kept(window, scenario_file, tmp_path):
    window.open_path(str(scenario_file))
    bad = tmp_path / "bad.yaml"
    bad.write_text("iam_studio: 1\ngroups:\n  A: [\n")
    assert not window.open_path(str(bad))
    assert window.last_error is not None and window.last_error.isVisible()
    assert "bad.yaml" in window.last_error.text()
    assert "alice" in window.doc.scenario.users
    assert not window.open_path(str(tmp_path / "missing.yaml"))
    assert "does not exist" in window.last_error.text()
    assert _shown(window.last_error, "choose File") == "check the name, or choose File > Open"


def _shown(box, part: str) -> str:
    """What the message box's label holding `part` shows the user (a plain-text label shows its text as is)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel
    labels = [label for label in box.findChildren(QLabel) if part in label.text()]
    assert len(labels) == 1, [label.text() for label in box.findChildren(QLabel)]
    assert labels[0].textFormat() is Qt.TextFormat.PlainText
    return labels[0].text()


def test_closing_with_changes_asks(window, monkeypatch):
    window.new_file()
    window.canvas.add_node("user")
    monkeypatch.setattr(window, "ask_save_changes", lambda: QMessageBox.StandardButton.Cancel)
    assert not window.close()
    monkeypatch.setattr(window, "ask_save_changes", lambda: QMessageBox.StandardButton.Discard)
    assert window.close()


def test_drop_a_file_opens_it(window, scenario_file):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QDropEvent
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(scenario_file))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert "alice" in window.doc.scenario.users


def test_docks_can_be_closed_and_restored(window):
    window.new_file()                   # the start screen puts the panels away while it shows
    dock = window.docks["editorDock"]
    dock.toggleViewAction().trigger()
    assert dock.isHidden()
    dock.toggleViewAction().trigger()
    assert not dock.isHidden()
    for name in ("editorDock", "requestDock", "pipelineDock", "traceDock", "lessonDock", "glossaryDock"):
        assert window.docks[name].widget() is not None


def test_layout_is_remembered(qtbot):
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.new_file()
    first.docks["traceDock"].hide()
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    second.new_file()
    assert second.docks["traceDock"].isHidden() and not second.docks["pipelineDock"].isHidden()


def test_theme_zoom_and_presentation(window, qtbot):
    from PySide6.QtWidgets import QApplication
    base = QApplication.font().pointSizeF()
    window.findChild(type(window.findChild(object, "actionZoomIn")), "actionZoomIn").trigger()
    assert QApplication.font().pointSizeF() > base
    window.set_theme("dark")
    assert window.canvas.theme["background"] == "#1e2127"
    menu_item = window.findChild(type(window.findChild(object, "actionZoomIn")), "actionPresentation")
    assert menu_item.isCheckable() and not menu_item.isChecked()
    with qtbot.waitSignal(window.presentationChanged) as blocker:
        menu_item.trigger()                                   # View › Presentation mode (F11)
    assert blocker.args == [True] and window.presentation and window.theme == "high-contrast"
    assert menu_item.isChecked()                              # the menu says the mode is on
    menu_item.trigger()
    assert not window.presentation and window.theme == "dark" and not menu_item.isChecked()


def test_unexpected_error_is_shown_and_logged(window):
    import sys

    from iam_studio.gui import errors
    errors.install(window)
    try:
        raise RuntimeError("boom <b>not bold</b>")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert window.last_error.isVisible() and not window.last_error.isModal()
    assert _shown(window.last_error, "boom") == "IAM Studio hit an unexpected problem: boom <b>not bold</b>"
    assert "boom" in errors.log_file().read_text()
    sys.excepthook = sys.__excepthook__


def test_autosave_writes_copy_and_recovery_restores_it(window, scenario_file, qtbot):
    from iam_studio.gui import autosave
    window.open_path(str(scenario_file))
    window.canvas.add_node("role")
    copy = window.autosave.write_now()
    assert copy is not None and "NewRole" in copy.read_text()
    rec = autosave.pending()[0]
    assert rec.original == str(scenario_file)
    later = MainWindow()                      # the next start, after a crash
    qtbot.addWidget(later)
    later.recover(rec, True)
    assert "NewRole" in later.doc.scenario.roles and later.doc.path is None and later.doc.dirty
    assert rec.copy in [r.copy for r in autosave.pending()]      # kept until the work is saved
    assert later._save_to(str(scenario_file.parent / "recovered.yaml"))
    assert rec.copy not in [r.copy for r in autosave.pending()]


def test_saving_clears_the_autosave(window, scenario_file):
    from iam_studio.gui import autosave
    window.open_path(str(scenario_file))
    window.canvas.add_node("user")
    window.autosave.write_now()
    assert autosave.pending()
    assert window._save_to(str(scenario_file))
    assert autosave.pending() == []


def test_glossary_search(window):
    g = window.glossary
    g.search.setText("deny")
    assert "Implicit deny" in g.shown_terms() and "User" not in g.shown_terms()
    g.search.setText("zzzz")
    assert "No term matches" in g.view.toPlainText()


def _saved_layout(qtbot, version):
    """Close a window whose lesson dock was moved to the bottom area, saving its dock layout with `version`."""
    from PySide6.QtCore import Qt

    from iam_studio.gui import main_window
    w = main_window.MainWindow()
    qtbot.addWidget(w)
    w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, w.docks["lessonDock"])
    state = w.saveState(version)
    w.close()                                   # closing saves the layout too: write ours after it
    w.settings.setValue("windowState", state)
    w.settings.sync()


def test_a_dock_layout_saved_by_this_version_is_restored(qtbot):
    from PySide6.QtCore import Qt

    from iam_studio.gui.main_window import DOCK_LAYOUT_VERSION, MainWindow
    _saved_layout(qtbot, DOCK_LAYOUT_VERSION)
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.dockWidgetArea(w.docks["lessonDock"]) == Qt.DockWidgetArea.BottomDockWidgetArea


def test_a_dock_layout_saved_by_an_older_version_gives_the_new_default(qtbot):
    from PySide6.QtCore import Qt

    from iam_studio.gui.main_window import DOCK_LAYOUT_VERSION, MainWindow
    _saved_layout(qtbot, DOCK_LAYOUT_VERSION - 1)
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.dockWidgetArea(w.docks["lessonDock"]) == Qt.DockWidgetArea.LeftDockWidgetArea


def test_closing_in_presentation_mode_remembers_the_layout_of_the_normal_window(qtbot, discard_on_close):
    """The projector's arrangement (the editor tabbed with the pipeline, no glossary) is not the next start's."""
    from pathlib import Path

    from PySide6.QtCore import Qt

    from iam_studio.gui.main_window import MainWindow
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.resize(1280, 720)
    assert w.open_path(str(Path(__file__).parents[2] / "scenarios" / "capstone.yaml"))
    assert w.dockWidgetArea(w.docks["editorDock"]) == Qt.DockWidgetArea.RightDockWidgetArea
    w.set_presentation(True, full_screen=False)
    qtbot.wait(50)
    assert "pipelineDock" in {d.objectName() for d in w.tabifiedDockWidgets(w.docks["editorDock"])}
    w.close()
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.dockWidgetArea(again.docks["editorDock"]) == Qt.DockWidgetArea.RightDockWidgetArea
    assert "pipelineDock" not in {d.objectName() for d in again.tabifiedDockWidgets(again.docks["editorDock"])}
    assert not again.presentation
