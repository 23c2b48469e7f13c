"""Helpers the CI formats share: fingerprints, paths, message text.

Kept here so SARIF, GitLab and the baseline feature agree on what "the same
finding" means, and so no format builds its own copy of the same logic.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Iterable

from ..model import Diagnostic

#: Bump when the fingerprint recipe changes: old baselines then stop matching
#: loudly instead of matching the wrong findings.
FINGERPRINT_VERSION = "v1"


def normalised_path(path: str) -> str:
    """The path with forward slashes and no leading ``./``.

    So that ``./a.vpn.yaml`` and ``a.vpn.yaml`` (or a Windows path) give the
    same fingerprint.  ``-`` (stdin) and absolute paths are left as they are.
    """
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def fingerprint(diagnostic: Diagnostic) -> str:
    """A finding's identity across runs: 32 hex digits, independent of positions.

    Built from path, document, pointer and code only.  Line and column are left
    out so that edits above a finding keep it the same; the message is left out
    too, because it may embed another place's ``path:line:col`` (``{related}``)
    and because rewording a message in a new vpnlint release must not turn
    every baselined finding into a new one.  Two findings of one code at one
    pointer share this value: use :func:`unique_fingerprints` where a format
    needs them distinct.
    """
    parts = (
        normalised_path(diagnostic.path),
        str(diagnostic.document),
        diagnostic.pointer,
        diagnostic.code,
    )
    digest = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def unique_fingerprints(diagnostics: Iterable[Diagnostic]) -> list[str]:
    """One fingerprint per diagnostic, in order, made distinct by an occurrence count.

    The first finding with a given :func:`fingerprint` keeps it unchanged; the
    n-th repeat (n >= 1) hashes it again with ``n``, so GitLab and GitHub do
    not merge two real findings into one.  Reports are sorted, so the count is
    as stable as the findings themselves.
    """
    seen: Counter[str] = Counter()
    result = []
    for diagnostic in diagnostics:
        base = fingerprint(diagnostic)
        n = seen[base]
        seen[base] += 1
        if n:
            base = hashlib.sha256(f"{base}\0{n}".encode("ascii")).hexdigest()[:32]
        result.append(base)
    return result


def message_with_hint(diagnostic: Diagnostic, separator: str = "\n") -> str:
    """The message, then the hint (if any) after ``separator``."""
    if not diagnostic.hint:
        return diagnostic.message
    return f"{diagnostic.message}{separator}hint: {diagnostic.hint}"


def has_position(diagnostic: Diagnostic) -> bool:
    """Whether the diagnostic points at a line (a file-level one may not)."""
    return diagnostic.line >= 1

