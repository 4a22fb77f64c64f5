"""GUI tests run offscreen, with settings and data kept in a temporary place."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    """Keep QSettings, autosaves and logs of each test apart from the user's and from each other."""
    from PySide6.QtCore import QSettings, QStandardPaths
    QStandardPaths.setTestModeEnabled(True)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("IAM_STUDIO_DATA_DIR", str(tmp_path / "data"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    # QSettings("IAM Studio", "IAM Studio") uses the native format: its path must move too, or every test
    # (of every worktree) reads and writes one shared file under ~/.qttest (a saved theme or dock layout)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield
    from PySide6.QtWidgets import QApplication

    from iam_studio.gui.themes import appearance, apply_theme
    if QApplication.instance() is not None:         # the next test starts from the default look
        appearance().presentation = False
        apply_theme(QApplication.instance(), "light", 1.0)


def pytest_collection_modifyitems(items):
    """The offscreen platform warns that it cannot resize to size hints, raise windows or grab the keyboard
    (completion popups); those are limits of the platform, not our bugs."""
    for item in items:
        if "tests/gui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(
                r"This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)"))


@pytest.fixture
def discard_on_close(monkeypatch):
    """pytest-qt closes windows after each test: answer the "save changes?" question with Discard."""
    from PySide6.QtWidgets import QMessageBox

    from iam_studio.gui.main_window import MainWindow
    monkeypatch.setattr(MainWindow, "ask_save_changes", lambda self: QMessageBox.StandardButton.Discard)


@pytest.fixture
def never_asked(monkeypatch):
    """Fails the test if the window asks "save changes?"; records nothing otherwise."""
    from iam_studio.gui.main_window import MainWindow

    def ask(self):
        raise AssertionError("the window asked to save changes although nothing differs from the file")
    monkeypatch.setattr(MainWindow, "ask_save_changes", ask)


@pytest.fixture
def window(qtbot):
    """A shown main window on the start screen; a test file narrows it (a size, a scenario) by overriding it."""
    from iam_studio.gui.main_window import MainWindow
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def open_canvas(qtbot):
    """`open_canvas(path)`: the scenario at `path` loaded into a document and its canvas, shown at 1000x700."""
    def open_(path):
        from iam_studio.core.scenario.load import load_scenario
        from iam_studio.gui.canvas import CanvasView
        from iam_studio.gui.document import ScenarioDocument
        scenario, diags = load_scenario(str(path))
        assert scenario is not None, diags
        doc = ScenarioDocument(scenario, str(path))
        canvas = CanvasView(doc)
        qtbot.addWidget(canvas)
        canvas.resize(1000, 700)
        canvas.show()
        qtbot.wait(20)
        return doc, canvas
    return open_
