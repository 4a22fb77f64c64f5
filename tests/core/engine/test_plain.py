"""The Beginner explanation: every result of every case file and lesson told in plain sentences that agree
with the engine, and each kind of outcome told exactly.

The AWS rules the sentences state are those the engine follows (each cited in its own tests):
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html (an explicit deny
overrides any allow; without an allow, the request is implicitly denied; boundaries, session policies and SCPs
cap what identity policies allow);
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html (an instance profile hands
the instance temporary credentials for its role)."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from iam_studio.core.decision import Decision
from iam_studio.core.engine.authenticate import Refusal
from iam_studio.core.engine.engine import Engine
from iam_studio.core.engine.plain import Sentence, plain_sentences
from iam_studio.core.engine.result import Outcome, Stage
from iam_studio.core.lessons import scenario_at_step
from iam_studio.core.scenario.address import PolicyAddress
from iam_studio.core.scenario.load import load_scenario
from iam_studio.core.scenario.model import RequestSpec

ROOT = Path(__file__).parents[3]
FILES = sorted((ROOT / "tests" / "cases").rglob("*.yaml")) + sorted((ROOT / "scenarios").glob("*.yaml"))
RAW = {v for v in [*(d.value for d in Decision), *(s.value for s in Stage), *(r.value for r in Refusal),
                   "no_match", "role_session", "access_key"] if "_" in v}          # enum values as the code has them


@cache
def _load(path: Path):
    scenario, diagnostics = load_scenario(str(path))
    assert scenario is not None, diagnostics
    return scenario


def _states(path: Path):
    """The file as it opens, and for a lesson the account at each step once that step is solved."""
    start = _load(path)
    yield "start", start
    for i in range(len(start.lesson.steps) if start.lesson else 0):
        yield f"step {i + 1} solved", scenario_at_step(start, i, solved=True)


def _results():
    for path in FILES:
        for state, scenario in _states(path):
            engine = Engine(scenario)
            for spec in scenario.requests:
                yield path, state, scenario, spec, engine.evaluate(spec, explain=True)


def _told(path: Path, state: str, scenario, spec, result) -> list[Sentence]:
    return plain_sentences(result, scenario)


def _policy_word(address: str) -> str:
    """The part of a policy's address a reader sees named: its name, or its owner for a document in place."""
    addr = PolicyAddress.parse(address)
    if addr is None or addr.is_managed:
        return address.rsplit("/", 1)[-1]
    if addr.owner_kind in ("scp", "rcp", "request"):
        return {"scp": "service control policy", "rcp": "resource control policy"}.get(addr.owner_kind or "",
                                                                                       "policy")
    return addr.name if addr.place.value == "inline" else addr.owner_name or ""


def test_every_result_of_every_case_and_lesson_is_told_plainly():
    told = 0
    for path, state, scenario, spec, result in _results():
        where = f"{path.name} ({state}): {spec.name}"
        sentences = _told(path, state, scenario, spec, result)
        assert len(sentences) >= 2, where                    # who asks what, and the decision at least
        last = sentences[-1]
        if result.decision is Decision.ALLOWED:
            assert last.outcome is Outcome.ALLOW and "ALLOW" in last.text and "DENY" not in last.text, where
        else:
            assert last.outcome is Outcome.DENY and "DENY" in last.text and "ALLOW" not in last.text, where
        if result.decision is Decision.NOT_AUTHENTICATED:
            assert "not authenticated" in last.text, where
        text = " ".join(s.text for s in sentences)
        names = list(dict.fromkeys(ref.policy for ref in result.deciding))[:3] + list(result.capped_by)
        for address in names:
            assert _policy_word(address) in text, (where, address)
        for raw in RAW:
            assert not re.search(rf"\b{raw}\b", text), (where, raw)
        assert not any(mark in text for mark in ("`", "**", "#", "{'", "None", "  ")), where
        ids = {step.id for step in result.trace}
        assert all(set(s.steps) <= ids for s in sentences), where
        assert all(s.text.strip() and s.text[-1] in ".)" for s in sentences), where
        told += 1
    assert told > 450


def _one(path: str, name: str, state: int | None = None):
    scenario = _load(ROOT / path)
    if state is not None:
        scenario = scenario_at_step(scenario, state, solved=True)
    spec = next(r for r in scenario.requests if r.name == name)
    result = Engine(scenario).evaluate(spec, explain=True)
    return result, [s.text for s in plain_sentences(result, scenario)]


