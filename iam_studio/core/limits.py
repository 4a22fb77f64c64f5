"""The limits every reader applies, so that hostile input ends in a diagnostic, not a crash or a hang.

- `MAX_DEPTH`: nesting (mappings and lists) deeper than this is invalid input, reported at the
  first position too deep; documents up to this depth load, save and load again.
- `MAX_INT_DIGITS`: an integer literal with more digits is invalid at its position (Python's own
  guard against quadratic int/str conversion is 4,300 digits).
- `MAX_FILE_BYTES`: a file bigger than this is refused before it is read (the large benchmark
  account, 34 MB, fits with room to spare).
- `NODE_BUDGET`: the nodes one document may hold, counting every expansion of a YAML alias, so an
  alias bomb is refused however short the file (the large benchmark account holds 2.3 million).
"""
from __future__ import annotations

import sys

MAX_DEPTH = 400
MAX_INT_DIGITS = 4300
MAX_FILE_BYTES = 64 * 1024 * 1024
NODE_BUDGET = 4_000_000

# The consumers of a located tree (policy parser, `to_plain`, ruamel's writer) recurse a few Python
# frames per level; 400 levels need more than Python's default of 1,000 frames.
_RECURSION_ROOM = 12 * MAX_DEPTH + 2000
if sys.getrecursionlimit() < _RECURSION_ROOM:
    sys.setrecursionlimit(_RECURSION_ROOM)


def too_deep_message() -> str:
    return f"the document is nested more than {MAX_DEPTH} levels deep"


TOO_DEEP_HELP = "flatten the structure: no policy or scenario needs this many nested lists or objects"


def int_too_long(text: str) -> bool:
    """True when `text`, an integer literal, has more digits than `MAX_INT_DIGITS`."""
    digits = text.lstrip("+-")
    if digits[:2] in ("0x", "0o"):
        digits = digits[2:]
    return len(digits) > MAX_INT_DIGITS


INT_TOO_LONG_HELP = f"an integer may have at most {MAX_INT_DIGITS:,} digits; quote it to keep it as text"
