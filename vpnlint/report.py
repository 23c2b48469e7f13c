"""What a formatter is given: the sorted diagnostics of a run and its counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import RULES_DOC_URL, __version__
from .model import Diagnostic, Severity


@dataclass
class Report:
    diagnostics: list[Diagnostic]
    files: int = 0
    documents: int = 0
    #: every rule class known to the run (for SARIF's tool.driver.rules)
    rules: list = field(default_factory=list)
    #: the paths linted, in order (JUnit lists clean files as passing cases)
    paths: list[str] = field(default_factory=list)
    version: str = __version__
    #: whether a human-facing format may use ANSI colour (the CLI decides)
    color: bool = False

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    def summary(self) -> dict[str, int]:
        return {
            "files": self.files,
            "documents": self.documents,
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "info": self.count(Severity.INFO),
        }


def rule_anchor(rule) -> str:
    """The anchor of a rule's section in docs/rules.md ("s001-des-encryption")."""
    return f"{rule.code.lower()}-{rule.name}"


def rule_help_uri(rule) -> str:
    return f"{RULES_DOC_URL}#{rule_anchor(rule)}"
