"""The ``--format`` table: every module in this package is a format of that name.

A format module defines ``render(report: vpnlint.report.Report) -> str`` and a
one-line docstring; adding a format means adding a module, nothing else.  It
may also define ``chunks(report)``, an iterator over the same text in pieces,
which the CLI then writes as they come (a large report is never held whole),
and ``SOURCE_LINES = False`` when it prints no diagnostic's ``snippet``: the
run then collects no source lines (the default, True, collects them).
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
