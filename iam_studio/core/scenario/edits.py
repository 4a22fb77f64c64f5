"""Every change of a scenario, as one operation each (pure Python: the GUI only wraps them).

Each operation changes the scenario in place, or raises `Refused` (with a reason a learner
understands) and leaves it untouched. Any other exception is a bug. An accepted edit always gives
a scenario the loader accepts: the names follow the loader's own checks (`validate.py`), and after
every edit the scenario is checked by the loader itself (`build_scenario`), so what the loader would
reject is refused with the loader's message.

Node keys: `user/NAME`, `group/NAME`, `role/NAME`, `resource/NAME`, `root`, and `policy/ADDRESS`
for a policy (its address, `address.py`: `policy/S3Read`, `policy/arn:aws:iam::aws:policy/...`,
`policy/user/alice#inline/SelfService`, `policy/resource/photos#policy`).

Edges, as the canvas draws them: user -> group (`member`), policy -> user/group/role (`attached`,
or `boundary`), role -> user/role/root (`trust`: who may assume the role), resource -> role
(`runs_as`), inline policy -> owner (`inline`), resource policy -> resource (`resource_policy`),
organization policy -> root (`scp`, `rcp`).

Undo: `record(scenario, operation, *args)` runs an operation and returns a `Change` whose
`undo()` and `redo()` put back the state before and after it (snapshots of the model, sharing the
immutable parsed policies). Undoing every change of a sequence gives back the model as loaded, and
`dump_scenario_text` then gives back the file's text byte for byte.

Deleting or renaming a node carries every reference along (memberships, attachments, boundaries,
organization levels, requests' session policies, principals in trust and resource policies, the
canvas layout) or is refused when the reference cannot follow (a request made by a deleted user).
Other data that names nodes (a lesson's goals, solutions, locks) joins in through `holders`.
"""
from __future__ import annotations

import copy
import dataclasses
import functools
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Concatenate, Generic, ParamSpec, Protocol, TypeVar, runtime_checkable

from ..arn import valid_arn
from ..diagnostics import Diagnostic, DiagnosticBag
from ..located import from_plain
from ..managed import AWS_POLICY_PREFIX
from ..policy.model import Policy, PolicyType
from ..policy.parse import parse_policy, parse_policy_text
from .address import REFERENCE_PLACES, Place, PolicyAddress, find_policy, is_managed_key, owner_object
from .expected_by import rename_expected_by
from .kinds import ResourceKind, new_resource_arn, resource_kind
from .model import Group, Identity, PolicyLevel, RequestSpec, Resource, Role, Scenario, User
from .validate import NAME_LIMITS, check_inline_name, check_name, check_resource_name

NODE_KINDS = ("user", "group", "role", "policy", "resource")
NEW_POLICY: dict[str, object] = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}
MAX_MANAGED = 20          # managed policies attached to one identity (IAM quotas, raised maximum)


_STARTER_ACTIONS = {"s3": "s3:GetObject", "sqs": "sqs:SendMessage", "sns": "sns:Publish", "kms": "kms:Decrypt",
                    "dynamodb": "dynamodb:GetItem", "secretsmanager": "secretsmanager:GetSecretValue",
                    "lambda": "lambda:InvokeFunction"}


def starter_document(scenario: Scenario, address: PolicyAddress | str) -> dict[str, object]:
    """What a document not written yet starts as in the editor: a valid example of its type (a resource-based
    policy names who it lets in, a trust policy who may assume the role; an identity policy `NEW_POLICY`)."""
    addr = _as_address(address)
    root = f"arn:aws:iam::{scenario.account}:root"
    if addr.place is Place.TRUST:
        statement: dict[str, object] = {"Effect": "Allow", "Principal": {"AWS": root}, "Action": "sts:AssumeRole"}
    elif addr.place is Place.RESOURCE:
        owner = owner_object(scenario, addr)
        arn = owner.arn if isinstance(owner, Resource) else "*"
        if resource_kind(arn) is ResourceKind.S3:
            arn += "/*"                              # a bucket policy's example: reading its objects
        service = arn.split(":")[2] if arn.count(":") >= 5 else ""
        statement = {"Effect": "Allow", "Principal": {"AWS": root},
                     "Action": _STARTER_ACTIONS.get(service, f"{service or 's3'}:*"), "Resource": arn}
    else:
        return NEW_POLICY
    return {"Version": "2012-10-17", "Statement": [statement]}


class Refused(ValueError):
    """An edit AWS would not allow, or that makes no sense; the message says why.

    `diagnostics` holds the loader's or the policy parser's findings when they are the reason.
    """

    def __init__(self, reason: str, diagnostics: Iterable[Diagnostic] = ()):
        super().__init__(reason)
        self.diagnostics = list(diagnostics)


class EdgeKind(str, Enum):
    """The kinds of edges `disconnect` removes (the plain strings are accepted too)."""

    MEMBER = "member"
    ATTACHED = "attached"
    BOUNDARY = "boundary"
    TRUST = "trust"
    RUNS_AS = "runs_as"
    INLINE = "inline"
    RESOURCE_POLICY = "resource_policy"
    SCP = "scp"
    RCP = "rcp"


# ----- other data that names nodes ---------------------------------------------------------------
@runtime_checkable
class ReferenceHolder(Protocol):
    """Data that names nodes (such as a lesson's goals): renames follow it, deletes may be refused."""

    def rename_reference(self, old_key: str, new_key: str) -> None:
        """Replace every mention of node `old_key` by `new_key` (in place; undo restores a snapshot)."""

    def delete_refusal(self, key: str) -> str | None:
        """Why node `key` cannot be deleted (it is named here), or None when it can."""


def holders(scenario: Scenario) -> list[ReferenceHolder]:
    """The scenario's data that names nodes: any field or `extra` value that is a `ReferenceHolder`."""
    found = [getattr(scenario, f.name) for f in dataclasses.fields(scenario)]
    found += list(scenario.extra.values())
    return [h for h in found if isinstance(h, ReferenceHolder)]


# ----- undo ------------------------------------------------------------------------------------
_STATE = tuple(f.name for f in dataclasses.fields(Scenario) if f.name not in ("file", "source"))
State = dict[str, Any]          # a snapshot: Scenario field name -> its value (fields differ in type)
_P = ParamSpec("_P")
_R = TypeVar("_R")
_V = TypeVar("_V")
_N = TypeVar("_N", User, Group, Role, Resource)


@dataclass
class Change(Generic[_R]):
    """One applied edit: `undo()` and `redo()` switch the scenario between before and after."""

    scenario: Scenario
    before: State
    after: State
    result: _R

    @property
    def layout_only(self) -> bool:
        """Whether the change only moved nodes on the canvas (`layout:`): nothing an evaluation, a goal or a
        request reads differs, so the views that show decisions have nothing to redo."""
        return _without_layout(self.before) == _without_layout(self.after)

    def undo(self) -> None:
        _restore(self.scenario, self.before)

    def redo(self) -> None:
        _restore(self.scenario, self.after)


