"""JSON -> one raw document with a source map (line and column of keys and values).

The standard ``json`` module keeps no positions, so this is a small iterative
parser (no recursion: a 20,000-deep file costs a depth check, not a crash).
It follows RFC 8259 strictly: no comments, no trailing commas, no NaN; string
escapes are decoded by ``json`` itself.  Errors read like ``json``'s own.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..connection import join_pointer
from ..document import Document, Node, SourceFile, SourceMap
from ..model import Span
from ..spec import looks_secret
from .text import TextIndex

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*"', re.DOTALL)
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_LITERALS = {"true": True, "false": False, "null": None}
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.DOTALL)


class JSONSyntaxError(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def looks_like_json(text: str) -> bool:
    """Content sniffing for stdin: a ``{``/``[`` start whose first key is quoted."""
    match = re.match(r'\s*[\[{]\s*(["\]}{\[]|$)', text)
    return match is not None


def _lone_surrogate(literal: str) -> int:
    """The offset in a JSON string literal of its first \\u escape that is half
    of a surrogate pair without the other half."""
    high = -1  # offset of a pending high-surrogate escape
    for match in _ESCAPE.finditer(literal):
        code = int(match.group(1), 16) if match.group(1) else -1
        if high >= 0:
            if 0xDC00 <= code <= 0xDFFF and match.start() == high + 6:
                high = -1
                continue
            return high
        if 0xD800 <= code <= 0xDBFF:
            high = match.start()
        elif 0xDC00 <= code <= 0xDFFF:
            return match.start()
    return max(high, 0)


class _Parser:
    def __init__(self, text: str, index: TextIndex, source: SourceFile, max_depth: int) -> None:
        self.text = text
        self.index = index
        self.source = source
        self.max_depth = max_depth
        self.nodes: dict[str, Node] = {}

    def ws(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()

    def scalar(self, pos: int) -> tuple[Any, int]:
        text = self.text
        char = text[pos] if pos < len(text) else ""
        if char == '"':
            match = _STRING.match(text, pos)
            if match is None:
                bad = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*').match(text, pos).end()
                if bad >= len(text):
                    raise JSONSyntaxError("Unterminated string starting at", pos)
                raise JSONSyntaxError("Invalid control character in string", bad)
            literal = match.group()
            if "\\" not in literal:
                value = literal[1:-1]  # no escape: json.loads would give these very characters
            else:
                try:
                    value = json.loads(literal)
                except json.JSONDecodeError as exc:
                    raise JSONSyntaxError(exc.msg, pos + exc.pos) from None
            if _SURROGATE.search(value):
                # json decodes "\ud800" to a lone surrogate, which no UTF-8 text (and
                # no output of ours) can hold; YAML rejects the same escape
                offset = _lone_surrogate(match.group())
                raise JSONSyntaxError(
                    f"Lone surrogate {match.group()[offset:offset + 6]} is not a character", pos + offset)
            return value, match.end()
        match = _NUMBER.match(text, pos)
        if match and match.end() > pos:
            token = match.group()
            if match.group(1) or match.group(2):
                return float(token), match.end()
            try:
                return int(token), match.end()
            except ValueError:  # past Python's int(str) bound (4,300 digits), which json has too
                raise JSONSyntaxError(f"Number too long to read ({len(token):,} digits)", pos) from None
        for literal, value in _LITERALS.items():
            if text.startswith(literal, pos):
                return value, pos + len(literal)
        raise JSONSyntaxError("Expecting value", pos)

    def parse(self) -> Any:
        text = self.text
        pos = self.ws(0)
        # stack entries: [container, pointer, start offset, key spans, pending key]
        stack: list[list[Any]] = []
        root: Any = None
        while True:
            # -- a value starts at pos ----------------------------------------
            pointer, key_span = self.pending(stack)
            char = text[pos] if pos < len(text) else ""
            if char in "{[":
                if len(stack) >= self.max_depth:
                    raise _TooDeep(pos)
                container: Any = {} if char == "{" else []
                stack.append([container, pointer, pos, {}, None, key_span])
                pos = self.ws(pos + 1)
                closer = "}" if char == "{" else "]"
                if pos < len(text) and text[pos] == closer:
                    value, start = container, stack.pop()[2]
                    pos += 1
                    root = self.finish(stack, value, pointer, start, pos, key_span)
                    if not stack:
                        break
                elif char == "{":
                    pos = self.key(stack, pos)
                    continue
                else:
                    continue
            else:
                start = pos
                value, pos = self.scalar(pos)
                root = self.finish(stack, value, pointer, start, pos, key_span)
                if not stack:
                    break
            # -- after a value: ',' or a closing bracket, possibly several --------
            while True:
                pos = self.ws(pos)
                frame = stack[-1]
                is_object = isinstance(frame[0], dict)
                char = text[pos] if pos < len(text) else ""
                if char == ",":
                    pos = self.ws(pos + 1)
                    if is_object:
                        pos = self.key(stack, pos)
                    break
                if char == ("}" if is_object else "]"):
                    stack.pop()
                    pos += 1
                    root = self.finish(stack, frame[0], frame[1], frame[2], pos, frame[5])
                    if not stack:
                        break
                    continue
                raise JSONSyntaxError(
                    "Expecting ',' delimiter" if char else
                    ("Expecting '}'" if is_object else "Expecting ']'"), pos)
            if not stack:
                break
        pos = self.ws(pos)
        if pos < len(text):
            raise JSONSyntaxError("Extra data", pos)
        return root

    def pending(self, stack: list[list[Any]]) -> tuple[str, Span | None]:
        if not stack:
            return "", None
        frame = stack[-1]
        if isinstance(frame[0], list):
            return frame[1] + join_pointer(len(frame[0])), None
        name, span = frame[4]
        return frame[1] + join_pointer(name), span

    def key(self, stack: list[list[Any]], pos: int) -> int:
        if pos >= len(self.text) or self.text[pos] != '"':
            raise JSONSyntaxError("Expecting property name enclosed in double quotes", pos)
        name, end = self.scalar(pos)
        span = self.index.span(pos, end)
        frame = stack[-1]
        first = frame[3].get(name)
        if first is not None:
            self.source.problem("duplicate-key", span,
                                f"duplicate key '{name}' (first at line {first.line}); the later value wins")
        frame[3][name] = span
        frame[4] = (name, span)
        pos = self.ws(end)
        if pos >= len(self.text) or self.text[pos] != ":":
            raise JSONSyntaxError("Expecting ':' delimiter", pos)
        return self.ws(pos + 1)

    def finish(self, stack, value, pointer, start, end, key_span) -> Any:
        span = self.index.span(start, end)
        self.nodes[pointer] = Node(key_span, span)
        if stack:
            frame = stack[-1]
            if isinstance(frame[0], list):
                frame[0].append(value)
            else:
                name = frame[4][0]
                frame[0][name] = value
                if looks_secret(name) or looks_secret(name.rsplit(".", 1)[-1]):
                    self.source.secret_spans.append(span)
        return value


class _TooDeep(Exception):
    def __init__(self, offset: int) -> None:
        self.offset = offset


def read(text: str, index: TextIndex, source: SourceFile, limits) -> list[Document]:
    parser = _Parser(text, index, source, limits.max_depth)
    try:
        data = parser.parse()
    except JSONSyntaxError as exc:
        line, column = index.position(exc.offset)
        source.problem("syntax-error", Span.point(line, column), f"JSON syntax error: {exc.message}")
        return []
    except _TooDeep as exc:
        line, column = index.position(exc.offset)
        source.problem("nesting-too-deep", Span.point(line, column),
                       f"nesting deeper than {limits.max_depth} levels")
        return []
    return [Document(0, data, SourceMap(parser.nodes))]
