"""What would flip this? The candidates for each kind of decision, each verified by the engine.

The decisions themselves follow "Policy evaluation logic":
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html (an explicit deny
wins; without an allow the request is implicitly denied; a permissions boundary and every SCP level must allow
too), https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html (needs no permission).
"""
from __future__ import annotations

import json

from iam_studio.core.analysis.changes import ChangeKind
from iam_studio.core.analysis.flip import what_would_flip, working_copy
from iam_studio.core.engine.engine import Engine
from iam_studio.core.engine.result import Decision
from iam_studio.core.scenario.address import find_policy
from iam_studio.core.scenario.load import load_scenario_text
from iam_studio.core.scenario.save import dump_scenario_text, policy_document

ACCOUNT = """\
iam_studio: 1
account: "123456789012"
policies:
  Photos:
    document:
      Version: "2012-10-17"
      Statement:
        - Sid: ReadWrite
          Effect: Allow
          Action: [s3:GetObject, s3:PutObject, s3:DeleteObject]
          Resource: "arn:aws:s3:::photos/*"
        - Sid: NoDeletes
          Effect: Deny
          Action: s3:DeleteObject
          Resource: "arn:aws:s3:::photos/*"
        - Sid: ListFromOffice
          Effect: Allow
          Action: s3:ListBucket
          Resource: "arn:aws:s3:::photos"
          Condition: {IpAddress: {aws:SourceIp: 203.0.113.0/24}}
  ReadOnlyBoundary:
    document:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: s3:GetObject
          Resource: "*"
groups:
  Developers:
    policies: [Photos]
users:
  alice:
    groups: [Developers]
    access_keys:
      - {id: AKIAALICEEXAMPLE0001, secret: alicesecret}
  bob:
    groups: [Developers]
    boundary: ReadOnlyBoundary
  carol: {}
requests:
  - name: alice deletes
    principal: user/alice
    action: s3:DeleteObject
    resource: arn:aws:s3:::photos/a.jpg
  - name: alice reads
    principal: user/alice
    action: s3:GetObject
    resource: arn:aws:s3:::photos/a.jpg
  - name: bob reads
    principal: user/bob
    action: s3:GetObject
    resource: arn:aws:s3:::photos/a.jpg
  - name: bob writes
    principal: user/bob
    action: s3:PutObject
    resource: arn:aws:s3:::photos/a.jpg
  - name: carol reads
    principal: user/carol
    action: s3:GetObject
    resource: arn:aws:s3:::photos/a.jpg
  - name: alice lists from home
    principal: user/alice
    action: s3:ListBucket
    resource: arn:aws:s3:::photos
    context: {aws:SourceIp: 198.51.100.7}
  - name: alice signs with a wrong secret
    principal: user/alice
    action: s3:GetObject
    resource: arn:aws:s3:::photos/a.jpg
    credential: {type: access_key, key_id: AKIAALICEEXAMPLE0001, secret: wrong}
  - name: alice asks who she is
    principal: user/alice
    action: sts:GetCallerIdentity
    resource: "*"
"""


def scenario():
    loaded, diagnostics = load_scenario_text(ACCOUNT, "account.yaml")
    assert loaded is not None, [d.format() for d in diagnostics]
    return loaded


def ask(name: str):
    sc = scenario()
    request = next(r for r in sc.requests if r.name == name)
    return sc, request, what_would_flip(sc, request)


def applied(sc, request, flip):
    changed = working_copy(sc)
    flip.apply(changed)
    return changed, Engine(changed).evaluate(request)


def test_an_explicit_deny_is_flipped_by_taking_out_the_denying_statement():
    sc, request, answer = ask("alice deletes")
    assert answer.decision is Decision.EXPLICIT_DENY
    removal = next(f for f in answer.flips if f.kind is ChangeKind.REMOVE_STATEMENT)
    assert (removal.policy, removal.statement, removal.sid) == ("Photos", 1, "NoDeletes")
    assert removal.new_decision is Decision.ALLOWED
    assert removal.description == "remove statement NoDeletes from policy Photos"
    changed, result = applied(sc, request, removal)
    assert result.decision is Decision.ALLOWED
    # The policy is rewritten from its full document: the other statements keep their Conditions.
    document = policy_document(find_policy(changed, "Photos"))
    assert [s["Sid"] for s in document["Statement"]] == ["ReadWrite", "ListFromOffice"]
    assert document["Statement"][1]["Condition"] == {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}


def test_only_verified_edits_are_offered():
    # Leaving the group or detaching Photos takes the deny away but the allow too: still denied, so not a flip.
    _, _, answer = ask("alice deletes")
    kinds = {f.kind for f in answer.flips}
    assert ChangeKind.LEAVE_GROUP not in kinds and ChangeKind.DETACH_POLICY not in kinds
    assert answer.tried > len(answer.flips)


