"""Graphics items of the canvas: nodes, edges and the account boundary.

Items draw themselves and turn mouse gestures into calls on their `CanvasView`; they never
change the model themselves.
"""
from __future__ import annotations

import math

import pyqtgraph as pg
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
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem

from .layout import LAYER_GAP
from .shapes import EDGE_STYLES, NODE_COLOURS, NODE_H, NODE_W, outline, paint_icon

HANDLE_R = 12.0          # the connect handle's radius on screen (px); larger in presentation mode
LABEL_PX = 13.0          # label size in diagram units when zoomed in enough
LABEL_W = 170.0
MIN_DETAIL_PX = 22.0     # below this on-screen node width, icons are skipped (labels never are)

_ELIDED: dict[tuple[str, str], str] = {}


def label_font(px: float, bold: bool) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, math.ceil(px - 0.01)))
    font.setBold(bold)
    return font


def elided(font: QFont, label: str, width: float) -> str:
    """`label` shortened with an ellipsis to fit under a node (cached per font and label)."""
    key = (font.key(), label)
    text = _ELIDED.get(key)
    if text is None:
        if len(_ELIDED) > 4000:
            _ELIDED.clear()
        text = _ELIDED[key] = QFontMetrics(font).elidedText(label, Qt.TextElideMode.ElideRight, int(width))
    return text


class NodeItem(pg.GraphicsObject):
    """One user, group, role, policy, resource or the root user."""

    def __init__(self, canvas, key: str, kind: str, sub: str, label: str, tooltip: str):
        super().__init__()
        self.canvas, self.key, self.kind = canvas, key, kind
        self.sub, self.label = sub, label
        self.selected = False
        self.emphasis = False
        self.hovered = False
        self._outline = outline(kind)
        self.edges: list[EdgeItem] = []
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setAcceptHoverEvents(True)
        self.setToolTip(tooltip)
        self.setZValue(10)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._drag_mode: str | None = None

    def set_content(self, sub: str, label: str, tooltip: str) -> None:
        if (sub, label) != (self.sub, self.label):
            self.sub, self.label = sub, label
            self.update()
        self.setToolTip(tooltip)

    def set_state(self, selected: bool, emphasis: bool) -> None:
        if (selected, emphasis) != (self.selected, self.emphasis):
            self.selected, self.emphasis = selected, emphasis
            self.update()

    # ----- geometry and painting ----------------------------------------------------------------
    def label_rect(self) -> QRectF:
        """Where the name goes: under the node, as wide and tall as the canvas's label size asks."""
        k = self.canvas.label_px / LABEL_PX
        width = min(LABEL_W * k, max(LABEL_W, LAYER_GAP - 12))    # never wider than the space between columns
        return QRectF(-width / 2, NODE_H / 2 + 4, width, self.canvas.label_px * 1.5)

    def fonts(self) -> list[QFont]:
        return [label_font(self.canvas.label_px, self.selected)]

    def boundingRect(self) -> QRectF:
        r = self.handle_radius()
        body = QRectF(-NODE_W / 2 - 12, -NODE_H / 2 - 8, NODE_W + 24 + 2 * r + 4, NODE_H + 16)
        return body.united(self.label_rect()).united(QRectF(self.handle_pos(), self.handle_pos()).adjusted(
            -r - 2, -r - 2, r + 2, r + 2))

    def shape(self) -> QPainterPath:
        path = QPainterPath(self._outline)
        path.addEllipse(self.handle_pos(), self.handle_radius() + 2, self.handle_radius() + 2)
        return path

    def handle_radius(self) -> float:
        """The connect handle's radius in diagram units: a fixed size on screen, however zoomed."""
        return self.canvas.handle_r

    def handle_pos(self) -> QPointF:
        return QPointF(NODE_W / 2 + 4 + self.handle_radius(), 0)

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
        rect = self.label_rect()
        p.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                   elided(font, self.label, rect.width()))
        if self.hovered or self.selected:
            r = self.handle_radius()
            c = self.handle_pos()
            p.setPen(QPen(QColor(theme["accent"]), max(2.0, r / 5)))
            p.setBrush(QBrush(QColor(theme["background"])))
            p.drawEllipse(c, r, r)
            p.drawLine(QPointF(c.x() - r / 2, c.y()), QPointF(c.x() + r / 2, c.y()))
            p.drawLine(QPointF(c.x(), c.y() - r / 2), QPointF(c.x(), c.y() + r / 2))

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for e in self.edges:
                e.adjust()
        return super().itemChange(change, value)

    # ----- mouse ---------------------------------------------------------------------------------
    def hoverEvent(self, ev) -> None:
        hovered = not ev.isExit()
        if hovered != self.hovered:
            self.hovered = hovered
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


