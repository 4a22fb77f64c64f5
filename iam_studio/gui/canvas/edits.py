"""Canvas edits as undoable changes of the Scenario model, and the rules that refuse bad ones.

Each edit is a function that changes the model in place (or raises `Refused` with a reason a
learner understands). `apply_edit` snapshots the parts of the model a canvas edit can touch
before and after it, and pushes one command that switches between the two snapshots.
"""
from __future__ import annotations

import copy
import hashlib
import re
import uuid
from collections.abc import Callable

from ...core.located import from_plain
from ...core.policy.model import Element, Policy, PolicyType, PrincipalElement, Statement
from ...core.scenario.model import Group, Resource, Role, Scenario, User
from ..document import ScenarioDocument, policy_data
from .graph import COMPUTE, resource_sub, trusted_principals

NAME_RE = re.compile(r"^[\w+=,.@-]{1,64}$")
RESOURCE_KINDS = {
    "s3": ("S3 bucket", "arn:aws:s3:::{name}"),
    "ec2": ("EC2 instance", "arn:aws:ec2:us-east-1:{account}:instance/i-{hexid}"),
    "lambda": ("Lambda function", "arn:aws:lambda:us-east-1:{account}:function:{name}"),
    "dynamodb": ("DynamoDB table", "arn:aws:dynamodb:us-east-1:{account}:table/{name}"),
    "kms": ("KMS key", "arn:aws:kms:us-east-1:{account}:key/{uuid}"),
}


class Refused(ValueError):
    """An edit AWS would not allow (or that makes no sense); the message says why."""


# ----- snapshots -----------------------------------------------------------------------------
def _clone(obj):
    c = copy.copy(obj)
    for f in ("policies", "groups"):
        if hasattr(c, f):
            setattr(c, f, list(getattr(c, f)))
    for f in ("inline", "tags"):
        if hasattr(c, f):
            setattr(c, f, dict(getattr(c, f)))
    return c


def snapshot(sc: Scenario) -> dict:
    return {
        "policies": dict(sc.policies),
        "users": {k: _clone(v) for k, v in sc.users.items()},
        "groups": {k: _clone(v) for k, v in sc.groups.items()},
        "roles": {k: _clone(v) for k, v in sc.roles.items()},
        "resources": {k: _clone(v) for k, v in sc.resources.items()},
        "requests": copy.deepcopy(sc.requests),
        "organization": copy.deepcopy(sc.organization),
        "layout": copy.deepcopy(sc.extra.get("layout")),
    }


def restore(sc: Scenario, snap: dict) -> None:
    for table in ("policies", "users", "groups", "roles", "resources"):
        target = getattr(sc, table)
        target.clear()
        target.update({k: (v if table == "policies" else _clone(v)) for k, v in snap[table].items()})
    sc.requests[:] = copy.deepcopy(snap["requests"])
    sc.organization = copy.deepcopy(snap["organization"])
    if snap["layout"] is None:
        sc.extra.pop("layout", None)
    else:
        sc.extra["layout"] = copy.deepcopy(snap["layout"])


def apply_edit(doc: ScenarioDocument, text: str, change: Callable[[Scenario], object]) -> object:
    """Run `change` on the model as one undoable step. Raises `Refused` (model untouched) on refusal."""
    sc = doc.scenario
    before = snapshot(sc)
    try:
        result = change(sc)
    except Exception:
        restore(sc, before)
        raise
    after = snapshot(sc)
    restore(sc, before)
    doc.edit(text, lambda: restore(sc, after), lambda: restore(sc, before))
    return result


# ----- naming --------------------------------------------------------------------------------
def table_for(sc: Scenario, kind: str) -> dict:
    return {"user": sc.users, "group": sc.groups, "role": sc.roles,
            "resource": sc.resources, "policy": sc.policies}[kind]


def unique_name(sc: Scenario, kind: str, base: str) -> str:
    table = table_for(sc, kind)
    if base not in table:
        return base
    n = 2
    while f"{base}-{n}" in table:
        n += 1
    return f"{base}-{n}"


