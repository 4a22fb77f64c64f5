"""Graphics items of the canvas: nodes, edges and the account boundary.

Items draw themselves and turn mouse gestures into calls on their `CanvasView`; they never
change the model themselves.
"""
from __future__ import annotations

import functools
import math
import re

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem

from . import routing
from .layout import LAYER_GAP
from .shapes import EDGE_STYLES, NODE_COLOURS, NODE_H, NODE_W, outline, paint_icon

HANDLE_R = 12.0          # the connect handle's radius on screen (px); larger in presentation mode
LABEL_PX = 13.0          # label size in diagram units when zoomed in enough
LABEL_W = 170.0
MIN_DETAIL_PX = 22.0     # below this on-screen node width, icons are skipped (labels never are)
FOREIGN_FRAME = Qt.PenStyle.DashDotLine      # another account's frame (the home account's is dashed)

LABEL_LINES = 2          # a long name wraps onto a second line where the node below leaves room for it
_BREAK = re.compile(r"(?<=[-_./:@ ])|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])")

_LINES: dict[tuple[str, str, int, int], tuple[str, ...]] = {}
_CACHED = QGraphicsItem.CacheMode.DeviceCoordinateCache     # (PySide's enum look-ups are slow per item)
_NO_BRUSH = QBrush(Qt.BrushStyle.NoBrush)


def label_font(px: float, bold: bool) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, math.ceil(px - 0.01)))
    font.setBold(bold)
    return font


def label_lines(font: QFont, label: str, width: float, lines: int = LABEL_LINES) -> tuple[str, ...]:
    """`label` in at most `lines` lines of `width`: broken between words or where a new word starts inside
    a name (`ReadOnly|Access`, `web-|1`), else anywhere; only what the last line cannot hold is elided."""
    key = (font.key(), label, int(width), lines)
    out = _LINES.get(key)
    if out is None:
        if len(_LINES) > 4000:
            _LINES.clear()
        out = _LINES[key] = _wrap(QFontMetrics(font), label, int(width), lines)
    return out


def _wrap(metrics: QFontMetrics, label: str, width: int, lines: int) -> tuple[str, ...]:
    out: list[str] = []
    rest = label
    while lines - len(out) > 1 and metrics.horizontalAdvance(rest) > width:
        cuts = [m.start() for m in _BREAK.finditer(rest) if 0 < m.start() < len(rest)]
        fitting = [c for c in cuts if metrics.horizontalAdvance(rest[:c].rstrip()) <= width]
        if fitting:
            cut = fitting[-1]
        else:                                 # one long word: as many letters as fit
            cut = max(1, next((i for i in range(len(rest), 0, -1)
                               if metrics.horizontalAdvance(rest[:i]) <= width), 1))
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    out.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
    return tuple(out)


@functools.lru_cache(maxsize=8)
def node_geometry(label_px: float, handle_r: float) -> tuple[QRectF, QRectF, QPointF]:
    """(bounding rect, label rect, handle centre) of every node at this label size and handle radius."""
    k = label_px / LABEL_PX
    width = min(LABEL_W * k, max(LABEL_W, LAYER_GAP - 12))    # never wider than the space between columns
    label = QRectF(-width / 2, NODE_H / 2 + 4, width, label_px * (1.25 * LABEL_LINES + 0.25))
    handle = QPointF(NODE_W / 2 + 4 + handle_r, 0)
    body = QRectF(-NODE_W / 2 - 12, -NODE_H / 2 - 8, NODE_W + 24 + 2 * handle_r + 4, NODE_H + 16)
    bounds = body.united(label).united(QRectF(handle, handle).adjusted(-handle_r - 2, -handle_r - 2,
                                                                      handle_r + 2, handle_r + 2))
    return bounds, label, handle


