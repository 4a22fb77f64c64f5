"""The tolerant JSON reader: values, spans in characters, and one diagnostic per error."""
import pytest

from iam_studio.core.jsonsource import parse_json
from iam_studio.core.located import LMap, LScalar, LSeq


def codes(text):
    return [d.code for d in parse_json(text)[1]]


@pytest.mark.parametrize("text, plain", [
    ('{"a": 1, "b": [true, false, null], "c": {"d": "e"}}', {"a": 1, "b": [True, False, None], "c": {"d": "e"}}),
    ('[1.5, -2, 3e2]', [1.5, -2, 300.0]),
    ('"x"', "x"),
    (r'{"s": "a\"b\\c\/d\n\t\u00e9\ud83d\ude00"}', {"s": 'a"b\\c/d\n\té😀'}),
])
def test_valid_documents_give_their_values_and_no_diagnostics(text, plain):
    node, diagnostics = parse_json(text)
    assert diagnostics == []
    assert node.to_plain() == plain


def test_numbers_keep_their_source_spelling():
    node, _ = parse_json('{"n": 1.50, "m": 1e3}')
    assert node.get("n").raw == "1.50" and node.get("n").value == 1.5
    assert node.get("m").raw == "1e3"


def test_spans_are_in_characters_not_bytes():
    text = '{"é€": "ü",\n  "k": ["x"]}'
    node, diagnostics = parse_json(text)
    assert diagnostics == []
    entry = node.entries[0]
    assert (entry.key_span.line, entry.key_span.column) == (1, 2)
    assert text[entry.key_span.offset:entry.key_span.end_offset] == '"é€"'
    value = entry.value
    assert text[value.span.offset:value.span.end_offset] == '"ü"'
    item = node.get("k").items[0]
    assert (item.span.line, item.span.column, item.span.end_column) == (2, 9, 12)
    assert text[node.span.offset:node.span.end_offset] == text


def test_duplicate_keys_are_kept_in_order():
    node, diagnostics = parse_json('{"a": 1, "a": 2}')
    assert diagnostics == []
    assert [e.key for e in node.entries] == ["a", "a"]


def test_half_typed_policy_still_gives_the_tree():
    text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Al'
    node, diagnostics = parse_json(text)
    assert node.to_plain() == {"Version": "2012-10-17", "Statement": [{"Effect": "Al"}]}
    assert "json.unclosed" in [d.code for d in diagnostics]
    assert "json.unterminated-string" in [d.code for d in diagnostics]
    assert all(d.span is not None and d.help for d in diagnostics)


@pytest.mark.parametrize("text, code, line, column", [
    ('', "json.empty", 1, 1),
    ('{"a": 1,}', "json.trailing-comma", 1, 8),
    ('{"a": 1} {"b": 2}', "json.trailing-content", 1, 10),
    ("{'a': 1}", "json.unexpected", 1, 2),
    ('{"a" 1}', "json.missing-colon", 1, 2),
    ('{"a": 1 "b": 2}', "json.missing-comma", 1, 9),
    ('{"a": }', "json.missing-value", 1, 2),
    ('[1,,2]', "json.unexpected", 1, 4),
    ('{"a": [1, 2}', "json.unclosed", 1, 7),
    ('{"a": "\\q"}', "json.bad-escape", 1, 8),
    ('{"a": "x"} // note', "json.comment", 1, 12),
    ('{"Effect": Allow}', "json.unexpected", 1, 12),
    ('{"a": "b\nc"}', "json.control-character", 1, 9),
])
def test_errors_have_a_code_a_position_and_a_hint(text, code, line, column):
    _, diagnostics = parse_json(text, file="p.json")
    found = [d for d in diagnostics if d.code == code]
    assert found, [d.format() for d in diagnostics]
    d = found[0]
    assert (d.span.line, d.span.column) == (line, column)
    assert d.file == "p.json" and d.is_error
    assert d.message == d.message.lower()[:1] + d.message[1:] and not d.message.endswith(".")


def test_single_quotes_get_a_hint_about_double_quotes():
    _, diagnostics = parse_json("{'a': 1}")
    assert "double quotes" in diagnostics[0].help


def test_recovery_keeps_the_members_around_an_error():
    node, diagnostics = parse_json('{"a": 1, x, "b": 2}')
    assert node.to_plain() == {"a": 1, "b": 2}
    assert len(diagnostics) == 1


def test_node_kinds():
    node, _ = parse_json('{"m": {}, "s": [], "x": "y"}')
    assert isinstance(node, LMap)
    assert isinstance(node.get("m"), LMap) and isinstance(node.get("s"), LSeq) and isinstance(node.get("x"), LScalar)


@pytest.mark.parametrize("text, value", [("1e+2", 100.0), ("1.5E+3", 1500.0), ("-0", 0), ("2e-1", 0.2)])
def test_exponents_with_signs_are_numbers(text, value):
    node, diagnostics = parse_json(text)
    assert diagnostics == [] and node.value == value and node.raw == text


def test_numbers_outside_the_json_grammar_are_errors():
    _, diagnostics = parse_json('{"a": 0.}')
    assert [d.code for d in diagnostics] == ["json.bad-number"]