def check_name(sc: Scenario, kind: str, name: str) -> None:
    if not NAME_RE.match(name):
        raise Refused(f"`{name}` is not a valid {kind} name: use up to 64 letters, digits and + = , . @ _ -")
    if name in table_for(sc, kind):
        raise Refused(f"there is already a {kind} named `{name}`: names are unique in an account")


# ----- adding and deleting ---------------------------------------------------------------------
def add_node(sc: Scenario, kind: str, name: str, sub: str = "s3", arn: str | None = None) -> str:
    """Add a user, group, role, customer managed policy or resource; returns its node key."""
    check_name(sc, kind, name)
    acct = sc.account
    if kind == "user":
        sc.users[name] = User(name=name, account=acct)
    elif kind == "group":
        sc.groups[name] = Group(name=name, account=acct)
    elif kind == "role":
        sc.roles[name] = Role(name=name, account=acct)
    elif kind == "policy":
        sc.policies[name] = make_policy(name, PolicyType.IDENTITY, [])
        return f"policy/{name}"
    elif kind == "resource":
        if arn is None:
            digest = hashlib.sha1(name.encode()).hexdigest()
            arn = RESOURCE_KINDS[sub][1].format(name=name, account=acct, hexid=digest[:17],
                                                uuid=uuid.uuid5(uuid.NAMESPACE_URL, name))
        sc.resources[name] = Resource(name=name, arn=arn, account=acct)
    else:
        raise Refused(f"cannot add a `{kind}`")
    return f"{kind}/{name}"


def make_policy(name: str, policy_type: PolicyType, statements: list[dict]) -> Policy:
    """A policy built from plain statement data (Effect, Action, Resource, Principal)."""
    data = {"Version": "2012-10-17", "Statement": statements}
    parsed = []
    for i, st in enumerate(statements):
        principal = st.get("Principal")
        parsed.append(Statement(
            index=i, effect=st["Effect"], sid=st.get("Sid"),
            action=_element(st.get("Action")), resource=_element(st.get("Resource")),
            principal=None if principal is None else PrincipalElement(
                tuple((k, tuple(v) if isinstance(v, list) else (v,)) for k, v in principal.items()))))
    return Policy(name=name, policy_type=policy_type, statements=tuple(parsed),
                  version="2012-10-17", source=from_plain(data))


def _element(value) -> Element | None:
    if value is None:
        return None
    return Element(tuple(value) if isinstance(value, list) else (value,))


def delete_node(sc: Scenario, key: str) -> None:
    """Remove a node and every reference to it (memberships, attachments, runs-as, requests stay)."""
    kind, _, name = key.partition("/")
    if key == "root":
        raise Refused("the root user cannot be deleted: every AWS account has one")
    if kind == "policy":
        _delete_policy(sc, name)
    elif kind in ("user", "group", "role", "resource"):
        table_for(sc, kind).pop(name, None)
        if kind == "group":
            for u in sc.users.values():
                if name in u.groups:
                    u.groups.remove(name)
        if kind == "role":
            for r in sc.resources.values():
                if r.role == name:
                    r.role = None
    sc.extra.get("layout", {}).pop(key, None)


def _delete_policy(sc: Scenario, name: str) -> None:
    if "#" in name:
        owner, _, rest = name.partition("#")
        okind, _, oname = owner.partition("/")
        obj = table_for(sc, okind).get(oname)
        what, _, pname = rest.partition("/")
        if obj is None:
            return
        if what == "inline":
            obj.inline.pop(pname, None)
        elif what == "trust":
            obj.trust = None
        elif what == "policy":
            obj.policy = None
        return
    sc.policies.pop(name, None)
    for ident in [*sc.users.values(), *sc.groups.values(), *sc.roles.values()]:
        while name in ident.policies:
            ident.policies.remove(name)
        if getattr(ident, "boundary", None) == name:
            ident.boundary = None


