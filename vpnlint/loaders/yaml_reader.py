"""YAML -> raw documents with a source map, built from libyaml's event stream.

Composing from events (rather than letting PyYAML build nodes) keeps the marks
of every key and value, and lets the reader enforce the limits as it goes: a
nesting depth, and a budget for what aliases may add, so a "billion laughs"
document stops after a bounded amount of work with one diagnostic.  The parser
itself is libyaml's (``CParser``) when PyYAML was built with it.

That event reader is the reference.  Most specs use none of what needs it
(anchors, aliases, merge keys, tags, deep nesting), and for them
:func:`_read_composed` is a faster path to the very same result: libyaml's
own composer builds the node tree in C, and one walk in Python turns it into
the data, source map, problems and secret spans the event reader would have
given.  Whatever it cannot reproduce exactly it hands back to the event reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode, SequenceNode
from yaml.resolver import Resolver

from ..caches import text_cache
from ..connection import join_pointer
from ..document import Document, Node, SourceFile, SourceMap
from ..model import Span
from ..spec import looks_secret
from .text import TextIndex, make_node, make_span as _span

try:  # libyaml's parser when available: much faster, same events
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader
try:  # libyaml's composer, for the fast path
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _CParser = None

_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_KINDS = {
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
}
_CONSTRUCT = {
    "tag:yaml.org,2002:null": lambda node: None,
    "tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool,
    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
    _STR: lambda node: node.value,
    # kept as written: a spec has no use for dates or binary, and a string keeps
    # the value printable in a type error
    "tag:yaml.org,2002:timestamp": lambda node: node.value,
    "tag:yaml.org,2002:binary": lambda node: node.value,
}
_MERGE = "<<"
_CONTAINER_TAGS = {"map": "tag:yaml.org,2002:map", "seq": "tag:yaml.org,2002:seq"}
_NUMBERS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
#: longer number texts are not converted (the bound Python puts on int(str))
_MAX_NUMBER_TEXT = 4300


@text_cache(maxsize=2048, longest=64)
def _read_plain(text: str) -> tuple[Any, tuple[str, str] | None, tuple[str, str | None] | None]:
    """What a plain, untagged scalar reads as: its value, ``Node.plain`` (the
    kind and the text, when YAML resolves it to something other than a string),
    and the problem to report, (message, hint), when it cannot be constructed.
    It depends on the text alone, so it is cached: the same values come back
    in file after file."""
    tag = _RESOLVER.resolve(ScalarNode, text, (True, False))
    if tag == _STR:
        return text, None, None  # most values: no node to build, never "plain"
    value, problem = _build(tag, text)
    if problem is not None:
        return text, None, problem
    return value, ((_KINDS[tag], text) if tag in _KINDS else None), None


def _build(tag: str, text: str) -> tuple[Any, tuple[str, str | None] | None]:
    """The value of a scalar with a resolved or explicit tag, or the text and
    the problem (message, hint) when vpnlint does not read that tag or the text
    is not one of its values."""
    builder = _CONSTRUCT.get(tag)
    if builder is None:
        return text, (f"YAML tag '{tag}' is not supported in a spec; the value is read as a string",
                      "remove the tag")
    try:
        if tag in _NUMBERS and len(text) > _MAX_NUMBER_TEXT:
            raise ValueError("too long")  # 1:1:1:... is converted in quadratic time
        return builder(ScalarNode(tag, text)), None
    except (ValueError, TypeError, OverflowError, yaml.YAMLError):
        # OverflowError: a long sexagesimal float (1:2:...:3.5) passes float's range
        return text, (f"the value cannot be read as {tag.rsplit(':', 1)[-1]}; it is read as a string", None)




class _Abort(Exception):
    """Stop composing this document (a limit was hit); the problem is recorded."""


@dataclass
class _Frame:
    kind: str  # "map" | "seq"
    data: Any
    pointer: str
    start: Any  # start mark
    anchor: str | None
    entry_index: int  # where this node's source-map entries begin
    key: tuple[str, Span, bool] | None = None  # pending key: (text, span, is_merge)
    key_spans: dict[str, Span] = field(default_factory=dict)
    merges: list[tuple[Any, str, int, int]] = field(default_factory=list)


@dataclass
class _Anchor:
    data: Any
    pointer: str
    entries: list[tuple[str, Node]]
    size: int


class _Composer:
    def __init__(self, index: TextIndex, source: SourceFile, limits) -> None:
        self.index = index
        self.source = source
        self.limits = limits

    def span(self, start, end) -> Span:
        return _span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)

    # -- one document ----------------------------------------------------------
    def start_document(self) -> None:
        self.stack: list[_Frame] = []
        self.entries: list[tuple[str, Node]] = []
        self.anchors: dict[str, _Anchor] = {}
        self.alias_budget = self.limits.max_alias_nodes
        self.sizes: list[int] = [0]  # running node counts, one per open container + root
        self.root: Any = None
        self.root_set = False

    def child_pointer(self) -> str:
        if not self.stack:
            return ""
        frame = self.stack[-1]
        if frame.kind == "seq":
            return join_pointer_raw(frame.pointer, len(frame.data))
        assert frame.key is not None
        return join_pointer_raw(frame.pointer, frame.key[0])

    def key_span(self) -> Span | None:
        if self.stack and self.stack[-1].kind == "map" and self.stack[-1].key:
            return self.stack[-1].key[1]
        return None

    def expecting_key(self) -> bool:
        return bool(self.stack) and self.stack[-1].kind == "map" and self.stack[-1].key is None

    def attach(self, value: Any, pointer: str, span: Span, anchor: str | None,
               entry_index: int, size: int, plain: tuple[str, str] | None = None) -> None:
        """A value is complete: record it in the source map and its parent."""
        self.entries.append((pointer, Node(self.key_span(), span, plain)))
        if anchor is not None:
            self.anchors[anchor] = _Anchor(value, pointer, self.entries[entry_index:], size)
        self.sizes[-1] += size
        if not self.stack:
            self.root, self.root_set = value, True
            return
        frame = self.stack[-1]
        if frame.kind == "seq":
            frame.data.append(value)
            return
        assert frame.key is not None
        name, kspan, is_merge = frame.key
        frame.key = None
        if is_merge:
            frame.merges.append((value, pointer, entry_index, len(self.entries)))
            return
        if name in frame.key_spans:
            first = frame.key_spans[name]
            self.source.problem("duplicate-key", kspan,
                                f"duplicate key '{name}' (first at line {first.line}); the later value wins")
        frame.key_spans[name] = kspan
        frame.data[name] = value
        if looks_secret(name):
            self.source.secret_spans.append(span)

    def set_key(self, text: str, span: Span, is_merge: bool) -> None:
        self.stack[-1].key = (text, span, is_merge)

    # -- events ----------------------------------------------------------------
    def scalar(self, event) -> None:
        span = self.span(event.start_mark, event.end_mark)
        if self.expecting_key():
            is_merge = event.value == _MERGE and event.implicit[0] and event.tag is None
            self.set_key(event.value, span, is_merge)
            return
        value, plain = self.construct(event, span)
        self.attach(value, self.child_pointer(), span, event.anchor, len(self.entries), 1, plain)

    def construct(self, event, span: Span) -> tuple[Any, tuple[str, str] | None]:
        tag = event.tag
        if tag is None:
            if not event.implicit[0]:
                return event.value, None  # quoted or block, untagged: the resolver says str
            value, plain, problem = _read_plain(event.value)
        elif tag == "!" or tag == _STR:
            return event.value, None
        else:
            (value, problem), plain = _build(tag, event.value), None
        if problem is not None:
            self.source.problem("unsupported-yaml", span, problem[0], hint=problem[1])
        return value, plain

    def start_container(self, event, kind: str) -> None:
        span = self.span(event.start_mark, event.end_mark)
        if self.expecting_key():
            self.source.problem("unsupported-yaml", span,
                                "a mapping key must be a plain string, not a mapping or list")
            raise _Abort
        if event.tag not in (None, "!", _CONTAINER_TAGS[kind]):
            # never constructed (so !!python/object cannot run code): say it is ignored,
            # as for a tagged scalar
            what = "mapping" if kind == "map" else "list"
            self.source.problem("unsupported-yaml", span,
                                f"YAML tag '{event.tag}' is not supported in a spec; the {what} is read without it",
                                hint="remove the tag")
        pointer = self.child_pointer()
        self.stack.append(_Frame(kind, {} if kind == "map" else [], pointer, event.start_mark,
                                 event.anchor, len(self.entries)))
        self.sizes.append(0)

    def end_container(self, event) -> None:
        frame = self.stack.pop()
        size = self.sizes.pop() + 1
        if frame.kind == "map" and frame.merges:
            self.apply_merges(frame)
        span = self.span(frame.start, event.end_mark)
        self.attach(frame.data, frame.pointer, span, frame.anchor, frame.entry_index, size)

    def alias(self, event) -> None:
        span = self.span(event.start_mark, event.end_mark)
        anchor = self.anchors.get(event.anchor)
        if anchor is None:  # libyaml reports undefined aliases itself; be safe
            self.source.problem("syntax-error", span, f"undefined alias '{event.anchor}'")
            raise _Abort
        if self.expecting_key():
            if isinstance(anchor.data, (dict, list)):
                self.source.problem("unsupported-yaml", span, "a mapping key must be a plain string")
                raise _Abort
            self.set_key(str(anchor.data), span, False)
            return
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.kind == "map" and frame.key and looks_secret(frame.key[0]):
            # the key's value is written where the anchor is: mask it there too
            self.source.secret_spans.extend(node.value for _, node in anchor.entries)
        self.alias_budget -= anchor.size
        if self.alias_budget < 0:
            self.source.problem("alias-expansion-limit", span,
                                f"aliases expand this document beyond {self.limits.max_alias_nodes:,} nodes "
                                "(an alias bomb?); the document is not checked")
            raise _Abort
        pointer = self.child_pointer()
        start = len(self.entries)
        # what the anchor holds is shown where it was defined; the alias itself
        # stands where it is written
        self.entries.extend(e for e in _rebase(anchor.entries, anchor.pointer, pointer) if e[0] != pointer)
        self.attach(anchor.data, pointer, span, None, start, anchor.size)

    def apply_merges(self, frame: _Frame) -> None:
        """YAML merge keys: ``<<: *base`` adds the keys the mapping does not set."""
        sources: list[tuple[Any, str, list]] = []
        for value, pointer, first, last in frame.merges:
            entries = self.entries[first:last]
            items = value if isinstance(value, list) else [value]
            for position, item in enumerate(items):
                item_pointer = pointer if not isinstance(value, list) else join_pointer_raw(pointer, position)
                if not isinstance(item, dict):
                    # shown at the offending value (the entries hold it), not at the mapping
                    node = dict(entries).get(item_pointer)
                    span = node.value if node else self.span(frame.start, frame.start)
                    self.source.problem("unsupported-yaml", span,
                                        "a merge key (<<) takes a mapping or a list of mappings")
                    continue
                sources.append((item, item_pointer, entries))
        for item, item_pointer, entries in sources:
            for name, value in item.items():
                if name in frame.data:
                    continue
                frame.data[name] = value
                old = join_pointer_raw(item_pointer, name)
                new = join_pointer_raw(frame.pointer, name)
                self.entries.extend(_rebase([e for e in entries if _under(e[0], old)], old, new))

    # -- the stream --------------------------------------------------------------
    def run(self, text: str) -> list[Document]:
        documents: list[Document] = []
        doc_index = -1
        aborted = False
        self.depth = 0  # counted here, not by the composer: it also runs while a document is skipped
        event = None
        try:
            for event in yaml.parse(text, Loader=_Loader):
                kind = type(event)
                if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                    self.depth += 1
                    if self.depth > self.limits.max_depth:
                        # libyaml's work per token grows with the flow depth, so
                        # 20,000 '[' would cost seconds: stop reading the file here
                        self.source.problem(
                            "nesting-too-deep", self.span(event.start_mark, event.end_mark),
                            f"nesting deeper than {self.limits.max_depth} levels; the rest of the file is not read")
                        break
                elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    self.depth -= 1
                if kind is yaml.DocumentStartEvent:
                    doc_index += 1
                    self.source.current_document = doc_index
                    aborted = False
                    self.start_document()
                elif kind is yaml.DocumentEndEvent:
                    if not aborted and self.root_set and self.root is not None:
                        documents.append(Document(doc_index, self.root, SourceMap(dict(self.entries))))
                elif aborted:
                    continue
                else:
                    try:
                        self.dispatch(kind, event)
                    except _Abort:
                        aborted = True
        except yaml.YAMLError as exc:
            # the last event libyaml delivered (None before the first)
            self.syntax_error(exc, text, event)
        return documents

    def dispatch(self, kind, event) -> None:
        if kind is yaml.ScalarEvent:
            self.scalar(event)
        elif kind is yaml.MappingStartEvent:
            self.start_container(event, "map")
        elif kind is yaml.SequenceStartEvent:
            self.start_container(event, "seq")
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self.end_container(event)
        elif kind is yaml.AliasEvent:
            self.alias(event)

    def syntax_error(self, exc: yaml.YAMLError, text: str, last_event=None) -> None:
        mark = getattr(exc, "problem_mark", None)
        if "nesting depth" in (getattr(exc, "problem", None) or ""):
            # newer libyaml stops deep flow nesting itself (at 1000 levels, while
            # scanning ahead of the events): report it as vpnlint's own limit, at
            # the bracket that passes it, whatever the libyaml version
            start = last_event.end_mark.index if last_event is not None else 0
            offset = _flow_overflow(text, start, self.limits.max_depth - self.depth)
            line, column = self.index.position(offset if offset is not None else mark.index)
            self.source.problem("nesting-too-deep", Span.point(line, column),
                                f"nesting deeper than {self.limits.max_depth} levels; the rest of the file is not read")
            return
        if mark is not None:
            span = Span.point(mark.line + 1, mark.column + 1)
            problem = getattr(exc, "problem", None) or "invalid YAML"
            context = getattr(exc, "context", None)
            started = getattr(exc, "context_mark", None)
            if context and started is not None and (started.line, started.column) != (mark.line, mark.column):
                # "while scanning a quoted scalar" is only useful with where it began
                context += f" that starts at line {started.line + 1}, column {started.column + 1}"
            message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
        else:  # ReaderError: a character YAML does not allow
            position = getattr(exc, "position", 0) or 0
            line, column = self.index.position(position)
            span = Span.point(line, column)
            reason = getattr(exc, "reason", "unreadable character")
            message = f"YAML cannot read this file: {reason} (character U+{getattr(exc, 'character', 0):04X})"
        self.source.problem("syntax-error", span, message)


# -- the fast path: libyaml's composer, one walk of its nodes ------------------------------------

def _needs_events(text: str) -> bool:
    """Whether the text may hold what only the event reader reads as it must:
    anchors and aliases (a composed alias is its anchor's node: where it was
    written is lost, and the alias budget is not kept), tags, merge keys.
    Found anywhere, even in a comment or a string: the event reader is never
    wrong, only slower.  (An alias without an anchor is a syntax error, so
    '*' is only belt and braces.  Four substring tests cost a tenth of a
    regular expression's search.)"""
    return "&" in text or "*" in text or "!" in text or "<<" in text


#: every collection takes at least one character of its own among these ('['
#: or '{' opens a flow one, '-' starts a block sequence's item, ':' or '?' marks
#: a mapping's key), so their count bounds how deep collections can nest
_NESTING_CHARS = "[{-:?"
#: the deepest nesting libyaml's composer may be given: it recurses in C, one
#: level per collection, and 500,000 '- ' would overflow the C stack.  1,000
#: levels take well under a MiB; the walk then holds the nesting to the limit
#: (64 by default) exactly as the event reader does, by handing deeper files to it
_MAX_COMPOSED_NESTING = 1000


class _Fallback(Exception):
    """The composed nodes cannot give exactly what the event reader gives."""


if _CParser is not None:
    class _NodeReader(_CParser):
        """libyaml's composer without PyYAML's resolver: vpnlint registers no
        path resolvers, and the walk resolves plain scalars itself (cached), so
        every node's tag is left None."""

        def descend_resolver(self, current_node, current_index) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

        def resolve(self, kind, value, implicit) -> None:
            return None


def _read_composed(text: str, source: SourceFile, limits) -> list[Document] | None:
    """What the event reader gives for ``text``, from libyaml's composed nodes;
    None (and ``source`` untouched) when only the event reader can tell."""
    if _needs_events(text):
        return None
    if sum(map(text.count, _NESTING_CHARS)) > _MAX_COMPOSED_NESTING:
        return None
    reader = _NodeReader(text)
    roots = []
    try:
        while reader.check_node():
            roots.append(reader.get_node())
    except yaml.YAMLError:  # the event reader places it, after the documents before it
        return None
    finally:
        reader.dispose()
    walk = _Walk(limits.max_depth)
    documents = []
    try:
        for document, root in enumerate(roots):
            walk.document = document
            walk.entries = []
            data = walk.value(root, "", None, 0)[0]
            if data is not None:
                documents.append(Document(document, data, SourceMap(dict(walk.entries))))
    except _Fallback:
        return None
    for document, name, span, message, hint in walk.problems:
        source.current_document = document
        source.problem(name, span, message, hint=hint)
    source.secret_spans.extend(walk.secrets)
    if roots:
        source.current_document = len(roots) - 1
    return documents


class _Walk:
    """One pass over composed nodes, in the event reader's order: a value's
    source-map entry after those of what it holds, a duplicate key reported
    once its value is read."""

    def __init__(self, max_depth: int) -> None:
        self.max_depth = max_depth
        self.document = 0
        self.entries: list[tuple[str, Node]] = []
        self.problems: list[tuple[int, str, Span, str, str | None]] = []
        self.secrets: list[Span] = []

    def value(self, node, pointer: str, key_span: Span | None, depth: int) -> tuple[Any, Span]:
        start, end = node.start_mark, node.end_mark
        span = _span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)
        kind = type(node)
        if kind is ScalarNode:
            value, plain = node.value, None
            if not node.style:  # plain: resolved (quoted and block scalars are strings)
                value, plain, problem = _read_plain(value)
                if problem is not None:
                    self.problems.append((self.document, "unsupported-yaml", span, *problem))
            self.entries.append((pointer, make_node(key_span, span, plain)))
            return value, span
        depth += 1
        if depth > self.max_depth:
            raise _Fallback  # the event reader says where, and stops reading there
        if kind is SequenceNode:
            data: Any = []
            for item in node.value:
                data.append(self.value(item, f"{pointer}/{len(data)}", None, depth)[0])
        else:
            data = self.mapping(node.value, pointer, depth)
        self.entries.append((pointer, make_node(key_span, span)))
        return data, span

    def mapping(self, pairs, pointer: str, depth: int) -> dict[str, Any]:
        data: dict[str, Any] = {}
        key_spans: dict[str, Span] = {}
        entries, problems = self.entries, self.problems
        for key, item in pairs:
            if type(key) is not ScalarNode:
                raise _Fallback  # a mapping or list as a key: the event reader reports it
            name = key.value
            start, end = key.start_mark, key.end_mark
            kspan = _span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)
            child = pointer + ("/" + name if "~" not in name and "/" not in name else join_pointer(name))
            if type(item) is ScalarNode:  # self.value's first branch, inline: most values are scalars
                start, end = item.start_mark, item.end_mark
                vspan = _span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)
                value, plain = item.value, None
                if not item.style:
                    value, plain, problem = _read_plain(value)
                    if problem is not None:
                        problems.append((self.document, "unsupported-yaml", vspan, *problem))
                entries.append((child, make_node(kspan, vspan, plain)))
            else:
                value, vspan = self.value(item, child, kspan, depth)
            first = key_spans.get(name)
            if first is not None:
                problems.append((self.document, "duplicate-key", kspan,
                                 f"duplicate key '{name}' (first at line {first.line}); the later value wins", None))
            key_spans[name] = kspan
            data[name] = value
            if looks_secret(name):
                self.secrets.append(vspan)
        return data


def _flow_overflow(text: str, start: int, allowed: int) -> int | None:
    """The offset of the first flow bracket nested deeper than ``allowed``
    (quoted scalars skipped), or None."""
    depth, i, end = 0, start, len(text)
    while i < end:
        char = text[i]
        if char in "[{":
            depth += 1
            if depth > allowed:
                return i
        elif char in "]}":
            depth -= 1
        elif char in "'\"":
            close = text.find(char, i + 1)
            i = end if close < 0 else close
        i += 1
    return None


def join_pointer_raw(parent: str, part: object) -> str:
    return parent + join_pointer(part)


def _under(pointer: str, prefix: str) -> bool:
    return pointer == prefix or pointer.startswith(prefix + "/")


def _rebase(entries: list[tuple[str, Node]], old: str, new: str) -> list[tuple[str, Node]]:
    cut = len(old)
    return [(new + pointer[cut:], node) for pointer, node in entries]


def read(text: str, index: TextIndex, source: SourceFile, limits) -> list[Document]:
    if _CParser is not None:
        documents = _read_composed(text, source, limits)
        if documents is not None:
            return documents
    return _Composer(index, source, limits).run(text)
