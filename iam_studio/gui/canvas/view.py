"""The graph canvas: draws the scenario's graph and turns gestures into undoable model edits."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from html import escape

import networkx as nx
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.scenario import edits
from ...core.scenario.edits import Refused
from ...core.scenario.kinds import NEW_RESOURCE
from ...core.scenario.positions import saved_positions
from .. import themes
from ..document import ScenarioDocument
from ..glossary import EDGE_TIPS, node_tip
from ..themes import THEMES
from . import layout, routing
from .graph import attached_to, build_graph, trusted_services
from .items import (
    HANDLE_R,
    LABEL_PX,
    AccountAnchor,
    BoundaryItem,
    EdgeItem,
    NodeItem,
    OverviewItem,
)
from .legend import Legend
from .plan import Plan, graph_shape
from .shapes import EDGE_NAMES, KIND_NAMES, NODE_H, NODE_W, RESOURCE_NAMES
from .viewbox import CanvasViewBox

OVERVIEW_PX = 10.0       # nodes narrower than this on screen: the overview draws the diagram,
EdgeKey = tuple[str, 'str | None', str]      # (source, target or None: the account's frame, kind)
PROGRESS_EVERY = 2000    # items made between two calls of `progress`
OVERVIEW_NODES = 500     # if there are more nodes than this (a lesson's diagram always has its names)
NEW_NAMES = {"user": "new-user", "group": "NewGroup", "role": "NewRole", "policy": "NewPolicy"}


class CanvasView(QWidget):
    """The scenario as a diagram. Public: `highlight_path(keys)`, `clear_highlight()`, `fit()`."""

    message = Signal(str)     # what an edit did, or why it was refused, in plain words

    def __init__(self, document: ScenarioDocument, parent=None):
        super().__init__(parent)
        self.setObjectName("canvas")
        self.setAccessibleName("Scenario diagram")
        self.doc = document
        self.theme = THEMES["light"]
        self.nodes: dict[str, NodeItem] = {}
        self._edges: dict[EdgeKey, EdgeItem] = {}
        self._placed: tuple[object, dict[str, tuple[float, float]]] = (None, {})
        self._fit_after_rebuild = False
        self._plan: Plan | None = None           # the next rebuild's graph and places, if made ahead
        self.progress: Callable[[int, int], None] | None = None     # told (items made, to make) as they are
        self.selected: set[str] = set()
        self.highlighted: set[str] = set()
        self._shown: tuple[set[str], set[str]] = (set(), set())     # what `_refresh_states` last drew
        self.graph: nx.MultiDiGraph | None = None
        self._connect_from: str | None = None
        self._move_start: dict[str, QPointF] = {}
        self._rubber: QGraphicsLineItem | None = None
        self._renaming: str | None = None
        self.label_px = LABEL_PX               # label size in diagram units (see `_zoomed`)
        self.frame_px = LABEL_PX               # the same for the account frame's title
        self._handout = False                  # an export is drawing the whole diagram (`handout_labels`)
        self.in_overview = False               # nodes too small to tell apart: `overview` draws them
        self.detail_wanted = 0                 # > 0: never the overview (see `detailed`)
        self._zooming = False
        self.handle_r = HANDLE_R
        self._placed_for = 0.0                  # the view's width / height the automatic places were made for

        self.toolbar = self._make_toolbar()
        self.gview = pg.GraphicsView(self)
        self.gview.setObjectName("canvasView")
        self.gview.setAccessibleName("Diagram area")
        self.gview.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewbox = CanvasViewBox(self)
        self.gview.setCentralItem(self.viewbox)
        self.boundary = BoundaryItem(self)
        self.viewbox.addItem(self.boundary, ignoreBounds=True)
        self.account = AccountAnchor(self.boundary)
        self.layer = _layer()                    # every node and edge is a child of this one item
        self.viewbox.addItem(self.layer, ignoreBounds=True)
        self.overview = OverviewItem(self)
        self.overview.hide()
        self.viewbox.addItem(self.overview, ignoreBounds=True)
        self.others: dict[str, AccountAnchor] = {}       # other accounts' frames, by account id
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.gview, 1)
        self.legend = Legend(self)
        self.auto_fit = True                     # refit on resize until the user pans or zooms
        self.viewbox.sigRangeChangedManually.connect(self._user_moved)
        self.viewbox.sigTransformChanged.connect(self._zoomed)
        themes.appearance().changed.connect(self._zoomed)
        self.banner = QLabel(self)
        self.banner.setObjectName("canvasMessage")
        self.banner.setAccessibleName("Canvas message")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.setInterval(7000)
        self._banner_timer.timeout.connect(self.banner.hide)
        self.editor = QLineEdit(self.gview)
        self.editor.setObjectName("canvasRename")
        self.editor.setAccessibleName("New name")
        self.editor.hide()
        self.editor.editingFinished.connect(self._commit_rename)
        self._shortcuts()
        self.set_theme("light")
        document.changed.connect(self.rebuild)
        document.nodesMoved.connect(self.rebuild)           # an undone move puts the nodes back
        document.scenarioReplaced.connect(self._replaced)
        document.selectionChanged.connect(self._doc_selected)
        self.rebuild()
        self.fit()

    # ----- construction ------------------------------------------------------------------------
    def _make_toolbar(self) -> QToolBar:
        bar = QToolBar("Diagram", self)
        bar.setObjectName("canvasToolbar")
        bar.setAccessibleName("Diagram tools")
        self.actions_by_name: dict[str, QAction] = {}

        def act(name: str, text: str, tip: str, slot) -> QAction:
            a = QAction(text, self)
            a.setObjectName(name)
            a.setToolTip(tip)
            a.triggered.connect(slot)
            bar.addAction(a)
            bar.widgetForAction(a).setObjectName(name + "Button")
            bar.widgetForAction(a).setAccessibleName(text)
            self.actions_by_name[name] = a
            return a

        for kind in ("user", "group", "role", "policy"):
            act(f"add_{kind}", f"+ {KIND_NAMES[kind]}", node_tip(kind), lambda _=False, k=kind: self.add_node(k))
        res_menu = QMenu(self)
        res_menu.setObjectName("addResourceMenu")
        for kind in NEW_RESOURCE:
            a = res_menu.addAction(RESOURCE_NAMES[kind.value])
            a.setObjectName(f"add_resource_{kind.value}")
            a.triggered.connect(lambda _=False, s=kind.value: self.add_node("resource", sub=s))
        res_menu.addAction("Other (by ARN)…").triggered.connect(self._add_other_resource)
        button = QToolButton(bar)
        button.setText("+ Resource")
        button.setObjectName("addResourceButton")
        button.setAccessibleName("Add a resource")
        button.setToolTip(node_tip("resource"))
        button.setMenu(res_menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(button)
        bar.addSeparator()
        act("layout_layered", "Layered layout", "Arrange in columns: users, groups, policies, roles, resources",
            lambda: self.auto_layout("layered"))
        act("layout_force", "Force layout", "Arrange by connections: linked nodes pull together",
            lambda: self.auto_layout("force"))
        act("fit", "Fit", "Show the whole diagram (F)", self.fit)
        themes.readable_overflow(bar)
        return bar

    def _shortcuts(self) -> None:
        self._keys = {Qt.Key.Key_Delete: self.delete_selected, Qt.Key.Key_Backspace: self.delete_selected,
                      Qt.Key.Key_F2: lambda: self.start_rename(self._single()),
                      Qt.Key.Key_Escape: self.clear_selection, Qt.Key.Key_F: self.fit}
        self.gview.installEventFilter(self)
        self.editor.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.gview and event.type() == QEvent.Type.Resize and not self.settled():
            QTimer.singleShot(0, self._replace_for_view)        # another shape (a dock, the toolbar): wrap anew
        if event.type() == QEvent.Type.KeyPress:
            if obj is self.editor and event.key() == Qt.Key.Key_Escape:
                self.cancel_rename()
                return True
            if obj is self.gview:
                if event.matches(QKeySequence.StandardKey.SelectAll):
                    self.select_all()
                    return True
                action = self._keys.get(event.key())
                if action is not None and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                    action()
                    return True
        return super().eventFilter(obj, event)

    def set_theme(self, name: str) -> None:
        self.theme = THEMES[name]
        self.gview.setBackground(self.theme["background"])
        self.banner.setStyleSheet(
            f"background: {self.theme['base']}; color: {self.theme['text']}; border: 2px solid "
            f"{self.theme['accent']}; border-radius: 6px; padding: 8px;")
        for item in self.nodes.values():
            item.update()
        for frame in (self.boundary, *(a.boundary for a in self.others.values())):
            frame.update()
        self.legend.update()

    def pixels_per_unit(self) -> float:
        size = self.viewbox.viewPixelSize()[0]
        return 1.0 / size if size > 0 else 1.0

    def _zoomed(self, *_) -> None:
        """Keep labels at least the theme's minimum size on screen, and the connect handle grab-able; draw
        the overview instead of the items while nodes are too small on screen to tell apart."""
        if self._zooming:
            return                          # `pixels_per_unit` below brings pyqtgraph's matrix up to date,
        self._zooming = True                # which announces the transform again: once is enough
        try:
            self._rescale(self.pixels_per_unit())
        finally:
            self._zooming = False

    def _rescale(self, k: float) -> None:
        label = max(LABEL_PX, (themes.min_text_px() + 0.2) / k)     # whole pixels: a little over
        handle = max(HANDLE_R, themes.ui_pixel_size() * (0.9 if themes.appearance().presentation else 0.7)) / k
        overview = NODE_W * k < OVERVIEW_PX and len(self.nodes) > OVERVIEW_NODES and self.detail_wanted == 0
        if overview != self.in_overview:
            self._show_overview(overview)
        if label != self.frame_px:
            self.frame_px = label
            for frame in (self.boundary, *(a.boundary for a in self.others.values())):
                frame.prepareGeometryChange()
                frame.update()
        grown = label > self.label_px or handle > self.handle_r      # never below the minimum, even briefly
        if not overview and (grown or label < 0.98 * self.label_px or handle < 0.98 * self.handle_r):
            self.label_px, self.handle_r = label, handle            # (hidden items keep their geometry)
            for item in self.nodes.values():
                item.geometry_changed()
        self.legend.restyle()

    def _show_overview(self, on: bool) -> None:
        self.in_overview = on
        self.layer.setVisible(not on)
        self.overview.setVisible(on)
        if on:
            self.overview.invalidate()

    @contextmanager
    def detailed(self) -> Iterator[None]:
        """Every node and edge item drawn (not the overview) while this lasts, e.g. for an export."""
        self.detail_wanted += 1
        self._show_overview(False)
        try:
            yield
        finally:
            self.detail_wanted -= 1
            self._zoomed()

    @contextmanager
    def handout_labels(self) -> Iterator[float]:
        """Names at the diagram's own size (as when zoomed in) while this lasts, for an export that draws the
        diagram larger instead: yields how much larger the screen's names were."""
        label, frame = self.label_px, self.frame_px
        self._handout = True
        self._set_label_px(LABEL_PX, LABEL_PX)
        try:
            yield label / LABEL_PX
        finally:
            self._handout = False
            self._set_label_px(label, frame)

    def _set_label_px(self, label: float, frame: float) -> None:
        self.label_px, self.frame_px = label, frame
        for item in self.nodes.values():
            item.geometry_changed()
        for box in (self.boundary, *(a.boundary for a in self.others.values())):
            box.prepareGeometryChange()
            box.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            QTimer.singleShot(0, self._refit)      # after the view has its new size
        if self.legend.expanded:
            self.legend.set_expanded(True)          # fitted to the new size
        self.legend.move(10, self.height() - self.legend.height() - 10)
        self.banner.setFixedWidth(min(560, self.width() - 40))
        self.banner.move(20, self.toolbar.height() + 10)

    # ----- model -> items -----------------------------------------------------------------------
    def _replaced(self) -> None:
        """Another scenario: its items are made by the `changed` that follows, then fitted."""
        self.viewbox.removeItem(self.layer)          # every node and edge at once
        self.layer = _layer()
        self.viewbox.addItem(self.layer, ignoreBounds=True)
        self._show_overview(self.in_overview)
        self.nodes.clear()
        self._edges.clear()
        for anchor in (self.account, *self.others.values()):
            anchor.edges = []
        self.selected.clear()
        self.highlighted.clear()
        self._shown = (set(), set())
        self._placed = (None, {})
        self._fit_after_rebuild = True

    @property
    def edges(self) -> list[EdgeItem]:
        """Every edge drawn, the account's frame's included."""
        return list(self._edges.values())

    def rebuild(self) -> None:
        """Bring the items in line with the model (called after every change): items are made for new
        nodes and edges only, and moved only when their place changed."""
        sc = self.doc.scenario
        plan, self._plan = self._plan, None
        if plan is not None and plan.scenario is sc:        # made ahead, in a worker (gui/loading.py)
            g = self.graph = plan.graph
            self._placed = (plan.shape, plan.places)
        else:
            g = self.graph = build_graph(sc)
        saved = saved_positions(sc.extra.get("layout"))
        fallback = self._fallback(g, saved)
        total, done = g.number_of_nodes() + g.number_of_edges() - len(self.nodes) - len(self._edges), 0
        fresh: list[str] = []                  # nodes with new items or edges: their state is drawn below
        added: list[NodeItem] = []             # new nodes of a diagram already shown (a solution, a flip)
        shown_before = bool(self.nodes)
        for key in [k for k in self.nodes if k not in g]:
            item = self.nodes.pop(key)
            for e in list(item.edges):
                self._drop_edge(e)
            self._remove(item)
            self.selected.discard(key)
        for key, data in g.nodes(data=True):
            x, y = saved.get(key) or fallback[key]
            existing = self.nodes.get(key)
            if existing is None:
                item = self.nodes[key] = NodeItem(self, key, data["kind"], data["sub"], data["label"])
                item.move_to(x, y)
                item.setParentItem(self.layer)
                fresh.append(key)
                if shown_before:
                    added.append(item)
                done += 1
                if self.progress is not None and done % PROGRESS_EVERY == 0:
                    self.progress(done, total)
            else:
                existing.set_content(data["sub"], data["label"])
                existing.move_to(x, y)
        wanted: dict[EdgeKey, tuple[NodeItem, NodeItem | AccountAnchor]] = {
            (src, dst, data["kind"]): (self.nodes[src], self.nodes[dst]) for src, dst, data in g.edges(data=True)}
        wanted.update(((src, None, kind), (self.nodes[src], self.account))
                      for src, kind in g.graph["to_account"] if src in self.nodes)
        self._other_frames(g)
        wanted.update(((src, f"account/{account}", kind), (self.nodes[src], self.others[account]))
                      for src, account, kind in g.graph["to_other"] if src in self.nodes)
        for gone in [k for k in self._edges if k not in wanted]:
            self._drop_edge(self._edges[gone])
        self.selected &= set(self.nodes)
        self._update_boundary()
        self._place_other_frames(g)
        for edge, (src, dst) in wanted.items():
            if edge not in self._edges:
                e = self._edges[edge] = EdgeItem(self, src, dst, edge[2], EDGE_TIPS[edge[2]])
                e.setParentItem(self.layer)
                fresh.append(edge[0])
                done += 1
                if self.progress is not None and done % PROGRESS_EVERY == 0:
                    self.progress(done, total)
        if len(self.nodes) <= routing.BEND_LIMIT:
            for e in self._edges.values():
                e.adjust()                 # bent around the nodes' new places (the frames follow the nodes)
        else:
            for anchor in (self.account, *self.others.values()):
                for e in anchor.edges:
                    e.adjust()             # the frames follow the nodes
        self._refresh_states(fresh)
        self.actions_by_name["layout_force"].setEnabled(g.number_of_nodes() <= layout.FORCE_LIMIT)
        self._zoomed()                         # the overview, if the diagram grew big enough for it
        if self.in_overview:
            self.overview.invalidate()
        if added and not self.in_overview:
            seen = self.viewbox.viewRect()
            if not all(seen.contains(item.pos()) for item in added):
                self._fit_after_rebuild = True  # "Show me" placed a node out of sight: the whole diagram again
        if self._fit_after_rebuild:
            self._fit_after_rebuild = False
            self.fit()

    def obstacles(self, *ends: object) -> tuple[tuple[float, float], ...]:
        """Where an edge must not pass: every node but its `ends` (a little below the centre, to keep off the
        name too); none for a diagram too big to route."""
        if len(self.nodes) > routing.BEND_LIMIT:
            return ()
        return tuple([(n.xy[0], n.xy[1] + 12) for n in self.nodes.values() if n not in ends])

    def use_plan(self, plan: Plan) -> None:
        """The graph and places of the scenario about to be shown, made ahead (in a worker thread)."""
        self._plan = plan

    def _fallback(self, g, saved: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
        """The layered layout's places, for nodes `layout:` does not place, with the columns wrapped to the
        view's shape (a short, wide diagram area at 1280x720 or on a projector gets short columns); computed
        again only when the graph's nodes or edges changed (a policy text, a request, a move keep it) or the
        view's shape did."""
        if all(k in saved for k in g.nodes):
            return {}
        aspect = self._aspect()
        shape = (graph_shape(g), round(aspect, 2)) if aspect else graph_shape(g)
        if self._placed[0] != shape:
            self._placed = (shape, layout.arranged(g, aspect, saved))
            self._placed_for = aspect
        return self._placed[1]

    def _aspect(self) -> float:
        size = self.gview.size()
        return size.width() / size.height() if size.height() > 0 else 0.0

    def settled(self) -> bool:
        """True unless the automatic arrangement waits to be made again for the view's new shape."""
        return not self._aspect() or abs(self._aspect() / (self._placed_for or 1.0) - 1) <= 0.05

    def _replace_for_view(self) -> None:
        self.rebuild()
        if self.auto_fit:
            self.fit()


    def _drop_edge(self, e: EdgeItem) -> None:
        e.detach()
        self._remove(e)
        self._edges.pop((e.src.key, None if e.dst is self.account else e.dst.key, e.kind), None)

    def _remove(self, item) -> None:
        scene = item.scene()
        if scene is not None:
            scene.removeItem(item)

    def tooltip(self, key: str) -> str:
        """A node's tooltip as the model says now (made when the pointer rests on it, not for every node)."""
        if self.graph is None or key not in self.graph:
            return ""
        data = self.graph.nodes[key]
        kind, sub = data["kind"], data["sub"]
        head = f"<b>{escape(data['label'])}</b> — {RESOURCE_NAMES.get(sub) if kind == 'resource' else KIND_NAMES[kind]}"
        extra = ""
        if kind == "resource":
            res = self.doc.scenario.resources.get(key.partition("/")[2])
            extra = f"<br><code>{escape(res.arn)}</code>" if res else ""
        if kind == "role":
            role = self.doc.scenario.roles.get(key.partition("/")[2])
            services = trusted_services(role.trust) if role else []
            if services:
                extra = "<br>Trusted services: " + escape(", ".join(services))
        return f"{head}{extra}<br>{node_tip(kind, sub)}"

    def _update_boundary(self) -> None:
        home = self.doc.scenario.account
        g = self.graph
        at = [i.xy for k, i in self.nodes.items() if g is not None and g.nodes[k]["account"] == home]
        rect = QRectF()
        if at:
            xs, ys = [x for x, _ in at], [y for _, y in at]
            rect = QRectF(min(xs) - NODE_W / 2 - 30, min(ys) - NODE_H / 2 - 40,
                          max(xs) - min(xs) + NODE_W + 60, max(ys) - min(ys) + NODE_H + 90)
        self.boundary.set_rect(rect, f"AWS account {home}")
        self.boundary.setVisible(not rect.isNull())
        self.boundary.setToolTip("Everything inside the frame belongs to this AWS account; "
                                 "the root user owns it.")

    def _other_frames(self, g) -> None:
        """A frame for every other account a trust policy names or that owns nodes (made or taken away here;
        placed by `_place_other_frames`); the trust edges to it end on it (see `rebuild`)."""
        home = self.doc.scenario.account
        named = {account for _src, account, _kind in g.graph["to_other"]}
        owners = {d["account"] for _k, d in g.nodes(data=True) if d["account"] and d["account"] != home}
        for account in [a for a in self.others if a not in named | owners]:
            self._remove(self.others.pop(account).boundary)
        for account in sorted((named | owners) - set(self.others)):
            frame = BoundaryItem(self, foreign=True)
            self.viewbox.addItem(frame, ignoreBounds=True)
            self.others[account] = AccountAnchor(frame, f"account/{account}")

    def _place_other_frames(self, g) -> None:
        """Each other account's frame, labelled with its id: around its nodes, else a box above and beside
        the home account's frame (its edges then do not run along a row of nodes)."""
        beside = self.boundary.rect if self.boundary.isVisible() else QRectF(0, 0, 0, 0)
        y = beside.top() - 3.5 * NODE_H
        for account, anchor in sorted(self.others.items()):
            at = [i.xy for k, i in self.nodes.items() if g.nodes[k]["account"] == account]
            if at:
                xs, ys = [x for x, _ in at], [y for _, y in at]
                rect = QRectF(min(xs) - NODE_W / 2 - 30, min(ys) - NODE_H / 2 - 40,
                              max(xs) - min(xs) + NODE_W + 60, max(ys) - min(ys) + NODE_H + 90)
            else:
                rect = QRectF(beside.right() + 2 * NODE_W, y, 4 * NODE_W, 2.5 * NODE_H)
                y = rect.top() - 3.5 * NODE_H
            anchor.boundary.set_rect(rect, f"AWS account {account}")
            anchor.boundary.setToolTip(f"Another AWS account, {account}. A trust policy that names it trusts the "
                                       "whole account: its own policies decide who there may assume the role.")

    def positions(self) -> dict[str, tuple[float, float]]:
        return {k: i.xy for k, i in self.nodes.items()}

    # ----- view ----------------------------------------------------------------------------------
    def fit(self) -> None:
        """Show the whole diagram, centred, with the account's name above its frame and the strip behind
        the legend left free. The name keeps its size on screen whatever the scale, so its room is
        reckoned in pixels (in diagram units it would grow as the view zooms out)."""
        rect = self.boundary.rect if self.boundary.isVisible() else QRectF()
        if self.nodes:
            at = [i.xy for i in self.nodes.values()]
            xs, ys = [x for x, _ in at], [y for _, y in at]
            rect = rect.united(QRectF(min(xs) - 60, min(ys) - 60, max(xs) - min(xs) + 120, max(ys) - min(ys) + 130))
        if rect.isNull():
            return
        for anchor in self.others.values():     # other accounts' frames (their names: the room kept on top)
            rect = rect.united(anchor.boundary.rect)
        rect = rect.adjusted(-10, -10, 10, 10)
        vw, vh = self.gview.viewport().width(), self.gview.viewport().height()
        if vw < 20 or vh < 20:                  # not laid out yet: a resize fits again
            self.viewbox.setRange(rect=rect, padding=0.0)
            self.auto_fit = True
            self._zoomed()
            return
        free = vh
        if self.legend.isVisible() and self.legend.expanded:
            free = vh * (1 - min(0.6, (self.legend.height() + 20) / vh))     # y grows downwards
        shown = self._fitted_range(rect, vw, vh, free)
        for _ in range(3):
            self.viewbox.setRange(rect=shown, padding=0.0)
            self.auto_fit = True
            self._zoomed()                     # labels and overview for the new scale, now
            under = None if self.legend.expanded else self._under_legend()
            if under is None:
                break
            # the folded legend's tab sat on a node: slide the diagram past it where there is room beside
            # it, else lift it (a smaller scale)
            right, down = under
            k = vw / shown.width()
            if right <= vw - (rect.right() - shown.left()) * k:
                shown = shown.translated(-right / k, 0)
            elif free - down >= vh * 0.4:
                free -= down
                shown = self._fitted_range(rect, vw, vh, free)
            else:
                break

    def _under_legend(self) -> tuple[float, float] | None:
        """How many pixels the nodes (shapes and names) under the legend's tab reach into it, rightwards and
        downwards; None when no node is under it."""
        if not self.legend.isVisible() or self.in_overview:
            return None
        vp = self.gview.viewport()
        tab = QRect(vp.mapFromGlobal(self.legend.mapToGlobal(QPoint(0, 0))), self.legend.size()).adjusted(-4, -4, 4, 4)
        right = down = 0.0
        for item in self.nodes.values():
            shape = self.gview.mapFromScene(item.mapToScene(item.boundingRect())).boundingRect()
            if shape.intersects(tab):
                right = max(right, float(tab.right() - shape.left() + 2))
                down = max(down, float(shape.bottom() - tab.top() + 2))
        return (right, down) if right or down else None

    def _fitted_range(self, rect: QRectF, vw: int, vh: int, free: float) -> QRectF:
        """The view's range that shows `rect` whole in the top `free` pixels, its account name above it."""
        k = min(vw / rect.width(), free / rect.height())
        title_h = title_w = 0.0
        if self.boundary.isVisible():
            for _ in range(2):                  # the name's size on screen depends a little on the scale
                font_px = k * max(15.0, 1.1 * max(LABEL_PX, (themes.min_text_px() + 0.2) / k))
                title_h = font_px * 1.6 + 4
                title_w = title_h * 12
                k = min(vw / rect.width(), max(free - title_h, free / 2) / rect.height())   # (a tiny view: half)
        top = rect.top() - (title_h + (free - title_h - rect.height() * k) / 2) / k
        left = rect.left() - (vw - rect.width() * k) / 2 / k
        if rect.left() - left + 16 + title_w / k > vw / k:       # the name would run off: frame to the left
            left = rect.left()
        return QRectF(left, top, vw / k, vh / k)

    def _user_moved(self, *_):
        self.auto_fit = False

    def _refit(self) -> None:
        if self.auto_fit:                   # unless the user panned or zoomed meanwhile
            self.fit()

    def auto_layout(self, kind: str) -> None:
        g = self.graph
        if g is None:
            return
        if kind == "force" and g.number_of_nodes() > layout.FORCE_LIMIT:
            self.show_message(f"The force layout arranges at most {layout.FORCE_LIMIT:,} nodes and this diagram "
                              f"has {g.number_of_nodes():,}: use the layered layout")
            return
        pos = layout.layered(g) if kind == "layered" else layout.force(g, self.positions())
        self.doc.apply("Layered layout" if kind == "layered" else "Force layout", edits.set_positions, pos)
        self.fit()

    # ----- selection and highlight -----------------------------------------------------------------
    def click_node(self, key: str, toggle: bool) -> None:
        if toggle:
            self.selected ^= {key}
        else:
            self.selected = {key}
        self._refresh_states()
        self.doc.select(key if key in self.selected else (self._single() or ""))

    def click_background(self) -> None:
        self.clear_selection()
        self.gview.setFocus()

    def clear_selection(self) -> None:
        self.selected.clear()
        self._refresh_states()
        self.doc.select("")

    def select_all(self) -> None:
        self.selected = set(self.nodes)
        self._refresh_states()

    def select_in_rect(self, rect: QRectF) -> None:
        self.selected = {k for k, i in self.nodes.items() if rect.contains(*i.xy)}
        self._refresh_states()
        self.doc.select(self._single() or "")

    def _single(self) -> str | None:
        return next(iter(self.selected)) if len(self.selected) == 1 else None

    def _doc_selected(self, key: str) -> None:
        if key and key in self.nodes and key not in self.selected:
            self.selected = {key}
        elif not key and len(self.selected) == 1:
            self.selected.clear()
        self._refresh_states()

    def highlight_path(self, keys: list[str]) -> None:
        """Emphasise these nodes (and the edges between them); dim the rest."""
        self.highlighted = {k for k in keys if k in self.nodes}
        self._refresh_states()

    def clear_highlight(self) -> None:
        self.highlighted = set()
        self._refresh_states()

    def emphasised(self) -> set[str]:
        """Nodes drawn emphasised: the highlighted path, else what a selected policy is attached to."""
        if self.highlighted:
            return set(self.highlighted)
        single = self._single()
        if single and single.startswith("policy/") and self.graph is not None:
            return set(attached_to(self.graph, single))
        return set()

    def _refresh_states(self, fresh: Iterable[str] = ()) -> None:
        """Selection, emphasis and dimming drawn as they are now; only the items whose state changed (and
        the `fresh` ones) are touched, except when dimming starts or ends."""
        em, sel = self.emphasised(), set(self.selected)
        old_sel, old_em = self._shown
        self._shown = (sel, em)
        nodes: Iterable[str]
        edges: Iterable[EdgeItem]
        if bool(em) != bool(old_em):
            nodes, edges = list(self.nodes), list(self._edges.values())
        else:                               # a fresh item starts plain: only its state, if any, is drawn
            fresh = [k for k in fresh if em or k in sel]
            nodes = [k for k in (sel ^ old_sel) | (em ^ old_em) | set(fresh) if k in self.nodes]
            edges = {e for k in nodes for e in self.nodes[k].edges}
        dim = themes.dimmed_opacity()          # faint, but the names still read on a projector
        for key in nodes:
            item = self.nodes[key]
            item.set_state(key in sel, key in em)
            item.setOpacity(dim if em and key not in em and key not in sel else 1.0)
        for e in edges:
            on = not em or (e.src.key in em and (e.dst.key in em or isinstance(e.dst, AccountAnchor)))
            e.setOpacity(1.0 if on else dim / 2)
            e.set_emphasis(bool(em) and on)
        if self.in_overview:
            self.overview.restate()

    # ----- editing -------------------------------------------------------------------------------
    def _edit(self, text: str, operation, *args, **kwargs) -> object | None:
        """Run a core edit as one undoable step; a refusal is shown with its reason, never raised."""
        try:
            return self.doc.apply(text, operation, *args, **kwargs)
        except Refused as why:
            self.show_message(str(why))
            return None

    def show_message(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.adjustSize()
        self.banner.show()
        self.banner.raise_()
        self._banner_timer.start()
        self.message.emit(text)

    def add_node(self, kind: str, at: QPointF | None = None, sub: str = "s3", name: str | None = None,
                 arn: str | None = None) -> str | None:
        """Add a node (centre of the view unless `at`), select it and open its name for editing."""
        sc = self.doc.scenario
        base = name or (NEW_NAMES.get(kind) or f"new-{sub}")
        if kind == "resource" and sub == "s3" and not name:
            base = "new-bucket"
        name = unique_name = edits.unique_name(sc, kind, base)
        if at is not None:
            where = at
        else:               # free space near the view's centre: never on top of another node
            c = self.viewbox.viewRect().center()
            spot = layout.free_spot([i.xy for i in self.nodes.values()], (c.x(), c.y()))
            where = QPointF(*spot)

        def change(s):
            key = edits.add_node(s, kind, unique_name, resource_kind=sub, arn=arn)
            edits.set_positions(s, {key: (where.x(), where.y())})
            return key

        key = self._edit(f"Add {kind} {name}", change)
        if not isinstance(key, str):
            return None
        self.selected = {key}
        self._refresh_states()
        self.doc.select(key)
        return key

    def _add_other_resource(self) -> None:
        arn, ok = QInputDialog.getText(self, "Add a resource", "The resource's ARN:")
        if ok and arn.strip():
            if not arn.startswith("arn:") or arn.count(":") < 5:
                self.show_message(f"`{arn}` is not an ARN: it looks like arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE")
                return
            self.add_node("resource", name=arn.rsplit(":", 1)[-1].rsplit("/", 1)[-1] or "resource", arn=arn.strip())

    def delete_selected(self) -> None:
        # policies first: an inline or resource policy goes before its owner (which would take it along)
        keys = sorted((k for k in self.selected if k != "root"), key=lambda k: (not k.startswith("policy/"), k))
        if "root" in self.selected and not keys:
            self.show_message("the root user cannot be deleted: every AWS account has one")
            return
        if not keys:
            return

        def change(sc):
            for k in keys:
                edits.delete_node(sc, k)       # all of them or none: a refusal leaves the model as it was

        self._edit(f"Delete {len(keys)} item(s)" if len(keys) > 1 else f"Delete {keys[0]}", change)
        self.selected.clear()
        self.doc.select("")
        self._refresh_states()

    def connect_nodes(self, src: str, dst: str, boundary: bool = False) -> bool:
        done = self._edit(f"Connect {src} to {dst}", edits.connect, src, dst, boundary=boundary)
        if isinstance(done, str) and done:
            self.show_message(done)
        return bool(done)

    def remove_edge(self, edge: EdgeItem) -> None:
        s, d, k = edge.src.key, edge.dst.key, edge.kind
        self._edit(f"Disconnect {s} from {d}", edits.disconnect, s, d, k)

    def rename_node(self, key: str, new: str) -> str | None:
        new_key = self._edit(f"Rename {key} to {new}", edits.rename, key, new)
        return new_key if isinstance(new_key, str) else None

    # ----- gestures --------------------------------------------------------------------------------
    def begin_move(self, key: str) -> None:
        if key not in self.selected:
            self.selected = {key}
            self._refresh_states()
            self.doc.select(key)
        self._move_start = {k: QPointF(self.nodes[k].pos()) for k in self.selected}

    def move_selected(self, delta: QPointF) -> None:
        for k in self._move_start:
            item = self.nodes[k]
            item.move_to(item.xy[0] + delta.x(), item.xy[1] + delta.y())

    def finish_move(self) -> None:
        moved = {k: (self.nodes[k].pos().x(), self.nodes[k].pos().y()) for k in self._move_start}
        start, self._move_start = self._move_start, {}
        if any(QPointF(*moved[k]) != start[k] for k in moved):
            for k, p in start.items():
                self.nodes[k].move_to(p.x(), p.y())
            self._edit("Move", edits.set_positions, moved)

    def begin_connect(self, key: str) -> None:
        self._connect_from = key
        self._rubber = QGraphicsLineItem()
        self._rubber.setPen(pg.mkPen(self.theme["highlight"], width=3, style=Qt.PenStyle.DashLine))
        self._rubber.setZValue(50)
        self.viewbox.addItem(self._rubber, ignoreBounds=True)

    def update_connect(self, scene_pos: QPointF) -> None:
        if self._rubber is not None and self._connect_from in self.nodes:
            a = self.nodes[self._connect_from].pos()
            b = self.viewbox.mapSceneToView(scene_pos)
            self._rubber.setLine(a.x(), a.y(), b.x(), b.y())

    def finish_connect(self, scene_pos: QPointF, boundary: bool = False) -> None:
        if self._rubber is not None:
            self.viewbox.removeItem(self._rubber)
            self._rubber = None
        src, self._connect_from = self._connect_from, None
        target = self.node_at(self.viewbox.mapSceneToView(scene_pos))
        if src is None:
            return
        if target is None:
            self.show_message("drop the line on another node to connect them")
        elif target != src:
            self.connect_nodes(src, target, boundary)

    def node_at(self, p: QPointF, slack: float = 6.0) -> str | None:
        """The node nearest `p` (diagram units) within its half width plus `slack`."""
        best, dist = None, (NODE_W / 2 + slack) ** 2
        px, py = p.x(), p.y()
        for k, i in self.nodes.items():
            d = (i.xy[0] - px) ** 2 + (i.xy[1] - py) ** 2
            if d <= dist:
                best, dist = k, d
        return best

    def line_room(self, rect: QRectF, besides: str) -> bool:
        """True if a name's second line may go in `rect` (diagram units): no node other than `besides` has
        its body there, and it is inside the view (a line below the view's edge would leave the first line
        looking whole), unless an export draws the whole diagram."""
        if not self._handout and not self.viewbox.viewRect().contains(rect):
            return False
        layer = self.layer
        for item in layer.scene().items(layer.mapRectToScene(rect)):
            if isinstance(item, NodeItem) and item.key != besides:
                x, y = item.xy
                if rect.intersects(QRectF(x - NODE_W / 2, y - NODE_H / 2, NODE_W, NODE_H)):
                    return False
        return True

    # ----- rename in place -------------------------------------------------------------------------
    def start_rename(self, key: str | None) -> None:
        if not key or key not in self.nodes:
            return
        item = self.nodes[key]
        self._renaming = key
        p = self.viewbox.mapViewToScene(item.pos() + QPointF(0, NODE_H / 2 + 14))
        vp = self.gview.mapFromScene(p)
        self.editor.setText(item.label if not key.startswith("policy/") else key.partition("/")[2])
        self.editor.setFixedWidth(200)
        self.editor.move(int(vp.x()) - 100, int(vp.y()) - 14)
        self.editor.show()
        self.editor.selectAll()
        self.editor.setFocus()

    def _commit_rename(self) -> None:
        key, self._renaming = self._renaming, None
        if key is None:
            return
        self.editor.hide()
        new = self.editor.text().strip()
        if new and key in self.nodes:
            new_key = self.rename_node(key, new)
            if new_key:
                self.selected = {new_key}
                self._refresh_states()
                self.doc.select(new_key)
        self.gview.setFocus()

    def cancel_rename(self) -> None:
        self._renaming = None
        self.editor.hide()
        self.gview.setFocus()

    # ----- menus -------------------------------------------------------------------------------------
    def background_menu(self, at: QPointF, screen: QPoint) -> QMenu:
        menu = QMenu(self)
        menu.setObjectName("canvasMenu")
        for kind in ("user", "group", "role", "policy"):
            menu.addAction(f"Add {KIND_NAMES[kind].lower()} here",
                           _call(self.add_node, kind, at))
        sub_menu = menu.addMenu("Add resource here")
        for kind in NEW_RESOURCE:
            sub_menu.addAction(RESOURCE_NAMES[kind.value], _call(self.add_node, "resource", at, sub=kind.value))
        menu.addSeparator()
        menu.addAction("Fit to view", self.fit)
        menu.popup(screen)
        return menu

    def node_menu(self, key: str, screen: QPoint) -> QMenu:
        if key not in self.selected:
            self.click_node(key, False)
        menu = QMenu(self)
        menu.setObjectName("nodeMenu")
        if key != "root" and "#" not in key:
            menu.addAction("Rename  (F2)", lambda: self.start_rename(key))
        for text, name in self.node_actions(key):
            action = menu.addAction(text, _call(self.pick_and_connect, key, name))
            action.setObjectName(name)
        if self.disconnections(key):
            menu.addAction("Disconnect…", lambda: self.pick_and_disconnect(key)).setObjectName("disconnect")
        if key != "root":
            menu.addAction("Delete  (Del)", self.delete_selected)
        menu.popup(screen)
        return menu

    # connections a node menu can take away: the links drawn between nodes (an inline or resource-based
    # policy is part of its owner: deleting the policy node removes it)
    _DISCONNECTABLE = ("member", "attached", "boundary", "trust", "runs_as", "scp", "rcp")

    def disconnections(self, key: str) -> list[tuple[str, EdgeItem]]:
        """(what the learner reads, the edge) for each connection of node `key` that "Disconnect…" offers."""
        out = []
        for edge in self.edges:
            if edge.kind not in self._DISCONNECTABLE or key not in (edge.src.key, edge.dst.key):
                continue
            other = edge.dst if edge.src.key == key else edge.src
            name = other.label if isinstance(other, NodeItem) else f"the account {other.key}" \
                if other.key != "root" else f"the account {self.doc.scenario.account}"
            out.append((f"{EDGE_NAMES[edge.kind]}: {name}", edge))
        return sorted(out, key=lambda item: item[0])

    def pick_and_disconnect(self, key: str, choice: str | None = None) -> bool:
        """Ask which connection of `key` to remove (unless `choice`, its text), then remove it through the same
        edit as the connection's own menu."""
        options = dict(self.disconnections(key))
        if not options:
            return False
        if choice is None:
            choice, ok = QInputDialog.getItem(self, "Disconnect", f"Disconnect — {key.partition('/')[2] or key}:",
                                              list(options), 0, False)
            if not ok:
                return False
        edge = options.get(choice)
        if edge is None:
            return False
        self.remove_edge(edge)
        return True

    # what each node kind offers: (menu text, action name); the choices come from `choices`
    _NODE_ACTIONS = {"user": [("Attach policy…", "attachPolicy"), ("Add to group…", "addToGroup"),
                              ("Set boundary…", "setBoundary")],
                     "group": [("Attach policy…", "attachPolicy")],
                     "role": [("Attach policy…", "attachPolicy"), ("Trust…", "trust"),
                              ("Set boundary…", "setBoundary")]}

    def node_actions(self, key: str) -> list[tuple[str, str]]:
        return list(self._NODE_ACTIONS.get(key.partition("/")[0], []))

    def choices(self, key: str, action: str) -> list[tuple[str, str]]:
        """(what the learner reads, node key) for each thing `action` can connect `key` with."""
        sc, g = self.doc.scenario, self.graph
        if g is None:
            return []
        label = lambda k: g.nodes[k]["label"] if k in g else k.partition("/")[2]  # noqa: E731
        policies = sorted((k for k, d in g.nodes(data=True) if d["kind"] == "policy" and d["sub"] in
                           ("managed", "aws") and not d["label"].endswith(("(SCP)", "(RCP)"))), key=label)
        if action in ("attachPolicy", "setBoundary"):
            return [(label(k), k) for k in policies]
        if action == "addToGroup":
            return [(name, f"group/{name}") for name in sorted(sc.groups)]
        if action == "trust":
            who = [(f"user {n}", f"user/{n}") for n in sorted(sc.users)]
            who += [(f"role {n}", f"role/{n}") for n in sorted(sc.roles) if f"role/{n}" != key]
            return [(f"the account {sc.account} (any of its principals its policies allow)", "root"), *who]
        return []

    def pick_and_connect(self, key: str, action: str, choice: str | None = None) -> bool:
        """Ask which policy, group or principal (unless `choice`), then make the connection through the
        same edit as dragging the handle; a refusal is shown with its reason."""
        options = self.choices(key, action)
        if not options:
            none = {"addToGroup": "There is no group yet: add one with + Group"}
            self.show_message(none.get(action, "There is no managed policy yet: add one with + Policy"))
            return False
        if choice is None:
            texts = [t for t, _ in options]
            title = dict(self._NODE_ACTIONS.get(key.partition("/")[0], [])).get(action, "Connect")
            text, ok = QInputDialog.getItem(self, title.rstrip("…"), f"{title.rstrip('…')} — {key.partition('/')[2]}:",
                                            texts, 0, False)
            if not ok:
                return False
            choice = dict(options)[text]
        if action == "attachPolicy":
            return self.connect_nodes(choice, key)
        if action == "setBoundary":
            return self.connect_nodes(choice, key, True)
        return self.connect_nodes(key, choice)

    def edge_menu(self, edge: EdgeItem, screen: QPoint) -> QMenu:
        menu = QMenu(self)
        menu.setObjectName("edgeMenu")
        menu.addAction("Remove this connection", lambda: self.remove_edge(edge))
        menu.popup(screen)
        return menu


def _layer() -> QGraphicsRectItem:
    """An item that draws nothing and holds the diagram's nodes and edges: one `ViewBox.addItem` (slow per
    item in pyqtgraph) for all of them, and one removal when another scenario opens."""
    item = QGraphicsRectItem()
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
    return item


def _call(function: Callable[..., object], *args: object, **kwargs: object) -> Callable[[], None]:
    """A menu entry's slot: `function(*args, **kwargs)`, taking nothing from the signal (`partial` would be
    handed the `checked` flag)."""

    def slot() -> None:
        function(*args, **kwargs)
    return slot