# ----- connecting ------------------------------------------------------------------------------
def connect(sc: Scenario, src: str, dst: str, *, boundary: bool = False) -> str:
    """Connect two nodes the way the canvas means it; returns what was done, in words.

    Direction is forgiving where only one meaning exists (group -> user is a membership too).
    """
    a, b = _kind(src), _kind(dst)
    if src == dst:
        raise Refused("drag to a different node to connect")
    pair = {a, b}
    if pair == {"user", "group"}:
        user, group = (src, dst) if a == "user" else (dst, src)
        u = sc.users[_name(user)]
        if _name(group) in u.groups:
            raise Refused(f"`{_name(user)}` is already in `{_name(group)}`")
        u.groups.append(_name(group))
        return f"added {_name(user)} to group {_name(group)}"
    if a == b == "group":
        raise Refused("a group cannot join a group: IAM groups hold users only, and they do not nest")
    if pair == {"role", "group"}:
        raise Refused("a role cannot join a group: groups hold users only; attach policies to the role instead")
    if "policy" in pair and a != b:
        policy, target = (src, dst) if a == "policy" else (dst, src)
        return _attach(sc, _name(policy), target, boundary)
    if a == b == "policy":
        raise Refused("policies do not attach to policies: attach each one to a user, group or role")
    if pair == {"resource", "role"}:
        res, role = (src, dst) if a == "resource" else (dst, src)
        r = sc.resources[_name(res)]
        if resource_sub(r.arn) not in COMPUTE:
            raise Refused(f"`{r.name}` does not run code, so it cannot run as a role: "
                          "only compute such as EC2 instances and Lambda functions can")
        r.role = _name(role)
        return f"{r.name} now runs as role {_name(role)}"
    if "role" in pair and pair <= {"role", "user", "root"}:
        role, who = (src, dst) if a == "role" else (dst, src)
        if a == b == "role" and src != dst:
            role, who = src, dst
        return _trust(sc, _name(role), who)
    if pair == {"user", "root"}:
        raise Refused("users and the root user are separate identities: there is nothing to connect")
    if "resource" in pair:
        raise Refused("a resource is reached through policies: write a policy that names its ARN, "
                      "or use its resource-based policy")
    raise Refused(f"a {a} cannot be connected to a {b}")


def _attach(sc: Scenario, pname: str, target: str, boundary: bool) -> str:
    kind = _kind(target)
    if "#" in pname:
        raise Refused("an inline policy belongs to exactly one identity: use a managed policy to share it")
    if kind not in ("user", "group", "role"):
        raise Refused("managed policies attach only to users, groups and roles; a resource's access "
                      "comes from its own resource-based policy")
    ident = table_for(sc, kind)[_name(target)]
    label = pname.rsplit("/", 1)[-1]
    if boundary:
        if kind == "group":
            raise Refused("a group cannot have a permissions boundary: only users and roles can")
        ident.boundary = pname
        return f"{label} is now the permissions boundary of {_name(target)}"
    if pname in ident.policies:
        raise Refused(f"`{label}` is already attached to `{_name(target)}`")
    if len(ident.policies) >= 20:
        raise Refused("AWS allows at most 20 managed policies on one identity")
    ident.policies.append(pname)
    return f"attached {label} to {_name(target)}"


def _trust(sc: Scenario, role_name: str, who: str) -> str:
    role = sc.roles[role_name]
    arn = f"arn:aws:iam::{sc.account}:root" if who == "root" else table_for(sc, _kind(who))[_name(who)].arn
    if arn in trusted_principals(role.trust):
        raise Refused(f"`{_name(who) or 'root'}` may already assume `{role_name}`")
    data = policy_data(role.trust) if role.trust is not None else {"Version": "2012-10-17", "Statement": []}
    statements = list(data.get("Statement") or [])
    if isinstance(data.get("Statement"), dict):
        statements = [data["Statement"]]
    statements.append({"Effect": "Allow", "Principal": {"AWS": arn}, "Action": "sts:AssumeRole"})
    role.trust = make_policy(f"role/{role_name}#trust", PolicyType.TRUST, statements)
    return f"{_name(who) or 'the root user'} may now assume role {role_name}"


