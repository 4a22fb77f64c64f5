"""Replays a trace step by step: play, pause, step forward and back, speed."""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

BASE_INTERVAL_MS = 1100
SPEEDS = (0.5, 1.0, 2.0, 4.0)


class Player(QObject):
    """A cursor over `count` steps. Index -1 is "before the first step"; `count - 1` is the end."""

    indexChanged = Signal(int)
    playingChanged = Signal(bool)
    speedChanged = Signal(float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.count = 0
        self.index = -1
        self.speed = 1.0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    @property
    def at_end(self) -> bool:
        return self.index >= self.count - 1

    def load(self, count: int) -> None:
        self.pause()
        self.count = max(0, count)
        self.seek(-1)

    def seek(self, index: int) -> None:
        index = max(-1, min(index, self.count - 1))
        if index != self.index or index == -1:
            self.index = index
            self.indexChanged.emit(index)

    def next(self) -> None:
        """One step forward (pauses a running replay: the learner has taken over)."""
        self.pause()
        self.seek(self.index + 1)

    def previous(self) -> None:
        self.pause()
        self.seek(self.index - 1)

    def play(self) -> None:
        if self.count == 0:
            return
        if self.at_end:
            self.seek(-1)
        if not self.playing:
            self._timer.start(self.interval_ms())
            self.playingChanged.emit(True)

    def pause(self) -> None:
        if self.playing:
            self._timer.stop()
            self.playingChanged.emit(False)

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def set_speed(self, speed: float) -> None:
        speed = max(0.1, speed)
        if speed != self.speed:
            self.speed = speed
            self.speedChanged.emit(speed)
        if self.playing:
            self._timer.setInterval(self.interval_ms())

    def interval_ms(self) -> int:
        return int(BASE_INTERVAL_MS / self.speed)

    def _tick(self) -> None:
        self.seek(self.index + 1)
        if self.at_end:
            self.pause()
