"""JSON -> one raw document with a source map (line and column of keys and values).

The standard ``json`` module keeps no positions, so this is a small iterative
parser (no recursion: a 20,000-deep file costs a depth check, not a crash).
It follows RFC 8259 strictly: no comments, no trailing commas, no NaN; string
escapes are decoded by ``json`` itself.  Errors read like ``json``'s own.

That parser is the reference.  :func:`_read_tokens` reads a file faster, a
regular expression match per value and per key (with its comma and colon)
and no method call per value, to the very same document, problems and secret
spans; at anything it does not expect (a syntax error, a number too long, a
lone surrogate, nesting past the limit) it gives up, and the reference parser
reads the file and reports it.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from json.decoder import scanstring
from typing import Any

from ..connection import join_pointer
from ..document import Document, Node, SourceFile, SourceMap
from ..model import Span
from ..spec import looks_secret
from .text import TextIndex, make_node, make_span

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
                if looks_secret(name):
                    self.source.secret_spans.append(span)
        return value


class _TooDeep(Exception):
    def __init__(self, offset: int) -> None:
        self.offset = offset


# -- the fast path: a regular expression match per value or member ---------------------------------

_WS_CHARS = r"[ \t\n\r]*"
_STRING_TOKEN = r'"(?:[^"\\\x00-\x1f]|\\.)*"'  # the reference parser's _STRING
#: whitespace, then a value's first token: a string (group 1), a number (2,
#: with its fraction 3 and exponent 4: the reference parser's _NUMBER), a
#: literal (5), an opening bracket (6); or a closing bracket (7), a comma (8)
_TOKEN = re.compile(rf"""{_WS_CHARS}(?:
    ({_STRING_TOKEN})
  | (-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?)
  | (true|false|null)
  | ([{{[])
  | ([]}}])
  | (,)
)""", re.DOTALL | re.VERBOSE)
_STRING_KIND, _NUMBER_KIND, _LITERAL_KIND, _OPEN, _CLOSE, _COMMA = 1, 2, 5, 6, 7, 8
#: an object's first member's key and colon (group 1: the key), or its end (2)
_FIRST_MEMBER = re.compile(rf"{_WS_CHARS}(?:({_STRING_TOKEN}){_WS_CHARS}:|(\}}))", re.DOTALL)
#: after a member's value: a comma, the next key and colon (1), or the end (2)
_NEXT_MEMBER = re.compile(rf"{_WS_CHARS}(?:,{_WS_CHARS}({_STRING_TOKEN}){_WS_CHARS}:|(\}}))", re.DOTALL)
#: what the fast path expects next
_VALUE, _VALUE_OR_CLOSE, _FIRST_KEY, _NEXT_KEY, _NEXT_ITEM = range(5)


class _Fallback(Exception):
    """The fast path met what it leaves to the reference parser (an error, always)."""


def _string(token: str) -> str:
    """A string token's value, as the reference parser reads it."""
    if "\\" not in token:
        return token[1:-1]
    try:
        value = scanstring(token, 1)[0]  # json.loads(token), without its Python layers
    except ValueError:
        raise _Fallback from None
    if _SURROGATE.search(value):
        raise _Fallback
    return value


def _number(token: str) -> int | float:
    try:
        return int(token)
    except ValueError:
        if "." in token or "e" in token or "E" in token:
            return float(token)
        raise _Fallback from None  # past int(str)'s bound: the reference parser reports it


def _span_of(start: int, end: int, starts: list[int]) -> Span:
    line = bisect_right(starts, start)
    end_line = bisect_right(starts, end)
    return make_span(line, start - starts[line - 1] + 1, end_line, end - starts[end_line - 1] + 1)


def _read_tokens(text: str, index: TextIndex, source: SourceFile, max_depth: int) -> list[Document] | None:
    """What the reference parser gives for ``text``, or None (and ``source``
    untouched) when it would report an error."""
    if not text.isascii() and _SURROGATE.search(text):
        return None  # the reference parser refuses a surrogate wherever it stands
    try:
        data, nodes, duplicates, secrets = _parse_tokens(text, index.starts, max_depth)
    except _Fallback:
        return None
    for span, message in duplicates:
        source.problem("duplicate-key", span, message)
    source.secret_spans.extend(secrets)
    return [Document(0, data, SourceMap(nodes))]


