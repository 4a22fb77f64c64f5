"""What would flip this? on the bundled lessons: grants through groups and existing managed policies first.

The course teaches "permissions on groups, not on users" and least privilege (IAM best practices:
https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html). A user gets the permissions of every
group they belong to (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html), and a managed policy
attached to a group reaches all its members. Every flip here is applied to a copy, evaluated again, and the
other saved requests are compared with what the flip says it changes.
"""
from __future__ import annotations

from pathlib import Path

from iam_studio.core.analysis.changes import ChangeKind, JoinGroup
from iam_studio.core.analysis.decision_diff import decision_diff, decisions
from iam_studio.core.analysis.flip import what_would_flip, working_copy
from iam_studio.core.engine.engine import Engine
from iam_studio.core.engine.result import Decision
from iam_studio.core.scenario.load import load_scenario, load_scenario_text
from iam_studio.core.scenario.save import dump_scenario_text

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
ERIN_READS = "erin reads a photo"


def lesson(name: str):
    scenario, diagnostics = load_scenario(SCENARIOS / name)
    assert scenario is not None, [d.format() for d in diagnostics]
    return scenario


def ask(scenario, name: str):
    request = next(r for r in scenario.requests if r.name == name)
    return request, what_would_flip(scenario, request)


def summary(answer):
    return [(f.kind, f.description, f.new_decision, f.policy, f.sid, [c.describe() for c in f.also_changes])
            for f in answer.flips]


def check_verified(scenario, request, flip):
    """The flip, applied to a copy, gives its decision, and changes exactly the other requests it names."""
    changed = working_copy(scenario)
    flip.apply(changed)
    engine = Engine(changed)
    assert engine.evaluate(request).decision is flip.new_decision
    others = [r.name for r in scenario.requests if r.name != request.name]
    diff = decision_diff({k: v for k, v in decisions(scenario).items() if k in others},
                         {k: v for k, v in decisions(changed, engine).items() if k in others})
    assert [c.describe() for c in diff] == [c.describe() for c in flip.also_changes]
    return changed


def test_erin_joins_the_group_first_gets_the_managed_policy_next_and_an_inline_policy_last():
    sc = lesson("how-aws-decides.yaml")
    request, answer = ask(sc, ERIN_READS)
    assert answer.decision is Decision.IMPLICIT_DENY
    assert summary(answer) == [
        (ChangeKind.JOIN_GROUP, "add user erin to group Developers", Decision.ALLOWED,
         "PhotosReadWrite", "ReadWriteDelete", []),
        (ChangeKind.ATTACH_POLICY, "attach policy PhotosReadWrite to user/erin", Decision.ALLOWED,
         "PhotosReadWrite", "ReadWriteDelete", []),
        (ChangeKind.ADD_STATEMENT, "add a new inline policy AllowS3GetObject on user/erin with an Allow statement "
         "for s3:GetObject on arn:aws:s3:::employee-photos/photos/alice.jpg", Decision.ALLOWED,
         "user/erin#inline/AllowS3GetObject", "AllowS3GetObject", []),
    ]
    # AliceMayDelete allows only deletes and DenyPhotoDeletes only denies: neither is worth attaching for a read.
    joined = check_verified(sc, request, answer.flips[0])
    assert joined.users["erin"].groups == ["Developers"] and sc.users["erin"].groups == []
    attached = check_verified(sc, request, answer.flips[1])
    assert attached.users["erin"].policies == ["PhotosReadWrite"]
    check_verified(sc, request, answer.flips[2])
    # The membership survives the save path.
    reloaded, _ = load_scenario_text(dump_scenario_text(joined), "joined.yaml")
    assert Engine(reloaded).evaluate(request).decision is Decision.ALLOWED


def test_a_grant_that_changes_another_saved_request_says_so_and_comes_after_those_that_change_none():
    text = (SCENARIOS / "how-aws-decides.yaml").read_text().replace("requests:\n", """requests:
  - name: erin deletes a photo
    principal: user/erin
    action: s3:DeleteObject
    resource: arn:aws:s3:::employee-photos/photos/alice.jpg
""", 1)
    sc, diagnostics = load_scenario_text(text, "erin.yaml")
    assert sc is not None, [d.format() for d in diagnostics]
    request, answer = ask(sc, ERIN_READS)
    assert [(f.kind, f.description, [c.describe() for c in f.also_changes]) for f in answer.flips] == [
        (ChangeKind.ADD_STATEMENT, "add a new inline policy AllowS3GetObject on user/erin with an Allow statement "
         "for s3:GetObject on arn:aws:s3:::employee-photos/photos/alice.jpg", []),
        # In Developers, erin's delete meets DenyPhotoDeletes; PhotosReadWrite on her own user allows it.
        (ChangeKind.JOIN_GROUP, "add user erin to group Developers",
         ["erin deletes a photo: implicit deny → explicit deny"]),
        (ChangeKind.ATTACH_POLICY, "attach policy PhotosReadWrite to user/erin",
         ["erin deletes a photo: implicit deny → allowed"]),
    ]
    for flip in answer.flips:
        check_verified(sc, request, flip)


