"""A plain-text JSON editor: line numbers with problem markers, bracket matching, auto-indent,
squiggly underlines for diagnostics, a highlighted statement, hover tips and completion."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRect, QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QPainter, QTextCharFormat, QTextCursor, QTextFormat, QTextOption
from PySide6.QtWidgets import QCompleter, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from ...core.diagnostics import Diagnostic, Severity, Span
from .. import themes
from ..safe_text import plain_tip
from . import completion, theme
from .highlighter import JsonHighlighter
from .json_context import outside_strings

_PAIRS = {"{": "}", "[": "]"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
INDENT = "  "


class _Gutter(QWidget):
    def __init__(self, editor: CodeEdit):
        super().__init__(editor)
        self._editor = editor

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._editor.gutter_width(), 0)

    def paintEvent(self, event) -> None:  # noqa: N802
        self._editor.paint_gutter(self, event)


HINT_LINES = 4


class CodeEdit(QPlainTextEdit):
    """The text area of the policy editor. Owners feed it diagnostics and providers; it never parses."""

    undoRequested = Signal()
    redoRequested = Signal()
    focusLost = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._zoom_steps = 0                  # the editor's own zoom (Ctrl+wheel), on top of the UI zoom
        # Long lines (ARNs, conditions) wrap at the pane's width rather than run off its edge: on a projector
        # or in a narrow pane the whole statement stays readable; line numbers stay those of the file.
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self._highlighter = JsonHighlighter(self.document())
        self._highlighter.set_dark(theme.is_dark(self.palette()))
        self._gutter = _Gutter(self)
        self._diagnostics: list[Diagnostic] = []
        self._statement_span: Span | None = None
        self.hover_provider: Callable[[int], str | None] | None = None
        self.completion_provider: Callable[[str, int], list[str]] | None = None
        self._completer = QCompleter(self)
        self._completer.setModel(QStringListModel(self._completer))
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._insert_completion)
        self._completer.popup().setObjectName("policyCompletionPopup")
        completion.behave(self._completer)               # the first match preselected: Enter accepts it
        themes.appearance().changed.connect(self._apply_font)
        self._apply_font()
        self.blockCountChanged.connect(self._update_gutter_width)
        self.updateRequest.connect(self._update_gutter)
        self.cursorPositionChanged.connect(self._refresh_selections)
        self._update_gutter_width()

    def sizeHint(self) -> QSize:  # noqa: N802  (Qt's name)
        """A few lines: the panel gives the text what its problems list (as tall as its rows) leaves."""
        lines = HINT_LINES * self.fontMetrics().lineSpacing() + 2 * self.frameWidth() + 8
        return QSize(super().sizeHint().width(), lines + self.horizontalScrollBar().sizeHint().height())

    # ---- public API -------------------------------------------------------------------------
    @property
    def completer(self) -> QCompleter:
        return self._completer

    def set_diagnostics(self, diagnostics: list[Diagnostic]) -> None:
        self._diagnostics = list(diagnostics)
        self._refresh_selections()
        self._gutter.update()

    def set_statement_highlight(self, span: Span | None) -> None:
        """Shade a statement (from the trace); scroll it into view."""
        self._statement_span = span
        self._refresh_selections()
        if span is not None:
            cursor = self._cursor_for(span.line, span.column)
            self.setTextCursor(cursor)
            self.centerCursor()

    def zoom(self, steps: int) -> None:
        self._zoom_steps = max(-6, min(26, self._zoom_steps + steps))
        self._apply_font()

    def _apply_font(self) -> None:
        """The editor's size follows the UI zoom (and its own Ctrl+wheel steps)."""
        size = max(8.0, min(60.0, theme.EDITOR_POINT_SIZE * themes.zoom() + self._zoom_steps))
        font = theme.mono_font()
        font.setPointSizeF(size)
        self.setFont(font)
        popup = QFont(font)
        popup.setPointSizeF(size - 1)
        self._completer.popup().setFont(popup)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * len(INDENT))
        self._update_gutter_width()

    def goto(self, line: int, column: int) -> None:
        self.setTextCursor(self._cursor_for(line, column))
        self.setFocus()

    # ---- gutter -----------------------------------------------------------------------------
    def gutter_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 22 + self.fontMetrics().horizontalAdvance("9") * max(2, digits) + 8

    def _update_gutter_width(self, *_):
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _update_gutter(self, rect, dy):
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        cr = self.contentsRect()
        self._gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))

    def _line_severity(self) -> dict[int, Severity]:
        marks: dict[int, Severity] = {}
        for d in self._diagnostics:
            if d.span is None:
                continue
            if marks.get(d.span.line) is not Severity.ERROR:
                marks[d.span.line] = d.severity
        return marks

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Follow the application's theme: syntax colours and highlights for a light or dark palette."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._highlighter.set_dark(theme.is_dark(self.palette()))
            self._refresh_selections()

    def paint_gutter(self, gutter: QWidget, event) -> None:
        painter = QPainter(gutter)
        painter.fillRect(event.rect(), theme.on(self.palette(), theme.GUTTER, theme.GUTTER_DARK))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        marks = self._line_severity()
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                line = number + 1
                painter.setPen(theme.NEUTRAL)
                painter.drawText(0, top, gutter.width() - 6, height,
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(line))
                severity = marks.get(line)
                if severity is not None:
                    colour = theme.ERROR if severity is Severity.ERROR else theme.WARNING
                    painter.setBrush(colour)
                    painter.setPen(Qt.PenStyle.NoPen)
                    d = min(12, height - 4)
                    painter.drawEllipse(4, top + (height - d) // 2, d, d)
            block = block.next()
            top = bottom
            number += 1
        painter.end()

    # ---- selections (current line, brackets, diagnostics, statement) -------------------------
    def _cursor_for(self, line: int, column: int) -> QTextCursor:
        block = self.document().findBlockByNumber(max(0, line - 1))
        if not block.isValid():
            block = self.document().lastBlock()
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + max(0, min(column - 1, block.length() - 1)))
        return cursor

    def _span_selection(self, span: Span, fmt) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        start = self._cursor_for(span.line, span.column)
        end = self._cursor_for(span.end_line, span.end_column)
        if end.position() <= start.position():
            end.setPosition(min(start.position() + 1, self.document().characterCount() - 1))
        cursor = QTextCursor(self.document())
        cursor.setPosition(start.position())
        cursor.setPosition(end.position(), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        sel.format = fmt
        return sel

    def _refresh_selections(self) -> None:
        selections = []
        if self._statement_span is not None:
            fmt = QTextCharFormat()
            fmt.setBackground(theme.on(self.palette(), theme.HIGHLIGHT_BG, theme.HIGHLIGHT_BG_DARK))
            selections.append(self._span_selection(self._statement_span, fmt))
        line = QTextEdit.ExtraSelection()
        line.format.setBackground(theme.on(self.palette(), theme.CURRENT_LINE, theme.CURRENT_LINE_DARK))
        line.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        line.cursor = self.textCursor()
        line.cursor.clearSelection()
        if self._statement_span is None:
            selections.append(line)
        for d in self._diagnostics:
            if d.span is None:
                continue
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(theme.ERROR if d.is_error else theme.WARNING)
            fmt.setToolTip(plain_tip(d.message + (f"\n{d.help}" if d.help else "")))
            selections.append(self._span_selection(d.span, fmt))
        selections.extend(self._bracket_selections())
        self.setExtraSelections(selections)

    def _bracket_selections(self) -> list:
        text = self.toPlainText()
        pos = self.textCursor().position()
        for at in (pos, pos - 1):
            if 0 <= at < len(text) and text[at] in "{}[]":
                match = matching_bracket(text, at)
                out = []
                for p in (at, match):
                    if p is None:
                        continue
                    sel = QTextEdit.ExtraSelection()
                    sel.format.setBackground(QColor("#cfe3ff") if match is not None else QColor("#ffd6d6"))
                    c = QTextCursor(self.document())
                    c.setPosition(p)
                    c.setPosition(p + 1, QTextCursor.MoveMode.KeepAnchor)
                    sel.cursor = c
                    out.append(sel)
                return out
        return []

    # ---- typing: auto-indent, closing brackets, completion ----------------------------------
    def keyPressEvent(self, event) -> None:  # noqa: N802
        popup = self._completer.popup()
        if popup.isVisible() and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab,
                                                 Qt.Key.Key_Escape, Qt.Key.Key_Backtab):
            event.ignore()
            return
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undoRequested.emit()
            return
        if event.matches(QKeySequence.StandardKey.Redo):
            self.redoRequested.emit()
            return
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
                self.zoom(+1)
                return
            if event.key() == Qt.Key.Key_Minus:
                self.zoom(-1)
                return
            if event.key() == Qt.Key.Key_Space:
                self.show_completions(force=True)
                return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._newline_with_indent()
            return
        if event.key() == Qt.Key.Key_Tab:
            self.insertPlainText(INDENT)
            return
        if event.text() in _CLOSERS:
            self._dedent_before_closer()
        super().keyPressEvent(event)
        if event.text() and (event.text().isalnum() or event.text() in ':*-"'):
            self.show_completions()
        elif popup.isVisible() and not event.text():
            return
        elif popup.isVisible():
            popup.hide()

    def _newline_with_indent(self) -> None:
        cursor = self.textCursor()
        line = cursor.block().text()
        col = cursor.positionInBlock()
        indent = line[: len(line) - len(line.lstrip())]
        before = line[:col].rstrip()
        after = line[col:].lstrip()
        cursor.beginEditBlock()
        if before.endswith(tuple(_PAIRS)):
            inner = indent + INDENT
            if after[:1] in _CLOSERS:
                cursor.insertText("\n" + inner)
                keep = cursor.position()
                cursor.insertText("\n" + indent)
                cursor.setPosition(keep)
            else:
                cursor.insertText("\n" + inner)
        else:
            cursor.insertText("\n" + indent)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def _dedent_before_closer(self) -> None:
        cursor = self.textCursor()
        line = cursor.block().text()
        if line[: cursor.positionInBlock()].strip() == "" and line.startswith(INDENT):
            cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
            cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, len(INDENT))
            cursor.removeSelectedText()

    def current_word(self) -> tuple[str, int]:
        """The text of the JSON string the cursor is in, up to the cursor, and its start offset."""
        cursor = self.textCursor()
        line = cursor.block().text()
        col = cursor.positionInBlock()
        start = line.rfind('"', 0, col)
        if start < 0 or line.count('"', 0, col) % 2 == 0:
            return "", -1
        return line[start + 1: col], cursor.block().position() + start + 1

    def show_completions(self, force: bool = False) -> None:
        if self.completion_provider is None:
            return
        prefix, start = self.current_word()
        if start < 0 or (not prefix and not force):
            self._completer.popup().hide()
            return
        items = self.completion_provider(self.toPlainText(), self.textCursor().position())
        if not items:
            self._completer.popup().hide()
            return
        self._completer.model().setStringList(items)
        self._completer.setCompletionPrefix(prefix)
        if self._completer.completionCount() == 0:
            self._completer.popup().hide()
            return
        rect = self.cursorRect()
        rect.setWidth(min(720, self._completer.popup().sizeHintForColumn(0) + 40))
        self._completer.complete(rect)

    def _insert_completion(self, text: str) -> None:
        value = text.split("  ")[0]          # entries are "value  — detail"
        prefix, start = self.current_word()
        if start < 0:
            return
        cursor = self.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(start + len(prefix), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(value)
        self.setTextCursor(cursor)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        if not self._completer.popup().isVisible():
            self.focusLost.emit()

    # ---- hover ------------------------------------------------------------------------------
    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip and self.hover_provider is not None:
            cursor = self.cursorForPosition(self.viewport().mapFromGlobal(event.globalPos()))
            offset = cursor.position()
            tip = self.hover_provider(offset)
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


def matching_bracket(text: str, at: int) -> int | None:
    """Offset of the bracket matching the one at `at` (brackets inside strings are ignored); None if unmatched."""
    stack: list[int] = []
    for i, c in outside_strings(text):
        if c in _PAIRS:
            stack.append(i)
        elif c in _CLOSERS:
            opener = stack.pop() if stack and text[stack[-1]] == _CLOSERS[c] else None
            if i == at:
                return opener
            if opener == at:
                return i
    return None
