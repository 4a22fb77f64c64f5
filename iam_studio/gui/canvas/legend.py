"""The canvas legend: every node and edge type with its shape, colour and name."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from ..glossary import EDGE_TIPS, NODE_TIPS
from .shapes import EDGE_NAMES, EDGE_STYLES, KIND_NAMES, NODE_COLOURS, outline, paint_icon

ROW = 26


class Legend(QWidget):
    """A small panel drawn over the canvas corner; hover a row for its one-sentence explanation."""

    def __init__(self, canvas):
        super().__init__(canvas)
        self.canvas = canvas
        self.setObjectName("canvasLegend")
        self.setAccessibleName("Legend of shapes and lines")
        self.setMouseTracking(True)
        self.rows = [("node", k) for k in KIND_NAMES] + [("edge", k) for k in EDGE_NAMES]
        self.setFixedSize(self.sizeHint())

    def sizeHint(self) -> QSize:
        return QSize(220, ROW * len(self.rows) + 12)

    def paintEvent(self, event) -> None:
        theme = self.canvas.theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        bg = QColor(theme["base"])
        bg.setAlpha(235)
        p.setPen(QPen(QColor(theme["muted"]), 1))
        p.setBrush(QBrush(bg))
        p.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        font = p.font()
        font.setPixelSize(13)
        p.setFont(font)
        for i, (what, key) in enumerate(self.rows):
            y = 6 + i * ROW + ROW / 2
            if what == "node":
                p.save()
                p.translate(22, y)
                p.scale(0.3, 0.3)
                p.setPen(QPen(QColor(theme["node_border"]), 4))
                p.setBrush(QBrush(QColor(NODE_COLOURS[key])))
                p.drawPath(outline(key))
                paint_icon(p, key, "other", QColor("#ffffff"))
                p.restore()
                name = KIND_NAMES[key]
            else:
                colour, style = EDGE_STYLES[key]
                p.setPen(QPen(QColor(colour), 3, style))
                p.drawLine(QPointF(8, y), QPointF(36, y))
                name = EDGE_NAMES[key]
            p.setPen(QColor(theme["text"]))
            p.drawText(QRectF(46, y - ROW / 2, self.width() - 50, ROW),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)

    def row_tip(self, y: float) -> str:
        i = int((y - 6) // ROW)
        if not 0 <= i < len(self.rows):
            return ""
        what, key = self.rows[i]
        return NODE_TIPS[key] if what == "node" else EDGE_TIPS[key]

    def mouseMoveEvent(self, event) -> None:
        self.setToolTip(self.row_tip(event.position().y()))
