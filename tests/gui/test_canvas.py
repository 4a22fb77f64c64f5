"""The canvas: draw, connect, refuse, rename, delete, undo; every edit changes the Scenario model."""
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt

from iam_studio.gui.canvas import CanvasView
from iam_studio.gui.document import ScenarioDocument


@pytest.fixture
def canvas(qtbot):
    doc = ScenarioDocument()
    view = CanvasView(doc)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    return view


def test_palette_adds_nodes_to_the_model_and_undo_removes_them(canvas, qtbot):
    canvas.actions_by_name["add_user"].trigger()
    canvas.actions_by_name["add_group"].trigger()
    sc = canvas.doc.scenario
    assert list(sc.users) == ["new-user"] and list(sc.groups) == ["NewGroup"]
    assert "user/new-user" in canvas.nodes and "user/new-user" in sc.extra["layout"]
    canvas.doc.undo_stack.undo()
    assert not sc.groups and "group/NewGroup" not in canvas.nodes
    canvas.doc.undo_stack.redo()
    assert "NewGroup" in sc.groups


def test_connect_user_group_policy_and_refuse_group_in_group(canvas):
    for kind in ("user", "group", "policy"):
        canvas.add_node(kind)
    canvas.add_node("group")
    assert canvas.connect_nodes("user/new-user", "group/NewGroup")
    assert canvas.connect_nodes("policy/NewPolicy", "group/NewGroup")
    sc = canvas.doc.scenario
    assert sc.users["new-user"].groups == ["NewGroup"]
    assert sc.groups["NewGroup"].policies == ["NewPolicy"]
    assert not canvas.connect_nodes("group/NewGroup", "group/NewGroup-2")
    assert "a group cannot join a group" in canvas.banner.text()
    assert sc.groups["NewGroup-2"].policies == []
    kinds = sorted(e.kind for e in canvas.edges)
    assert kinds == ["attached", "member"]