def record(scenario: Scenario, operation: Callable[Concatenate[Scenario, _P], _R], *args: _P.args,
           **kwargs: _P.kwargs) -> Change[_R]:
    """Run `operation(scenario, *args, **kwargs)` as one undoable change (raises `Refused` untouched).

    `operation` may be a function that makes several edits (the canvas adds a node and places it):
    they apply together or not at all, and the result is checked once, as for a single edit.
    """
    before = snapshot(scenario)
    result = _edit(operation)(scenario, *args, **kwargs)
    return Change(scenario, before, snapshot(scenario), result)


def _without_layout(state: State) -> State:
    extra = state.get("extra")
    if not isinstance(extra, dict) or "layout" not in extra:
        return state
    return {**state, "extra": {k: v for k, v in extra.items() if k != "layout"}}


def snapshot(scenario: Scenario) -> State:
    """The scenario's state (everything but its file and source), sharing the parsed policies."""
    state = {name: getattr(scenario, name) for name in _STATE}
    return copy.deepcopy(state, _policy_memo(state))


def _restore(scenario: Scenario, state: State) -> None:
    for name, value in copy.deepcopy(state, _policy_memo(state)).items():
        setattr(scenario, name, value)


def _policy_memo(state: State) -> dict[int, object]:
    """A deepcopy memo that keeps every parsed policy, and a lesson's source trees, as they are."""
    memo: dict[int, object] = {}
    policies = list(state.get("policies", {}).values())
    for table in ("users", "groups", "roles"):
        for ident in state.get(table, {}).values():
            policies += ident.inline.values()
            if isinstance(ident, Role) and ident.trust is not None:
                policies.append(ident.trust)
    policies += [r.policy for r in state.get("resources", {}).values() if r.policy is not None]
    for p in policies:
        memo[id(p)] = p
    # A lesson's located trees are replaced, never changed in place (`rename_references` copies them).
    lesson = state.get("lesson")
    if lesson is not None:
        for tree in (lesson.node, *(step.solution for step in lesson.steps)):
            if tree is not None:
                memo[id(tree)] = tree
    return memo


_busy: set[int] = set()


def _edit(operation: Callable[Concatenate[Scenario, _P], _R]) -> Callable[Concatenate[Scenario, _P], _R]:
    """Make an operation atomic: on any exception the scenario is put back; the result must load."""

    def run(scenario: Scenario, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        if id(scenario) in _busy:
            return operation(scenario, *args, **kwargs)
        before = snapshot(scenario)
        _busy.add(id(scenario))
        try:
            result = operation(scenario, *args, **kwargs)
            _renumber_documents(scenario)
            _check_loads(scenario)
        except BaseException:
            _restore(scenario, before)
            raise
        finally:
            _busy.discard(id(scenario))
        return result

    functools.update_wrapper(run, operation)
    return run


def _renumber_documents(scenario: Scenario) -> None:
    """Give each document written in place of a reference the address of the place it has now, as
    the loader would name it: an edit that removes or inserts an earlier request, level or list item,
    or renames the owner, moves it (its layout, `expect.by` entries and lesson references follow)."""
    moves: dict[str, str] = {}

    def place(ref: str, address: PolicyAddress) -> None:
        if not is_managed_key(ref) and ref != str(address):
            moves[ref] = str(address)

    for kind, identities in (("user", scenario.users), ("group", scenario.groups), ("role", scenario.roles)):
        for name, ident in identities.items():
            for index, ref in enumerate(ident.policies):
                place(ref, PolicyAddress(Place.ATTACHED, f"{kind}/{name}", str(index)))
            if isinstance(ident, Identity) and ident.boundary:
                place(ident.boundary, PolicyAddress(Place.BOUNDARY, f"{kind}/{name}"))
    org = scenario.organization
    for kind, levels in (("scp", org.scps if org else None), ("rcp", org.rcps if org else None)):
        for level_index, level in enumerate(levels or ()):
            for index, ref in enumerate(level.policies):
                place(ref, PolicyAddress(Place.ATTACHED, f"{kind}/{level_index}", str(index)))
    for request_index, request in enumerate(scenario.requests):
        for index, ref in enumerate(request.session_policies):
            place(ref, PolicyAddress(Place.SESSION, f"request/{request_index}", str(index)))
        if request.vpc_endpoint_policy:
            place(request.vpc_endpoint_policy, PolicyAddress(Place.ENDPOINT, f"request/{request_index}"))
    if not moves:
        return
    _rename_refs(scenario, moves)
    pending = dict(moves)
    while pending:      # one at a time, each onto an address no later move still leaves (places only shift)
        old = next(o for o, new in pending.items() if new not in pending)
        old_key, new_key = f"policy/{old}", f"policy/{pending.pop(old)}"
        _move_layout(scenario, old_key, new_key)
        rename_expected_by(scenario, old_key, new_key)
        for holder in holders(scenario):
            holder.rename_reference(old_key, new_key)


def _check_loads(scenario: Scenario) -> None:
    """Refuse, with the loader's own message, a scenario the loader would reject; else give each policy
    the type the loader gives it."""
    from .load import build_scenario
    from .save import scenario_to_plain
    plain = scenario_to_plain(scenario)
    _check_writable(plain)
    built, diagnostics = build_scenario(from_plain(plain), scenario.file, advice=False)
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        first = errors[0]
        raise Refused(first.message + (f": {first.help}" if first.help else ""), errors)
    if built is None:
        return
    for name, policy in list(scenario.policies.items()):
        # a policy without `type:` has the type of its first use: the edit may have changed which that is
        loaded = built.policies.get(name)
        if loaded is not None and loaded.policy_type is not policy.policy_type:
            scenario.policies[name] = dataclasses.replace(policy, policy_type=loaded.policy_type, arn=loaded.arn)


def _check_writable(plain: dict[str, object]) -> None:
    """Refuse text no file can hold: a lone surrogate (half of a UTF-16 pair, such as a `\\ud800`
    escape) has no UTF-8 form, and YAML's `\\uD800` escape for it is invalid."""
    text = json.dumps(plain, ensure_ascii=False, default=str, skipkeys=True)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        before = text[max(0, exc.start - 20):exc.start].rsplit('"', 1)[-1]
        where = f" after `{before}`" if before else ""
        raise Refused(f"the text holds U+{ord(text[exc.start]):04X}{where}, half of a UTF-16 surrogate pair "
                      "on its own, which no file can hold: remove it") from None


# ----- names -----------------------------------------------------------------------------------
def _table(scenario: Scenario, kind: str) -> Mapping[str, User | Group | Role | Resource | Policy]:
    """The names taken by nodes of a kind."""
    return scenario.policies if kind == "policy" else _node_table(scenario, kind)


_NodeTable = dict[str, User] | dict[str, Group] | dict[str, Role] | dict[str, Resource]


def _node_table(scenario: Scenario, kind: str) -> _NodeTable:
    tables: dict[str, _NodeTable] = {
        "user": scenario.users, "group": scenario.groups, "role": scenario.roles, "resource": scenario.resources}
    if kind not in tables:
        raise Refused(f"there is no kind of node called `{kind}`: use one of " + ", ".join(NODE_KINDS))
    return tables[kind]


def check_new_name(scenario: Scenario, kind: str, name: str, *, replacing: str | None = None) -> None:
    """Refuse a name the loader would reject, or one already taken (IAM names ignore case)."""
    bag = DiagnosticBag()
    if not isinstance(name, str):
        raise Refused(f"a {kind} name is text")
    ok = check_resource_name(bag, name, None) if kind == "resource" else check_name(bag, name, None, kind) \
        if kind in NAME_LIMITS else False
    if not ok:
        first = bag.items[0] if bag.items else None
        raise Refused(first.message + (f": {first.help}" if first and first.help else "") if first
                      else f"`{name}` is not a valid {kind} name", bag.items)
    for other in _table(scenario, kind):
        if other != replacing and other.lower() == name.lower():
            same = "" if other == name else f" (IAM names ignore case: `{other}` is the same name)"
            raise Refused(f"there is already a {kind} named `{name}`{same}: names are unique in an account")


def unique_name(scenario: Scenario, kind: str, base: str) -> str:
    """`base`, or `base-2`, `base-3`... whichever is free."""
    taken = {k.lower() for k in _table(scenario, kind)}
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base}-{n}", n + 1
    return name


