"""The small, picklable record each connection leaves for the across-spec (X) rules.

Per-file work stays independent: a file yields diagnostics and summaries, and
the X rules run on the summaries of the whole run.  So a parallel run and a
serial run see the same thing.  The pre-shared key itself never enters a
summary, only a digest of it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from .model import Span


@dataclass(frozen=True)
class Place:
    """Where a pointer stands in the file."""

    key: Span | None
    value: Span


@dataclass
class ConnectionSummary:
    path: str
    document: int
    base: str
    #: the connection's data without the pre-shared key and without IKESet/IPsecSet
    data: dict[str, Any]
    #: sha256 of the pre-shared key as written (None when absent or not a string)
    psk_digest: str | None = None
    #: pointer (relative to the connection) -> Place, for the top two levels
    places: dict[str, Place] = field(default_factory=dict)
    #: line number -> masked source line, for the lines of ``places``
    lines: dict[int, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.path, self.document, self.base)

    def place(self, pointer: str, part: str = "value") -> tuple[Span, dict[int, str]]:
        """The span for ``pointer`` (falling back to its nearest known ancestor's key)."""
        probe = pointer
        while True:
            found = self.places.get(probe)
            if found is not None:
                span = found.key if part == "key" and found.key is not None else found.value
                return span, self.lines
            if not probe:
                return Span(1, 1, 1, 2), self.lines
            probe = probe.rsplit("/", 1)[0]
            part = "key"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
