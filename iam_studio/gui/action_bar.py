"""The action bar: Evaluate, the replay controls (back, play/pause, next, speed) and the verdict, always in
view above every panel, so the main action never scrolls away."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QWidget,
)

from . import themes
from .editor import theme
from .pipeline.player import SPEEDS


def _button(cls, name: str, text: str, tip: str, accessible: str):
    b = cls(objectName=name, accessibleName=accessible)
    b.setText(text)
    b.setToolTip(tip)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)      # Space belongs to the pipeline, not to a button
    return b


class VerdictLabel(QLabel):
    """The verdict: as large as it fits (`factor` times the UI font at most, `SMALLEST` times it at least)
    whenever its text or its width changes; what still does not fit on its one line ends in an ellipsis
    (the whole text stays its text and tooltip). Qt clipped it on both sides when the step number took its
    room; in presentation mode at 1280x720 "Press Play or Next …" was cut to "thro…"."""

    SMALLEST = 0.8

    def __init__(self, text: str):
        super().__init__(text)
        self.setObjectName("verdictLabel")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.factor = 1.0

    def fit(self) -> None:
        factor, width = self.factor, self.contentsRect().width()
        font = themes.scaled_font(factor=factor, bold=True)
        while factor > self.SMALLEST and QFontMetrics(font).horizontalAdvance(self.text()) > width:
            factor = max(self.SMALLEST, factor - 0.1)
            font = themes.scaled_font(factor=factor, bold=True)
        self.setFont(font)
        self.update()

    def shown_text(self) -> str:
        """The text as drawn: whole, or cut at its end with an ellipsis to fit the label's width."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit()

    def paintEvent(self, event) -> None:  # noqa: N802
        QFrame.paintEvent(self, event)                 # the style sheet's background and border
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()), self.palette(),
                                  self.isEnabled(), self.shown_text(), self.foregroundRole())


class ActionBar(QToolBar):
    """Drives `builder` (Evaluate) and `pipeline` (its player); shows the pipeline's verdict and the
    builder's message (what is missing to evaluate). `needsRequest` when Evaluate finds the request incomplete."""

    needsRequest = Signal()

    def __init__(self, builder, pipeline, parent=None):
        super().__init__("Evaluate and replay", parent)
        self.setObjectName("actionBar")
        self.setAccessibleName("Evaluate and replay")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        self.pipeline = pipeline
        player = pipeline.player
        self.evaluate_button = _button(QPushButton, "evaluateButton", "Evaluate ▶",
                                       "Send the request through the pipeline (Ctrl+Return)", "Evaluate the request")
        self.builder = builder
        self.evaluate_button.clicked.connect(self.evaluate)
        self.back_button = _button(QToolButton, "stepBackButton", "◀ Back",
                                   "Previous step (Left arrow or Backspace)", "Previous step")
        self.play_button = _button(QToolButton, "playButton", "▶ Play", "Play or pause (P)", "Play or pause")
        self.next_button = _button(QToolButton, "stepNextButton", "Next ▶", "Next step (Space or Right arrow)",
                                   "Next step")
        self.back_button.clicked.connect(player.previous)
        self.play_button.clicked.connect(player.toggle)
        self.next_button.clicked.connect(player.next)
        self.speed = QComboBox(objectName="speedCombo", accessibleName="Replay speed")
        self.speed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.speed.setToolTip("Replay speed")
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(player.speed))
        self.speed.currentIndexChanged.connect(lambda i: player.set_speed(self.speed.itemData(i)))
        player.speedChanged.connect(self._speed_changed)
        self.step_label = QLabel("", objectName="stepLabel")
        self.step_label.setAccessibleName("Step number")
        self.step_label.setToolTip("Space: next step, ←: back, P: play/pause, Home/End: first/last")
        self.verdict = VerdictLabel(pipeline.verdict_text)
        self.verdict.setAccessibleName("Verdict")
        self.verdict.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.verdict.setMinimumWidth(120)

        content = QWidget(objectName="actionBarContent")
        lay = QHBoxLayout(content)
        lay.setContentsMargins(6, 4, 6, 4)
        for w in (self.evaluate_button, self.back_button, self.play_button, self.next_button, self.speed,
                  self.step_label):
            lay.addWidget(w)
        lay.addWidget(self.verdict, 1)
        self.addWidget(content)
        player.indexChanged.connect(self._update_controls)
        player.playingChanged.connect(self._playing_changed)
        pipeline.verdictChanged.connect(self._show_verdict)
        themes.appearance().changed.connect(self._restyle)
        self._restyle()
        self._update_controls()

    def evaluate(self) -> None:
        """Evaluate the builder's request; when it is incomplete, say what is missing in the verdict's place."""
        self.builder.evaluate()
        missing = self.builder.message.text()
        if missing:
            self._show_verdict(missing, "missing")
            self.needsRequest.emit()

    def buttons(self) -> list:
        return [self.evaluate_button, self.back_button, self.play_button, self.next_button, self.speed]

    def _restyle(self) -> None:
        for b in self.buttons():
            b.setFont(themes.scaled_font(factor=1.1, bold=b is self.evaluate_button))
            b.setMinimumHeight(int(themes.ui_pixel_size() * 2.2))
        self.step_label.setFont(themes.scaled_font())
        # the widest speed and the drop-down arrow: a style sheet's border (high contrast) leaves the combo's
        # own size hint too narrow for the text beside the arrow
        metrics = QFontMetrics(self.speed.font())
        text = max(metrics.horizontalAdvance(self.speed.itemText(i)) for i in range(self.speed.count()))
        self.speed.setMinimumWidth(text + 3 * metrics.height())
        self._show_verdict(self.pipeline.verdict_text, self.pipeline.verdict_decision)

    def _show_verdict(self, text: str, decision) -> None:
        self.verdict.setText(text)
        self.verdict.setToolTip(text)
        t = themes.colours()
        if decision is None:
            colour, fg, factor = t["idle"], t["idle_text"], 1.1
        elif decision in ("error", "missing"):
            colour, fg, factor = "#fff4e5", "#8a4b00", 1.0
        else:
            colour, fg, factor = theme.verdict_colour(decision.value).name(), "#ffffff", 1.6
        self.verdict.factor = factor
        self.verdict.fit()
        border = "2px solid #ffffff" if themes.appearance().name == "high-contrast" else "none"
        self.verdict.setStyleSheet(f"background: {colour}; color: {fg}; border-radius: 8px; padding: 2px 12px;"
                                   f" border: {border};")

    def _speed_changed(self, speed: float) -> None:
        i = self.speed.findData(speed)
        if i >= 0 and i != self.speed.currentIndex():
            self.speed.blockSignals(True)
            self.speed.setCurrentIndex(i)
            self.speed.blockSignals(False)

    def _playing_changed(self, playing: bool) -> None:
        self.play_button.setText("❚❚ Pause" if playing else "▶ Play")
        self._update_controls()

    def _update_controls(self, *_) -> None:
        player = self.pipeline.player
        have = player.count > 0
        self.back_button.setEnabled(have and player.index >= 0)
        self.next_button.setEnabled(have and not player.at_end)
        self.play_button.setEnabled(have)
        self.step_label.setText(f"Step {player.index + 1} of {player.count}" if have else "")