def test_a_boundary_that_caps_an_allow_is_opened_or_removed():
    sc, request, answer = ask("bob writes")
    assert answer.decision is Decision.IMPLICIT_DENY
    by_kind = {f.kind: f for f in answer.flips}
    added = by_kind[ChangeKind.ADD_STATEMENT]
    assert added.policy == "ReadOnlyBoundary" and added.statement == 1
    assert "s3:PutObject on arn:aws:s3:::photos/a.jpg" in added.description
    assert by_kind[ChangeKind.REMOVE_BOUNDARY].new_decision is Decision.ALLOWED
    assert all(applied(sc, request, f)[1].decision is Decision.ALLOWED for f in answer.flips)


def test_an_implicit_deny_without_any_policy_gets_an_exact_allow():
    sc, request, answer = ask("carol reads")
    (flip,) = [f for f in answer.flips if f.kind is ChangeKind.ADD_STATEMENT]
    assert flip.policy == "user/carol#inline/AllowS3GetObject"
    changed, result = applied(sc, request, flip)
    assert result.decision is Decision.ALLOWED
    other = type(request)("other", "user/carol", "s3:GetObject", "arn:aws:s3:::photos/b.jpg")
    assert Engine(changed).evaluate(other).decision is Decision.IMPLICIT_DENY     # least privilege: this object only


def test_an_allow_is_stopped_by_narrowing_or_a_deny_and_says_what_else_changes():
    sc, request, answer = ask("alice reads")
    assert answer.decision is Decision.ALLOWED
    narrowed = next(f for f in answer.flips if f.kind is ChangeKind.REMOVE_VALUES)
    assert "remove s3:GetObject from the Action of statement ReadWrite" in narrowed.description
    assert narrowed.new_decision is Decision.IMPLICIT_DENY
    # Photos is attached to the whole group: bob's read goes too.
    assert [(c.request, c.old, c.new) for c in narrowed.also_changes] == [
        ("bob reads", Decision.ALLOWED, Decision.IMPLICIT_DENY)]
    deny = next(f for f in answer.flips if f.kind is ChangeKind.ADD_STATEMENT and f.policy.startswith("user/"))
    assert deny.new_decision is Decision.EXPLICIT_DENY and deny.also_changes == ()
    # The smallest change first: the flips that change no other saved request come before those that do.
    counts = [len(f.also_changes) for f in answer.flips]
    assert counts == sorted(counts)


def test_a_condition_the_request_misses_is_named():
    sc, request, answer = ask("alice lists from home")
    widened = next(f for f in answer.flips if f.kind is ChangeKind.REMOVE_CONDITIONS)
    assert "IpAddress aws:SourceIp" in widened.description and widened.sid == "ListFromOffice"
    assert any("changing the request" in note and "IpAddress aws:SourceIp" in note for note in answer.notes)
    changed, result = applied(sc, request, widened)
    assert result.decision is Decision.ALLOWED
    assert "Condition" not in policy_document(find_policy(changed, "Photos"))["Statement"][2]


def test_failed_authentication_cannot_be_flipped_by_a_policy_edit():
    _, _, answer = ask("alice signs with a wrong secret")
    assert answer.decision is Decision.NOT_AUTHENTICATED
    assert answer.flips == () and answer.tried == 0
    assert "fails authentication" in answer.notes[0] and "credential" in answer.notes[0]


def test_an_aws_rule_beyond_the_policies_is_said_so():
    _, _, answer = ask("alice asks who she is")
    assert answer.decision is Decision.ALLOWED and answer.flips == ()
    assert any("needs no permission" in note for note in answer.notes)


def test_the_search_is_bounded():
    sc = scenario()
    request = next(r for r in sc.requests if r.name == "alice reads")
    assert what_would_flip(sc, request, limit=2).tried == 2


def test_an_scp_level_that_allows_nothing_gets_full_access_attached():
    text = ACCOUNT.replace("requests:\n", """organization:
  scps:
    - target: r-root
      policies: [FullAWSAccess]
    - target: ou-empty
      policies: []
requests:
""", 1)
    sc, _ = load_scenario_text(text, "org.yaml")
    request = next(r for r in sc.requests if r.name == "alice reads")
    answer = what_would_flip(sc, request)
    assert answer.decision is Decision.IMPLICIT_DENY
    (flip,) = answer.flips
    assert flip.kind is ChangeKind.ATTACH_TO_LEVEL and flip.description == "attach the SCP FullAWSAccess to ou-empty"
    changed, result = applied(sc, request, flip)
    assert result.decision is Decision.ALLOWED
    assert load_scenario_text(dump_scenario_text(changed), "org.yaml")[0].organization.scps[1].policies == [
        "FullAWSAccess"]


