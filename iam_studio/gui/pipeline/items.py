"""Graphics items of the pipeline: boxes and decision gates, arrows with labels, the travelling token.

Colours come from the theme in use; text sizes from the scene's `TextSizes` (the scene raises them so that,
however the view is fitted, no word is smaller on screen than the theme's minimum)."""
from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject

from .. import themes
from ..editor import theme
from .gates import Gate

BOX_W, BOX_H = 220.0, 96.0
PAD_X, PAD_Y = 20.0, 8.0
_STATE_KEYS = {"idle": "box", "current": "box_current", "pass": "box_pass", "fail": "box_fail", "skip": "box_skip"}


def pixel_font(px: float, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, math.ceil(px - 0.01)))
    font.setBold(bold)
    font.setItalic(italic)
    return font


@dataclass(frozen=True, slots=True)
class TextSizes:
    """Pixel sizes (in scene units) of the pipeline's words."""

    title: float = 19.0
    subtitle: float = 15.0
    label: float = 16.0
    heading: float = 17.0
    verdict: float = 28.0

    @classmethod
    def at_least(cls, floor: float) -> TextSizes:
        base = cls()
        return cls(*(max(v, floor) for v in (base.title, base.subtitle, base.label, base.heading, base.verdict)))


class BoxItem(QGraphicsObject):
    """A step (rounded box) or a decision (hexagon) with a title and a smaller subtitle."""

    def __init__(self, gate: Gate, width: float = BOX_W, height: float = BOX_H, sizes: TextSizes = TextSizes()):
        super().__init__()
        self.gate = gate
        self.title = gate.title
        self.subtitle = gate.subtitle
        self.state = "idle"
        self.colour: QColor | None = None          # fixed colour (verdict boxes)
        self.sizes = sizes
        self._w, self._h = width, height
        self.setAcceptHoverEvents(True)

    @staticmethod
    def needed_size(titles: list[tuple[str, str]], sizes: TextSizes, min_w: float, min_h: float,
                    verdict: bool = False) -> tuple[float, float]:
        """The width and height a box needs so that every (title, subtitle) fits without cutting a word."""
        tf = QFontMetricsF(pixel_font(sizes.verdict if verdict else sizes.title, bold=True))
        sf = QFontMetricsF(pixel_font(sizes.subtitle))
        words = [(tf, w) for t, _ in titles for w in t.split()] + [(sf, w) for _, s in titles for w in s.split()]
        width = max([min_w] + [fm.horizontalAdvance(w) + 2 * PAD_X + 30 for fm, w in words])
        inner = width - 2 * PAD_X - 8
        flags = int(Qt.TextFlag.TextWordWrap)
        height = min_h
        for t, s in titles:
            h = tf.boundingRect(QRectF(0, 0, inner, 10000), flags, t).height()
            if s:
                h += sf.boundingRect(QRectF(0, 0, inner, 10000), flags, s).height() + 4
            height = max(height, h + 2 * PAD_Y + 8)
        return width, height

    def fonts(self) -> list[QFont]:
        """The fonts this box paints with (for checks of on-screen text size)."""
        title = pixel_font(self.sizes.title if self.colour is None else self.sizes.verdict, bold=True)
        return [title, pixel_font(self.sizes.subtitle)] if self.subtitle else [title]

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
            d = min(22.0, self._h / 3)
            path.addPolygon(QPolygonF([QPointF(r.left() + d, r.top()), QPointF(r.right() - d, r.top()),
                                       QPointF(r.right(), 0), QPointF(r.right() - d, r.bottom()),
                                       QPointF(r.left() + d, r.bottom()), QPointF(r.left(), 0),
                                       QPointF(r.left() + d, r.top())]))
        else:
            path.addRoundedRect(r, 14, 14)
        return path

    def paint(self, painter: QPainter, option, widget=None) -> None:
        t = themes.colours()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(t[_STATE_KEYS[self.state]])
        border = {"current": theme.ACCENT if themes.appearance().name == "light" else QColor(t["highlight"]),
                  "pass": theme.ALLOW, "fail": theme.DENY}.get(self.state, QColor(t["box_border"]))
        if themes.appearance().name != "light" and self.state in ("pass", "fail"):
            border = theme.ALLOW_DARK if self.state == "pass" else theme.DENY_DARK
        if self.colour is not None:
            fill, border = self.colour, self.colour.darker(130)
        pen = QPen(border, 4 if self.state == "current" else 2.5)
        if self.state == "skip":
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QBrush(fill))
        painter.drawPath(self.shape_path())
        text_colour = QColor("#ffffff") if self.colour is not None else QColor(t["text"])
        if self.state == "skip":
            text_colour = QColor(t["muted"])
        r = QRectF(-self._w / 2 + PAD_X, -self._h / 2 + PAD_Y, self._w - 2 * PAD_X, self._h - 2 * PAD_Y)
        fonts = self.fonts()
        painter.setFont(fonts[0])
        painter.setPen(text_colour)
        wrap = Qt.TextFlag.TextWordWrap
        if self.subtitle:
            title_h = QFontMetricsF(fonts[0]).boundingRect(r, int(wrap), self.title).height()
            sub_h = QFontMetricsF(fonts[1]).boundingRect(r, int(wrap), self.subtitle).height()
            top = r.top() + max(0.0, (r.height() - title_h - sub_h - 4) / 2)
            painter.drawText(QRectF(r.left(), top, r.width(), title_h), Qt.AlignmentFlag.AlignHCenter | wrap,
                             self.title)
            painter.setFont(fonts[1])
            painter.setPen(text_colour if self.colour is not None else QColor(t["muted"]))
            painter.drawText(QRectF(r.left(), top + title_h + 4, r.width(), sub_h),
                             Qt.AlignmentFlag.AlignHCenter | wrap, self.subtitle)
        else:
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter | wrap, self.title)

    def left(self) -> QPointF:
        return self.pos() + QPointF(-self._w / 2, 0)

    def right(self) -> QPointF:
        return self.pos() + QPointF(self._w / 2, 0)

    def top(self) -> QPointF:
        return self.pos() + QPointF(0, -self._h / 2)

    def bottom(self) -> QPointF:
        return self.pos() + QPointF(0, self._h / 2)

    def rect(self) -> QRectF:
        return QRectF(self.pos().x() - self._w / 2, self.pos().y() - self._h / 2, self._w, self._h)


