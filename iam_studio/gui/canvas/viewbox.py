"""The canvas's pyqtgraph ViewBox: pan with the left button, Shift-drag to select a region, wheel to zoom."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem


class CanvasViewBox(pg.ViewBox):
    def __init__(self, canvas):
        super().__init__(invertY=True, lockAspect=True, enableMenu=False)
        self.canvas = canvas
        self._band: QGraphicsRectItem | None = None

    def mouseClickEvent(self, ev) -> None:
        if ev.button() == Qt.MouseButton.RightButton:
            ev.accept()
            self.canvas.background_menu(self.mapSceneToView(ev.scenePos()), ev.screenPos().toPoint())
        elif ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self.canvas.click_background()

    def mouseDragEvent(self, ev, axis=None) -> None:
        if ev.button() == Qt.MouseButton.LeftButton and (
                ev.modifiers() & Qt.KeyboardModifier.ShiftModifier or self._band is not None):
            ev.accept()
            a = self.mapSceneToView(ev.buttonDownScenePos())
            b = self.mapSceneToView(ev.scenePos())
            rect = QRectF(a, b).normalized()
            if self._band is None:
                self._band = QGraphicsRectItem()
                self._band.setPen(QPen(QColor(self.canvas.theme["highlight"]), 0))
                colour = QColor(self.canvas.theme["highlight"])
                colour.setAlpha(40)
                self._band.setBrush(QBrush(colour))
                self._band.setZValue(100)
                self.addItem(self._band, ignoreBounds=True)
            self._band.setRect(rect)
            if ev.isFinish():
                self.removeItem(self._band)
                self._band = None
                self.canvas.select_in_rect(rect)
            return
        super().mouseDragEvent(ev, axis)
