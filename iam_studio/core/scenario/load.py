"""Scenario files (YAML or JSON) → `Scenario`, reporting every problem at once. Never raises.

The format is documented in docs/scenario-format.md. Every policy is named by its address
(`address.py`): policy references given as inline documents are registered in `Scenario.policies`
under an address that holds a `#` (which no IAM policy name can), such as `user/alice#policies/1`
or `user/alice#boundary`.
"""
from __future__ import annotations

import gc
import os
from functools import cache
from pathlib import Path

from ..arn import valid_arn
from ..diagnostics import Diagnostic, DiagnosticBag, Span
from ..located import LEntry, LMap, LNode, LScalar, LSeq, kind_name
from ..managed import AWS_POLICY_PREFIX, aws_managed_policy, find_managed_arn, organization_policy
from ..policy.grammar import size_limit_for
from ..policy.model import Policy, PolicyType
from ..policy.parse import compact_size, parse_policy
from ..textfile import read_text_file
from ..yamlsource import ROUND_TRIP_LIMIT, parse_yaml
from .address import addressed_policies
from .kinds import CredentialType, Expectation
from .model import (
    DEFAULT_ACCOUNT,
    AccessKey,
    Credential,
    ExpectedBy,
    Group,
    Organization,
    PolicyLevel,
    RequestSpec,
    Resource,
    Role,
    Scenario,
    User,
)
from .requests import action_name_problem
from .validate import (
    check_account,
    check_arn,
    check_bool,
    check_inline_name,
    check_name,
    check_path,
    check_resource_name,
    check_string,
    check_time,
    suggest,
)

FORMAT_VERSION = 1

TOP_KEYS = ("iam_studio", "title", "description", "account", "time", "root", "policies", "users", "groups",
            "roles", "resources", "organization", "requests", "lesson", "layout")
ROOT_KEYS = ("mfa",)
POLICY_KEYS = ("description", "document", "type")
USER_KEYS = ("account", "path", "id", "groups", "policies", "inline", "boundary", "tags", "console", "mfa",
             "access_keys")
GROUP_KEYS = ("account", "path", "policies", "inline")
ROLE_KEYS = ("account", "path", "id", "trust", "policies", "inline", "boundary", "tags", "max_session_duration")
RESOURCE_KEYS = ("arn", "account", "policy", "tags", "role")
ORGANIZATION_KEYS = ("id", "management_account", "accounts", "scps", "rcps")
LEVEL_KEYS = ("target", "policies")
ACCESS_KEY_KEYS = ("id", "secret", "status")
REQUEST_KEYS = ("name", "principal", "action", "resource", "resource_account", "context", "session_name",
                "session_policy", "vpc_endpoint_policy", "credential", "expect")
CREDENTIAL_KEYS = ("type", "key_id", "secret", "mfa", "expires", "tamper")
EXPECT_KEYS = ("decision", "by")
OUTCOMES = tuple(e.value for e in Expectation)
CREDENTIAL_TYPES = tuple(c.value for c in CredentialType)

# AWS's policy size limits (characters without white space) per use,
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html; an identity's inline
# policies count together.
INLINE_LIMITS = {"users": size_limit_for("user_inline"), "groups": size_limit_for("group_inline"),
                 "roles": size_limit_for("role_inline")}
TYPE_LIMITS = {PolicyType.IDENTITY: size_limit_for("managed"), PolicyType.BOUNDARY: size_limit_for("managed"),
               PolicyType.SESSION: size_limit_for("managed"), PolicyType.TRUST: size_limit_for("trust"),
               PolicyType.SCP: size_limit_for("scp"), PolicyType.RCP: size_limit_for("rcp")}
POLICY_TYPES_BY_NAME = {"identity": PolicyType.IDENTITY, "scp": PolicyType.SCP, "rcp": PolicyType.RCP,
                        "boundary": PolicyType.BOUNDARY, "session": PolicyType.SESSION,
                        "resource": PolicyType.RESOURCE, "vpc_endpoint": PolicyType.VPC_ENDPOINT}


def load_scenario(path: str | os.PathLike[str]) -> tuple[Scenario | None, list[Diagnostic]]:
    """Read and check a scenario file; the scenario is None when any error was found."""
    text, problems = read_text_file(path)
    if text is None:
        return None, problems
    return load_scenario_text(text, str(path))


def load_scenario_text(text: str, file: str = "<input>") -> tuple[Scenario | None, list[Diagnostic]]:
    """Check scenario text; the scenario is None when any error was found."""
    collecting = gc.isenabled()
    gc.disable()        # millions of new objects and no cycles: the collector would only slow this down
    try:
        root, document, diagnostics = parse_yaml(text, file)
        if diagnostics:
            return None, diagnostics
        # The catalogue's advice (warnings only) is for files people write by hand, not generated accounts.
        scenario, diagnostics = build_scenario(root, file, advice=len(text) <= ROUND_TRIP_LIMIT)
        if scenario is not None:
            scenario.source = document
        return scenario, diagnostics
    finally:
        if collecting:
            gc.enable()


def build_scenario(root: LNode | None, file: str | None = None, *,
                   advice: bool = True) -> tuple[Scenario | None, list[Diagnostic]]:
    """Check a located tree and build the scenario from it (None when any error was found).

    `advice=False` skips the policy validator's catalogue warnings (errors are always checked).
    """
    builder = _ScenarioBuilder(file, advice)
    scenario = builder.build(root)
    items = [d if d.file else d.with_file(file) for d in builder.bag.items]
    if any(d.is_error for d in items):
        return None, items
    if scenario.lesson is not None:
        from .lesson.solution import check_solutions
        assert isinstance(root, LMap)      # a lesson was read from its top-level mapping
        items += check_solutions(root, scenario, scenario.lesson, file)
        if any(d.is_error for d in items):
            return None, items
    return scenario, items


