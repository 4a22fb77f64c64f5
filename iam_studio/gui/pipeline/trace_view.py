"""The trace panel at two depths: Beginner, the core's plain sentences (`core/engine/plain.py`); Detailed,
every step of the evaluation with each statement's element matches, and a step's details (the SigV4 canonical
request, string to sign and signatures) on demand."""
from __future__ import annotations

import math

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.engine.plain import plain_sentences
from ...core.engine.result import Outcome, Result, Step
from .. import themes
from ..editor import theme
from ..glossary import STAGE_TIPS
from ..safe_text import plain_tip

_MARK = {Outcome.PASS: ("✓", theme.ALLOW), Outcome.ALLOW: ("✓", theme.ALLOW), Outcome.FAIL: ("✗", theme.DENY),
         Outcome.DENY: ("✗", theme.DENY), Outcome.NO_MATCH: ("–", theme.NEUTRAL),
         Outcome.SKIP: ("○", theme.NEUTRAL), Outcome.INFO: ("•", theme.ACCENT)}
STEP_ROLE = Qt.ItemDataRole.UserRole
FLIP_ROLE = Qt.ItemDataRole.UserRole + 1


_NEUTRAL_DARK = QColor("#c8d0da")
_ZWSP = "\u200b"


def readable(text: str) -> str:
    """Engine words as a reader sees them: `code` marks become quotes, and long values wrap whole."""
    parts = text.split("`")
    return breakable("".join(f"“{p}”" if i % 2 else p for i, p in enumerate(parts)) if len(parts) % 2 else text)


def breakable(text: str) -> str:
    """Long values (ARNs, substituted variables) get break points after / and : so that they wrap whole
    instead of being cut."""
    return " ".join(w.replace("/", "/" + _ZWSP).replace(":", ":" + _ZWSP) if len(w) > 24 else w
                    for w in text.split(" "))


def _shade(palette, colour: QColor) -> QColor:
    """A mark's colour that reads on the theme: darker on light, lighter on dark and high contrast."""
    return colour.lighter(170) if theme.is_dark(palette) else colour.darker(115)


STAGE_TITLES = {"explicit_deny": "Explicit deny", "rcp": "RCP", "scp": "SCP", "vpc_endpoint": "VPC endpoint",
                "resource": "Resource policy", "identity": "Identity policies", "boundary": "Boundary",
                "session": "Session policy", "context": "Request context", "gather": "Gather policies",
                "aws_rule": "AWS rule"}


def stage_title(step: Step) -> str:
    return STAGE_TITLES.get(step.stage.value, step.stage.value.capitalize())


# details the pipeline reads to draw the verdict, which the verdict's own sentence tells in words
_FOR_THE_DRAWING = frozenset({"decision", "policies_allow"})


def format_details(details: dict) -> str:
    """A step's details as readable text: multi-line values (canonical request...) under a heading."""
    parts = []
    for key, value in details.items():
        if key in _FOR_THE_DRAWING:
            continue                # the verdict's own words say it (no raw values such as explicit_deny)
        title = str(key).replace("_", " ").capitalize()
        if isinstance(value, bool):
            parts.append(f"{title}: {'yes' if value else 'no'}")
        elif isinstance(value, dict):
            body = "\n".join(f"  {k}: {v}" for k, v in value.items())
            parts.append(f"{title}:\n{body}")
        elif isinstance(value, (list, tuple)):
            parts.append(f"{title}:\n" + "\n".join(f"  {v}" for v in value))
        elif "\n" in str(value):
            parts.append(f"{title}:\n{value}")
        else:
            parts.append(f"{title}: {value}")
    return "\n\n".join(parts)


class _WrappingTree(QTreeWidget):
    """A tree whose rows are as tall as their text needs at the view's width, laid out again on every
    resize (Qt's own row heights ignore the width, so wrapped rows were cut to one line)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.setItemDelegate(_WrappingDelegate(self))

    def resizeEvent(self, event) -> None:  # noqa: N802  (Qt's name)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.doItemsLayout()


class _WrappingDelegate(QStyledItemDelegate):
    def __init__(self, tree: QTreeWidget):
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        style = self._tree.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self._tree) + 1
        view = self._tree.viewport().width()
        if not self._tree.verticalScrollBar().isVisible():      # the rows' height may bring the scroll bar in
            view -= style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self._tree)
        width = max(60, view - depth * self._tree.indentation() - 2 * margin)
        return QSize(width, _wrapped_height(opt.text, opt.font, width) + 2 * margin)


def _wrapped_height(text: str, font: QFont, width: int) -> int:
    """The height of `text` laid out as the style paints a wrapped row: at word boundaries, anywhere in a word
    longer than the line."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    height = 0.0
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        height += line.height()
    layout.endLayout()
    return math.ceil(height)


