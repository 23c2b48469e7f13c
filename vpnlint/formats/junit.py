"""JUnit XML: a test suite per file, a failing test case per diagnostic, for CI test views."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..model import Diagnostic
from ..report import Report
from ._common import has_position, message_with_hint

#: this format prints no source lines: the run collects none (see vpnlint.formats)
SOURCE_LINES = False

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
#: The name of the one passing case a clean file gets.
CLEAN_CASE = "no diagnostics"

# What XML 1.0 cannot hold even as a character reference: C0 controls other
# than tab, LF and CR, lone surrogates, U+FFFE and U+FFFF.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render(report: Report) -> str:
    """``<testsuites>`` holding one ``<testsuite>`` per linted path, in report order.

    The caller must write the text as UTF-8, as the declaration says.
    """
    by_path: dict[str, list[Diagnostic]] = {path: [] for path in report.paths}
    for d in report.diagnostics:
        by_path.setdefault(d.path, []).append(d)

    root = ET.Element("testsuites", name="vpnlint")
    for path, diagnostics in by_path.items():
        suite = ET.SubElement(root, "testsuite", name=xml_safe(path))
        for d in diagnostics:
            case = ET.SubElement(suite, "testcase", classname=xml_safe(path), name=xml_safe(case_name(d)))
            failure = ET.SubElement(
                case, "failure", message=xml_safe(message_with_hint(d)), type=xml_safe(d.code)
            )
            failure.text = xml_safe(failure_text(d))
        if not diagnostics:
            ET.SubElement(suite, "testcase", classname=xml_safe(path), name=CLEAN_CASE)
        _count(suite, tests=max(len(diagnostics), 1), failures=len(diagnostics))
    _count(root, tests=sum(max(len(ds), 1) for ds in by_path.values()), failures=len(report.diagnostics))
    ET.indent(root)
    return XML_DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def case_name(d: Diagnostic) -> str:
    """``A001 invalid-vpn-conn-name 3:7``: unique enough to tell cases apart in a list."""
    where = f" {d.line}:{d.column}" if has_position(d) else ""
    return f"{d.code} {d.name}{where}"


def failure_text(d: Diagnostic) -> str:
    """The body a CI view shows when a case is opened: place, rule, severity, message."""
    where = f"{d.path}:{d.line}:{d.column}" if has_position(d) else d.path
    lines = [
        f"{where}: {d.code} [{d.severity}] {message_with_hint(d)}",
        f"rule: {d.code} {d.name} ({d.category})",
        f'pointer: "{d.pointer}" in document {d.document}',
    ]
    if d.api_error:
        lines.append(f"prevents API error: {d.api_error}")
    return "\n".join(lines)


def xml_safe(text: str) -> str:
    """``text`` with characters XML 1.0 cannot hold written as visible ``\\xNN`` escapes.

    A message may quote a value holding a control character: dropping it would
    hide what the finding is about; writing it would make the report unparseable.
    """
    return _XML_FORBIDDEN.sub(lambda m: repr(m.group())[1:-1], text)


def _count(element: ET.Element, tests: int, failures: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")
