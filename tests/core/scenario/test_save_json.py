"""A scenario read from JSON is saved as JSON: valid JSON in the file's indentation and line ends, the
same model when loaded again, the file's own text while nothing was edited; random edits on every
bundled lesson and case file, written as JSON, keep all of that (hypothesis)."""
from __future__ import annotations

import datetime
import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_edit_properties import FILES, ROOT, one_edit

from iam_studio.core.scenario import edits
from iam_studio.core.scenario.load import load_scenario_text
from iam_studio.core.scenario.save import dump_scenario_text, scenario_to_plain

SCENARIO = {
    "iam_studio": 1, "title": "Photos", "account": "123456789012",
    "policies": {"ReadPhotos": {"document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::photos/*",
         "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": 3600}, "Bool": {"aws:SecureTransport": True},
                       "Null": {"aws:TokenIssueTime": False}}}]}}},
    "users": {"alice": {"policies": ["ReadPhotos"], "console": True, "mfa": True}},
    "roles": {"App": {"max_session_duration": 7200, "trust": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}},
}


def load(text: str, file: str = "s.json"):
    scenario, diagnostics = load_scenario_text(text, file)
    assert scenario is not None, [d.format() for d in diagnostics]
    return scenario


@pytest.mark.parametrize("indent, newline, end", [(2, "\n", "\n"), (4, "\n", ""), ("\t", "\r\n", "\r\n")])
def test_an_edited_json_scenario_is_saved_as_json_in_its_own_layout(indent, newline, end):
    text = json.dumps(SCENARIO, indent=indent).replace("\n", newline) + end
    sc = load(text)
    assert dump_scenario_text(sc) == text
    edits.add_node(sc, "user", "bob")
    edits.connect(sc, "policy/ReadPhotos", "user/bob")
    out = dump_scenario_text(sc)
    expected = json.loads(text)
    expected["users"]["bob"] = {"policies": ["ReadPhotos"]}
    assert json.loads(out) == expected
    assert out == json.dumps(expected, indent=indent).replace("\n", newline) + end
    assert scenario_to_plain(load(out)) == scenario_to_plain(sc)


def test_numbers_booleans_and_nulls_keep_their_spelling():
    text = json.dumps(SCENARIO, indent=2).replace("3600", "3600.0") + "\n"
    sc = load(text)
    edits.set_title(sc, "Photos (edited)")
    out = dump_scenario_text(sc)
    assert '"aws:MultiFactorAuthAge": 3600.0' in out and '"aws:SecureTransport": true' in out
    assert '"console": true' in out and '"max_session_duration": 7200' in out and '"iam_studio": 1' in out


def as_json(path) -> str:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    moment = (datetime.date, datetime.datetime)
    return json.dumps(data, indent=2, ensure_ascii=False,
                      default=lambda o: o.isoformat().replace("+00:00", "Z") if isinstance(o, moment) else str(o))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_random_edits_of_a_json_scenario_save_valid_json_with_the_same_model(path, data):
    text = as_json(path)
    sc = load(text, str(path.with_suffix(".json")))
    for _ in range(data.draw(st.integers(1, 6), label="edits")):
        operation, *rest = one_edit(sc, data.draw)
        try:
            edits.record(sc, operation, *rest[0], **(rest[1] if len(rest) > 1 else {}))   # as the app runs each
        except edits.Refused:
            pass
    out = dump_scenario_text(sc)
    json.loads(out)
    assert scenario_to_plain(load(out, str(path.with_suffix(".json")))) == scenario_to_plain(sc)


@pytest.mark.parametrize("typed", ["nel\x85x", "del\x7f", "ls\u2028ps\u2029", "\ufeffbom", "c1\x9f", "tag\U000e0001"],
                         ids=ascii)
def test_a_title_with_characters_yaml_refuses_or_breaks_is_saved_as_json_escapes(typed):
    """The random-edits test found a title with NEL saved raw in the JSON text, which reads back as a
    space (a YAML reader takes NEL for a line break), and DEL, which does not load."""
    sc = load(json.dumps(SCENARIO, indent=2) + "\n")
    edits.set_title(sc, typed)
    out = dump_scenario_text(sc)
    assert json.loads(out)["title"] == typed
    assert load(out).title == typed
