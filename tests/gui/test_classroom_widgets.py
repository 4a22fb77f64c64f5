"""Widgets that behave in front of a class: the wheel scrolls the form instead of changing the field under
the pointer, completion preselects the first match (Enter takes it) and opens where it hides nothing."""
import pytest
from editor_pipeline_fixture import make_document
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea

from iam_studio.gui import wheel_guard
from iam_studio.gui.editor import RequestBuilder


def _wheel(widget, delta: int = -120) -> None:
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, delta),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(widget, event)


def _builder_in_scroll_area(qtbot):
    doc = make_document()
    builder = RequestBuilder(doc)
    area = QScrollArea()
    area.setWidget(builder)
    area.setWidgetResizable(True)
    qtbot.addWidget(area)
    area.resize(500, 260)                     # smaller than the form: it scrolls
    area.show()
    with qtbot.waitActive(area):               # focus (and so a line edit's completion) needs an active window
        area.activateWindow()
    wheel_guard.install(QApplication.instance())
    return area, builder


def test_the_wheel_never_changes_an_unfocused_combo(qtbot):
    area, builder = _builder_in_scroll_area(qtbot)
    combo = builder.expect
    area.verticalScrollBar().setValue(0)
    builder.name.setFocus()
    before, scrolled = combo.currentIndex(), area.verticalScrollBar().value()
    _wheel(combo)
    assert combo.currentIndex() == before                       # the value is kept ...
    assert area.verticalScrollBar().value() != scrolled          # ... and the form scrolled instead
    combo.setFocus()
    _wheel(combo)
    assert combo.currentIndex() != before                       # a combo the learner clicked into does turn


@pytest.mark.qt_log_ignore("This plugin does not support")   # the completion popup, offscreen
def test_action_completion_preselects_the_first_match_and_opens_above_the_field(qtbot):
    area, builder = _builder_in_scroll_area(qtbot)
    area.resize(600, 700)
    builder.action.clear()
    builder.action.setFocus()
    qtbot.keyClicks(builder.action, "s3:GetObjectAt")
    popup = builder.action.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    qtbot.waitUntil(lambda: popup.currentIndex().isValid(), timeout=2000)
    assert popup.currentIndex().row() == 0
    first = popup.currentIndex().data()
    assert first.lower().startswith("s3:getobjectat")
    top_of_field = builder.action.mapToGlobal(QPoint(0, 0)).y()
    assert popup.geometry().bottom() <= top_of_field                 # the Resource field below stays in view
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert builder.action.text() == first
