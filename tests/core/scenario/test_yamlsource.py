"""YAML text → located tree: positions, YAML 1.2 typing on every path, errors never raise."""
from __future__ import annotations

import json
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from iam_studio.core.scenario.load import load_scenario, load_scenario_text
from iam_studio.core.scenario.save import scenario_to_plain
from iam_studio.core.yamlsource import parse_yaml

SCENARIO = """\
iam_studio: 1
title: paths
account: "123456789012"
time: 2026-11-28T09:00:00Z
users:
  alice:
    console: true
    tags: {on: yes, octal: 0755, when: 2026-01-01}
    inline:
      Self: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "iam:GetUser", Resource: "*"}]}
requests:
  - name: r
    principal: user/alice
    action: iam:GetUser
    resource: "*"
    context: {aws:SecureTransport: true, aws:SourceIp: [10.0.0.1], aws:EpochTime: 1700000000}
    expect: allowed
"""


def test_spans_are_one_based_on_keys_and_values():
    root, _, diagnostics = parse_yaml("a: 1\nb:\n  - x\n")
    assert diagnostics == []
    b = root.entry("b")
    assert (b.key_span.line, b.key_span.column) == (2, 1)
    item = b.value.items[0]
    assert (item.span.line, item.span.column, item.span.end_column) == (3, 5, 6)


def test_yaml_1_2_typing_keeps_yes_on_octal_and_times_as_text():
    root, _, _ = parse_yaml("a: yes\nb: on\nc: 0755\nd: 2026-11-28T09:00:00Z\ne: true\nf: 0o17\ng: ~\n")
    assert root.to_plain() == {"a": "yes", "b": "on", "c": 755, "d": "2026-11-28T09:00:00Z", "e": True,
                               "f": 15, "g": None}


def test_ruamel_document_only_for_small_files():
    small = parse_yaml(SCENARIO)
    assert small[1] is not None
    assert parse_yaml(SCENARIO, keep_document=False)[1] is None


def test_round_trip_path_and_fast_path_give_the_same_model():
    with_document, d1 = load_scenario_text(SCENARIO)
    root, document, _ = parse_yaml(SCENARIO, keep_document=False)
    assert document is None
    from iam_studio.core.scenario.load import build_scenario
    fast, d2 = build_scenario(root)
    assert d1 == [] and d2 == []
    assert scenario_to_plain(with_document) == scenario_to_plain(fast)
    assert fast.users["alice"].tags == {"on": "yes", "octal": "0755", "when": "2026-01-01"}
    assert fast.time == "2026-11-28T09:00:00Z"
    assert fast.requests[0].context == {"aws:SecureTransport": ["true"], "aws:SourceIp": ["10.0.0.1"],
                                        "aws:EpochTime": ["1700000000"]}


def test_json_file_gives_the_same_model_as_yaml(tmp_path):
    yaml_scenario, _ = load_scenario_text(SCENARIO)
    plain = scenario_to_plain(yaml_scenario)
    path = tmp_path / "s.json"
    path.write_text(json.dumps(plain, indent=2))
    json_scenario, diagnostics = load_scenario(path)
    assert diagnostics == []
    assert scenario_to_plain(json_scenario) == plain
    assert json_scenario.users["alice"].span.line == 7  # `{`, iam_studio, title, account, time, `"users": {`


def test_big_file_loads_fast(tmp_path):
    """2,000 users with inline policies and 2,000 requests (about 1.8 MB of JSON) on the fast path."""
    users = {f"user{i}": {"groups": ["Devs"], "inline": {"Self": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["iam:GetUser"], "Resource": "arn:aws:iam::123456789012:user/${aws:username}",
         "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}}} for i in range(2000)}
    doc = {"iam_studio": 1, "account": "123456789012", "groups": {"Devs": {}}, "users": users,
           "requests": [{"name": f"r{i}", "principal": f"user/user{i}", "action": "iam:GetUser",
                         "resource": "*", "expect": "allowed"} for i in range(2000)]}
    path = tmp_path / "big.json"
    path.write_text(json.dumps(doc, indent=1))
    start = time.perf_counter()
    scenario, diagnostics = load_scenario(path)
    elapsed = time.perf_counter() - start
    assert scenario is not None and scenario.source is None and len(scenario.requests) == 2000
    assert elapsed < 6


def test_multiple_documents_are_an_error():
    _, diagnostics = load_scenario_text("iam_studio: 1\n---\niam_studio: 1\n")
    assert diagnostics[0].code == "yaml.multiple-documents" and diagnostics[0].span.line == 2


def test_recursive_alias_does_not_hang():
    scenario, diagnostics = load_scenario_text("iam_studio: 1\nx-a: &a [*a]\n")
    assert scenario is None and diagnostics[0].code == "yaml.unknown-alias"


_yamlish = st.text(alphabet=st.sampled_from(list("iam_studio:1 \n-[]{},\"'&*!|>#%@`\t~?usergolcyp/\\")),
                   max_size=120)


@settings(max_examples=300, deadline=None)
@given(_yamlish)
def test_random_yamlish_text_never_raises(text):
    scenario, diagnostics = load_scenario_text(text)
    assert scenario is not None or any(d.is_error for d in diagnostics)


@settings(max_examples=150, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda children: st.lists(children, max_size=3) | st.dictionaries(
                        st.sampled_from(["users", "groups", "roles", "policies", "requests", "alice", "arn",
                                         "principal", "policy", "trust", "inline", "context"]), children,
                        max_size=3), max_leaves=12))
def test_random_structures_under_a_valid_header_never_raise(data):
    text = "iam_studio: 1\n" + json.dumps({"users": data, "requests": data, "resources": data})
    scenario, diagnostics = load_scenario_text(text)
    assert scenario is not None or any(d.is_error for d in diagnostics)
