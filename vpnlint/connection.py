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

    def yaml_plain(self, pointer: str) -> tuple[str, str] | None:
        """If the value was an unquoted YAML scalar read as null/bool/int/float:
        ``(kind, text as written)``; else None.  For "quote it" hints."""
        if self._source is None:
            return None
        node = self._source.node(self.base + pointer)
        return node.plain if node else None
