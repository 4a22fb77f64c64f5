"""Located tree -> `Policy`, with every grammar problem reported at its position.

`parse_policy` never raises: it always returns a `Policy` (statements that cannot be read are
left out) and every diagnostic. The rules themselves live in `grammar.py` (what AWS accepts
when a policy is saved) and `advice.py` (what AWS's policy validator warns about).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence

from ..diagnostics import Diagnostic, Severity, Span
from ..jsonsource import parse_json
from ..located import LEntry, LMap, LNode, LScalar, LSeq, join_spans, kind_name
from . import grammar
from .advice import advise
from .model import VERSION_2008, VERSION_2012, ConditionClause, Element, Policy, PolicyType, PrincipalElement, Statement
from .operators import Operator, split_operator

DOCS = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html"


def parse_policy(node: LNode, policy_type: PolicyType, name: str, *, file: str | None = None,
                 size_limit: int | None = None, advice: bool = True) -> tuple[Policy, list[Diagnostic]]:
    """Read a policy document from a located tree, checking it as AWS does for `policy_type`.

    Errors are what AWS refuses when the policy is saved; warnings are what AWS's policy
    validator reports (`advice=False` leaves out those that need the catalogue).
    """
    reader = _PolicyReader(policy_type, file, name)
    reader.with_advice = advice
    try:
        policy = reader.read(node, name)
        size, unusual = _measure(node)
        if policy_type in grammar.IAM_STORED:
            for text, span in unusual:
                reader.character(text, span)
        if reader.with_advice:
            reader.diagnostics.extend(advise(policy))
        if size_limit is not None:
            reader.check_size(size, size_limit, node)
    except Exception as exc:      # a bug here must not take the editor down; report it instead
        reader.error("policy.internal", f"the policy reader failed: {type(exc).__name__}: {exc}",
                     getattr(node, "span", None), help="please report this as a bug")
        policy = Policy(name, policy_type, (), file=file, source=node)
    return policy, sorted(reader.diagnostics, key=_position)


def _position(d: Diagnostic) -> int:
    return d.span.offset if d.span is not None else -1


def parse_policy_text(text: str, policy_type: PolicyType, name: str, file: str | None = None,
                      size_limit: int | None = None, advice: bool = True) -> tuple[Policy, list[Diagnostic]]:
    """Parse JSON `text` and read the policy in it; the size is counted on the text itself.

    Text ten times over the size limit is not parsed at all: it is too large whatever it holds.
    """
    if size_limit is not None:
        size = grammar.policy_size(text, policy_type)
        if size > 10 * size_limit:
            return Policy(name, policy_type, (), file=file), [
                _size_diagnostic(size, size_limit, Span.point(1, 1, 0), file, policy_type)]
    node, diagnostics = parse_json(text, file)
    if node is None:
        return Policy(name, policy_type, (), file=file), diagnostics
    policy, more = parse_policy(node, policy_type, name, file=file, advice=advice)
    diagnostics = diagnostics + more
    if size_limit is not None:
        size = grammar.policy_size(text, policy_type)
        if size > size_limit:
            diagnostics.append(_size_diagnostic(size, size_limit, node.span, file, policy_type))
    return policy, sorted(diagnostics, key=_position)


def lint_policy_text(text: str, policy_type: PolicyType, file: str | None = None,
                     size_limit: int | None = None) -> list[Diagnostic]:
    """Every diagnostic for a policy in JSON text (for `iam-studio lint`)."""
    return parse_policy_text(text, policy_type, "policy", file, size_limit)[1]


def compact_size(node: LNode) -> int:
    """A document's size as AWS counts it, from its located tree (compact JSON, white space left out)."""
    return _measure(node)[0]


# Not printable ASCII, or `"` or `\\`: a string without any is itself plus two quotes in compact JSON.
_UNUSUAL = re.compile(r'[^!#-\[\]-~]')