def _split(key: str) -> tuple[str, str]:
    if key == "root":
        return "root", ""
    kind, _, name = key.partition("/")
    return kind, name


def _node(scenario: Scenario, key: str) -> User | Group | Role | Resource:
    """The user, group, role or resource a node key names (Refused when there is none)."""
    kind, name = _split(key)
    if kind not in ("user", "group", "role", "resource"):
        raise Refused(f"`{key}` is not a user, group, role or resource")
    obj = _node_table(scenario, kind).get(name)
    if obj is None:
        raise Refused(f"there is no {kind} named `{name}`")
    return obj


def _node_as(scenario: Scenario, key: str, cls: type[_N]) -> _N:
    """`_node`, refused unless it is a `cls` (a user, group, role or resource)."""
    obj = _node(scenario, key)
    if not isinstance(obj, cls):
        raise Refused(f"`{key}` is not a {cls.__name__.lower()}")
    return obj


def _policy_address(scenario: Scenario, key: str) -> PolicyAddress:
    address = PolicyAddress.parse(key) if key.startswith("policy/") else None
    if address is None:
        raise Refused(f"`{key}` is not a policy")
    return address


# ----- adding ------------------------------------------------------------------------------------
@_edit
def add_node(scenario: Scenario, kind: str, name: str, *, resource_kind: ResourceKind | str = ResourceKind.S3,
             arn: str | None = None) -> str:
    """Add a user, group, role, customer managed policy or resource; returns its node key.

    A resource gets `arn`, else the ARN a new resource of `resource_kind` (an S3 bucket) gets.
    """
    check_new_name(scenario, kind, name)
    account = scenario.account
    if kind == "user":
        scenario.users[name] = User(name=name, account=account)
    elif kind == "group":
        scenario.groups[name] = Group(name=name, account=account)
    elif kind == "role":
        scenario.roles[name] = Role(name=name, account=account)
    elif kind == "policy":
        _store(scenario, PolicyAddress.managed(name), _parse_document(NEW_POLICY, PolicyType.IDENTITY, name))
    elif kind == "resource":
        if arn is None:
            try:
                arn = new_resource_arn(resource_kind, name, account)
            except (KeyError, ValueError):
                raise Refused(f"cannot make a new `{resource_kind}` resource: give its ARN") from None
        scenario.resources[name] = Resource(name=name, arn=arn, account=_arn_account(arn) or account)
    return f"{kind}/{name}"


def _arn_account(arn: str) -> str | None:
    parsed = valid_arn(arn)
    return parsed.owner("") or None if parsed else None


@_edit
def add_inline_policy(scenario: Scenario, owner: str, name: str, text: str | None = None) -> str:
    """Give a user, group or role a new inline policy; returns the policy's node key."""
    obj = _node(scenario, owner)
    if isinstance(obj, Resource):
        raise Refused("a resource has one resource-based policy, not inline policies: edit its policy instead")
    bag = DiagnosticBag()
    if not check_inline_name(bag, name, None):
        raise Refused(bag.items[0].message + ": " + (bag.items[0].help or ""), bag.items)
    if name in obj.inline:
        raise Refused(f"`{_split(owner)[1]}` already has an inline policy named `{name}`")
    address = PolicyAddress.inline(owner, name)
    set_policy_text(scenario, address, text if text is not None else json.dumps(NEW_POLICY, indent=2) + "\n")
    return address.node_key


# ----- policies ----------------------------------------------------------------------------------
def policy_type_at(scenario: Scenario, address: PolicyAddress | str) -> PolicyType:
    """The grammar a document at this address follows (a managed policy keeps the type it has)."""
    addr = _as_address(address)
    existing = find_policy(scenario, addr)
    if addr.is_managed:
        return existing.policy_type if existing is not None else PolicyType.IDENTITY
    return addr.policy_type or PolicyType.IDENTITY


def size_limit_at(scenario: Scenario, address: PolicyAddress | str) -> int | None:
    """AWS's size limit for one document at this address, as the loader applies it (none for an AWS managed
    policy: AWS writes it, and ReadOnlyAccess alone is fifteen times the limit of a policy of one's own)."""
    from .load import TYPE_LIMITS, resource_policy_limit
    addr = _as_address(address)
    if addr.place is Place.INLINE:
        return None                      # inline policies count together; the loader's check sees the total
    if addr.is_aws_managed:
        return None
    held = find_policy(scenario, addr) if addr.is_managed else None
    if held is not None and held.aws_managed:
        return None
    if addr.place is Place.RESOURCE:
        owner = owner_object(scenario, addr)
        return resource_policy_limit(owner.arn) if owner is not None else None
    return TYPE_LIMITS.get(policy_type_at(scenario, addr))


def _as_address(address: PolicyAddress | str) -> PolicyAddress:
    addr = PolicyAddress.parse(address) if isinstance(address, str) else address
    if addr is None:
        raise Refused(f"`{address}` does not name a policy")
    return addr


