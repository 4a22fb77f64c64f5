"""Random sequences of edits on every bundled lesson and case file (hypothesis).

For any sequence: only `Refused` is ever raised; the saved text loads; every request decides the
same on the model in memory as after saving and loading, and every policy has the same address
there (documents written in place of a reference are named by their place); undoing everything gives back the file
byte for byte, and redoing everything gives back the edited text.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iam_studio.core.engine.engine import Engine
from iam_studio.core.scenario import edits
from iam_studio.core.scenario.address import PolicyAddress, addressed_policies, find_policy, is_managed_key
from iam_studio.core.scenario.edits import Refused
from iam_studio.core.scenario.load import load_scenario_text
from iam_studio.core.scenario.model import RequestSpec, Scenario
from iam_studio.core.scenario.save import dump_scenario_text, policy_document, scenario_to_plain

ROOT = Path(__file__).resolve().parents[3]
FILES = sorted([*ROOT.glob("scenarios/*.yaml"), *ROOT.glob("tests/cases/**/*.yaml")])
NAMES = ["n1", "Dev", "alice", "Admin", "x" * 65, "café", "a b", "S3Read", "new-2", "web-1", "a#b"]
PAIRS = [("user", ("group",)), ("policy", ("user", "group", "role")), ("role", ("user", "role", "root")),
         ("resource", ("role",)), ("root", ("user", "group", "role", "policy", "resource", "root"))]
ACTIONS = ["s3:GetObject", "s3:PutObject", "sts:AssumeRole", "iam:ListUsers", "s3:GetObjects", "s3:*"]


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
    how = draw(st.sampled_from(["deny", "flip", "drop"]))
    if how == "deny" or not statements:
        statements.append({"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"})
    elif how == "flip" and isinstance(statements[0], dict):
        statements[0]["Effect"] = "Deny" if statements[0].get("Effect") == "Allow" else "Allow"
    else:
        statements.pop()
    document["Statement"] = statements
    return json.dumps(document, indent=2)


def one_edit(sc: Scenario, draw):
    """An edit drawn from the scenario's current state: (operation, arguments)."""
    keys = nodes(sc)
    op = draw(st.sampled_from(["add", "connect", "disconnect", "rename", "delete", "policy", "inline",
                               "request", "unrequest", "move"]))
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
    if op == "request":
        principals = [k for k in keys if k.split("/")[0] in ("user", "role")] + ["root", "user/nobody"]
        spec = RequestSpec(f"r-{name}", draw(st.sampled_from(principals)), draw(st.sampled_from(ACTIONS)),
                           draw(st.sampled_from(["arn:aws:s3:::photos/a.jpg", "*", "not-an-arn"])))
        return edits.add_request, (spec,)
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
