"""The canvas as an instructor uses it: new nodes in free space, a force layout without overlaps, menus that
connect, trust in an account and SCPs drawn to the account's frame, no internal names."""
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from iam_studio.gui.canvas.items import AccountAnchor
from iam_studio.gui.canvas.layout import MIN_GAP

LESSONS = Path(__file__).parents[2] / "scenarios"


def _canvas(open_canvas, name="employee-directory.yaml"):
    return open_canvas(LESSONS / name)


def _closest(canvas) -> float:
    pts = [(i.pos().x(), i.pos().y()) for i in canvas.nodes.values()]
    return min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for i, a in enumerate(pts) for b in pts[i + 1:])


def test_new_nodes_land_in_free_space_near_the_centre(open_canvas, qtbot):
    doc, canvas = _canvas(open_canvas)
    before = _closest(canvas)
    for kind in ("user", "group", "role", "policy", "user"):
        canvas.actions_by_name[f"add_{kind}"].trigger()
    assert _closest(canvas) >= min(before, MIN_GAP) - 1
    centre = canvas.viewbox.viewRect().center()
    key = next(k for k in canvas.nodes if k.startswith("user/new-user"))
    p = canvas.nodes[key].pos()
    assert abs(p.x() - centre.x()) < 1000 and abs(p.y() - centre.y()) < 1000


def test_force_layout_leaves_no_overlaps(open_canvas, qtbot):
    doc, canvas = _canvas(open_canvas)
    canvas.actions_by_name["layout_force"].trigger()
    assert _closest(canvas) >= MIN_GAP - 1


def test_node_menu_attaches_adds_to_group_trusts_and_sets_a_boundary(open_canvas, qtbot, monkeypatch):
    doc, canvas = _canvas(open_canvas)
    menu = canvas.node_menu("user/alice", canvas.mapToGlobal(canvas.rect().center()))
    texts = [a.text() for a in menu.actions()]
    menu.close()
    assert {"Attach policy…", "Add to group…", "Set boundary…"} <= set(texts)
    role_menu = canvas.node_menu("role/EmployeeDirectoryApp", canvas.mapToGlobal(canvas.rect().center()))
    assert "Trust…" in [a.text() for a in role_menu.actions()]
    role_menu.close()
    # the learner picks from a list; the change goes through the same edit as a drag, and undoes
    picked = {}

    def pick(parent, title, label, items, current, editable):
        picked["items"] = items
        return next(t for t in items if t.startswith("Auditors")), True
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(pick))
    assert "Auditors" not in doc.scenario.users["alice"].groups
    next(a for a in canvas.node_menu("user/alice", canvas.mapToGlobal(canvas.rect().center())).actions()
         if a.text() == "Add to group…").trigger()
    assert "Auditors" in doc.scenario.users["alice"].groups
    doc.undo_stack.undo()
    assert "Auditors" not in doc.scenario.users["alice"].groups
    assert canvas.pick_and_connect("role/EmployeeDirectoryApp", "trust", "user/alice")
    assert any(e.kind == "trust" and e.dst.key == "user/alice" for e in canvas.edges)


def test_trust_in_the_account_and_scps_point_at_the_account_frame(open_canvas, qtbot):
    doc, canvas = _canvas(open_canvas, "boundaries-and-scps.yaml")
    scps = [e for e in canvas.edges if e.kind == "scp"]
    assert scps and all(isinstance(e.dst, AccountAnchor) for e in scps)     # never the root user's node
    doc2, canvas2 = _canvas(open_canvas, "roles-and-temporary-credentials.yaml")
    role = next(iter(doc2.scenario.roles))
    if not any(e.kind == "trust" and e.src.key == f"role/{role}" and isinstance(e.dst, AccountAnchor)
               for e in canvas2.edges):
        assert canvas2.pick_and_connect(f"role/{role}", "trust", "root")
    trust = [e for e in canvas2.edges if e.kind == "trust" and e.src.key == f"role/{role}"]
    assert any(isinstance(e.dst, AccountAnchor) for e in trust)
    assert not any(e.dst is canvas2.nodes.get("root") for e in trust)
    end = [e for e in trust if isinstance(e.dst, AccountAnchor)][0].path().pointAtPercent(1.0)
    frame = canvas2.boundary.rect
    on_frame = min(abs(end.x() - frame.left()), abs(end.x() - frame.right()), abs(end.y() - frame.top()),
                   abs(end.y() - frame.bottom()))
    assert on_frame < 20


