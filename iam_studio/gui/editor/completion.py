"""Completion popups that behave: the first match is preselected (Enter accepts it), and a form field's
popup can open above the field so that it never hides the field the learner fills in next."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer
from PySide6.QtWidgets import QCompleter, QWidget


class _Behaviour(QObject):
    def __init__(self, completer: QCompleter, above: QWidget | None):
        super().__init__(completer)
        self.completer, self.above = completer, above
        self._placing = False
        popup = completer.popup()               # Qt makes a default popup, but the stubs allow None
        if popup is not None:
            popup.installEventFilter(self)
        model = completer.completionModel()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._later)

    def _later(self, *_) -> None:
        QTimer.singleShot(0, self, self.select_first)      # dropped if the completer is gone

    def select_first(self) -> None:
        popup = self.completer.popup()
        if popup is None:
            return
        model = popup.model()
        if popup.isVisible() and model is not None and model.rowCount() > 0 and not popup.currentIndex().isValid():
            # quietly: the completer puts a highlighted entry into the field, and the learner is still
            # typing (`s3` would become `s3:` and the next key `s3:3`)
            selection = popup.selectionModel()
            selection.blockSignals(True)
            popup.setCurrentIndex(model.index(0, 0))
            selection.blockSignals(False)
            popup.viewport().update()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.Show:
            self._later()
        if self.above is not None and kind in (QEvent.Type.Show, QEvent.Type.Move, QEvent.Type.Resize) \
                and not self._placing:
            self._placing = True
            target = self.above.mapToGlobal(QPoint(0, -obj.height()))
            if obj.pos() != target:
                obj.move(target)
            self._placing = False
        return False


def behave(completer: QCompleter, open_above: QWidget | None = None) -> None:
    """Preselect the first match of `completer`; with `open_above`, open its popup above that widget."""
    _Behaviour(completer, open_above)
