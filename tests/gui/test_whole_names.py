"""Every node's name readable: a long name wraps onto a second line under its node where the node below
leaves room, and an exported handout draws every name whole (the diagram drawn larger, not the names
cut), at 1280x720 as at 1920x1080."""
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetrics, QImage

from iam_studio.gui.canvas.items import label_font, label_lines
from iam_studio.gui.canvas.layout import ROW_GAP
from iam_studio.gui.export import export_canvas
from iam_studio.gui.main_window import MainWindow

SCENARIOS = Path(__file__).parents[2] / "scenarios"


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""


def _window(qtbot, name: str, size: tuple[int, int]) -> MainWindow:
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.resize(*size)
    assert w.open_path(str(SCENARIOS / name))
    qtbot.waitUntil(lambda: w.canvas.nodes and w.canvas.width() > 200, timeout=5000)
    qtbot.wait(200)
    return w


def _cut(w: MainWindow) -> list[str]:
    return [n.label for n in w.canvas.nodes.values() if "…" in "".join(n.label_text())]


def test_a_long_name_breaks_where_a_word_starts(qapp):
    font = label_font(13, False)

    width = QFontMetrics(font).horizontalAdvance("EmployeeDirectory") + 2
    assert label_lines(font, "EmployeeDirectoryApp", width) == ("EmployeeDirectory", "App")
    assert label_lines(font, "employee-photos", QFontMetrics(font).horizontalAdvance("employee-") + 2) == (
        "employee-", "photos")
    assert label_lines(font, "alice", width) == ("alice",)


@pytest.mark.parametrize("name", ["employee-directory.yaml", "capstone.yaml"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_an_exported_diagram_draws_every_name_whole(qtbot, tmp_path, name, size):
    w = _window(qtbot, name, size)
    canvas = w.canvas
    screen_label = canvas.label_px
    with canvas.handout_labels() as grow:
        assert grow == pytest.approx(screen_label / 13.0)
        assert _cut(w) == []                          # what the export draws: every name whole
    assert canvas.label_px == screen_label            # and the screen's names come back as they were
    out = tmp_path / "d.png"
    export_canvas(canvas, str(out), scale=1.0)
    image = QImage(str(out))
    diagram = canvas.viewbox.childGroup.mapRectToScene(canvas.viewbox.childGroup.childrenBoundingRect())
    assert image.width() >= diagram.width() * grow * 0.9       # the diagram drawn larger, not its names cut


def test_a_name_takes_a_second_line_only_where_no_node_is_under_it(qtbot):
    w = _window(qtbot, "employee-directory.yaml", (1280, 720))
    nodes = w.canvas.nodes
    role = nodes["role/EmployeeDirectoryApp"]                 # alone in its column: room under it
    one_line = label_lines(role.fonts()[0], role.label, role.label_rect().width(), 1)
    assert "…" in one_line[0]
    lines = role.label_text()
    assert len(lines) == 2 and len("".join(lines).rstrip("…")) > len(one_line[0].rstrip("…"))   # more of it shows
    def under(n):           # a node right under it in its column
        return any(m.xy[0] == n.xy[0] and 0 < m.xy[1] - n.xy[1] <= ROW_GAP for m in nodes.values())
    stacked = next(n for n in nodes.values() if n.kind == "policy" and under(n)
                   and len(label_lines(n.fonts()[0], n.label, n.label_rect().width())) == 2)
    assert len(stacked.label_text()) == 1
    assert all(len(n.label_text()) <= 2 for n in nodes.values())


@pytest.mark.parametrize("presentation", [False, True], ids=["light", "presentation"])
def test_a_name_that_looks_whole_is_whole_on_screen(qtbot, presentation):
    """No name ends at the view's edge looking whole: a second line would go below the view, so the
    first one is elided instead ("Develop" for Developers, with "ers" out of sight)."""
    w = _window(qtbot, "employee-directory.yaml", (1280, 720))
    if presentation:
        w.set_presentation(True, full_screen=False)
        w.resize(1280, 720)
        qtbot.waitUntil(w.canvas.settled, timeout=5000)
        qtbot.wait(200)
    canvas = w.canvas
    seen = canvas.viewbox.viewRect()
    for node in canvas.nodes.values():
        lines = node.label_text()
        rect = node.label_rect().translated(*node.xy)
        rect.setHeight(len(lines) * QFontMetrics(node.fonts()[0]).lineSpacing())
        if seen.contains(QRectF(rect.topLeft(), rect.topLeft())):      # a name the view shows
            assert seen.contains(rect) or len(lines) == 1, (node.label, lines)
            if not lines[-1].endswith("…"):
                assert "".join(lines).replace(" ", "") == node.label.replace(" ", ""), (node.label, lines)


def test_a_name_at_the_view_s_bottom_edge_is_elided_not_cut_to_a_whole_looking_word(qtbot):
    w = _window(qtbot, "employee-directory.yaml", (1280, 720))
    canvas = w.canvas
    qtbot.waitUntil(canvas.settled, timeout=5000)
    qtbot.wait(300)                             # the window's last resize has refitted the diagram
    role = canvas.nodes["role/EmployeeDirectoryApp"]
    assert len(role.label_text()) == 2
    line = QFontMetrics(role.fonts()[0]).lineSpacing()
    seen = canvas.viewbox.viewRect()
    top = role.label_rect().translated(*role.xy).top()
    shifted = QRectF(seen)
    shifted.moveBottom(top + 1.5 * line)       # the user pans: the second line would be below the view
    canvas.auto_fit = False                     # as the user's pan does (`_user_moved`)
    canvas.viewbox.setRange(rect=shifted, padding=0)
    qtbot.waitUntil(lambda: canvas.viewbox.viewRect().bottom() < top + 2 * line, timeout=3000)
    lines = role.label_text()
    assert len(lines) == 1 and lines[0].endswith("…")
