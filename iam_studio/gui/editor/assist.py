"""Completion and hover for policy JSON, from the catalogue (services, actions, condition operators
and keys, ARN templates) and the scenario (declared principals and resources)."""
from __future__ import annotations

import re

from ...core.policy.operators import operator_names
from .catalog_view import CatalogView
from .json_context import JsonContext, context_at, enclosing_object

ELEMENTS = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource",
            "Condition"]
TOP_LEVEL = ["Version", "Id", "Statement"]
OPERATORS = operator_names()
PRINCIPAL_TYPES = ["AWS", "Service", "Federated", "CanonicalUser"]
SERVICE_PRINCIPALS = ["ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com",
                      "s3.amazonaws.com", "cloudtrail.amazonaws.com", "events.amazonaws.com"]
_ACTION = re.compile(r'"([A-Za-z0-9-]+:[A-Za-z0-9*?]+)"')
_STRING_AT = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


class PolicyAssist:
    """Answers the editor's two questions: what may go here, and what is this?"""

    def __init__(self, document):
        self._doc = document
        self.catalog = CatalogView()

    # ---- completion ---------------------------------------------------------------------------
    def completions(self, text: str, offset: int) -> list[str]:
        """Entries for the string being typed at `offset`: `value` or `value  — detail`."""
        ctx = context_at(text, offset)
        if not ctx.in_string:
            return []
        if ctx.is_key:
            return self._key_completions(ctx, text)
        element = ctx.path[-1] if ctx.path else ""
        if element in ("Action", "NotAction"):
            return self._action_completions(text, offset)
        if element in ("Resource", "NotResource"):
            return self._resource_completions(ctx, text)
        if element == "Effect":
            return ["Allow", "Deny"]
        if element == "Version":
            return ["2012-10-17"]
        if element == "Service":
            return SERVICE_PRINCIPALS
        if element in ("AWS", "Principal", "NotPrincipal"):
            return self._principal_arns()
        return []

    def _key_completions(self, ctx: JsonContext, text: str) -> list[str]:
        path = ctx.path
        if not path:
            return TOP_LEVEL
        if path[-1] == "Statement":
            return ELEMENTS
        if path[-1] == "Condition":
            return OPERATORS
        if len(path) >= 2 and path[-2] == "Condition":
            services = {a.split(":", 1)[0] for a in _ACTION.findall(enclosing_object(text, ctx.statement_start))} \
                if ctx.statement_start >= 0 else set()
            keys = list(self.catalog.condition_keys(None))
            for service in sorted(services):
                keys.extend(self.catalog.condition_keys(service))
            return keys
        if path[-1] in ("Principal", "NotPrincipal"):
            return PRINCIPAL_TYPES
        return []

    def _action_completions(self, text: str, offset: int) -> list[str]:
        prefix = _typed_prefix(text, offset)
        if ":" not in prefix:
            return [f"{s}:" for s in self.catalog.services()]
        service = prefix.split(":", 1)[0].lower()
        return [f"{service}:{name}  — {level}" for name, level in self.catalog.actions(service)]

    def _resource_completions(self, ctx: JsonContext, text: str) -> list[str]:
        declared = [r.arn for r in self._doc.scenario.resources.values()]
        templates: list[str] = []
        if ctx.statement_start >= 0:
            for action in _ACTION.findall(enclosing_object(text, ctx.statement_start)):
                templates.extend(self.catalog.arn_templates(action))
        return list(dict.fromkeys(declared + [f"{t}  — template" for t in templates] + ["*"]))

    def _principal_arns(self) -> list[str]:
        sc = self._doc.scenario
        arns = [u.arn for u in sc.users.values()] + [r.arn for r in sc.roles.values()]
        return arns + [f"arn:aws:iam::{sc.account}:root", "*"]

    # ---- hover --------------------------------------------------------------------------------
    def hover(self, text: str, offset: int) -> str | None:
        """Rich-text tip for the JSON string under `offset`: an action, a wildcard, or a condition key."""
        word = string_at(text, offset)
        if not word or ":" not in word or word.startswith("arn:"):
            return None
        if "*" in word or "?" in word:
            matches = self.catalog.expand(word)
            if not matches:
                return f"<b>{_esc(word)}</b><br>matches no action in the catalogue"
            shown = "<br>".join(_esc(a) for a in matches[:25])
            more = f"<br>… and {len(matches) - 25} more" if len(matches) > 25 else ""
            plural = "s" if len(matches) != 1 else ""
            return f"<b>{_esc(word)}</b> matches {len(matches)} action{plural}:<br>{shown}{more}"
        info = self.catalog.action(word)
        if info is not None:
            description, level = info
            return f"<b>{_esc(word)}</b> — {_esc(level)}<br>{_esc(description)}"
        key = self.catalog.condition_key(word)
        if key is not None:
            return f"<b>{_esc(word)}</b> (condition key)<br>{_esc(key)}"
        return None


def string_at(text: str, offset: int) -> str | None:
    """The JSON string literal (without quotes) that contains `offset`, on its line."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start: end if end >= 0 else len(text)]
    col = offset - start
    for m in _STRING_AT.finditer(line):
        if m.start() <= col < m.end():
            return m.group(1)
    return None


def _typed_prefix(text: str, offset: int) -> str:
    start = text.rfind('"', 0, offset)
    return text[start + 1: offset] if start >= 0 else ""


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
