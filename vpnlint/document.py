"""A loaded file: its documents, each the normalised nested spec plus a source map.

The source map is the one place that knows where a JSON Pointer stands in the
text.  Loaders fill it; the engine asks :meth:`SourceMap.position_of`; rules
never see it (they see :class:`vpnlint.connection.Connection`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import NOWHERE, Finding, Span, nearest_place, quick_init


@quick_init
@dataclass(frozen=True, slots=True)
class Node:
    """Where one value stands: its key (None for the root and list items) and value.

    ``plain`` is set for a YAML plain (unquoted) scalar that YAML resolved to
    something other than a string: the resolved kind ("null", "bool", "int",
    "float") and the text as written, so a rule can say "quote it".
    """

    key: Span | None
    value: Span
    plain: tuple[str, str] | None = None


@dataclass
class SourceMap:
    """JSON Pointer (into the normalised nested document) -> :class:`Node`."""

    nodes: dict[str, Node] = field(default_factory=dict)

    def add(self, pointer: str, node: Node) -> None:
        self.nodes[pointer] = node

    def node(self, pointer: str) -> Node | None:
        return self.nodes.get(pointer)

    def position_of(self, pointer: str, part: str = "value") -> Span:
        """The span of ``pointer``'s key or value; the nearest ancestor's key if unknown."""
        known = nearest_place(pointer, part, self.nodes)
        if known is None:
            return NOWHERE
        node, part = known
        return node.key if part == "key" and node.key is not None else node.value


@dataclass
class Document:
    """One YAML document (or the whole JSON / query-string file)."""

    index: int
    data: Any
    source: SourceMap


@dataclass
class SourceFile:
    """Everything the loader learnt from one file's bytes.

    ``problems`` are input findings, each ``(rule name, finding with a span,
    document index)``; readers set ``current_document`` as they go so a problem
    in the third YAML document says so.
    ``secret_spans`` are the value spans of the pre-shared key (and of keys that
    look like it) in the text; snippets mask them.
    """

    path: str
    text: str
    documents: list[Document] = field(default_factory=list)
    problems: list[tuple[str, Finding, int]] = field(default_factory=list)
    secret_spans: list[Span] = field(default_factory=list)
    kind: str = "yaml"  # "yaml" | "json" | "query" | "none"
    current_document: int = 0

    def problem(self, rule_name: str, span: Span, message: str, hint: str | None = None) -> None:
        finding = Finding(pointer="", message=message, hint=hint, span=span)
        self.problems.append((rule_name, finding, self.current_document))