def test_statements_added_to_a_version_2012_policy_keep_a_dollar_literal():
    odd = ("  - name: carol odd\n    principal: user/carol\n    action: s3:GetObject\n"
           "    resource: arn:aws:s3:::photos/${aws:username}.jpg\n")
    text = ACCOUNT.replace("  - name: carol reads\n", odd + "  - name: carol reads\n")
    sc, _ = load_scenario_text(text, "dollar.yaml")
    request = next(r for r in sc.requests if r.name == "carol odd")
    flip = next(f for f in what_would_flip(sc, request).flips if f.kind is ChangeKind.ADD_STATEMENT)
    statement = json.loads(flip.change.statement)
    assert statement["Resource"] == "arn:aws:s3:::photos/${$}{aws:username}.jpg"
    assert applied(sc, request, flip)[1].decision is Decision.ALLOWED


def test_edits_that_touch_a_locked_node_are_left_out_and_counted():
    sc, request, answer = ask("bob writes")
    assert {f.kind for f in answer.flips} == {ChangeKind.ADD_STATEMENT, ChangeKind.REMOVE_BOUNDARY}
    locked = what_would_flip(sc, request, locked={"policy/ReadOnlyBoundary"})
    assert locked.flips == ()          # both edit the boundary policy or its edge to bob
    assert any("2 possible edits left out" in note and "locks" in note for note in locked.notes)
    # Locking bob keeps his boundary on him, but the boundary policy itself may still change.
    assert [f.kind for f in what_would_flip(sc, request, locked={"user/bob"}).flips] == [ChangeKind.ADD_STATEMENT]


def test_asking_leaves_the_scenario_and_its_layout_alone():
    text = ACCOUNT.replace("  carol: {}\n", "  carol:\n    inline:\n      Reads:\n        Version: \"2012-10-17\"\n"
                           "        Statement: [{Effect: Allow, Action: s3:GetObject, Resource: \"*\"}]\n")
    text += "layout:\n  user/carol: [10, 20]\n  policy/user/carol#inline/Reads: [30, 40]\n"
    sc, diagnostics = load_scenario_text(text, "layout.yaml")
    assert sc is not None, [d.format() for d in diagnostics]
    request = next(r for r in sc.requests if r.name == "carol reads")
    before = dump_scenario_text(sc)
    answer = what_would_flip(sc, request)
    assert any(f.kind is ChangeKind.DELETE_POLICY for f in answer.flips)
    assert dump_scenario_text(sc) == before
    assert "policy/user/carol#inline/Reads" in sc.extra["layout"]


def test_an_assume_role_the_trust_policy_allows_is_stopped_by_taking_the_caller_out_of_it():
    text = ACCOUNT.replace("requests:\n", """roles:
  Deployer:
    trust:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: {AWS: ["arn:aws:iam::123456789012:user/carol", "arn:aws:iam::123456789012:user/alice"]}
          Action: sts:AssumeRole
          Condition: {Bool: {aws:SecureTransport: "true"}}
requests:
  - name: carol assumes Deployer
    principal: user/carol
    action: sts:AssumeRole
    resource: arn:aws:iam::123456789012:role/Deployer
    context: {aws:SecureTransport: "true"}
""", 1)
    sc, _ = load_scenario_text(text, "trust.yaml")
    request = sc.requests[0]
    answer = what_would_flip(sc, request)
    assert answer.decision is Decision.ALLOWED
    untrust = next(f for f in answer.flips if f.kind is ChangeKind.REMOVE_FROM_TRUST)
    assert untrust.description == "remove user/carol from the trust policy of role/Deployer"
    changed, result = applied(sc, request, untrust)
    assert result.decision is Decision.IMPLICIT_DENY
    (statement,) = policy_document(changed.roles["Deployer"].trust)["Statement"]
    assert statement["Principal"] == {"AWS": ["arn:aws:iam::123456789012:user/alice"]}
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "true"}}


def test_a_lessons_lock_test_can_be_given():
    sc, request, answer = ask("bob writes")
    # Removing the boundary is an edge from the boundary policy to bob: locked when either end is.
    assert what_would_flip(sc, request, locked=lambda key: key.startswith("policy/")).flips == ()
    unlocked = what_would_flip(sc, request, locked=lambda key: key == "group/Developers")
    assert {f.kind for f in unlocked.flips} == {f.kind for f in answer.flips}
