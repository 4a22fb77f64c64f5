"""JSON syntax highlighting for policy documents, with policy words (Allow / Deny, element names) stressed."""
from __future__ import annotations

import re

from PySide6.QtGui import QFont, QSyntaxHighlighter, QTextCharFormat

from . import theme

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\btrue\b|\bfalse\b|\bnull\b|[{}\[\],:]')
_ELEMENTS = {"Version", "Id", "Statement", "Sid", "Effect", "Principal", "NotPrincipal", "Action",
             "NotAction", "Resource", "NotResource", "Condition"}


def _fmt(colour, bold: bool = False) -> QTextCharFormat:
    f = QTextCharFormat()
    f.setForeground(colour)
    if bold:
        f.setFontWeight(QFont.Weight.Bold)
    return f


class JsonHighlighter(QSyntaxHighlighter):
    """Colours keys, strings, numbers and literals; `"Allow"` green, `"Deny"` red, element names bold."""

    def __init__(self, document):
        super().__init__(document)
        self.dark = None
        self.set_dark(False)

    def set_dark(self, dark: bool) -> None:
        """Colours for a dark (or high-contrast) palette, or for a light one; re-colours the text."""
        if dark == self.dark:
            return
        self.dark = dark
        key, string = (theme.KEY_DARK, theme.STRING_DARK) if dark else (theme.KEY, theme.STRING)
        number, punct = (theme.NUMBER_DARK, theme.PUNCT_DARK) if dark else (theme.NUMBER, theme.PUNCT)
        allow, deny = (theme.ALLOW_DARK, theme.DENY_DARK) if dark else (theme.ALLOW, theme.DENY)
        self._key = _fmt(key)
        self._element = _fmt(key, bold=True)
        self._string = _fmt(string)
        self._number = _fmt(number)
        self._punct = _fmt(punct)
        self._allow = _fmt(allow, bold=True)
        self._deny = _fmt(deny, bold=True)
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt override)
        for m in _TOKEN.finditer(text):
            token = m.group()
            start, length = m.start(), len(token)
            if token.startswith('"'):
                rest = text[m.end():].lstrip()
                if rest.startswith(":"):
                    fmt = self._element if token.strip('"') in _ELEMENTS else self._key
                elif token == '"Allow"':
                    fmt = self._allow
                elif token == '"Deny"':
                    fmt = self._deny
                else:
                    fmt = self._string
            elif token in "{}[],:":
                fmt = self._punct
            else:
                fmt = self._number
            self.setFormat(start, length, fmt)
