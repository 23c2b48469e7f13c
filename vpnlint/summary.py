"""The small, picklable record each connection leaves for the across-spec (X) rules.

Per-file work stays independent: a file yields diagnostics and summaries, and
the X rules run on the summaries of the whole run.  So a parallel run and a
serial run see the same thing.  The pre-shared key itself never enters a
summary, only a digest of it.
"""

from __future__ import annotations

import hashlib
import operator
from dataclasses import dataclass, field, fields
from typing import Any, Callable

from .caches import remember
from .model import NOWHERE, Span, nearest_place


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
    return _PACKED.get(packed) or remember(_PACKED, packed, packed, 8192)


_PACKED: dict[tuple[int, ...], tuple[int, ...]] = {}


def layout(pointers: tuple[str, ...]) -> tuple[str, ...]:
    """One tuple per list of pointers: connections mostly write the same keys.
    Only short ones are kept for sharing: a hostile file's megabyte of key must
    not outlive its summary in the cache."""
    if sum(map(len, pointers)) > 2048:
        return pointers
    shared = _LAYOUTS.get(pointers)
    return remember(_LAYOUTS, pointers, pointers, 4096) if shared is None else shared


_LAYOUTS: dict[tuple[str, ...], tuple[str, ...]] = {}


@dataclass(slots=True)
class ConnectionSummary:
    path: str
    document: int
    base: str
    #: the connection's data without the pre-shared key and without IKESet/IPsecSet
    data: dict[str, Any]
    #: :func:`digest` of the pre-shared key as written (None when absent or not a string)
    psk_digest: bytes | None = None
    #: the pointers (relative to the connection) of the top two levels that the
    #: file holds, and where each stands (see :func:`pack`; on one line, as a
    #: diagnostic shows it), in the same order
    pointers: tuple[str, ...] = ()
    spans: tuple[tuple[int, ...], ...] = ()
    #: the masked source lines of those places, flat: (number, text, number, text, ...);
    #: none when the run shows no source lines (Settings.source_lines)
    line_texts: tuple[int | str, ...] = ()
    #: rule code -> what that run rule noted of the connection (:meth:`RunRule.note`)
    notes: dict[str, Any] = field(default_factory=dict)

    def __reduce__(self):
        # rebuilt through __init__: faster to unpickle than a slots dataclass's
        # own state (a --jobs run sends every worker's summaries to this process)
        return ConnectionSummary, _summary_fields(self)

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.path, self.document, self.base)

    # A run keeps tens of thousands of summaries to its end: tuples (the
    # pointers shared by every connection of the same layout) take a third of
    # the two dicts they replace; these are built only to place a finding.
    @property
    def places(self) -> dict[str, tuple[int, ...]]:
        """pointer -> its value's and key's spans (see :func:`pack`)."""
        return dict(zip(self.pointers, self.spans))

    @property
    def lines(self) -> dict[int, str]:
        """line number -> masked source line, for the lines of ``places``."""
        return dict(zip(self.line_texts[::2], self.line_texts[1::2]))  # type: ignore[arg-type]

    def place(self, pointer: str, part: str = "value") -> tuple[Span, dict[int, str]]:
        """The span for ``pointer`` (falling back to its nearest known ancestor's key)."""
        lines = self.lines
        known = nearest_place(pointer, part, self.places)
        if known is None:
            return NOWHERE, lines
        found, part = known
        if part == "key" and len(found) == 8:
            return Span(*found[4:]), lines
        return Span(*found[:4]), lines


class RunSummaries(list):
    """The summaries of a run, as the run rules get them: a list, which also
    keeps what several rules compute from it alike (:meth:`shared`), so it is
    computed once per run."""

    __slots__ = ("_shared",)

    def shared(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()``, or what it gave the first time ``key`` was asked for.
        Shared between rules: read it, never change it."""
        try:
            memo = self._shared
        except AttributeError:
            memo = self._shared = {}
        if key not in memo:
            memo[key] = compute()
        return memo[key]


#: a summary's fields in order, as one C call (ConnectionSummary.__reduce__)
_summary_fields = operator.attrgetter(*(f.name for f in fields(ConnectionSummary)))


def digest(secret: str) -> bytes:
    """The first 16 bytes of the key's SHA-256: enough to tell keys apart (a
    chance collision needs ~2**64 keys), and half the memory of the whole
    digest in hex, kept for every connection of a run."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).digest()[:16]
