"""Other accounts on the canvas: a trust policy naming another account (`arn:aws:iam::ID:root`, the bare id
or one of its principals) points at that account's own frame, labelled with its id, never at a node of the
home account; the legend explains the frame."""
import textwrap

from PySide6.QtCore import Qt

from iam_studio.gui.canvas.graph import build_graph, foreign_account

SCENARIO = textwrap.dedent("""\
    iam_studio: 1
    title: Cross-account roles
    account: "123456789012"
    users:
      alice: {}
    roles:
      Auditor:
        trust:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {AWS: "arn:aws:iam::444455556666:root"}
              Action: sts:AssumeRole
      Partner:
        trust:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {AWS: ["arn:aws:iam::111122223333:user/bob", "111122223333"]}
              Action: sts:AssumeRole
      Local:
        trust:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {AWS: "arn:aws:iam::123456789012:root"}
              Action: sts:AssumeRole
    """)


def _canvas(open_canvas, tmp_path):
    path = tmp_path / "cross.yaml"
    path.write_text(SCENARIO)
    return open_canvas(path)


def test_the_account_a_principal_belongs_to():
    home = "123456789012"
    assert foreign_account("arn:aws:iam::444455556666:root", home) == "444455556666"
    assert foreign_account("444455556666", home) == "444455556666"
    assert foreign_account("arn:aws:iam::111122223333:role/x", home) == "111122223333"
    assert foreign_account("arn:aws:sts::111122223333:assumed-role/x/s", home) == "111122223333"
    assert foreign_account("arn:aws:iam::123456789012:root", home) is None
    assert foreign_account("*", home) is None
    assert foreign_account("arn:aws:s3:::bucket", home) is None


def test_trust_in_another_account_points_at_its_own_frame(open_canvas, qtbot, tmp_path):
    _doc, canvas = _canvas(open_canvas, tmp_path)
    g = build_graph(canvas.doc.scenario)
    assert sorted(g.graph["to_other"]) == [("role/Auditor", "444455556666", "trust"),
                                           ("role/Partner", "111122223333", "trust")]   # one edge per account
    assert ("role/Local", "trust") in g.graph["to_account"]
    assert not [e for e in g.edges(data=True) if e[2]["kind"] == "trust"]             # never to a home node
    assert set(canvas.others) == {"444455556666", "111122223333"}
    for account, anchor in canvas.others.items():
        frame = anchor.boundary
        assert frame.isVisible() and frame.title == f"AWS account {account}" and frame.foreign
        assert not frame.rect.intersects(canvas.boundary.rect)                   # beside the home account
        edges = [e for e in canvas.edges if e.dst is anchor]
        assert len(edges) == 1 and edges[0].kind == "trust"
        assert frame.rect.contains(edges[0].dst.point_for(edges[0].src.pos()))   # the edge ends on the frame
    # the whole picture fits: every frame's title is inside what Fit shows
    canvas.fit()
    shown = canvas.viewbox.viewRect()
    for anchor in canvas.others.values():
        assert shown.adjusted(-1, -1, 1, 1).contains(anchor.boundary.boundingRect())


def test_an_edit_that_removes_the_trust_removes_the_frame_and_undo_brings_it_back(open_canvas, qtbot, tmp_path):
    """The frame follows the model: the trust policy edited (as in the policy editor) to name only the home
    account takes the other account's frame away; undo brings it back."""
    doc, canvas = _canvas(open_canvas, tmp_path)
    local = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ' \
            '"arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]}'
    doc.set_policy_document("role/Auditor#trust", local)
    qtbot.wait(20)
    assert "444455556666" not in canvas.others
    assert not [e for e in canvas.edges if e.dst.key == "account/444455556666"]
    assert "111122223333" in canvas.others
    doc.undo_stack.undo()
    qtbot.wait(20)
    assert "444455556666" in canvas.others


def test_the_legend_explains_another_accounts_frame(open_canvas, qtbot, tmp_path):
    _doc, canvas = _canvas(open_canvas, tmp_path)
    legend = canvas.legend
    qtbot.mouseClick(legend, Qt.MouseButton.LeftButton)
    assert legend.expanded
    x, y = next((x, y) for x, y, what, key in legend.cells() if (what, key) == ("frame", "other"))
    tip = legend.row_tip(x + 5, y)
    assert "Another AWS account" in tip and "arn:aws:iam::ID:root" in tip and "not its root user" in tip


def test_each_account_s_nodes_have_a_frame_of_their_own(open_canvas):
    """The cross-account lesson: the print shop's users and policy were laid out among ours, so its frame sat
    inside our account's frame (its title over our root user). Each account gets its own band now."""
    from pathlib import Path
    lesson = Path(__file__).parents[2] / "scenarios" / "resource-policies.yaml"
    _, canvas = open_canvas(lesson)
    g = canvas.graph
    home, other = canvas.boundary.rect, canvas.others["444455556666"].boundary.rect
    assert not home.intersects(other), (home, other)
    for key, item in canvas.nodes.items():
        frame = home if g.nodes[key]["account"] == "123456789012" else other
        assert frame.contains(*item.xy), key