class NodeItem(QGraphicsItem):
    """One user, group, role, policy, resource or the root user. A plain QGraphicsItem (no QObject, no
    Python `itemChange`), so that tens of thousands are cheap to make; the canvas moves its edges
    (`moved`) and gives its tooltip when the pointer first rests on it."""

    def __init__(self, canvas, key: str, kind: str, sub: str, label: str):
        super().__init__()
        self.canvas, self.key, self.kind = canvas, key, kind
        self.sub, self.label = sub, label
        self.selected = False
        self.emphasis = False
        self.hovered = False
        self._outline = outline(kind)
        self.edges: list[EdgeItem] = []
        self.xy = (0.0, 0.0)                  # where it is, as numbers (`pos()` makes a QPointF each call)
        self.setAcceptHoverEvents(True)
        self.setZValue(10)
        self.setCacheMode(_CACHED)
        self._drag_mode: str | None = None

    def set_content(self, sub: str, label: str) -> None:
        if (sub, label) != (self.sub, self.label):
            self.sub, self.label = sub, label
            self.update()

    def move_to(self, x: float, y: float) -> None:
        """Put the node at (x, y), its edges following."""
        if self.xy != (x, y):
            self.xy = (x, y)
            self.setPos(x, y)
            for e in self.edges:
                e.adjust()

    def set_state(self, selected: bool, emphasis: bool) -> None:
        if (selected, emphasis) != (self.selected, self.emphasis):
            self.selected, self.emphasis = selected, emphasis
            self.update()

    # ----- geometry and painting ----------------------------------------------------------------
    def label_rect(self) -> QRectF:
        """Where the name goes: under the node, as wide and tall as the canvas's label size asks."""
        return QRectF(node_geometry(self.canvas.label_px, self.canvas.handle_r)[1])

    def fonts(self) -> list[QFont]:
        return [label_font(self.canvas.label_px, self.selected)]

    def label_text(self) -> tuple[str, ...]:
        """The name as drawn: on two lines where the canvas has room for the second one, else on one."""
        font, rect = self.fonts()[0], self.label_rect()
        lines = label_lines(font, self.label, rect.width())
        if len(lines) > 1:
            line = QFontMetrics(font).lineSpacing()
            second = QRectF(rect.left(), rect.top() + line, rect.width(), line).translated(*self.xy)
            if not self.canvas.line_room(second, besides=self.key):
                lines = label_lines(font, self.label, rect.width(), 1)
        return lines

    def boundingRect(self) -> QRectF:
        return node_geometry(self.canvas.label_px, self.canvas.handle_r)[0]

    def shape(self) -> QPainterPath:
        path = QPainterPath(self._outline)
        path.addEllipse(self.handle_pos(), self.handle_radius() + 2, self.handle_radius() + 2)
        return path

    def handle_radius(self) -> float:
        """The connect handle's radius in diagram units: a fixed size on screen, however zoomed."""
        return self.canvas.handle_r

    def handle_pos(self) -> QPointF:
        return QPointF(node_geometry(self.canvas.label_px, self.canvas.handle_r)[2])

    def geometry_changed(self) -> None:
        """The canvas's label or handle size changed (zoom, UI zoom, presentation)."""
        self.prepareGeometryChange()
        self.update()

    def paint(self, p, *args) -> None:
        theme = self.canvas.theme
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(NODE_COLOURS[self.kind])
        if self.kind == "policy" and self.sub in ("inline", "resource"):
            fill = fill.lighter(125)
        if self.selected or self.emphasis:
            p.setPen(QPen(QColor(theme["accent"]), 6))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(self._outline)
        p.setPen(QPen(QColor(theme["node_border"]), 2))
        p.setBrush(QBrush(fill))
        if self.kind == "policy" and self.sub == "aws":
            pen = QPen(QColor(theme["node_border"]), 2, Qt.PenStyle.DashLine)
            p.setPen(pen)
        p.drawPath(self._outline)
        if QStyleOptionGraphicsItem.levelOfDetailFromTransform(p.worldTransform()) * NODE_W >= MIN_DETAIL_PX:
            paint_icon(p, self.kind, self.sub, QColor("#ffffff"))
        font = self.fonts()[0]
        p.setFont(font)
        p.setPen(QColor(theme["text"]))
        p.drawText(self.label_rect(), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                   "\n".join(self.label_text()))
        if self.hovered or self.selected:
            r = self.handle_radius()
            c = self.handle_pos()
            p.setPen(QPen(QColor(theme["accent"]), max(2.0, r / 5)))
            p.setBrush(QBrush(QColor(theme["background"])))
            p.drawEllipse(c, r, r)
            p.drawLine(QPointF(c.x() - r / 2, c.y()), QPointF(c.x() + r / 2, c.y()))
            p.drawLine(QPointF(c.x(), c.y() - r / 2), QPointF(c.x(), c.y() + r / 2))

    # ----- mouse ---------------------------------------------------------------------------------
    def hoverEvent(self, ev) -> None:
        hovered = not ev.isExit()
        if hovered != self.hovered:
            self.hovered = hovered
            if hovered:
                self.setToolTip(self.canvas.tooltip(self.key))       # as the model says now
            self.update()

    def mouseClickEvent(self, ev) -> None:
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            if ev.double():
                self.canvas.start_rename(self.key)
            else:
                extend = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
                toggle = bool(ev.modifiers() & extend)
                self.canvas.click_node(self.key, toggle)
        elif ev.button() == Qt.MouseButton.RightButton:
            ev.accept()
            self.canvas.node_menu(self.key, ev.screenPos().toPoint())

    def mouseDragEvent(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        ev.accept()
        if ev.isStart():
            near_handle = QLineF(ev.buttonDownPos(), self.handle_pos()).length() <= self.handle_radius() * 1.3
            connect = near_handle or bool(ev.modifiers() & Qt.KeyboardModifier.AltModifier)
            self._drag_mode = "connect" if connect else "move"
            if self._drag_mode == "move":
                self.canvas.begin_move(self.key)
            else:
                self.canvas.begin_connect(self.key)
        if self._drag_mode == "connect":
            self.canvas.update_connect(ev.scenePos())
        elif self._drag_mode == "move":
            delta = ev.pos() - ev.lastPos()
            self.canvas.move_selected(delta)
        if ev.isFinish():
            mode, self._drag_mode = self._drag_mode, None
            if mode == "connect":
                self.canvas.finish_connect(ev.scenePos(), bool(ev.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            elif mode == "move":
                self.canvas.finish_move()


OVERVIEW_DOT_PX = 3.0    # the smallest a node is drawn in the overview, on screen


def _dot_pen(colour: QColor, px: float) -> QPen:
    """A pen that draws a point as a square `px` wide on screen, whatever the zoom."""
    pen = QPen(colour, px)
    pen.setCosmetic(True)
    pen.setCapStyle(Qt.PenCapStyle.SquareCap)
    return pen


class OverviewItem(QGraphicsItem):
    """The whole diagram drawn at once, when its nodes are too small on screen to tell apart (a big
    account fitted to the window): each node a square in its kind's colour (at least a few pixels), each
    edge a faint hairline, the emphasised nodes ringed in the accent colour, no words (none would be
    readable). The canvas hides its node
    and edge items meanwhile; a click still selects the node under the pointer."""

    def __init__(self, canvas):
        super().__init__()
        self.canvas = canvas
        self.setZValue(5)
        self.setCacheMode(_CACHED)            # panning moves a picture (Qt caches only what is on screen)
        self._bounds = QRectF()
        self._drawing: tuple[dict[str, list[QPointF]], dict[str, list[QLineF]], list[QPointF]] | None = None

    def invalidate(self) -> None:
        """Nodes, edges or states changed: draw them again from the canvas."""
        self.prepareGeometryChange()
        self._drawing = None
        at = [i.xy for i in self.canvas.nodes.values()]
        if at:
            xs, ys = [x for x, _ in at], [y for _, y in at]
            self._bounds = QRectF(min(xs) - NODE_W, min(ys) - NODE_H, max(xs) - min(xs) + 2 * NODE_W,
                                  max(ys) - min(ys) + 2 * NODE_H)
        else:
            self._bounds = QRectF()
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def restate(self) -> None:
        """Selection or emphasis changed: drawn again, nothing moved."""
        self._drawing = None
        self.update()

    def _build(self) -> tuple[dict[str, list[QPointF]], dict[str, list[QLineF]], list[QPointF]]:
        canvas = self.canvas
        em = canvas.emphasised() | canvas.selected
        dots: dict[str, list[QPointF]] = {}
        marked: list[QPointF] = []
        for key, item in canvas.nodes.items():
            at = QPointF(*item.xy)
            dots.setdefault(item.kind, []).append(at)
            if key in em:
                marked.append(at)
        lines: dict[str, list[QLineF]] = {}
        for e in canvas.edges:
            lines.setdefault(e.kind, []).append(QLineF(*e.ends()))
        return dots, lines, marked

    def paint(self, p, *args) -> None:
        if self._drawing is None:
            self._drawing = self._build()
        dots, lines, marked = self._drawing
        size = max(OVERVIEW_DOT_PX, 0.8 * NODE_W * abs(p.worldTransform().m11()))   # on screen, in pixels
        p.setOpacity(0.35 if marked and self.canvas.emphasised() else 1.0)
        for kind, hairlines in lines.items():
            colour = QColor(EDGE_STYLES[kind][0])
            colour.setAlpha(90)                   # the nodes show through the many lines meeting them
            p.setPen(QPen(colour, 0))             # a hairline, whatever the zoom
            p.drawLines(hairlines)
        p.setOpacity(1.0)
        if marked:
            p.setPen(_dot_pen(QColor(self.canvas.theme["accent"]), size + 6))
            p.drawPoints(marked)
        for kind, points in dots.items():
            p.setPen(_dot_pen(QColor(NODE_COLOURS[kind]), size))
            p.drawPoints(points)

    def mouseClickEvent(self, ev) -> None:
        if ev.button() == Qt.MouseButton.LeftButton:
            key = self.canvas.node_at(ev.pos(), slack=NODE_W)
            if key is None:
                return                              # the background's: clears the selection
            ev.accept()
            self.canvas.click_node(key, bool(ev.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                                                | Qt.KeyboardModifier.ShiftModifier)))


class AccountAnchor:
    """An account's frame as the end of an edge (trust in the account, an SCP or RCP capping it): the edge
    ends on the frame at the point nearest its source. Its key is `root` for the home account, else
    `account/ID` (another account a trust policy names)."""

    def __init__(self, boundary: BoundaryItem, key: str = "root"):
        self.boundary = boundary
        self.key = key
        self.edges: list[EdgeItem] = []

    def point_for(self, a: QPointF) -> QPointF:
        r = self.boundary.rect
        if r.isNull():
            return a
        gaps = {"top": a.y() - r.top(), "bottom": r.bottom() - a.y(), "left": a.x() - r.left(),
                "right": r.right() - a.x()}
        side = min(gaps, key=lambda k: abs(gaps[k]))
        x = min(max(a.x(), r.left()), r.right())
        y = min(max(a.y(), r.top()), r.bottom())
        return {"top": QPointF(x, r.top()), "bottom": QPointF(x, r.bottom()),
                "left": QPointF(r.left(), y), "right": QPointF(r.right(), y)}[side]


@functools.cache
def _edge_pen(kind: str) -> QPen:
    colour, style = EDGE_STYLES[kind]
    pen = QPen(QColor(colour), 2.5, style)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


class EdgeItem(QGraphicsPathItem):
    """A connection between two nodes, with an arrowhead at the target."""

    def __init__(self, canvas, src: NodeItem, dst: NodeItem | AccountAnchor, kind: str, tooltip: str):
        super().__init__()
        self.canvas, self.src, self.dst, self.kind = canvas, src, dst, kind
        self._routed: tuple[object, tuple[float, float] | None] = (None, None)    # (what it was bent around, bend)
        self.setPen(_edge_pen(kind))
        self.setBrush(_NO_BRUSH)
        self.setToolTip(tooltip)
        self.setZValue(1)
        src.edges.append(self)
        dst.edges.append(self)
        self.adjust()

    def detach(self) -> None:
        for n in (self.src, self.dst):
            if self in n.edges:
                n.edges.remove(self)

    def ends(self) -> tuple[float, float, float, float]:
        """(x, y) of the source's centre and of where the edge ends: the target's centre or the frame."""
        ax, ay = self.src.xy
        if isinstance(self.dst, AccountAnchor):
            b = self.dst.point_for(QPointF(ax, ay))
            return ax, ay, b.x(), b.y()
        return (ax, ay, *self.dst.xy)

    def adjust(self) -> None:
        """The line from the source to the target, bent around the nodes it would cross (`routing.bend`)."""
        ax, ay, bx, by = self.ends()
        length = math.hypot(bx - ax, by - ay)
        path = QPainterPath()
        if length > 1:
            r = NODE_W / 2 + 4
            around = (ax, ay, bx, by, self.canvas.obstacles(self.src, self.dst))
            if around != self._routed[0]:       # bent again only when an end or another node moved
                self._routed = (around, routing.bend(*around))
            control = self._routed[1]
            sx, sy = control if control is not None else (bx, by)        # towards where the line leaves
            tx, ty = control if control is not None else (ax, ay)        # ... and comes from
            out, back = math.hypot(sx - ax, sy - ay) or 1.0, math.hypot(bx - tx, by - ty) or 1.0
            ux, uy = (bx - tx) / back, (by - ty) / back
            ex, ey = (bx, by) if isinstance(self.dst, AccountAnchor) else (bx - ux * r, by - uy * r)
            path.moveTo(ax + (sx - ax) / out * r, ay + (sy - ay) / out * r)
            if control is None:
                path.lineTo(ex, ey)
            else:
                path.quadTo(control[0], control[1], ex, ey)
            path.moveTo(ex, ey)                  # the arrowhead: a closed triangle at the end
            angle = math.atan2(uy, ux)
            path.lineTo(ex - 12 * math.cos(angle - 0.4), ey - 12 * math.sin(angle - 0.4))
            path.lineTo(ex - 12 * math.cos(angle + 0.4), ey - 12 * math.sin(angle + 0.4))
            path.closeSubpath()
        self.setPath(path)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        return stroker.createStroke(self.path())

    def set_emphasis(self, on: bool) -> None:
        """A thicker line on the highlighted path (painting itself stays in C++: no Python per frame)."""
        pen = self.pen()
        width = 5.0 if on else 2.5
        if pen.widthF() != width:
            pen.setWidthF(width)
            self.setPen(pen)

    def mouseClickEvent(self, ev) -> None:
        if ev.button() == Qt.MouseButton.RightButton:
            ev.accept()
            self.canvas.edge_menu(self, ev.screenPos().toPoint())


class BoundaryItem(QGraphicsPathItem):
    """An account boundary: a rounded frame around everything that lives in the home account, or (`foreign`)
    another account's frame: dash-dotted, unfilled, around its nodes or as a box on its own."""

    def __init__(self, canvas, foreign: bool = False):
        super().__init__()
        self.canvas = canvas
        self.foreign = foreign
        self.setZValue(-10)
        self.title = ""
        self.rect = QRectF()

    def set_rect(self, rect: QRectF, title: str) -> None:
        self.rect, self.title = rect, title
        path = QPainterPath()
        path.addRoundedRect(rect, 24, 24)
        self.setPath(path)

    def fonts(self) -> list[QFont]:
        return [label_font(max(15.0, self.canvas.frame_px * 1.1), True)]

    def boundingRect(self) -> QRectF:
        h = self.fonts()[0].pixelSize() * 1.6 + 4
        return super().boundingRect().adjusted(0, -h, max(0.0, h * 12 - self.rect.width()), 0)

    def paint(self, p, option, widget=None) -> None:
        theme = self.canvas.theme
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor(theme["boundary"]), 2, FOREIGN_FRAME if self.foreign else Qt.PenStyle.DashLine))
        p.setBrush(Qt.BrushStyle.NoBrush if self.foreign else QBrush(QColor(theme["boundary_fill"])))
        p.drawPath(self.path())
        font = self.fonts()[0]
        p.setFont(font)
        p.setPen(QColor(theme["boundary"]))
        h = font.pixelSize() * 1.6
        p.drawText(QRectF(self.rect.left() + 16, self.rect.top() - h - 2, max(self.rect.width() - 32, h * 12), h),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
