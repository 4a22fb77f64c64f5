"""The window as an instructor uses it on a projector: at 1280x720, 1366x768 and 1920x1080, in the light
theme and in presentation mode, the action bar is whole, the pipeline fits its pane, and (presentation)
no text on screen is smaller than 18 px."""
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from iam_studio.gui.main_window import MainWindow

SCENARIO = Path(__file__).parents[2] / "scenarios" / "employee-directory.yaml"
SIZES = [(1280, 720), (1366, 768), (1920, 1080)]
MIN_PRESENTATION_PX = 18


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""


def _open(qtbot, size, presentation: bool) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.resize(*size)
    assert w.open_path(str(SCENARIO))
    if presentation:
        w.set_presentation(True, full_screen=False)
    qtbot.wait(50)
    w.resize(*size)
    qtbot.wait(50)
    deny = next(i for i, r in enumerate(w.doc.scenario.requests) if r.expect == "explicit_deny")
    w.builder.load_request(deny)                    # an explicit deny: the token ends on the DENY row
    qtbot.mouseClick(w.action_bar.evaluate_button, Qt.MouseButton.LeftButton)
    w.pipeline.player.pause()
    w.pipeline.player.seek(w.pipeline.player.count - 1)
    qtbot.wait(50)
    return w


def _in_window(w: MainWindow, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(w, QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("presentation", [False, True], ids=["light", "presentation"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{a}x{b}" for a, b in SIZES])
def test_action_bar_is_whole_and_pipeline_fits(qtbot, size, presentation):
    w = _open(qtbot, size, presentation)
    bar = w.findChild(QWidget, "actionBar")
    assert bar.isVisible()
    for name in ("evaluateButton", "stepBackButton", "stepNextButton", "playButton", "verdictLabel"):
        widget = bar.findChild(QWidget, name)
        assert widget is not None and widget.isVisible(), name
        rect = _in_window(w, widget)
        assert w.rect().contains(rect), (name, rect, w.rect())
        assert _in_window(w, bar).contains(rect), name
        if name != "verdictLabel":
            hint = widget.sizeHint()
            assert widget.width() >= hint.width() and widget.height() >= hint.height(), (name, widget.size(), hint)
    assert w.findChild(QLabel, "verdictLabel").text() == "DENY — explicit deny"

    view = w.pipeline.canvas
    assert not view.horizontalScrollBar().isVisible() and not view.verticalScrollBar().isVisible()
    shown = view.mapFromScene(w.pipeline.scene.content).boundingRect()
    assert view.viewport().rect().adjusted(-1, -1, 1, 1).contains(shown), (shown, view.viewport().rect())
    deny = view.mapFromScene(w.pipeline.scene.boxes["deny_end"].rect()).boundingRect()
    assert view.viewport().rect().contains(deny)                # the DENY row is never clipped


def _painted_fonts(w: MainWindow):
    """(what, on-screen pixel size) of every font the pipeline and the canvas paint with."""
    scale = w.pipeline.canvas.view_scale()
    for item in w.pipeline.scene.items():
        fonts = item.fonts() if hasattr(item, "fonts") else [item.font()] if hasattr(item, "font") else []
        for f in fonts:
            yield f"pipeline {type(item).__name__}", f.pixelSize() * scale
    k = w.canvas.pixels_per_unit()
    for key, node in w.canvas.nodes.items():
        for f in node.fonts():
            yield f"canvas {key}", f.pixelSize() * k
    for f in w.canvas.boundary.fonts():
        yield "account frame", f.pixelSize() * k
    for view in w.findChildren(QTextEdit):          # the words of the step text, hints, notes: code included
        if view.isVisible():
            for fragment in _fragments(view):
                yield f"{view.objectName()} {fragment.text()[:20]!r}", _fragment_px(view, fragment)


def _fragments(view: QTextEdit):
    """Every run of text in a text view with one format (its words, not the white space between them)."""
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.text().strip():
                yield fragment
            it += 1
        block = block.next()


def _fragment_px(view: QTextEdit, fragment) -> int:
    """The pixel size a fragment of a text view is drawn at (what its format leaves unset, the view's font)."""
    return QFontInfo(fragment.charFormat().font().resolve(view.document().defaultFont())).pixelSize()


def test_code_in_the_step_text_grows_with_presentation_mode_like_the_words_around_it(qtbot):
    """The step text was shown before the mode changed: code (inline and fenced) kept its first size."""
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.resize(1280, 720)
    assert w.open_path(str(SCENARIO.parent / "how-aws-decides.yaml"))
    w.lesson.go_to(2)                                   # its step text holds a fenced block and inline code
    view = w.findChild(QTextEdit, "lessonStepText")
    w.set_presentation(True, full_screen=False)
    qtbot.wait(50)
    sizes: dict[bool, set[int]] = {True: set(), False: set()}
    for fragment in _fragments(view):
        code = "monospace" in (fragment.charFormat().fontFamilies() or [])
        sizes[code].add(_fragment_px(view, fragment))
    assert sizes[True] and sizes[False], sizes              # code and words both there
    assert min(sizes[True]) >= min(sizes[False]) >= MIN_PRESENTATION_PX, sizes


def _shows_text(x: QWidget) -> bool:
    """Visible widgets that draw words (not scroll bars, frames, icon-only buttons or empty labels)."""
    if not x.isVisible() or isinstance(x, QScrollBar):
        return False
    if isinstance(x, (QLabel, QAbstractButton)):
        return bool(x.text().strip())
    return isinstance(x, (QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit, QTextEdit, QTabBar, QMenuBar,
                          QGroupBox, QDockWidget))


@pytest.mark.parametrize("size", SIZES, ids=[f"{a}x{b}" for a, b in SIZES])
def test_presentation_text_is_at_least_18_px(qtbot, size):
    w = _open(qtbot, size, presentation=True)
    small = [(type(x).__name__, x.objectName(), QFontInfo(x.font()).pixelSize()) for x in w.findChildren(QWidget)
             if _shows_text(x) and QFontInfo(x.font()).pixelSize() < MIN_PRESENTATION_PX]
    assert small == []
    tiny = [(what, px) for what, px in _painted_fonts(w) if px < MIN_PRESENTATION_PX - 0.01]
    assert tiny == []
    assert w.canvas.theme["background"] == "#000000"                   # high contrast everywhere
    assert w.pipeline.scene.backgroundBrush().color().name() == "#000000"


def test_pipeline_and_canvas_follow_the_dark_theme(qtbot):
    w = _open(qtbot, (1280, 720), presentation=False)
    w.set_theme("dark")
    qtbot.wait(20)
    assert w.pipeline.scene.backgroundBrush().color().lightness() < 60
    image = w.pipeline.canvas.grab().toImage()
    assert image.pixelColor(3, 3).lightness() < 60                         # what is on screen is dark too
    assert QApplication.palette().base().color().lightness() < 60


def _sizes(w: MainWindow, only=None) -> dict:
    return {x: QFontInfo(x.font()).pixelSize() for x in w.findChildren(QWidget)
            if _shows_text(x) and (only is None or x in only)}


def test_theme_round_trip_and_ctrl_0_leave_every_size_as_it_was(qtbot):
    w = _open(qtbot, (1366, 768), presentation=False)
    before = _sizes(w)
    editor_px = QFontInfo(w.editor.findChild(QWidget, "policyText").font()).pixelSize() \
        if w.editor.findChild(QWidget, "policyText") else None
    for name in ("dark", "high-contrast", "light"):
        w.set_theme(name)
    w.set_presentation(True, full_screen=False)
    w.set_presentation(False)
    assert _sizes(w, before) == before
    w.findChild(type(w.theme_actions.actions()[0]), "actionZoomIn").trigger()
    w.findChild(type(w.theme_actions.actions()[0]), "actionZoomIn").trigger()
    verdict = w.findChild(QLabel, "verdictLabel")
    assert QFontInfo(verdict.font()).pixelSize() > before[verdict]
    if editor_px is not None:
        assert QFontInfo(w.editor.findChild(QWidget, "policyText").font()).pixelSize() > editor_px
    w.findChild(type(w.theme_actions.actions()[0]), "actionZoomReset").trigger()
    assert _sizes(w, before) == before


def test_theme_menu_shows_the_theme_in_use(qtbot):
    w = _open(qtbot, (1280, 720), presentation=False)
    names = {a.text(): a for a in w.theme_actions.actions()}
    assert set(names) == {"Light", "Dark", "High contrast"}
    assert names[{"light": "Light", "dark": "Dark", "high-contrast": "High contrast"}[w.theme]].isChecked()
    names["Light"].trigger()
    assert names["Light"].isChecked() and w.theme == "light"
    names["Dark"].trigger()
    assert names["Dark"].isChecked() and not names["Light"].isChecked()
    assert w.theme == "dark"
