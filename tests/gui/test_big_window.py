"""A big account opens with every node drawn, a huge title is shown cut (issue 8)."""
import pytest
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog

from iam_studio.gui.canvas import layout

USERS, GROUPS, POLICIES = 2000, 50, 20


def big_account(users: int = USERS) -> str:
    out = ["iam_studio: 1", "title: A big account", 'account: "123456789012"', "policies:"]
    for p in range(POLICIES):
        out += [f"  Policy{p:03d}:", "    document:", '      Version: "2012-10-17"', "      Statement:",
                "        - {Effect: Allow, Action: s3:GetObject, Resource: \"*\"}"]
    out.append("groups:")
    out += [f"  Group{g:03d}: {{policies: [Policy{g % POLICIES:03d}]}}" for g in range(GROUPS)]
    out.append("users:")
    out += [f"  user{u:05d}: {{groups: [Group{u % GROUPS:03d}]}}" for u in range(users)]
    return "\n".join(out) + "\n"


@pytest.fixture(autouse=True)
def _discard(discard_on_close):
    """Closing a window in teardown never waits on the "save changes?" question."""


@pytest.fixture
def window(window):
    window.resize(1366, 768)
    return window


@pytest.fixture
def big_file(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text(big_account())
    return path


def test_every_node_and_edge_of_a_big_account_is_drawn(window, big_file, qtbot):
    assert window.open_path(str(big_file))
    canvas = window.canvas
    assert len(canvas.nodes) == 1 + USERS + GROUPS + POLICIES            # the root user too
    assert {f"user/user{u:05d}" for u in range(USERS)} <= set(canvas.nodes)
    kinds = [e.kind for e in canvas.edges]
    assert kinds.count("member") == USERS and kinds.count("attached") == GROUPS
    places = {item.xy for item in canvas.nodes.values()}
    assert len(places) == len(canvas.nodes)                                # no two nodes on one spot
    xs, ys = [x for x, _ in places], [y for _, y in places]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert height < 3 * width          # the users' column is wrapped into a block, not 2,000 rows tall


def test_fitted_a_big_account_is_an_overview_and_zooming_in_shows_the_items(window, big_file, qtbot):
    assert window.open_path(str(big_file))
    canvas = window.canvas
    qtbot.waitUntil(lambda: canvas.in_overview)                            # fitted: 2,000 nodes are dots
    view = canvas.viewbox.viewRect()
    assert all(view.contains(*item.xy) for item in canvas.nodes.values())  # Fit shows every node
    xs, ys = [i.xy[0] for i in canvas.nodes.values()], [i.xy[1] for i in canvas.nodes.values()]
    assert max((max(xs) - min(xs)) / view.width(), (max(ys) - min(ys)) / view.height()) > 0.2   # not lost in it
    # (the strip behind the legend, up to 60% of a short view, stays free)
    assert view.top() < canvas.boundary.rect.top()                         # the account's name above, in view
    assert canvas.overview.isVisible() and not canvas.layer.isVisible()
    key = "user/user00007"
    canvas.overview.mouseClickEvent(_Click(QPointF(*canvas.nodes[key].xy)))
    assert canvas.selected == {key} and window.doc.selection == key        # a click in the overview selects
    x, y = canvas.nodes[key].xy
    canvas.viewbox.setRange(xRange=(x - 300, x + 300), yRange=(y - 200, y + 200), padding=0)
    canvas.viewbox.sigRangeChangedManually.emit([True, True])         # as a wheel zoom says it
    qtbot.waitUntil(lambda: not canvas.in_overview)
    assert canvas.layer.isVisible() and not canvas.overview.isVisible()
    assert canvas.nodes[key].selected


def test_the_force_layout_refuses_a_big_account_and_says_why(window, big_file):
    assert window.open_path(str(big_file))
    before = {k: i.xy for k, i in window.canvas.nodes.items()}
    window.canvas.auto_layout("force")
    assert "layered layout" in window.canvas.banner.text()
    assert not window.canvas.actions_by_name["layout_force"].isEnabled()
    assert {k: i.xy for k, i in window.canvas.nodes.items()} == before


def test_an_edit_in_a_big_account_keeps_the_other_items(window, big_file):
    assert window.open_path(str(big_file))
    canvas = window.canvas
    items = dict(canvas.nodes)
    assert canvas.connect_nodes("user/user00001", "group/Group007")
    assert all(canvas.nodes[k] is item for k, item in items.items())       # only the new edge is made
    assert any(e.src.key == "user/user00001" and e.dst.key == "group/Group007" for e in canvas.edges)
    window.doc.undo_stack.undo()
    assert not any(e.src.key == "user/user00001" and e.dst.key == "group/Group007" for e in canvas.edges)


def test_a_megabyte_title_is_shown_cut(window, tmp_path):
    path = tmp_path / "title.yaml"
    path.write_text('iam_studio: 1\ntitle: ' + "A" * 1_000_000 + '\naccount: "123456789012"\nusers:\n  ana: {}\n')
    assert window.open_path(str(path))
    assert len(window.doc.scenario.title) == 1_000_000                     # the model keeps it whole
    assert len(window.windowTitle()) < 200 and "A…" in window.windowTitle()
    shown = window.lesson.title.text()
    assert shown.startswith("AAAA") and shown.endswith("…") and len(shown) <= 200
    assert len(window.lesson.text.toPlainText()) < 1000
    assert set(window.canvas.nodes) == {"root", "user/ana"}


def test_a_megabyte_word_in_the_description_opens_and_is_shown_cut(window, tmp_path):
    path = tmp_path / "description.yaml"
    path.write_text('iam_studio: 1\ntitle: t\ndescription: ' + "B" * 1_000_000 + '\naccount: "123456789012"\n')
    assert window.open_path(str(path))
    assert len(window.doc.scenario.description) == 1_000_000
    shown = window.lesson.text.toPlainText()
    assert "BBBB" in shown and len(shown) < 25_000


def test_layered_columns_wrap_only_when_long():
    from iam_studio.core.scenario.load import load_scenario_text
    from iam_studio.gui.canvas.graph import build_graph
    small, _ = load_scenario_text(big_account(layout.MIN_ROWS - 1), "small.yaml")
    pos = layout.layered(build_graph(small))
    assert len({x for k, (x, _) in pos.items() if k.startswith("user/")}) == 1
    big, _ = load_scenario_text(big_account(), "big.yaml")
    g = build_graph(big)
    pos = layout.layered(g)
    users = [p for k, p in pos.items() if k.startswith("user/")]
    rows = layout.column_rows(g)
    assert len({x for x, _ in users}) == -(-USERS // rows) and len({y for _, y in users}) == rows
    assert min(x for k, (x, _) in pos.items() if k.startswith("group/")) > max(x for x, _ in users)


class _Click:
    """What pyqtgraph hands an item for a left click at `pos` (its coordinates)."""

    def __init__(self, pos):
        self._pos, self.accepted = pos, False

    def button(self):
        return Qt.MouseButton.LeftButton

    def pos(self):
        return self._pos

    def modifiers(self):
        return Qt.KeyboardModifier.NoModifier

    def accept(self):
        self.accepted = True


@pytest.fixture
def gated(monkeypatch):
    """Files of any size count as big, and the worker's (real) read waits until the test opens the gate."""
    import threading

    from iam_studio.gui import loading
    gate = threading.Event()
    real = loading.load_scenario

    def read(path):
        gate.wait(30)
        return real(path)

    monkeypatch.setattr(loading, "BACKGROUND_BYTES", 1)
    monkeypatch.setattr(loading, "load_scenario", read)
    return gate


def _watch(window, seen, act=None):
    """Every 0 ms while the window opens a file: note what the progress dialog says (and act on it)."""
    def look():
        dialog = window.findChild(QProgressDialog, "openProgress")
        if dialog is not None and dialog.isVisible():
            seen.append((dialog.labelText(), dialog.windowModality() == Qt.WindowModality.WindowModal))
            if act is not None:
                act(dialog)
    timer = QTimer(window, interval=0, timeout=look)
    timer.start()
    return timer


def test_a_big_file_opens_behind_a_progress_dialog(window, big_file, gated):
    seen: list = []
    timer = _watch(window, seen, lambda dialog: gated.set())
    assert window.open_path(str(big_file))
    timer.stop()
    assert seen and seen[0][0].startswith("Reading big.yaml") and seen[0][1]       # window-modal, while reading
    assert any(text.startswith("Drawing") for text, _ in seen)                        # then counting the items
    assert len(window.canvas.nodes) == 1 + USERS + GROUPS + POLICIES
    assert window.doc.path == str(big_file) and not window.doc.dirty
    dialog = window.findChild(QProgressDialog, "openProgress")
    assert dialog is None or not dialog.isVisible()


def test_cancel_leaves_the_open_document_as_it_was(window, big_file, tmp_path, gated):
    small = tmp_path / "small.yaml"
    small.write_text(big_account(3))
    gated.set()
    assert window.open_path(str(small))
    window.canvas.add_node("group")                      # unsaved work, with its undo history
    window.doc.undo_stack.setClean()
    before = (window.doc.scenario, set(window.canvas.nodes), window.doc.undo_stack.count(), window.doc.path)
    gated.clear()
    seen: list = []
    timer = _watch(window, seen, lambda dialog: dialog.cancel())
    assert not window.open_path(str(big_file))
    timer.stop()
    gated.set()
    assert seen and seen[0][0].startswith("Reading")
    assert (window.doc.scenario, set(window.canvas.nodes), window.doc.undo_stack.count(), window.doc.path) == before
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_big_file_with_errors_is_reported_and_nothing_changes(window, big_file, tmp_path, gated):
    gated.set()
    broken = tmp_path / "broken.yaml"
    broken.write_text(big_account().replace("groups: [Group007]", "groups: [NoSuchGroup]", 1))
    assert not window.open_path(str(broken))
    assert "problem" in window.last_error.text() and "NoSuchGroup" in window.last_error.informativeText()
    assert window.doc.path is None
