"""What would flip a request of the root user? No policy can be attached to it, so only a Deny in a
resource-based policy or in an SCP stops it; and a bucket policy cannot stop it managing that bucket policy.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html (the root user is
allowed in its own account unless a policy denies it) and
https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html (the bucket owner's root user
can always get, put and delete the bucket policy; only SCPs, RCPs and VPC endpoint policies can stop it).
"""
from __future__ import annotations

from iam_studio.core.analysis.changes import ChangeKind
from iam_studio.core.analysis.flip import what_would_flip, working_copy
from iam_studio.core.engine.engine import Engine
from iam_studio.core.engine.result import Decision
from iam_studio.core.scenario.address import PolicyAddress, find_policy
from iam_studio.core.scenario.load import load_scenario_text

ACCOUNT = """\
iam_studio: 1
account: "123456789012"
resources:
  photos:
    arn: arn:aws:s3:::photos
  web:
    arn: arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0
  locked:
    arn: arn:aws:s3:::locked
    policy:
      Version: "2012-10-17"
      Statement:
        - {Sid: DenyEveryone, Effect: Deny, Principal: "*", Action: "s3:*",
           Resource: ["arn:aws:s3:::locked", "arn:aws:s3:::locked/*"]}
requests:
  - {name: root deletes a photo, principal: root, action: s3:DeleteObject, resource: "arn:aws:s3:::photos/a.jpg"}
  - {name: root deletes a user, principal: root, action: iam:DeleteUser,
     resource: "arn:aws:iam::123456789012:user/bob"}
  - {name: root deletes the locked bucket's policy, principal: root, action: s3:DeleteBucketPolicy,
     resource: "arn:aws:s3:::locked"}
  - {name: root reads the photos bucket's policy, principal: root, action: s3:GetBucketPolicy,
     resource: "arn:aws:s3:::photos"}
  - {name: root stops the web server, principal: root, action: ec2:StopInstances,
     resource: "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0"}
"""

ORGANIZATION = """\
organization:
  management_account: "999999999999"
  accounts: ["123456789012"]
  scps:
    - target: r-root
      policies: [FullAWSAccess, Guardrails]
policies:
  Guardrails:
    document:
      Version: "2012-10-17"
      Statement:
        - {Sid: NoLeaving, Effect: Deny, Action: "organizations:LeaveOrganization", Resource: "*"}
"""


def ask(name: str, text: str = ACCOUNT):
    sc, diagnostics = load_scenario_text(text, "root.yaml")
    assert sc is not None, [d.format() for d in diagnostics]
    request = next(r for r in sc.requests if r.name == name)
    return sc, request, what_would_flip(sc, request)


def test_a_bucket_without_a_policy_gets_its_first_one_with_a_deny_for_the_root_user():
    sc, request, answer = ask("root deletes a photo")
    assert answer.decision is Decision.ALLOWED
    flip = next(f for f in answer.flips if f.kind is ChangeKind.ADD_STATEMENT)
    assert flip.policy == "resource/photos#policy" and flip.new_decision is Decision.EXPLICIT_DENY
    assert "add a resource-based policy to resource/photos with a Deny statement" in flip.description
    changed = working_copy(sc)
    flip.apply(changed)
    assert find_policy(sc, PolicyAddress.resource("photos")) is None            # the question changed nothing
    statement = find_policy(changed, PolicyAddress.resource("photos")).statements[0]
    assert statement.effect == "Deny" and statement.principal is not None
    # the account's root ARN names the whole account: the Deny is narrowed to its root user
    assert [(c.operator, c.key, c.values) for c in statement.conditions] == [
        ("StringEquals", "aws:PrincipalType", ("Account",))]
    assert "for the root user of account 123456789012" in flip.description
    assert Engine(changed).evaluate(request).decision is Decision.EXPLICIT_DENY


