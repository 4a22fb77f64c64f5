"""A document the file writes once and names again by a YAML alias (`&name` ... `*name`) is one node
of the loaded document but two documents in the model: editing one of them changes only that one."""
from __future__ import annotations

import json

from iam_studio.core.scenario import edits
from iam_studio.core.scenario.load import load_scenario_text
from iam_studio.core.scenario.save import dump_scenario_text

TEXT = """\
iam_studio: 1
title: Aliases
account: "123456789012"
users:
  ana:
    inline:
      Read: &read                 # written once
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: "*"
  bo:
    inline:
      Read: *read
requests:
  - name: one
    principal: user/ana
    action: s3:PutObject
    resource: "*"
    session_policy: &session
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: s3:GetObject
          Resource: "*"
  - name: two
    principal: user/ana
    action: s3:GetObject
    resource: "*"
    session_policy: *session
"""
READ = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
PUT = {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}


def load(text: str):
    scenario, diagnostics = load_scenario_text(text, "a.yaml")
    assert scenario is not None, [d.format() for d in diagnostics]
    return scenario


def actions(policy) -> list[tuple[str, ...]]:
    return [st.action.values for st in policy.statements]


def with_put(document: dict) -> str:
    return json.dumps({**document, "Statement": [*document["Statement"], PUT]})


def test_editing_a_session_policy_another_request_names_by_alias_changes_only_that_request():
    """Found by the random-edits test: a flip added a statement to the first request's session policy;
    the save merged both requests into the one aliased node, the second last, and the edit was lost."""
    sc = load(TEXT)
    edits.set_policy_text(sc, "request/0#session_policy/0", with_put(READ))
    again = load(dump_scenario_text(sc))
    first, second = (again.policies[r.session_policies[0]] for r in again.requests)
    assert actions(first) == [("s3:GetObject",), ("s3:PutObject",)]
    assert actions(second) == [("s3:GetObject",)]


def test_editing_the_alias_not_the_anchor_changes_only_the_alias():
    sc = load(TEXT)
    edits.set_policy_text(sc, "user/bo#inline/Read", with_put(READ))
    out = dump_scenario_text(sc)
    again = load(out)
    assert actions(again.users["ana"].inline["Read"]) == [("s3:GetObject",)]
    assert actions(again.users["bo"].inline["Read"]) == [("s3:GetObject",), ("s3:PutObject",)]
    assert "# written once" in out


def test_an_unchanged_alias_stays_an_alias():
    sc = load(TEXT)
    edits.set_title(sc, "Aliases, edited")
    out = dump_scenario_text(sc)
    assert "Read: *read" in out and "session_policy: *session" in out
