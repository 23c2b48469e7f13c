"""The baseline: today's findings, recorded so that only new ones are reported.

``vpnlint check --write-baseline FILE`` records every diagnostic of the run;
``vpnlint check --baseline FILE`` then drops the recorded ones and reports the
rest.  A finding is known by :func:`vpnlint.formats._common.fingerprint` (path,
document, JSON Pointer and code: no line or column, so edits elsewhere in the
file keep it), computed with the path taken relative to the baseline file's
folder, so the baseline works from any working directory.  The baseline is a
multiset: with two findings of one fingerprint recorded and three found, one is
new.

The file is JSON::

    {"version": 1, "fingerprint": "v1",
     "entries": [{"path": "sites/hq.vpn.yaml", "code": "S009",
                  "fingerprint": "…32 hex digits…", "count": 1}]}
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import replace
from typing import Iterable

from .formats._common import FINGERPRINT_VERSION, fingerprint, normalised_path
from .model import Diagnostic

VERSION = 1


class BaselineError(Exception):
    """The baseline file is missing or is not one vpnlint wrote."""


def _folder(baseline_path: str) -> str:
    return os.path.dirname(os.path.abspath(baseline_path))


def _path(diagnostic: Diagnostic, folder: str) -> str:
    if diagnostic.path == "-":
        return "-"
    absolute = os.path.abspath(diagnostic.path)
    try:
        rel = os.path.relpath(absolute, folder)
    except ValueError:  # another drive (Windows)
        return normalised_path(absolute)
    return normalised_path(absolute if rel.startswith("..") else rel)


def _key(diagnostic: Diagnostic, folder: str) -> tuple[str, str]:
    path = _path(diagnostic, folder)
    return path, fingerprint(replace(diagnostic, path=path))


def render(diagnostics: Iterable[Diagnostic], baseline_path: str) -> str:
    """The baseline file's text for ``diagnostics`` (sorted, so diffs stay small)."""
    folder = _folder(baseline_path)
    counts: Counter[tuple[str, str, str]] = Counter()
    for diagnostic in diagnostics:
        path, print_ = _key(diagnostic, folder)
        counts[(path, diagnostic.code, print_)] += 1
    entries = [{"path": path, "code": code, "fingerprint": print_, "count": count}
               for (path, code, print_), count in sorted(counts.items())]
    data = {"version": VERSION, "fingerprint": FINGERPRINT_VERSION, "entries": entries}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write(diagnostics: list[Diagnostic], baseline_path: str) -> int:
    """Write the baseline; the number of findings recorded."""
    text = render(diagnostics, baseline_path)
    try:
        with open(baseline_path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise BaselineError(f"cannot write baseline {baseline_path}: {exc.strerror or exc}") from None
    return len(diagnostics)


class Baseline:
    def __init__(self, counts: Counter[str], folder: str) -> None:
        self.counts = counts
        self.folder = folder

    @classmethod
    def load(cls, baseline_path: str) -> "Baseline":
        try:
            with open(baseline_path, "rb") as handle:
                raw = handle.read()
        except FileNotFoundError:
            raise BaselineError(f"baseline file not found: {baseline_path} "
                                f"(create it with --write-baseline)") from None
        except OSError as exc:
            raise BaselineError(f"cannot read baseline {baseline_path}: {exc.strerror or exc}") from None
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError) as exc:  # bad UTF-8 or JSON, a 5,000-digit number, deep nesting
            reason = "nested too deeply" if isinstance(exc, RecursionError) else exc
            raise BaselineError(f"{baseline_path}: not a vpnlint baseline (invalid JSON: {reason})") from None
        return cls(_counts(data, baseline_path), _folder(baseline_path))

    def new(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """The diagnostics the baseline does not account for, in their order."""
        budget = Counter(self.counts)
        out = []
        for diagnostic in diagnostics:
            _, print_ = _key(diagnostic, self.folder)
            if budget[print_] > 0:
                budget[print_] -= 1
            else:
                out.append(diagnostic)
        return out


def _counts(data, where: str) -> Counter[str]:
    if not isinstance(data, dict) or "entries" not in data:
        raise BaselineError(f"{where}: not a vpnlint baseline (no 'entries')")
    if data.get("version") != VERSION:
        raise BaselineError(f"{where}: baseline version {data.get('version')!r} is not supported "
                            f"(expected {VERSION}); write it again with --write-baseline")
    if data.get("fingerprint") != FINGERPRINT_VERSION:
        raise BaselineError(f"{where}: written with fingerprint recipe {data.get('fingerprint')!r}, "
                            f"this vpnlint uses {FINGERPRINT_VERSION!r}; write it again with --write-baseline")
    entries = data["entries"]
    if not isinstance(entries, list):
        raise BaselineError(f"{where}: 'entries' must be a list")
    counts: Counter[str] = Counter()
    for index, entry in enumerate(entries):
        ok = (isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str)
              and isinstance(entry.get("count", 1), int) and not isinstance(entry.get("count", 1), bool)
              and entry.get("count", 1) >= 1)
        if not ok:
            raise BaselineError(f"{where}: entry {index} needs a 'fingerprint' string and a positive 'count'")
        counts[entry["fingerprint"]] += entry.get("count", 1)
    return counts
