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


def pack(key: Span | None, value: Span) -> tuple[int, ...]:
    """Where a pointer stands, as plain ints: the value's span, then the key's
    when there is one.

    A run keeps a dozen of these per connection until its end, and ``--jobs``
    sends them between processes: as two span objects and a holder they took
    ~220 bytes each and were a third of what a worker's results cost to
    unpickle; a tuple of small ints takes ~100 and unpickles without calling
    Python code (see docs/performance.md).
    """
    if key is None:
        packed: tuple[int, ...] = (value.line, value.column, value.end_line, value.end_column)
    else:
        packed = (value.line, value.column, value.end_line, value.end_column,
                  key.line, key.column, key.end_line, key.end_column)
    # specs are laid out alike: one tuple per layout, not per connection
    if len(_PACKED) > 100_000:
        _PACKED.clear()
    return _PACKED.setdefault(packed, packed)


_PACKED: dict[tuple[int, ...], tuple[int, ...]] = {}


@dataclass
class ConnectionSummary:
    path: str
    document: int
    base: str
    #: the connection's data without the pre-shared key and without IKESet/IPsecSet
    data: dict[str, Any]
    #: sha256 of the pre-shared key as written (None when absent or not a string)
    psk_digest: str | None = None
    #: pointer (relative to the connection) -> its value's and key's spans
    #: (see :func:`pack`), for the top two levels
    places: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: line number -> masked source line, for the lines of ``places``
    lines: dict[int, str] = field(default_factory=dict)
    #: rule code -> what that run rule noted of the connection (:meth:`RunRule.note`)
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.path, self.document, self.base)

    def place(self, pointer: str, part: str = "value") -> tuple[Span, dict[int, str]]:
        """The span for ``pointer`` (falling back to its nearest known ancestor's key)."""
        probe = pointer
        while True:
            found = self.places.get(probe)
            if found is not None:
                if part == "key" and len(found) == 8:
                    return Span(*found[4:]), self.lines
                return Span(*found[:4]), self.lines
            if not probe:
                return Span(1, 1, 1, 2), self.lines
            probe = probe.rsplit("/", 1)[0]
            part = "key"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