def test_an_explicit_deny_names_the_deny_and_the_allow_it_overrides():
    result, told = _one("scenarios/employee-directory.yaml",
                        "alice cannot delete a photo, although S3PhotosReadWrite allows it")
    assert told == [
        "The IAM user alice asks AWS to do s3:DeleteObject on arn:aws:s3:::employee-photos/alice.jpg.",
        "No credential is given, so the request is taken as already signed in as alice.",
        "The policy DenyPhotoDeletes (on the group Developers, which alice is in) has a Deny statement (named "
        "NoDeletes) that covers s3:DeleteObject on arn:aws:s3:::employee-photos/*.",
        "Without that Deny, the policy S3PhotosReadWrite (on the group Developers, which alice is in) would allow "
        "the request, but a Deny always beats an Allow.",
        "So the answer is DENY. A Deny statement that applies to the request (an explicit deny) always wins, "
        "however many policies allow it.",
    ]
    sentences = plain_sentences(result, _load(ROOT / "scenarios/employee-directory.yaml"))
    deny_step = result.trace[sentences[2].steps[0]]
    assert deny_step.statement == result.deciding[0]                  # the sentence follows the deciding step
    assert result.trace[sentences[-1].steps[0]].stage is Stage.VERDICT


def test_an_allow_says_which_policy_and_what_it_covers():
    _, told = _one("scenarios/employee-directory.yaml", "bob looks at the EC2 instances")
    assert told[2:] == [
        "The policy EC2Read (on the group Developers, which bob is in) allows it: it lets bob do ec2:Describe* "
        "(which includes ec2:DescribeInstances) on every resource (*).",
        "No Deny statement applies to it, so the answer is ALLOW.",
    ]


def test_denied_by_default_says_no_policy_allows_and_what_the_nearest_covers():
    _, told = _one("scenarios/employee-directory.yaml", "alice cannot read another bucket")
    assert told[2:] == [
        "No policy gives alice permission to do s3:GetObject on arn:aws:s3:::payroll/salaries.csv.",
        "The policy S3PhotosReadWrite (on the group Developers, which alice is in) allows s3:GetObject only on "
        "arn:aws:s3:::employee-photos/*, not on arn:aws:s3:::payroll/salaries.csv.",
        "So the answer is DENY. When no policy allows a request, AWS refuses it: this is called an implicit deny, "
        "or \u201cdenied by default\u201d.",
    ]
    _, told = _one("scenarios/employee-directory.yaml", "bob cannot stop the instance")
    assert told[3] == ("The user bob has the policies EC2Read (from the group Developers), S3PhotosReadWrite (from "
                       "the group Developers) and ChangeOwnPassword (from the group Everyone), and none of them "
                       "covers ec2:StopInstances.")


def test_a_policy_variable_is_shown_whole_with_its_value():
    _, told = _one("scenarios/employee-directory.yaml", "carol cannot change bob's password")
    assert told[3] == ("The policy ChangeOwnPassword (on the group Everyone, which carol is in) allows "
                       "iam:ChangePassword only on arn:aws:iam::123456789012:user/${aws:username}, which for this "
                       "request is arn:aws:iam::123456789012:user/carol, not on arn:aws:iam::123456789012:user/bob.")
    _, told = _one("scenarios/employee-directory.yaml", "carol changes her own password")
    assert "user/${aws:username}, which for this request is arn:aws:iam::123456789012:user/carol." in told[2]


def test_a_permissions_boundary_caps_what_the_identity_policy_allows():
    result, told = _one("scenarios/boundaries-and-scps.yaml", "the contractor starts an EC2 instance")
    assert result.decision is Decision.IMPLICIT_DENY and result.capped_by == ("S3AndLogsOnly",)
    assert told[2:] == [
        "The policy AdminAccess (on the user contractor) allows it: it lets contractor do every action (*) on every "
        "resource (*).",
        "The permissions boundary of contractor, the policy S3AndLogsOnly, does not allow ec2:RunInstances. A "
        "boundary is the most contractor's own policies can ever allow.",
        "So even though the policy AdminAccess (on the user contractor) allows it, the answer is DENY: an allow "
        "counts only when the permissions boundary allows the request too.",
    ]


def test_a_session_policy_and_an_scp_level_cap_too():
    _, told = _one("scenarios/boundaries-and-scps.yaml", "an Operator session limited to reading uploads")
    assert told[-2].startswith("The session policy (given when this role session was started) does not allow "
                               "s3:PutObject.")
    assert told[-1].startswith("So even though the policy AdminAccess (on the role Operator) allows it, the answer "
                               "is DENY")
    _, told = _one("tests/cases/evaluation/scp-levels.yaml", "OU level does not allow dynamodb")
    assert told[2:] == [
        "The service control policy AllowS3AndEc2 at ou-workloads allows nothing that covers dynamodb:GetItem. The "
        "organization's service control policies set the most anyone in the organization's member accounts may do, "
        "and every level, from the root down to the account, must allow a request.",
        "So the answer is DENY, whatever admin's own policies say.",
    ]


