"""YAML (or JSON) text → located tree, with a span for every key and value. Never raises.

JSON text that YAML reads the same way goes to the JSON reader (`jsonsource.read_json`: the C
decoder, spans found when read); the rest to libyaml's event stream (`yamlevents.read_events`, a
span made for every node), imported only then, so that checking a JSON file never loads PyYAML.
Small files are also loaded by ruamel.yaml's round-trip loader (`parse_yaml(...,
keep_document=True)`) so that saving keeps their comments and key order.
"""
from __future__ import annotations

from typing import Any

from .diagnostics import Diagnostic
from .jsonsource import read_json
from .located import LNode

ROUND_TRIP_LIMIT = 256 * 1024   # characters; bigger files skip the (slow) comment-keeping loader


def parse_yaml(text: str, file: str | None = None, *, keep_document: bool | None = None
               ) -> tuple[LNode | None, RoundTripSource | None, list[Diagnostic]]:
    """Parse YAML or JSON text into (located tree or None, RoundTripSource or None, diagnostics).

    `keep_document`: keep the text so that the ruamel.yaml round-trip document (comments, key order)
    can be read for saving; by default only for text up to `ROUND_TRIP_LIMIT` characters.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if keep_document is None:
        keep_document = len(text) <= ROUND_TRIP_LIMIT
    root = read_json(text, as_yaml=True)    # JSON that YAML reads the same way: C speed, positions on demand
    if root is None:
        from .yamlevents import read_events

        root, diagnostics = read_events(text, file)
        if diagnostics:
            return root, None, diagnostics
    return root, (RoundTripSource(text) if keep_document else None), []


class RoundTripSource:
    """A small file's text; its ruamel round-trip document (comments, key order) is read on first use.

    Only saving needs it, and ruamel's loader is slow: opening a lesson should not wait for it. The
    document is kept once read, so that successive saves update the same document.
    """

    __slots__ = ("text", "_document", "_read")

    def __init__(self, text: str):
        self.text = text
        self._document: object = None
        self._read = False

    def document(self) -> object:
        """The ruamel document, or None when ruamel cannot read what libyaml could."""
        if not self._read:
            self._document = _round_trip_document(self.text)
            self._read = True
        return self._document


def new_round_trip_yaml() -> Any:
    """The ruamel.yaml round-trip instance used to load and save scenario files."""
    from ruamel.yaml import YAML

    rt = YAML(typ="rt")
    rt.allow_duplicate_keys = True
    rt.preserve_quotes = True
    rt.width = 4096            # never re-wrap the author's lines
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def _round_trip_document(text: str) -> object:
    """ruamel's comment-keeping document, or None when ruamel cannot read what libyaml could."""
    try:
        return new_round_trip_yaml().load(text)
    except Exception:   # noqa: BLE001 - a document we cannot round-trip is saved as clean YAML instead
        return None
