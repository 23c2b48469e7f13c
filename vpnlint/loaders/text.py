"""Offsets to 1-based line/column, and the source lines for snippets."""

from __future__ import annotations

import bisect
import re

from ..model import Span

# libyaml also breaks lines at NEL, LS and PS; JSON only at CR and LF.
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_JSON_BREAK = re.compile("\r\n|[\r\n]")


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
            self._starts = [0] + [m.end() for m in self._pattern.finditer(self._text)]
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
    return (_YAML_BREAK if kind == "yaml" else _JSON_BREAK).split(text)
