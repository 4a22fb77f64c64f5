"""Random sequences of edits on every bundled lesson and case file (hypothesis).

The edits are those of the canvas, the policy editor (hostile text included), the request builder, the
credentials panel, the organization levels, lesson authoring and "what would flip this?" (each flip
then gives the decision it promised). For any sequence: only `Refused` is ever raised; the saved text
loads; every request decides the same on the model in memory as after saving and loading, and every
policy has the same address there (documents written in place of a reference are named by their
place); undoing everything gives back the file byte for byte, and redoing everything gives back the
edited text.
"""
from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iam_studio.core.analysis.decision_diff import decision_diff
from iam_studio.core.analysis.decision_diff import decisions as saved_decisions
from iam_studio.core.analysis.flip import what_would_flip
from iam_studio.core.decision import Decision
from iam_studio.core.engine.engine import Engine
from iam_studio.core.lessons import authoring
from iam_studio.core.scenario import edits
from iam_studio.core.scenario.address import PolicyAddress, addressed_policies, find_policy, is_managed_key
from iam_studio.core.scenario.edits import Refused
from iam_studio.core.scenario.load import load_scenario_text
from iam_studio.core.scenario.model import Credential, RequestSpec, Scenario
from iam_studio.core.scenario.principal import PrincipalError
from iam_studio.core.scenario.save import dump_scenario_text, policy_document, scenario_to_plain

ROOT = Path(__file__).resolve().parents[3]
FILES = sorted([*ROOT.glob("scenarios/*.yaml"), *ROOT.glob("tests/cases/**/*.yaml")])
NAMES = ["n1", "Dev", "alice", "Admin", "x" * 65, "café", "a b", "S3Read", "new-2", "web-1", "a#b"]
PAIRS = [("user", ("group",)), ("policy", ("user", "group", "role")), ("role", ("user", "role", "root")),
         ("resource", ("role",)), ("root", ("user", "group", "role", "policy", "resource", "root"))]
ACTIONS = ["s3:GetObject", "s3:PutObject", "sts:AssumeRole", "iam:ListUsers", "s3:GetObjects", "s3:*"]
# What a learner may type into a title, a description, a request's fields or a policy's values.
HOSTILE = ["a\x07b", "tab\there", "\tfirst", "cr\rlf", "nel\x85x", "ls\u2028ps\u2029", "two\nlines\n", "  padded ",
           "#hash", "null", "*star", "&amp", "!!int 3", "'", '"', "{a: 1}", "- item", "\ufeffbom", "zero\u200bwidth",
           "café😀", "half\ud800", "", "0x10", "1e3", "true"]
