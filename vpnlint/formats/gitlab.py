"""GitLab Code Quality report (a JSON list of issues), for merge-request widgets."""

from __future__ import annotations

import json
from typing import Any

from ..model import Diagnostic, Severity
from ..report import Report
from ._common import message_with_hint, normalised_path, unique_fingerprints

#: this format prints no source lines: the run collects none (see vpnlint.formats)
SOURCE_LINES = False

# GitLab's values are info, minor, major, critical and blocker. An error is a
# spec the API rejects or a real weakness, but not an outage: "major", leaving
# "critical"/"blocker" unused, as ESLint's and most linters' GitLab formats do.
SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(report: Report) -> str:
    """The report GitLab reads from ``artifacts: reports: codequality:``."""
    fingerprints = unique_fingerprints(report.diagnostics)
    issues = [_issue(d, fp) for d, fp in zip(report.diagnostics, fingerprints)]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _issue(d: Diagnostic, fingerprint: str) -> dict[str, Any]:
    # GitLab shows the description on one line, so the hint follows "; ".
    return {
        "type": "issue",
        "description": message_with_hint(d, separator="; "),
        "check_name": d.code,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[d.severity],
        "location": {
            "path": normalised_path(d.path),
            "lines": {"begin": max(d.line, 1), "end": max(d.end_line, d.line, 1)},
        },
    }
