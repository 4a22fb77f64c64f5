"""Where the project's `resources/` folder is: top-level in a checkout, `iam_studio/resources` in the wheel
(pyproject's force-include). Icons, themes, policy templates and the AWS managed policy documents."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]


def resources_dir() -> Path:
    for candidate in (_PACKAGE / "resources", _PACKAGE.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the resources folder is missing: reinstall IAM Studio")


def resource_path(*parts: str) -> Path:
    """A file in the resources folder (it need not exist)."""
    return resources_dir().joinpath(*parts)
