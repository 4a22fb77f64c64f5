"""`Scenario` → YAML. A scenario loaded with its ruamel document (`Scenario.source`) is saved by
updating that document, so comments, key order and quoting survive and only changed parts differ;
otherwise the YAML is written fresh in the format's key order.

Policy references whose address holds a `#` (such as `user/alice#policies/1`) are documents given
where a reference was expected: they are written back as documents.
"""
from __future__ import annotations

import copy
import io
import json
import os
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

from ..arn import valid_arn
from ..atomic import ReadOnlyFile, write_text_atomic
from ..diagnostics import Diagnostic, Severity, Span
from ..isotime import parse_time
from ..located import Written
from ..policy.model import Policy, PolicyType
from ..yamlevents import resolve_plain
from ..yamlsource import RoundTripSource, new_round_trip_yaml
from .address import is_managed_key
from .load import FORMAT_VERSION
from .model import Credential, Group, Identity, PolicyLevel, RequestSpec, Resource, Role, Scenario, User

_START = Span.point(1, 1, 0)
_DECLARED_TYPES = {PolicyType.SCP: "scp", PolicyType.RCP: "rcp", PolicyType.RESOURCE: "resource",
                   PolicyType.VPC_ENDPOINT: "vpc_endpoint"}


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> list[Diagnostic]:
    """Write the scenario to `path` atomically, only when the text written loads again as a scenario.

    The diagnostics say why nothing was written; the file on disk is then the last saved copy.
    """
    file = str(path)
    try:
        text = dump_scenario_text(scenario)
    except Exception as exc:    # noqa: BLE001 - a model we cannot write must not take the caller down
        return [Diagnostic("file.cannot-save", Severity.ERROR, f"this scenario cannot be written as YAML: {exc}",
                           _START, "undo the last change; the file on disk keeps the last saved copy", file)]
    from .load import load_scenario_text
    again, diagnostics = load_scenario_text(text, file)
    if again is None:
        first = next(d for d in diagnostics if d.is_error)
        return [Diagnostic("file.would-not-open", Severity.ERROR,
                           f"saving would write a file that cannot be opened: {first.message}", first.span,
                           "undo the last change or fix this first; the file on disk keeps the last saved copy",
                           file)]
    try:
        write_text_atomic(path, text)
    except ReadOnlyFile as exc:
        return [Diagnostic("file.read-only", Severity.ERROR, exc.strerror or str(exc), _START,
                           f"make it writable (`chmod u+w {file}`) or save under another name", file)]
    except UnicodeEncodeError as exc:
        return [Diagnostic("file.cannot-save", Severity.ERROR,
                           f"the scenario holds U+{ord(exc.object[exc.start]):04X}, which UTF-8 cannot hold",
                           _START, "remove the lone surrogate (an unpaired `\\uD800`-style escape)", file)]
    except OSError as exc:
        return [Diagnostic("file.unwritable", Severity.ERROR,
                           f"cannot write the file: {exc.strerror or exc}".lower(), _START,
                           "choose a folder you can write to; the file on disk keeps the last saved copy", file)]
    return []


def dump_scenario_text(scenario: Scenario) -> str:
    """The scenario as YAML text: the loaded text itself while the model says what it said, else
    the loaded document updated (a fresh copy each time, so the text depends only on the model),
    else fresh YAML. A scenario read from JSON is written as JSON, in the file's indentation."""
    data = scenario_to_plain(scenario)
    source = scenario.source
    if isinstance(source, RoundTripSource):
        if data == _loaded_plain(source.text, scenario.file):
            return source.text
        document = _fresh_document(source.text)
    else:
        document = source
    written: object = data
    if isinstance(document, dict):
        _drop_implied_types(data, document, _uses(scenario))
        written = _merge(document, data, scenario.account, None, {})
    text = source.text if isinstance(source, RoundTripSource) else None
    if text is not None and text.lstrip("\ufeff \t\r\n").startswith("{") \
            or text is None and (scenario.file or "").lower().endswith(".json"):
        return _json_text(written, text or "")
    stream = io.StringIO()
    _yaml().dump(written, stream)
    return stream.getvalue()


@lru_cache(maxsize=4)
def _round_trip_document(text: str) -> object:
    return RoundTripSource(text).document()


