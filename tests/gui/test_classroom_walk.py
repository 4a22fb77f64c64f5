"""What a teacher's walk through the real window found, driven as a user would: a lesson's goals and the
editor's problems keep reading after a theme change; the start screen has the whole window and gives the
panels back as they were."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAction, QColor, QImage
from PySide6.QtWidgets import QLabel, QListWidget, QPlainTextEdit, QPushButton, QTextBrowser, QToolButton
from test_lesson_panel_play import LESSONS, click, new_window, open_lesson, to_verdict

from iam_studio.gui import themes
from iam_studio.gui.main_window import MainWindow

TEXT_CONTRAST = 4.5        # WCAG's least contrast for text


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window never waits on the "save changes?" question."""


def _luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def click_node(qtbot, w: MainWindow, key: str) -> None:
    """A click on the node's shape on the canvas."""
    canvas = w.canvas
    vp = canvas.gview
    at = vp.mapFromScene(canvas.viewbox.mapViewToScene(canvas.nodes[key].pos()))
    qtbot.mouseClick(vp.viewport(), Qt.MouseButton.LeftButton, pos=at)


def _theme(w: MainWindow, key: str) -> None:
    w.findChild(QAction, f"actionTheme_{key}").trigger()


def _goal_contrasts(w: MainWindow) -> list[float]:
    lst = w.findChild(QListWidget, "lessonGoals")
    base = lst.palette().base().color()
    return [contrast(lst.item(i).foreground().color(), base) for i in range(lst.count())]


@pytest.mark.parametrize("there", ["dark", "high-contrast"])
def test_goals_and_the_prediction_result_read_after_a_theme_change_and_back(qtbot, there):
    w = new_window(qtbot)
    _theme(w, there)                                # listed in the dark theme first
    open_lesson(w, qtbot, "employee-directory.yaml")
    click(qtbot, w, "predictLoadButton")
    click(qtbot, w, "predict_allowed")
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    result = w.findChild(QLabel, "predictionResult")
    assert result.text().startswith("Right!")
    for key in ("light", there, "light"):           # listed in one theme, read in the next
        _theme(w, key)
        goals = _goal_contrasts(w)
        assert goals and min(goals) >= TEXT_CONTRAST, (key, goals)
        shown = contrast(result.palette().windowText().color(), result.palette().window().color())
        assert shown >= TEXT_CONTRAST, (key, shown)


def test_the_editor_s_no_problems_line_reads_in_every_theme(qtbot):
    w = new_window(qtbot)
    open_lesson(w, qtbot, "employee-directory.yaml")
    click_node(qtbot, w, "policy/S3PhotosReadWrite")
    assert w.editor.policy_key == "S3PhotosReadWrite"
    problems = w.findChild(QListWidget, "problemsList")
    assert problems.item(0).text().startswith("✓  No problems")
    for key in ("dark", "high-contrast", "light"):
        _theme(w, key)
        line = problems.item(0)
        assert contrast(line.foreground().color(), problems.palette().base().color()) >= 4.5, key
    assert Qt.ItemFlag.ItemIsEnabled & problems.item(0).flags()


def test_a_selected_row_reads_in_every_theme(qtbot):
    """The Explanation's selected step (white on the dark theme's light blue was 2.8:1)."""
    from PySide6.QtGui import QPalette

    from iam_studio.gui.themes import THEME_NAMES, palette_for
    for key in THEME_NAMES:
        pal = palette_for(key)
        selected = (pal.color(QPalette.ColorRole.HighlightedText), pal.color(QPalette.ColorRole.Highlight))
        assert contrast(*selected) >= 4.5, key


def _whole_rows(lst: QListWidget) -> int:
    view = lst.viewport().rect()
    return sum(view.contains(lst.visualItemRect(lst.item(i))) for i in range(lst.count()))


def _panels(w: MainWindow) -> list[str]:
    return sorted(name for name, dock in w.docks.items() if dock.isVisible())


