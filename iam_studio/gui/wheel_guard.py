"""The mouse wheel scrolls the panel under the pointer: it never changes a combo box or spin box the
learner has not clicked into (a scrolled-past field keeps its value)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox


class WheelGuard(QObject):
    """An application-wide event filter: the wheel over an unfocused combo or spin box scrolls the
    nearest scroll area around it instead (or does nothing when there is none)."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.Wheel or not isinstance(obj, (QComboBox, QAbstractSpinBox)) \
                or obj.hasFocus():
            return False
        area = obj.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:
            viewport = area.viewport()
            pos = QPointF(obj.mapTo(viewport, event.position().toPoint()))
            QApplication.sendEvent(viewport, QWheelEvent(
                pos, event.globalPosition(), event.pixelDelta(), event.angleDelta(), event.buttons(),
                event.modifiers(), event.phase(), event.inverted()))
        return True


def install(app) -> WheelGuard:
    """Install the guard once per application."""
    guard = app.findChild(WheelGuard)
    if guard is None:
        guard = WheelGuard(app)
        app.installEventFilter(guard)
    return guard