@pytest.mark.parametrize("lesson", sorted(p.name for p in LESSONS.glob("*.yaml")))
def test_no_internal_names_on_the_canvas(open_canvas, qtbot, lesson):
    doc, canvas = _canvas(open_canvas, lesson)
    for key, node in canvas.nodes.items():
        assert "#" not in node.label and "[" not in node.label and not node.label.startswith(("request/", "policy/")), \
            (key, node.label)


def test_node_menu_disconnects_a_group_from_its_policy_and_a_user_from_a_group(open_canvas, qtbot, monkeypatch):
    doc, canvas = _canvas(open_canvas)
    options = [text for text, _ in canvas.disconnections("group/Developers")]
    assert "policy attached: DenyPhotoDeletes" in options and "member of: alice" in options
    assert all("#" not in t and "policy/" not in t for t in options)
    monkeypatch.setattr(QInputDialog, "getItem",
                        staticmethod(lambda parent, title, label, items, current, editable:
                                     ("policy attached: DenyPhotoDeletes", True)))
    menu = canvas.node_menu("group/Developers", canvas.mapToGlobal(canvas.rect().center()))
    action = next(a for a in menu.actions() if a.objectName() == "disconnect")
    assert action.text() == "Disconnect…"
    action.trigger()
    assert "DenyPhotoDeletes" not in doc.scenario.groups["Developers"].policies
    assert "policy attached: DenyPhotoDeletes" not in [t for t, _ in canvas.disconnections("group/Developers")]
    doc.undo_stack.undo()
    assert "DenyPhotoDeletes" in doc.scenario.groups["Developers"].policies
    assert canvas.pick_and_disconnect("user/alice", "member of: Developers")
    assert "Developers" not in doc.scenario.users["alice"].groups
    assert not canvas.pick_and_disconnect("user/alice", "member of: Developers")     # already gone


def test_nodes_show_me_adds_out_of_sight_bring_the_whole_diagram_back(qtbot, discard_on_close):
    """root-user step 3's solution adds the user admin and the group Admins: with the diagram panned or zoomed
    elsewhere, they landed out of sight until Fit; now the diagram is fitted again."""
    from PySide6.QtCore import QRectF

    from iam_studio.gui.main_window import MainWindow
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.resize(1280, 720)
    assert w.open_path(str(Path(__file__).parents[2] / "scenarios" / "root-user.yaml"))
    qtbot.waitUntil(w.canvas.settled, timeout=5000)
    w.lesson.go_to(2)
    qtbot.wait(300)
    qtbot.waitUntil(w.canvas.settled, timeout=5000)
    w.canvas.viewbox.setRange(QRectF(5000, 5000, 40, 40), padding=0)     # panned off to one side
    qtbot.wait(20)
    assert not all(w.canvas.viewbox.viewRect().contains(n.pos()) for n in w.canvas.nodes.values())
    qtbot.mouseClick(w.lesson.solution_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    seen = w.canvas.viewbox.viewRect()
    assert {"user/admin", "group/Admins"} <= set(w.canvas.nodes)
    for key, node in w.canvas.nodes.items():
        assert seen.contains(node.pos()), key


def test_the_toolbars_overflow_button_is_drawn_in_the_themes_text_colour(qtbot, discard_on_close):
    """At 1280x720 the diagram's layout tools sit behind the toolbar's "»" button, which Fusion draws dark on
    the dark theme too (nearly invisible)."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QToolButton

    from iam_studio.gui.main_window import MainWindow
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.set_theme("dark")
    w.resize(1280, 720)
    assert w.open_path(str(Path(__file__).parents[2] / "scenarios" / "capstone.yaml"))
    qtbot.wait(50)
    button = w.canvas.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert button is not None
    image = button.icon().pixmap(button.iconSize()).toImage()
    drawn = [QColor(image.pixel(x, y)) for x in range(image.width()) for y in range(image.height())
             if QColor.fromRgba(image.pixel(x, y)).alpha() > 200]
    text = w.canvas.toolbar.palette().color(QPalette.ColorRole.WindowText)
    assert drawn and max(c.lightness() for c in drawn) >= text.lightness() - 10      # light on the dark theme
    assert len(drawn) >= 12                                                       # arrows, not a dot
