"""The pipeline drawing: the course's two diagrams, one above the other, and the token's moves."""
from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsScene

from ...core.engine.result import Decision, Stage
from ..editor import theme
from ..glossary import STAGE_TIPS
from . import gates as g
from .items import BOX_H, BOX_W, ArrowItem, BoxItem, TokenItem

TOP_GAP = 60.0
DETAIL_W, DETAIL_GAP = 210.0, 50.0
DETAIL_Y = 225.0
DENY_Y = 375.0


class PipelineScene(QGraphicsScene):
    """Lays out the boxes for a result's stages; lights gates and moves the token on request."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackgroundBrush(QColor("#fbfcfe"))
        self.boxes: dict[str, BoxItem] = {}
        self.token = TokenItem()
        self._anim = QVariantAnimation(self)
        self._anim.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._anim.valueChanged.connect(self.token.setPos)
        self._deny_x = 0.0
        self.layout_for([])

    # ---- layout -------------------------------------------------------------------------------
    def layout_for(self, stages: list[Stage]) -> None:
        """Rebuild the drawing for the gates in play (an empty list: the course's basic diagram)."""
        self._anim.stop()
        if self.token.scene() is self:
            self.removeItem(self.token)
        self.clear()
        self.boxes = {}
        row = g.detail_row(stages)
        n = len(row) + 1
        detail_width = n * DETAIL_W + (n - 1) * DETAIL_GAP
        top_width = 4 * BOX_W + 3 * TOP_GAP
        top_x0 = (detail_width - top_width) / 2 + BOX_W / 2
        for i, gate in enumerate(g.TOP_ROW):
            self._add(BoxItem(gate), top_x0 + i * (BOX_W + TOP_GAP), 0)
        for a, b in zip(g.TOP_ROW, g.TOP_ROW[1:], strict=False):
            self.addItem(ArrowItem([self.boxes[a.id].right(), self.boxes[b.id].left()]))

        frame = QRectF(-40, DETAIL_Y - BOX_H / 2 - 62, detail_width + 80, DENY_Y - DETAIL_Y + BOX_H + 70)
        self.addRect(frame, QPen(QColor("#9fb3cf"), 2, Qt.PenStyle.DashLine), QBrush(QColor("#f3f7fd")))
        label = self.addSimpleText("Inside authorization: how AWS evaluates the policies")
        font = QFont()
        font.setPixelSize(17)
        font.setBold(True)
        label.setFont(font)
        label.setBrush(QColor("#3d5a80"))
        label.setPos(frame.left() + 16, frame.top() + 10)
        authz = self.boxes[g.AUTHZ]
        for corner in (frame.topLeft(), frame.topRight()):
            self.addItem(ArrowItem([authz.bottom(), corner], dashed=True))

        x0 = DETAIL_W / 2
        for i, gate in enumerate(row):
            self._add(BoxItem(gate, DETAIL_W, BOX_H), x0 + i * (DETAIL_W + DETAIL_GAP), DETAIL_Y)
        allow = BoxItem(g.Gate(g.ALLOW_END, "ALLOW"), DETAIL_W, BOX_H)
        self._add(allow, x0 + len(row) * (DETAIL_W + DETAIL_GAP), DETAIL_Y)
        deny = BoxItem(g.Gate(g.DENY_END, "DENY"), detail_width - DETAIL_W - DETAIL_GAP, 64)
        self._add(deny, (detail_width - DETAIL_W - DETAIL_GAP) / 2, DENY_Y)
        for i, gate in enumerate(row):
            box = self.boxes[gate.id]
            nxt = self.boxes[row[i + 1].id] if i + 1 < len(row) else allow
            right_label = "" if gate.id == g.GATHER else ("no" if gate.id == g.EXPLICIT else "yes")
            self.addItem(ArrowItem([box.right(), nxt.left()], right_label))
            if gate.question:
                self.addItem(ArrowItem([box.bottom(), QPointF(box.pos().x(), DENY_Y - 32)], gate.no_label))
        self.addItem(self.token)
        self.reset()

    def _add(self, box: BoxItem, x: float, y: float) -> None:
        box.setPos(x, y)
        box.setToolTip(STAGE_TIPS.get(_TIP_KEYS.get(box.gate.id, box.gate.id), ""))
        self.addItem(box)
        self.boxes[box.gate.id] = box

    # ---- state --------------------------------------------------------------------------------
    def reset(self) -> None:
        """All boxes idle, the token at the request, no verdict."""
        self._anim.stop()
        for box in self.boxes.values():
            box.set_state("idle")
            box.colour = None
        self.boxes[g.OUTCOME].set_text("ALLOW or DENY")
        self.boxes[g.ALLOW_END].colour = None
        self.token.setPos(self.boxes[g.REQUEST].top())
        self._deny_x = self.boxes[g.GATHER].pos().x()

    def light(self, gate_id: str, state: str) -> None:
        """Set a box's state; a gate inside authorization also marks where a DENY would leave."""
        box = self.boxes.get(gate_id)
        if box is None:
            return
        box.set_state(state)
        if box.pos().y() == DETAIL_Y and gate_id != g.ALLOW_END:
            self._deny_x = box.pos().x()

    def move_token(self, target: QPointF, duration_ms: int) -> None:
        self._anim.stop()
        if duration_ms <= 0:
            self.token.setPos(target)
            return
        self._anim.setStartValue(self.token.pos())
        self._anim.setEndValue(target)
        self._anim.setDuration(duration_ms)
        self._anim.start()

    def gate_point(self, gate_id: str) -> QPointF:
        """Where the token rests on a box: on its top edge, so the words stay readable."""
        box = self.boxes.get(gate_id) or self.boxes[g.OUTCOME]
        return box.top()

    def show_verdict(self, decision: Decision, duration_ms: int) -> None:
        """Colour the ends and the outcome box, and send the token to ALLOW or DENY."""
        outcome = self.boxes[g.OUTCOME]
        if decision is Decision.ALLOWED:
            outcome.set_text("ALLOW", "")
            outcome.colour = theme.ALLOW
            end = self.boxes[g.ALLOW_END]
            end.colour = theme.ALLOW
            target = end.top()
        else:
            outcome.set_text("DENY", _DENY_WORDS[decision])
            outcome.colour = theme.verdict_colour(decision.value)
            if decision is Decision.NOT_AUTHENTICATED:
                target = outcome.top()
            else:
                self.boxes[g.DENY_END].colour = theme.verdict_colour(decision.value)
                self.boxes[g.DENY_END].set_text("DENY", _DENY_WORDS[decision])
                target = QPointF(self._deny_x, DENY_Y - 32)
        for box in (outcome, self.boxes[g.ALLOW_END], self.boxes[g.DENY_END]):
            box.update()
        self.move_token(target, duration_ms)

    def clear_verdict(self) -> None:
        for gid in (g.OUTCOME, g.ALLOW_END, g.DENY_END):
            self.boxes[gid].colour = None
        self.boxes[g.OUTCOME].set_text("ALLOW or DENY")
        self.boxes[g.DENY_END].set_text("DENY")


_TIP_KEYS = {g.ALLOW_GATE: "identity", g.OUTCOME: "verdict", g.ALLOW_END: "verdict", g.DENY_END: "verdict",
             g.AUTHZ: "gather"}
_DENY_WORDS = {
    Decision.EXPLICIT_DENY: "explicit deny",
    Decision.IMPLICIT_DENY: "implicit deny",
    Decision.NOT_AUTHENTICATED: "not authenticated",
}