def test_the_start_screen_has_the_whole_window_and_gives_the_panels_back(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.resize(1280, 720)
    qtbot.wait(20)
    lessons = w.start.bundled
    assert w.on_start_page and _panels(w) == [] and not w.action_bar.isVisible()
    assert _whole_rows(lessons) >= 4, _whole_rows(lessons)      # was one lesson, half shown, at 1280x720
    assert not w.start.findChild(QPushButton, "backToScenarioButton").isVisible()   # nothing to go back to

    first = lessons.visualItemRect(lessons.item(0)).center()
    qtbot.mouseClick(lessons.viewport(), Qt.MouseButton.LeftButton, pos=first)
    assert w.stack.currentWidget() is w.canvas and w.action_bar.isVisible()
    shown = _panels(w)
    assert {"lessonDock", "pipelineDock", "editorDock"} <= set(shown)

    w.findChild(QAction, "actionStart").trigger()               # View > Start screen, then back
    assert w.on_start_page and _panels(w) == []
    back = w.start.findChild(QPushButton, "backToScenarioButton")
    assert back.isVisible() and back.text() == "Back to employee-directory.yaml" and back.accessibleName()
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert w.stack.currentWidget() is w.canvas and _panels(w) == shown
    assert w.doc.scenario.lesson is not None and w.doc.scenario.lesson.id == "three-layers"

    w.findChild(QAction, "actionStart").trigger()               # presentation chosen on the start screen
    w.set_presentation(True, full_screen=False)
    assert _panels(w) == []
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert "pipelineDock" in _panels(w) and "lessonDock" in _panels(w) and "glossaryDock" not in _panels(w)
    w.findChild(QAction, "actionStart").trigger()
    w.set_presentation(False)
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert _panels(w) == shown


def test_closing_on_the_start_screen_keeps_the_panels_for_the_next_start(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    assert w.open_path(str(LESSONS / "employee-directory.yaml"))
    shown = _panels(w)
    w.findChild(QAction, "actionStart").trigger()
    w.close()
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    assert again.on_start_page and _panels(again) == []
    assert again.open_path(str(LESSONS / "conditions.yaml"))
    assert _panels(again) == shown


def _open_at(qtbot, size, name: str = "employee-directory.yaml") -> MainWindow:
    """A window of `size` that opens a lesson with one click on the start screen."""
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.resize(*size)
    qtbot.wait(20)
    lst = w.start.bundled
    item = next(lst.item(i) for i in range(lst.count()) if lst.item(i).data(Qt.ItemDataRole.UserRole)
                == str(LESSONS / name))
    lst.scrollToItem(item)
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(item).center())
    qtbot.wait(50)
    return w


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)], ids=["1280x720", "1366x768"])
def test_the_step_text_opens_at_its_first_line(qtbot, size):
    w = _open_at(qtbot, size)
    text = w.findChild(QTextBrowser, "lessonStepText")
    assert text.isVisible() and text.toPlainText().startswith("Follow one employee")
    assert text.verticalScrollBar().value() == 0                 # was a line, or its end, scrolled away


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)], ids=["1280x720", "1366x768"])
def test_the_pipeline_s_words_keep_their_size_in_a_short_pane(qtbot, size):
    """The default panels at 1280x720 leave the pipeline about 200 px: its words stay at the theme's least
    size (the subtitles give up their place, their tooltips keep them) and the drawing stays whole."""
    w = _open_at(qtbot, size)
    click(qtbot, w, "predictLoadButton")
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    w.pipeline.player.seek(w.pipeline.player.count - 1)
    qtbot.wait(20)
    view, scene = w.pipeline.canvas, w.pipeline.scene
    scale = view.view_scale()
    smallest = min(f.pixelSize() * scale for item in scene.items() if hasattr(item, "fonts") for f in item.fonts())
    assert smallest >= themes.min_text_px() - 0.01, (smallest, themes.min_text_px(), view.viewport().size())
    shown = view.mapFromScene(scene.content).boundingRect()
    assert view.viewport().rect().adjusted(-1, -1, 1, 1).contains(shown)