class AccountAnchor:
    """The account's frame as the end of an edge (trust in the account, an SCP or RCP capping it):
    the edge ends on the frame at the point nearest its source. Its key is the account's (`root`)."""

    key = "root"

    def __init__(self, boundary: BoundaryItem):
        self.boundary = boundary
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


class EdgeItem(QGraphicsPathItem):
    """A connection between two nodes, with an arrowhead at the target."""

    def __init__(self, canvas, src: NodeItem, dst: NodeItem, kind: str, tooltip: str):
        super().__init__()
        self.canvas, self.src, self.dst, self.kind = canvas, src, dst, kind
        colour, style = EDGE_STYLES[kind]
        pen = QPen(QColor(colour), 2.5, style)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.setPen(pen)
        self.setBrush(Qt.BrushStyle.NoBrush)
        self.setToolTip(tooltip)
        self.setZValue(1)
        src.edges.append(self)
        dst.edges.append(self)
        self.adjust()

    def detach(self) -> None:
        for n in (self.src, self.dst):
            if self in n.edges:
                n.edges.remove(self)

    def adjust(self) -> None:
        a = self.src.pos()
        to_frame = isinstance(self.dst, AccountAnchor)
        b = self.dst.point_for(a) if to_frame else self.dst.pos()
        line = QLineF(a, b)
        length = line.length()
        path = QPainterPath()
        if length > 1:
            r = NODE_W / 2 + 4
            ux, uy = (b.x() - a.x()) / length, (b.y() - a.y()) / length
            start = QPointF(a.x() + ux * r, a.y() + uy * r)
            end = b if to_frame else QPointF(b.x() - ux * r, b.y() - uy * r)
            path.moveTo(start)
            path.lineTo(end)
            angle = math.atan2(uy, ux)
            head = QPolygonF([end,
                              QPointF(end.x() - 12 * math.cos(angle - 0.4), end.y() - 12 * math.sin(angle - 0.4)),
                              QPointF(end.x() - 12 * math.cos(angle + 0.4), end.y() - 12 * math.sin(angle + 0.4))])
            path.addPolygon(head)
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
    """The account boundary: a rounded frame around everything that lives in the home account."""

    def __init__(self, canvas):
        super().__init__()
        self.canvas = canvas
        self.setZValue(-10)
        self.title = ""
        self.rect = QRectF()

    def set_rect(self, rect: QRectF, title: str) -> None:
        self.rect, self.title = rect, title
        path = QPainterPath()
        path.addRoundedRect(rect, 24, 24)
        self.setPath(path)

    def fonts(self) -> list[QFont]:
        return [label_font(max(15.0, self.canvas.label_px * 1.1), True)]

    def boundingRect(self) -> QRectF:
        h = self.fonts()[0].pixelSize() * 1.6 + 4
        return super().boundingRect().adjusted(0, -h, max(0.0, h * 12 - self.rect.width()), 0)

    def paint(self, p, option, widget=None) -> None:
        theme = self.canvas.theme
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor(theme["boundary"]), 2, Qt.PenStyle.DashLine))
        p.setBrush(QBrush(QColor(theme["boundary_fill"])))
        p.drawPath(self.path())
        font = self.fonts()[0]
        p.setFont(font)
        p.setPen(QColor(theme["boundary"]))
        h = font.pixelSize() * 1.6
        p.drawText(QRectF(self.rect.left() + 16, self.rect.top() - h - 2, max(self.rect.width() - 32, h * 12), h),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