def test_nothing_in_a_standalone_account_stops_the_root_user_and_the_note_says_why():
    _, _, answer = ask("root deletes a user")
    assert answer.decision is Decision.ALLOWED and answer.flips == ()
    assert any("no policy can be attached to the root user" in note and "MFA" in note for note in answer.notes)


def test_a_bucket_policy_deny_is_not_offered_against_the_root_user_managing_that_policy():
    _, _, answer = ask("root deletes the locked bucket's policy")
    assert answer.decision is Decision.ALLOWED and answer.flips == ()
    assert any("read, replace and delete the bucket policy whatever it says" in note for note in answer.notes)
    assert not any("no policy can be attached to the root user" in note for note in answer.notes)


def test_in_a_member_account_an_scp_deny_stops_the_root_user_managing_the_bucket_policy():
    sc, request, answer = ask("root deletes the locked bucket's policy", ACCOUNT + ORGANIZATION)
    assert [f.policy for f in answer.flips] == ["Guardrails"]
    changed = working_copy(sc)
    answer.flips[0].apply(changed)
    result = Engine(changed).evaluate(request)
    assert result.decision is Decision.EXPLICIT_DENY and result.deciding[0].policy == "Guardrails"


def test_a_bucket_without_a_policy_gets_no_deny_against_the_root_user_managing_its_policy():
    """A first bucket policy with a Deny would not stop it either: nothing is offered, and the note says why
    (not "only a Deny in a resource-based policy can stop it")."""
    _, _, answer = ask("root reads the photos bucket's policy")
    assert answer.decision is Decision.ALLOWED and answer.flips == ()
    assert any("read, replace and delete the bucket policy whatever it says" in note for note in answer.notes)
    assert not any("no policy can be attached" in note or "gets past this" in note for note in answer.notes)


def test_no_first_resource_based_policy_is_offered_for_an_ec2_instance():
    """An EC2 instance has no resource-based policy in AWS: the only stop for the root user there is none."""
    _, _, answer = ask("root stops the web server")
    assert answer.decision is Decision.ALLOWED and answer.flips == ()
    assert any("no policy can be attached to the root user" in note and "VPC endpoint" in note
               for note in answer.notes)


SIGN_INS = """\
iam_studio: 1
account: "123456789012"
root: {mfa: false}
users:
  kim: {console: true}
requests:
  - {name: root signs in with a password only, principal: root, action: iam:ListUsers, resource: "*",
     credential: {type: console, mfa: false}}
  - {name: root signs in with MFA, principal: root, action: iam:ListUsers, resource: "*",
     credential: {type: console, mfa: true}}
  - {name: kim signs in with a password only, principal: user/kim, action: sts:GetCallerIdentity,
     resource: "*", credential: {type: console, mfa: false}}
"""


def test_an_mfa_device_flips_a_sign_in_either_way():
    """Once the root user or a user has an MFA device, AWS asks for its code at every console sign-in: a
    password-only sign-in is then refused, and one with MFA is no longer impossible
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-virt-mfa-for-root.html, console_sign-in-mfa.html)."""
    _, _, answer = ask("root signs in with a password only", SIGN_INS)
    assert answer.decision is Decision.ALLOWED
    assert [(f.description, f.new_decision) for f in answer.flips] == [
        ("give the root user an MFA device", Decision.NOT_AUTHENTICATED)]
    sc, request, answer = ask("root signs in with MFA", SIGN_INS)
    assert answer.decision is Decision.NOT_AUTHENTICATED
    assert [(f.description, f.new_decision) for f in answer.flips] == [
        ("give the root user an MFA device", Decision.ALLOWED)]
    changed = working_copy(sc)
    answer.flips[0].apply(changed)
    assert changed.root_mfa is True and Engine(changed).evaluate(request).decision is Decision.ALLOWED
    _, _, answer = ask("kim signs in with a password only", SIGN_INS)
    assert [f.description for f in answer.flips if f.kind is ChangeKind.ADD_MFA_DEVICE] == [
        "give user kim an MFA device"]
