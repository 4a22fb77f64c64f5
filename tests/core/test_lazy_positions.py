"""Positions found on demand (the JSON reader) are exactly the positions the eager readers give.

A scenario in JSON is read by the C decoder and its spans are found when read; the YAML reader
builds a span for every node as it goes, and the forgiving tree-sitter reader does the same for
policy JSON. Both eager readers stay the reference here: on every case file and lesson, in
several layouts, and on generated documents, every node's value, spelling, span and key span,
every diagnostic and every span in the loaded scenario must be the same.
"""
from __future__ import annotations

import copy
import dataclasses
import json
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iam_studio.core import jsonsource, yamlevents
from iam_studio.core.diagnostics import Span
from iam_studio.core.engine.engine import Engine
from iam_studio.core.jsonsource import parse_json, read_json
from iam_studio.core.limits import MAX_DEPTH
from iam_studio.core.located import LazySpan, LMap, LNode, LScalar, LSeq, join_spans
from iam_studio.core.policy.parse import parse_policy
from iam_studio.core.scenario.load import ROUND_TRIP_LIMIT, build_scenario, load_scenario, load_scenario_text
from iam_studio.core.yamlsource import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "tests" / "cases").rglob("*.yaml")) + sorted((ROOT / "scenarios").glob("*.yaml"))


def eager_yaml(text: str):
    """The YAML reader's own tree and diagnostics: a span made for every node as it is built."""
    return yamlevents.read_events(text)


def eager_json(text: str):
    """The forgiving tree-sitter reader's tree and diagnostics (spans made as it goes)."""
    return jsonsource._Reader(text, None).read()


def where(span: Span | None):
    return None if span is None else (span.line, span.column, span.end_line, span.end_column, span.offset,
                                      span.end_offset)


def described(node: LNode | None, string_raw: bool = True) -> list:
    """Every node of the tree in order: its path, kind, key, value, spelling, span and key span."""
    out: list = []

    def walk(n: LNode, path: tuple) -> None:
        if isinstance(n, LMap):
            out.append((path, "map", where(n.span)))
            for i, e in enumerate(n.entries):
                out.append((path + (i,), "key", e.key, where(e.key_span)))
                walk(e.value, path + (i,))
        elif isinstance(n, LSeq):
            out.append((path, "seq", where(n.span)))
            for i, item in enumerate(n.items):
                walk(item, path + (i,))
        else:
            raw = n.raw if string_raw or not isinstance(n.value, str) else None
            out.append((path, "scalar", type(n.value).__name__, repr(n.value), raw, where(n.span)))

    if node is not None:
        walk(node, ())
    return out


def layouts(plain: object) -> list[str]:
    """The same document written as JSON in several ways (compact, indented, tabs, CRLF, escaped)."""
    indented = json.dumps(plain, indent=2, ensure_ascii=False)
    return [json.dumps(plain, separators=(",", ":"), ensure_ascii=False), indented,
            json.dumps(plain, indent="\t"), indented.replace("\n", "\r\n"), "\n  " + json.dumps(plain) + " \n"]


def spans_in(obj: object) -> list:
    """Every span held anywhere in a loaded scenario (policies, statements, elements, requests ...), in order."""
    out: list = []
    seen: set[int] = set()

    def walk(o: object) -> None:
        if isinstance(o, Span):
            out.append(where(o))
        elif isinstance(o, (LMap, LSeq, LScalar)) or id(o) in seen:
            return
        elif dataclasses.is_dataclass(o) and not isinstance(o, type):
            seen.add(id(o))
            for f in dataclasses.fields(o):
                walk(getattr(o, f.name))
        elif isinstance(o, dict):
            for k in sorted(o, key=str):
                walk(o[k])
        elif isinstance(o, (list, tuple)):
            for item in o:
                walk(item)

    walk(obj)
    return out


def decisions(scenario) -> list:
    engine = Engine(scenario)
    out = []
    for spec in scenario.requests:
        result = engine.evaluate(spec)
        out.append((spec.name, result.decision.value, [(r.policy, r.index, r.line, where(r.span))
                                                        for r in result.deciding]))
    return out


@pytest.fixture(scope="module")
def plains():
    out = {}
    for path in FILES:
        root, diagnostics = eager_yaml(path.read_text(encoding="utf-8"))
        assert diagnostics == []
        out[path.relative_to(ROOT).as_posix()] = root.to_plain()
    return out


@pytest.mark.parametrize("name", [p.relative_to(ROOT).as_posix() for p in FILES])
def test_every_case_file_as_json_has_the_yaml_readers_positions(plains, name):
    for text in layouts(plains[name]):
        lazy, _, diagnostics = parse_yaml(text)
        assert diagnostics == []
        assert isinstance(lazy.span, LazySpan), "read by the JSON reader"
        eager, eager_diagnostics = eager_yaml(text)
        assert eager_diagnostics == []
        assert described(lazy) == described(eager)


@pytest.mark.parametrize("name", [p.relative_to(ROOT).as_posix() for p in FILES])
def test_every_case_file_as_json_loads_with_the_same_diagnostics_spans_and_lines(plains, name):
    text = layouts(plains[name])[1]
    scenario, diagnostics = load_scenario_text(text, "case.json")
    eager, _ = eager_yaml(text)
    reference, reference_diagnostics = build_scenario(eager, "case.json", advice=len(text) <= ROUND_TRIP_LIMIT)
    assert [(d.code, d.message, where(d.span), d.help) for d in diagnostics] == \
        [(d.code, d.message, where(d.span), d.help) for d in reference_diagnostics]
    assert (scenario is None) == (reference is None)
    if scenario is not None:
        assert spans_in(scenario) == spans_in(reference)
        assert len(spans_in(scenario)) > len(scenario.requests)
        assert decisions(scenario) == decisions(reference)