def test_drag_from_handle_connects_nodes(canvas, qtbot):
    canvas.add_node("user", QPointF(0, 0))
    canvas.add_node("group", QPointF(300, 0))
    canvas.fit()
    qtbot.wait(20)
    item = canvas.nodes["user/new-user"]
    vp = canvas.gview
    start = vp.mapFromScene(canvas.viewbox.mapViewToScene(item.pos() + item.handle_pos()))
    end = vp.mapFromScene(canvas.viewbox.mapViewToScene(canvas.nodes["group/NewGroup"].pos()))
    qtbot.mousePress(vp.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 11):
        qtbot.mouseMove(vp.viewport(), start + (end - start) * (i / 10))
    qtbot.mouseRelease(vp.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert canvas.doc.scenario.users["new-user"].groups == ["NewGroup"]


def test_role_trust_and_compute_runs_as(canvas):
    canvas.add_node("role")
    canvas.add_node("user")
    canvas.add_node("resource", sub="ec2")
    canvas.add_node("resource", sub="s3")
    assert canvas.connect_nodes("role/NewRole", "user/new-user")
    sc = canvas.doc.scenario
    assert sc.roles["NewRole"].trust.statements[0].principal.values("AWS") == (sc.users["new-user"].arn,)
    assert canvas.connect_nodes("resource/new-ec2", "role/NewRole")
    assert sc.resources["new-ec2"].role == "NewRole"
    assert not canvas.connect_nodes("resource/new-bucket", "role/NewRole")
    assert "does not run code" in canvas.banner.text()
    assert {e.kind for e in canvas.edges} == {"trust", "runs_as"}


def test_rename_in_place_updates_references(canvas, qtbot):
    canvas.add_node("user")
    canvas.add_node("group")
    canvas.connect_nodes("user/new-user", "group/NewGroup")
    canvas.click_node("group/NewGroup", False)
    qtbot.keyClick(canvas.gview, Qt.Key.Key_F2)
    assert canvas.editor.isVisible()
    canvas.editor.setText("Developers")
    qtbot.keyClick(canvas.editor, Qt.Key.Key_Return)
    sc = canvas.doc.scenario
    assert "Developers" in sc.groups and sc.users["new-user"].groups == ["Developers"]
    canvas.rename_node("group/Developers", "bad name!")
    assert "not a valid group name" in canvas.banner.text()


def test_multi_select_and_delete_with_keyboard(canvas, qtbot):
    canvas.add_node("user", QPointF(0, 0))
    canvas.add_node("group", QPointF(200, 0))
    canvas.add_node("policy", QPointF(400, 0))
    canvas.connect_nodes("user/new-user", "group/NewGroup")
    canvas.select_in_rect(QRectF(-50, -50, 300, 100))
    assert canvas.selected == {"user/new-user", "group/NewGroup"}
    canvas.gview.setFocus()
    qtbot.keyClick(canvas.gview, Qt.Key.Key_Delete)
    sc = canvas.doc.scenario
    assert not sc.users and not sc.groups and "NewPolicy" in sc.policies
    canvas.doc.undo_stack.undo()
    assert sc.users["new-user"].groups == ["NewGroup"]


def test_policy_selection_and_path_highlight(canvas):
    canvas.add_node("user")
    canvas.add_node("group")
    canvas.add_node("policy")
    canvas.connect_nodes("policy/NewPolicy", "user/new-user")
    canvas.click_node("policy/NewPolicy", False)
    assert canvas.doc.selection == "policy/NewPolicy"
    assert canvas.emphasised() == {"policy/NewPolicy", "user/new-user"}
    assert canvas.nodes["group/NewGroup"].opacity() < 1
    canvas.highlight_path(["root", "group/NewGroup"])
    assert canvas.nodes["group/NewGroup"].emphasis and canvas.nodes["user/new-user"].opacity() < 1
    canvas.clear_highlight()
    canvas.clear_selection()
    assert all(i.opacity() == 1 for i in canvas.nodes.values())


def test_layouts_move_nodes_undoably(canvas):
    for kind in ("user", "group", "policy", "role"):
        canvas.add_node(kind, QPointF(0, 0))
    canvas.auto_layout("layered")
    xs = {k: canvas.nodes[k].pos().x() for k in canvas.nodes}
    assert xs["user/new-user"] < xs["group/NewGroup"] < xs["policy/NewPolicy"] < xs["role/NewRole"]
    canvas.auto_layout("force")
    assert len({(round(i.pos().x()), round(i.pos().y())) for i in canvas.nodes.values()}) == len(canvas.nodes)
    canvas.doc.undo_stack.undo()
    assert canvas.nodes["role/NewRole"].pos().x() == xs["role/NewRole"]


def test_export_png_and_svg(canvas, tmp_path):
    from iam_studio.gui.export import export_canvas
    canvas.add_node("user")
    export_canvas(canvas, str(tmp_path / "d.png"))
    export_canvas(canvas, str(tmp_path / "d.svg"))
    assert (tmp_path / "d.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (tmp_path / "d.svg").read_text()
    assert "<svg" in svg and "new-user" in svg


def test_root_cannot_be_deleted(canvas):
    canvas.click_node("root", False)
    canvas.delete_selected()
    assert "root" in canvas.nodes and "cannot be deleted" in canvas.banner.text()


def test_legend_starts_folded_and_unfolds_on_click(canvas, qtbot):
    """The legend never hides the diagram until asked: a click unfolds it, another folds it."""
    legend = canvas.legend
    folded = legend.size()
    assert not legend.expanded
    qtbot.mouseClick(legend, Qt.MouseButton.LeftButton)
    assert legend.expanded and legend.height() > folded.height() * 3
    assert "group" in legend.row_tip(10, 6 + 2 * 24 + 5).lower()
    qtbot.mouseClick(legend, Qt.MouseButton.LeftButton)
    assert not legend.expanded and legend.size() == folded


def test_the_unfolded_legend_fits_a_small_canvas(canvas, qtbot):
    """At 1280x720 the canvas pane is about 455x250: the unfolded legend is drawn smaller to fit below the
    toolbar (its top rows and right column were cut off), and its rows still explain themselves on hover."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from iam_studio.gui.canvas.legend import LEAST_FIT, ROW
    legend = canvas.legend
    qtbot.mouseClick(legend, Qt.MouseButton.LeftButton)
    assert legend.fit == 1.0                                   # room enough at 1000x700
    canvas.resize(455, 250)
    qtbot.waitUntil(lambda: legend.fit < 1.0)
    assert legend.fit >= LEAST_FIT
    room = QRect(0, canvas.toolbar.height(), canvas.width(), canvas.height() - canvas.toolbar.height())
    assert room.contains(legend.geometry()), (room, legend.geometry())
    y = (6 + 2 * ROW + 5) * legend.fit                          # the third row, where the fitted legend draws it
    event = QMouseEvent(QMouseEvent.Type.MouseMove, QPoint(10, int(y)), QPoint(10, int(y)), Qt.MouseButton.NoButton,
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(legend, event)
    assert "group" in legend.toolTip().lower()
    canvas.resize(1000, 700)
    qtbot.waitUntil(lambda: legend.fit == 1.0)


def test_organization_policies_are_drawn_capping_the_account(canvas, qtbot):
    """SCPs show as policies labelled (SCP) with an edge to the account's frame (never the root user's
    node); removing the edge detaches the policy from the organization (undoably)."""
    from pathlib import Path

    from iam_studio.gui.canvas.graph import build_graph

    path = Path(__file__).resolve().parents[2] / "scenarios" / "boundaries-and-scps.yaml"
    canvas.doc.load(str(path))
    g = build_graph(canvas.doc.scenario)
    assert not [(u, v) for u, v, data in g.edges(data=True) if data["kind"] == "scp"]
    assert ("policy/FullAWSAccess", "scp") in g.graph["to_account"]
    assert g.nodes["policy/FullAWSAccess"]["label"] == "FullAWSAccess (SCP)"
    before = [list(level.policies) for level in canvas.doc.scenario.organization.scps]
    edge = next(e for e in canvas.edges if e.kind == "scp" and e.src.key == "policy/DenyOtherRegions")
    canvas.remove_edge(edge)
    assert all("DenyOtherRegions" not in level.policies for level in canvas.doc.scenario.organization.scps)
    canvas.doc.undo_stack.undo()
    assert [list(level.policies) for level in canvas.doc.scenario.organization.scps] == before


def test_layered_layout_orders_columns_to_cross_fewer_edges():
    """The barycenter sweeps cross fewer edges than alphabetical columns on the flagship lesson."""
    from itertools import combinations
    from pathlib import Path

    from iam_studio.core.scenario.load import load_scenario
    from iam_studio.gui.canvas import layout
    from iam_studio.gui.canvas.graph import build_graph

    scenario, _ = load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "employee-directory.yaml")
    g = build_graph(scenario)

    def crossings(pos):
        edges = [(pos[u], pos[v]) for u, v in g.edges() if pos[u][0] != pos[v][0]]
        edges = [(a, b) if a[0] < b[0] else (b, a) for a, b in edges]
        count = 0
        for (a1, b1), (a2, b2) in combinations(edges, 2):
            if a1[0] == a2[0] and b1[0] == b2[0] and (a1[1] - a2[1]) * (b1[1] - b2[1]) < 0:
                count += 1
        return count

    swept = layout.layered(g)
    plain_sweeps, layout.SWEEPS = layout.SWEEPS, 0
    try:
        alphabetical = layout.layered(g)
    finally:
        layout.SWEEPS = plain_sweeps
    assert set(swept) == set(g.nodes)
    assert crossings(swept) < crossings(alphabetical)


def test_the_arrangement_wraps_for_the_view_keeps_account_bands_and_clears_saved_places():
    from pathlib import Path

    from iam_studio.core.scenario.load import load_scenario
    from iam_studio.gui.canvas import layout
    from iam_studio.gui.canvas.graph import build_graph

    lessons = Path(__file__).resolve().parents[2] / "scenarios"
    g = build_graph(load_scenario(lessons / "boundaries-and-scps.yaml")[0])
    columns = lambda pos: len({round(x) for x, _ in pos.values()})      # noqa: E731
    assert columns(layout.arranged(g, 2.0, {})) > columns(layout.layered(g))        # wrapped for a wide view
    assert layout.arranged(g, 0.0, {}) == layout.layered(g)
    two_accounts = build_graph(load_scenario(lessons / "resource-policies.yaml")[0])
    assert layout.arranged(two_accounts, 3.0, {}) == layout.layered(two_accounts)    # the bands stay
    # a node the file places where an automatic one would go pushes that one to a free spot
    places = layout.arranged(g, 2.0, {})
    first, second = sorted(places)[:2]
    saved = {first: places[second]}
    moved = layout.arranged(g, 2.0, saved)
    assert moved[second] != places[second]
    others = [at for key, at in moved.items() if key != first]
    assert all((x - saved[first][0]) ** 2 + (y - saved[first][1]) ** 2 >= layout.MIN_GAP ** 2 for x, y in others)


def test_an_edge_bends_around_a_node_it_would_cross():
    from iam_studio.gui.canvas.routing import CLEARANCE, _curve, _near, bend
    assert bend(0, 0, 400, 0, [(200, 200)]) is None                 # nothing in the way: straight
    control = bend(0, 0, 400, 0, [(200, 5)])
    assert control is not None
    points = _curve(0, 0, *control, 400, 0, 40)
    assert min(_near(200, 5, *points[i], *points[i + 1]) for i in range(40)) >= CLEARANCE


@pytest.mark.parametrize("lesson", sorted(p.name for p in (Path(__file__).parents[2] / "scenarios").glob("*.yaml")))
def test_on_the_diagram_no_edge_passes_over_a_node_it_does_not_join(open_canvas, lesson):
    """conditions.yaml: ContractorReports is attached to carl, two columns away, and its line ran straight
    through the Engineers group, as if carl were an engineer."""
    _, canvas = open_canvas(Path(__file__).resolve().parents[2] / "scenarios" / lesson)
    from iam_studio.gui.canvas.routing import _near

    for edge in canvas.edges:
        line = edge.path()
        points = [line.pointAtPercent(i / 80) for i in range(81)]
        ax, ay, bx, by = edge.ends()
        crossed = straight = 0
        for node in canvas.nodes.values():
            if node not in (edge.src, edge.dst):
                x, y = node.xy
                crossed += min(((p.x() - x) ** 2 + (p.y() - y) ** 2) ** 0.5 for p in points) <= 28
                straight += _near(x, y, ax, ay, bx, by) <= 28
        assert crossed <= straight, edge.src.key
        # the capstone's 17 nodes in three columns: a long diagonal may find no single bend that clears them all
        assert crossed == 0 or lesson == "capstone.yaml", (edge.src.key, edge.dst.key)


def test_account_bands_leave_two_free_rows_for_the_next_frame_s_name():
    """The second account's name keeps its size on screen when the view zooms out: with one free row it was
    drawn over the names of the first account's bottom row."""
    from iam_studio.core.scenario.load import load_scenario
    from iam_studio.gui.canvas import layout
    from iam_studio.gui.canvas.graph import build_graph

    g = build_graph(load_scenario(Path(__file__).parents[2] / "scenarios" / "resource-policies.yaml")[0])
    places = layout.layered(g)
    home = [y for key, (_, y) in places.items() if g.nodes[key]["account"] == "123456789012"]
    other = [y for key, (_, y) in places.items() if g.nodes[key]["account"] == "444455556666"]
    assert min(other) - max(home) == 3 * layout.ROW_GAP
