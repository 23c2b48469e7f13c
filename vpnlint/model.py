"""The values that flow through vpnlint, stage by stage.

bytes -> :class:`vpnlint.document.Document` (data + source map)
      -> :class:`Finding` (a rule's verdict, addressed by JSON Pointer)
      -> :class:`Diagnostic` (positioned, stamped with code and severity)
      -> a formatter.

Positions are 1-based. Columns count characters (Unicode code points) of the
decoded text, a tab being one column; ``end_column`` is exclusive (the column
just after the last character of the span), as in SARIF.
"""

from __future__ import annotations

import dataclasses
import enum
import operator
from dataclasses import dataclass, field, fields
from typing import Any, Iterable, TypeVar

T = TypeVar("T")


def quick_init(cls: type[T]) -> type[T]:
    """A frozen dataclass with slots, with an ``__init__`` that sets each slot
    through its own descriptor: what dataclasses write for a frozen class
    calls ``object.__setattr__`` once per field, 4.1 us for a
    :class:`Diagnostic` on the bench machine against 2.2 us, and 725 against
    405 ns for a :class:`Span`.  A run makes tens of thousands of spans,
    source-map nodes and selectors.  The class is otherwise the dataclass it
    was (fields, defaults, ``replace``, equality, frozen after ``__init__``).

    Applied above ``@dataclass(frozen=True, slots=True)``; not for a class with
    a ``__post_init__``, a field with a default factory, one left out of
    ``__init__`` or a keyword-only one.  Slots, because a class with a
    ``__dict__`` would have to be written through it, and Python 3.11 then
    gives up the compact storage of the instance's attributes, which it keeps
    for ``object.__setattr__``: measured on spans, nodes and selectors, a run
    took 1 % more instructions so, and 1.9 % fewer with slots.
    """
    if "__slots__" not in cls.__dict__:
        raise TypeError(f"quick_init: {cls.__name__} has no slots (dataclass(..., slots=True))")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"quick_init: {cls.__name__} has a __post_init__")
    names, defaults = [], {}
    for item in fields(cls):
        if item.default_factory is not dataclasses.MISSING or not item.init or item.kw_only is True:
            raise TypeError(f"quick_init: {cls.__name__}.{item.name} has a default factory, no init or is keyword-only")
        names.append(item.name)
        if item.default is not dataclasses.MISSING:
            defaults[f"_default_{item.name}"] = item.default
    namespace: dict[str, Any] = dict(defaults)
    namespace.update({f"_set_{name}": cls.__dict__[name].__set__ for name in names})
    body = "".join(f"    _set_{name}(self, {name})\n" for name in names)
    params = ", ".join(name if f"_default_{name}" not in defaults else f"{name}=_default_{name}"
                       for name in names)
    exec(f"def __init__(self, {params}):\n{body}", namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = {**{item.name: item.type for item in fields(cls)}, "return": None}
    cls.__init__ = init  # type: ignore[misc]
    return cls


class Severity(enum.IntEnum):
    """Ordered so that ``severity >= fail_on`` is the exit-status test."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r} (expected error, warning or info)"
            ) from None

    def __str__(self) -> str:
        return self.name.lower()


CATEGORIES = {
    "P": "input",
    "A": "api",
    "N": "network",
    "S": "security",
    "X": "across",
}


@quick_init
@dataclass(frozen=True, order=True, slots=True)
class Span:
    """A region of the source text: 1-based lines and columns, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int) -> "Span":
        return cls(line, column, line, column + 1)


#: where a pointer that no place is known for is shown: the file's first character
NOWHERE = Span(1, 1, 1, 2)


def nearest_place(pointer: str, part: str, places) -> tuple[Any, str] | None:
    """What ``places.get`` knows of ``pointer`` or of its nearest ancestor, and
    which part of it to show: ``part`` for the pointer itself, the key for an
    ancestor (an absent child is best shown at its parent's key).  None when
    not even the root (``""``) is known.  Shared by the source map (a file's
    places) and the across-spec summaries (a connection's)."""
    probe = pointer
    while True:
        found = places.get(probe)
        if found is not None:
            return found, part
        if not probe:
            return None
        probe = probe.rsplit("/", 1)[0]
        part = "key"


@dataclass(frozen=True)
class Related:
    """Another place a finding refers to (e.g. the first of two duplicates).

    ``pointer`` is relative to a connection: the finding's own connection, or,
    for across-spec rules, the one whose summary ``key`` is given (see
    :class:`vpnlint.summary.ConnectionSummary`).
    """

    pointer: str = ""
    part: str = "value"
    key: tuple[str, int, str] | None = None  # (path, document, base) of another connection


@quick_init
@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports: where (a JSON Pointer) and what, never a line number.

    ``pointer`` is relative to the connection the rule was given ("" is the
    connection itself).  ``part`` says whether the key or the value is meant.
    ``related``, when given, is rendered into the message wherever the text
    ``{related}`` appears, as ``path:line:col`` of that place.
    ``api_error`` overrides the rule's own ``api_error`` for this finding.
    Input rules (P) come from the loader with an explicit ``span`` instead.
    """

    pointer: str
    message: str
    hint: str | None = None
    part: str = "value"
    api_error: str | None = None
    fix: dict[str, Any] | None = None
    related: Related | None = None
    span: Span | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding placed in a file and stamped by the engine: what formatters see.

    ``snippet`` holds the source lines of the span, with the pre-shared key
    already masked; formatters print nothing else from the file.
    """

    path: str
    document: int
    pointer: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    category: str
    severity: Severity
    message: str
    hint: str | None = None
    api_error: str | None = None
    fix: dict[str, Any] | None = None
    snippet: tuple[str, ...] = field(default=(), compare=False)

    def __reduce__(self):
        # the fields in order, rebuilt through __init__: 3x faster to unpickle
        # than the slots dataclass's own __setstate__ (a --jobs run sends every
        # worker's diagnostics to the main process)
        return Diagnostic, _diagnostic_fields(self)

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.document, self.pointer)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of PRODUCT.md (without the snippet)."""
        return {
            "path": self.path,
            "document": self.document,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
            "api_error": self.api_error,
            "fix": self.fix,
        }


def in_order(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics sorted by :attr:`Diagnostic.sort_key`, the same order a
    stable sort on it gives, file by file: a sort key per diagnostic for a whole
    10,000-file run was 5 MiB at the run's peak; per file it is a few."""
    by_path: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        by_path.setdefault(diagnostic.path, []).append(diagnostic)
    out: list[Diagnostic] = []
    for path in sorted(by_path):
        group = by_path.pop(path)
        group.sort(key=_within_file)
        out += group
    return out


#: Diagnostic.sort_key without the path
_within_file = operator.attrgetter("line", "column", "code", "document", "pointer")

#: a diagnostic's fields in order, as one C call (Diagnostic.__reduce__)
_diagnostic_fields = operator.attrgetter(*(f.name for f in fields(Diagnostic)))
