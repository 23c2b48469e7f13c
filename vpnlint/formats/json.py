"""The machine-readable report of PRODUCT.md: version, diagnostics, summary."""

from __future__ import annotations

import json

from ..report import Report


def render(report: Report) -> str:
    document = {
        "version": report.version,
        "diagnostics": [d.as_dict() for d in report.diagnostics],
        "summary": report.summary(),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
