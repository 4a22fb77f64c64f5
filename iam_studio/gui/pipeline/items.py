"""Graphics items of the pipeline: boxes and decision gates, arrows with labels, the travelling token."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject

from ..editor import theme
from .gates import Gate

BOX_W, BOX_H = 220.0, 96.0

# state -> (fill, border)
_STATES = {
    "idle": (QColor("#ffffff"), QColor("#8a96a8")),
    "current": (QColor("#e3edff"), theme.ACCENT),
    "pass": (QColor("#e6f4ea"), theme.ALLOW),
    "fail": (QColor("#fdecea"), theme.DENY),
    "skip": (QColor("#f4f5f7"), QColor("#b8c0cc")),
}


class BoxItem(QGraphicsObject):
    """A step (rounded box) or a decision (hexagon) with a title and a smaller subtitle."""

    def __init__(self, gate: Gate, width: float = BOX_W, height: float = BOX_H):
        super().__init__()
        self.gate = gate
        self.title = gate.title
        self.subtitle = gate.subtitle
        self.state = "idle"
        self.colour: QColor | None = None          # fixed colour (verdict boxes)
        self._w, self._h = width, height
        self.setAcceptHoverEvents(True)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return QRectF(-self._w / 2 - 4, -self._h / 2 - 4, self._w + 8, self._h + 8)

    def set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.update()

    def set_text(self, title: str, subtitle: str = "") -> None:
        self.title, self.subtitle = title, subtitle
        self.update()

    def shape_path(self) -> QPainterPath:
        r = QRectF(-self._w / 2, -self._h / 2, self._w, self._h)
        path = QPainterPath()
        if self.gate.question:
            d = 22.0
            path.addPolygon(QPolygonF([QPointF(r.left() + d, r.top()), QPointF(r.right() - d, r.top()),
                                       QPointF(r.right(), 0), QPointF(r.right() - d, r.bottom()),
                                       QPointF(r.left() + d, r.bottom()), QPointF(r.left(), 0),
                                       QPointF(r.left() + d, r.top())]))
        else:
            path.addRoundedRect(r, 14, 14)
        return path

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill, border = _STATES[self.state]
        if self.colour is not None:
            fill, border = self.colour, self.colour.darker(130)
        pen = QPen(border, 4 if self.state == "current" else 2.5)
        if self.state == "skip":
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QBrush(fill))
        painter.drawPath(self.shape_path())
        text_colour = QColor("#ffffff") if self.colour is not None else QColor("#1d2733")
        if self.state == "skip":
            text_colour = QColor("#8a96a8")
        r = QRectF(-self._w / 2 + 18, -self._h / 2 + 6, self._w - 36, self._h - 12)
        title_font = QFont()
        title_font.setPixelSize(19 if self.colour is None else 28)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text_colour)
        if self.subtitle:
            top = QRectF(r.left(), r.top(), r.width(), r.height() * 0.58)
            painter.drawText(top, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
                             | Qt.TextFlag.TextWordWrap, self.title)
            sub_font = QFont()
            sub_font.setPixelSize(15)
            painter.setFont(sub_font)
            painter.setPen(text_colour if self.colour is not None else QColor("#4a5666"))
            bottom = QRectF(r.left(), r.top() + r.height() * 0.6, r.width(), r.height() * 0.4)
            painter.drawText(bottom, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                             | Qt.TextFlag.TextWordWrap, self.subtitle)
        else:
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.title)

    def left(self) -> QPointF:
        return self.pos() + QPointF(-self._w / 2, 0)

    def right(self) -> QPointF:
        return self.pos() + QPointF(self._w / 2, 0)

    def top(self) -> QPointF:
        return self.pos() + QPointF(0, -self._h / 2)

    def bottom(self) -> QPointF:
        return self.pos() + QPointF(0, self._h / 2)


class ArrowItem(QGraphicsItem):
    """A straight or elbowed arrow through `points`, with an optional label near its start."""

    def __init__(self, points: list[QPointF], label: str = "", dashed: bool = False):
        super().__init__()
        self._points = points
        self._label = label
        self._dashed = dashed
        self.colour = QColor("#6b7785")
        self.setZValue(-1)

    def boundingRect(self) -> QRectF:  # noqa: N802
        xs = [p.x() for p in self._points]
        ys = [p.y() for p in self._points]
        return QRectF(min(xs) - 60, min(ys) - 30, max(xs) - min(xs) + 120, max(ys) - min(ys) + 60)

    def set_colour(self, colour: QColor) -> None:
        self.colour = colour
        self.update()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.colour, 2.5)
        if self._dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        path = QPainterPath(self._points[0])
        for p in self._points[1:]:
            path.lineTo(p)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        if not self._dashed:
            a, b = self._points[-2], self._points[-1]
            direction = b - a
            length = max(1.0, (direction.x() ** 2 + direction.y() ** 2) ** 0.5)
            ux, uy = direction.x() / length, direction.y() / length
            head = QPolygonF([b, QPointF(b.x() - 14 * ux + 7 * uy, b.y() - 14 * uy - 7 * ux),
                              QPointF(b.x() - 14 * ux - 7 * uy, b.y() - 14 * uy + 7 * ux)])
            painter.setBrush(self.colour)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawPolygon(head)
        if self._label:
            font = QFont()
            font.setPixelSize(16)
            font.setItalic(True)
            painter.setFont(font)
            painter.setPen(self.colour.darker(120))
            a, b = self._points[0], self._points[1]
            mid = QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
            painter.drawText(QRectF(mid.x() + 6, mid.y() - 22, 60, 22), Qt.AlignmentFlag.AlignLeft, self._label)


class TokenItem(QGraphicsObject):
    """The request on its way: a blue disc with a white ring."""

    RADIUS = 15.0

    def __init__(self):
        super().__init__()
        self.setZValue(10)

    def boundingRect(self) -> QRectF:  # noqa: N802
        r = self.RADIUS + 3
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#ffffff"), 3))
        painter.setBrush(theme.ACCENT)
        painter.drawEllipse(QPointF(0, 0), self.RADIUS, self.RADIUS)
