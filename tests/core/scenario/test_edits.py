"""Scenario edits: each is refused with a reason or gives a scenario that loads, and undoes exactly."""
from __future__ import annotations

import pytest

from iam_studio.core.engine.engine import Engine
from iam_studio.core.scenario import edits
from iam_studio.core.scenario.edits import EdgeKind, Refused
from iam_studio.core.scenario.load import load_scenario_text
from iam_studio.core.scenario.model import RequestSpec
from iam_studio.core.scenario.save import dump_scenario_text

TEXT = """\
iam_studio: 1
title: Trust with MFA
account: "123456789012"
policies:
  MayAssume:
    document:
      Version: "2012-10-17"
      Statement:
        - {Effect: Allow, Action: sts:AssumeRole, Resource: "arn:aws:iam::123456789012:role/Admin"}
users:
  alice:
    policies: [MayAssume]
  bob:
    policies: [MayAssume]
roles:
  Admin:
    # only with MFA
    trust:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: {AWS: "arn:aws:iam::123456789012:user/alice"}
          Action: sts:AssumeRole
          Condition: {Bool: {aws:MultiFactorAuthPresent: "true"}}
requests:
  - name: alice without MFA
    principal: user/alice
    action: sts:AssumeRole
    resource: arn:aws:iam::123456789012:role/Admin
    expect: implicit_deny
"""


def load(text: str = TEXT):
    scenario, diagnostics = load_scenario_text(text, "t.yaml")
    assert scenario is not None, diagnostics
    return scenario


def decision(scenario, index: int = 0) -> str:
    return Engine(scenario).evaluate(scenario.requests[index]).decision.value


def test_a_trust_edge_keeps_the_conditions_of_the_trust_policy():
    sc = load()
    edits.connect(sc, "role/Admin", "user/bob")
    assert decision(sc) == "implicit_deny"              # alice still needs MFA
    first = sc.roles["Admin"].trust.statements[0]
    assert [c.operator for c in first.conditions] == ["Bool"]
    edits.disconnect(sc, "role/Admin", "user/bob", "trust")
    text = dump_scenario_text(sc)
    assert "aws:MultiFactorAuthPresent" in text
    assert decision(load(text)) == "implicit_deny"


def test_removing_the_last_principal_of_a_statement_drops_only_that_statement():
    sc = load()
    edits.connect(sc, "role/Admin", "user/bob")
    edits.disconnect(sc, "role/Admin", "user/alice", EdgeKind.TRUST)
    statements = sc.roles["Admin"].trust.statements
    assert [st.principal.values("AWS") for st in statements] == [("arn:aws:iam::123456789012:user/bob",)]


@pytest.mark.parametrize("name", ["café", "x" * 65, "", "with space", "a#b"])
def test_names_the_loader_rejects_are_refused(name):
    sc = load()
    with pytest.raises(Refused):
        edits.add_node(sc, "user", name)
    assert dump_scenario_text(sc) == TEXT


def test_names_ignore_case_like_iam():
    sc = load()
    with pytest.raises(Refused, match="same name"):
        edits.add_node(sc, "user", "Alice")


def test_rename_carries_requests_trust_principals_and_attachments():
    sc = load()
    assert edits.rename(sc, "user/alice", "alicia") == "user/alicia"
    assert sc.requests[0].principal == "user/alicia"
    assert sc.roles["Admin"].trust.statements[0].principal.values("AWS") == ("arn:aws:iam::123456789012:user/alicia",)
    assert edits.rename(sc, "policy/MayAssume", "AssumeAdmin") == "policy/AssumeAdmin"
    assert sc.users["alicia"].policies == ["AssumeAdmin"] and sc.users["bob"].policies == ["AssumeAdmin"]
    again = load(dump_scenario_text(sc))
    assert decision(again) == "implicit_deny"


def test_deleting_a_user_a_request_names_is_refused_with_a_reason():
    sc = load()
    with pytest.raises(Refused, match="alice without MFA"):
        edits.delete_node(sc, "user/alice")
    assert dump_scenario_text(sc) == TEXT


def test_deleting_a_policy_detaches_it_everywhere():
    sc = load()
    edits.delete_node(sc, "policy/MayAssume")
    assert sc.users["alice"].policies == [] and "MayAssume" not in sc.policies
    assert load(dump_scenario_text(sc)).users["bob"].policies == []


def test_refused_edges_say_why():
    sc = load()
    edits.add_node(sc, "group", "Devs")
    with pytest.raises(Refused, match="do not nest"):
        edits.add_node(sc, "group", "Ops") and edits.connect(sc, "group/Devs", "group/Ops")
    with pytest.raises(Refused, match="only users and roles"):
        edits.connect(sc, "policy/MayAssume", "group/Devs", boundary=True)
    with pytest.raises(Refused):
        edits.disconnect(sc, "user/alice", "group/Devs", "member")
    with pytest.raises(Refused):
        edits.disconnect(sc, "user/alice", "group/Devs", "no-such-kind")


def test_a_resource_needs_no_more_than_a_name():
    sc = load()
    assert edits.add_node(sc, "resource", "photos") == "resource/photos"
    assert sc.resources["photos"].arn == "arn:aws:s3:::photos"
    with pytest.raises(Refused, match="does not run code"):
        edits.connect(sc, "resource/photos", "role/Admin")