def test_a_compute_resource_session_names_its_instance_profile_and_temporary_credentials():
    _, told = _one("scenarios/employee-directory.yaml", "the app uploads a photo")
    assert told[:2] == [
        "Code on the EC2 instance web-1, running as the role EmployeeDirectoryApp, asks AWS to do s3:PutObject on "
        "arn:aws:s3:::employee-photos/dave.jpg.",
        "The instance gets temporary credentials for the role EmployeeDirectoryApp from its instance profile (EC2 "
        "hands them to the instance and renews them before they expire), and the code signs the request with them: "
        "no long-term access key is stored on the instance.",
    ]


@pytest.mark.parametrize(("name", "sentence"), [
    ("an inactive key is refused",
     "It is signed with sam's access key AKIAJ2X5NUU7EXAMPLE1, but that key is switched off (its status is "
     "Inactive). AWS accepts only active keys."),
    ("a request signed with a wrong secret",
     "It is signed with sam's access key AKIAI44QH8DHBEXAMPLE, but with a secret that is not the one AWS keeps for "
     "it. AWS works out the signature again with its own copy of the secret, and the two do not match, so it cannot "
     "trust that the request comes from sam."),
    ("a key that does not exist is refused",
     "It is signed with an access key, AKIANOSUCHKEYEXAMPLE, that AWS does not have, so AWS cannot tell who "
     "signed it."),
    ("sam signs in to the console",
     "The user sam has no console password, so sam cannot sign in to the console."),
])
def test_not_authenticated_says_which_check_failed(name, sentence):
    result, told = _one("scenarios/access-keys-authentication.yaml", name)
    assert result.decision is Decision.NOT_AUTHENTICATED
    assert told[1:] == [sentence, "So AWS does not know for sure who is calling: it stops here without reading "
                                  "any policy, and the answer is DENY (not authenticated)."]


def test_an_expired_session_and_missing_mfa_are_told():
    _, told = _one("tests/cases/context/authentication.yaml", "expired role session")
    assert re.fullmatch(r"It uses temporary credentials that expired at \S+Z, before the request was made "
                        r"\(\S+Z\)\. AWS refuses expired credentials\.", told[1])
    found = []
    for path in ("tests/cases/context/console-mfa.yaml", "tests/cases/context/root-mfa.yaml"):
        scenario = _load(ROOT / path)
        for spec in scenario.requests:
            result = Engine(scenario).evaluate(spec, explain=True)
            if result.authentication is not None and result.authentication.refusal is Refusal.MFA_REQUIRED:
                found.append(plain_sentences(result, scenario)[1].text)
    assert found and all("has an MFA device, so signing in to the console needs its code as well as the "
                         "password, and no MFA was given." in t for t in found)


def test_cross_account_aws_rules_and_caller_identity():
    _, told = _one("tests/cases/evaluation/cross-account.yaml",
                   "identity allows but the bucket policy does not trust the requester's account")
    assert told[2].endswith("belongs to another account (111122223333). To use it from outside, that account must "
                            "allow sam in the resource's own policy, and it does not.")
    assert told[3] == ("On sam's side, the policy ReadPartnerBucket (on the user sam) allows it: it lets sam do "
                       "s3:GetObject on arn:aws:s3:::partner-data/*.")
    assert told[4].startswith("So the answer is DENY. AWS refuses a request unless every policy that must allow it "
                              "does")
    scenario = _load(ROOT / "tests/cases/rules/aws-managed-policies.yaml")
    spec = next(r for r in scenario.requests if r.expect == "implicit_deny")
    told_rule = [s.text for s in plain_sentences(Engine(scenario).evaluate(spec, explain=True), scenario)]
    assert told_rule[2] == ("AWS itself refuses this, whatever any policy says. AWS managed policies cannot be "
                            "changed.")
    assert told_rule[3] == "So the answer is DENY: no policy can allow this request."
    _, told = _one("tests/cases/evaluation/get-caller-identity.yaml", "user whose policy explicitly denies everything")
    assert told[-1] == ("sts:GetCallerIdentity needs no permission: anyone AWS has recognised may ask who they are, "
                        "and not even a Deny can stop it. The answer is ALLOW.")