def _fresh_document(text: str) -> object:
    """A private copy of the text's ruamel document (each save merges into the file as loaded).

    Times are shared, not copied: they are immutable, and ruamel's own copy drops their time zone.
    """
    document = _round_trip_document(text)
    return copy.deepcopy(document, {id(t): t for t in _times(document)})


def _times(node: object) -> list[date]:
    found: list[date] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, date):
            found.append(item)
    return found


@lru_cache(maxsize=8)
def _loaded_plain(text: str, file: str | None) -> dict[str, object] | None:
    """What the model of a file's text writes (cached per text): the baseline of "not edited"."""
    from .load import load_scenario_text
    scenario, _ = load_scenario_text(text, file or "<input>")
    return scenario_to_plain(scenario) if scenario is not None else None


def scenario_to_plain(scenario: Scenario) -> dict[str, object]:
    """The scenario as plain data in the file format's key order, leaving out defaults."""
    s = scenario
    out: dict[str, object] = {"iam_studio": FORMAT_VERSION, "title": s.title}
    if s.description:
        out["description"] = s.description
    out["account"] = s.account
    if s.time:
        out["time"] = s.time
    if s.root_mfa is not None:
        out["root"] = {"mfa": s.root_mfa}
    policies = {key: _managed_policy(p) for key, p in s.policies.items() if _is_customer_managed(key, p)}
    if policies:
        out["policies"] = policies
    if s.users:
        out["users"] = {name: _user(s, u) for name, u in s.users.items()}
    if s.groups:
        out["groups"] = {name: _identity_policies(s, g, {}) for name, g in s.groups.items()}
    if s.roles:
        out["roles"] = {name: _role(s, r) for name, r in s.roles.items()}
    if s.resources:
        out["resources"] = {name: _resource(s, r) for name, r in s.resources.items()}
    if s.organization is not None:
        org: dict[str, object] = {}
        o = s.organization
        for key in ("id", "management_account"):
            if getattr(o, key):
                org[key] = getattr(o, key)
        if o.accounts:
            org["accounts"] = list(o.accounts)
        for key in ("scps", "rcps"):
            levels = getattr(o, key)
            if levels is not None:
                org[key] = [_level(s, level) for level in levels]
        out["organization"] = org
    if s.requests:
        out["requests"] = [_request(s, r, i) for i, r in enumerate(s.requests)]
    if s.lesson is not None:
        out["lesson"] = s.lesson.to_plain()
    out.update((key, value) for key, value in s.extra.items() if not (key == "layout" and not value))
    return out


def _drop_implied_types(data: dict[str, object], document: dict[object, object],
                        uses: dict[str, PolicyType]) -> None:
    """Leave out a `type:` the file did not write where the policy's use implies it anyway."""
    old = document.get("policies")
    policies = data.get("policies")
    for name, spec in (policies.items() if isinstance(policies, dict) else ()):
        written = old.get(name) if isinstance(old, dict) else None
        if isinstance(spec, dict) and "type" in spec and not (isinstance(written, dict) and "type" in written) \
                and _DECLARED_TYPES.get(uses.get(name, PolicyType.IDENTITY)) == spec["type"]:
            del spec["type"]


def _uses(s: Scenario) -> dict[str, PolicyType]:
    """The type the loader gives each named policy without a `type:` (its first special use)."""
    uses: dict[str, PolicyType] = {}
    identities: list[Group | User | Role] = [*s.groups.values(), *s.users.values(), *s.roles.values()]
    for identity in identities:
        boundary = identity.boundary if isinstance(identity, Identity) else None
        for ref in (*identity.policies, *([boundary] if boundary else ())):
            uses.setdefault(ref, PolicyType.IDENTITY)
    org = s.organization
    for levels, kind in ((org.scps if org else None, PolicyType.SCP), (org.rcps if org else None, PolicyType.RCP)):
        for level in levels or ():
            for ref in level.policies:
                uses.setdefault(ref, kind)
    for r in s.requests:
        for ref in r.session_policies:
            uses.setdefault(ref, PolicyType.IDENTITY)
        if r.vpc_endpoint_policy:
            uses.setdefault(r.vpc_endpoint_policy, PolicyType.VPC_ENDPOINT)
    return uses


