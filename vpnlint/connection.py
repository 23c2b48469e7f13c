"""What a connection rule is given: one connection's data, read-only helpers.

A file's document may be one connection (a mapping) or a list of them; the
engine hands each one to the rules as a :class:`Connection`, so rules address
fields by pointers relative to the connection ("/IKESet/dhGroupName") and the
engine adds the list index.  Nothing here knows lines or columns.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, TypeVar

from . import spec
from .document import SourceMap

MISSING: Any = spec.MISSING
_UNSET = object()  # not worked out yet (a memo may hold None)
T = TypeVar("T")


def split_pointer(pointer: str) -> list[str]:
    """RFC 6901: "/a/b~1c" -> ["a", "b/c"]."""
    return list(_parts(pointer))


@functools.lru_cache(maxsize=4096)
def _parts(pointer: str) -> tuple[str, ...]:
    """:func:`split_pointer`, cached: rules ask for the same few pointers all the time."""
    if not pointer:
        return ()
    return tuple(part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/"))


def join_pointer(*parts: object) -> str:
    """Inverse of :func:`split_pointer`; ints are list indexes."""
    out = ""
    for part in parts:
        text = part if type(part) is str else str(part)
        if "~" in text or "/" in text:
            text = text.replace("~", "~0").replace("/", "~1")
        out += "/" + text
    return out


def resolve(data: Any, pointer: str) -> Any:
    """The value at ``pointer`` in ``data``, or :data:`MISSING`."""
    node = data
    for part in _parts(pointer):
        if isinstance(node, dict):
            if part not in node:
                return MISSING
            node = node[part]
        elif isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                return MISSING
            node = node[int(part)]
        else:
            return MISSING
    return node


_ABSENT: Any = object()  # where a pointer's way ends at a missing key


def reached(data: Any, parts: tuple[str, ...]) -> tuple[int, Any]:
    """How far a pointer's ``parts`` lead through the mappings of ``data``:
    ``(i, value)``, the value at ``parts[i]``, where the way ends (the last
    part, or a value that is not a mapping), or ``(i, _ABSENT)`` when
    ``parts[i]`` is missing.  ``data`` is a connection's mapping."""
    node = data
    last = len(parts) - 1
    for i, part in enumerate(parts):
        if part not in node:
            return i, _ABSENT
        value = node[part]
        if i == last or type(value) is not dict:
            return i, value
        node = value
    return 0, _ABSENT  # the pointer "" names no field


#: readings of texts longer than this, or of larger lists and mappings, are
#: not remembered (a memo must not keep a hostile file's megabyte value)
LONGEST_READING = 256
_READING_ITEMS = 64
_SCALAR_KINDS = frozenset({int, float, bool, type(None)})


def readings(data: Any, pointers: tuple[tuple[str, ...], ...]) -> list[Hashable] | None:
    """What a connection cut to each pointer (as its parts) holds
    (:meth:`Connection.cut`), as memo keys: equal for two connections exactly
    when their cuts are equal, types included (``1``, ``1.0``, ``True`` and
    ``"1"`` differ); None when one is too large to remember.  Asked for every
    connection, so a field of a mapping is read without a call."""
    out: list[Hashable] = []
    for parts in pointers:
        if len(parts) == 2:
            stop, value = 0, data.get(parts[0], _ABSENT)
            if type(value) is dict:
                stop, value = 1, value.get(parts[1], _ABSENT)
        else:
            stop, value = reached(data, parts)
        kind = type(value)
        if value is _ABSENT:
            out.append((stop,))
        elif kind is str and len(value) <= LONGEST_READING:
            out.append((stop, value))
        elif kind in _SCALAR_KINDS:
            out.append((stop, kind, value))
        else:
            held = frozen(value)
            if held is None:
                return None
            out.append((stop, held))
    return out


def frozen(value: Any, depth: int = 0) -> Hashable | None:
    """A hashable stand-in for a value, as a memo key: equal for two values
    exactly when they are equal with their types (``1``, ``1.0``, ``True`` and
    ``"1"`` differ); None when it is too large or too deep to remember.  Used
    by the memos of declared reads and of the schema rules."""
    kind = type(value)
    if kind is str:
        return value if len(value) <= LONGEST_READING else None
    if kind in _SCALAR_KINDS:
        return (kind, value)
    if kind is list:
        items: Any = value
    elif kind is dict:
        items = value.items()
    else:
        return None
    if depth >= 3 or len(value) > _READING_ITEMS:
        return None
    out: list[Hashable] = []
    if kind is list:
        for item in items:
            held = frozen(item, depth + 1)
            if held is None:
                return None
            out.append(held)
    else:
        for name, item in items:
            held = frozen(item, depth + 1)
            if held is None or type(name) is not str or len(name) > LONGEST_READING:
                return None
            out.append((name, held))
    return (kind, tuple(out))


@dataclass
class Connection:
    """One AddVpnConnEx spec as written (normalised to the nested form).

    ``data`` may be anything the file held (rules must not assume types the
    schema has not guaranteed); :meth:`effective` applies the API's defaults.
    """

    path: str
    document: int
    base: str  # pointer of this connection inside its document ("" or "/3")
    data: Any
    _source: SourceMap | None = None
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    #: pointer -> value: the rules ask for the same few fields many times
    _values: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def memo(self, key: Hashable, compute: Callable[["Connection"], T]) -> T:
        """Work several rules share (schema validation, parsed spdAcl), done once."""
        value = self._memo.get(key, _UNSET)
        if value is _UNSET:
            value = self._memo[key] = compute(self)
        return value

    def get(self, pointer: str) -> Any:
        """The written value at ``pointer`` (relative), or :data:`MISSING`."""
        values = self._values
        if pointer in values:
            return values[pointer]
        value = values[pointer] = resolve(self.data, pointer)
        return value

    def has(self, pointer: str) -> bool:
        return self.get(pointer) is not MISSING

    def effective(self, pointer: str) -> Any:
        """The value the API would use: the written one, else the documented default.

        Returns :data:`MISSING` when neither exists (e.g. ``dhGroupName``, whose
        default the API page does not state).
        """
        value = self.get(pointer)
        if value is not MISSING:
            return value
        return spec.default_of(pointer)

    def cut(self, pointers: tuple[str, ...]) -> "Connection":
        """This connection as a rule that declares ``reads`` sees it: its data
        holds only what ``pointers`` reach (see :func:`reached`), and it has no
        path, document number, place or source map.  What the rule finds in it
        is then decided by the :func:`readings` of the pointers, and can be
        reused for another connection whose readings are the same."""
        data: dict[str, Any] = {}
        for pointer in pointers:
            parts = _parts(pointer)
            stop, value = reached(self.data, parts)
            into = data
            for part in parts[:stop]:  # mappings on the way, the connection's own
                into = into.setdefault(part, {})
            # never writes into the connection's own data: a mapping placed whole
            # already holds every value found below it
            if value is not _ABSENT and parts and parts[stop] not in into:
                into[parts[stop]] = value
        return Connection("", 0, "", data)

    def yaml_plain(self, pointer: str) -> tuple[str, str] | None:
        """If the value was an unquoted YAML scalar read as null/bool/int/float:
        ``(kind, text as written)``; else None.  For "quote it" hints."""
        if self._source is None:
            return None
        node = self._source.node(self.base + pointer)
        return node.plain if node else None
