"""Renames in one save keep each entry's place and comments: several in one mapping, in a list of
requests, next to a delete, and random sets of renames (hypothesis)."""
from __future__ import annotations

import copy
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from iam_studio.core.scenario import edits
from iam_studio.core.scenario.load import load_scenario_text
from iam_studio.core.scenario.save import dump_scenario_text

TEXT = """\
iam_studio: 1
title: Renames
account: "123456789012"

policies:
  # c-policies
  ReadAll:          # c-readall
    document: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:Get*", Resource: "*"}]}
  WriteAll:         # c-writeall
    document: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:Put*", Resource: "*"}]}
  ListAll:
    document: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:List*", Resource: "*"}]}

users:
  # c-first
  alice: {}         # c-alice
  bob:              # c-bob
    groups: [Dev, Ops]
  # c-before-carol
  carol:
    groups: [Ops]   # c-carol-groups
    policies: [ListAll]
  dave: {}          # c-dave
  erin:             # c-erin
    path: /staff/

groups:
  Dev:              # c-dev
    policies: [ReadAll]
  # c-before-ops
  Ops:
    policies: [WriteAll, ReadAll]
  Audit: {}         # c-audit

requests:
  # c-request-one
  - name: one       # c-one
    principal: user/bob
    action: s3:GetObject
    resource: arn:aws:s3:::photos/a.jpg
  # c-request-two
  - name: two
    principal: user/carol   # c-two-principal
    action: s3:PutObject
    resource: arn:aws:s3:::photos/a.jpg

layout:
  user/alice: [10, 20]     # c-layout-alice
  user/bob: [30, 40]
  group/Dev: [50, 60]      # c-layout-dev
"""
USERS = ["alice", "bob", "carol", "dave", "erin"]
GROUPS = ["Dev", "Ops", "Audit"]
POLICIES = ["ReadAll", "WriteAll", "ListAll"]


def load(text: str):
    scenario, diagnostics = load_scenario_text(text)
    assert scenario is not None, [d.format() for d in diagnostics]
    return scenario


def renamed_text(text: str, names: dict[str, str]) -> str:
    """`text` with each old name, where it stands as a name, replaced by its new one."""
    for old, new in names.items():
        text = re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", new, text)
    return text


def lines(text: str) -> list[str]:
    """Lines with runs of spaces made one (a comment's column moves with a longer or shorter name)."""
    return [re.sub(r" +", " ", line) for line in text.splitlines()]


def test_several_renames_in_one_mapping_keep_their_places_and_comments():
    sc = load(TEXT)
    edits.rename(sc, "user/alice", "ann")
    edits.rename(sc, "user/carol", "cat")
    edits.rename(sc, "user/erin", "eve")
    edits.rename(sc, "group/Dev", "Developers")
    edits.rename(sc, "group/Audit", "Auditors")
    out = dump_scenario_text(sc)
    names = {"alice": "ann", "carol": "cat", "erin": "eve", "Dev": "Developers", "Audit": "Auditors"}
    assert lines(out) == lines(renamed_text(TEXT, names))
    assert list(load(out).users) == ["ann", "bob", "cat", "dave", "eve"]


def test_renamed_requests_keep_their_places_and_comments():
    sc = load(TEXT)
    for index, name in ((0, "first"), (1, "second")):
        spec = copy.deepcopy(sc.requests[index])
        spec.name = name
        edits.replace_request(sc, index, spec)
    out = dump_scenario_text(sc)
    assert lines(out) == lines(renamed_text(TEXT, {"one": "first", "two": "second"}))


def test_a_rename_next_to_a_delete_keeps_its_place_and_comment():
    sc = load(TEXT)
    edits.rename(sc, "user/dave", "david")
    edits.delete_node(sc, "user/erin")              # the entry after it: both leave the same gap
    out = dump_scenario_text(sc)
    assert list(load(out).users) == ["alice", "bob", "carol", "david"]
    assert " david: {} # c-dave" in lines(out)
    assert "c-erin" not in out


@st.composite
def renames(draw):
    """Renames of some users, groups and policies (some twice over), in any order, to fresh names;
    and the name each renamed entry ends with."""
    old = [("user", n) for n in USERS] + [("group", n) for n in GROUPS] + [("policy", n) for n in POLICIES]
    taken = {n.lower() for _, n in old} | {"null", "true", "false"}
    chosen = draw(st.lists(st.sampled_from(old), min_size=1, max_size=len(old), unique=True))
    fresh = draw(st.lists(st.from_regex(r"\A[a-z]{2,6}[0-9]{0,2}\Z").filter(lambda n: n not in taken),
                          min_size=2 * len(chosen), max_size=2 * len(chosen), unique=True))
    per_entry, final = [], {}
    for i, (kind, name) in enumerate(chosen):
        new = fresh[i]
        entry_steps = [(f"{kind}/{name}", new)]
        if draw(st.booleans()):                 # renamed again before the save
            entry_steps.append((f"{kind}/{new}", fresh[len(chosen) + i]))
            new = fresh[len(chosen) + i]
        per_entry.append(entry_steps)
        final[name] = new
    order = draw(st.permutations(range(len(chosen))))
    return [step for i in order for step in per_entry[i]], final


@settings(max_examples=60, deadline=None)
@given(renames())
def test_random_renames_in_one_save_keep_order_and_comments(case):
    steps, final = case
    sc = load(TEXT)
    for key, new in steps:
        edits.rename(sc, key, new)
    out = dump_scenario_text(sc)
    assert lines(out) == lines(renamed_text(TEXT, final))
    again = load(out)
    assert list(again.users) == [final.get(n, n) for n in USERS]
    assert list(again.groups) == [final.get(n, n) for n in GROUPS]


def test_a_field_that_goes_while_another_comes_is_not_a_rename():
    """Found by the random-edits test: detaching carol's only policy and making it her boundary took
    `policies: [ListAll]` for a renamed key and wrote `boundary: [ListAll]`, which does not load."""
    sc = load(TEXT)
    edits.disconnect(sc, "policy/ListAll", "user/carol", "attached")
    edits.connect(sc, "policy/ListAll", "user/carol", boundary=True)
    out = dump_scenario_text(sc)
    assert "    boundary: ListAll\n" in out
    again = load(out)
    assert again.users["carol"].boundary == "ListAll"
    assert again.users["carol"].policies == []