def policy_document(policy: Policy) -> dict[str, object]:
    """The document as the user wrote it, or rebuilt from the parsed statements."""
    written = policy.source.written() if policy.source is not None else None
    if isinstance(written, dict):
        return written
    doc: dict[str, object] = {}
    if policy.version:
        doc["Version"] = policy.version
    if policy.policy_id:
        doc["Id"] = policy.policy_id
    statements: list[dict[str, object]] = []
    for st in policy.statements:
        item: dict[str, object] = {}
        if st.sid:
            item["Sid"] = st.sid
        item["Effect"] = st.effect
        for key, principal in (("Principal", st.principal), ("NotPrincipal", st.not_principal)):
            if principal is not None:
                item[key] = "*" if principal.wildcard else {k: _one(v) for k, v in principal.entries}
        for key, element in (("Action", st.action), ("NotAction", st.not_action), ("Resource", st.resource),
                             ("NotResource", st.not_resource)):
            if element is not None:
                item[key] = _one(element.values)
        if st.conditions:
            conditions: dict[str, dict[str, object]] = {}
            for clause in st.conditions:
                conditions.setdefault(clause.operator, {})[clause.key] = _one(clause.values)
            item["Condition"] = conditions
        statements.append(item)
    doc["Statement"] = statements
    return doc


def _one(values: Sequence[str]) -> object:
    return values[0] if len(values) == 1 else list(values)


def _is_customer_managed(key: str, policy: Policy) -> bool:
    return is_managed_key(key) and not policy.aws_managed


def _managed_policy(policy: Policy) -> dict[str, object]:
    out: dict[str, object] = {}
    if policy.description:
        out["description"] = policy.description
    if policy.policy_type in _DECLARED_TYPES:
        out["type"] = _DECLARED_TYPES[policy.policy_type]
    out["document"] = policy_document(policy)
    return out


def _ref(scenario: Scenario, ref: str) -> object:
    """A reference as written: the name or ARN, or the document of an inline reference."""
    policy = scenario.policies.get(ref)
    if not is_managed_key(ref) and policy is not None:
        return policy_document(policy)
    return ref


def _identity_policies(s: Scenario, identity: User | Group | Role, out: dict[str, object]) -> dict[str, object]:
    if identity.account != s.account:
        out["account"] = identity.account
    if identity.path != "/":
        out["path"] = identity.path
    if isinstance(identity, Identity) and identity.id:
        out["id"] = identity.id
    if isinstance(identity, User) and identity.groups:
        out["groups"] = list(identity.groups)
    if identity.policies:
        out["policies"] = [_ref(s, ref) for ref in identity.policies]
    if identity.inline:
        out["inline"] = {name: policy_document(p) for name, p in identity.inline.items()}
    if isinstance(identity, Identity):
        if identity.boundary:
            out["boundary"] = _ref(s, identity.boundary)
        if identity.tags:
            out["tags"] = dict(identity.tags)
    return out


def _user(s: Scenario, user: User) -> dict[str, object]:
    out = _identity_policies(s, user, {})
    if user.console:
        out["console"] = True
    if user.mfa:
        out["mfa"] = True
    if user.access_keys:
        keys: list[dict[str, object]] = []
        for key in user.access_keys:
            item: dict[str, object] = {"id": key.id}
            if key.secret is not None:
                item["secret"] = key.secret
            if key.status != "Active":
                item["status"] = key.status
            keys.append(item)
        out["access_keys"] = keys
    return out


def _role(s: Scenario, role: Role) -> dict[str, object]:
    out = _identity_policies(s, role, {})
    if role.trust is not None:
        out = {**{k: v for k, v in out.items() if k in ("account", "path", "id")},
               "trust": policy_document(role.trust),
               **{k: v for k, v in out.items() if k not in ("account", "path", "id")}}
    if role.max_session_duration != 3600:
        out["max_session_duration"] = role.max_session_duration
    return out


def _resource(s: Scenario, resource: Resource) -> dict[str, object]:
    out: dict[str, object] = {"arn": resource.arn}
    arn = valid_arn(resource.arn)
    owner = arn.owner(s.account) if arn else s.account
    if resource.account != owner:
        out["account"] = resource.account
    if resource.policy is not None:
        out["policy"] = policy_document(resource.policy)
    if resource.tags:
        out["tags"] = dict(resource.tags)
    if resource.role:
        out["role"] = resource.role
    return out


