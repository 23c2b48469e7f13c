"""A request URL or query string -> one raw document of flattened parameters.

Accepts the API page's own example: a URL, possibly split over several lines
with the ``&`` at the start of each, and a ``&<公共请求参数>`` placeholder (any
``<...>`` segment), which stands for the common parameters and is skipped, as
are the common parameters themselves.  Values are percent-decoded; every value
is a string here (the normaliser converts integer fields).
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

from ..connection import join_pointer
from ..document import Document, Node, SourceFile, SourceMap
from ..model import Span
from ..spec import COMMON_PARAMETERS, SECTIONS, looks_secret, properties_at
from .text import TextIndex

_SEGMENT = re.compile(r"[^&\s]+")


def read(text: str, index: TextIndex, source: SourceFile, limits) -> list[Document]:
    start = 0
    head = re.match(r"\s*https?://[^?\s]*\??", text)
    if head:
        start = head.end()
    data: dict[str, str] = {}
    nodes: dict[str, Node] = {}
    first_seen = {}
    secret_line = 0  # line of a pre-shared key's value, while what follows may be part of it
    split_reported = False
    for match in _SEGMENT.finditer(text, start):
        segment = match.group()
        if segment.startswith("<") and segment.endswith(">"):
            continue  # the API page's placeholder for the common parameters
        name_raw, eq, value_raw = segment.partition("=")
        key_span = index.span(match.start(), match.start() + len(name_raw))
        if key_span.line == secret_line and (not eq or not _known(unquote_plus(name_raw))):
            # an unencoded '&' or space in the key splits it: the rest is still the
            # key, so it is masked and never named in a message
            source.secret_spans.append(index.span(match.start(), match.end()))
            if not split_reported:
                source.problem("syntax-error", key_span,
                               "the pre-shared key seems to go on after an '&' or a space: "
                               "percent-encode them in the key (%26, %20)")
                split_reported = True
            continue
        secret_line = 0
        if not eq:
            source.problem("syntax-error", key_span,
                           f"query parameter '{unquote_plus(name_raw)}' has no '=' and no value")
            continue
        name = unquote_plus(name_raw)
        if name in COMMON_PARAMETERS:
            continue
        value_start = match.start() + len(name_raw) + 1
        value_span = index.span(value_start, match.end())
        if name in first_seen:
            source.problem("duplicate-key", key_span,
                           f"duplicate parameter '{name}' (first at line {first_seen[name].line}); "
                           "the later value wins")
        first_seen[name] = key_span
        data[name] = unquote_plus(value_raw)
        nodes[join_pointer(name)] = Node(key_span, value_span)
        if looks_secret(name):
            source.secret_spans.append(value_span)
            secret_line, split_reported = value_span.end_line, False
    if not data:
        if not source.problems:
            source.problem("not-a-mapping", index.span(0, 0),
                           "the request holds no AddVpnConnEx parameter")
        return []
    # from the first parameter written to the end of the last (a repeated parameter
    # keeps its first place in ``nodes`` but holds its later span)
    first = min(node.key for node in nodes.values())
    last = max(nodes.values(), key=lambda node: (node.value.end_line, node.value.end_column)).value
    nodes[""] = Node(None, Span(first.line, first.column, last.end_line, last.end_column))
    return [Document(0, data, SourceMap(nodes))]


def _known(name: str) -> bool:
    """A parameter AddVpnConnEx or every call takes (flattened spelling)."""
    head, dot, field = name.partition(".")
    if not dot:
        return name in COMMON_PARAMETERS or name in (properties_at("") or {})
    if head in SECTIONS:
        return field in (properties_at("/" + head) or {})
    return head == "userGwCidrBlock" and field.isdigit()
