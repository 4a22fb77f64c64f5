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
        self._key = _fmt(theme.KEY)
        self._element = _fmt(theme.KEY, bold=True)
        self._string = _fmt(theme.STRING)
        self._number = _fmt(theme.NUMBER)
        self._punct = _fmt(theme.PUNCT)
        self._allow = _fmt(theme.ALLOW, bold=True)
        self._deny = _fmt(theme.DENY, bold=True)

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
