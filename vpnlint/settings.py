"""What a run is told to do: rule selection, severities, limits, rule options.

The CLI builds one from its flags and the config file (:mod:`vpnlint.config`);
the engine only reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .loaders import Limits
from .model import Severity

DEFAULT_INCLUDE = ("*.vpn.yaml", "*.vpn.yml", "*.vpn.json")


def _specificity(code: str, selector: str) -> int:
    """How closely ``selector`` (a code, prefix, category letter or ALL) names
    ``code``: -1 not at all, 0 for ALL, else its length."""
    if selector == "ALL":
        return 0
    return len(selector) if code.startswith(selector) else -1


@dataclass
class Settings:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    #: code or prefix -> severity (the most specific match wins)
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.ERROR
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: list[str] = field(default_factory=list)
    force_exclude: bool = False
    #: glob -> codes or prefixes ignored in matching files
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    #: rule code -> options (e.g. {"X003": {"max": 30}})
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    plugins: list[str] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)
    #: the config file's folder: the patterns of include, exclude and
    #: per-file-ignores are relative to it (see :mod:`vpnlint.filters`)
    root: str = "."
    #: whether diagnostics carry the source lines of their spans: the CLI asks
    #: the output format (``SOURCE_LINES``; only text shows them); a run
    #: without them masks no line
    source_lines: bool = True

    def enabled(self, code: str) -> bool:
        """Most specific selector wins (``--select S --ignore S01`` keeps S001);
        on a tie, ignore wins."""
        best_select = max((_specificity(code, s) for s in self.select + self.extend_select), default=-1)
        best_ignore = max((_specificity(code, s) for s in self.ignore), default=-1)
        return best_select >= 0 and best_select > best_ignore

    def severity_of(self, code: str, default: Severity) -> Severity:
        matches = [(len(prefix), sev) for prefix, sev in self.severity.items() if code.startswith(prefix)]
        return max(matches)[1] if matches else default
