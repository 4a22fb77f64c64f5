"""The catalogue as the editor asks for it: short lists of strings for completion and hover."""
from __future__ import annotations

import re

from ...core.catalog import catalog

_VAR = re.compile(r"\$\{(Partition|Region|Account)\}")
_FILL = {"Partition": "aws", "Region": "us-east-1", "Account": "123456789012"}


class CatalogView:
    """Thin adapter over `core.catalog.catalog()`; every answer is a list or None, never an exception."""

    def __init__(self):
        self._cat = catalog()

    def services(self) -> list[str]:
        return list(self._cat.service_prefixes())

    def actions(self, service: str) -> list[tuple[str, str]]:
        """(action name, access level) for a service prefix."""
        return [(a.name, a.access_level) for a in self._cat.actions(service)]

    def action(self, name: str) -> tuple[str, str] | None:
        """(description, access level) of `s3:GetObject`, or None."""
        info = self._cat.action(name)
        return (info.description, info.access_level) if info is not None else None

    def expand(self, pattern: str) -> list[str]:
        return sorted(a.full_name for a in self._cat.expand(pattern))

    def condition_keys(self, service: str | None) -> list[str]:
        """Condition key names of a service; None gives the global `aws:` keys."""
        return [k.name for k in self._cat.condition_keys(service or "aws")]

    def condition_key(self, name: str) -> str | None:
        """A key's type and description, or None."""
        key = self._cat.condition_key(name)
        if key is None:
            return None
        return f"{key.type}: {key.description}" if key.description else key.type

    def arn_templates(self, action: str) -> list[str]:
        """ARN templates of the resource types an action accepts, with partition, region and account filled in."""
        return [_VAR.sub(lambda m: _FILL[m.group(1)], rt.arn) for rt in self._cat.action_resource_types(action)]