class TraceView(QWidget):
    """Lists a Result's trace. `stepActivated(index)` when the learner picks a step."""

    stepActivated = Signal(int)
    captionsChanged = Signal()          # `captions()` changed: another result or depth

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.setObjectName("traceView")
        self.setAccessibleName("Evaluation trace")
        self._doc = document
        self._items: list[QTreeWidgetItem | None] = []   # per step: its row, or the row that stands for it
        self._steps: list[Step] = []
        self._captions: list[str] | None = None
        self._selecting = False
        self.tree = _WrappingTree(objectName="traceTree", accessibleName="Steps of the evaluation")
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        themes.follow(self.tree, 1.1)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)        # long values wrap, never cut
        self.tree.currentItemChanged.connect(self._current_changed)
        self.depth_combo = QComboBox(objectName="explanationDepth", accessibleName="How much the explanation says")
        self.depth_combo.addItem("Beginner: plain sentences", "beginner")
        self.depth_combo.addItem("Detailed: every element and value", "detailed")
        self.depth_combo.currentIndexChanged.connect(self._reshow)
        self._result: Result | None = None
        self._flips: list[str] = []             # "what would flip this?" for `_result`, in words
        self._shown = -1
        self.details_button = QPushButton("Show signing details", objectName="detailsButton",
                                          accessibleName="Show the details of this step")
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._toggle_details)
        self.details = QPlainTextEdit(objectName="traceDetails", readOnly=True)
        self.details.setAccessibleName("Step details")
        themes.follow(self.details, mono=True)
        self.details.setVisible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.depth_combo)
        lay.addWidget(self.tree, 3)
        lay.addWidget(self.details_button)
        lay.addWidget(self.details, 2)
        self.show_result(None)
        themes.appearance().changed.connect(self._reshow)      # the marks' colours follow the theme

    def _reshow(self) -> None:
        """The same result again (another depth or theme), on the same step."""
        self.show_result(self._result)
        self.select_step(self._shown)

    def show_result(self, result: Result | None) -> None:
        """Show the result at the chosen depth: Beginner, the core's plain sentences (each row stands for the
        trace steps it tells about, so the replay moves along them); Detailed, every step, every statement and
        each element's match and values."""
        if result is not self._result:
            self._flips = []                    # the answer belongs to the result it was asked for
        self._result = result
        self.tree.clear()
        self._items = []
        self._captions = None
        self._steps = list(result.trace) if result is not None else []
        pal = self.palette()
        if result is None:
            placeholder = QTreeWidgetItem(["Evaluate a request to see each step AWS takes, in plain words."])
            placeholder.setForeground(0, QBrush(theme.on(pal, theme.NEUTRAL, _NEUTRAL_DARK)))
            self.tree.addTopLevelItem(placeholder)
        elif self.detailed:
            self._show_steps()
        else:
            self._show_sentences(result)
        self.tree.expandAll()
        self._update_details(None)
        self.show_flips(self._flips)
        self.captionsChanged.emit()

    def captions(self) -> list[str] | None:
        """At Beginner depth, for each trace step the sentence that tells about it (the pipeline shows it above
        the drawing; "" where the engine's own words stay); None at Detailed depth (the engine's words)."""
        return self._captions

    def _show_steps(self) -> None:
        """Detailed depth: every step under its gate, each statement with its elements' matches and values."""
        pal = self.palette()
        by_id: dict[int, QTreeWidgetItem] = {}
        for index, step in enumerate(self._steps):
            parent = by_id.get(step.parent) if step.parent is not None else None
            mark, colour = _MARK.get(step.outcome, ("•", theme.NEUTRAL))
            title = stage_title(step)
            said = step.message.lower().startswith(title.split()[0].lower())
            text = f"{mark}  {step.message}" if said or step.parent is not None else f"{mark}  {title}: {step.message}"
            item = QTreeWidgetItem([readable(text)])
            item.setData(0, STEP_ROLE, index)
            item.setForeground(0, QBrush(_shade(pal, colour)))
            tip = f"{step.message}\n\n{STAGE_TIPS.get(step.stage.value, '')}"
            if step.statement is not None:
                ref = step.statement
                tip = f"{ref.policy}, statement {ref.sid or ref.index + 1}\n{tip}"
            item.setToolTip(0, plain_tip(tip))
            for em in step.elements:
                child = QTreeWidgetItem([readable(f"{'✓' if em.matched else '✗'}  {em.element}: {em.reason}")])
                child.setForeground(0, QBrush(_shade(pal, theme.ALLOW if em.matched else QColor("#8a4b00"))))
                child.setData(0, STEP_ROLE, index)
                item.addChild(child)
            (parent.addChild(item) if parent is not None else self.tree.addTopLevelItem(item))
            by_id[step.id] = item
            self._items.append(item)

    def _show_sentences(self, result: Result) -> None:
        """Beginner depth: one row per plain sentence; each trace step maps to the row that tells about it
        (a step no sentence names maps to the row before it; its caption is the engine's words for it, not the
        sentence before, which tells about another step)."""
        pal = self.palette()
        rows: dict[int, QTreeWidgetItem] = {}
        said: dict[int, str] = {}
        sentences = plain_sentences(result, self._doc.scenario)
        for sentence in sentences:
            mark, colour = _MARK.get(sentence.outcome, ("•", theme.NEUTRAL))
            item = QTreeWidgetItem([breakable(f"{mark}  {sentence.text}")])    # plain text, as typed
            item.setForeground(0, QBrush(_shade(pal, colour)))
            item.setToolTip(0, plain_tip(sentence.text))
            if sentence.steps:
                item.setData(0, STEP_ROLE, sentence.steps[0])
            for step in sentence.steps:
                rows.setdefault(step, item)
                said.setdefault(step, breakable(sentence.text))
            self.tree.addTopLevelItem(item)
        row = None
        self._captions = []
        for index in range(len(self._steps)):
            row = rows.get(index, row)
            self._items.append(row)
            self._captions.append(said.get(index, ""))      # "": the engine's words for the step
        for step in sentences[-1].steps if sentences and self._captions else ():
            self._captions[step] = ""   # the verdict: the engine's one-line reason (a longer line would shrink the
                                        # pipeline's words below the presentation minimum); the bar says the verdict

    @property
    def detailed(self) -> bool:
        return self.depth_combo.currentData() == "detailed"

    def show_flips(self, lines: list[str]) -> None:
        """"What would flip this?" under the steps: the core's verified changes, in words (the lesson
        panel's list applies them)."""
        self._flips = list(lines)
        for i in reversed(range(self.tree.topLevelItemCount())):
            if self.tree.topLevelItem(i).data(0, FLIP_ROLE):
                self.tree.takeTopLevelItem(i)
        if not lines or not self._steps:
            return
        head = QTreeWidgetItem(["What would flip this? (apply one from the Lesson panel)"])
        head.setData(0, FLIP_ROLE, True)
        head.setForeground(0, QBrush(_shade(self.palette(), theme.ACCENT)))
        for line in lines:
            child = QTreeWidgetItem([f"↺  {line}"])
            child.setToolTip(0, plain_tip(line))
            head.addChild(child)
        self.tree.addTopLevelItem(head)
        head.setExpanded(True)

    def select_step(self, index: int) -> None:
        """Follow the pipeline: make `index` current (no signal back), or clear for -1."""
        self._shown = index
        self._selecting = True
        if 0 <= index < len(self._items) and self._items[index] is not None:
            item = self._items[index]
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)
            bold = QFont(self.tree.font())
            bold.setBold(True)
            for it in filter(None, self._items):
                it.setFont(0, bold if it is item else self.tree.font())
        else:
            self.tree.setCurrentItem(None)
            for it in filter(None, self._items):
                it.setFont(0, self.tree.font())
        self._selecting = False
        self._update_details(index if 0 <= index < len(self._steps) else None)

    def current_text(self) -> str:
        item = self.tree.currentItem()
        return item.text(0) if item is not None else ""

    def _current_changed(self, item, _previous) -> None:
        index = item.data(0, STEP_ROLE) if item is not None else None
        self._update_details(index)
        if index is not None and not self._selecting:
            self.stepActivated.emit(index)

    def _update_details(self, index: int | None) -> None:
        step = self._steps[index] if index is not None and 0 <= index < len(self._steps) else None
        shown = format_details(step.details) if step is not None else ""
        has = bool(shown)                           # a verdict's details hold only its raw decision: no button
        self.details_button.setVisible(has)
        if step is not None and has:
            signing = any("sign" in str(k).lower() or "canonical" in str(k).lower() for k in step.details)
            word = "signing details" if signing else "details"
            self.details_button.setText(("Hide " if self.details_button.isChecked() else "Show ") + word)
            self.details.setPlainText(shown)
        self.details.setVisible(has and self.details_button.isChecked())

    def _toggle_details(self, _checked: bool) -> None:
        item = self.tree.currentItem()
        self._update_details(item.data(0, STEP_ROLE) if item is not None else None)