def _measure(node: LNode) -> tuple[int, list[tuple[str, LEntry | LScalar]]]:
    """In one walk: the compact size of `node` (`compact_size`), and each key (as its entry) or
    string that may hold a character IAM does not store, in the order they are checked.

    The size is that of `json.dumps(node.to_plain())` without white space: of keys that appear more
    than once, only the last value counts, as in `to_plain`.
    """
    size = 0
    unusual: list[tuple[str, LEntry | LScalar]] = []
    stack: list[tuple[LNode, bool]] = [(node, True)]
    while stack:
        n, counted = stack.pop()
        if isinstance(n, LMap):
            last = {e.key: e for e in n.entries}
            if counted:
                size += 2 * len(last) + 1 if last else 2
            for e in n.entries:
                key = e.key
                counts = counted and last[key] is e
                if _UNUSUAL.search(key) is not None:
                    unusual.append((key, e))
                    if counts:
                        size += grammar.policy_size(json.dumps(key, ensure_ascii=False))
                elif counts:
                    size += len(key) + 2
                stack.append((e.value, counts))
        elif isinstance(n, LSeq):
            if counted:
                size += len(n.items) + 1 if n.items else 2
            stack.extend((i, counted) for i in n.items)
        elif isinstance(value := n.value, str) and _UNUSUAL.search(value) is None:
            if counted:
                size += len(value) + 2
        else:
            if isinstance(value, str):
                unusual.append((value, n))
            if counted:
                size += grammar.policy_size(json.dumps(value, ensure_ascii=False, default=str))
    return size, unusual


def _size_diagnostic(size: int, limit: int, span: Span | None, file: str | None,
                     policy_type: PolicyType) -> Diagnostic:
    counted = ("AWS Organizations counts every character, white space included"
               if grammar.counts_white_space(policy_type) else "IAM counts every character except white space")
    return Diagnostic("policy.too-large", Severity.ERROR,
                      f"the policy has {size} characters, over the limit of {limit}",
                      span, f"{counted}; split the policy or shorten it with wildcards", file)


def element_span(entry: LEntry) -> Span | None:
    """The span of an element from its key through its value."""
    k, v = entry.key_span, entry.value.span
    if k is None:
        return v
    if v is None:
        return k
    return join_spans(k, v)