def test_a_result_without_its_trace_still_gets_its_decision():
    scenario = _load(ROOT / "scenarios/employee-directory.yaml")
    spec = next(r for r in scenario.requests if r.expect == "explicit_deny")
    told = plain_sentences(Engine(scenario).evaluate(spec), scenario)
    assert told[-1].outcome is Outcome.DENY and "DENY" in told[-1].text and all(not s.steps for s in told)


def test_a_request_changed_after_signing_is_told_so():
    from dataclasses import replace
    scenario = _load(ROOT / "scenarios/employee-directory.yaml")
    signed = next(r for r in scenario.requests if r.name == "alice signs with her access key")
    spec = replace(signed, credential=replace(signed.credential, tamper=True))
    result = Engine(scenario).evaluate(spec, explain=True)
    assert result.decision is Decision.NOT_AUTHENTICATED and result.authentication.refusal is Refusal.SIGNATURE
    assert plain_sentences(result, scenario)[1].text == (
        "It is signed with alice's access key AKIAIOSFODNN7EXAMPLE, but the request was changed on the way, after "
        "it was signed. AWS works out the signature again with its own copy of the secret, and the two do not "
        "match, so it cannot trust that the request comes from alice.")


def test_an_action_without_resources_is_told_on_star_and_a_boundary_grants_nothing():
    _, told = _one("tests/cases/elements/only-star-resource.yaml",
                   "a specific ARN in the policy still does not allow it when the request names that ARN")
    assert told[2] == ("s3:ListAllMyBuckets cannot be limited to one resource, so AWS checks it against any resource "
                       "(*) rather than arn:aws:s3:::mybucket.")
    assert told[4].endswith("only on arn:aws:s3:::mybucket or arn:aws:ec2:us-east-1:111122223333:instance/*, not on "
                            "any resource (*).")
    _, told = _one("tests/cases/evaluation/boundaries.yaml", "a boundary alone grants nothing")
    assert told[2:] == [
        "No policy gives boundonly permission to do ec2:DescribeInstances on any resource (*).",
        "The user boundonly has no policies, directly or through a group.",
        "The permissions boundary allows it, but a permissions boundary only sets the most that may be done: it "
        "never gives a permission by itself.",
        "So the answer is DENY. When no policy allows a request, AWS refuses it: this is called an implicit deny, or "
        "\u201cdenied by default\u201d.",
    ]



_BUCKET = """\
iam_studio: 1
account: "123456789012"
users: {reporter: {}, alice: {}}
resources:
  photos:
    arn: arn:aws:s3:::photos
    policy:
      Version: "2012-10-17"
      Statement:
        - Sid: ReporterReads
          Effect: Allow
          Principal: {AWS: "arn:aws:iam::123456789012:user/reporter"}
          Action: s3:GetObject
          Resource: arn:aws:s3:::photos/public/*
"""


@pytest.mark.parametrize("who, action, key, sentence", [
    ("reporter", "s3:PutObject", "public/a.jpg",
     "The bucket policy of photos does not allow it either: none of its Allow statements covers s3:PutObject."),
    ("reporter", "s3:GetObject", "private/a.jpg",
     "The bucket policy of photos allows s3:GetObject only on arn:aws:s3:::photos/public/*, not on "
     "arn:aws:s3:::photos/private/a.jpg."),
    ("alice", "s3:GetObject", "public/a.jpg",
     "The bucket policy of photos allows s3:GetObject, but its Principal does not take in alice."),
])
def test_denied_by_default_tells_what_the_resource_policy_says_too(tmp_path, who, action, key, sentence):
    """Within one account the bucket policy could allow on its own; a denied request says why it does not
    (reference_policies_evaluation-logic_policy-eval-basics.html: identity-based and resource-based policies)."""
    path = tmp_path / "bucket.yaml"
    path.write_text(_BUCKET)
    scenario, diagnostics = load_scenario(str(path))
    assert scenario is not None, diagnostics
    result = Engine(scenario).evaluate(RequestSpec(name="ask", principal=f"user/{who}", action=action,
                                                   resource=f"arn:aws:s3:::photos/{key}"), explain=True)
    assert result.decision is Decision.IMPLICIT_DENY
    sentences = plain_sentences(result, scenario)
    told = [s.text for s in sentences]
    assert told[2] == f"No policy gives {who} permission to do {action} on arn:aws:s3:::photos/{key}."
    assert told[4] == sentence
    resource_gate = next(s.id for s in result.trace if s.stage is Stage.RESOURCE and s.parent is None)
    assert resource_gate in sentences[2].steps