def _level(s: Scenario, level: PolicyLevel) -> dict[str, object]:
    return {"target": level.target, "policies": [_ref(s, ref) for ref in level.policies]}


def _request(s: Scenario, r: RequestSpec, index: int) -> dict[str, object]:
    out: dict[str, object] = {}
    if r.name != f"request {index + 1}":
        out["name"] = r.name
    out.update(principal=r.principal, action=r.action, resource=r.resource)
    if r.resource_account:
        out["resource_account"] = r.resource_account
    if r.context:
        out["context"] = {k: v[0] if len(v) == 1 else list(v) for k, v in r.context.items()}
    if r.session_name:
        out["session_name"] = r.session_name
    if r.session_policies:
        refs = [_ref(s, ref) for ref in r.session_policies]
        out["session_policy"] = refs[0] if len(refs) == 1 else refs
    if r.vpc_endpoint_policy:
        out["vpc_endpoint_policy"] = _ref(s, r.vpc_endpoint_policy)
    if r.credential is not None:
        out["credential"] = _credential(r.credential)
    if r.expect and r.expect_by is not None:
        out["expect"] = {"decision": r.expect, "by": [e.text for e in r.expect_by]}
    elif r.expect:
        out["expect"] = r.expect
    return out


def _credential(c: Credential) -> dict[str, object]:
    out: dict[str, object] = {"type": c.type}
    for key in ("key_id", "secret", "mfa", "expires"):
        if getattr(c, key) is not None:
            out[key] = getattr(c, key)
    if c.tamper:
        out["tamper"] = True
    return out


# --- updating a loaded document ---------------------------------------------------------------

_DEFAULTS = {"path": "/", "status": "Active", "max_session_duration": 3600, "console": False, "mfa": False,
             "tamper": False}
_OPTIONAL_FIELDS = {"description", "time", "policies", "users", "groups", "roles", "resources", "organization",
                    "requests", "inline", "boundary", "tags", "id", "access_keys", "trust", "policy", "role",
                    "accounts", "management_account", "context", "session_name", "session_policy",
                    "vpc_endpoint_policy", "credential", "expect", "resource_account", "key_id", "secret",
                    "expires", "layout", "root", "lesson"}

_FIELDS = _OPTIONAL_FIELDS | set(_DEFAULTS)
# Mappings keyed by names the model can rename. Elsewhere a field is never renamed: `policies: [X]`
# gone and `boundary: X` come is a detach and a new boundary, not one key renamed.
_NAME_TABLES = {"users", "groups", "roles", "policies", "resources", "inline", "layout", "accounts", "tags",
                "context"}


_Merged = dict[int, tuple[object, object]]      # id of a mapping or list merged into -> (it, what it now says)


def _merge(old: object, new: object, account: str, parent: str | None, merged: _Merged) -> object:
    """`new` written into `old` (a ruamel document), keeping what already says the same thing.

    `parent` is the key whose value is being merged (what a default means depends on it). `merged`
    holds the mappings and lists merged into so far: one met again is a YAML alias's node
    (`&name` ... `*name`), which stays shared only where it says the same at each place.
    """
    if isinstance(old, dict) and isinstance(new, dict) or isinstance(old, list) and isinstance(new, list):
        if id(old) in merged:
            return old if merged[id(old)][1] == new else new     # where it says something else: written fresh
        merged[id(old)] = (old, new)
    if isinstance(old, dict) and isinstance(new, dict):
        return _merge_mapping(old, new, account, parent, merged)
    if isinstance(old, list) and isinstance(new, list):
        return _merge_list(old, new, account, parent, merged)
    if isinstance(new, Written):
        return new          # a number, boolean or null keeps its spelling exactly
    if isinstance(new, list) and len(new) == 1 and not isinstance(old, (list, dict)) \
            and _same_scalar(old, new[0]):
        return old          # `session_policy: X` stays a single value
    if isinstance(old, list) and len(old) == 1 and not isinstance(new, (list, dict)) \
            and not isinstance(old[0], (list, dict)) and _same_scalar(old[0], new):
        return old          # a one-value list (`aws:TagKeys: [env]`) stays a list
    if not isinstance(old, (list, dict)) and not isinstance(new, (list, dict)) and _same_scalar(old, new):
        return old          # keeps the quoting and spelling of an unchanged value
    if isinstance(new, str) and isinstance(old, ScalarString) and not _printable(new):
        return DoubleQuotedScalarString(new)    # ruamel would give it the old style, which cannot hold it
    return new