def _parse_tokens(text: str, starts: list[int], max_depth: int):
    """The reference parser's walk, a match at a time: the data, the source
    map, the duplicate keys (span, message) and the secret spans."""
    token_at, first_member_at, next_member_at = _TOKEN.match, _FIRST_MEMBER.match, _NEXT_MEMBER.match
    nodes: dict[str, Node] = {}
    duplicates: list[tuple[Span, str]] = []
    secrets: list[Span] = []
    # open containers: [container, pointer, start offset, key span, key spans (None for a list), pending key]
    stack: list[list[Any]] = []
    expect = _VALUE
    pointer, key_span = "", None  # of the value expected next
    pos = 0
    while True:
        # each branch either completes a value (value, span, pointer, key_span) or continues
        if expect == _FIRST_KEY or expect == _NEXT_KEY:  # a key and its colon, or the object's end
            token = (first_member_at if expect == _FIRST_KEY else next_member_at)(text, pos)
            if token is None:
                raise _Fallback
            frame = stack[-1]
            if token.lastindex == 1:
                start = token.start(1)
                key = token.group(1)
                name = _string(key)
                line = bisect_right(starts, start)  # a string never holds a line break
                base = starts[line - 1] - 1
                key_span = make_span(line, start - base, line, start + len(key) - base)
                first = frame[4].get(name)
                if first is not None:
                    duplicates.append((key_span, f"duplicate key '{name}' (first at line {first.line}); "
                                                 "the later value wins"))
                frame[4][name] = key_span
                frame[5] = name
                pointer = frame[1] + ("/" + name if "~" not in name and "/" not in name else join_pointer(name))
                pos = token.end()
                expect = _VALUE
                continue
            pos = token.end()
            stack.pop()
            value, pointer, key_span = frame[0], frame[1], frame[3]
            span = _span_of(frame[2], pos, starts)
        else:
            token = token_at(text, pos)
            if token is None:
                raise _Fallback
            kind = token.lastindex
            pos = token.end()
            if expect == _NEXT_ITEM:  # a comma or the list's end
                frame = stack[-1]
                if kind == _COMMA:
                    pointer, key_span, expect = f"{frame[1]}/{len(frame[0])}", None, _VALUE
                    continue
                if kind != _CLOSE or text[pos - 1] != "]":
                    raise _Fallback
                stack.pop()
                value, pointer, key_span = frame[0], frame[1], frame[3]
                span = _span_of(frame[2], pos, starts)
            elif kind <= _LITERAL_KIND:
                start = token.start(kind)
                if kind == _STRING_KIND:
                    value = _string(token.group(1))
                elif kind == _NUMBER_KIND:
                    value = _number(token.group(2))
                else:
                    value = _LITERALS[token.group(5)]
                line = bisect_right(starts, start)  # a token never holds a line break
                base = starts[line - 1] - 1
                span = make_span(line, start - base, line, pos - base)
            elif kind == _OPEN:
                if len(stack) >= max_depth:
                    raise _Fallback
                if text[pos - 1] == "{":
                    stack.append([{}, pointer, pos - 1, key_span, {}, None])
                    expect = _FIRST_KEY
                else:
                    stack.append([[], pointer, pos - 1, key_span, None, None])
                    pointer, key_span, expect = pointer + "/0", None, _VALUE_OR_CLOSE
                continue
            elif kind == _CLOSE and expect == _VALUE_OR_CLOSE and text[pos - 1] == "]":
                frame = stack.pop()
                value, pointer, key_span = frame[0], frame[1], frame[3]
                span = _span_of(frame[2], pos, starts)
            else:
                raise _Fallback
        # -- a value is complete
        nodes[pointer] = make_node(key_span, span)
        if not stack:
            break
        frame = stack[-1]
        if frame[4] is None:
            frame[0].append(value)
            expect = _NEXT_ITEM
        else:
            frame[0][frame[5]] = value
            if looks_secret(frame[5]):
                secrets.append(span)
            expect = _NEXT_KEY
    if _WS.match(text, pos).end() != len(text):
        raise _Fallback  # extra data
    return value, nodes, duplicates, secrets


def read(text: str, index: TextIndex, source: SourceFile, limits) -> list[Document]:
    documents = _read_tokens(text, index, source, limits.max_depth)
    if documents is not None:
        return documents
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