@pytest.mark.parametrize("name", [p.relative_to(ROOT).as_posix() for p in FILES])
def test_every_policy_of_the_cases_has_the_forgiving_readers_positions(name):
    scenario, _ = load_scenario(ROOT / name)
    for policy in scenario.policies.values():
        text = json.dumps(policy.source.to_plain(), indent=2, ensure_ascii=False)
        fast, diagnostics = parse_json(text)
        assert isinstance(fast.span, LazySpan), "read by the C decoder"
        reference, reference_diagnostics = eager_json(text)
        assert diagnostics == reference_diagnostics == []
        assert described(fast, string_raw=False) == described(reference, string_raw=False)
        a, _ = parse_policy(fast, policy.policy_type, policy.name)
        b, _ = parse_policy(reference, policy.policy_type, policy.name)
        assert spans_in(a.statements) == spans_in(b.statements)


_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30),
                     st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12))
_keys = st.text(max_size=10)
_documents = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_keys, inner, max_size=4)), max_leaves=25)


@settings(max_examples=150, deadline=None)
@given(_documents, st.integers(0, 4))
def test_generated_json_reads_as_the_yaml_reader_reads_it(plain, layout):
    text = layouts(plain)[layout]
    lazy, _, diagnostics = parse_yaml(text)
    eager, eager_diagnostics = eager_yaml(text)
    assert [(d.code, d.message, where(d.span)) for d in diagnostics] == \
        [(d.code, d.message, where(d.span)) for d in eager_diagnostics]
    if not diagnostics:
        assert described(lazy) == described(eager)


@settings(max_examples=150, deadline=None)
@given(_documents, st.integers(0, 4))
def test_generated_json_reads_as_the_forgiving_reader_reads_it(plain, layout):
    text = layouts(plain)[layout]
    fast, diagnostics = parse_json(text)
    reference, reference_diagnostics = eager_json(text)
    assert diagnostics == reference_diagnostics
    assert described(fast, string_raw=False) == described(reference, string_raw=False)


_HEAD = '{"iam_studio": 1, "title": "t", '


@pytest.mark.parametrize("text", [
    _HEAD + '"x-a": [1, 2,]}',                         # trailing comma
    _HEAD + '"x-a": [1, 2}',                           # unclosed
    _HEAD + '"x-a": NaN}',
    _HEAD + '"x-a": ' + "7" * 4301 + "}",              # integer too long
    _HEAD + '"x-a": ' + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "}",
    _HEAD + '"x-a": "\u0007"}',                        # control character
    _HEAD + '"x-a": "\\ud800"}',                       # escaped surrogate
    _HEAD + '"x-a": "\u0085"}',                        # a line break for YAML
    _HEAD + '"x-a":\r 1}',                             # a bare carriage return
    _HEAD + '"x-a": {"<<": {"b": 1}}}',                # YAML's merge key
    _HEAD + '"x-a": 1} trailing',
    '{"iam_studio": 1, # a comment\n}',
])
def test_what_json_does_not_read_the_same_way_goes_to_the_yaml_reader(text):
    assert read_json(text, as_yaml=True) is None
    lazy, _, diagnostics = parse_yaml(text)
    eager, eager_diagnostics = eager_yaml(text)
    assert diagnostics == eager_diagnostics
    assert described(lazy) == described(eager)


def test_nesting_up_to_the_limit_reads_as_json_and_one_more_level_is_refused_where_it_starts():
    deep = _HEAD + '"x-a": ' + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "}"
    assert read_json(deep, as_yaml=True) is not None
    too_deep = _HEAD + '"x-a": ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "}"
    assert read_json(too_deep, as_yaml=True) is None
    _, _, diagnostics = parse_yaml(too_deep)
    assert [(d.code, d.span.column) for d in diagnostics] == [("yaml.too-deep", too_deep.index("[") + MAX_DEPTH)]


def test_lazy_spans_compare_hash_copy_and_pickle_as_the_span_they_stand_for():
    text = '{\n  "a": [1, "b"]\n}'
    root = read_json(text)
    item = root.get("a").items[1]
    span = item.span
    assert isinstance(span, LazySpan) and span._of is not None
    assert span == Span(2, 12, 2, 15, 13, 16) and Span(2, 12, 2, 15, 13, 16) == span
    assert span._of is None, "worked out once, then the place is let go"
    assert hash(span) == hash(Span(2, 12, 2, 15, 13, 16))
    assert repr(span) == repr(Span(2, 12, 2, 15, 13, 16))
    for copied in (copy.copy(span), copy.deepcopy(span), pickle.loads(pickle.dumps(span))):
        assert type(copied) is Span and copied == span
    entry = root.entries[0]
    assert where(join_spans(entry.key_span, entry.value.span)) == (2, 3, 2, 16, 4, 17)
    assert text[root.span.offset:root.span.end_offset] == text


def test_a_deep_copy_of_a_lazily_located_tree_keeps_its_positions_without_the_text():
    text = json.dumps({"Statement": [{"Effect": "Allow", "Action": ["s3:*"]}]}, indent=2)
    root = read_json(text)
    copied = copy.deepcopy(root)
    assert described(copied) == described(root)
    assert type(copied.span) is Span and type(copied.get("Statement").items[0].span) is Span
