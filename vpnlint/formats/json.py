"""The machine-readable report of PRODUCT.md: version, diagnostics, summary."""

from __future__ import annotations

import json
from json.encoder import encode_basestring as _encode  # what json.dumps(ensure_ascii=False) uses
from typing import Any, Iterator

from ..caches import remember
from ..model import Diagnostic, Severity
from ..report import Report

#: this format prints no source lines: the run collects none (see vpnlint.formats)
SOURCE_LINES = False


def render(report: Report) -> str:
    return "".join(chunks(report))


def chunks(report: Report) -> Iterator[str]:
    """:func:`render`'s text in pieces, a diagnostic at a time, so the CLI writes
    a large report without holding it whole.

    The text is ``json.dumps(document, indent=2, ensure_ascii=False)`` of
    ``{"version", "diagnostics": [d.as_dict() ...], "summary"}``, byte for byte:
    each part is dumped alone and indented to its depth (JSON text holds no raw
    line break inside a string, so every line break is one json.dumps made).
    Dumped whole, a 10,000-file report is ~30 MB of text built from millions of
    small strings: measured, the render step added 130 MB to the run's peak.
    """
    yield '{\n  "version": ' + _dumps(report.version, 1) + ',\n  "diagnostics": '
    if report.diagnostics:
        separator = "[\n    "
        for diagnostic in report.diagnostics:
            yield separator + _diagnostic(diagnostic)
            separator = ",\n    "
        yield "\n  ]"
    else:
        yield "[]"
    yield ',\n  "summary": ' + _dumps(report.summary(), 1) + "\n}\n"


#: a format string of what a diagnostic says, each field on its own line at
#: depth 3 ("code" ... "fix"); where it is ("path" ... "end_column") is written
#: by _diagnostic
_WHAT = "".join(f',\n      "{name}": {{}}' for name in
                ("code", "name", "category", "severity", "message", "hint", "api_error", "fix"))


def _diagnostic(d: Diagnostic) -> str:
    """``_dumps(d.as_dict(), 2)``, written straight from the fields: a report
    holds tens of thousands of diagnostics, and this is the last step of a run
    (an f-string: a third of the time of a format string's ``format``)."""
    # the document and the positions are ints (the engine makes them), which
    # an f-string writes as json does
    return (f'{{\n      "path": {_encode(d.path)},\n      "document": {d.document},'
            f'\n      "pointer": {_encode(d.pointer)},\n      "line": {d.line},\n      "column": {d.column},'
            f'\n      "end_line": {d.end_line},\n      "end_column": {d.end_column}{_what(d)}\n    }}')


def _what(d: Diagnostic) -> str:
    """The text of the fields from "code" to "fix": most diagnostics of a run
    say what another one said (the bench corpus's 10,430 say 119 different things),
    so it is written once for each (without a fix, which is a mapping)."""
    if d.fix is not None:
        return _what_text(d)
    key = (d.code, d.name, d.category, d.severity, d.message, d.hint, d.api_error)
    text = _WHATS.get(key)
    # bounded: messages that quote values differ every time
    return remember(_WHATS, key, _what_text(d), 1024) if text is None else text


def _what_text(d: Diagnostic) -> str:
    return _WHAT.format(_encode(d.code), _encode(d.name), _encode(d.category), _SEVERITIES[d.severity],
                        _encode(d.message), _value(d.hint, 3), _value(d.api_error, 3), _value(d.fix, 3))


_WHATS: dict[tuple, str] = {}


_SEVERITIES = {severity: _encode(str(severity)) for severity in Severity}


def _dumps(value: Any, depth: int) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` indented to ``depth``.

    json.dumps with indent= runs the pure-Python encoder; a mapping of plain
    values (a diagnostic, the summary) is written here instead, each value by
    json's own C string encoder: the same text, a third of the time."""
    if type(value) is dict and value and all(type(key) is str for key in value):
        inner = "\n" + "  " * (depth + 1)
        return ("{" + inner + ("," + inner).join(
            _encode(key) + ": " + _value(item, depth + 1) for key, item in value.items())
            + "\n" + "  " * depth + "}")
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)


def _value(value: Any, depth: int) -> str:
    kind = type(value)
    if kind is str:
        return _encode(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    return _dumps(value, depth)