class _PolicyReader:
    def __init__(self, policy_type: PolicyType, file: str | None, name: str):
        self.policy_type = policy_type
        self.rules = grammar.RULES[policy_type]
        if policy_type is PolicyType.RCP and name.endswith(grammar.RCP_FULL_ACCESS):
            self.rules = grammar.RCP_FULL_ACCESS_RULES
        self.file = file
        self.diagnostics: list[Diagnostic] = []
        self.version: str | None = None
        self.with_advice = True

    # -- reporting ---------------------------------------------------------------------------
    def error(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, Severity.ERROR, message, span, help, self.file))

    def warn(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, Severity.WARNING, message, span, help, self.file))

    def check_size(self, size: int, limit: int, node: LNode) -> None:
        if size > limit:
            self.diagnostics.append(_size_diagnostic(size, limit, node.span, self.file, self.policy_type))

    def character(self, text: str, where: LEntry | LScalar) -> None:
        """IAM stores only tab, new lines and U+0020..U+00FF in a policy document."""
        ch = grammar.bad_character(text)
        if ch is not None:
            span = where.key_span if isinstance(where, LEntry) else where.span
            self.error("policy.bad-character", f"the character `{ch}` (U+{ord(ch):04X}) is not allowed in "
                       "an IAM policy", span, help="IAM policies hold only characters up to U+00FF (Latin-1)")

    def _duplicates(self, m: LMap, where: str) -> None:
        seen: set[str] = set()
        for e in m:
            if e.key in seen:
                self.error("policy.duplicate-key", f"`{e.key}` appears more than once in {where}", e.key_span,
                           help="AWS keeps only one of them; remove the duplicate")
            seen.add(e.key)

    # -- document ------------------------------------------------------------------------------
    def read(self, node: LNode, name: str) -> Policy:
        empty = Policy(name, self.policy_type, (), file=self.file, source=node, span=node.span)
        if not isinstance(node, LMap):
            self.error("policy.not-object", f"a policy document must be a JSON object, found {kind_name(node)}",
                       node.span, help='start with `{"Version": "2012-10-17", "Statement": [...]}`')
            return empty
        self._duplicates(node, "the policy")
        for e in node:
            if e.key not in grammar.TOP_LEVEL_ELEMENTS:
                self._unknown_element(e, grammar.TOP_LEVEL_ELEMENTS, "the policy",
                                      grammar.STATEMENT_ELEMENTS)
        version = self._version(node)
        policy_id = self._string_element(node.entry("Id"))
        statements = self._statements(node)
        self._check_sids(statements)
        return Policy(name, self.policy_type, tuple(statements), version=version, policy_id=policy_id,
                      span=node.span, file=self.file, source=node)

    def _unknown_element(self, e: LEntry, allowed: Iterable[str], where: str,
                         elsewhere: Iterable[str] = ()) -> None:
        near = grammar.did_you_mean(e.key, allowed)
        if near:
            help = f"did you mean `{near}`?" + (" (element names are case sensitive)"
                                                 if near.lower() == e.key.lower() else "")
        elif e.key in elsewhere:
            help = f"`{e.key}` belongs inside a statement"
        else:
            help = "the elements here are " + ", ".join(f"`{a}`" for a in allowed)
        self.error("policy.unknown-element", f"unknown element `{e.key}` in {where}", e.key_span, help=help)

    def _string_element(self, entry: LEntry | None) -> str | None:
        if entry is None:
            return None
        v = entry.value
        if isinstance(v, LScalar) and isinstance(v.value, str):
            return v.value
        self.error("policy.expected-string", f"`{entry.key}` must be a string, found {kind_name(v)}", v.span,
                   help=f'write `"{entry.key}": "..."`')
        return None

    def _version(self, m: LMap) -> str | None:
        entry = m.entry("Version")
        if entry is None:
            if self.rules.version_required:
                self.error("policy.version-required", "this policy type requires `\"Version\": \"2012-10-17\"`",
                           m.span, help='add `"Version": "2012-10-17"` as the first element')
            else:
                self.warn("policy.no-version",
                          "no `Version`: the policy uses the 2008-10-17 language, where policy variables "
                          "such as `${aws:username}` stay literal text",
                          m.span, help='add `"Version": "2012-10-17"`')
            return None
        v = entry.value
        text = v.value if isinstance(v, LScalar) and isinstance(v.value, str) else None
        if text not in grammar.VALID_VERSIONS:
            shown = text if text is not None else (v.raw if isinstance(v, LScalar) and v.raw else kind_name(v))
            self.error("policy.bad-version", f"`{shown}` is not a policy language version", v.span,
                       help='the Version is a date, not your own version number: write `"2012-10-17"`')
            return None
        if self.rules.version_required and text != VERSION_2012:
            self.error("policy.version-required", f"this policy type requires Version `{VERSION_2012}`", v.span,
                       help=f'write `"Version": "{VERSION_2012}"`')
        self.version = text
        return text

    # -- statements ----------------------------------------------------------------------------
    def _statements(self, m: LMap) -> list[Statement]:
        entry = m.entry("Statement")
        if entry is None:
            self.error("policy.no-statement", "the policy has no `Statement`", m.span,
                       help='add `"Statement": [{"Effect": "Allow", "Action": "...", "Resource": "..."}]`')
            return []
        v = entry.value
        nodes: list[LNode]
        if isinstance(v, LMap):
            nodes = [v]
        elif isinstance(v, LSeq):
            nodes = list(v)
            if not nodes:
                self.warn("policy.empty-statement", "`Statement` is an empty list, so the policy does nothing",
                          v.span, help="add a statement")
        else:
            self.error("policy.bad-statement", f"`Statement` must be an object or a list of objects, "
                       f"found {kind_name(v)}", v.span, help='write `"Statement": [{"Effect": "Allow", ...}]`')
            return []
        statements = []
        for index, node in enumerate(nodes):
            if not isinstance(node, LMap):
                self.error("policy.bad-statement", f"statement #{index + 1} must be an object, found {kind_name(node)}",
                           node.span, help='write `{"Effect": "Allow", "Action": "...", "Resource": "..."}`')
                continue
            statement = self._statement(node, index)
            if statement is not None:
                statements.append(statement)
        return statements

    def _statement(self, m: LMap, index: int) -> Statement | None:
        label = f"statement #{index + 1}"
        fields = m.first_entries()
        if len(fields) < len(m.entries):
            self._duplicates(m, label)
        for e in m:
            if e.key not in grammar.STATEMENT_ELEMENTS:
                self._unknown_element(e, grammar.STATEMENT_ELEMENTS, label, ())
            elif e.key not in self.rules.elements:
                self._unsupported_element(e)
        get = fields.get
        sid_entry = get("Sid")
        sid = self._string_element(sid_entry)
        if sid is not None and sid_entry is not None:
            label = f"statement `{sid}`"
            problem = grammar.check_sid(sid, self.policy_type)
            if problem:
                self.error("policy.bad-sid", problem[0], sid_entry.value.span, help=problem[1])
        effect, effect_span = self._effect(get("Effect"), m, label)
        check_action = _scp_action if self.policy_type is PolicyType.SCP else grammar.check_action
        action = self._element(get("Action"), check_action, "policy.bad-action")
        not_action = self._element(get("NotAction"), check_action, "policy.bad-action")
        resource = self._element(get("Resource"), grammar.check_resource, "policy.bad-resource")
        not_resource = self._element(get("NotResource"), grammar.check_resource, "policy.bad-resource")
        principal = self._principal(get("Principal"))
        not_principal = self._principal(get("NotPrincipal"))
        conditions = self._conditions(get("Condition"))
        if self.version != VERSION_2012:
            self._literal_variables(resource, not_resource, conditions)
        self._statement_rules(m, fields, label, effect, action, not_action, resource, not_resource,
                              principal, not_principal)
        if effect is None:
            return None
        return Statement(index=index, effect=effect, sid=sid, action=action, not_action=not_action,
                         resource=resource, not_resource=not_resource, principal=principal,
                         not_principal=not_principal, conditions=tuple(conditions), span=m.span,
                         effect_span=effect_span)

    def _unsupported_element(self, e: LEntry) -> None:
        t = self.policy_type
        if t is PolicyType.TRUST and e.key == "NotPrincipal":
            self.error("policy.notprincipal-in-trust", "`NotPrincipal` is not allowed in a role trust policy",
                       element_span(e), help="name the principals that may assume the role in `Principal`")
        elif e.key in ("Principal", "NotPrincipal"):
            self.error(f"policy.principal-in-{t.value}",
                       f"`{e.key}` is not allowed in {_type_name(t)}", element_span(e),
                       help="this policy applies to the identity it is attached to; remove the "
                            f"`{e.key}` (name principals in resource-based policies and trust policies)")
        elif t is PolicyType.TRUST and e.key in ("Resource", "NotResource"):
            self.error("policy.resource-in-trust", f"`{e.key}` is not allowed in a role trust policy",
                       element_span(e), help="the resource is the role itself; remove the element")
        else:
            self.error("policy.unsupported-element", f"`{e.key}` is not supported in {_type_name(t)}",
                       element_span(e), help=_unsupported_help(t, e.key))

    def _effect(self, entry: LEntry | None, m: LMap, label: str) -> tuple[str | None, Span | None]:
        if entry is None:
            self.error("policy.missing-effect", f"{label} has no `Effect`", m.span,
                       help='add `"Effect": "Allow"` or `"Effect": "Deny"`')
            return None, None
        v = entry.value
        if not (isinstance(v, LScalar) and isinstance(v.value, str)):
            self.error("policy.bad-effect", f"`Effect` must be `Allow` or `Deny`, found {kind_name(v)}", v.span,
                       help='write `"Allow"` or `"Deny"`')
            return None, v.span
        text = v.value
        if text not in grammar.EFFECTS:
            near = grammar.did_you_mean(text, grammar.EFFECTS)
            help = f"did you mean `{near}`? (the value is case sensitive)" if near else 'write `"Allow"` or `"Deny"`'
            self.error("policy.bad-effect", f"`{text}` is not an Effect", v.span, help=help)
            return None, v.span
        if text not in self.rules.effects:
            self.error("policy.rcp-allow", f"`{text}` is not supported in {_type_name(self.policy_type)}", v.span,
                       help="RCPs can only deny; `Allow` is reserved to the AWS managed `RCPFullAWSAccess`")
        return text, v.span

    def _strings(self, entry: LEntry) -> tuple[list[str], list[Span | None]] | None:
        """A string or a list of strings; anything else is reported (None)."""
        v = entry.value
        items = [v] if isinstance(v, LScalar) else list(v) if isinstance(v, LSeq) else None
        if items is None:
            self.error("policy.expected-strings", f"`{entry.key}` must be a string or a list of strings, "
                       f"found {kind_name(v)}", v.span, help=f'write `"{entry.key}": "..."` or `["...", "..."]`')
            return None
        if isinstance(v, LSeq) and not items:
            self.error("policy.empty-element", f"`{entry.key}` is an empty list", v.span,
                       help="give at least one value")
        values, spans = [], []
        for item in items:
            if isinstance(item, LScalar) and isinstance(item.value, str):
                values.append(item.value)
                spans.append(item.span)
            else:
                self.error("policy.expected-string", f"each value of `{entry.key}` must be a string, "
                           f"found {kind_name(item)}", item.span, help="put the value in double quotes")
        return values, spans

    def _element(self, entry: LEntry | None, check: Callable[[str], tuple[str, str] | None],
                 code: str) -> Element | None:
        if entry is None:
            return None
        got = self._strings(entry)
        if got is None:
            return None
        values, spans = got
        for value, span in zip(values, spans, strict=False):
            problem = check(value)
            if problem:
                self.error(code, problem[0], span, help=problem[1])
        return Element(tuple(values), element_span(entry), tuple(spans))

    def _principal(self, entry: LEntry | None) -> PrincipalElement | None:
        if entry is None:
            return None
        v = entry.value
        span = element_span(entry)
        if isinstance(v, LScalar) and v.value == "*":
            return PrincipalElement((("*", ("*",)),), span, wildcard=True)
        if not isinstance(v, LMap):
            self.error("policy.bad-principal", f"`{entry.key}` must be `\"*\"` or an object such as "
                       f"`{{\"AWS\": \"123456789012\"}}`, found {kind_name(v)}", v.span,
                       help='write `{"AWS": "arn:aws:iam::123456789012:root"}` or `{"Service": "ec2.amazonaws.com"}`')
            return None
        self._duplicates(v, f"`{entry.key}`")
        entries = []
        for e in v:
            if e.key not in grammar.PRINCIPAL_TYPES:
                near = grammar.did_you_mean(e.key, grammar.PRINCIPAL_TYPES)
                self.error("policy.bad-principal-type", f"`{e.key}` is not a principal type", e.key_span,
                           help=f"did you mean `{near}`?" if near else
                           "the principal types are `AWS`, `Service`, `Federated` and `CanonicalUser`")
                continue
            got = self._strings(e)
            if got is None:
                continue
            for value, value_span in zip(*got, strict=False):
                problem = grammar.check_principal(e.key, value)
                if problem:
                    self.error("policy.bad-principal", problem[0], value_span, help=problem[1])
            entries.append((e.key, tuple(got[0])))
        if not v.entries:
            self.error("policy.bad-principal", f"`{entry.key}` is empty", v.span,
                       help='name a principal, e.g. `{"AWS": "arn:aws:iam::123456789012:root"}`')
        return PrincipalElement(tuple(entries), span)

    def _conditions(self, entry: LEntry | None) -> list[ConditionClause]:
        if entry is None:
            return []
        v = entry.value
        if not isinstance(v, LMap):
            self.error("policy.bad-condition", f"`Condition` must be an object, found {kind_name(v)}", v.span,
                       help='write `{"StringEquals": {"aws:PrincipalTag/team": "blue"}}`')
            return []
        self._duplicates(v, "`Condition`")
        clauses = []
        for op_entry in v:
            op = split_operator(op_entry.key)
            if op is None:
                self.error("policy.unknown-operator", f"`{op_entry.key}` is not a condition operator",
                           op_entry.key_span, help=grammar.operator_hint(op_entry.key))
            block = op_entry.value
            if not isinstance(block, LMap):
                self.error("policy.bad-condition", f"the value of `{op_entry.key}` must be an object of "
                           f"condition keys, found {kind_name(block)}", block.span,
                           help=f'write `"{op_entry.key}": {{"aws:SourceIp": "..."}}`')
                continue
            self._duplicates(block, f"`{op_entry.key}`")
            if not block.entries:
                self.error("policy.bad-condition", f"`{op_entry.key}` has no condition keys", block.span,
                           help="add a key and its values, or remove the operator")
            for key_entry in block:
                clause = self._clause(op_entry, op, key_entry)
                if clause is not None:
                    clauses.append(clause)
        return clauses

    def _clause(self, op_entry: LEntry, op: Operator | None, key_entry: LEntry) -> ConditionClause | None:
        v = key_entry.value
        items = [v] if isinstance(v, LScalar) else list(v) if isinstance(v, LSeq) else None
        if items is None:
            self.error("policy.bad-condition-value", f"the value of `{key_entry.key}` must be a string or a "
                       f"list of strings, found {kind_name(v)}", v.span,
                       help=f'write `"{key_entry.key}": "value"` or `"{key_entry.key}": ["a", "b"]`')
            return None
        if isinstance(v, LSeq) and not items:
            self.error("policy.bad-condition-value", f"`{key_entry.key}` has an empty list of values", v.span,
                       help="give at least one value")
        values, spans = [], []
        for item in items:
            if not isinstance(item, LScalar) or item.value is None:
                self.error("policy.bad-condition-value", f"a value of `{key_entry.key}` must be a string, number "
                           f"or boolean, found {kind_name(item)}", item.span, help="write the value as a string")
                continue
            values.append(item.aws_text())
            spans.append(item.span)
        if op is not None:
            for value, span in zip(values, spans, strict=False):
                problem = grammar.check_condition_value(op.base, value)
                if problem and "${" not in value:
                    self.warn("policy.condition-value-type", problem[0], span, help=problem[1])
        return ConditionClause(op_entry.key, key_entry.key, tuple(values), span=element_span(key_entry),
                               operator_span=op_entry.key_span, value_spans=tuple(spans))

    # -- statement-level rules -----------------------------------------------------------------
    def _statement_rules(self, m: LMap, fields: dict[str, LEntry], label: str, effect: str | None,
                         action: Element | None, not_action: Element | None, resource: Element | None,
                         not_resource: Element | None, principal: PrincipalElement | None,
                         not_principal: PrincipalElement | None) -> None:
        not_action_entry, not_resource_entry = fields.get("NotAction"), fields.get("NotResource")
        not_principal_entry = fields.get("NotPrincipal")
        if "Action" in fields and not_action_entry is not None:
            self.error("policy.action-and-notaction", f"{label} has both `Action` and `NotAction`",
                       element_span(not_action_entry), help="use one of them")
        elif "Action" not in fields and "NotAction" not in fields:
            self.error("policy.missing-action", f"{label} has no `Action`", m.span,
                       help='add `"Action": "service:Action"` (or `NotAction`)')
        if "Resource" in fields and not_resource_entry is not None:
            self.error("policy.resource-and-notresource", f"{label} has both `Resource` and `NotResource`",
                       element_span(not_resource_entry), help="use one of them")
        elif self.rules.resource_required and "Resource" not in fields and "NotResource" not in fields:
            self.error("policy.missing-resource", f"{label} has no `Resource`", m.span,
                       help='add `"Resource": "*"` or the ARNs the statement applies to')
        if self.rules.principal == "required" and "Principal" not in fields and "NotPrincipal" not in fields:
            self.error("policy.missing-principal", f"{label} has no `Principal`", m.span,
                       help=_missing_principal_help(self.policy_type))
        if "Principal" in fields and not_principal_entry is not None:
            self.error("policy.principal-and-notprincipal", f"{label} has both `Principal` and `NotPrincipal`",
                       element_span(not_principal_entry), help="use one of them")
        if not_principal is not None and effect == "Allow" and "NotPrincipal" in self.rules.elements:
            self.error("policy.notprincipal-with-allow", "`NotPrincipal` cannot be used with `\"Effect\": \"Allow\"`",
                       not_principal.span, help="use `Principal`, or make the statement a `Deny`")
        if self.rules.principal_star_only and principal is not None and not principal.wildcard:
            self.error("policy.rcp-principal", "the `Principal` of an RCP must be `\"*\"`", principal.span,
                       help='write `"Principal": "*"` and narrow who is affected with conditions such as '
                            '`aws:PrincipalAccount`')

    def _literal_variables(self, resource: Element | None, not_resource: Element | None,
                           conditions: Sequence[ConditionClause]) -> None:
        found = [(v, sp) for el in (resource, not_resource) if el is not None
                 for v, sp in zip(el.values, el.value_spans, strict=False)]
        found += [(v, sp) for c in conditions for v, sp in zip(c.values, c.value_spans, strict=False)]
        for value, span in found:
            if "${" in value:
                self.warn("policy.variable-in-2008", f"`{value}` holds a policy variable, but without "
                          f"`\"Version\": \"{VERSION_2012}\"` it is compared as literal text", span,
                          help=f'add `"Version": "{VERSION_2012}"` at the top of the policy')

    def _check_sids(self, statements: list[Statement]) -> None:
        seen: set[str] = set()
        for s in statements:
            if s.sid is None or s.sid == "":
                continue
            if s.sid in seen:
                self.error("policy.duplicate-sid", f"the Sid `{s.sid}` is used by more than one statement",
                           s.span, help="give each statement a unique Sid")
            seen.add(s.sid)


