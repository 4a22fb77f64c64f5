"""The pipeline pane: the drawing, fitted to the pane, and the sentence saying why (the replay controls and
the verdict sit in the window's action bar)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsView, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...core.decision import Decision
from ...core.engine.result import Outcome, Result, Stage, Step
from .. import themes
from . import gates as g
from .player import Player
from .scene import PipelineScene
from .trace_view import readable

MOVE_MS = 480
IDLE_TEXT = "Press Evaluate to send the request through"
REPLAY_TEXT = "Press Play or Next to follow the request through"    # evaluated, the replay at its start
VERDICT_TEXT = {d: d.verdict for d in Decision}
_STATE_OF = {Outcome.PASS: "pass", Outcome.ALLOW: "pass", Outcome.FAIL: "fail", Outcome.DENY: "fail",
             Outcome.SKIP: "skip"}


class _Canvas(QGraphicsView):
    """Fits the whole drawing to the pane (never a scroll bar); when that would shrink the words below the
    theme's minimum on-screen size, the scene is laid out again with larger words (and boxes to hold them),
    and, in a pane too short for that, without the subtitles (their tooltips keep them).
    `fitted()` fires after a new layout (the pane then redraws the replay's state)."""

    fitted = Signal()

    def __init__(self, scene):
        super().__init__(scene)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(120, 80)

    def view_scale(self) -> float:
        return self.transform().m11()

    def refit(self) -> None:
        scene = self.scene()
        assert isinstance(scene, PipelineScene)         # the view shows only its own scene
        view = self.viewport().rect()
        if view.width() <= 1 or view.height() <= 1:
            return
        want = themes.min_text_px() + 0.2          # a little over: pixel sizes are whole numbers
        relaid = False
        for compact in (False, True):               # a pane too short for the subtitles: titles only
            floor = 0.0
            for _ in range(8):
                relaid = scene.ensure_layout(floor, compact) or relaid
                rect = scene.content
                scale = min(view.width() / rect.width(), view.height() / rect.height())
                if scene.smallest_px() * scale >= want - 0.01:
                    break
                floor = max(floor, (want + 0.5) / scale)
            if scene.smallest_px() * scale >= want - 0.01:
                break
        self.setSceneRect(scene.content)
        self.resetTransform()
        self.scale(scale, scale)
        self.centerOn(scene.content.center())
        if relaid:
            self.fitted.emit()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.refit()


class PipelineView(QWidget):
    """Replays a Result's trace on the course's diagrams. `stepShown(index)` fires for every step shown;
    `verdictChanged(text, decision)` when the verdict words change (decision: a Decision, "error" or None)."""

    stepShown = Signal(int)
    verdictChanged = Signal(str, object)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.setObjectName("pipelineView")
        self.setAccessibleName("Request pipeline")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._doc = document
        self.result: Result | None = None
        self.steps: list[Step] = []
        self._captions: list[str] | None = None   # per step, the Explanation's words at its depth (else the engine's)
        self._verdict = (IDLE_TEXT, None)
        self.player = Player(self)
        self.player.indexChanged.connect(self._show_index)
        self.player.playingChanged.connect(self._replay_started)

        self.scene = PipelineScene(self)
        self.canvas = _Canvas(self.scene)
        self.canvas.fitted.connect(lambda: self._show_index(self.player.index, animate=False))
        self.reason = QLabel("", objectName="verdictReason", alignment=Qt.AlignmentFlag.AlignCenter)
        self.reason.setAccessibleName("Why: the step shown, or the reason for the verdict")
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)     # names the user typed: never rich text
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.reason)
        lay.addWidget(self.canvas, 1)
        themes.appearance().changed.connect(self._restyle)
        self._restyle()

    def _restyle(self) -> None:
        # a projector's font is large already: the sentence at its size leaves the diagram the height
        self.reason.setFont(themes.scaled_font(factor=1.0 if themes.appearance().presentation else 1.1))
        self.scene.restyle()
        self.canvas.refit()

    # ---- public API -------------------------------------------------------------------------
    def show_result(self, result: Result) -> None:
        """Lay out the gates the result has and rewind to the start (call `player.play()` to animate)."""
        self.result = result
        self.steps = list(result.trace)
        self.scene.stages = list(result.stages)
        self.player.load(len(self.steps))
        self.canvas.refit()

    def set_captions(self, captions: list[str] | None) -> None:
        """The sentence to show under each step (the Explanation's Beginner sentences); None: the engine's words."""
        self._captions = captions
        index = self.player.index
        if self.result is not None and 0 <= index < len(self.steps):
            self.reason.setText(self._caption(index))

    def _caption(self, index: int) -> str:
        """What the sentence line says at step `index`; the verdict's step gives the reason for the verdict."""
        captions = self._captions
        if captions is not None and len(captions) == len(self.steps) and captions[index]:
            return captions[index]
        if self.result is not None and index == len(self.steps) - 1:
            return readable(self.result.reason)
        return readable(self.steps[index].message)

    def show_error(self, message: str) -> None:
        """The request could not be evaluated: say why, in the verdict's place."""
        self.result = None
        self.steps = []
        self.player.load(0)
        self._set_verdict("Cannot evaluate this request", "error")
        self.reason.setText(message)

    def clear(self) -> None:
        """Nothing evaluated: the idle drawing and text."""
        self.result = None
        self.steps = []
        self.scene.stages = []
        self.player.load(0)
        self._set_verdict(IDLE_TEXT, None)
        self.reason.setText("")
        self.canvas.refit()

    @property
    def verdict_text(self) -> str:
        return self._verdict[0]

    @property
    def verdict_decision(self):
        return self._verdict[1]

    def _set_verdict(self, text: str, decision) -> None:
        if (text, decision) != self._verdict:
            self._verdict = (text, decision)
            self.verdictChanged.emit(text, decision)

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
    def _replay_started(self, playing: bool) -> None:
        """Before the first step, the banner follows Play and Pause: on its way ("Evaluating…"), or asking
        for Play or Next."""
        if self.result is not None and self.player.index < 0:
            self._set_verdict("Evaluating…" if playing else REPLAY_TEXT, None)

    def _show_index(self, index: int, animate: bool = True) -> None:
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
            elif (box := self.scene.boxes.get(gate)) is not None and box.state == "idle":
                if k == index:
                    self.scene.light(gate, "current")
                elif gate != g.OUTCOME:
                    self.scene.light(gate, "pass")          # a step that only tells (policies gathered), passed
        if index >= 0:
            self.scene.light(g.REQUEST, "pass")
            current = self.steps[index]
            gate = g.gate_for_stage(current.stage)
            if gate not in (g.AUTHN, g.OUTCOME, g.REQUEST):
                self.scene.light(g.AUTHZ, "current")
        if done and self.result is not None:
            self._finish(animate)
        else:
            target = self.scene.gate_point(g.gate_for_stage(self.steps[index].stage)) if index >= 0 \
                else self.scene.gate_point(g.REQUEST)
            self.scene.move_token(target, int(MOVE_MS / self.player.speed) if animate else 0)
            self._set_verdict(IDLE_TEXT if self.result is None else REPLAY_TEXT if index < 0 else "Evaluating…", None)
            self.reason.setText("" if index < 0 else self._caption(index))
        if animate:
            self.stepShown.emit(index)

    def _finish(self, animate: bool = True) -> None:
        result = self.result
        if result is None:
            return
        authenticated = result.decision is not Decision.NOT_AUTHENTICATED
        if authenticated:
            self.scene.light(g.AUTHN, "pass")
            self.scene.light(g.AUTHZ, "pass" if result.allowed else "fail")
            verdict = self.steps[-1] if self.steps and self.steps[-1].stage is Stage.VERDICT else None
            combined = verdict.details.get("policies_allow") if verdict is not None else None
            if combined is not None:       # the engine's answer for the identity and resource sides together
                self.scene.light(g.ALLOW_GATE, "pass" if combined else "fail")
        else:
            self.scene.light(g.AUTHN, "fail")
        self.scene.show_verdict(result.decision, int(MOVE_MS / self.player.speed) if animate else 0)
        self._set_verdict(VERDICT_TEXT[result.decision], result.decision)
        self.reason.setText(self._caption(len(self.steps) - 1) if self.steps else readable(result.reason))
