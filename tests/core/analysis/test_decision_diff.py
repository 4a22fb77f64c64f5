"""Decision diff: which saved requests changed verdict after an edit, old → new."""
from __future__ import annotations

from iam_studio.core.analysis.decision_diff import DecisionChange, decision_diff, decisions
from iam_studio.core.engine.result import Decision
from iam_studio.core.scenario import edits
from iam_studio.core.scenario.load import load_scenario_text

ACCOUNT = """\
iam_studio: 1
account: "123456789012"
policies:
  Photos:
    document:
      Version: "2012-10-17"
      Statement:
        - {Effect: Allow, Action: ["s3:GetObject", "s3:DeleteObject"], Resource: "arn:aws:s3:::photos/*"}
        - {Effect: Deny, Action: "s3:DeleteObject", Resource: "arn:aws:s3:::photos/*"}
groups:
  Developers: {policies: [Photos]}
users:
  alice: {groups: [Developers]}
  carol: {}
requests:
  - {name: alice deletes, principal: user/alice, action: s3:DeleteObject, resource: "arn:aws:s3:::photos/a.jpg"}
  - {name: alice reads, principal: user/alice, action: s3:GetObject, resource: "arn:aws:s3:::photos/a.jpg"}
  - {name: carol reads, principal: user/carol, action: s3:GetObject, resource: "arn:aws:s3:::photos/a.jpg"}
"""


def test_an_edit_lists_exactly_the_requests_whose_decision_changed():
    sc, _ = load_scenario_text(ACCOUNT, "account.yaml")
    before = decisions(sc)
    assert before["alice reads"] is Decision.ALLOWED and before["carol reads"] is Decision.IMPLICIT_DENY
    edits.disconnect(sc, "user/alice", "group/Developers", "member")
    changes = decision_diff(before, decisions(sc))
    assert changes == [DecisionChange("alice deletes", Decision.EXPLICIT_DENY, Decision.IMPLICIT_DENY),
                       DecisionChange("alice reads", Decision.ALLOWED, Decision.IMPLICIT_DENY)]
    assert changes[1].describe() == "alice reads: allowed → implicit deny"


def test_added_removed_and_unevaluable_requests():
    sc, _ = load_scenario_text(ACCOUNT, "account.yaml")
    before = decisions(sc)
    renamed = sc.requests[1]
    edits.replace_request(sc, 1, type(renamed)("alice reads again", renamed.principal, renamed.action,
                                               renamed.resource))
    after = decisions(sc)
    assert decision_diff(before, after) == [DecisionChange("alice reads again", None, Decision.ALLOWED),
                                            DecisionChange("alice reads", Decision.ALLOWED, None)]
    assert decision_diff(after, after) == []
    sc.requests[0].principal = "user/nobody"            # a request naming no one has no decision
    assert decisions(sc)["alice deletes"] is None
