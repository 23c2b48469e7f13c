"""One line per diagnostic, ``path:line:col: CODE message``, for editors' error formats."""

from __future__ import annotations

from ..report import Report

#: this format prints no source lines: the run collects none (see vpnlint.formats)
SOURCE_LINES = False


def render(report: Report) -> str:
    return "".join(f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}\n" for d in report.diagnostics)