def test_undoing_a_rename_leaves_no_stale_policy_in_the_editor(qtbot):
    """F2 on a policy, a new name, Enter, Ctrl+Z: the editor showed the name that no longer exists with a new
    policy's text, and typing there made that policy."""
    w = _open_at(qtbot, (1280, 720), "conditions.yaml")
    click_node(qtbot, w, "policy/StopWithMFA")
    assert w.editor.policy_key == "StopWithMFA"
    canvas = w.canvas
    qtbot.keyClick(canvas.gview, Qt.Key.Key_F2)
    assert canvas.editor.isVisible()
    canvas.editor.selectAll()
    qtbot.keyClicks(canvas.editor, "StopOnlyWithMFA")
    qtbot.keyClick(canvas.editor, Qt.Key.Key_Return)
    assert w.editor.policy_key == "StopOnlyWithMFA" and "StopOnlyWithMFA" in w.doc.scenario.policies
    w.findChild(QAction, "actionUndo").trigger()
    assert "StopWithMFA" in w.doc.scenario.policies and "StopOnlyWithMFA" not in w.doc.scenario.policies
    assert w.editor.policy_key == "" and w.doc.selection == ""
    assert not w.findChild(QLabel, "nodeDetails").isVisible()
    assert w.findChild(QLabel, "policyEditorEmpty").isVisible()
    text = w.findChild(QPlainTextEdit, "policyText")
    text.setFocus()
    qtbot.keyClicks(text, " ")
    w.editor.flush()
    assert "StopOnlyWithMFA" not in w.doc.scenario.policies
    w.findChild(QAction, "actionRedo").trigger()
    assert "StopOnlyWithMFA" in w.doc.scenario.policies        # the redo is still there


def _in_view(area, widget) -> bool:
    return area.viewport().rect().contains(QRect(widget.mapTo(area.viewport(), QPoint(0, 0)), widget.size()))


def test_the_editor_s_text_and_problems_stay_in_its_pane_at_1280x720(qtbot):
    """The editor's dock scrolled: its wrapped labels made it as tall as it liked, and the problems list
    (what the learner reads after typing) was below the fold."""
    w = _open_at(qtbot, (1280, 720), "conditions.yaml")
    click_node(qtbot, w, "policy/StopWithMFA")
    qtbot.wait(20)
    area, editor = w.panels["editorDock"], w.editor
    text, problems = editor.text, w.findChild(QListWidget, "problemsList")
    assert not area.verticalScrollBar().isVisible()
    assert _in_view(area, text) and _in_view(area, problems)
    line = text.fontMetrics().lineSpacing()
    assert text.viewport().height() >= 4 * line, (text.viewport().height(), line)
    text.setFocus()
    for where, typed in (('"Effect"', '"Effekt": 1, '), ('"Version"', '"Versio": 1, ')):   # two problems
        cursor = text.textCursor()
        cursor.setPosition(text.toPlainText().index(where))
        text.setTextCursor(cursor)
        qtbot.keyClicks(text, typed)
    editor.flush()
    qtbot.wait(100)
    rows = problems.count()
    assert rows == 2 and all(problems.item(i).text().startswith("●") for i in range(rows))
    first = problems.visualItemRect(problems.item(0))                 # its message at least, in view
    message = QRect(first.topLeft(), QSize(first.width(), 2 * problems.fontMetrics().lineSpacing()))
    assert problems.viewport().rect().contains(message)
    assert _in_view(area, problems) and _in_view(area, text) and not area.verticalScrollBar().isVisible()