def test_a_user_in_a_group_joins_another_group_before_anything_goes_on_the_user():
    sc = lesson("groups-and-inheritance.yaml")
    request, answer = ask(sc, "ana writes a report")
    assert [(f.kind, f.description) for f in answer.flips] == [
        (ChangeKind.JOIN_GROUP, "add user ana to group Writers"),
        (ChangeKind.ADD_STATEMENT, "add an Allow statement for s3:PutObject on arn:aws:s3:::reports/q1.pdf to "
         "policy ReadReports"),
        (ChangeKind.ATTACH_POLICY, "attach policy WriteReports to group/Readers"),
        (ChangeKind.ATTACH_POLICY, "attach policy WriteReports to user/ana"),
        (ChangeKind.ADD_STATEMENT, "add a new inline policy AllowS3PutObject on user/ana with an Allow statement "
         "for s3:PutObject on arn:aws:s3:::reports/q1.pdf"),
    ]
    for flip in answer.flips:
        check_verified(sc, request, flip)
    moved = check_verified(sc, request, answer.flips[0])
    assert moved.users["ana"].groups == ["Readers", "Writers"]
    on_group = check_verified(sc, request, answer.flips[2])
    assert on_group.groups["Readers"].policies == ["ReadReports", "WriteReports"]


def test_a_role_gets_no_membership_and_a_broader_policy_that_changes_another_request_comes_last():
    sc = lesson("employee-directory.yaml")
    request, answer = ask(sc, "the app cannot delete photos (least privilege)")
    assert [(f.kind, f.policy, [c.describe() for c in f.also_changes]) for f in answer.flips] == [
        (ChangeKind.ADD_STATEMENT, "PhotosAppAccess", []),
        (ChangeKind.ADD_STATEMENT, "role/EmployeeDirectoryApp#inline/AllowS3DeleteObject", []),
        (ChangeKind.ATTACH_POLICY, "S3PhotosReadWrite",
         ["the app lists the photos for the directory page: implicit deny → allowed"]),
    ]
    assert answer.flips[2].description == "attach policy S3PhotosReadWrite to role/EmployeeDirectoryApp"
    for flip in answer.flips:
        check_verified(sc, request, flip)


def test_administrator_groups_and_policies_are_never_suggested_and_the_note_says_why():
    sc = lesson("policy-anatomy.yaml")
    request, answer = ask(sc, "dev stops an instance")
    kinds = {f.kind for f in answer.flips}
    assert kinds == {ChangeKind.ADD_STATEMENT}
    assert ("not suggested: joining group Interns, attaching policy AdminEverything, which would allow every action "
            "on every resource; grant only what the task needs (least privilege)") in answer.notes
    # Joining Interns would have flipped it: it is left out on purpose, not because it fails.
    changed = working_copy(sc)
    JoinGroup("dev", "Interns").apply(changed)
    assert Engine(changed).evaluate(request).decision is Decision.ALLOWED


def test_a_locked_group_is_neither_joined_nor_given_a_policy():
    sc = lesson("how-aws-decides.yaml")
    request = next(r for r in sc.requests if r.name == ERIN_READS)
    answer = what_would_flip(sc, request, locked={"group/Developers"})
    assert [f.kind for f in answer.flips] == [ChangeKind.ATTACH_POLICY, ChangeKind.ADD_STATEMENT]
    assert any("1 possible edit left out" in note for note in answer.notes)
    locked_user = what_would_flip(sc, request, locked={"user/erin"})
    assert locked_user.flips == ()


def test_a_new_permission_goes_into_a_policy_of_its_service_never_into_an_unrelated_one():
    """bob's groups hold EC2Read (ec2:Describe*), S3PhotosReadWrite and ChangeOwnPassword: an EC2 grant belongs
    with EC2Read or in a policy of its own (least privilege, best-practices.html), not in the S3 or password
    policy."""
    _, answer = ask(lesson("employee-directory.yaml"), "bob cannot stop the instance")
    added = [f.policy for f in answer.flips if f.kind is ChangeKind.ADD_STATEMENT]
    assert added == ["EC2Read", "user/bob#inline/AllowEc2StopInstances"]
    _, answer = ask(lesson("employee-directory.yaml"), "alice cannot read another bucket")
    added = [f.policy for f in answer.flips if f.kind is ChangeKind.ADD_STATEMENT]
    assert added == ["S3PhotosReadWrite", "user/alice#inline/AllowS3GetObject"]
