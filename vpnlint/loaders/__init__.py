"""bytes -> :class:`vpnlint.document.SourceFile`.

Checks size and encoding first (so a binary or huge file costs nothing more),
then picks the reader by name or content: a request URL / query string, JSON, or
YAML.  Every reader returns raw documents (keys as written) with a source map;
:mod:`.normalise` turns the flattened request form into the nested one.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace

from ..document import SourceFile
from ..model import Span
from . import json_reader, normalise, query_reader, yaml_reader
from .text import TextIndex, split_lines


@dataclass(frozen=True)
class Limits:
    """Bounds that keep hostile input cheap; each breach is one P diagnostic."""

    max_file_size: int = 1024 * 1024
    max_depth: int = 64
    #: nodes that YAML aliases may add to one document (an alias bomb adds billions)
    max_alias_nodes: int = 100_000


_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_QUERY_START = re.compile(r"\s*(?:https?://|[A-Za-z_][\w.]*=)")


def _decode(path: str, raw: bytes, source: SourceFile) -> str | None:
    for bom, name in _BOMS:
        if raw.startswith(bom):
            source.problem("invalid-encoding", Span.point(1, 1),
                           f"file is {name} (byte order mark found); vpnlint reads UTF-8",
                           hint="save the file as UTF-8")
            return None
    if b"\x00" in raw:
        source.problem("invalid-encoding", _place(raw, raw.index(b"\x00")),
                       "file contains a NUL byte: it is binary, not a text spec")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        source.problem("invalid-encoding", _place(raw, exc.start),
                       f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                       hint="save the file as UTF-8")
        return None
    return text[1:] if text.startswith("\ufeff") else text


def _place(raw: bytes, offset: int) -> Span:
    """A byte offset as the line and column an editor shows: columns count
    characters (an undecodable sequence as one), lines end at CR, LF or CRLF,
    and a UTF-8 byte order mark takes no column."""
    start = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    prefix = raw[start:offset].decode("utf-8", "replace")
    line, column = TextIndex(prefix).position(len(prefix))
    return Span.point(line, column)


def detect_kind(path: str, text: str) -> str:
    """"json", "yaml" or "query": by file name, else by content."""
    lower = path.lower()
    if lower.endswith(".json"):
        return "json"
    if lower.endswith((".yaml", ".yml")) and not _QUERY_START.match(text):
        return "yaml"
    if _QUERY_START.match(text):
        return "query"
    stripped = text.lstrip()
    if stripped[:1] in ("{", "[") and json_reader.looks_like_json(stripped):
        return "json"
    return "yaml"


def load(path: str, raw: bytes, limits: Limits = Limits(), size: int | None = None) -> SourceFile:
    """Read one file's bytes into documents and input problems; never raises for content.

    ``size`` is the file's real size when ``raw`` was cut short at the limit.
    """
    source = SourceFile(path=path, text="", kind="none")
    size = max(size or 0, len(raw))
    if size > limits.max_file_size:
        source.problem("file-too-large", Span.point(1, 1),
                       f"file is {size:,} bytes, over the limit of {limits.max_file_size:,}",
                       hint="split it, or raise max-file-size in the config")
        return source
    text = _decode(path, raw, source)
    if text is None:
        return source
    source.text = text
    _read(path, text, source, limits)
    _keep_inside(source)
    return source


def _read(path: str, text: str, source: SourceFile, limits: Limits) -> None:
    if not text.strip() or _only_comments(text):
        source.kind = "none"
        source.problem("empty-file", Span.point(1, 1), "file is empty: it holds no connection spec")
        return
    source.kind = detect_kind(path, text)
    index = TextIndex(text, yaml_breaks=source.kind == "yaml")
    reader = {"json": json_reader, "yaml": yaml_reader, "query": query_reader}[source.kind]
    raw_documents = reader.read(text, index, source, limits)
    for document in raw_documents:
        source.current_document = document.index
        source.documents.append(normalise.normalise(document, source, strings=source.kind == "query"))
    if not source.documents and not source.problems:
        source.current_document = 0
        source.problem("empty-file", Span.point(1, 1), "file holds no document")


def _keep_inside(source: SourceFile) -> None:
    """Move every problem's span inside the text.  A parser may mark the end of
    the stream a line past the last one, and a one-character point at the end
    of a line (or of an empty file) would end past it; every position must be
    one an editor can show."""
    if not source.problems:
        return
    lines = split_lines(source.text, source.kind)
    for number, (name, finding, document) in enumerate(source.problems):
        span = finding.span
        if span is None:
            continue
        start = _clamp(lines, span.line, span.column)
        end = max(start, _clamp(lines, span.end_line, span.end_column))
        inside = Span(*start, *end)
        if inside != span:
            source.problems[number] = (name, replace(finding, span=inside), document)


def _clamp(lines: list[str], line: int, column: int) -> tuple[int, int]:
    if line > len(lines):  # past the end: the end of the last line
        return len(lines), len(lines[-1]) + 1
    line = max(line, 1)
    return line, min(max(column, 1), len(lines[line - 1]) + 1)


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())
