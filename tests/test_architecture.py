"""The core never imports Qt, the CLI or the GUI; the CLI and the GUI never import each other."""
from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import iam_studio.core

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold():
    from importlinter.cli import lint_imports
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_importing_every_core_module_loads_no_qt():
    modules = [m.name for m in pkgutil.walk_packages(iam_studio.core.__path__, "iam_studio.core.")]
    assert len(modules) > 10
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')\n"
            "             or m.startswith(('iam_studio.gui', 'iam_studio.cli')))\n"
            "print(','.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""
