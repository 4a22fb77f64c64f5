"""The pipeline pane: the drawing, the replay controls and the large verdict."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.engine.result import Decision, Outcome, Result, Stage, Step
from ..editor import theme
from . import gates as g
from .player import SPEEDS, Player
from .scene import PipelineScene

MOVE_MS = 480
MIN_SCALE = 0.45         # below this the text is unreadable: scroll instead
IDLE_TEXT = "Press Evaluate to send the request through"
VERDICT_TEXT = {
    Decision.ALLOWED: "ALLOW",
    Decision.EXPLICIT_DENY: "DENY — explicit deny",
    Decision.IMPLICIT_DENY: "DENY — implicit deny",
    Decision.NOT_AUTHENTICATED: "DENY — not authenticated",
}
_STATE_OF = {Outcome.PASS: "pass", Outcome.ALLOW: "pass", Outcome.FAIL: "fail", Outcome.DENY: "fail",
             Outcome.SKIP: "skip"}


class _Canvas(QGraphicsView):
    """Fits the drawing to the pane, but never shrinks text below a readable size (it scrolls instead)."""

    def __init__(self, scene):
        super().__init__(scene)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def refit(self) -> None:
        rect = self.scene().itemsBoundingRect().adjusted(-20, -20, 20, 20)
        self.setSceneRect(rect)
        view = self.viewport().rect()
        if rect.width() <= 0 or view.width() <= 0:
            return
        scale = max(MIN_SCALE, min(1.0, view.width() / rect.width(), view.height() / rect.height()))
        self.resetTransform()
        self.scale(scale, scale)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.refit()


def _button(name: str, text: str, tip: str, accessible: str) -> QToolButton:
    b = QToolButton(objectName=name, accessibleName=accessible)
    b.setText(text)
    b.setToolTip(tip)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)      # space belongs to the pipeline, not to a button
    b.setMinimumSize(44, 36)
    return b


class PipelineView(QWidget):
    """Replays a Result's trace on the course's diagrams. `stepShown(index)` fires for every step shown."""

    stepShown = Signal(int)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.setObjectName("pipelineView")
        self.setAccessibleName("Request pipeline")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._doc = document
        self.result: Result | None = None
        self.steps: list[Step] = []
        self.player = Player(self)
        self.player.indexChanged.connect(self._show_index)
        self.player.playingChanged.connect(self._playing_changed)

        self.scene = PipelineScene(self)
        self.canvas = _Canvas(self.scene)
        self.verdict = QLabel(IDLE_TEXT, objectName="verdictLabel", alignment=Qt.AlignmentFlag.AlignCenter)
        self.verdict.setAccessibleName("Verdict")
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.reason = QLabel("", objectName="verdictReason", alignment=Qt.AlignmentFlag.AlignCenter)
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)     # names the user typed: never rich text
        self.reason.setStyleSheet(f"font-size: {theme.UI_POINT_SIZE + 1}pt; color: palette(window-text);")
        self._style_verdict(None)

        self.back_button = _button("stepBackButton", "◀ Back", "Previous step (Left arrow or Backspace)",
                                   "Previous step")
        self.play_button = _button("playButton", "▶ Play", "Play or pause (P)", "Play or pause")
        self.next_button = _button("stepForwardButton", "Next ▶", "Next step (Space or Right arrow)", "Next step")
        self.back_button.clicked.connect(self.player.previous)
        self.play_button.clicked.connect(self.player.toggle)
        self.next_button.clicked.connect(self.player.next)
        self.speed = QComboBox(objectName="speedCombo", accessibleName="Replay speed")
        self.speed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}× speed", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(lambda i: self.player.set_speed(self.speed.itemData(i)))
        self.step_label = QLabel("", objectName="stepLabel")
        self.step_label.setTextFormat(Qt.TextFormat.PlainText)
        self.step_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

        controls = QHBoxLayout()
        for w in (self.back_button, self.play_button, self.next_button, self.speed):
            controls.addWidget(w)
        controls.addWidget(self.step_label, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.verdict)
        lay.addWidget(self.reason)
        lay.addWidget(self.canvas, 1)
        lay.addLayout(controls)
        self._update_controls()

    # ---- public API -------------------------------------------------------------------------
    def show_result(self, result: Result) -> None:
        """Lay out the gates the result has and rewind to the start (call `player.play()` to animate)."""
        self.result = result
        self.steps = list(result.trace)
        self.scene.layout_for(list(result.stages))
        self.canvas.refit()
        self.player.load(len(self.steps))

    def show_error(self, message: str) -> None:
        """The request could not be evaluated: say why, in the verdict's place."""
        self.result = None
        self.steps = []
        self.player.load(0)
        self.verdict.setText("Cannot evaluate this request")
        self._style_verdict("error")
        self.reason.setText(message)

    def clear(self) -> None:
        """Nothing evaluated: the idle drawing and text."""
        self.result = None
        self.steps = []
        self.scene.layout_for([])
        self.player.load(0)
        self.verdict.setText(IDLE_TEXT)
        self._style_verdict(None)
        self.reason.setText("")

    @property
    def verdict_text(self) -> str:
        return self.verdict.text()

    # ---- keyboard -----------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Space, Qt.Key.Key_Right):
            self.player.next()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Backspace):
            self.player.previous()
        elif key == Qt.Key.Key_P:
            self.player.toggle()
        elif key == Qt.Key.Key_Home:
            self.player.pause()
            self.player.seek(-1)
        elif key == Qt.Key.Key_End:
            self.player.pause()
            self.player.seek(self.player.count - 1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # ---- replay -------------------------------------------------------------------------------
    def _show_index(self, index: int) -> None:
        """Redraw the state after steps 0..index (recomputed, so stepping back is exact)."""
        self.scene.reset()
        self.scene.clear_verdict()
        done = index >= 0 and index == len(self.steps) - 1 or (
            0 <= index < len(self.steps) and self.steps[index].stage is Stage.VERDICT)
        for k in range(index + 1):
            step = self.steps[k]
            gate = g.gate_for_stage(step.stage)
            state = _STATE_OF.get(step.outcome)
            if state is not None and gate != g.OUTCOME:
                self.scene.light(gate, state)
            elif self.scene.boxes.get(gate) is not None and self.scene.boxes[gate].state == "idle" and k == index:
                self.scene.light(gate, "current")
        if index >= 0:
            self.scene.light(g.REQUEST, "pass")
            current = self.steps[index]
            gate = g.gate_for_stage(current.stage)
            if gate not in (g.AUTHN, g.OUTCOME, g.REQUEST):
                self.scene.light(g.AUTHZ, "current")
        if done and self.result is not None:
            self._finish()
        else:
            target = self.scene.gate_point(g.gate_for_stage(self.steps[index].stage)) if index >= 0 \
                else self.scene.gate_point(g.REQUEST)
            self.scene.move_token(target, int(MOVE_MS / self.player.speed))
            self.verdict.setText(IDLE_TEXT if index < 0 or self.result is None else "Evaluating…")
            self._style_verdict(None)
            self.reason.setText("" if index < 0 else self.steps[index].message)
        self._update_controls()
        self.stepShown.emit(index)

    def _finish(self) -> None:
        result = self.result
        authenticated = result.decision is not Decision.NOT_AUTHENTICATED
        if authenticated:
            self.scene.light(g.AUTHN, "pass")
            self.scene.light(g.AUTHZ, "pass" if result.allowed else "fail")
        else:
            self.scene.light(g.AUTHN, "fail")
        self.scene.show_verdict(result.decision, int(MOVE_MS / self.player.speed))
        self.verdict.setText(VERDICT_TEXT[result.decision])
        self._style_verdict(result.decision)
        self.reason.setText(result.reason)

    def _style_verdict(self, decision: Decision | str | None) -> None:
        if decision is None:
            colour, fg, size = "#eef1f5", "#4a5666", theme.UI_POINT_SIZE + 4
        elif decision == "error":
            colour, fg, size = "#fff4e5", "#8a4b00", theme.UI_POINT_SIZE + 6
        else:
            colour, fg, size = theme.verdict_colour(decision.value).name(), "#ffffff", 30
        self.verdict.setStyleSheet(f"background: {colour}; color: {fg}; font-size: {size}pt; font-weight: bold;"
                                   " border-radius: 8px; padding: 6px 12px;")

    def _playing_changed(self, playing: bool) -> None:
        self.play_button.setText("❚❚ Pause" if playing else "▶ Play")
        self._update_controls()

    def _update_controls(self) -> None:
        have = bool(self.steps)
        self.back_button.setEnabled(have and self.player.index >= 0)
        self.next_button.setEnabled(have and not self.player.at_end)
        self.play_button.setEnabled(have)
        if have:
            self.step_label.setText(f"Step {self.player.index + 1} of {len(self.steps)}"
                                    "   ·   Space: next step, ←: back, P: play/pause")
        else:
            self.step_label.setText("")
