"""GitHub Actions workflow commands: one annotation line per diagnostic."""

from __future__ import annotations

from ..model import Diagnostic, Severity
from ..report import Report
from ._common import has_position, message_with_hint

#: this format prints no source lines: the run collects none (see vpnlint.formats)
SOURCE_LINES = False

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(report: Report) -> str:
    """Lines the Actions runner turns into annotations on the job and the pull request."""
    return "".join(annotation(d) + "\n" for d in report.diagnostics)


def escape_data(text: str) -> str:
    """Escape a command's message: the runner reads ``%`` escapes and ends a command at a newline."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: ``:`` and ``,`` also delimit the properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic) -> str:
    """``::error file=...,line=...::message`` (positions left out for a file-level finding)."""
    properties: dict[str, object] = {"file": d.path}
    if has_position(d):
        properties.update(line=d.line, col=d.column, endLine=d.end_line, endColumn=d.end_column)
    properties["title"] = f"{d.code} {d.name}"
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{COMMANDS[d.severity]} {props}::{escape_data(message_with_hint(d))}"
