"""The canvas model: a networkx graph of the scenario's identities, policies and resources.

Nodes are keyed like the rest of the GUI ("user/alice", "policy/EC2Read", "root", ...) and carry
`kind`, `label`, `sub` (resource service or policy flavour) and `account`. Edges carry `kind`:
member (user -> group), attached (policy -> identity), boundary (policy -> identity),
inline (inline policy -> its owner), trust (role -> who may assume it), runs_as (compute
resource -> role), resource_policy (resource's own policy -> resource).

What points at the account itself (a trust policy naming `arn:aws:iam::ACCOUNT:root`, which means the
account, not its root user; SCPs and RCPs, which cap the account) is listed in `g.graph["to_account"]`
as (source key, kind): the canvas draws those edges to the account's frame. A trust policy naming another
account (`arn:aws:iam::OTHER:root`, the bare id, or a principal of that account the scenario does not hold)
is listed in `g.graph["to_other"]` as (source key, account id, kind): the canvas draws that account as a
frame of its own, labelled with its id, and the edge to it.
"""
from __future__ import annotations

import networkx as nx

from ...core.arn import parse_arn
from ...core.scenario.address import Place, PolicyAddress
from ...core.scenario.kinds import resource_kind
from ...core.scenario.model import Scenario

NODE_KINDS = ("root", "user", "group", "role", "policy", "resource")
EDGE_KINDS = ("member", "attached", "boundary", "inline", "trust", "runs_as", "resource_policy")
LAYER = {"root": 0, "user": 0, "group": 1, "policy": 2, "role": 3, "resource": 4}
COMPUTE = ("ec2", "lambda")


def resource_sub(arn: str) -> str:
    """The resource's service family, which picks its icon: s3, s3object, ec2, lambda, dynamodb, kms, other."""
    return resource_kind(arn).value


def build_graph(sc: Scenario) -> nx.MultiDiGraph:
    """The scenario as a graph (a fresh one each call; it is cheap)."""
    g = nx.MultiDiGraph()
    home = sc.account
    g.graph["to_account"] = to_account = []
    g.graph["to_other"] = to_other = []
    g.add_node("root", kind="root", label="root user", sub="", account=home)
    arn_to_key = {}
    account_forms = {f"arn:aws:iam::{home}:root", home}
    for name, p in sc.policies.items():
        addr = PolicyAddress.parse(name)
        if addr is not None and addr.owner_kind == "request":
            continue            # a request's session or endpoint policy belongs to the request, not the account
        sub = "aws" if p.aws_managed or name.startswith("arn:aws:iam::aws:") else "managed"
        g.add_node(f"policy/{name}", kind="policy", label=policy_label(name, p), sub=sub, account=home)
    for table, kind in ((sc.users, "user"), (sc.groups, "group"), (sc.roles, "role")):
        for name, ident in table.items():
            key = f"{kind}/{name}"
            g.add_node(key, kind=kind, label=name, sub="", account=ident.account)
            arn_to_key[ident.arn] = key
            for pname in ident.inline:
                pkey = PolicyAddress.inline(key, pname).node_key
                g.add_node(pkey, kind="policy", label=pname, sub="inline", account=ident.account)
                g.add_edge(pkey, key, kind="inline")
    for name, res in sc.resources.items():
        key = f"resource/{name}"
        g.add_node(key, kind="resource", label=name, sub=resource_sub(res.arn), account=res.account)
        arn_to_key[res.arn] = key
        if res.policy is not None:
            pkey = PolicyAddress.resource(name).node_key
            g.add_node(pkey, kind="policy", label=f"{name} policy", sub="resource", account=res.account)
            g.add_edge(pkey, key, kind="resource_policy")
        if res.role:
            _edge(g, key, f"role/{res.role}", "runs_as")
    for table, kind in ((sc.users, "user"), (sc.groups, "group"), (sc.roles, "role")):
        for name, ident in table.items():
            key = f"{kind}/{name}"
            for ref in ident.policies:
                _ensure_policy(g, sc, ref)
                _edge(g, f"policy/{ref}", key, "attached")
            boundary = getattr(ident, "boundary", None)
            if boundary:
                _ensure_policy(g, sc, boundary)
                _edge(g, f"policy/{boundary}", key, "boundary")
    for name, user in sc.users.items():
        for group in user.groups:
            _edge(g, f"user/{name}", f"group/{group}", "member")
    org = sc.organization
    for levels, kind in ((org.scps if org else None, "scp"), (org.rcps if org else None, "rcp")):
        for level in levels or ():
            for ref in level.policies:
                _ensure_policy(g, sc, ref)
                label = g.nodes[f"policy/{ref}"]["label"]
                if not label.endswith(f"({kind.upper()})"):
                    g.nodes[f"policy/{ref}"]["label"] = f"{label} ({kind.upper()})"
                to_account.append((f"policy/{ref}", kind))
    for name, role in sc.roles.items():
        for who in trusted_principals(role.trust):
            target = arn_to_key.get(who)
            if who in account_forms:
                to_account.append((f"role/{name}", "trust"))
            elif target is not None:
                _edge(g, f"role/{name}", target, "trust")
            else:
                other = foreign_account(who, home)
                if other is not None and (f"role/{name}", other, "trust") not in to_other:
                    to_other.append((f"role/{name}", other, "trust"))
    for _node, data in g.nodes(data=True):
        data["layer"] = LAYER[data["kind"]]
    return g


