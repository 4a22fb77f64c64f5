"""At 1280x720 the policy editor fits its pane whatever is selected: it never scrolls sideways, so the
hint for an empty selection, the header and the code are never cut off at the right."""
from __future__ import annotations

from pathlib import Path

import pytest

LESSONS = Path(__file__).parents[2] / "scenarios"


@pytest.fixture
def window(qtbot, discard_on_close):
    from iam_studio.gui.main_window import MainWindow
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    return w


def _open(window, qtbot, name: str) -> None:
    """Open a bundled lesson and wait for the panels' default sizes (the editor about 28% of the width)."""
    assert window.open_path(str(LESSONS / name))
    area = window.docks["editorDock"].widget()
    qtbot.waitUntil(lambda: area.viewport().width() > 0.25 * window.width(), timeout=2000)


def _fits(window, qtbot, what: str) -> None:
    area = window.docks["editorDock"].widget()

    def fitting() -> bool:
        width = area.viewport().width()
        return (window.editor.minimumSizeHint().width() <= width and window.editor.width() <= width
                and not area.horizontalScrollBar().isVisible())
    try:
        qtbot.waitUntil(fitting, timeout=2000)      # once Qt has laid the pane out again
    except qtbot.TimeoutError:
        raise AssertionError(f"{what}: the editor needs {window.editor.minimumSizeHint().width()} px of a "
                             f"{area.viewport().width()} px pane") from None


@pytest.mark.parametrize("lesson", ["conditions.yaml", "boundaries-and-scps.yaml", "access-keys-authentication.yaml"])
def test_every_node_of_a_lesson_fits_the_editor_pane(window, qtbot, lesson):
    _open(window, qtbot, lesson)
    for key in list(window.canvas.nodes):        # users with access keys, AWS managed (read-only) policies ...
        window.canvas.click_node(key, False)
        _fits(window, qtbot, key)


def test_the_hint_for_no_selection_is_not_widened_by_the_last_selection(window, qtbot):
    _open(window, qtbot, "conditions.yaml")
    window.canvas.click_node("user/alice", False)             # her credentials and policies: the widest page
    _open(window, qtbot, "how-aws-decides.yaml")
    assert window.editor.stack.currentWidget() is window.editor.empty
    _fits(window, qtbot, "no selection")
    assert window.editor.empty.minimumSizeHint().width() == window.editor.stack.minimumSizeHint().width()


def test_a_short_pane_shows_the_first_line_of_the_details_and_the_rest_on_hover(window, qtbot):
    from PySide6.QtWidgets import QLabel
    _open(window, qtbot, "conditions.yaml")
    window.canvas.click_node("user/alice", False)
    details = window.findChild(QLabel, "nodeDetails")
    qtbot.waitUntil(lambda: "\n" not in details.text())
    assert details.text().startswith("IAM user alice") and details.text().endswith("…")
    tip = details.toolTip().replace("\xa0", " ")                # shown as written (see safe_text.plain_tip)
    assert "Console password: yes" in tip and "Groups: Engineers" in tip
    _fits(window, qtbot, "user/alice")
    window.resize(1920, 1080)                                  # room for all of it
    qtbot.waitUntil(lambda: "Groups: Engineers" in details.text(), timeout=2000)
    assert details.toolTip() == ""


def test_a_selected_node_without_policies_is_not_told_to_select_a_node(window, qtbot):
    """A group whose last policy was detached: the header named the group, the body said "Select a user,
    group, role ... on the canvas"."""
    _open(window, qtbot, "policy-anatomy.yaml")
    group = next(k for k in window.canvas.nodes if k.startswith("group/"))
    window.doc.select(group)
    for ref in list(window.doc.scenario.groups[group.partition("/")[2]].policies):     # the learner detaches
        window.canvas.remove_edge(next(e for e in window.canvas.edges
                                       if {e.src.key, e.dst.key} == {group, f"policy/{ref}"}))
    window.doc.select(group)
    assert window.editor.stack.currentWidget() is window.editor.empty
    assert window.editor.empty.text().startswith("No policy here yet")
    window.doc.select("root")
    assert window.editor.empty.text().startswith("The root user takes no IAM policies")
    window.doc.select("")
    assert window.editor.empty.text().startswith("Select a user, group, role")


def test_a_long_statement_wraps_in_a_narrow_pane_instead_of_running_off_it(window, qtbot):
    """Capstone's bucket policy in the editor pane: its Resource ARN and Condition key showed cut at the right
    ("arn:aws:s", "aws:PrincipalArn") at 1920x1080; they wrap, and the line numbers stay the file's."""
    _open(window, qtbot, "capstone.yaml")
    window.lesson.go_to(3)
    window.lesson.show_solution()
    window.doc.select("resource/employee-photos")                 # its policy shows in the editor
    code = window.editor.text
    qtbot.waitUntil(lambda: "OnlyTheAppWrites" in code.toPlainText(), timeout=2000)
    assert not code.horizontalScrollBar().isVisible() and code.horizontalScrollBar().maximum() == 0
    assert code.document().blockCount() == len(code.toPlainText().split("\n"))        # one block a line