class ArrowItem(QGraphicsItem):
    """A straight or elbowed arrow through `points`, with an optional label near its start."""

    def __init__(self, points: list[QPointF], label: str = "", dashed: bool = False, label_px: float = 16.0):
        super().__init__()
        self._points = points
        self._label = label
        self._dashed = dashed
        self._font = pixel_font(label_px, italic=True)
        self.setZValue(-1)

    def fonts(self) -> list[QFont]:
        return [self._font] if self._label else []

    def boundingRect(self) -> QRectF:  # noqa: N802
        xs = [p.x() for p in self._points]
        ys = [p.y() for p in self._points]
        m = self._font.pixelSize() * 3.5
        return QRectF(min(xs) - m, min(ys) - m, max(xs) - min(xs) + 2 * m, max(ys) - min(ys) + 2 * m)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        colour = QColor(themes.colours()["arrow"])
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(colour, 2.5)
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
            painter.setBrush(colour)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawPolygon(head)
        if self._label:
            painter.setFont(self._font)
            painter.setPen(QColor(themes.colours()["text"]))
            a, b = self._points[0], self._points[1]
            mid = QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
            h = QFontMetricsF(self._font).height()
            painter.drawText(QRectF(mid.x() + 6, mid.y() - h - 2, h * 3, h), Qt.AlignmentFlag.AlignLeft,
                             self._label)


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
        painter.setBrush(theme.ACCENT if themes.appearance().name == "light" else QColor(themes.colours()["highlight"]))
        painter.drawEllipse(QPointF(0, 0), self.RADIUS, self.RADIUS)
