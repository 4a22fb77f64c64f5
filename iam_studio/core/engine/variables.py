"""Policy variables in Resource and Condition values: `${aws:username}`, `${*}`, defaults.

Rules (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
- variables are substituted only in policies with `"Version": "2012-10-17"`; elsewhere `${...}`
  is plain text (the caller passes `variables_enabled`);
- `${key}` takes the value of the request context key `key` (key names are case-insensitive);
- `${key, 'default'}` uses `default` when the key has no value in the request;
- in a Resource, variables work only in the resource part of the ARN (after the fifth colon);
- `${*}`, `${?}` and `${$}` stand for a literal `*`, `?` and `$`;
- a substituted value is literal text: a `*` in a user name or tag does not act as a wildcard
  (that is why `${*}` exists);
- a key that is missing, or has several values (a multivalued key cannot be a variable), and
  has no default leaves the variable without a value: "there is no equal or like value", so a
  Resource pattern containing it matches nothing, and in a Condition that value matches nothing
  (a negated operator such as StringNotEquals therefore matches).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .context import RequestContext
from .wildcard import Part

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_INSIDE = re.compile(r"^\s*([^,'\s][^,']*?)\s*(?:,\s*'([^']*)'\s*)?$")
_SPECIAL = {"*": "*", "?": "?", "$": "$"}


@dataclass(frozen=True, slots=True)
class Variable:
    """One `${key}` or `${key, 'default'}` reference."""

    key: str
    default: str | None = None
    text: str = ""                 # as written, e.g. "${aws:username}"

    def value(self, ctx: RequestContext) -> str | None:
        """The substituted text, or None when the variable has no value."""
        values = ctx.by_key.get(self.key.lower())
        if values is not None and len(values) == 1:
            return values[0]
        return self.default


TemplateItem = Part | Variable


@dataclass(frozen=True, slots=True)
class Template:
    """A Resource or Condition value split into pattern text, literal text and variables."""

    text: str
    items: tuple[TemplateItem, ...]
    has_variables: bool = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "has_variables", any(type(item) is Variable for item in self.items))

    @property
    def variables(self) -> tuple[Variable, ...]:
        return tuple(item for item in self.items if isinstance(item, Variable))

    def static_parts(self) -> tuple[Part, ...]:
        """The parts of a template without variables."""
        return tuple(item for item in self.items if not isinstance(item, Variable))

    def resolve(self, ctx: RequestContext) -> tuple[Part, ...] | None:
        """Parts with every variable substituted (as literal text); None if one has no value."""
        out: list[Part] = []
        for item in self.items:
            if isinstance(item, Variable):
                value = item.value(ctx)
                if value is None:
                    return None
                out.append((value, True))
            else:
                out.append(item)
        return tuple(out)

    def render(self, ctx: RequestContext) -> str | None:
        parts = self.resolve(ctx)
        return None if parts is None else "".join(text for text, _ in parts)

    def missing(self, ctx: RequestContext) -> tuple[Variable, ...]:
        """The variables that have no value in this request."""
        return tuple(v for v in self.variables if v.value(ctx) is None)


def parse_variable(inside: str, text: str) -> Variable | Part | None:
    """What `${inside}` stands for: a variable, a literal special character, or None (not a variable)."""
    if inside in _SPECIAL:
        return (_SPECIAL[inside], True)
    m = _INSIDE.match(inside)
    if m is None:
        return None
    return Variable(m.group(1), m.group(2), text)


@lru_cache(maxsize=8192)
def compile_template(text: str, *, variables_enabled: bool) -> Template:
    """Split `text` into parts; with variables disabled the whole text is pattern text."""
    if not variables_enabled or "${" not in text:
        return Template(text, ((text, False),) if text else ())
    items: list[TemplateItem] = []
    pos = 0
    for m in _VARIABLE.finditer(text):
        item = parse_variable(m.group(1), m.group(0))
        if item is None:
            continue
        if m.start() > pos:
            items.append((text[pos:m.start()], False))
        items.append(item)
        pos = m.end()
    if pos < len(text):
        items.append((text[pos:], False))
    return Template(text, tuple(items))


@lru_cache(maxsize=8192)
def compile_resource_template(text: str, *, variables_enabled: bool) -> Template:
    """A Resource value: variables count only in the resource part, after the fifth colon.

    "You can't use a variable to replace parts of the ARN before the fifth colon, such as the
    service or account": there, `${...}` stays plain text.
    """
    head, sep, resource = _split_resource(text)
    if not sep or not variables_enabled:
        return compile_template(text, variables_enabled=False)
    tail = compile_template(resource, variables_enabled=True)
    return Template(text, ((head + sep, False),) + tail.items)


def _split_resource(text: str) -> tuple[str, str, str]:
    """(`arn:p:s:r:a`, `:`, resource) for an ARN-shaped text, else (text, "", "")."""
    parts = text.split(":", 5)
    if len(parts) < 6:
        return text, "", ""
    return ":".join(parts[:5]), ":", parts[5]


def find_variables(text: str) -> list[Variable]:
    """The variables written in `text` (special characters such as `${*}` are not variables)."""
    return list(compile_template(text, variables_enabled=True).variables)


def substitute(text: str, ctx: RequestContext) -> str | None:
    """`text` with its variables replaced from `ctx`; None when one of them has no value."""
    return compile_template(text, variables_enabled=True).render(ctx)
