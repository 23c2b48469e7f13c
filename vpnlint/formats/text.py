"""For people: ``path:line:col: CODE [severity] message``, the source line, a caret span, the hint.

Colour only when the report asks for it (the CLI decides: a terminal, and no
``NO_COLOR``).  Source lines come from the diagnostic's snippet, in which the
pre-shared key is already masked.
"""

from __future__ import annotations

import unicodedata

import click

from ..model import Diagnostic, Severity
from ..report import Report

#: this format prints each diagnostic's source line (see vpnlint.formats)
SOURCE_LINES = True

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
TAB = "    "
#: a longer source line is shown as a window around the span: a minified JSON
#: file is one line, and repeating all of it under every diagnostic would bury
#: the output (and cost time quadratic in the line's length)
MAX_SNIPPET = 200
_CONTEXT = 40  # characters kept before the span
_CUT = "..."


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _window(line: str, start: int, end: int) -> tuple[str, int, int]:
    """The part of ``line`` to show, with the span's start and end inside it."""
    if len(line) <= MAX_SNIPPET:
        return line, start, end
    first = max(0, min(start - _CONTEXT, len(line) - MAX_SNIPPET))
    last = first + MAX_SNIPPET
    head = _CUT if first else ""
    tail = _CUT if last < len(line) else ""
    shift = len(head) - first
    return head + line[first:last] + tail, start + shift, min(end, last) + shift


def _block(d: Diagnostic, style) -> list[str]:
    out = [f"{style(f'{d.path}:{d.line}:{d.column}:', bold=True)} "
           f"{style(d.code, fg=_COLOURS[d.severity], bold=True)} "
           f"[{style(str(d.severity), fg=_COLOURS[d.severity])}] {d.message}"]
    if d.snippet:
        line = d.snippet[0]
        gutter = " " * len(str(d.line))
        start = max(d.column - 1, 0)
        end = d.end_column - 1 if d.end_line == d.line else len(line.rstrip())
        end = max(end, start + 1)
        line, start, end = _window(line, start, end)
        shown = line.replace("\t", TAB)
        pad = _width(line[:start].replace("\t", TAB))
        carets = "^" * max(1, _width(line[start:end].replace("\t", TAB)))
        out.append(f"{gutter} |")
        out.append(f"{d.line} | {shown}")
        out.append(f"{gutter} | {' ' * pad}{style(carets, fg=_COLOURS[d.severity], bold=True)}")
    if d.hint:
        out.append(f"  = hint: {d.hint}")
    return out


def render(report: Report) -> str:
    def style(text: str, **kwargs) -> str:
        return click.style(text, **kwargs) if report.color else text

    lines: list[str] = []
    for d in report.diagnostics:
        lines.extend(_block(d, style))
        lines.append("")
    s = report.summary()
    files = f"{s['files']} file{'s' if s['files'] != 1 else ''}"
    if report.diagnostics:
        lines.append(f"Found {len(report.diagnostics)} diagnostic{'s' if len(report.diagnostics) != 1 else ''} "
                     f"({s['errors']} error{'s' if s['errors'] != 1 else ''}, "
                     f"{s['warnings']} warning{'s' if s['warnings'] != 1 else ''}, {s['info']} info) in {files}.")
    else:
        lines.append(style(f"All checks passed ({files}, {s['documents']} documents).", fg="green"))
    return "\n".join(lines) + "\n"