def test_what_would_flip_this_says_what_the_list_is_above_it(qtbot):
    """The line "4 single changes would make it denied:" came below the list it introduces."""
    w = _open_at(qtbot, (1920, 1080), "conditions.yaml")
    goals = w.findChild(QListWidget, "lessonGoals")
    mfa = next(goals.item(i) for i in range(goals.count()) if "after signing in with MFA" in goals.item(i).text())
    qtbot.mouseClick(goals.viewport(), Qt.MouseButton.LeftButton, pos=goals.visualItemRect(mfa).center())
    to_verdict(w)                               # "what would flip this?" shows with the verdict
    flips = w.findChild(QListWidget, "flipList")
    qtbot.waitUntil(lambda: flips.count() > 0)
    head = w.findChild(QLabel, "flipHead")
    assert head.isVisible() and head.text().endswith("single changes would make it denied:")
    assert head.mapTo(w, QPoint(0, head.height())).y() <= flips.mapTo(w, QPoint(0, 0)).y()
    assert "single change" not in w.findChild(QLabel, "flipNotes").text()


def test_the_line_above_the_pipeline_names_the_statement_the_step_lights(qtbot):
    """Beginner depth, stepping with Next: a step that looks at a statement which does not apply lights it on
    the canvas and in the editor; the line above the pipeline said the sentence before it instead ("The
    policy S3PhotosReadWrite … allows it" while EC2Read was lit)."""
    w = _open_at(qtbot, (1920, 1080))
    w.builder.load_request(next(i for i, r in enumerate(w.doc.scenario.requests)
                                if r.name == "alice reads a photo through her group"))
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    w.pipeline.player.seek(-1)
    reason = w.findChild(QLabel, "verdictReason")
    steps = w.controller.result.trace
    looked_at = 0
    for step in steps:
        qtbot.mouseClick(w.findChild(QToolButton, "stepNextButton"), Qt.MouseButton.LeftButton)
        if step.statement is not None:
            policy = step.statement.policy
            assert f"policy/{policy}" in w.canvas.highlighted
            assert policy in reason.text().replace("\u200b", ""), (policy, reason.text())
            looked_at += 1
    assert looked_at >= 4


def test_the_editor_s_header_tells_about_the_policy_the_replay_opened(qtbot):
    """A policy selected, then a request stepped: the editor shows the statement the step looks at, under a
    header that still described the selected policy."""
    w = _open_at(qtbot, (1920, 1080), "conditions.yaml")
    click_node(qtbot, w, "policy/StopWithMFA")
    details = w.findChild(QLabel, "nodeDetails")
    assert "policy/StopWithMFA" in details.text()
    goals = w.findChild(QListWidget, "lessonGoals")
    mfa = next(goals.item(i) for i in range(goals.count()) if "after signing in with MFA" in goals.item(i).text())
    qtbot.mouseClick(goals.viewport(), Qt.MouseButton.LeftButton, pos=goals.visualItemRect(mfa).center())
    to_verdict(w)
    steps = w.controller.result.trace
    other = next(i for i, s in enumerate(steps) if s.statement is not None and s.statement.policy != "StopWithMFA")
    w.pipeline.player.seek(other)
    shown = steps[other].statement.policy
    assert w.editor.policy_key == shown
    assert f"policy/{shown}" in details.text() and "StopWithMFA" not in details.text()
    w.editor.chooser.setCurrentIndex(0)                         # back to the selected policy
    assert w.editor.policy_key == "StopWithMFA" and "policy/StopWithMFA" in details.text()


