"""The canvas legend: every node and edge type with its shape, colour and name."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontInfo, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from ..glossary import EDGE_TIPS, NODE_TIPS, POLICY_TIPS
from .items import FOREIGN_FRAME
from .shapes import EDGE_NAMES, EDGE_STYLES, KIND_NAMES, NODE_COLOURS, POLICY_NAMES, outline, paint_icon

ROW = 24          # at the default zoom; rows and columns grow with the UI font
COLUMN = 240
LEAST_FIT = 0.6   # the smallest the unfolded legend is drawn to fit a small canvas (of its natural size)


class Legend(QWidget):
    """A panel over the canvas corner, node types on the left and edge types on the right; hover a row
    for its one-sentence explanation. It starts folded to a small "Legend" tab (click to unfold or fold)
    so that it never hides the diagram."""

    COLLAPSED = QSize(110, 30)

    def __init__(self, canvas):
        super().__init__(canvas)
        self.canvas = canvas
        self.setObjectName("canvasLegend")
        self.setAccessibleName("Legend of shapes and lines")
        self.setMouseTracking(True)
        self.columns = [[("node", k) for k in KIND_NAMES] + [("policy", k) for k in POLICY_NAMES]
                        + [("frame", "account"), ("frame", "other")], [("edge", k) for k in EDGE_NAMES]]
        self.expanded = False
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.k = 1.0
        self.fit = 1.0          # the unfolded legend's scale: less than 1 where the canvas is too small for it
        self.setFixedSize(self.COLLAPSED)

    def restyle(self) -> None:
        """Follow the UI zoom (the size of the widget's font)."""
        k = max(1.0, QFontInfo(self.font()).pixelSize() / 15.0)
        if k != self.k:
            self.k = k
            self.set_expanded(self.expanded)

    def collapsed_size(self) -> QSize:
        return QSize(int(self.COLLAPSED.width() * self.k), int(self.COLLAPSED.height() * self.k))

    def set_expanded(self, on: bool, *, fit: bool = True) -> None:
        """Unfold (`on`) or fold; unfolded, drawn smaller where the canvas is too small for it, unless not
        `fit` (an exported image has all the room it needs)."""
        bottom = self.geometry().bottom()
        self.expanded = on
        natural = self.sizeHint()
        self.fit = self._fit_scale(natural) if on and fit else 1.0
        self.setFixedSize(QSize(int(natural.width() * self.fit), int(natural.height() * self.fit)) if on
                          else self.collapsed_size())
        self.move(self.x(), bottom - self.height() + 1)
        self.setToolTip("" if on else "Show what each shape and line means")
        self.update()

    def _fit_scale(self, natural: QSize) -> float:
        """1, or less so that the unfolded legend fits between the canvas's toolbar and its bottom edge (at
        1280x720 its top rows and right column were cut off)."""
        room_w = self.canvas.width() - 20
        room_h = self.canvas.height() - 20 - self.canvas.toolbar.height()
        if room_w <= 0 or room_h <= 0:
            return 1.0
        return max(LEAST_FIT, min(1.0, room_w / natural.width(), room_h / natural.height()))

    def mousePressEvent(self, event) -> None:
        self.set_expanded(not self.expanded)

    def sizeHint(self) -> QSize:
        rows = max(len(c) for c in self.columns)
        return QSize(int(self.column_width()) * len(self.columns), int(ROW * self.k) * rows + 12)

    def column_width(self) -> float:
        """Wide enough for the longest name ("service control policy (SCP)" was cut at a fixed width)."""
        fm = QFontMetricsF(self.font())
        widest = max(fm.horizontalAdvance(self.name(what, key)) for rows in self.columns for what, key in rows)
        return max(COLUMN * self.k, widest + 60 * self.k)

    @staticmethod
    def name(what: str, key: str) -> str:
        if what == "node":
            return KIND_NAMES[key]
        if what == "policy":
            return POLICY_NAMES[key]
        if what == "frame":
            return "another AWS account" if key == "other" else "AWS account (frame)"
        return EDGE_NAMES[key]

    def cells(self):
        """(x, y, kind, key) for every row of every column."""
        row, column = ROW * self.k, self.column_width()
        for c, rows in enumerate(self.columns):
            for i, (what, key) in enumerate(rows):
                yield c * column, 6 + i * row + row / 2, what, key

    def paintEvent(self, event) -> None:
        theme = self.canvas.theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        bg = QColor(theme["base"])
        bg.setAlpha(235)
        p.setPen(QPen(QColor(theme["muted"]), 1))
        p.setBrush(QBrush(bg))
        p.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        p.setFont(self.font())
        row, column = ROW * self.k, self.column_width()
        if not self.expanded:
            p.setPen(QColor(theme["text"]))
            p.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, "Legend ▴")
            return
        p.scale(self.fit, self.fit)
        for x, y, what, key in self.cells():
            if what in ("node", "policy"):
                kind = "policy" if what == "policy" else key
                p.save()
                p.translate(x + 22 * self.k, y)
                p.scale(0.3 * self.k, 0.3 * self.k)
                p.setPen(QPen(QColor(theme["node_border"]), 4, Qt.PenStyle.DashLine if key == "aws" and
                              what == "policy" else Qt.PenStyle.SolidLine))
                fill = QColor(NODE_COLOURS[kind])
                p.setBrush(QBrush(fill.lighter(125) if what == "policy" and key in ("inline", "resource") else fill))
                p.drawPath(outline(kind))
                paint_icon(p, kind, "other", QColor("#ffffff"))
                p.restore()
            elif what == "frame":
                other = key == "other"
                p.setPen(QPen(QColor(theme["boundary"]), 2, FOREIGN_FRAME if other else Qt.PenStyle.DashLine))
                p.setBrush(Qt.BrushStyle.NoBrush if other else QBrush(QColor(theme["boundary_fill"])))
                p.drawRoundedRect(QRectF(x + 8 * self.k, y - 8 * self.k, 28 * self.k, 16 * self.k), 4, 4)
            else:
                colour, style = EDGE_STYLES[key]
                p.setPen(QPen(QColor(colour), 3, style))
                p.drawLine(QPointF(x + 8 * self.k, y), QPointF(x + 36 * self.k, y))
            name = self.name(what, key)
            p.setPen(QColor(theme["text"]))
            p.drawText(QRectF(x + 46 * self.k, y - row / 2, column - 50 * self.k, row),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)

    def row_tip(self, x: float, y: float) -> str:
        """The explanation of the row at (x, y), in the legend's own (unscaled) coordinates."""
        c, i = int(x // self.column_width()), int((y - 6) // (ROW * self.k))
        if not 0 <= c < len(self.columns) or not 0 <= i < len(self.columns[c]):
            return ""
        what, key = self.columns[c][i]
        if what == "frame" and key == "other":
            return ("Another AWS account, labelled with its id. A trust policy naming it (arn:aws:iam::ID:root) "
                    "trusts that whole account, not its root user: the trust edge points at its frame, and that "
                    "account's own policies decide which of its principals may assume the role.")
        if what == "frame":
            return ("Everything inside the frame belongs to this AWS account. Trust in the account and the "
                    "organization's SCPs and RCPs point at the frame: they concern the whole account.")
        return {"node": NODE_TIPS, "policy": POLICY_TIPS, "edge": EDGE_TIPS}[what][key]

    def mouseMoveEvent(self, event) -> None:
        if self.expanded:
            self.setToolTip(self.row_tip(event.position().x() / self.fit, event.position().y() / self.fit))
