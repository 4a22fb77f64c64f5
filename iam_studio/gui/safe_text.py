"""Text from users and files shown safely: what a user typed is always plain text (a principal
`user/<b>x` is shown as typed, never as bold), and Markdown a scenario carries (descriptions, step
text, hints, notes) is rendered without its raw HTML and without loading anything (no images, no
style sheets, no files; links open in the browser only when they are web links and are clicked)."""
from __future__ import annotations

import re

from PySide6.QtCore import QByteArray, QEvent, QUrl
from PySide6.QtGui import QDesktopServices, Qt, QTextDocument
from PySide6.QtWidgets import QTextBrowser

MARKDOWN = QTextDocument.MarkdownFeature.MarkdownDialectGitHub | QTextDocument.MarkdownFeature.MarkdownNoHTML
WEB_SCHEMES = ("http", "https")


SHOWN_CHARS = 200       # a title longer than this is shown cut, with an ellipsis (the model keeps it whole)


def shortened(text: str, limit: int = SHOWN_CHARS) -> str:
    """`text` cut to `limit` characters with an ellipsis: what a label or a window title shows of a
    file's title, however long (laying out a megabyte of text freezes Qt)."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


MARKDOWN_CHARS = 20_000      # of a file's Markdown shown in a panel; the rest stays in the file
LONGEST_WORD = 1_000         # Qt lays out a word in time growing with its square: longer ones get breaks
_LONG_WORD = re.compile(r"\S{" + str(LONGEST_WORD + 1) + ",}")


def _layable(text: str) -> str:
    """`text` as a panel can lay out quickly: cut to `MARKDOWN_CHARS`, and a zero-width space every
    `LONGEST_WORD` characters of a longer word (a 1 MB word froze the window)."""
    if len(text) > MARKDOWN_CHARS:
        text = text[:MARKDOWN_CHARS] + "…"
    return _LONG_WORD.sub(lambda m: "\u200b".join(m[0][i:i + LONGEST_WORD]
                                                   for i in range(0, len(m[0]), LONGEST_WORD)), text)


def plain_tip(text: str) -> str:
    """A tooltip showing `text` literally (Qt would render a tooltip that looks like HTML as HTML)."""
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpacePre) if text else ""


class SafeTextBrowser(QTextBrowser):
    """A read-only view of a file's Markdown: raw HTML is shown as text, resources are never loaded,
    and only a clicked web link leaves the app (in the user's browser)."""

    def __init__(self, parent=None, **kwargs) -> None:
        super().__init__(parent, **kwargs)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(_open_web_link)
        self._markdown: str | None = None       # as last set (`set_markdown`), to read again in a new font

    def set_markdown(self, text: str) -> None:
        self._markdown = _layable(text)
        self.document().setMarkdown(self._markdown, MARKDOWN)

    def changeEvent(self, event) -> None:  # noqa: N802  (Qt's name)
        """A new font (a zoom, presentation mode): the Markdown is read again, since Qt's reader sizes code
        (`inline` and fenced) to the font it finds and never again (15 px among 20 on a projector)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self._markdown is not None:
            at = self.verticalScrollBar().value()
            self.document().setMarkdown(self._markdown, MARKDOWN)
            self.verticalScrollBar().setValue(at)

    def showEvent(self, event) -> None:  # noqa: N802  (Qt's name)
        """Shown (again) from where it was: Qt scrolls to the cursor when a text view is shown, and a
        panel shown a few pixels high first (as the start screen gives the panels back) kept the step
        text scrolled past its first lines."""
        at = self.verticalScrollBar().value()
        super().showEvent(event)
        self.verticalScrollBar().setValue(at)

    def loadResource(self, kind: int, url: QUrl | str) -> QByteArray:  # noqa: N802  (Qt's name)
        return QByteArray()             # images, style sheets, linked files: never fetched (an empty
                                        # answer, so that Qt does not read a local file itself)


def _open_web_link(url: QUrl) -> None:
    if url.scheme().lower() in WEB_SCHEMES:
        QDesktopServices.openUrl(url)