def test_a_resource_policy_of_denies_only_is_said_to_have_no_allow():
    """Capstone step 5: the bucket policy's only statement is a Deny on s3:DeleteObject whose condition leaves
    the app out; "none of its statements covers s3:DeleteObject" was false (it does, and does not apply)."""
    result, told = _one("scenarios/capstone.yaml", "the app deletes a photo", state=4)
    assert result.decision is Decision.IMPLICIT_DENY
    assert "The resource's own policy does not allow it either: it has no Allow statement." in told
    assert not any("none of its" in line for line in told)


def test_a_deny_of_the_root_user_says_it_would_be_allowed_without_the_deny():
    """The root user needs no Allow in its own account, so a Deny is all that stops it; "nothing allows it
    either" would be false (reference_policies_evaluation-logic.html; id_root-user.html)."""
    result, told = _one("scenarios/capstone.yaml", "the root user deletes a photo", state=3)
    assert result.decision is Decision.EXPLICIT_DENY
    assert told[3] == ("Without that Deny, the root user would be allowed: in its own account it needs no policy. "
                       "A Deny stops the root user too.")
    step = next(s for s in result.trace if "overridden_allows" in s.details)
    assert step.details["allowed_without_deny"] is True and "would be allowed" in step.message


def test_an_allow_under_a_deny_that_a_boundary_caps_anyway_is_told(tmp_path):
    path = tmp_path / "capped.yaml"
    path.write_text("""\
iam_studio: 1
account: "123456789012"
policies:
  Everything: {document: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}}
  NoDeletes: {document: {Version: "2012-10-17", Statement: [{Effect: Deny, Action: "s3:DeleteObject", Resource: "*"}]}}
  ReadOnly: {document: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:Get*", Resource: "*"}]}}
users:
  kim: {policies: [Everything, NoDeletes], boundary: ReadOnly}
requests:
  - {name: kim deletes, principal: user/kim, action: s3:DeleteObject, resource: "arn:aws:s3:::b/k"}
""")
    scenario, diagnostics = load_scenario(str(path))
    assert scenario is not None, diagnostics
    result = Engine(scenario).evaluate(scenario.requests[0], explain=True)
    told = [s.text for s in plain_sentences(result, scenario)]
    assert result.decision is Decision.EXPLICIT_DENY
    assert told[3] == ("The policy Everything (on the user kim) allows it, but even without the Deny it would be "
                       "refused: not every policy that must allow it does.")
    step = next(s for s in result.trace if "overridden_allows" in s.details)
    assert step.details["allowed_without_deny"] is False


def test_the_statement_cited_with_a_verdict_is_the_decider_or_the_closest_miss():
    from iam_studio.core.engine.plain import cited_statement
    scenario = _load(ROOT / "scenarios/conditions.yaml")
    engine = Engine(scenario)
    missed = engine.evaluate(next(r for r in scenario.requests if r.name == "alice stops web-1 with her access key"),
                             explain=True)
    assert not missed.deciding and cited_statement(missed, scenario).policy == "StopWithMFA"
    decided = next(r for r in (engine.evaluate(s, explain=True) for s in scenario.requests) if r.deciding)
    assert cited_statement(decided, scenario) is decided.deciding[0]


def test_the_bucket_policy_set_aside_for_the_root_user_is_not_called_no_policy(tmp_path):
    """The root user deleting its own bucket's policy, which denies everyone: the bucket policy does not
    count (API_DeleteBucketPolicy.html), so the last sentence says no *other* policy denies it."""
    path = tmp_path / "locked.yaml"
    path.write_text('iam_studio: 1\naccount: "123456789012"\nresources:\n  locked:\n'
                    '    arn: arn:aws:s3:::locked\n    policy:\n      Version: "2012-10-17"\n      Statement:\n'
                    '        - {Effect: Deny, Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::locked"}\n')
    scenario, _ = load_scenario(str(path))
    result = Engine(scenario).evaluate(RequestSpec(name="x", principal="root", action="s3:DeleteBucketPolicy",
                                                   resource="arn:aws:s3:::locked"), explain=True)
    told = [s.text for s in plain_sentences(result, scenario)]
    assert result.decision is Decision.ALLOWED
    assert told[-1] == "No other policy denies it, so the answer is ALLOW."
    assert any(t.startswith("The bucket policy does not count here") for t in told)


def test_an_explicit_deny_without_any_allow_does_not_speak_of_policies_that_allow_it():
    result, told = _one("scenarios/capstone.yaml", "the root user deletes a photo", state=3)
    assert told[-1].endswith("always wins, however many policies allow it.") is bool(result.overridden)
