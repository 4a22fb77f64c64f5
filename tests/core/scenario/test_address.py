"""The one policy address: its string form round-trips, and the loader, the trace and lookups share it."""
from __future__ import annotations

import pytest

from iam_studio.core.engine.engine import Engine
from iam_studio.core.scenario.address import Place, PolicyAddress, find_policy
from iam_studio.core.scenario.load import load_scenario_text

TEXT = """\
iam_studio: 1
account: "123456789012"
policies:
  S3Read:
    document: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]}
users:
  alice:
    policies: [S3Read, {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:PutObject", Resource: "*"}]}]
    inline:
      Tag: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "iam:TagUser", Resource: "*"}]}
roles:
  App:
    trust: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com},
            Action: "sts:AssumeRole"}]}
requests:
  - {name: put, principal: user/alice, action: s3:PutObject, resource: "arn:aws:s3:::b/k"}
  - {name: tag, principal: user/alice, action: iam:TagUser, resource: "arn:aws:iam::123456789012:user/alice"}
"""


@pytest.mark.parametrize("text, place", [
    ("S3Read", Place.MANAGED), ("arn:aws:iam::aws:policy/ReadOnlyAccess", Place.MANAGED),
    ("user/alice#inline/Tag", Place.INLINE), ("role/App#trust", Place.TRUST), ("resource/b#policy", Place.RESOURCE),
    ("group/Dev#policies/1", Place.ATTACHED), ("role/App#boundary", Place.BOUNDARY),
    ("request/3#session_policy/0", Place.SESSION), ("request/3#vpc_endpoint_policy", Place.ENDPOINT),
    ("scp/0#policies/1", Place.ATTACHED),
])
def test_the_string_form_round_trips(text, place):
    address = PolicyAddress.parse(text)
    assert address.place is place and str(address) == text
    assert PolicyAddress.parse(address.node_key) == address


@pytest.mark.parametrize("text", ["", "user/alice#inline", "role/App#trust/x", "group/G#trust", "user/a#policies/x",
                                  "user/a#nowhere"])
def test_strings_that_name_no_policy(text):
    assert PolicyAddress.parse(text) is None


def test_the_loader_and_the_trace_name_policies_by_address():
    sc, _ = load_scenario_text(TEXT, "t.yaml")
    assert sc.users["alice"].inline["Tag"].name == "user/alice#inline/Tag"
    assert sc.users["alice"].policies == ["S3Read", "user/alice#policies/1"]
    assert sc.roles["App"].trust.name == "role/App#trust"
    engine = Engine(sc)
    for request, expected in zip(sc.requests, ["user/alice#policies/1", "user/alice#inline/Tag"], strict=True):
        (ref,) = engine.evaluate(request).deciding
        assert ref.policy == expected
        assert find_policy(sc, ref.address) is not None


@pytest.mark.parametrize("text,label", [
    ("S3Read", "`S3Read`"),
    ("arn:aws:iam::aws:policy/ReadOnlyAccess", "`ReadOnlyAccess`"),
    ("user/alice#inline/Mine", "`Mine` (inline on user alice)"),
    ("role/App#trust", "the trust policy of role App"),
    ("resource/employee-photos#policy", "the resource-based policy of employee-photos"),
    ("user/bob#boundary", "the permissions boundary of user bob"),
    ("request/1#session_policy/0", "the session policy"),
    ("request/1#vpc_endpoint_policy", "the VPC endpoint policy"),
    ("scp/1#policies/1", "`scp/1#policies/1`"),
])
def test_a_policy_is_named_in_words_for_the_trace(text, label):
    assert PolicyAddress.parse(text).label == label