def _merge_mapping(old: dict[Any, object], new: dict[Any, object], account: str,
                   parent: str | None, merged: _Merged) -> dict[Any, object]:
    written = [k for k in old if k in new or not _says_default(k, old[k], account, parent)]
    for old_key, new_key in _renamed(written, list(new), old, new):
        if parent in _NAME_TABLES or not {old_key, new_key} & _FIELDS:
            _rename_key(old, old_key, new_key)          # a renamed entry keeps its place and comments
    for key in [k for k in old if k not in new]:
        if not _says_default(key, old[key], account, parent):
            del old[key]
    for key, value in new.items():
        old[key] = _merge(old[key], value, account, key, merged) if key in old else value
    # An emptied mapping may still carry a comment that ruamel would write before `{}`, breaking the
    # YAML: write it fresh.
    return old if old else {}


def _renamed(old_keys: list[Any], new_keys: list[Any], old: Mapping[Any, object],
             new: Mapping[Any, object]) -> list[tuple[Any, Any]]:
    """The keys (or request names) the model renamed: between the same two kept keys, the old keys
    that are gone and the new keys that came, paired in order (a rename keeps its place in the
    model: `edits._rekey`, `edits.replace_request`).

    Where as many came as went, they pair one to one; otherwise (a rename next to a delete or an
    add) only those whose value stayed the same pair. Kept keys in another order: no renames.
    """
    kept = [k for k in old_keys if k in new]
    if kept != [k for k in new_keys if k in old]:
        return []
    pairs: list[tuple[Any, Any]] = []
    for gone, came in zip(_between(old_keys, new), _between(new_keys, old), strict=True):
        if len(gone) == len(came):
            pairs += zip(gone, came, strict=True)
            continue
        start = 0
        for key in came:
            match = next((i for i in range(start, len(gone)) if old[gone[i]] == new[key]), None)
            if match is not None:
                pairs.append((gone[match], key))
                start = match + 1
    return pairs


def _between(keys: list[Any], kept: Mapping[Any, object]) -> list[list[Any]]:
    """`keys` not in `kept`, as runs: before the first kept key, between each two, after the last."""
    runs: list[list[Any]] = [[]]
    for key in keys:
        if key in kept:
            runs.append([])
        else:
            runs[-1].append(key)
    return runs


def _rename_key(mapping: dict[Any, object], old_key: object, new_key: object) -> None:
    position = list(mapping).index(old_key)
    value = mapping.pop(old_key)
    comments = getattr(mapping, "ca", None)
    if comments is not None and old_key in comments.items:
        comments.items[new_key] = comments.items.pop(old_key)
    if hasattr(mapping, "insert"):
        mapping.insert(position, new_key, value)
    else:
        mapping[new_key] = value


def _merge_list(old: list[object], new: list[object], account: str, parent: str | None,
                merged: _Merged) -> list[object]:
    """Items matched by name where every item has one (requests), else by position."""
    old_names, new_names = [_item_name(x) for x in old], [_item_name(x) for x in new]
    if None not in old_names and None not in new_names and len(set(old_names)) == len(old_names) \
            and len(set(new_names)) == len(new_names):
        kept = [n for n in old_names if n in set(new_names)]
        if kept == [n for n in new_names if n in set(kept)]:
            renamed = dict(_renamed(list(old_names), list(new_names), dict(zip(old_names, old, strict=True)),
                                    dict(zip(new_names, new, strict=True))))
            names = [renamed.get(n, n) for n in old_names]      # a renamed item keeps its place and comments
            for index in reversed(range(len(old))):
                if names[index] not in set(new_names):
                    del old[index], names[index]
            for index, value in enumerate(new):
                if index < len(old) and names[index] == new_names[index]:
                    old[index] = _merge(old[index], value, account, parent, merged)
                else:
                    old.insert(index, value)
                    names.insert(index, new_names[index])
            return old
    for index, value in enumerate(new):
        if index < len(old):
            old[index] = _merge(old[index], value, account, parent, merged)
        else:
            old.append(value)
    del old[len(new):]
    return old


