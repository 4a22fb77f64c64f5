"""The policy editor pane: the policies of the selected node, a JSON editor with live diagnostics,
completion and hover from the catalogue, templates, formatting; AWS managed policies are read-only."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.diagnostics import Span
from .. import themes
from ..safe_text import plain_tip
from . import theme
from .assist import PolicyAssist
from .code_edit import CodeEdit
from .credentials import CredentialControls
from .json_format import format_json
from .node_details import describe_node
from .node_policies import PolicyEntry, policies_of
from .problems import ProblemsList
from .templates import templates_for

DEBOUNCE_MS = 250


def statement_span(text: str, index: int) -> Span | None:
    """The span of statement `index` in policy JSON text (None if the text has no such statement)."""
    from ...core.jsonsource import parse_json
    from ...core.located import LMap, LSeq
    root, _ = parse_json(text)
    statements = root.get("Statement") if isinstance(root, LMap) else None
    if isinstance(statements, LMap) and index == 0:
        return statements.span
    if isinstance(statements, LSeq) and 0 <= index < len(statements):
        return statements.items[index].span
    return None
DRAFT_TEXT = "Draft: Evaluate and Save use the last valid version until the problems below are fixed."
DRAFT_TIP = ("This text is a draft, kept with the scenario (and in its autosave). Evaluations and Save use the "
             "last valid version of the policy until the problems below are fixed.")
DETAILS_ROOM_LINES = 26     # a pane shorter than this many lines shows the details header's first line only
EMPTY_HINT = ("Select a user, group, role, resource or policy on the canvas\n"
              "to see and edit its policies here.")
ROOT_HINT = ("The root user takes no IAM policies: it has full access to its own account\n"
             "(only SCPs, RCPs, VPC endpoint policies and denies in resource-based policies limit it).")


def _no_policy_hint(node: str) -> str:
    """What the empty editor says: pick a node, or why the node picked shows no policy."""
    if not node:
        return EMPTY_HINT
    if node == "root":
        return ROOT_HINT
    return "No policy here yet: right-click it on the canvas\nand choose Attach policy…"


class PolicyEditor(QWidget):
    """Shows and edits the policy documents of the document's selected node."""

    policyShown = Signal(str)            # policy key now in the editor ("" for none)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.setObjectName("policyEditor")
        self.setAccessibleName("Policy editor")
        self._doc = document
        self._entries: list[PolicyEntry] = []
        self._node = ""                         # the selected node the details header tells about
        self._details = ""                      # all of the details header's lines (`_fit_details`)
        self._own: set[str] = set()             # the keys of its own documents (others: opened by the replay)
        self._key = ""
        self._loading = False

        self.chooser = QComboBox(objectName="policyChooser", accessibleName="Policy of the selected item")
        # as wide as the pane allows, not as its longest name: a long name is elided, never widens the pane
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(10)
        self.chooser.currentIndexChanged.connect(self._chosen)
        self.read_only_badge = QLabel("AWS managed: read-only", objectName="readOnlyBadge")
        self.read_only_badge.setStyleSheet("color: #5f6b7a; font-weight: bold;")
        self.read_only_badge.setWordWrap(True)          # two short lines rather than a wider pane
        self.format_button = QPushButton("Format", objectName="formatButton", accessibleName="Format the JSON")
        self.format_button.setToolTip("Pretty-print the JSON (Ctrl+Shift+F)")
        self.format_button.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.format_button.clicked.connect(self.format_document)
        self.templates_button = QToolButton(objectName="templatesButton", accessibleName="Policy templates")
        self.templates_button.setText("Templates")
        self.templates_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.templates_button.setMenu(QMenu(self.templates_button))
        self.templates_button.menu().aboutToShow.connect(self._fill_templates)

        header = QHBoxLayout()
        header.addWidget(self.chooser, 1)
        header.addWidget(self.read_only_badge)
        header.addWidget(self.templates_button)
        header.addWidget(self.format_button)

        self.text = CodeEdit()
        self.text.setObjectName("policyText")
        self.text.setAccessibleName("Policy JSON")
        self.text.setUndoRedoEnabled(False)        # one history: the document's undo stack
        self.problems = ProblemsList()
        self.problems.gotoRequested.connect(self.text.goto)
        self.assist = PolicyAssist(document)
        self.text.completion_provider = self.assist.completions
        self.text.hover_provider = lambda offset: self.assist.hover(self.text.toPlainText(), offset)

        self.draft_notice = QLabel(DRAFT_TEXT, objectName="draftNotice")
        self.draft_notice.setAccessibleName("This policy text is a draft")
        self.draft_notice.setWordWrap(True)
        self.draft_notice.setToolTip(DRAFT_TIP)
        self.draft_notice.setStyleSheet(f"background: {theme.WARNING.name()}; color: #000000; padding: 4px 6px;")
        self.draft_notice.hide()
        editing = QWidget()
        lay = QVBoxLayout(editing)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(header)
        lay.addWidget(self.draft_notice)
        lay.addWidget(self.text, 1)             # the text takes what the problems (as tall as their rows) leave
        lay.addWidget(self.problems)
        self.empty = QLabel(EMPTY_HINT, objectName="policyEditorEmpty", alignment=Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        themes.follow(self.empty, 1.3)
        self.stack = _PageSized()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(editing)
        self.details = QLabel("", objectName="nodeDetails")
        self.details.setAccessibleName("About the selected item")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setMinimumWidth(1)         # never widens the pane: cut to its width when short of room
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setStyleSheet("padding: 4px 6px; border-bottom: 1px solid palette(mid);")
        self.details.hide()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.details)
        self.credentials = CredentialControls(document)
        outer.addWidget(self.credentials)
        outer.addWidget(self.stack)

        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        self.text.textChanged.connect(self._typed)
        self.text.undoRequested.connect(self._undo)
        self.text.redoRequested.connect(self._redo)
        self.text.focusLost.connect(self.flush)
        document.aboutToReplace.connect(self._drop)
        document.commitRequested.connect(self.flush)
        document.selectionChanged.connect(self.show_node)
        document.changed.connect(self._model_changed)
        document.locksChanged.connect(lambda: self._open(self._key) if self._key else None)
        self.show_node(getattr(document, "selection", ""))

    # ---- public API -------------------------------------------------------------------------
    @property
    def policy_key(self) -> str:
        return self._key

    def show_node(self, node_key: str) -> None:
        """Show the policies of a canvas node (called on document.selectionChanged)."""
        self.flush()
        self._node = node_key or ""
        self._entries = policies_of(self._doc.scenario, self._node)
        self._own = {e.key for e in self._entries}
        self._fill_chooser()
        self._describe(self._key)

    def show_policy(self, policy_key: str) -> None:
        """Open one policy by key (adds it to the chooser when the selected node does not hold it)."""
        self.flush()
        for i, e in enumerate(self._entries):
            if e.key == policy_key:
                self.chooser.setCurrentIndex(i)
                return
        self._entries.append(PolicyEntry(policy_key.rsplit("/", 1)[-1], policy_key, "policy"))
        self._fill_chooser(select=len(self._entries) - 1)

    def highlight_statement(self, policy_key: str, span: Span | None, index: int | None = None) -> None:
        """Open `policy_key` and shade a statement (from the pipeline's current step).

        With `index`, the statement is found in the text shown (a span from a YAML scenario file
        does not point into the JSON the editor shows); otherwise `span` is used as given."""
        if not policy_key:
            self.text.set_statement_highlight(None)
            return
        if policy_key != self._key:
            self.show_policy(policy_key)
        if index is not None:
            span = statement_span(self.text.toPlainText(), index) or span
        self.text.set_statement_highlight(span)

    def clear_highlight(self) -> None:
        self.text.set_statement_highlight(None)

    def flush(self) -> None:
        """Hand the typed text to the document now (undoable) and show its diagnostics."""
        self._timer.stop()
        if not self._key or self._loading or self.text.isReadOnly():
            return
        text = self.text.toPlainText()
        try:
            diagnostics = self._doc.set_policy_document(self._key, text)
        except Exception as exc:   # the document keeps the text; say what went wrong, never crash
            from ...core.diagnostics import Diagnostic, Severity
            diagnostics = [Diagnostic("gui.edit-failed", Severity.ERROR, f"the edit could not be applied: {exc}",
                                      help="undo (Ctrl+Z) to go back to the last good version")]
        self.show_diagnostics(diagnostics)

    def show_diagnostics(self, diagnostics) -> None:
        self.text.set_diagnostics(diagnostics)
        self.problems.show_diagnostics(diagnostics)
        self.draft_notice.setVisible(bool(self._key) and self._doc.is_draft(self._key))

    def format_document(self) -> None:
        if self.text.isReadOnly() or not self._key:
            return
        self.flush()                        # what was typed so far is its own undo step
        pretty = format_json(self.text.toPlainText())
        if pretty is None:
            from ...core.diagnostics import Diagnostic, Severity
            current = [d for d in self._doc.policy_diagnostics(self._key)]
            self.problems.show_diagnostics(current or [Diagnostic(
                "gui.format-invalid", Severity.ERROR, "the text is not valid JSON yet, so it cannot be formatted",
                help="fix the problems listed here first")])
            return
        self._replace_text(pretty)
        self.flush()

    def insert_template(self, name: str) -> None:
        text = templates_for(self._doc.policy_type(self._key)).get(name)
        if text is not None and not self.text.isReadOnly():
            self.flush()                    # what was typed so far is its own undo step
            self._replace_text(text)
            self.flush()

    # ---- internals --------------------------------------------------------------------------
    def _drop(self) -> None:
        """Another scenario is coming: forget this one's text (it was handed over or discarded already)."""
        self._timer.stop()
        self._key = ""
        self._entries = []
        self._loading = True
        self.text.setPlainText("")
        self._loading = False

    def _fill_chooser(self, select: int = 0) -> None:
        self._loading = True
        self.chooser.clear()
        for e in self._entries:
            self.chooser.addItem(e.label, e.key)
        self._loading = False
        self.stack.setCurrentIndex(1 if self._entries else 0)
        self.empty.setText(_no_policy_hint(self._node))
        self.chooser.setVisible(bool(self._entries))
        if self._entries:
            self.chooser.setCurrentIndex(select)
            self._chosen(select)
        else:
            self._open("")

    def _chosen(self, index: int) -> None:
        if self._loading or not (0 <= index < len(self._entries)):
            return
        self.flush()
        self._open(self._entries[index].key)

    def _open(self, key: str) -> None:
        self._key = key
        read_only = bool(key) and self._doc.is_read_only(key)
        self.text.setReadOnly(read_only)
        self.read_only_badge.setVisible(read_only)
        self.read_only_badge.setText("Locked in this lesson step: read-only" if read_only and self._doc.is_locked(key)
                                     else "AWS managed: read-only")
        for button in (self.format_button, self.templates_button):     # nothing to format or insert: room for
            button.setVisible(not read_only)                          # the badge in a narrow pane
        self.text.set_statement_highlight(None)
        self._load_text(self._doc.policy_text(key) if key else "")
        self.show_diagnostics(self._doc.policy_diagnostics(key) if key else [])
        self._describe(key)
        self.policyShown.emit(key)

    def _describe(self, key: str) -> None:
        """The details header: the selected node, or the policy shown when the replay opened one the node
        does not hold (it kept telling about the node above another policy's text)."""
        about = self._node if not key or key in self._own else f"policy/{key}"
        self._details = describe_node(self._doc.scenario, about)
        self._fit_details()

    def _fit_details(self) -> None:
        """All the details in a tall pane; in a short one (1280x720) only their first line, the rest in its
        tooltip, so that the policy's text keeps room below."""
        text = self._details
        pane = self.parentWidget()          # the dock's scroll view: what shows of the editor
        short = (pane.height() if pane is not None else self.height()) < \
            DETAILS_ROOM_LINES * self.fontMetrics().lineSpacing()
        self.details.setWordWrap(not short)
        if short:       # one line, cut to the pane's width (its margins and padding left out)
            first = text.partition("\n")[0]
            self.details.setText(self.details.fontMetrics().elidedText(
                first + ("  …" if "\n" in text else ""), Qt.TextElideMode.ElideMiddle, max(40, self.width() - 20)))
        else:
            self.details.setText(text)
        self.details.setToolTip(plain_tip(text) if short else "")
        self.details.setVisible(bool(text))

    def event(self, event) -> bool:
        pane = self.parentWidget()
        if event.type() == QEvent.Type.ParentChange and pane is not None:
            pane.installEventFilter(self)       # the pane's own resizes (the editor may not resize with it)
        return super().event(event)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802  (Qt's name)
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._fit_details()
        return False

    def _load_text(self, text: str) -> None:
        if text == self.text.toPlainText():
            return
        self._loading = True
        position = self.text.textCursor().position()
        self.text.setPlainText(text)
        cursor = self.text.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.text.setTextCursor(cursor)
        self._loading = False

    def _replace_text(self, text: str) -> None:
        cursor = self.text.textCursor()
        cursor.select(cursor.SelectionType.Document)
        cursor.insertText(text)

    def _typed(self) -> None:
        if not self._loading and self._key:
            self._timer.start()

    def _model_changed(self) -> None:
        """After any edit, undo or redo: follow the model (the node may have gained or lost policies)."""
        if self._timer.isActive():
            return                          # the user is typing; their text wins until it is handed over
        entries = policies_of(self._doc.scenario, self._doc.selection) if self._doc.selection else self._entries
        if [e.key for e in entries] != [e.key for e in self._entries] and self._doc.selection:
            current = self._key
            self._entries = entries
            self._own = {e.key for e in entries}
            keys = [e.key for e in entries]
            self._fill_chooser(select=keys.index(current) if current in keys else 0)
            return
        if self._key:
            self._load_text(self._doc.policy_text(self._key))
            self.show_diagnostics(self._doc.policy_diagnostics(self._key))
        self._describe(self._key)                 # e.g. "Attached to:" after an attachment

    def _undo(self) -> None:
        self.flush()
        self._doc.undo_stack.undo()

    def _redo(self) -> None:
        self.flush()
        self._doc.undo_stack.redo()

    def _fill_templates(self) -> None:
        menu = self.templates_button.menu()
        menu.clear()
        for name in templates_for(self._doc.policy_type(self._key)) if self._key else {}:
            menu.addAction(name, lambda n=name: self.insert_template(n))


class _PageSized(QStackedWidget):
    """A stack as large as the page it shows: the editing page's width never widens the pane while the
    hint for an empty selection is shown (the pane scrolled sideways and cut the hint off)."""

    def __init__(self) -> None:
        super().__init__()
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:  # noqa: N802  (Qt's name)
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802  (Qt's name)
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()
