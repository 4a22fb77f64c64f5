"""The diagnostics catalogue (core/codes.py), the codes the source reports and docs/diagnostics.md agree."""
from __future__ import annotations

import re
from pathlib import Path

from iam_studio.core.codes import CODES

ROOT = Path(__file__).resolve().parents[1]
FAMILIES = "cli|edit|engine|file|gui|json|lesson|policy|request|scenario|yaml"
_LITERAL = re.compile(rf"""(?<![\w.])["']((?:{FAMILIES})\.[a-z][a-z0-9-]*)["']""")
_FAMILY_OF = re.compile(rf"""f["']((?:{FAMILIES})\.[a-z0-9-]*)\{{""")      # f"policy.principal-in-{...}"
_JSON = re.compile(r"""(?:error|_char_error)\(\s*["']([a-z][a-z0-9-]*)["']""")
NOT_CODES = {"scenario.yaml"}          # a file name that looks like a code


def source_codes() -> tuple[set[str], list[str]]:
    """Codes written out in the source, and prefixes of codes built with an f-string."""
    codes: set[str] = set()
    prefixes: list[str] = []
    for path in (ROOT / "iam_studio").rglob("*.py"):
        if path.name == "codes.py":
            continue
        text = path.read_text(encoding="utf-8")
        codes |= set(_LITERAL.findall(text)) - NOT_CODES
        prefixes += _FAMILY_OF.findall(text)
        if path.name == "jsonsource.py":
            codes |= {f"json.{name}" for name in _JSON.findall(text)}
    return codes, prefixes


def documented_codes() -> list[str]:
    return re.findall(r"^\| `([a-z]+\.[a-z0-9-]+)` \|", (ROOT / "docs/diagnostics.md").read_text(encoding="utf-8"),
                      re.M)


def test_every_code_the_source_reports_is_in_the_catalogue():
    codes, _ = source_codes()
    assert sorted(codes - set(CODES)) == []


def test_every_catalogued_code_is_reported_somewhere():
    codes, prefixes = source_codes()
    stale = [c for c in CODES if c not in codes and not any(c.startswith(p) for p in prefixes)]
    assert stale == []


def test_docs_list_exactly_the_catalogue_with_its_meanings():
    assert documented_codes() == sorted(CODES)
    text = (ROOT / "docs/diagnostics.md").read_text(encoding="utf-8")
    for code, meaning in CODES.items():
        assert f"| `{code}` | {meaning} |" in text, code