@_edit
def set_policy_text(scenario: Scenario, address: PolicyAddress | str, text: str) -> list[Diagnostic]:
    """Replace (or create) the document at `address` with JSON `text`; returns the parser's warnings.

    Text with errors is refused (`Refused.diagnostics` lists them); the model keeps its document.
    """
    addr = _as_address(address)
    old = _writable(scenario, addr)
    policy_type = policy_type_at(scenario, addr)
    policy, diagnostics = parse_policy_text(text, policy_type, str(addr), scenario.file,
                                            size_limit_at(scenario, addr))
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        raise Refused(f"the policy has {len(errors)} problem{'s' if len(errors) > 1 else ''}: {errors[0].message}",
                      diagnostics)
    _store(scenario, addr, _carry_metadata(policy, old, scenario))
    return diagnostics


def set_policy_document(scenario: Scenario, address: PolicyAddress | str,
                        document: Mapping[str, object]) -> list[Diagnostic]:
    """`set_policy_text` with the document as plain JSON data."""
    return set_policy_text(scenario, address, json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _writable(scenario: Scenario, addr: PolicyAddress) -> Policy | None:
    old = find_policy(scenario, addr)
    if addr.is_aws_managed or (old is not None and old.aws_managed):
        raise Refused("AWS managed policies are read-only: AWS owns them; copy the document into a policy of your own")
    if not addr.is_managed and addr.place not in REFERENCE_PLACES:
        if owner_object(scenario, addr) is None:
            raise Refused(f"there is no {addr.owner_kind} named `{addr.owner_name}`")
    elif addr.is_managed:
        if old is None:
            check_new_name(scenario, "policy", addr.name or "")
    elif old is None:
        raise Refused(f"there is no document at `{addr}`")
    return old


def _carry_metadata(policy: Policy, old: Policy | None, scenario: Scenario) -> Policy:
    if old is not None:
        policy.description = old.description
        policy.arn = old.arn
    elif is_managed_key(policy.name):
        policy.arn = f"arn:aws:iam::{scenario.account}:policy/{policy.name}"
    return policy


def _parse_document(document: dict[str, object], policy_type: PolicyType, name: str) -> Policy:
    """The one policy parser on plain data (a document that was already valid stays so)."""
    policy, diagnostics = parse_policy(from_plain(document), policy_type, name, advice=False)
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        raise Refused(errors[0].message, errors)
    return policy


def _store(scenario: Scenario, addr: PolicyAddress, policy: Policy | None) -> None:
    """Put `policy` at its address (None removes an inline, trust or resource policy)."""
    if addr.is_managed or addr.place in REFERENCE_PLACES:
        if policy is None:
            scenario.policies.pop(str(addr), None)
        else:
            scenario.policies[str(addr)] = policy
        return
    owner = owner_object(scenario, addr)
    if addr.place is Place.INLINE and isinstance(owner, (User, Group, Role)) and addr.name is not None:
        if policy is None:
            owner.inline.pop(addr.name, None)
        else:
            owner.inline[addr.name] = policy
    elif addr.place is Place.TRUST and isinstance(owner, Role):
        owner.trust = policy
    elif addr.place is Place.RESOURCE and isinstance(owner, Resource):
        owner.policy = policy
    else:
        raise Refused(f"there is nothing at `{addr}` to hold a policy")


def _document(policy: Policy | None) -> dict[str, object]:
    from .save import policy_document
    return copy.deepcopy(policy_document(policy)) if policy is not None else {"Version": "2012-10-17",
                                                                               "Statement": []}


# ----- connecting ----------------------------------------------------------------------------------
@_edit
def connect(scenario: Scenario, src: str, dst: str, *, boundary: bool = False) -> str:
    """Connect two nodes the way the canvas means it; returns what was done, in words."""
    a, b = _split(src)[0], _split(dst)[0]
    if src == dst:
        raise Refused("drag to a different node to connect")
    for key in (src, dst):
        if key != "root" and not key.startswith("policy/"):
            _node(scenario, key)
    pair = {a, b}
    if pair == {"user", "group"}:
        user, group = (src, dst) if a == "user" else (dst, src)
        u, gname = _node_as(scenario, user, User), _split(group)[1]
        if gname in u.groups:
            raise Refused(f"`{u.name}` is already in `{gname}`")
        if len(u.groups) >= 10:
            raise Refused("AWS allows a user in at most 10 groups")
        u.groups.append(gname)
        return f"added {u.name} to group {gname}"
    if a == b == "group":
        raise Refused("a group cannot join a group: IAM groups hold users only, and they do not nest")
    if pair == {"role", "group"}:
        raise Refused("a role cannot join a group: groups hold users only; attach policies to the role instead")
    if a == b == "policy":
        raise Refused("policies do not attach to policies: attach each one to a user, group or role")
    if "policy" in pair:
        policy, target = (src, dst) if a == "policy" else (dst, src)
        return _attach(scenario, _policy_address(scenario, policy), target, boundary)
    if pair == {"resource", "role"}:
        res, role = (src, dst) if a == "resource" else (dst, src)
        r = _node_as(scenario, res, Resource)
        if not resource_kind(r.arn).runs_code:
            raise Refused(f"`{r.name}` does not run code, so it cannot run as a role: "
                          "only compute such as EC2 instances and Lambda functions can")
        r.role = _split(role)[1]
        return f"{r.name} now runs as role {r.role}"
    if "role" in pair and pair <= {"role", "user", "root"}:
        role, who = (src, dst) if a == "role" else (dst, src)
        return _trust(scenario, _node_as(scenario, role, Role), who)
    if pair == {"user", "root"}:
        raise Refused("users and the root user are separate identities: there is nothing to connect")
    if "resource" in pair:
        raise Refused("a resource is reached through policies: write a policy that names its ARN, "
                      "or use its resource-based policy")
    raise Refused(f"a {a} cannot be connected to a {b}")


def _attach(scenario: Scenario, addr: PolicyAddress, target: str, boundary: bool) -> str:
    kind = _split(target)[0]
    if not addr.is_managed:
        raise Refused("this policy belongs to exactly one owner: use a managed policy to share it")
    if kind not in ("user", "group", "role"):
        raise Refused("managed policies attach only to users, groups and roles; a resource's access "
                      "comes from its own resource-based policy")
    ref = str(addr)
    policy = scenario.policy(ref)
    if policy is None:
        raise Refused(f"there is no policy `{ref}`")
    if policy.policy_type in (PolicyType.SCP, PolicyType.RCP, PolicyType.RESOURCE, PolicyType.VPC_ENDPOINT):
        what = {PolicyType.SCP: "an SCP", PolicyType.RCP: "an RCP", PolicyType.RESOURCE: "a resource-based policy",
                PolicyType.VPC_ENDPOINT: "a VPC endpoint policy"}[policy.policy_type]
        raise Refused(f"`{policy.display_name}` is {what}: it cannot be attached to an identity")
    label = policy.display_name
    if boundary:
        if kind == "group":
            raise Refused("a group cannot have a permissions boundary: only users and roles can")
        bounded = _node_as(scenario, target, User) if kind == "user" else _node_as(scenario, target, Role)
        if bounded.boundary == ref:
            raise Refused(f"`{label}` is already the permissions boundary of `{bounded.name}`")
        _drop_reference_doc(scenario, bounded.boundary)
        bounded.boundary = ref
        return f"{label} is now the permissions boundary of {bounded.name}"
    ident = _node(scenario, target)
    if isinstance(ident, Resource):
        raise Refused(f"`{ident.name}` is a resource: managed policies attach to users, groups and roles")
    if ref in ident.policies:
        raise Refused(f"`{label}` is already attached to `{ident.name}`")
    if len(ident.policies) >= MAX_MANAGED:
        raise Refused(f"AWS allows at most {MAX_MANAGED} managed policies on one identity")
    ident.policies.append(ref)
    return f"attached {label} to {ident.name}"


def _principal_arn(scenario: Scenario, who: str) -> str:
    if who == "root":
        return f"arn:aws:iam::{scenario.account}:root"
    return _node(scenario, who).arn


def _root_forms(scenario: Scenario, arn: str) -> set[str]:
    """The ways a trust policy can name the same principal (the account root: its id or root ARN)."""
    if arn == f"arn:aws:iam::{scenario.account}:root":
        return {arn, scenario.account}
    return {arn}


def _trust(scenario: Scenario, role: Role, who: str) -> str:
    if _split(who)[0] not in ("user", "role", "root"):
        raise Refused("a role trusts users, roles or an account's root user")
    arn = _principal_arn(scenario, who)
    forms = _root_forms(scenario, arn)
    label = _split(who)[1] or "the root user"
    if role.trust is not None and any(
            st.effect == "Allow" and st.principal is not None and forms & set(st.principal.values("AWS"))
            for st in role.trust.statements):
        raise Refused(f"`{label}` may already assume `{role.name}`")
    document = _document(role.trust)
    statements = document.get("Statement")
    if isinstance(statements, dict):
        statements = document["Statement"] = [statements]
    elif not isinstance(statements, list):
        statements = document["Statement"] = []
    statements.append({"Effect": "Allow", "Principal": {"AWS": arn}, "Action": "sts:AssumeRole"})
    role.trust = _parse_document(document, PolicyType.TRUST, str(PolicyAddress.trust(role.name)))
    return f"{label} may now assume role {role.name}"


@_edit
def disconnect(scenario: Scenario, src: str, dst: str, kind: EdgeKind | str) -> None:
    """Remove the edge of `kind` from `src` to `dst` (directions as `connect` draws them)."""
    try:
        kind = EdgeKind(kind)
    except ValueError:
        raise Refused(f"there is no kind of edge called `{kind}`") from None
    missing = Refused(f"there is no {kind.value.replace('_', ' ')} edge from `{src}` to `{dst}`")
    if kind is EdgeKind.MEMBER:
        user, group = _node(scenario, src), _split(dst)[1]
        if not isinstance(user, User) or group not in user.groups:
            raise missing
        user.groups.remove(group)
    elif kind in (EdgeKind.ATTACHED, EdgeKind.BOUNDARY):
        ref = str(_policy_address(scenario, src))
        ident = _node(scenario, dst)
        if kind is EdgeKind.ATTACHED:
            if isinstance(ident, Resource) or ref not in ident.policies:
                raise missing
            ident.policies.remove(ref)
        else:
            if not isinstance(ident, Identity) or ident.boundary != ref:
                raise missing
            ident.boundary = None
        _drop_reference_doc(scenario, ref)
    elif kind is EdgeKind.RUNS_AS:
        res = _node(scenario, src)
        if not isinstance(res, Resource) or res.role is None or f"role/{res.role}" != dst:
            raise missing
        res.role = None
    elif kind is EdgeKind.TRUST:
        role = _node(scenario, src)
        if not isinstance(role, Role):
            raise missing
        _untrust(scenario, role, _principal_arn(scenario, dst), missing)
    elif kind in (EdgeKind.INLINE, EdgeKind.RESOURCE_POLICY):
        delete_node(scenario, src)
    else:
        ref = str(_policy_address(scenario, src))
        org = scenario.organization
        levels = (org.scps if kind is EdgeKind.SCP else org.rcps) if org is not None else None
        if not levels or not any(ref in level.policies for level in levels):
            raise missing
        for level in levels:
            level.policies = [r for r in level.policies if r != ref]
        _drop_reference_doc(scenario, ref)


def _level(scenario: Scenario, kind: EdgeKind | str, index: int) -> tuple[EdgeKind, PolicyLevel]:
    which = EdgeKind(kind) if kind in (EdgeKind.SCP.value, EdgeKind.RCP.value) else None
    if which is None:
        raise Refused("organization levels hold SCPs (`scp`) or RCPs (`rcp`)")
    org = scenario.organization
    levels = (org.scps if which is EdgeKind.SCP else org.rcps) if org is not None else None
    if not levels or not 0 <= index < len(levels):
        raise Refused(f"the organization has no {which.value.upper()} level number {index + 1}")
    return which, levels[index]


@_edit
def attach_to_level(scenario: Scenario, kind: EdgeKind | str, index: int, policy: str) -> None:
    """Attach an SCP or RCP (`kind` "scp" or "rcp") to one organization level, 0 being the root."""
    from ..managed import organization_policy
    kind, level = _level(scenario, kind, index)
    ref = str(_policy_address(scenario, policy))
    found = scenario.policy(ref) or organization_policy(ref)
    wanted = PolicyType.SCP if kind is EdgeKind.SCP else PolicyType.RCP
    if found is None or found.policy_type is not wanted:
        raise Refused(f"`{ref}` is not {'an SCP' if kind is EdgeKind.SCP else 'an RCP'}")
    if ref in level.policies:
        raise Refused(f"`{ref}` is already attached at {level.target}")
    level.policies.append(ref)
    scenario.policies.setdefault(ref, found)    # as the loader holds a policy AWS provides that is referenced


@_edit
def detach_from_level(scenario: Scenario, kind: EdgeKind | str, index: int, policy: str) -> None:
    """Detach an SCP or RCP from one organization level only (`disconnect` detaches it from every level)."""
    kind, level = _level(scenario, kind, index)
    ref = str(_policy_address(scenario, policy))
    if ref not in level.policies:
        raise Refused(f"`{ref}` is not attached at {level.target}")
    level.policies.remove(ref)
    _drop_reference_doc(scenario, ref)


def _untrust(scenario: Scenario, role: Role, arn: str, missing: Refused) -> None:
    """Remove the principal from the trust policy's Allow statements, keeping every other element."""
    forms = _root_forms(scenario, arn)
    document = _document(role.trust)
    statements = document.get("Statement")
    single = isinstance(statements, dict)
    items: list[object] = [statements] if single else list(statements) if isinstance(statements, list) else []
    kept: list[object] = []
    found = False
    for st in items:
        principal = st.get("Principal") if isinstance(st, dict) and st.get("Effect") == "Allow" else None
        aws = principal.get("AWS") if isinstance(principal, dict) else None
        values = [aws] if isinstance(aws, str) else aws if isinstance(aws, list) else None
        if not isinstance(principal, dict) or values is None or not forms & set(values):
            kept.append(st)
            continue
        found = True
        left = [v for v in values if v not in forms]
        if left:
            principal["AWS"] = left if isinstance(aws, list) else left[0]
        else:
            del principal["AWS"]
        if principal:
            kept.append(st)
    if not found:
        raise missing
    if not kept:
        role.trust = None
        return
    document["Statement"] = kept[0] if single and len(kept) == 1 else kept
    role.trust = _parse_document(document, PolicyType.TRUST, str(PolicyAddress.trust(role.name)))


def _drop_reference_doc(scenario: Scenario, ref: str | None) -> None:
    """Forget a document written in place of a reference, or a policy AWS provides (`RCPFullAWSAccess`,
    which the loader holds only while something refers to it), once nothing refers to it."""
    if ref is None or ref in _all_refs(scenario):
        return
    held = scenario.policies.get(ref)
    if not is_managed_key(ref) or (held is not None and held.aws_managed):
        scenario.policies.pop(ref, None)
        _forget_layout(scenario, f"policy/{ref}")


def _identities(scenario: Scenario) -> list[User | Group | Role]:
    """Everything that holds attached policies (and, for users and roles, a boundary)."""
    return [*scenario.users.values(), *scenario.groups.values(), *scenario.roles.values()]


def _all_refs(scenario: Scenario) -> list[str]:
    refs: list[str] = []
    for ident in _identities(scenario):
        refs += ident.policies
        if isinstance(ident, Identity) and ident.boundary:
            refs.append(ident.boundary)
    org = scenario.organization
    for levels in ((org.scps, org.rcps) if org else ()):
        for level in levels or ():
            refs += level.policies
    for r in scenario.requests:
        refs += r.session_policies
        if r.vpc_endpoint_policy:
            refs.append(r.vpc_endpoint_policy)
    return refs


# ----- deleting -------------------------------------------------------------------------------------
@_edit
def delete_node(scenario: Scenario, key: str) -> None:
    """Remove a node and every reference to it; refused when something that must stay names it."""
    if key == "root":
        raise Refused("the root user cannot be deleted: every AWS account has one")
    kind, name = _split(key)
    for holder in holders(scenario):
        reason = holder.delete_refusal(key)
        if reason:
            raise Refused(reason)
    if kind == "policy":
        _delete_policy(scenario, _policy_address(scenario, key))
    else:
        obj = _node(scenario, key)
        for index, request in enumerate(scenario.requests):
            if _request_names(scenario, request, key):
                raise Refused(f"request `{request.name or index + 1}` is made by `{name}`: "
                              "delete the request or change its principal first")
        _node_table(scenario, kind).pop(name)
        if isinstance(obj, (User, Group, Role)):
            for ref in [*obj.policies, obj.boundary if isinstance(obj, Identity) else None]:
                _drop_reference_doc(scenario, ref)
            for pname in obj.inline:
                _forget_layout(scenario, PolicyAddress.inline(key, pname).node_key)
        if kind == "group":
            for user in scenario.users.values():
                if name in user.groups:
                    user.groups.remove(name)
        if kind == "role":
            for res in scenario.resources.values():
                if res.role == name:
                    res.role = None
        if isinstance(obj, Resource) and obj.policy is not None:
            _forget_layout(scenario, PolicyAddress.resource(name).node_key)
    _forget_layout(scenario, key)


def _request_names(scenario: Scenario, request: RequestSpec, key: str) -> bool:
    """Whether the request's principal is the node `key` (or runs as it)."""
    kind, name = _split(key)
    text = request.principal.strip()
    if kind == "resource":
        return text == name
    obj = _node_table(scenario, kind).get(name)
    if text == key or (obj is not None and text == obj.arn):
        return True
    if kind == "role":
        if f":assumed-role/{name}/" in text:
            return True
        res = scenario.resources.get(text)
        return res is not None and res.role == name
    return False


def _delete_policy(scenario: Scenario, addr: PolicyAddress) -> None:
    if addr.is_managed:
        ref = str(addr)
        known = ref in scenario.policies or ref in _all_refs(scenario) or ref.startswith(AWS_POLICY_PREFIX)
        if not known:
            raise Refused(f"there is no policy `{ref}`")
        _detach_everywhere(scenario, ref)
        scenario.policies.pop(ref, None)
    elif addr.place in REFERENCE_PLACES:
        if str(addr) not in scenario.policies and str(addr) not in _all_refs(scenario):
            raise Refused(f"there is no document at `{addr}`")
        _detach_everywhere(scenario, str(addr))
        scenario.policies.pop(str(addr), None)
    else:
        if find_policy(scenario, addr) is None:
            raise Refused(f"there is no policy at `{addr}`")
        _store(scenario, addr, None)
    _forget_layout(scenario, addr.node_key)


def _detach_everywhere(scenario: Scenario, ref: str) -> None:
    for ident in _identities(scenario):
        ident.policies[:] = [r for r in ident.policies if r != ref]
        if isinstance(ident, Identity) and ident.boundary == ref:
            ident.boundary = None
    org = scenario.organization
    for levels in ((org.scps, org.rcps) if org else ()):
        for level in levels or ():
            level.policies = [r for r in level.policies if r != ref]
    for request in scenario.requests:
        request.session_policies = [r for r in request.session_policies if r != ref]
        if request.vpc_endpoint_policy == ref:
            request.vpc_endpoint_policy = None


def _forget_layout(scenario: Scenario, key: str) -> None:
    layout = scenario.extra.get("layout")
    if isinstance(layout, dict):
        layout.pop(key, None)


# ----- renaming --------------------------------------------------------------------------------------
@_edit
def rename(scenario: Scenario, key: str, new_name: str) -> str:
    """Rename a node and carry every reference to it along; returns the node's new key."""
    kind, old = _split(key)
    if key == "root":
        raise Refused("the root user has no name to change")
    if kind == "policy":
        new_key = _rename_policy(scenario, _policy_address(scenario, key), new_name)
    else:
        obj = _node(scenario, key)
        if new_name == old:
            return key
        check_new_name(scenario, kind, new_name, replacing=old)
        new_key = f"{kind}/{new_name}"
        old_arn = obj.arn if not isinstance(obj, Resource) else None
        _rekey_node(scenario, obj, old, new_name)
        obj.name = new_name
        _carry_owner(scenario, key, new_key, obj)
        if kind == "group":
            for user in scenario.users.values():
                user.groups[:] = [new_name if g == old else g for g in user.groups]
        if kind == "role":
            for res in scenario.resources.values():
                if res.role == old:
                    res.role = new_name
        for request in scenario.requests:
            request.principal = _renamed_principal(request.principal, kind, old, new_name, old_arn, obj.arn)
        if old_arn is not None:
            _carry_principal_arn(scenario, old_arn, obj.arn)
    _move_layout(scenario, key, new_key)
    rename_expected_by(scenario, key, new_key)
    for holder in holders(scenario):
        holder.rename_reference(key, new_key)
    return new_key


def _rekey(table: dict[str, _V], old: str, new: str, value: _V) -> None:
    """Rename a dict key in place, keeping its position (the file's order)."""
    items = [(new if k == old else k, value if k == old else v) for k, v in table.items()]
    table.clear()
    table.update(items)


def _rekey_node(scenario: Scenario, obj: User | Group | Role | Resource, old: str, new: str) -> None:
    """Rename a node in its table, keeping its position."""
    if isinstance(obj, User):
        _rekey(scenario.users, old, new, obj)
    elif isinstance(obj, Group):
        _rekey(scenario.groups, old, new, obj)
    elif isinstance(obj, Role):
        _rekey(scenario.roles, old, new, obj)
    else:
        _rekey(scenario.resources, old, new, obj)


def _renamed_principal(text: str, kind: str, old: str, new: str, old_arn: str | None, new_arn: str) -> str:
    stripped = text.strip()
    if stripped == f"{kind}/{old}":
        return f"{kind}/{new}"
    if kind == "resource":
        return new if stripped == old else text
    if old_arn is not None and stripped == old_arn:
        return new_arn
    if kind == "role" and f":assumed-role/{old}/" in stripped:
        return stripped.replace(f":assumed-role/{old}/", f":assumed-role/{new}/", 1)
    return text


def _carry_owner(scenario: Scenario, old_key: str, new_key: str, obj: User | Group | Role | Resource) -> None:
    """The documents an owner holds are named by its key: rename them (and their layout) too."""
    old_prefix, new_prefix = f"{old_key}#", f"{new_key}#"
    if isinstance(obj, (User, Group, Role)):
        for pname, policy in list(obj.inline.items()):
            obj.inline[pname] = dataclasses.replace(policy, name=str(PolicyAddress.inline(new_key, pname)))
            _move_layout(scenario, PolicyAddress.inline(old_key, pname).node_key,
                         PolicyAddress.inline(new_key, pname).node_key)
        if isinstance(obj, Role) and obj.trust is not None:
            obj.trust = dataclasses.replace(obj.trust, name=str(PolicyAddress.trust(obj.name)))
    if isinstance(obj, Resource) and obj.policy is not None:
        obj.policy = dataclasses.replace(obj.policy, name=str(PolicyAddress.resource(obj.name)))
        _move_layout(scenario, f"policy/{old_prefix}policy", f"policy/{new_prefix}policy")
    # the documents written in place of its references move with it (`_renumber_documents`)


def _rename_refs(scenario: Scenario, renamed: dict[str, str]) -> None:
    """Re-key policies in `Scenario.policies` and every reference to them."""
    items = []
    for ref, policy in scenario.policies.items():
        if ref in renamed:
            items.append((renamed[ref], dataclasses.replace(policy, name=renamed[ref])))
        else:
            items.append((ref, policy))
    scenario.policies.clear()
    scenario.policies.update(items)
    for ident in _identities(scenario):
        ident.policies[:] = [renamed.get(r, r) for r in ident.policies]
        if isinstance(ident, Identity) and ident.boundary is not None and ident.boundary in renamed:
            ident.boundary = renamed[ident.boundary]
    org = scenario.organization
    for levels in ((org.scps, org.rcps) if org else ()):
        for level in levels or ():
            level.policies = [renamed.get(r, r) for r in level.policies]
    for request in scenario.requests:
        request.session_policies = [renamed.get(r, r) for r in request.session_policies]
        if request.vpc_endpoint_policy in renamed:
            request.vpc_endpoint_policy = renamed[request.vpc_endpoint_policy]


def _carry_principal_arn(scenario: Scenario, old_arn: str, new_arn: str) -> None:
    """AWS keeps a renamed principal in trust and resource policies (it stores its unique id)."""
    for role in scenario.roles.values():
        if role.trust is not None:
            role.trust = _replace_principal(role.trust, old_arn, new_arn)
    for res in scenario.resources.values():
        if res.policy is not None:
            res.policy = _replace_principal(res.policy, old_arn, new_arn)


def _replace_principal(policy: Policy, old_arn: str, new_arn: str) -> Policy:
    if not any(old_arn in p.values("AWS") for st in policy.statements
               for p in (st.principal, st.not_principal) if p is not None):
        return policy
    document = _document(policy)
    statements = document.get("Statement")
    for st in [statements] if isinstance(statements, dict) else statements if isinstance(statements, list) else []:
        for key in ("Principal", "NotPrincipal"):
            principal = st.get(key) if isinstance(st, dict) else None
            if isinstance(principal, dict) and "AWS" in principal:
                aws = principal["AWS"]
                principal["AWS"] = new_arn if aws == old_arn else \
                    [new_arn if v == old_arn else v for v in aws] if isinstance(aws, list) else aws
    replaced = _parse_document(document, policy.policy_type, policy.name)
    replaced.description, replaced.arn = policy.description, policy.arn
    return replaced


def _rename_policy(scenario: Scenario, addr: PolicyAddress, new_name: str) -> str:
    if addr.is_aws_managed:
        raise Refused("AWS managed policies cannot be renamed: AWS owns them")
    if addr.place is Place.INLINE:
        owner = owner_object(scenario, addr)
        old_name, owner_key = addr.name, addr.owner
        if not isinstance(owner, (User, Group, Role)) or old_name is None or owner_key is None \
                or old_name not in owner.inline:
            raise Refused(f"there is no policy at `{addr}`")
        if new_name == old_name:
            return addr.node_key
        bag = DiagnosticBag()
        if not check_inline_name(bag, new_name, None):
            raise Refused(bag.items[0].message + ": " + (bag.items[0].help or ""), bag.items)
        if new_name in owner.inline:
            raise Refused(f"`{owner.name}` already has an inline policy named `{new_name}`")
        new_addr = PolicyAddress.inline(owner_key, new_name)
        _rekey(owner.inline, old_name, new_name, dataclasses.replace(owner.inline[old_name], name=str(new_addr)))
        return new_addr.node_key
    if not addr.is_managed:
        raise Refused("this policy is named after its owner: rename the owner instead")
    old = str(addr)
    policy = scenario.policies.get(old)
    if policy is None:
        raise Refused(f"there is no policy `{old}`")
    if policy.aws_managed:
        raise Refused(f"`{old}` is a policy AWS provides: it cannot be renamed")
    if new_name == old:
        return addr.node_key
    check_new_name(scenario, "policy", new_name, replacing=old)
    _rename_refs(scenario, {old: new_name})
    renamed = scenario.policies[new_name]
    if renamed.arn is not None and renamed.arn.endswith(f":policy/{old}"):
        renamed.arn = renamed.arn[: -len(old)] + new_name
    return PolicyAddress.managed(new_name).node_key


def _move_layout(scenario: Scenario, old_key: str, new_key: str) -> None:
    layout = scenario.extra.get("layout")
    if isinstance(layout, dict) and old_key in layout and old_key != new_key:
        _rekey(layout, old_key, new_key, layout[old_key])


# ----- layout -----------------------------------------------------------------------------------------
@_edit
def set_positions(scenario: Scenario, positions: dict[str, tuple[float, float]]) -> None:
    """Record where the user put nodes on the canvas (saved under `layout:`)."""
    if not positions:
        return
    layout = scenario.extra.setdefault("layout", {})
    if not isinstance(layout, dict):
        raise Refused("the file's `layout:` is not a mapping of node positions")
    for key, (x, y) in positions.items():
        layout[key] = [round(float(x), 1), round(float(y), 1)]


# ----- requests ---------------------------------------------------------------------------------------
@_edit
def add_request(scenario: Scenario, spec: RequestSpec, index: int | None = None) -> int:
    """Add a request (at the end, or at `index`); returns its index."""
    _check_request_name(scenario, spec, None)
    position = len(scenario.requests) if index is None else max(0, min(index, len(scenario.requests)))
    scenario.requests.insert(position, _with_own_documents(scenario, spec, None))
    return position


@_edit
def replace_request(scenario: Scenario, index: int, spec: RequestSpec) -> None:
    """Replace the request at `index`."""
    old = _request_at(scenario, index)
    _check_request_name(scenario, spec, index)
    scenario.requests[index] = _with_own_documents(scenario, spec, old)
    for ref in [*old.session_policies, old.vpc_endpoint_policy]:
        _drop_reference_doc(scenario, ref)
    old_name = old.name
    if spec.name != old_name:
        for holder in holders(scenario):
            holder.rename_reference(f"request/{old_name}", f"request/{spec.name}")


@_edit
def remove_request(scenario: Scenario, index: int) -> None:
    """Remove the request at `index` (its inline session or endpoint documents go with it)."""
    request = _request_at(scenario, index)
    for holder in holders(scenario):
        reason = holder.delete_refusal(f"request/{request.name}")
        if reason:
            raise Refused(reason)
    del scenario.requests[index]
    for ref in [*request.session_policies, request.vpc_endpoint_policy]:
        _drop_reference_doc(scenario, ref)


def _with_own_documents(scenario: Scenario, spec: RequestSpec, replaced: RequestSpec | None) -> RequestSpec:
    """A copy of `spec` whose documents written in place of a reference are its own. A document belongs
    to one place: naming another request's (a request saved as new, a session policy picked from
    another request) gives this request a copy, as the saved file holds it. `replaced`: the request
    `spec` replaces, whose documents stay."""
    spec = copy.deepcopy(spec)
    own = {*replaced.session_policies, replaced.vpc_endpoint_policy} if replaced is not None else set()

    def owned(ref: str, address: PolicyAddress) -> str:
        policy = scenario.policies.get(ref)
        if is_managed_key(ref) or ref in own or policy is None:
            return ref
        scenario.policies[str(address)] = dataclasses.replace(policy, name=str(address))
        return str(address)     # for now: `_renumber_documents` gives it the address of its place

    spec.session_policies = [owned(ref, PolicyAddress(Place.SESSION, "request/new", str(i)))
                             for i, ref in enumerate(spec.session_policies)]
    if spec.vpc_endpoint_policy:
        spec.vpc_endpoint_policy = owned(spec.vpc_endpoint_policy, PolicyAddress(Place.ENDPOINT, "request/new"))
    return spec


def _request_at(scenario: Scenario, index: int) -> RequestSpec:
    if not isinstance(index, int) or not 0 <= index < len(scenario.requests):
        raise Refused(f"there is no request number {index + 1 if isinstance(index, int) else index}")
    return scenario.requests[index]


def _check_request_name(scenario: Scenario, spec: RequestSpec, index: int | None) -> None:
    if not isinstance(spec, RequestSpec):
        raise Refused("a request needs a principal, an action and a resource")
    if not spec.name or not spec.name.strip():
        raise Refused("give the request a name")
    for i, other in enumerate(scenario.requests):
        if i != index and other.name == spec.name:
            raise Refused(f"there is already a request named `{spec.name}`: give each request its own name")


# ----- the scenario's own fields ------------------------------------------------------------------------
@_edit
def set_title(scenario: Scenario, title: str) -> None:
    if not isinstance(title, str) or not title.strip():
        raise Refused("a scenario needs a title")
    scenario.title = title


@_edit
def set_description(scenario: Scenario, description: str) -> None:
    scenario.description = description or ""



# ----- credentials ----------------------------------------------------------------------------------------
def _user(scenario: Scenario, name: str) -> User:
    user = scenario.users.get(name)
    if user is None:
        raise Refused(f"there is no user `{name}`")
    return user


@_edit
def set_user_credentials(scenario: Scenario, name: str, *, console: bool | None = None,
                         mfa: bool | None = None) -> None:
    """Give or take away a user's console password and MFA device (None: leave it as it is)."""
    user = _user(scenario, name)
    if console is not None:
        user.console = bool(console)
    if mfa is not None:
        user.mfa = bool(mfa)


@_edit
def set_root_mfa(scenario: Scenario, mfa: bool) -> None:
    """Give the root user an MFA device, or take it away."""
    scenario.root_mfa = bool(mfa)


@_edit
def set_access_key_status(scenario: Scenario, name: str, key_id: str, status: str) -> None:
    """Make one of a user's access keys `Active` or `Inactive`."""
    if status not in ("Active", "Inactive"):
        raise Refused(f"`{status}` is not a key status: a key is Active or Inactive")
    key = next((k for k in _user(scenario, name).access_keys if k.id == key_id), None)
    if key is None:
        raise Refused(f"{name} has no access key `{key_id}`")
    key.status = status


@_edit
def delete_access_key(scenario: Scenario, name: str, key_id: str) -> None:
    """Delete one of a user's access keys (requests signed with it then fail to authenticate)."""
    user = _user(scenario, name)
    if not any(k.id == key_id for k in user.access_keys):
        raise Refused(f"{name} has no access key `{key_id}`")
    user.access_keys = [k for k in user.access_keys if k.id != key_id]