def request_from_fields(scenario: Scenario, fields: dict[str, object]) -> tuple[RequestSpec | None, list[Diagnostic]]:
    """A request given field by field (as `iam-studio eval` takes it), checked as the loader checks one.

    `fields` holds request keys (`principal`, `action`, `resource`, `context` ...) with plain values;
    each diagnostic's `file` is the field it is about, such as `--action`.
    """
    names = list(fields)
    spec = LMap([LEntry(key, Span.point(i + 1, 1), _located(value, Span.point(i + 1, 1)))
                 for i, (key, value) in enumerate(fields.items())], Span.point(1, 1))
    builder = _ScenarioBuilder(None, advice=False)
    builder.scenario = scenario
    request = builder.request(spec, 0)
    if request is not None:
        builder.check_principals()
    out = []
    for d in builder.bag.items:
        field = names[d.span.line - 1] if d.span is not None and d.span.line <= len(names) else names[0]
        out.append(Diagnostic(d.code, d.severity, d.message, None, d.help, "--" + field.replace("_", "-")))
    return (None if any(d.is_error for d in out) else request), out


def _located(value: object, span: Span) -> LNode:
    """Plain data as a located tree whose every node carries `span`."""
    if isinstance(value, dict):
        return LMap([LEntry(str(k), span, _located(v, span)) for k, v in value.items()], span)
    if isinstance(value, list):
        return LSeq([_located(v, span) for v in value], span)
    return LScalar(value, span, value if isinstance(value, str) else None)


