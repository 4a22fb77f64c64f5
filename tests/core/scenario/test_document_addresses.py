"""Documents written in place of a reference are named by their place (`request/1#session_policy/0`,
`group/Dev#policies/1`, `scp/0#policies/1`): after any edit the address is the one the loader gives
the saved file, and what names the address (layout, `expect.by`) follows it."""
from __future__ import annotations

import copy

from iam_studio.core.scenario import edits
from iam_studio.core.scenario.address import addressed_policies
from iam_studio.core.scenario.load import load_scenario_text
from iam_studio.core.scenario.model import RequestSpec, Scenario
from iam_studio.core.scenario.save import dump_scenario_text

DOC = '{Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]}'
ALL = '{Version: "2012-10-17", Statement: [{Effect: Allow, Principal: "*", Action: "*", Resource: "*"}]}'
TEXT = f"""\
iam_studio: 1
title: Places
account: "123456789012"
policies:
  S3Read:
    document: {DOC}
  DenyAll:
    type: scp
    document: {{Version: "2012-10-17", Statement: [{{Effect: Deny, Action: "iam:*", Resource: "*"}}]}}
users:
  alice:
    groups: [Dev]
groups:
  Dev:
    policies: [S3Read, {DOC}]
organization:
  scps:
    - target: r-root
      policies: [FullAWSAccess, DenyAll, {DOC}]
requests:
  - name: first
    principal: user/alice
    action: s3:GetObject
    resource: arn:aws:s3:::photos/a.jpg
    session_policy: {DOC}
  - name: second
    principal: user/alice
    action: s3:GetObject
    resource: arn:aws:s3:::photos/a.jpg
    session_policy: [S3Read, {DOC}]
    vpc_endpoint_policy: {ALL}
    expect:
      decision: allowed
      by: ["request/1#session_policy/1#0"]
layout:
  policy/group/Dev#policies/1: [10, 20]
"""


def load(text: str) -> Scenario:
    scenario, diagnostics = load_scenario_text(text)
    assert scenario is not None, [d.format() for d in diagnostics]
    return scenario


def addresses(sc: Scenario) -> dict[str, str]:
    """Every policy by its address, with the name its Policy carries (what the trace shows)."""
    return {address: policy.name for address, policy in addressed_policies(sc).items()}


def assert_as_reloaded(sc: Scenario) -> Scenario:
    again = load(dump_scenario_text(sc))
    assert addresses(sc) == addresses(again)
    assert [(r.session_policies, r.vpc_endpoint_policy, r.expect_by and [e.policy for e in r.expect_by])
            for r in sc.requests] == [(r.session_policies, r.vpc_endpoint_policy,
                                       r.expect_by and [e.policy for e in r.expect_by]) for r in again.requests]
    return again


def test_removing_an_earlier_request_renumbers_the_later_ones_documents():
    sc = load(TEXT)
    edits.remove_request(sc, 0)
    request = sc.requests[0]
    assert request.session_policies == ["S3Read", "request/0#session_policy/1"]
    assert request.vpc_endpoint_policy == "request/0#vpc_endpoint_policy"
    assert sc.policies["request/0#session_policy/1"].name == "request/0#session_policy/1"
    assert "request/1#session_policy/1" not in sc.policies
    assert [e.text for e in request.expect_by] == ["request/0#session_policy/1#0"]
    again = assert_as_reloaded(sc)
    assert [e.text for e in again.requests[0].expect_by] == ["request/0#session_policy/1#0"]


def test_inserting_a_request_in_front_renumbers_upwards():
    sc = load(TEXT)
    edits.add_request(sc, RequestSpec("zero", "user/alice", "s3:GetObject", "*"), 0)
    assert sc.requests[1].session_policies == ["request/1#session_policy/0"]
    assert sc.requests[2].session_policies == ["S3Read", "request/2#session_policy/1"]
    assert sc.requests[2].vpc_endpoint_policy == "request/2#vpc_endpoint_policy"
    assert_as_reloaded(sc)


def test_detaching_an_earlier_policy_renumbers_the_list_and_moves_the_layout():
    sc = load(TEXT)
    edits.disconnect(sc, "policy/S3Read", "group/Dev", "attached")
    assert sc.groups["Dev"].policies == ["group/Dev#policies/0"]
    assert sc.extra["layout"] == {"policy/group/Dev#policies/0": [10, 20]}
    edits.detach_from_level(sc, "scp", 0, "policy/DenyAll")
    assert sc.organization.scps[0].policies == ["FullAWSAccess", "scp/0#policies/1"]
    assert_as_reloaded(sc)


def test_renaming_the_owner_moves_its_documents_and_their_layout():
    sc = load(TEXT)
    edits.rename(sc, "group/Dev", "Developers")
    assert sc.groups["Developers"].policies == ["S3Read", "group/Developers#policies/1"]
    assert sc.extra["layout"] == {"policy/group/Developers#policies/1": [10, 20]}
    assert_as_reloaded(sc)


def test_undo_gives_back_the_addresses_as_loaded():
    sc = load(TEXT)
    before = addresses(sc)
    change = edits.record(sc, edits.remove_request, 0)
    assert addresses(sc) != before
    change.undo()
    assert addresses(sc) == before and dump_scenario_text(sc) == TEXT


def test_a_request_saved_as_new_gets_its_own_copy_of_the_documents():
    """Saving a request with a session policy document as new made the copy name the first request's
    document, and the first request then named the copy's address: editing one changed both in memory,
    never in the saved file."""
    sc = load(TEXT)
    spec = copy.deepcopy(sc.requests[1])
    spec.name = "second, again"
    edits.add_request(sc, spec)
    assert sc.requests[1].session_policies == ["S3Read", "request/1#session_policy/1"]
    assert sc.requests[2].session_policies == ["S3Read", "request/2#session_policy/1"]
    assert sc.requests[2].vpc_endpoint_policy == "request/2#vpc_endpoint_policy"
    assert_as_reloaded(sc)


def test_a_session_policy_picked_from_another_request_is_copied_to_this_one():
    sc = load(TEXT)
    spec = copy.deepcopy(sc.requests[0])
    spec.session_policies = ["request/1#session_policy/1"]
    edits.replace_request(sc, 0, spec)
    assert sc.requests[0].session_policies == ["request/0#session_policy/0"]
    assert sc.requests[1].session_policies == ["S3Read", "request/1#session_policy/1"]
    assert_as_reloaded(sc)


def test_replacing_a_request_without_its_documents_forgets_them():
    """The replaced request's session policy document stayed in the model, where the saved file has none."""
    sc = load(TEXT)
    spec = copy.deepcopy(sc.requests[0])
    spec.session_policies = []
    edits.replace_request(sc, 0, spec)
    assert "request/0#session_policy/0" not in sc.policies
    assert_as_reloaded(sc)