def foreign_account(principal: str, home: str) -> str | None:
    """The account a principal (an account id, `arn:aws:iam::ID:root` or another IAM principal ARN) belongs
    to, when it is not `home`; None for the home account and for what names no account."""
    if len(principal) == 12 and principal.isdigit():
        account = principal
    else:
        arn = parse_arn(principal)
        account = arn.account if arn is not None and arn.service in ("iam", "sts") else ""
    return account if len(account) == 12 and account.isdigit() and account != home else None


def policy_label(name: str, policy=None) -> str:
    """A policy's name for people: never an internal address such as `group/Dev#policies/1`."""
    addr = PolicyAddress.parse(name)
    if addr is None or addr.place is Place.MANAGED:
        return name.rsplit("/", 1)[-1]         # its name, or the last part of its ARN
    owner = addr.owner_name or ""
    if addr.owner_kind in ("scp", "rcp"):
        return f"{addr.owner_kind.upper()} {int(addr.name or 0) + 1} of level {int(owner or 0) + 1}"
    if addr.place is Place.ATTACHED:
        return f"{owner}'s policy {int(addr.name or 0) + 1}"
    if addr.place is Place.BOUNDARY:
        return f"{owner}'s boundary"
    if addr.place is Place.INLINE:
        return addr.name or owner
    if addr.place is Place.TRUST:
        return f"{owner}'s trust policy"
    if addr.place is Place.RESOURCE:
        return f"{owner} policy"
    return owner


def _edge(g: nx.MultiDiGraph, src: str, dst: str, kind: str) -> None:
    if src in g and dst in g:
        g.add_edge(src, dst, key=kind, kind=kind)


def _ensure_policy(g: nx.MultiDiGraph, sc: Scenario, ref: str) -> None:
    key = f"policy/{ref}"
    if key not in g:
        p = sc.policy(ref)
        label = policy_label(ref, p)
        sub = "aws" if ref.startswith("arn:aws:iam::aws:") else "managed"
        g.add_node(key, kind="policy", label=label, sub=sub, account=sc.account)


def trusted_principals(trust) -> list[str]:
    """The AWS principals (ARNs or account ids) an Allow statement of a trust policy names."""
    if trust is None:
        return []
    out: list[str] = []
    for st in trust.statements:
        if st.effect != "Allow" or st.principal is None:
            continue
        out.extend(st.principal.values("AWS"))
    return out


def trusted_services(trust) -> list[str]:
    """The service principals (e.g. ec2.amazonaws.com) a trust policy allows."""
    if trust is None:
        return []
    return [s for st in trust.statements if st.effect == "Allow" and st.principal is not None
            for s in st.principal.values("Service")]


def attached_to(g: nx.MultiDiGraph, key: str) -> list[str]:
    """For a policy node: everything it is attached to; for others: the node and its neighbours."""
    if key not in g:
        return []
    return [key, *sorted(set(g.successors(key)) | set(g.predecessors(key)))]