def disconnect(sc: Scenario, src: str, dst: str, kind: str) -> None:
    """Remove one edge of the given kind."""
    if kind == "member":
        sc.users[_name(src)].groups.remove(_name(dst))
    elif kind == "attached":
        table_for(sc, _kind(dst))[_name(dst)].policies.remove(_name(src))
    elif kind == "boundary":
        table_for(sc, _kind(dst))[_name(dst)].boundary = None
    elif kind == "runs_as":
        sc.resources[_name(src)].role = None
    elif kind == "trust":
        _untrust(sc, _name(src), dst)
    elif kind in ("inline", "resource_policy"):
        _delete_policy(sc, _name(src))
    elif kind in ("scp", "rcp") and sc.organization is not None:
        # detach the organization policy from every level of the organization
        for level in (sc.organization.scps if kind == "scp" else sc.organization.rcps) or ():
            level.policies = [ref for ref in level.policies if ref != _name(src)]


def _untrust(sc: Scenario, role_name: str, who: str) -> None:
    role = sc.roles[role_name]
    arn = f"arn:aws:iam::{sc.account}:root" if who == "root" else table_for(sc, _kind(who))[_name(who)].arn
    kept = []
    for st in (role.trust.statements if role.trust else ()):
        data = {"Effect": st.effect, "Action": list(st.action.values) if st.action else "sts:AssumeRole"}
        if st.sid:
            data["Sid"] = st.sid
        if st.principal is not None:
            entries = {k: [v for v in vals if v != arn] for k, vals in st.principal.entries}
            entries = {k: v for k, v in entries.items() if v}
            if not entries:
                continue
            data["Principal"] = entries
        kept.append(data)
    role.trust = make_policy(f"role/{role_name}#trust", PolicyType.TRUST, kept) if kept else None


# ----- renaming --------------------------------------------------------------------------------
def rename(sc: Scenario, key: str, new: str) -> str:
    """Rename a node and every reference to it; returns the new key."""
    kind, _, old = key.partition("/")
    if kind not in ("user", "group", "role", "resource", "policy") or "#" in old:
        raise Refused("this node's name is fixed" if key == "root" else "rename the policy in its owner's file")
    if new == old:
        return key
    if kind == "policy" and old.startswith("arn:aws:iam::aws:"):
        raise Refused("AWS managed policies cannot be renamed: AWS owns them")
    check_name(sc, kind, new)
    table = table_for(sc, kind)
    obj = table.pop(old)
    obj.name = new
    table[new] = obj
    new_key = f"{kind}/{new}"
    for ident in [*sc.users.values(), *sc.groups.values(), *sc.roles.values()]:
        if kind == "group" and isinstance(ident, User):
            ident.groups[:] = [new if g == old else g for g in ident.groups]
        if kind == "policy":
            ident.policies[:] = [new if p == old else p for p in ident.policies]
            if getattr(ident, "boundary", None) == old:
                ident.boundary = new
    if kind == "role":
        for r in sc.resources.values():
            if r.role == old:
                r.role = new
    for req in sc.requests:
        if req.principal == key:
            req.principal = new_key
        elif kind == "resource" and req.principal == old:
            req.principal = new
    layout = sc.extra.get("layout", {})
    if key in layout:
        layout[new_key] = layout.pop(key)
    return new_key


def set_positions(sc: Scenario, positions: dict[str, tuple[float, float]]) -> None:
    layout = sc.extra.setdefault("layout", {})
    for key, (x, y) in positions.items():
        layout[key] = [round(float(x), 1), round(float(y), 1)]


def _kind(key: str) -> str:
    return "root" if key == "root" else key.partition("/")[0]


def _name(key: str) -> str:
    return "" if key == "root" else key.partition("/")[2]