TIMES = [None, "2026-11-28T08:00:00Z", "tomorrow", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00"]


def nodes(sc: Scenario) -> list[str]:
    keys = ["root"]
    for kind, table in (("user", sc.users), ("group", sc.groups), ("role", sc.roles), ("resource", sc.resources)):
        keys += [f"{kind}/{name}" for name in table]
    keys += [f"policy/{key}" for key, p in sc.policies.items() if is_managed_key(key)]
    for kind, table in (("user", sc.users), ("group", sc.groups), ("role", sc.roles)):
        for name, ident in table.items():
            keys += [PolicyAddress.inline(f"{kind}/{name}", p).node_key for p in ident.inline]
    keys += [PolicyAddress.resource(n).node_key for n, r in sc.resources.items() if r.policy is not None]
    return keys


def edges(sc: Scenario) -> list[tuple[str, str, str]]:
    out = [(f"user/{u}", f"group/{g}", "member") for u, user in sc.users.items() for g in user.groups]
    for kind, table in (("user", sc.users), ("group", sc.groups), ("role", sc.roles)):
        for name, ident in table.items():
            out += [(f"policy/{ref}", f"{kind}/{name}", "attached") for ref in ident.policies]
            if getattr(ident, "boundary", None):
                out.append((f"policy/{ident.boundary}", f"{kind}/{name}", "boundary"))
            out += [(PolicyAddress.inline(f"{kind}/{name}", p).node_key, f"{kind}/{name}", "inline")
                    for p in ident.inline]
    arns = {f"arn:aws:iam::{sc.account}:root": "root", sc.account: "root"}
    arns.update({u.arn: f"user/{n}" for n, u in sc.users.items()})
    arns.update({r.arn: f"role/{n}" for n, r in sc.roles.items()})
    for name, role in sc.roles.items():
        for st_ in role.trust.statements if role.trust else ():
            if st_.effect == "Allow" and st_.principal is not None:
                out += [(f"role/{name}", arns[v], "trust") for v in st_.principal.values("AWS") if v in arns]
    out += [(f"resource/{n}", f"role/{r.role}", "runs_as") for n, r in sc.resources.items() if r.role]
    org = sc.organization
    for levels, kind in ((org.scps if org else None, "scp"), (org.rcps if org else None, "rcp")):
        out += [(f"policy/{ref}", "root", kind) for level in levels or () for ref in level.policies]
    return out


def changed_text(sc: Scenario, key: str, draw) -> str:
    address = PolicyAddress.parse(key)
    policy = find_policy(sc, address) if address else None
    document = json.loads(json.dumps(policy_document(policy))) if policy is not None else {
        "Version": "2012-10-17", "Statement": []}
    statements = document.get("Statement")
    statements = [statements] if isinstance(statements, dict) else list(statements or [])
    how = draw(st.sampled_from(["deny", "flip", "drop", "value"]))
    if how == "value":
        statements.append({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                           "Condition": {"StringEquals": {"aws:x": draw(st.sampled_from(HOSTILE))}}})
    elif how == "deny" or not statements:
        statements.append({"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"})
    elif how == "flip" and isinstance(statements[0], dict):
        statements[0]["Effect"] = "Deny" if statements[0].get("Effect") == "Allow" else "Allow"
    else:
        statements.pop()
    document["Statement"] = statements
    return json.dumps(document, indent=draw(st.sampled_from([2, "\t", None])), ensure_ascii=draw(st.booleans()))


def request_spec(sc: Scenario, keys: list[str], name: str, draw) -> RequestSpec:
    """A request as the request builder makes it: a credential, context keys, an expected outcome, the
    session policies its picker offers; or a saved request saved again under a new name."""
    principals = [k for k in keys if k.split("/")[0] in ("user", "role")] + ["root", "user/nobody", "anonymous"]
    key_ids = [k.id for u in sc.users.values() for k in u.access_keys] + ["AKIANOSUCHKEY0000000"]
    kind = draw(st.sampled_from([None, "console", "access_key", "session"]))
    credential = None if kind is None else Credential(
        kind, key_id=draw(st.sampled_from(key_ids)) if kind == "access_key" else None,
        secret=draw(st.sampled_from([None, "wrong-secret", *HOSTILE[:3]])) if kind == "access_key" else None,
        mfa=draw(st.booleans()) if kind != "access_key" else None,
        expires=draw(st.sampled_from(TIMES)) if kind == "session" else None)
    context = {draw(st.sampled_from(["aws:SourceIp", "aws:x", "s3:prefix", "aws:PrincipalTag/team", "nocolon"])):
               draw(st.lists(st.sampled_from([*HOSTILE, "203.0.113.7"]), min_size=1, max_size=2))
               for _ in range(draw(st.integers(0, 2)))}
    pickable = [k for k, p in sc.policies.items() if p.policy_type.value in ("identity", "session")]
    if sc.requests and draw(st.booleans()):        # "save as new" on a saved request
        spec = copy.deepcopy(draw(st.sampled_from(sc.requests)))
        spec.name = name
        return spec
    return RequestSpec(name, draw(st.sampled_from(principals)), draw(st.sampled_from(ACTIONS)),
                       draw(st.sampled_from(["arn:aws:s3:::photos/a.jpg", "*", "not-an-arn"])),
                       context=context, credential=credential,
                       expect=draw(st.sampled_from([None, "allowed", "explicit_deny", "implicit_deny",
                                                    "not_authenticated"])),
                       session_name=draw(st.sampled_from([None, "s", *HOSTILE[:4]])),
                       session_policies=draw(st.lists(st.sampled_from(pickable), max_size=2, unique=True))
                       if pickable else [])


def credentials_edit(sc: Scenario, draw):
    """A change in the credentials panel: a password, an MFA device, an access key's status or deletion."""
    user = draw(st.sampled_from(sorted(sc.users) or ["nobody"]))
    keys = [k.id for k in sc.users[user].access_keys] if user in sc.users else []
    key = draw(st.sampled_from([*keys, "AKIANOSUCHKEY0000000"]))
    which = draw(st.sampled_from(["user", "root", "status", "delete"]))
    if which == "user":
        return edits.set_user_credentials, (user,), {"console": draw(st.none() | st.booleans()),
                                                     "mfa": draw(st.none() | st.booleans())}
    if which == "root":
        return edits.set_root_mfa, (draw(st.booleans()),)
    if which == "status":
        return edits.set_access_key_status, (user, key, draw(st.sampled_from(["Active", "Inactive", "active"])))
    return edits.delete_access_key, (user, key)


def asked(spec: RequestSpec) -> RequestSpec:
    """What a request asks: its name, expectation and position aside."""
    return dataclasses.replace(spec, name="", expect=None, expect_by=None, span=None, expect_span=None)


def flip_edit(sc: Scenario, draw):
    """A change "what would flip this?" offers for a saved request, with a check that, once made, the
    request (and any saved request asking the same) has the decision the flip promised, and of the
    other saved requests exactly those the flip named changed."""
    index = draw(st.integers(0, len(sc.requests) - 1)) if sc.requests else None
    try:
        flips = what_would_flip(sc, sc.requests[index], limit=8).flips if index is not None else ()
    except PrincipalError:
        flips = ()
    if not flips:
        return edits.set_positions, ({},)
    flip = draw(st.sampled_from(flips))
    before = saved_decisions(sc)
    same = {r.name for r in sc.requests if asked(r) == asked(sc.requests[index])}

    def check(after: Scenario) -> None:
        changed = {c.request: (c.old, c.new) for c in decision_diff(before, saved_decisions(after))}
        assert changed == {**{name: (before[name], flip.new_decision) for name in same},
                           **{c.request: (c.old, c.new) for c in flip.also_changes}}, flip.description
    return flip.apply, (), {}, check


def lesson_edit(sc: Scenario, keys: list[str], draw):
    """An authoring edit of the lesson block: a step (hostile text), a request goal, a lock."""
    which = draw(st.sampled_from(["step", "goal", "lock"]))
    if which == "step":
        return authoring.add_step, tuple(draw(st.sampled_from(HOSTILE)) for _ in range(3))
    step = draw(st.integers(0, len(sc.lesson.steps) if sc.lesson else 0))
    if which == "goal":
        requests = [r.name for r in sc.requests] + ["no such request"]
        return authoring.add_request_goal, (step, draw(st.sampled_from(requests)),
                                            draw(st.sampled_from([d.value for d in Decision])))
    return authoring.set_lock, (step, draw(st.sampled_from([*keys, "bogus"])), draw(st.booleans()))


def one_edit(sc: Scenario, draw):
    """An edit drawn from the scenario's current state: (operation, arguments[, keyword arguments[, a check
    of the scenario once the edit is made]])."""
    keys = nodes(sc)
    op = draw(st.sampled_from(["add", "connect", "disconnect", "rename", "delete", "policy", "inline",
                               "request", "replace", "unrequest", "move", "title", "description", "credentials",
                               "level", "flip", "lesson"]))
    name = draw(st.sampled_from(NAMES))
    if op == "add":
        return edits.add_node, (draw(st.sampled_from(edits.NODE_KINDS)), name)
    if op == "connect":
        src_kind, dst_kinds = draw(st.sampled_from(PAIRS))
        sources = [k for k in keys if k.split("/")[0] == src_kind] or keys
        targets = [k for k in keys if k.split("/")[0] in dst_kinds] or keys
        return edits.connect, (draw(st.sampled_from(sources)), draw(st.sampled_from(targets))), {
            "boundary": draw(st.booleans())}
    if op == "disconnect":
        existing = edges(sc)
        if existing and draw(st.booleans()):
            return edits.disconnect, draw(st.sampled_from(existing))
        return edits.disconnect, (draw(st.sampled_from(keys)), draw(st.sampled_from(keys)),
                                  draw(st.sampled_from([k.value for k in edits.EdgeKind])))
    if op == "rename":
        return edits.rename, (draw(st.sampled_from(keys)), name)
    if op == "delete":
        return edits.delete_node, (draw(st.sampled_from(keys)),)
    if op == "policy":
        key = draw(st.sampled_from([k for k in keys if k.startswith("policy/")] + ["role/none#trust"]))
        if key.startswith("role/none") and sc.roles:
            key = f"policy/role/{draw(st.sampled_from(sorted(sc.roles)))}#trust"
        return edits.set_policy_text, (key, changed_text(sc, key, draw))
    if op == "inline":
        owners = [k for k in keys if k.split("/")[0] in ("user", "group", "role")] or ["user/none"]
        return edits.add_inline_policy, (draw(st.sampled_from(owners)), name)
    if op in ("request", "replace"):
        spec = request_spec(sc, keys, f"r-{name}", draw)
        if op == "replace" and sc.requests:
            index = draw(st.integers(0, len(sc.requests) - 1))
            if draw(st.booleans()):
                spec.name = sc.requests[index].name
            return edits.replace_request, (index, spec)
        return edits.add_request, (spec,)
    if op in ("title", "description"):
        return getattr(edits, f"set_{op}"), (draw(st.sampled_from(HOSTILE)),)
    if op == "credentials":
        return credentials_edit(sc, draw)
    if op == "flip":
        return flip_edit(sc, draw)
    if op == "lesson":
        return lesson_edit(sc, keys, draw)
    if op == "level":
        kind = draw(st.sampled_from(["scp", "rcp"]))
        levels = getattr(sc.organization, f"{kind}s", None) or []
        policies = [k for k in keys if k.startswith("policy/")] + ["policy/FullAWSAccess", "policy/RCPFullAWSAccess"]
        operation = draw(st.sampled_from([edits.attach_to_level, edits.detach_from_level]))
        return operation, (kind, draw(st.integers(0, len(levels))), draw(st.sampled_from(policies)))
    if op == "unrequest":
        return edits.remove_request, (draw(st.integers(0, max(0, len(sc.requests)))),)
    return edits.set_positions, ({draw(st.sampled_from(keys)): (draw(st.integers(-500, 500)), 3.25)},)


def addresses(sc: Scenario) -> dict[str, str]:
    """Every policy by its address, with the name its Policy carries (what the trace shows)."""
    return {address: policy.name for address, policy in addressed_policies(sc).items()}


def decisions(sc: Scenario) -> list[str]:
    engine = Engine(sc)
    return [engine.evaluate(request).decision.value for request in sc.requests]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_random_edits_keep_the_file_loadable_exact_and_undoable(path, data):
    text = path.read_text(encoding="utf-8")
    sc, diagnostics = load_scenario_text(text, str(path))
    assert sc is not None, diagnostics
    changes = []
    for _ in range(data.draw(st.integers(1, 8), label="edits")):
        operation, *rest = one_edit(sc, data.draw)
        args = rest[0]
        kwargs = rest[1] if len(rest) > 1 else {}
        try:
            changes.append(edits.record(sc, operation, *args, **kwargs))
        except Refused as refused:
            assert str(refused)
        else:
            if len(rest) > 2:
                rest[2](sc)
    edited = dump_scenario_text(sc)
    again, diagnostics = load_scenario_text(edited, str(path))
    assert again is not None, [d.format() for d in diagnostics]
    assert decisions(sc) == decisions(again)
    assert scenario_to_plain(again) == scenario_to_plain(sc)
    assert addresses(again) == addresses(sc)
    for change in reversed(changes):
        change.undo()
    assert dump_scenario_text(sc) == text
    for change in changes:
        change.redo()
    assert dump_scenario_text(sc) == edited


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_an_edit_changes_only_what_it_edits(path):
    """Comments, quoting, times and key order of everything else stay as the file wrote them."""
    text = path.read_text(encoding="utf-8")
    sc, _ = load_scenario_text(text, str(path))
    edits.set_title(sc, sc.title + " (edited)")
    before, after = text.splitlines(), dump_scenario_text(sc).splitlines()
    assert len(before) == len(after)
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        (line, line.replace(sc.title[: -len(" (edited)")], sc.title, 1)) for line in before
        if line.startswith("title:")]
