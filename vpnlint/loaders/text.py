"""Offsets to 1-based line/column, and the source lines for snippets."""

from __future__ import annotations

import bisect
import functools
import re
from itertools import accumulate
from typing import Any

from ..caches import remember
from ..document import Node
from ..model import Span

# libyaml also breaks lines at NEL, LS and PS; JSON only at CR and LF.
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_JSON_BREAK = re.compile("\r\n|[\r\n]")


#: Span(line, column, end_line, end_column), made once and shared: spans are
#: immutable, and the same few come back in file after file (line 3, columns 3
#: to 15), while a frozen dataclass costs about a microsecond to make
make_span = functools.lru_cache(maxsize=4096)(Span)

_NODES: dict[tuple[int, int, Any], Node] = {}


def make_node(key: Span | None, value: Span, plain: tuple[str, str] | None = None) -> Node:
    """``Node(key, value, plain)``, made once and shared as spans are: a frozen
    dataclass costs thousands of instructions to make, a look-up a tenth of
    that.  Looked up by the identity of the spans (from :data:`make_span`,
    equal spans are mostly one object): a cached node keeps its spans alive,
    so no other span can take their identity while it is cached."""
    ident = (id(key), id(value), plain)
    node = _NODES.get(ident)
    return remember(_NODES, ident, Node(key, value, plain), 4096) if node is None else node


class TextIndex:
    """Offsets of the text to lines and columns.  The line starts are found on
    first use: a YAML file read without a problem never asks."""

    def __init__(self, text: str, yaml_breaks: bool = False) -> None:
        self._text = text
        self._pattern = _YAML_BREAK if yaml_breaks else _JSON_BREAK
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            text = self._text
            if "\r" not in text and not (self._pattern is _YAML_BREAK and _has_yaml_only_break(text)):
                # every line but the last, with its "\n": a quarter of the pattern's time
                self._starts = list(accumulate(map((1).__add__, map(len, text.split("\n"))), initial=0))
                self._starts.pop()
            else:
                self._starts = [0] + [m.end() for m in self._pattern.finditer(text)]
        return self._starts

    def position(self, offset: int) -> tuple[int, int]:
        starts = self._starts or self.starts
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column)


def split_lines(text: str, kind: str) -> list[str]:
    """The file's lines as the parser counted them (no line break characters)."""
    if "\r" not in text and (kind != "yaml" or not _has_yaml_only_break(text)):
        return text.split("\n")  # the same lines, an eighth of the time of the pattern's split
    return (_YAML_BREAK if kind == "yaml" else _JSON_BREAK).split(text)


def _has_yaml_only_break(text: str) -> bool:
    """Whether ``text`` holds a line break libyaml knows and JSON does not (NEL, LS, PS)."""
    return not text.isascii() and ("\x85" in text or "\u2028" in text or "\u2029" in text)
