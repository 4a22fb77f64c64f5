"""Text a learner types (a title, a description, a policy's values) reads back from the saved file as
it was typed, whatever style the file wrote the old value in; text no file can hold is refused."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iam_studio.core.engine.engine import Engine
from iam_studio.core.scenario import edits
from iam_studio.core.scenario.load import load_scenario_text
from iam_studio.core.scenario.model import RequestSpec
from iam_studio.core.scenario.save import dump_scenario_text

HEAD = 'iam_studio: 1\ntitle: t\n'
ACCOUNT = 'account: "123456789012"\n'
STYLES = {"plain": "description: plain words\n", "single": "description: 'single'\n",
          "double": 'description: "double"\n', "literal": "description: |\n  a literal\n  block\n",
          "folded": "description: >\n  a folded\n  block\n", "absent": ""}
# A bell, a carriage return, a tab, NEL and the Unicode line separator are each written as an escape:
# a literal block cannot hold the first three, and YAML readers take the last two for line breaks.
TEXTS = ["a\x07b", "a\rb", "\t", "line\n\tindented", "a\x85b", "x\u2028y", "a\tb\n\tc", "a\x85\nb", "\n\x07",
         "a\u200bb"]


def load(text: str):
    scenario, diagnostics = load_scenario_text(text, "s.yaml")
    assert scenario is not None, [d.format() for d in diagnostics]
    return scenario


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("typed", TEXTS, ids=ascii)
def test_a_typed_description_reads_back_as_typed_in_any_old_style(style, typed):
    """The merge kept a literal or single-quoted value's style for a value that style cannot hold
    (the saved file did not load, or read back NEL as a line feed)."""
    sc = load(HEAD + STYLES[style] + ACCOUNT)
    edits.set_description(sc, typed)
    assert load(dump_scenario_text(sc)).description == typed


@pytest.mark.parametrize("typed", [t for t in TEXTS if t.strip()], ids=ascii)
def test_a_typed_title_reads_back_as_typed(typed):
    sc = load(HEAD + ACCOUNT)
    edits.set_title(sc, typed)
    assert load(dump_scenario_text(sc)).title == typed


def test_a_condition_value_with_nel_and_a_line_feed_keeps_its_decision():
    """The policy editor's `"a\\u0085\\nb"` was saved in a literal block, read back as `"a\\n\\nb"`:
    an allowed request became implicitly denied after saving."""
    sc = load(HEAD + ACCOUNT + "users:\n  ana:\n    console: true\nrequests:\n"
              '  - {principal: user/ana, action: s3:GetObject, resource: "*", context: {aws:x: "a\\N\\nb"}}\n')
    document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                                                        "Resource": "*",
                                                        "Condition": {"StringEquals": {"aws:x": "a\x85\nb"}}}]}
    edits.add_inline_policy(sc, "user/ana", "P", json.dumps(document))
    assert Engine(sc).evaluate(sc.requests[0]).decision.value == "allowed"
    again = load(dump_scenario_text(sc))
    assert again.users["ana"].inline["P"].statements[0].conditions[0].values == ("a\x85\nb",)
    assert Engine(again).evaluate(again.requests[0]).decision.value == "allowed"


@pytest.mark.parametrize("edit", [lambda sc: edits.set_title(sc, "caf\ud800"),
                                  lambda sc: edits.set_description(sc, "\udfff"),
                                  lambda sc: edits.add_request(sc, RequestSpec("r\ud83d", "root", "s3:GetObject",
                                                                                     "*"))],
                         ids=["title", "description", "request name"])
def test_a_lone_surrogate_is_refused(edit):
    """A lone surrogate has no UTF-8 form, and YAML's `\\uD800` escape for it does not load: the edit was
    accepted and the saved file did not open."""
    text = HEAD + ACCOUNT
    sc = load(text)
    with pytest.raises(edits.Refused, match="surrogate"):
        edit(sc)
    assert dump_scenario_text(sc) == text


SPECIAL = st.sampled_from([*"\n\r\t \x85\u2028\u2029\ufeff\x07\x00\x7f\x9f\u200b#:'\"-&*!|>%@`{}[],?\\",
                           "\n\n", "\n ", "\n\t", "\t ", "\U000e0001", "\ud800"])
TYPED = st.lists(st.one_of(SPECIAL, st.characters(codec=None)), max_size=10).map("".join)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([*STYLES.values(), "json"]), TYPED, st.sampled_from(["title", "description"]))
def test_any_typed_text_reads_back_as_typed_or_is_refused(style, typed, field):
    """Whatever style the old value had, YAML or JSON: the saved file loads and says what was typed."""
    if style == "json":
        text, file = json.dumps({"iam_studio": 1, "title": "t", "description": "d", "account": "123456789012"},
                                indent=2) + "\n", "s.json"
    else:
        text, file = HEAD + style + ACCOUNT, "s.yaml"
    sc, _ = load_scenario_text(text, file)
    try:
        getattr(edits, f"set_{field}")(sc, typed)
    except edits.Refused:
        assert dump_scenario_text(sc) == text
        return
    again, diagnostics = load_scenario_text(dump_scenario_text(sc), file)
    assert again is not None, [d.format() for d in diagnostics]
    assert getattr(again, field) == typed
