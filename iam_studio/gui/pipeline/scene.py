"""The pipeline drawing: the course's two diagrams, one above the other, and the token's moves."""
from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem

from ...core.decision import Decision
from ...core.engine.result import Stage
from .. import themes
from ..editor import theme
from ..glossary import STAGE_TIPS
from . import gates as g
from .items import BOX_H, BOX_W, PAD_Y, ArrowItem, BoxItem, TextSizes, TokenItem, pixel_font

TOP_GAP = 60.0
DETAIL_W, DETAIL_GAP = 210.0, 50.0


class PipelineScene(QGraphicsScene):
    """Lays out the boxes for a result's stages; lights gates and moves the token on request.

    `layout_for(stages, floor)` sizes the words at least `floor` scene pixels and every box to hold its
    words whole; the view picks `floor` so that the words keep a readable size on screen."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.boxes: dict[str, BoxItem] = {}
        self.token = TokenItem()
        self._anim = QVariantAnimation(self)
        self._anim.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._anim.valueChanged.connect(self.token.setPos)
        self._deny_x = 0.0
        self.stages: list[Stage] = []
        self.sizes = TextSizes()
        self.content = QRectF()
        self.heading: QGraphicsSimpleTextItem | None = None
        self.compact = False
        self._laid_out = None
        self.restyle()
        self.layout_for([])

    def restyle(self) -> None:
        """Follow the theme in use (the items read their colours when they paint)."""
        self.setBackgroundBrush(QColor(themes.colours()["background"]))
        if self.heading is not None:
            self.heading.setBrush(QColor(themes.colours()["frame_text"]))
        for item in self.items():
            item.update()

    # ---- layout -------------------------------------------------------------------------------
    def ensure_layout(self, floor: float, compact: bool = False) -> bool:
        """Lay out again if the stages, the word size or the compactness changed since the last layout; True
        if it did."""
        compact = compact or themes.appearance().presentation
        if self._laid_out == (tuple(self.stages), round(floor, 1), compact):
            return False
        self.layout_for(self.stages, floor, compact)
        return True

    def smallest_px(self) -> float:
        """The smallest word size in use (scene pixels)."""
        s = self.sizes
        return min(s.label, s.heading, s.title, *(() if self.compact else (s.subtitle,)))

    def layout_for(self, stages: list[Stage], floor: float = 0.0, compact: bool = False) -> None:
        """Rebuild the drawing for the gates in play (an empty list: the course's basic diagram); `compact`
        (always in presentation mode): titles only, the subtitles go to the tooltips."""
        self._anim.stop()
        if self.token.scene() is self:
            self.removeItem(self.token)
        self.clear()
        self.boxes = {}
        self.stages = list(stages)
        compact = compact or themes.appearance().presentation        # titles only, as large as they fit
        self._laid_out = (tuple(self.stages), round(floor, 1), compact)
        sizes = self.sizes = TextSizes.at_least(floor)
        row = [_titled(t, compact) for t in g.detail_row(stages)]
        top_row = [_titled(t, compact) for t in g.TOP_ROW]
        min_h = BOX_H * (0.6 if compact else 1.0)
        top_w, top_h = BoxItem.needed_size([(t.title, t.subtitle) for t in top_row], sizes, BOX_W, min_h)
        top_w = max(top_w, BoxItem.needed_size([("ALLOW", "" if compact else "not authenticated")], sizes,
                                               BOX_W, min_h, True)[0])
        det_w, det_h = BoxItem.needed_size([(t.title, t.subtitle) for t in row] + [("ALLOW", "")], sizes,
                                           DETAIL_W * (0.8 if compact else 1.0), min_h)
        det_w = max(det_w, BoxItem.needed_size([("ALLOW", "")], sizes, DETAIL_W, min_h, True)[0])
        gap = max(DETAIL_GAP, sizes.label * 3.2)
        top_gap = max(TOP_GAP, sizes.label * 2)
        n = len(row) + 1
        detail_width = n * det_w + (n - 1) * gap
        top_width = 4 * top_w + 3 * top_gap
        top_x0 = (detail_width - top_width) / 2 + top_w / 2
        for i, gate in enumerate(top_row):
            self._add(BoxItem(gate, top_w, top_h, sizes), top_x0 + i * (top_w + top_gap), 0)
        for a, b in zip(top_row, top_row[1:], strict=False):
            self.addItem(ArrowItem([self.boxes[a.id].right(), self.boxes[b.id].left()]))

        heading_h = sizes.heading * 1.5
        frame_top = top_h / 2 + max(40.0, sizes.label * 1.6)
        detail_y = frame_top + heading_h + 24 + det_h / 2
        deny_h = max(64.0 * (0.8 if compact else 1.0), sizes.verdict * 1.4
                     + (0 if compact else sizes.subtitle * 1.4) + 2 * PAD_Y)
        drop = max(70.0 * (0.7 if compact else 1.0), sizes.label * 2.4)
        deny_y = detail_y + det_h / 2 + drop + deny_h / 2
        self.deny_top = deny_y - deny_h / 2
        self.detail_y = detail_y
        self.compact = compact
        frame = QRectF(-40, frame_top, detail_width + 80, deny_y + deny_h / 2 + 20 - frame_top)
        self.addRect(frame, QPen(QColor(themes.colours()["frame"]), 2, Qt.PenStyle.DashLine),
                     QBrush(QColor(themes.colours()["frame_fill"])))
        self.heading = self.addSimpleText("Inside authorization: how AWS evaluates the policies")
        self.heading.setFont(pixel_font(sizes.heading, bold=True))
        self.heading.setBrush(QColor(themes.colours()["frame_text"]))
        self.heading.setPos(frame.left() + 16, frame.top() + 10)
        authz = self.boxes[g.AUTHZ]
        for corner in (frame.topLeft(), frame.topRight()):
            self.addItem(ArrowItem([authz.bottom(), corner], dashed=True))

        x0 = det_w / 2
        for i, gate in enumerate(row):
            self._add(BoxItem(gate, det_w, det_h, sizes), x0 + i * (det_w + gap), detail_y)
        allow = BoxItem(g.Gate(g.ALLOW_END, "ALLOW"), det_w, det_h, sizes)
        self._add(allow, x0 + len(row) * (det_w + gap), detail_y)
        deny = BoxItem(g.Gate(g.DENY_END, "DENY"), detail_width - det_w - gap, deny_h, sizes)
        self._add(deny, (detail_width - det_w - gap) / 2, deny_y)
        for i, gate in enumerate(row):
            box = self.boxes[gate.id]
            nxt = self.boxes[row[i + 1].id] if i + 1 < len(row) else allow
            right_label = "" if gate.id == g.GATHER else ("no" if gate.id == g.EXPLICIT else "yes")
            self.addItem(ArrowItem([box.right(), nxt.left()], right_label, label_px=sizes.label))
            if gate.question:
                self.addItem(ArrowItem([box.bottom(), QPointF(box.pos().x(), self.deny_top)], gate.no_label,
                                       label_px=sizes.label))
        self.content = frame.united(QRectF(top_x0 - top_w / 2, -top_h / 2 - TokenItem.RADIUS - 4,
                                           top_width, top_h)).adjusted(-10, -10, 10, 10)
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
        if box.pos().y() == self.detail_y and gate_id != g.ALLOW_END:
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
            outcome.set_text("DENY", "" if self.compact else decision.words)
            outcome.colour = theme.verdict_colour(decision.value)
            if decision is Decision.NOT_AUTHENTICATED:
                target = outcome.top()
            else:
                self.boxes[g.DENY_END].colour = theme.verdict_colour(decision.value)
                self.boxes[g.DENY_END].set_text("DENY", "" if self.compact else decision.words)
                failed = [b.pos().x() for b in self.boxes.values() if b.pos().y() == self.detail_y
                          and b.gate.question and b.state == "fail"]
                target = QPointF(min(failed, default=self._deny_x), self.deny_top)    # out at the first "no"
        for box in (outcome, self.boxes[g.ALLOW_END], self.boxes[g.DENY_END]):
            box.update()
        self.move_token(target, duration_ms)

    def clear_verdict(self) -> None:
        for gid in (g.OUTCOME, g.ALLOW_END, g.DENY_END):
            self.boxes[gid].colour = None
        self.boxes[g.OUTCOME].set_text("ALLOW or DENY")
        self.boxes[g.DENY_END].set_text("DENY")


def _titled(gate: g.Gate, compact: bool) -> g.Gate:
    """The gate as drawn: without its subtitle in compact (presentation) mode (the tooltip keeps it)."""
    return g.Gate(gate.id, gate.title, "", gate.question, gate.no_label) if compact else gate


_TIP_KEYS = {g.ALLOW_GATE: "identity", g.OUTCOME: "verdict", g.ALLOW_END: "verdict", g.DENY_END: "verdict",
             g.AUTHZ: "gather"}
