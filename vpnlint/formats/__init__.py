"""The ``--format`` table: every module in this package is a format of that name.

A format module defines ``render(report: vpnlint.report.Report) -> str`` and a
one-line docstring; adding a format means adding a module, nothing else.
Modules whose name starts with an underscore are helpers, not formats.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def names() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def get(name: str) -> ModuleType:
    if name not in names():
        raise KeyError(name)
    return importlib.import_module(f"{__name__}.{name}")