class _ScenarioBuilder:
    def __init__(self, file: str | None, advice: bool = True):
        self.advice = advice
        self.file = file
        self.bag = DiagnosticBag()
        self.scenario = Scenario(file=file)
        self.references: list[tuple[str, Span | None, PolicyType]] = []     # named references, checked last
        self.named_docs: dict[str, tuple[LMap, LNode, PolicyType | None, str | None]] = {}
        self.key_owners: dict[str, str] = {}                                  # access key id -> user
        self.principal_nodes: list[tuple[RequestSpec, LNode]] = []             # checked last
        self.valid_resources: set[str] = set()          # request resources and actions found valid already
        self.valid_actions: set[str] = set()
        self.expected_by: list[tuple[RequestSpec, list[tuple[str, Span | None]]]] = []   # resolved last

    # --- generic helpers -------------------------------------------------------------------------

    def error(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        self.bag.add(code, message, span, help=help or _FALLBACK_HELP.get(code, _FORMAT_HELP))

    def mapping(self, node: LNode | None, what: str, keys: tuple[str, ...] | None = None,
                hints: dict[str, tuple[str, str]] | None = None) -> LMap | None:
        """`node` as a mapping whose keys are all in `keys` (unknown and duplicate keys reported)."""
        if node is None or (isinstance(node, LScalar) and node.value is None):
            return LMap(span=node.span if node is not None else None)
        if not isinstance(node, LMap):
            self.error("scenario.type", f"{what} must be an object (key: value lines), not {kind_name(node)}",
                       node.span)
            return None
        names = {e.key for e in node.entries}
        if len(names) == len(node.entries) and (keys is None or names <= _allowed(keys)):
            return node             # the usual case, without a look at any position
        seen: set[str] = set()
        for entry in node:
            if entry.key in seen:
                self.error("scenario.duplicate-key", f"duplicate key `{entry.key}` in {what}", entry.key_span,
                           help="each key may appear once; remove or rename one of them")
            seen.add(entry.key)
            if keys is not None and entry.key not in keys:
                if hints and entry.key in hints:
                    message, help_text = hints[entry.key]
                    self.error("scenario.unknown-key", message, entry.key_span, help_text)
                    continue
                self.error("scenario.unknown-key", f"unknown key `{entry.key}` in {what}", entry.key_span,
                           suggest(entry.key, keys) or "allowed keys: " + ", ".join(f"`{k}`" for k in keys))
        return node

    def named(self, node: LNode | None, section: str, kind: str | None) -> list[LEntry]:
        """The entries of a `name: {...}` section, checking names and case-insensitive duplicates."""
        section_map = self.mapping(node, f"`{section}`")
        if section_map is None:
            return []
        folded: dict[str, str] = {}
        out = []
        for entry in section_map:
            if kind is not None and not check_name(self.bag, entry.key, entry.key_span, kind):
                continue
            if kind is None and not check_resource_name(self.bag, entry.key, entry.key_span):
                continue
            other = folded.get(entry.key.lower())
            if other is not None and other != entry.key:
                self.error("scenario.duplicate-name", f"{kind} names are not case-sensitive: `{entry.key}` "
                           f"and `{other}` are the same name", entry.key_span, "rename one of them")
                continue
            folded.setdefault(entry.key.lower(), entry.key)
            if other is None:
                out.append(entry)
        return out

    def string_list(self, node: LNode, what: str) -> list[tuple[str, Span | None]]:
        if isinstance(node, LScalar) and node.value is None:
            return []
        if isinstance(node, LScalar) and isinstance(node.value, str):
            return [(node.value, node.span)]
        if not isinstance(node, LSeq):
            self.error("scenario.type", f"{what} must be a list, not {kind_name(node)}", node.span)
            return []
        out = []
        for item in node:
            text = check_string(self.bag, item, f"each item of {what}")
            if text is not None:
                out.append((text, item.span))
        return out

    def tags(self, node: LNode, what: str) -> dict[str, str]:
        tags_map = self.mapping(node, what)
        out: dict[str, str] = {}
        for entry in tags_map or ():
            value = entry.value
            if not isinstance(value, LScalar) or value.value is None:
                self.error("scenario.type", f"tag `{entry.key}` must have a text value, not {kind_name(value)}",
                           value.span)
                continue
            out[entry.key] = value.aws_text()
        return out

    # --- policies --------------------------------------------------------------------------------

    def parse(self, node: LNode, policy_type: PolicyType, name: str, size_limit: int | None | bool = True
              ) -> Policy | None:
        """Parse a document with its type's grammar; `size_limit=True`: the type's usual limit."""
        if size_limit is True:
            size_limit = TYPE_LIMITS.get(policy_type)
        if not isinstance(node, LMap):
            self.error("scenario.type", f"a policy document must be an object with `Version` and `Statement`, "
                       f"not {kind_name(node)}", node.span)
            return None
        policy, diagnostics = parse_policy(node, policy_type, name, file=self.file, size_limit=size_limit,
                                           advice=self.advice)
        self.bag.extend(diagnostics)
        return policy

    def reference(self, node: LNode, policy_type: PolicyType, key: str) -> str | None:
        """A policy reference: a name from `policies:`, a shipped AWS managed ARN, or an inline document."""
        if isinstance(node, LMap):
            policy = self.parse(node, policy_type, key)
            if policy is None:
                return None
            self.scenario.policies[key] = policy
            return key
        text = check_string(self.bag, node, "a policy reference")
        if text is None:
            return None
        self.references.append((text, node.span, policy_type))
        return text

    def references_list(self, node: LNode, policy_type: PolicyType, where: str) -> list[str]:
        if isinstance(node, LScalar) and node.value is None:
            return []
        items = node.items if isinstance(node, LSeq) else [node]
        if isinstance(node, LScalar) and not isinstance(node.value, str):
            self.error("scenario.type", f"`{where.rpartition('#')[2]}` must be a list of policy names, not "
                       f"{kind_name(node)}",
                       node.span)
            return []
        out = []
        for index, item in enumerate(items):
            ref = self.reference(item, policy_type, f"{where}/{index}")
            if ref is not None:
                out.append(ref)
        return out

    def resolve_references(self) -> None:
        """Check every named reference once all policies are known; parse `policies:` per use."""
        uses: dict[str, PolicyType] = {}
        for text, span, policy_type in self.references:
            if text in self.named_docs:
                uses.setdefault(text, policy_type if policy_type in _SPECIAL_USES else PolicyType.IDENTITY)
                continue
            if text.startswith(AWS_POLICY_PREFIX):
                if aws_managed_policy(text) is None:
                    from ..managed import managed_policy_arns
                    self.error("scenario.unknown-policy", f"`{text}` is not an AWS managed policy this tool ships",
                               span, suggest(text, managed_policy_arns()) or "check the policy name in the ARN")
                continue
            if policy_type in (PolicyType.SCP, PolicyType.RCP):
                shipped = organization_policy(text)
                if shipped is not None:
                    wanted = PolicyType.SCP if text == "FullAWSAccess" else PolicyType.RCP
                    if wanted is not policy_type:
                        kind, other = (("an RCP", "RCPFullAWSAccess") if wanted is PolicyType.SCP
                                       else ("an SCP", "FullAWSAccess"))
                        self.error("scenario.wrong-policy-type", f"`{text}` is not {kind}", span,
                                   f"use `{other}` here")
                    else:
                        self.scenario.policies.setdefault(text, shipped)
                    continue
            managed = find_managed_arn(text)
            if managed is not None:
                self.error("scenario.unknown-policy", f"no policy `{text}` in `policies:`", span,
                           f"to use the AWS managed policy, write its ARN `{managed}`")
                continue
            self.error("scenario.unknown-policy", f"no policy `{text}` in `policies:`", span,
                       suggest(text, self.named_docs) or "define it under `policies:`, or write an AWS managed "
                       "policy ARN such as `arn:aws:iam::aws:policy/ReadOnlyAccess`")
        for name, (_entry, document, declared, description) in self.named_docs.items():
            policy_type = declared or uses.get(name, PolicyType.IDENTITY)
            policy = self.parse(document, policy_type, name)
            if policy is None:
                continue
            policy.description = description
            if policy_type in (PolicyType.IDENTITY, PolicyType.BOUNDARY, PolicyType.SESSION):
                policy.arn = f"arn:aws:iam::{self.scenario.account}:policy/{name}"
            self.scenario.policies[name] = policy

    # --- sections --------------------------------------------------------------------------------

    def build(self, root: LNode | None) -> Scenario:
        scenario = self.scenario
        if root is None or (isinstance(root, LScalar) and root.value is None):
            self.error("scenario.empty", "the file is empty", Span.point(1, 1, 0),
                       "a scenario starts with `iam_studio: 1`")
            return scenario
        hints = {k: (f"unknown key `{k}` at the top level", "this key belongs inside an entry of `users:`, "
                     "`roles:`, `groups:` or `requests:`") for k in ("principal", "action", "trust", "inline")}
        top = self.mapping(root, "the scenario", None)
        if top is None:
            return scenario
        for entry in top:
            if entry.key not in TOP_KEYS and not entry.key.startswith("x-"):
                if entry.key in hints:
                    self.error("scenario.unknown-key", hints[entry.key][0], entry.key_span, hints[entry.key][1])
                else:
                    self.error("scenario.unknown-key", f"unknown key `{entry.key}` at the top level",
                               entry.key_span, suggest(entry.key, TOP_KEYS) or
                               "allowed keys: " + ", ".join(f"`{k}`" for k in TOP_KEYS) +
                               "; keys starting with `x-` are kept as they are")
        self.version(top)
        if (node := top.get("account")) is not None:
            scenario.account = check_account(self.bag, node, "`account`") or DEFAULT_ACCOUNT
        if (node := top.get("title")) is not None:
            scenario.title = check_string(self.bag, node, "`title`") or scenario.title
        if (node := top.get("description")) is not None and not _is_null(node):
            scenario.description = check_string(self.bag, node, "`description`", allow_empty=True) or ""
        if (node := top.get("time")) is not None and not _is_null(node):
            scenario.time = check_time(self.bag, node, "`time`")
        if (node := top.get("root")) is not None and not _is_null(node):
            spec = self.mapping(node, "`root`", ROOT_KEYS)
            if spec is not None and (n := spec.get("mfa")) is not None:
                scenario.root_mfa = check_bool(self.bag, n, "`mfa`")
        for entry in top:
            if entry.key == "layout" or entry.key.startswith("x-"):
                scenario.extra[entry.key] = entry.value.to_plain()
        self.policies(top.get("policies"))
        self.groups(top.get("groups"))
        self.users(top.get("users"))
        self.roles(top.get("roles"))
        self.resources(top.get("resources"))
        self.organization(top.get("organization"))
        self.requests(top.get("requests"))
        self.resolve_references()
        self.check_principals()
        self.resolve_expected_by()
        if (node := top.get("lesson")) is not None and not _is_null(node):
            from .lesson.parse import parse_lesson
            default_id = Path(self.file).stem if self.file and not self.file.startswith("<") else "lesson"
            scenario.lesson = parse_lesson(node, self.bag, default_id, [r.name for r in scenario.requests])
        return scenario

    def version(self, top: LMap) -> None:
        entry = top.entry("iam_studio")
        if entry is None:
            self.error("scenario.missing-version", "missing `iam_studio: 1`", top.span or Span.point(1, 1, 0),
                       "a scenario file starts with the line `iam_studio: 1` (the format version)")
            return
        value = entry.value
        if not (isinstance(value, LScalar) and value.value == FORMAT_VERSION and not isinstance(value.value, bool)):
            shown = value.raw if isinstance(value, LScalar) and value.raw is not None else kind_name(value)
            self.error("scenario.bad-version", f"unsupported format version `{shown}`", value.span,
                       "this version of IAM Studio reads `iam_studio: 1`")

    def policies(self, node: LNode | None) -> None:
        for entry in self.named(node, "policies", "policy"):
            spec = self.mapping(entry.value, f"policy `{entry.key}`", POLICY_KEYS,
                                {k: (f"`{k}` belongs inside the policy's `document:`",
                                     "write the policy as `description:` and `document: {Version: ..., "
                                     "Statement: [...]}`") for k in ("Version", "Statement", "Id")})
            if spec is None:
                continue
            document = spec.get("document")
            if document is None:
                self.error("scenario.missing-key", f"policy `{entry.key}` has no `document`", entry.key_span,
                           "add `document:` with the policy's `Version` and `Statement`")
                continue
            description = None
            if (d := spec.get("description")) is not None and not _is_null(d):
                description = check_string(self.bag, d, "`description`", allow_empty=True)
            declared = None
            if (t := spec.get("type")) is not None:
                text = check_string(self.bag, t, "`type`")
                declared = POLICY_TYPES_BY_NAME.get(text or "")
                if text is not None and declared is None:
                    self.error("scenario.bad-value", f"unknown policy type `{text}`", t.span,
                               suggest(text, POLICY_TYPES_BY_NAME) or
                               "one of: " + ", ".join(f"`{k}`" for k in POLICY_TYPES_BY_NAME))
            self.named_docs[entry.key] = (spec, document, declared, description)

    def identity_common(self, identity: User | Group | Role, spec: LMap, section: str) -> None:
        where = f"{_KIND[section]}/{identity.name}"
        if (node := spec.get("account")) is not None:
            identity.account = check_account(self.bag, node, "`account`") or identity.account
        if (node := spec.get("path")) is not None:
            identity.path = check_path(self.bag, node, "`path`") or identity.path
        if (node := spec.get("policies")) is not None:
            identity.policies = self.references_list(node, PolicyType.IDENTITY, f"{where}#policies")
        if (node := spec.get("inline")) is not None:
            total = 0
            for entry in self.mapping(node, f"`inline` of `{identity.name}`") or ():
                if not check_inline_name(self.bag, entry.key, entry.key_span):
                    continue
                if entry.key in identity.inline:
                    continue
                policy = self.parse(entry.value, PolicyType.IDENTITY, f"{where}#inline/{entry.key}", None)
                if policy is not None:
                    identity.inline[entry.key] = policy
                    total += compact_size(entry.value)
            limit = INLINE_LIMITS[section]
            if limit is not None and total > limit:
                self.error("policy.size", f"the inline policies of `{identity.name}` hold {total} characters, "
                           f"over AWS's limit of {INLINE_LIMITS[section]} for a {section[:-1]}", node.span,
                           "AWS counts all inline policies of an identity together (without whitespace); "
                           "move some statements to a managed policy")

    def identity_boundary_tags(self, identity: User | Role, spec: LMap, section: str) -> None:
        if (node := spec.get("boundary")) is not None and not _is_null(node):
            identity.boundary = self.reference(node, PolicyType.BOUNDARY, f"{_KIND[section]}/{identity.name}#boundary")
        if (node := spec.get("tags")) is not None:
            identity.tags = self.tags(node, f"`tags` of `{identity.name}`")

    def groups(self, node: LNode | None) -> None:
        hints = {"groups": ("a group cannot contain another group",
                            "IAM groups hold users only; give each user the groups they belong to under "
                            "`users: NAME: groups: [...]`"),
                 "users": ("group members are listed on the users, not on the group",
                           "write the group under each member's `groups:` list")}
        for entry in self.named(node, "groups", "group"):
            spec = self.mapping(entry.value, f"group `{entry.key}`", GROUP_KEYS, hints)
            group = Group(entry.key, self.scenario.account, span=entry.key_span)
            self.scenario.groups[entry.key] = group
            if spec is None:
                continue
            self.identity_common(group, spec, "groups")

    def users(self, node: LNode | None) -> None:
        for entry in self.named(node, "users", "user"):
            spec = self.mapping(entry.value, f"user `{entry.key}`", USER_KEYS)
            user = User(entry.key, self.scenario.account, span=entry.key_span)
            self.scenario.users[entry.key] = user
            if spec is None:
                continue
            self.identity_common(user, spec, "users")
            self.identity_boundary_tags(user, spec, "users")
            if (n := spec.get("id")) is not None:
                user.id = self.unique_id(n, "AIDA", "user")
            if (n := spec.get("groups")) is not None:
                user.groups = self.member_groups(n, user.name)
            if (n := spec.get("console")) is not None:
                user.console = bool(check_bool(self.bag, n, "`console`"))
            if (n := spec.get("mfa")) is not None:
                user.mfa = bool(check_bool(self.bag, n, "`mfa`"))
            if (n := spec.get("access_keys")) is not None:
                user.access_keys = self.access_keys(n, user.name)

    def member_groups(self, node: LNode, user: str) -> list[str]:
        out: list[str] = []
        if isinstance(node, LScalar) and isinstance(node.value, str):
            self.error("scenario.type", "`groups` must be a list of group names", node.span,
                       f"write `groups: [{node.value}]`")
            return out
        for name, span in self.string_list(node, "`groups`"):
            if name in self.scenario.groups:
                if name in out:
                    self.error("scenario.duplicate-name", f"user `{user}` lists group `{name}` twice", span)
                else:
                    out.append(name)
                continue
            if name in self.scenario.users or name in self.scenario.roles or name in self.named_docs:
                what = "a user" if name in self.scenario.users else "a role" if name in self.scenario.roles \
                    else "a policy"
                self.error("scenario.not-a-group", f"`{name}` is {what}, not a group", span,
                           "a user's `groups:` lists groups only; groups cannot contain users' other "
                           "identities or other groups")
                continue
            self.error("scenario.unknown-group", f"no group `{name}` in `groups:`", span,
                       suggest(name, self.scenario.groups) or "declare it under `groups:`")
        return out

    def unique_id(self, node: LNode, prefix: str, kind: str) -> str | None:
        text = check_string(self.bag, node, "`id`")
        if text is None:
            return None
        if not text.startswith(prefix) or not text.isalnum() or not text.isupper() or not 16 <= len(text) <= 128:
            self.error("scenario.bad-id", f"`{text}` is not a {kind}'s unique id", node.span,
                       f"a {kind}'s unique id is upper-case letters and digits starting with `{prefix}`, "
                       f"such as `{prefix}EXAMPLE1234567890`")
            return None
        return text

    def access_keys(self, node: LNode, user: str) -> list[AccessKey]:
        if not isinstance(node, LSeq):
            if not _is_null(node):
                self.error("scenario.type", f"`access_keys` must be a list, not {kind_name(node)}", node.span)
            return []
        keys = []
        for item in node:
            spec = self.mapping(item, "an access key", ACCESS_KEY_KEYS)
            if spec is None:
                continue
            id_node = spec.get("id")
            if id_node is None:
                self.error("scenario.missing-key", "access key has no `id`", item.span,
                           "add `id: AKIA...` (20 characters)")
                continue
            key_id = self.key_id(id_node)
            if key_id is None:
                continue
            key = AccessKey(key_id, span=spec.span)
            if (n := spec.get("secret")) is not None:
                key.secret = check_string(self.bag, n, "`secret`")
            if (n := spec.get("status")) is not None:
                status = check_string(self.bag, n, "`status`")
                if status not in (None, "Active", "Inactive"):
                    self.error("scenario.bad-value", f"access key status `{status}` is not `Active` or `Inactive`",
                               n.span, suggest(status, ("Active", "Inactive")))
                elif status:
                    key.status = status
            keys.append(key)
            owner = self.key_owners.get(key_id)
            if owner is not None:
                self.error("scenario.duplicate-name", f"access key `{key_id}` is already `{owner}`'s", id_node.span,
                           "each access key belongs to exactly one user")
            self.key_owners.setdefault(key_id, user)
        if len(keys) > 2:
            self.error("scenario.too-many-keys", f"user `{user}` has {len(keys)} access keys", node.span,
                       "AWS allows at most two access keys per user")
        return keys

    def key_id(self, node: LNode) -> str | None:
        text = check_string(self.bag, node, "an access key id")
        if text is None:
            return None
        if not (len(text) == 20 and text[:4] in ("AKIA", "ASIA") and text.isalnum() and text.isupper()):
            self.error("scenario.bad-key-id", f"`{text}` is not an access key id", node.span,
                       "an access key id is 20 upper-case letters and digits starting with `AKIA`, "
                       "such as `AKIAIOSFODNN7EXAMPLE`")
            return None
        return text

    def roles(self, node: LNode | None) -> None:
        hints = {"groups": ("a role cannot be a member of a group", "groups hold users only; attach the "
                            "policies to the role with `policies:` instead")}
        for entry in self.named(node, "roles", "role"):
            spec = self.mapping(entry.value, f"role `{entry.key}`", ROLE_KEYS, hints)
            role = Role(entry.key, self.scenario.account, span=entry.key_span)
            self.scenario.roles[entry.key] = role
            if spec is None:
                continue
            self.identity_common(role, spec, "roles")
            self.identity_boundary_tags(role, spec, "roles")
            if role.boundary and role.path.startswith("/aws-service-role/"):
                # https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePermissionsBoundary.html
                self.error("scenario.service-linked-boundary", f"service-linked role `{role.name}` cannot have a "
                           "permissions boundary", _key_span(spec, "boundary"),
                           "AWS does not let you set a boundary on a service-linked role (its path starts with "
                           "`/aws-service-role/`): remove `boundary`, or give the role another path")
            if (n := spec.get("id")) is not None:
                role.id = self.unique_id(n, "AROA", "role")
            if (n := spec.get("trust")) is not None and not _is_null(n):
                role.trust = self.parse(n, PolicyType.TRUST, f"role/{role.name}#trust")
            if (n := spec.get("max_session_duration")) is not None:
                if isinstance(n, LScalar) and type(n.value) is int and 3600 <= n.value <= 43200:
                    role.max_session_duration = n.value
                else:
                    self.error("scenario.bad-value", "`max_session_duration` must be a number of seconds "
                               "from 3600 to 43200", n.span)

    def resources(self, node: LNode | None) -> None:
        for entry in self.named(node, "resources", None):
            spec = self.mapping(entry.value, f"resource `{entry.key}`", RESOURCE_KEYS)
            if spec is None:
                continue
            arn_node = spec.get("arn")
            if arn_node is None:
                self.error("scenario.missing-key", f"resource `{entry.key}` has no `arn`", entry.key_span,
                           "add `arn:` with the resource's ARN, such as `arn:aws:s3:::employee-photos`")
                continue
            arn = check_arn(self.bag, arn_node, "`arn`")
            if arn is None:
                continue
            parsed = valid_arn(arn)
            assert parsed is not None           # check_arn said so
            arn_account = parsed.account
            account = parsed.owner(self.scenario.account)
            if (n := spec.get("account")) is not None:
                given = check_account(self.bag, n, "`account`")
                if given is not None and arn_account not in ("", "aws", given):
                    self.error("scenario.account-mismatch", f"`account` `{given}` differs from the account "
                               f"`{arn_account}` in the ARN", n.span, "the account in a resource's ARN owns it")
                account = given or account
            resource = Resource(entry.key, arn, account, span=entry.key_span)
            self.scenario.resources[entry.key] = resource
            if (n := spec.get("policy")) is not None and not _is_null(n):
                resource.policy = self.parse(n, PolicyType.RESOURCE, f"resource/{entry.key}#policy",
                                             resource_policy_limit(arn))
            if (n := spec.get("tags")) is not None:
                resource.tags = self.tags(n, f"`tags` of `{entry.key}`")
            if (n := spec.get("role")) is not None and not _is_null(n):
                name = check_string(self.bag, n, "`role`")
                if name is not None and name not in self.scenario.roles:
                    self.error("scenario.unknown-role", f"no role `{name}` in `roles:`", n.span,
                               suggest(name, self.scenario.roles) or "declare the role under `roles:`")
                elif name is not None:
                    resource.role = name

    def organization(self, node: LNode | None) -> None:
        if node is None or _is_null(node):
            return
        spec = self.mapping(node, "`organization`", ORGANIZATION_KEYS)
        if spec is None:
            return
        org = Organization()
        self.scenario.organization = org
        if (n := spec.get("id")) is not None:
            text = check_string(self.bag, n, "`id`")
            if text is not None and not (text.startswith("o-") and text[2:].isalnum() and text[2:].islower()
                                         and 10 <= len(text) - 2 <= 32):
                self.error("scenario.bad-value", f"`{text}` is not an organization id", n.span,
                           "an organization id looks like `o-a1b2c3d4e5`")
            else:
                org.id = text
        if (n := spec.get("management_account")) is not None:
            org.management_account = check_account(self.bag, n, "`management_account`")
        if (n := spec.get("accounts")) is not None:
            if not isinstance(n, LSeq):
                self.error("scenario.type", f"`accounts` must be a list of account ids, not {kind_name(n)}", n.span)
            else:
                org.accounts = [a for a in (check_account(self.bag, i, "each account") for i in n) if a]
        for key, policy_type in (("scps", PolicyType.SCP), ("rcps", PolicyType.RCP)):
            n = spec.get(key)
            if n is None or _is_null(n):
                continue
            if not isinstance(n, LSeq):
                self.error("scenario.type", f"`{key}` must be a list of levels (`target` and `policies`), "
                           f"not {kind_name(n)}", n.span)
                continue
            levels = []
            for index, item in enumerate(n):
                level_spec = self.mapping(item, f"a level of `{key}`", LEVEL_KEYS)
                if level_spec is None:
                    continue
                target = level_spec.get("target")
                target_text = check_string(self.bag, target, "`target`") if target is not None else None
                if target is None:
                    self.error("scenario.missing-key", "level has no `target`", item.span,
                               "name the root, OU or account, such as `target: r-root`")
                policies = level_spec.get("policies")
                refs = [] if policies is None else self.references_list(
                    policies, policy_type, f"{key[:-1]}/{index}#policies")
                levels.append(PolicyLevel(target_text or "", refs, item.span))
            setattr(org, key, levels)

    def requests(self, node: LNode | None) -> None:
        if node is None or _is_null(node):
            return
        if not isinstance(node, LSeq):
            self.error("scenario.type", f"`requests` must be a list, not {kind_name(node)}", node.span,
                       "start each request with `- name: ...`")
            return
        names: set[str] = set()
        for index, item in enumerate(node):
            spec = self.mapping(item, "a request", REQUEST_KEYS)
            if spec is None:
                continue
            request = self.request(spec, index)
            if request is None:
                continue
            if request.name in names:
                self.error("scenario.duplicate-request", f"duplicate request name `{request.name}`",
                           name_node.span if (name_node := spec.get("name")) is not None else spec.span,
                           "give each request its own name")
            names.add(request.name)
            self.scenario.requests.append(request)

    def request(self, spec: LMap, index: int) -> RequestSpec | None:
        fields = {e.key: e.value for e in reversed(spec.entries)}     # the first of duplicate keys, as `LMap.get`
        get = fields.get
        found = []
        for key in ("principal", "action", "resource"):
            n = get(key)
            if n is None:
                self.error("scenario.missing-key", f"request has no `{key}`", spec.span,
                           {"principal": "add `principal:` such as `user/alice` or `role/App`",
                            "action": "add `action:` such as `s3:GetObject`",
                            "resource": "add `resource:` with an ARN, or `\"*\"` for actions without a resource"}[key])
                continue
            found.append((check_string(self.bag, n, _QUOTED[key]), n))
        name = check_string(self.bag, n, "`name`") if (n := get("name")) is not None else None
        if len(found) < 3:
            return None
        (principal, principal_node), (action, action_node), (resource, resource_node) = found
        if principal is None or action is None or resource is None:
            return None
        request = RequestSpec(name or f"request {index + 1}", principal, action, resource, span=spec.span)
        self.check_action(action, action_node)
        if resource != "*" and resource not in self.valid_resources:
            if valid_arn(resource) is None:
                self.error("scenario.bad-arn", f"`{resource}` is not a valid ARN", resource_node.span,
                           "a request's resource is an ARN such as `arn:aws:s3:::employee-photos/alice.jpg`, "
                           "or `\"*\"` for actions that take no resource")
            else:
                self.valid_resources.add(resource)
        self.principal_nodes.append((request, principal_node))
        if (n := get("resource_account")) is not None and not _is_null(n):
            request.resource_account = check_account(self.bag, n, "`resource_account`")
        if (n := get("context")) is not None:
            request.context = self.context(n)
        if (n := get("session_name")) is not None and not _is_null(n):
            request.session_name = check_string(self.bag, n, "`session_name`")
        if (n := get("session_policy")) is not None and not _is_null(n):
            request.session_policies = self.references_list(n, PolicyType.SESSION, f"request/{index}#session_policy")
        if (n := get("vpc_endpoint_policy")) is not None and not _is_null(n):
            request.vpc_endpoint_policy = self.reference(n, PolicyType.VPC_ENDPOINT,
                                                         f"request/{index}#vpc_endpoint_policy")
        if (n := get("credential")) is not None and not _is_null(n):
            request.credential = self.credential(n)
        if (n := get("expect")) is not None and not _is_null(n):
            self.expect(n, request)
        return request

    def expect(self, node: LNode, request: RequestSpec) -> None:
        """`expect: OUTCOME` or `expect: {decision: OUTCOME, by: [POLICY#Sid, POLICY#N, POLICY ...]}`."""
        if isinstance(node, LMap):
            spec = self.mapping(node, "`expect`", EXPECT_KEYS)
            decision = spec.get("decision") if spec is not None else None
            if spec is None:
                return
            if decision is None:
                self.error("scenario.missing-key", "`expect` has no `decision`", node.span,
                           "write `expect: {decision: explicit_deny, by: [\"Policy#Sid\"]}`, or just the outcome")
                return
            node_by = spec.get("by")
            if node_by is not None and not _is_null(node_by):
                if not isinstance(node_by, LSeq):
                    self.error("scenario.type", f"`by` must be a list of statements, not {kind_name(node_by)}",
                               node_by.span, "write `by: [\"Policy#Sid\"]`; `by: []` says that no statement decides")
                else:
                    self.expected_by.append((request, self.string_list(node_by, "`by`")))
            node = decision
        text = check_string(self.bag, node, "`expect`")
        if text is not None and text not in OUTCOMES:
            self.error("scenario.bad-expect", f"`{text}` is not an outcome", node.span,
                       suggest(text, OUTCOMES) or "one of: " + ", ".join(f"`{o}`" for o in OUTCOMES))
        elif text is not None:
            request.expect = text
            request.expect_span = node.span

    def resolve_expected_by(self) -> None:
        """Each `expect.by` entry names a policy of the scenario and, after `#`, one of its statements."""
        if not self.expected_by:
            return
        policies = addressed_policies(self.scenario)
        for request, entries in self.expected_by:
            resolved = [self.expected_entry(text, span, policies) for text, span in entries]
            found = [e for e in resolved if e is not None]
            if len(found) == len(resolved):
                request.expect_by = found

    def expected_entry(self, text: str, span: Span | None, policies: dict[str, Policy]) -> ExpectedBy | None:
        if text in policies:
            return ExpectedBy(text, text, None, span)
        address, sep, selector = text.rpartition("#")
        if not sep or address not in policies:
            self.error("scenario.unknown-policy", f"`expect.by` names no policy `{address if sep else text}`",
                       span, suggest(address if sep else text, policies) or
                       "write the policy as `check --json` names it (a name, an AWS managed ARN, "
                       "`user/NAME#inline/POLICY`, `role/NAME#trust`, `resource/NAME#policy` ...), then "
                       "`#Sid` or `#N` (the statement's 0-based index)")
            return None
        statements = policies[address].statements
        for st in statements:
            if st.sid is not None and st.sid == selector:
                return ExpectedBy(text, address, st.index, span)
        if selector.isdigit() and int(selector) < len(statements):
            return ExpectedBy(text, address, int(selector), span)
        choices = [f"{address}#{st.sid}" for st in statements if st.sid] + \
                  [f"{address}#{st.index}" for st in statements]
        what = f"statement #{selector}" if selector.isdigit() else f"statement with Sid `{selector}`"
        self.error("scenario.unknown-statement", f"policy `{address}` has no {what}", span,
                   suggest(text, choices) or f"its statements are {', '.join(f'`{c}`' for c in choices)}")
        return None

    def check_action(self, action: str, node: LNode) -> None:
        if action in self.valid_actions:
            return
        if (found := action_name_problem(action)) is not None:
            self.error(found.diagnostic.code, found.diagnostic.message, node.span, found.diagnostic.help)
        else:
            self.valid_actions.add(action)

    def context(self, node: LNode) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        spec = self.mapping(node, "`context`")
        folded: dict[str, str] = {}
        for entry in spec or ():
            key = entry.key
            if ":" not in key:
                self.error("scenario.bad-context-key", f"`{key}` is not a condition key", entry.key_span,
                           "context keys read `prefix:name`, such as `aws:SourceIp`")
                continue
            lowered = key.lower()
            if folded.setdefault(lowered, key) != key:
                self.error("scenario.duplicate-key", f"context keys are not case-sensitive: `{key}` and "
                           f"`{folded[lowered]}` are the same key", entry.key_span)
                continue
            value = entry.value
            if type(value) is LScalar and value.value is not None:     # the usual one value
                out[key] = [text] if type(text := value.value) is str else [value.aws_text()]
                continue
            items = value.items if isinstance(value, LSeq) else [value]
            values = []
            for item in items:
                if type(item) is LScalar and type(text := item.value) is str:
                    values.append(text)
                    continue
                if not isinstance(item, LScalar) or item.value is None:
                    self.error("scenario.type", f"context key `{entry.key}` needs text values, not {kind_name(item)}",
                               item.span, "write a value, or a list of values for a multi-valued key")
                    continue
                values.append(item.aws_text())
            out[entry.key] = values
        return out

    def credential(self, node: LNode) -> Credential | None:
        spec = self.mapping(node, "`credential`", CREDENTIAL_KEYS)
        if spec is None:
            return None
        type_node = spec.get("type")
        if type_node is None:
            self.error("scenario.missing-key", "credential has no `type`", spec.span,
                       "one of: " + ", ".join(f"`{t}`" for t in CREDENTIAL_TYPES))
            return None
        kind = check_string(self.bag, type_node, "`type`")
        if kind is None:
            return None
        if kind not in CREDENTIAL_TYPES:
            self.error("scenario.bad-credential", f"`{kind}` is not a credential type", type_node.span,
                       suggest(kind, CREDENTIAL_TYPES) or "one of: " + ", ".join(f"`{t}`" for t in CREDENTIAL_TYPES))
            return None
        credential = Credential(kind, span=spec.span)
        key_node = spec.get("key_id")
        if key_node is not None and not _is_null(key_node):
            credential.key_id = self.key_id(key_node)
        elif kind == "access_key":
            self.error("scenario.bad-credential", "an `access_key` credential needs `key_id`", type_node.span,
                       "add `key_id:` with one of the user's access key ids")
        if (n := spec.get("secret")) is not None and not _is_null(n):
            credential.secret = check_string(self.bag, n, "`secret`")
        if (n := spec.get("mfa")) is not None and not _is_null(n):
            credential.mfa = check_bool(self.bag, n, "`mfa`")
        if (n := spec.get("expires")) is not None and not _is_null(n):
            credential.expires = check_time(self.bag, n, "`expires`")
        if (n := spec.get("tamper")) is not None and not _is_null(n):
            credential.tamper = bool(check_bool(self.bag, n, "`tamper`"))
        return credential

    def check_principals(self) -> None:
        from .principal import PrincipalError, resolve_principal
        scenario = self.scenario
        resolved: set[tuple[str, str | None]] = set()
        for request, node in self.principal_nodes:
            text = request.principal.strip()
            if (text, request.session_name) in resolved:
                continue            # the same principal again: resolving it cannot fail
            for prefix, table, section in (("user/", scenario.users, "users"), ("role/", scenario.roles, "roles")):
                if text.startswith(prefix) and text[len(prefix):] not in table:
                    self.error("scenario.unknown-principal", f"no {prefix[:-1]} `{text[len(prefix):]}` in "
                               f"`{section}:`", node.span, suggest(text[len(prefix):], table) or
                               f"declare it under `{section}:`")
                    break
            else:
                try:
                    resolve_principal(scenario, text, request.session_name)
                    resolved.add((text, request.session_name))
                except PrincipalError as exc:
                    self.error("scenario.bad-principal", str(exc), node.span,
                               suggest(text, [f"user/{u}" for u in scenario.users] + [f"role/{r}" for r in
                                       scenario.roles] + list(scenario.resources)) or
                               "write `user/NAME`, `role/NAME`, `root`, `anonymous`, a resource with a `role`, "
                               "an IAM or STS ARN, or a service principal such as `ec2.amazonaws.com`")


_KIND = {"users": "user", "groups": "group", "roles": "role"}
_QUOTED = {key: f"`{key}`" for key in ("principal", "action", "resource")}
_FORMAT_HELP = "docs/scenario-format.md shows what each key of a scenario holds"
_FALLBACK_HELP = {
    "scenario.type": "write the kind of value named here; " + _FORMAT_HELP,
    "scenario.duplicate-key": "each key may appear once; remove or rename one of them",
}
_SPECIAL_USES = (PolicyType.SCP, PolicyType.RCP, PolicyType.VPC_ENDPOINT)


@cache
def _allowed(keys: tuple[str, ...]) -> frozenset[str]:
    """The keys of a section as a set (each section's, made once)."""
    return frozenset(keys)


def _key_span(spec: LMap, key: str) -> Span | None:
    """The span of `key` in `spec` (of the mapping when it is not there)."""
    entry = spec.entry(key)
    return entry.key_span if entry is not None else spec.span


def _is_null(node: LNode) -> bool:
    return isinstance(node, LScalar) and node.value is None


# AWS's size limits for resource-based policies, by service (the services not listed are not modelled).
RESOURCE_LIMITS = {"s3": 20 * 1024, "kms": 32 * 1024, "sqs": 8 * 1024, "sns": 30 * 1024,
                   "secretsmanager": 20 * 1024, "lambda": 20 * 1024}


def resource_policy_limit(arn: str) -> int | None:
    """AWS's size limit for the resource-based policy of this kind of resource (None: not modelled)."""
    parsed = valid_arn(arn)
    return RESOURCE_LIMITS.get(parsed.service) if parsed is not None else None


def policy_size_limit(policy_type: PolicyType) -> int | None:
    """The size limit a policy of this type has in a scenario; a resource policy of unknown service gets
    the largest any modelled service allows."""
    if policy_type is PolicyType.RESOURCE:
        return max(RESOURCE_LIMITS.values())
    return TYPE_LIMITS.get(policy_type)