def _scp_action(text: str) -> tuple[str, str] | None:
    return grammar.check_action(text) or grammar.check_scp_action(text)


def _type_name(t: PolicyType) -> str:
    return {
        PolicyType.IDENTITY: "an identity-based policy",
        PolicyType.RESOURCE: "a resource-based policy",
        PolicyType.TRUST: "a role trust policy",
        PolicyType.BOUNDARY: "a permissions boundary",
        PolicyType.SCP: "a service control policy (SCP)",
        PolicyType.RCP: "a resource control policy (RCP)",
        PolicyType.SESSION: "a session policy",
        PolicyType.VPC_ENDPOINT: "a VPC endpoint policy",
    }[t]


def _unsupported_help(t: PolicyType, key: str) -> str:
    if t is PolicyType.RCP and key == "NotAction":
        return "RCPs support `Action` only; list the actions to deny"
    if t is PolicyType.RCP and key == "NotPrincipal":
        return 'write `"Principal": "*"` and exclude principals with conditions'
    return "remove the element"


def _missing_principal_help(t: PolicyType) -> str:
    if t is PolicyType.TRUST:
        return 'name who may assume the role, e.g. `"Principal": {"Service": "ec2.amazonaws.com"}`'
    if t is PolicyType.RCP:
        return 'RCP statements use `"Principal": "*"`'
    return 'a resource-based policy names who it applies to, e.g. `"Principal": {"AWS": "123456789012"}`'


__all__ = ["parse_policy", "parse_policy_text", "lint_policy_text", "element_span",
           "VERSION_2008", "VERSION_2012"]