def _item_name(item: object) -> str | None:
    name = item.get("name") if isinstance(item, dict) else None
    return name if isinstance(name, str) else None


def _same_scalar(old: object, new: object) -> bool:
    if isinstance(old, date) and isinstance(new, str):    # ruamel reads unquoted times as timestamps
        return (parse_time(old) or old.isoformat()) == (parse_time(new) or new)
    if isinstance(old, bool) or isinstance(new, bool):
        if isinstance(new, str):
            return _text(old) == new        # context values: `true` is the string AWS sees
        return isinstance(old, bool) and isinstance(new, bool) and old == new
    if isinstance(new, str) and isinstance(old, (int, float)):
        return _text(old) == new
    return old == new and isinstance(old, str) == isinstance(new, str)


def _printable(text: str) -> bool:
    """Whether the text can stand as itself in any YAML style. Anything else (a carriage return,
    NEL or another line break, a control or format character, a tab that begins a line, which a
    block takes for indentation) is written double-quoted, with escapes, so that it reads back as
    it was."""
    return text.replace("\n", "").replace("\t", "").isprintable() and "\n\t" not in "\n" + text


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _says_default(key: object, value: object, account: str, parent: str | None = None) -> bool:
    """True when a key left out of the new data was only spelling out the default."""
    if parent == "credential" and key == "mfa":
        return False                    # a credential's `mfa: false` says something; left out, it is not said
    if key in _OPTIONAL_FIELDS and (value is None or value == "" or (isinstance(value, (list, dict)) and not value)):
        return True
    if key in _DEFAULTS:
        return value == _DEFAULTS[key] and type(value) is type(_DEFAULTS[key])
    return key in ("account", "resource_account") and value == account


def _json_text(value: object, like: str) -> str:
    """`value` as JSON, indented and ending as the JSON text `like` is (two spaces, a newline)."""
    indented = next((line for line in like.splitlines()[1:] if line.strip()), "  ")
    indent = indented[:len(indented) - len(indented.lstrip(" \t"))] or "  "
    newline = "\r\n" if "\r\n" in like else "\n"
    return _json(value, indent, "", newline) + (newline if not like or like.endswith("\n") else "")


def _json(value: object, indent: str, at: str, newline: str) -> str:
    inner = at + indent
    if isinstance(value, dict) and value:
        return "{" + newline + f",{newline}".join(
            f"{inner}{_json_string(str(k))}: {_json(v, indent, inner, newline)}"
            for k, v in value.items()) + newline + at + "}"
    if isinstance(value, list) and value:
        return "[" + newline + f",{newline}".join(
            inner + _json(v, indent, inner, newline) for v in value) + newline + at + "]"
    if isinstance(value, (dict, list)):
        return "{}" if isinstance(value, dict) else "[]"
    if isinstance(value, Written):
        return str(value)               # a number, boolean or null as the file wrote it
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return json.dumps(int(value) if isinstance(value, int) else float(value))
    return _json_string(str(value))


def _json_string(text: str) -> str:
    """A JSON string that YAML reads the same: a character of the basic plane that is not printable
    (DEL, C1 controls such as NEL, U+2028, a byte order mark) is escaped, since a YAML reader refuses
    it or takes it for a line break."""
    quoted = json.dumps(text, ensure_ascii=False)
    if quoted.isprintable():
        return quoted
    return "".join(c if c.isprintable() or ord(c) > 0xFFFF else f"\\u{ord(c):04x}" for c in quoted)


def _yaml() -> Any:
    """The round-trip YAML writer, quoting any string that would read back as something else."""
    rt = new_round_trip_yaml()

    def represent_str(representer: Any, value: str) -> Any:
        if not _printable(value):
            return representer.represent_scalar("tag:yaml.org,2002:str", value, style='"')
        if "\n" in value:
            return representer.represent_scalar("tag:yaml.org,2002:str", value, style="|")
        if resolve_plain(value) != value or value != value.strip() or not value:
            return representer.represent_scalar("tag:yaml.org,2002:str", value, style='"')
        return representer.represent_str(value)

    def represent_written(representer: Any, value: Written) -> Any:
        text = str(value)
        return representer.represent_scalar(rt.resolver.resolve(ScalarNode, text, (True, False)), text)

    rt.representer.add_representer(str, represent_str)
    rt.representer.add_representer(Written, represent_written)
    return rt
