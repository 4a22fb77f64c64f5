"""The request context: condition keys and their values, with case-insensitive key names.

AWS compares context key names case-insensitively; values are always strings (a YAML
`true` arrives as "true"), and a key may carry several values (multi-valued keys such as
aws:TagKeys). The spelling first written is kept for display.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator


def as_values(value: object) -> list[str]:
    """A context value as AWS would send it: a list of strings."""
    if isinstance(value, (list, tuple)):
        return [to_aws_string(v) for v in value]
    return [to_aws_string(value)]


def to_aws_string(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


class RequestContext:
    """`by_key` maps each lowercased key to its values: the engine's hot paths read it directly."""

    __slots__ = ("_values", "_names", "by_key")

    def __init__(self, items: Iterable[tuple[str, object]] = ()):
        values: dict[str, list[str]] = {}
        names: dict[str, str] = {}
        self._values = self.by_key = values
        self._names: dict[str, str] | None = names      # lowercased key -> as first written; None: the key itself
        for key, value in items:        # as `set`, in one loop: the engine makes one per caller and resource
            low = key.lower()
            values[low] = as_values(value)
            names.setdefault(low, key)

    @classmethod
    def of(cls, by_key: dict[str, list[str]]) -> RequestContext:
        """A context over keys already lowercased, taken as they are (the engine's fast path builds the
        dictionary itself); each key is also its display name."""
        new = object.__new__(cls)
        new._values = new.by_key = by_key
        new._names = None
        return new

    def _named(self) -> dict[str, str]:
        if self._names is None:
            self._names = {key: key for key in self._values}
        return self._names

    def set(self, key: str, value: object) -> None:
        low = key.lower()
        self._values[low] = as_values(value)
        self._named().setdefault(low, key)

    def set_values(self, key: str, values: list[str]) -> None:
        """Like `set`, for values that are already a list of strings (as the scenario loader gives them)."""
        low = key.lower()
        self._values[low] = values
        self._named().setdefault(low, key)

    def remove(self, key: str) -> None:
        low = key.lower()
        self._values.pop(low, None)
        self._named().pop(low, None)

    def get(self, key: str) -> list[str] | None:
        """The values of `key`, or None when the request does not carry it."""
        return self._values.get(key.lower())

    def __contains__(self, key: str) -> bool:
        return key.lower() in self._values

    def __iter__(self) -> Iterator[str]:
        return iter(self._named().values())

    def __len__(self) -> int:
        return len(self._values)

    def items(self) -> list[tuple[str, list[str]]]:
        names = self._named()
        return [(names[low], values) for low, values in self._values.items()]

    def as_dict(self) -> dict[str, list[str]]:
        return dict(self.items())

    def copy(self, more: RequestContext | None = None) -> RequestContext:
        """A copy, with the keys of `more` added (keys the two share take `more`'s values)."""
        new = object.__new__(RequestContext)
        new._values = new.by_key = dict(self._values)      # value lists are replaced, never changed in place
        new._names = dict(self._named())
        if more is not None:
            new._values.update(more._values)
            new._names.update(more._named())
        return new