def test_the_exported_diagram_keeps_its_legend_whole(qtbot, tmp_path):
    """File › Export diagram at 1280x720: the legend, wider than the small diagram, was scaled by the
    diagram's width, its right half cut off the image ("member of…", "policy atta…")."""
    w = _open_at(qtbot, (1280, 720), "groups-and-inheritance.yaml")
    path = tmp_path / "diagram.png"
    legend = w.canvas.legend
    drawn_at: list[tuple[float, int]] = []
    render = legend.render
    legend.render = lambda *a, **k: (drawn_at.append((legend.fit, legend.height())), render(*a, **k))[1]
    assert w.export("diagram", str(path), scale=2.0, dimmed=False)
    assert drawn_at == [(1.0, legend.sizeHint().height())]    # at its own size, not shrunk to the small canvas
    image = QImage(str(path))
    background = QColor(w.canvas.theme["background"])
    legend_w, legend_h = w.canvas.legend.sizeHint().width(), w.canvas.legend.sizeHint().height()
    assert image.width() >= 2 * legend_w and image.height() >= 2 * legend_h
    right = [image.pixelColor(image.width() - 1, y) for y in range(image.height() - 2 * legend_h, image.height())]
    assert all(c.rgb() == background.rgb() for c in right)          # nothing runs off the right edge
    bottom = [image.pixelColor(x, image.height() - 1) for x in range(image.width())]
    assert all(c.rgb() == background.rgb() for c in bottom)          # nor off the bottom
    legend = w.canvas.legend
    fm = legend.fontMetrics()
    for rows in legend.columns:                                       # and every name in it whole
        for what, key in rows:
            assert fm.horizontalAdvance(legend.name(what, key)) + 46 * legend.k <= legend.column_width(), key


def test_the_first_tour_sits_over_the_diagram_once_the_panels_have_their_sizes(qtbot):
    """It was placed before the panels took their default sizes, over the pipeline and the editor; and a
    window made smaller (1920x1080 to 1280x720) left the diagram 200 px wide between the panels."""
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.resize(1920, 1080)
    qtbot.wait(20)
    w.settings.remove("tourDone")
    assert w.maybe_start_tour()
    lst = w.start.bundled
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(lst.item(0)).center())
    qtbot.waitUntil(w.tour.isVisible)
    for size in ((1920, 1080), (1280, 720)):
        w.resize(*size)
        qtbot.waitUntil(lambda: w.canvas.width() >= 0.3 * w.width())    # not squeezed to 200 px
        qtbot.wait(20)
        diagram = QRect(w.canvas.mapTo(w, QPoint(0, 0)), w.canvas.size())
        assert diagram.contains(w.tour.geometry()), (size, diagram, w.tour.geometry())


@pytest.mark.parametrize("presentation", [False, True], ids=["light", "presentation"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def test_the_folded_legend_covers_no_node(qtbot, size, presentation):
    """In presentation at 1920x1080 the "Legend ▴" tab sat on alice, at 1280x720 on carol."""
    w = _open_at(qtbot, size)
    if presentation:
        w.set_presentation(True, full_screen=False)
        qtbot.wait(50)
        w.resize(*size)
    qtbot.wait(50)
    canvas = w.canvas
    canvas.fit()
    qtbot.wait(20)
    legend = canvas.legend
    assert legend.isVisible() and not legend.expanded
    tab = QRect(canvas.gview.viewport().mapFromGlobal(legend.mapToGlobal(QPoint(0, 0))), legend.size())
    for key, node in canvas.nodes.items():
        shape = canvas.gview.mapFromScene(node.mapToScene(node.boundingRect())).boundingRect()
        assert not tab.intersects(shape), (key, tab, shape)


def test_a_denied_by_default_verdict_shows_the_statement_the_explanation_names(qtbot):
    """alice stops web-1 without MFA: nothing decides, and the explanation names StopWithMFA's condition;
    the editor showed RebootInstances, the last policy the replay walked."""
    w = new_window(qtbot)
    open_lesson(w, qtbot, "conditions.yaml")
    index = next(i for i, s in enumerate(w.doc.scenario.requests) if s.name == "alice stops web-1 with her access key")
    w.builder.load_request(index)
    click(qtbot, w, "evaluateButton")
    to_verdict(w)
    assert w.controller.result.decision.value == "implicit_deny" and not w.controller.result.deciding
    assert w.editor.policy_key == "StopWithMFA"
