"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import RULES_DOC_URL
from ..model import Diagnostic, Severity
from ..report import Report, rule_help_uri
from ._common import (
    FINGERPRINT_VERSION,
    has_position,
    message_with_hint,
    normalised_path,
    unique_fingerprints,
)

#: this format prints no source lines: the run collects none (see vpnlint.formats)
SOURCE_LINES = False

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
#: The project's home: the repository the rule reference lives in.
INFORMATION_URI = RULES_DOC_URL.split("/blob/", 1)[0]
#: Relative artifact URIs are relative to the checkout; GitHub's upload resolves it.
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = f"vpnlint/{FINGERPRINT_VERSION}"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report) -> str:
    """One SARIF log with one run: the rule catalogue and every diagnostic."""
    descriptors = _rule_descriptors(report)
    index = {descriptor["id"]: i for i, descriptor in enumerate(descriptors)}
    fingerprints = unique_fingerprints(report.diagnostics)
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "vpnlint",
                        "version": report.version,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                # Our columns count code points, not UTF-16 units (the SARIF default).
                "columnKind": "unicodeCodePoints",
                "results": [
                    _result(d, index[d.code], fp) for d, fp in zip(report.diagnostics, fingerprints)
                ],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def pascal_name(kebab: str) -> str:
    """``des-encryption`` -> ``DesEncryption``: SARIF's advice for a rule's friendly name
    (one Pascal-case identifier, SARIF validator rule SARIF2025)."""
    return "".join(part[:1].upper() + part[1:] for part in kebab.split("-"))


def artifact_location(path: str) -> dict[str, str]:
    """A relative path as a URI reference against %SRCROOT%; an absolute one as file://."""
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    # surrogateescape: a file name that is not UTF-8 is percent-encoded byte for byte
    return {"uri": quote(normalised_path(path), safe="/", errors="surrogateescape"), "uriBaseId": SRCROOT}


def _rule_descriptors(report: Report) -> list[dict[str, Any]]:
    """Every rule of the run, then a bare entry for any code only a diagnostic names.

    The second case (a rule missing from ``report.rules``) should not happen,
    but every ``ruleIndex`` must point at a descriptor with the same id.
    """
    descriptors: list[dict[str, Any]] = []
    seen: set[str] = set()
    for rule in report.rules:
        if rule.code not in seen:
            seen.add(rule.code)
            descriptors.append(_rule_descriptor(rule))
    for d in report.diagnostics:
        if d.code not in seen:
            seen.add(d.code)
            descriptors.append(
                {
                    "id": d.code,
                    "name": pascal_name(d.name),
                    "properties": {"category": d.category, "tags": [d.category]},
                }
            )
    return descriptors


def _rule_descriptor(rule) -> dict[str, Any]:
    sections = rule.doc_sections()
    properties: dict[str, Any] = {"category": rule.category(), "tags": [rule.category()]}
    if rule.references:
        properties["references"] = list(rule.references)
    return {
        "id": rule.code,
        "name": pascal_name(rule.name),
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": sections.get("What it does") or rule.summary()},
        "help": {"text": rule.doc() or rule.summary(), "markdown": rule.doc() or rule.summary()},
        "helpUri": rule_help_uri(rule),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": properties,
    }


def _result(d: Diagnostic, rule_index: int, fingerprint: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(d.path)}
    if has_position(d):
        # SARIF regions are 1-based with an exclusive endColumn, exactly like ours.
        physical["region"] = {
            "startLine": d.line,
            "startColumn": max(d.column, 1),
            "endLine": max(d.end_line, d.line),
            "endColumn": max(d.end_column, 1),
        }
    properties: dict[str, Any] = {"pointer": d.pointer, "document": d.document}
    if d.api_error:
        properties["api_error"] = d.api_error
    return {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": LEVELS[d.severity],
        "message": {"text": message_with_hint(d)},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": properties,
    }