def test_policy_text_goes_through_the_parser_and_keeps_every_element():
    sc = load()
    text = ('{"Version": "2012-10-17", "Id": "x", "Statement": [{"Sid": "A", "Effect": "Allow", '
            '"Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}')
    edits.set_policy_text(sc, "MayAssume", text)
    document = load(dump_scenario_text(sc)).policies["MayAssume"].source.to_plain()
    assert document["Id"] == "x" and document["Statement"][0]["Condition"] == {"Bool": {"aws:SecureTransport": "true"}}
    with pytest.raises(Refused) as refused:
        edits.set_policy_text(sc, "MayAssume", '{"Version": "2012-10-17", "Statement": [{"Effect": "Maybe"}]}')
    assert refused.value.diagnostics
    with pytest.raises(Refused, match="6144|6,144|limit"):
        edits.set_policy_text(sc, "MayAssume", '{"Version": "2012-10-17", "Statement": [' + ",".join(
            [f'{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket-{i:05}/*"}}'
             for i in range(200)]) + "]}")
    with pytest.raises(Refused, match="read-only"):
        edits.set_policy_text(sc, "arn:aws:iam::aws:policy/ReadOnlyAccess", text)


def test_inline_policies_are_addressed_by_owner():
    sc = load()
    key = edits.add_inline_policy(sc, "user/bob", "Mine")
    assert key == "policy/user/bob#inline/Mine"
    assert sc.users["bob"].inline["Mine"].name == "user/bob#inline/Mine"
    edits.rename(sc, "user/bob", "robert")
    assert sc.users["robert"].inline["Mine"].name == "user/robert#inline/Mine"
    edits.delete_node(sc, "policy/user/robert#inline/Mine")
    assert sc.users["robert"].inline == {}


def test_requests_are_added_replaced_and_removed():
    sc = load()
    spec = RequestSpec("bob too", "user/bob", "sts:AssumeRole", "arn:aws:iam::123456789012:role/Admin")
    assert edits.add_request(sc, spec) == 1
    with pytest.raises(Refused, match="already a request"):
        edits.add_request(sc, spec)
    with pytest.raises(Refused):
        edits.replace_request(sc, 1, RequestSpec("bad", "user/nobody", "sts:AssumeRole", "*"))
    edits.remove_request(sc, 1)
    assert dump_scenario_text(sc) == TEXT


def test_undo_of_a_sequence_gives_the_text_back_and_redo_the_edited_text():
    sc = load()
    changes = [edits.record(sc, edits.add_node, "user", "carol"),
               edits.record(sc, edits.connect, "role/Admin", "user/carol"),
               edits.record(sc, edits.rename, "role/Admin", "Administrator"),
               edits.record(sc, edits.set_positions, {"user/carol": (10, 20)})]
    edited = dump_scenario_text(sc)
    for change in reversed(changes):
        change.undo()
    assert dump_scenario_text(sc) == TEXT
    for change in changes:
        change.redo()
    assert dump_scenario_text(sc) == edited


def test_a_policy_without_a_type_takes_the_type_of_its_remaining_use_as_the_loader_gives_it():
    """`AllowS3Only` is attached to a user and to an OU as an SCP; its first use makes it an identity
    policy. Detached from the user, the saved file makes it an SCP: the model says so too, and undo
    gives the identity policy back."""
    from pathlib import Path

    from iam_studio.core.policy.model import PolicyType
    path = Path(__file__).parents[2] / "cases" / "evaluation" / "scp-levels.yaml"
    text = path.read_text(encoding="utf-8")
    sc, _ = load_scenario_text(text, str(path))
    assert sc is not None and sc.policies["AllowS3Only"].policy_type is PolicyType.IDENTITY
    change = edits.record(sc, edits.disconnect, "policy/AllowS3Only", "user/s3user", "attached")
    again, _ = load_scenario_text(dump_scenario_text(sc), str(path))
    assert again is not None
    assert sc.policies["AllowS3Only"].policy_type is again.policies["AllowS3Only"].policy_type is PolicyType.SCP
    assert sc.policies["AllowS3Only"].arn == again.policies["AllowS3Only"].arn
    change.undo()
    assert sc.policies["AllowS3Only"].policy_type is PolicyType.IDENTITY
    assert dump_scenario_text(sc) == text


STARTERS = """\
iam_studio: 1
account: "123456789012"
roles:
  App: {}
resources:
  photos: {arn: "arn:aws:s3:::photos"}
  jobs: {arn: "arn:aws:sqs:us-east-1:123456789012:jobs"}
  key: {arn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
  web: {arn: "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0"}
"""


@pytest.mark.parametrize("key", ["resource/photos#policy", "resource/jobs#policy", "resource/key#policy",
                                 "resource/web#policy", "role/App#trust", "policy/Fresh", "user/x#inline/Fresh"])
def test_a_document_not_written_yet_starts_as_a_valid_one_of_its_type(key):
    """The editor's starter for a bucket policy names a Principal (a bucket with no policy showed one without
    it, and a red "statement #1 has no Principal" for text the learner never typed)."""
    import json

    scenario, _ = load_scenario_text(STARTERS + "users: {x: {}}\n", "s.yaml")
    document = edits.starter_document(scenario, key)
    if key.startswith("policy/"):
        edits.add_node(scenario, "policy", "Fresh")
    assert [d for d in edits.set_policy_text(scenario, key, json.dumps(document)) if d.is_error] == []
    statement = document["Statement"][0]
    assert ("Principal" in statement) is key.startswith(("resource/", "role/"))
    if key == "resource/photos#policy":
        assert statement["Resource"] == "arn:aws:s3:::photos/*" and statement["Action"] == "s3:GetObject"
