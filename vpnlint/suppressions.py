"""Inline suppressions: ``# vpnlint: ...`` comments in YAML files.

Three forms, each with an optional reason after ``--``::

    key: value  # vpnlint: disable=S005,S009 -- the peer cannot do better
    # vpnlint: disable-next-line=N012 -- lab gateway
    # vpnlint: disable-file            (every code)   or  disable-file=A006

- ``disable=`` covers diagnostics reported on the comment's own line (a
  diagnostic's line is the first line of its span);
- ``disable-next-line=`` covers the next line that is neither blank nor a
  comment-only line (so several such comments can stack above one line);
- ``disable-file`` covers the whole file, for every code or for the codes given.

Codes are whole codes (``S001``), never prefixes or category letters: a
suppression should say exactly what it hides.  A comment that cannot be read
(``# vpnlint: disabel=S001``, a bare ``disable``, text after the codes without
``--``) suppresses nothing; :mod:`vpnlint.filters` reports it as P010, as it does
a suppression that suppressed nothing and an unknown code.

This module only reads comments (in the worker that loaded the file); the
decision what a comment hides is :mod:`vpnlint.filters`' job.  JSON and request
files have no comments: ``per-file-ignores`` serves them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from .loaders.text import split_lines

try:  # the same parser the loader uses, so the same idea of where scalars are
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

LINE, NEXT_LINE, FILE = "disable", "disable-next-line", "disable-file"

#: a ``#`` that can start a YAML comment (at a line start or after whitespace)
_START = re.compile(r"(?<!\S)#[ \t]*vpnlint[ \t]*:")
_DIRECTIVE = re.compile(r"(disable-next-line|disable-file|disable)(?=[\s=]|$)", re.IGNORECASE)
_CODES = re.compile(r"\s*=\s*([^\s,#]+(?:[ \t]*,[ \t]*[^\s,#]+)*)")


@dataclass(frozen=True)
class Suppression:
    """One ``# vpnlint:`` comment, as written.

    ``codes`` are upper-cased; empty means every code (``disable-file`` only).
    ``target`` is the line the comment covers (its own line, the next code
    line, or 0 for the whole file).  ``error`` says why a comment that could not
    be read suppresses nothing.  ``snippet`` is the comment's line, with the
    pre-shared key masked (the comment may share a line with it).
    """

    kind: str
    codes: tuple[str, ...]
    line: int
    column: int
    end_column: int
    target: int
    document: int = 0
    reason: str | None = None
    error: str | None = None
    snippet: tuple[str, ...] = ()

    def covers(self, line: int, code: str, explicit: bool = False) -> bool:
        """Whether this comment hides a diagnostic of ``code`` on ``line``.

        ``explicit``: only when the code is named (a bare ``disable-file`` does
        not hide the reports about suppressions themselves).
        """
        if self.error is not None:
            return False
        if self.codes:
            if code not in self.codes:
                return False
        elif explicit:
            return False
        return self.kind == FILE or line == self.target

    def where(self) -> str:
        """How the comment's reach reads in a message."""
        if self.kind == FILE:
            return "in this file"
        if self.kind == NEXT_LINE:
            return f"on line {self.target}" if self.target else "(no line follows the comment)"
        return "on this line"


def parse(text: str) -> list[Suppression]:
    """Every ``# vpnlint:`` comment of a YAML text, in order (cheap when there is none)."""
    if "vpnlint" not in text:
        return []
    lines = split_lines(text, "yaml")
    candidates = []  # (line, column) of the '#', 1-based
    for number, line in enumerate(lines, start=1):
        for match in _START.finditer(line):
            candidates.append((number, match.start() + 1))
    if not candidates:
        return []
    scalars, starts = _scalars_and_documents(text)
    found: list[Suppression] = []
    commented_lines: set[int] = set()
    for number, column in candidates:
        if number in commented_lines or _inside(scalars, number, column):
            continue  # a second '# vpnlint:' on one line is text of the first comment
        commented_lines.add(number)
        comment = lines[number - 1][column - 1:].rstrip()
        document = max(0, sum(1 for start in starts if start <= (number, column)) - 1)
        found.append(_read(comment, number, column, document, lines))
    return found


def _read(comment: str, line: int, column: int, document: int, lines: list[str]) -> Suppression:
    body = _START.sub("", comment, count=1).strip()
    end_column = column + len(comment)
    place = dict(line=line, column=column, end_column=end_column, document=document)
    directive = _DIRECTIVE.match(body)
    if directive is None:
        # the comment's own words are echoed only when they look like a directive:
        # a comment on the pre-shared key's line must not carry the key into a message
        word = re.split(r"[\s=]", body, maxsplit=1)[0]
        what = f"'{word}' is not a vpnlint directive" if re.fullmatch(r"[A-Za-z-]{1,30}", word) else \
            "no vpnlint directive"
        return Suppression(LINE, (), target=line, **place,
                           error=f"{what} (use disable=, disable-next-line= or disable-file)")
    kind = directive.group(1).lower()
    rest = body[directive.end():]
    codes_match = _CODES.match(rest)
    codes: tuple[str, ...] = ()
    if codes_match:
        codes = tuple(dict.fromkeys(c.strip().upper() for c in codes_match.group(1).split(",")))
        rest = rest[codes_match.end():]
    rest = rest.strip()
    target = {LINE: line, NEXT_LINE: _next_code_line(lines, line), FILE: 0}[kind]
    error = reason = None
    if rest.startswith("--"):
        reason = rest[2:].strip() or None
    elif rest and not codes and kind != FILE and not rest.startswith(("=", "#")):
        error = f"{kind} needs '=' before its codes: write {kind}=CODE"
    elif rest.startswith("=") or (rest and not rest.startswith("#")):
        error = (f"unexpected text after {kind}{'=' + ','.join(map(echo, codes)) if codes else ''}: "
                 f"separate codes with commas and put a reason after '--'")
    if error is None and not codes and kind != FILE:
        error = f"{kind} names no code: write {kind}=CODE (whole codes, separated by commas)"
    return Suppression(kind, codes, target=target, reason=reason, error=error, **place)


def echo(code: str) -> str:
    """A code as a message may show it: anything not shaped like a code is not
    repeated (a comment on the pre-shared key's line could hold the key)."""
    return code if re.fullmatch(r"[A-Z][0-9A-Z]{0,5}", code) else "<not a code>"


def _next_code_line(lines: list[str], line: int) -> int:
    for number in range(line + 1, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return 0


def _scalars_and_documents(text: str):
    """Where scalars are (a '#' inside one is text, not a comment) and where each
    document starts, as 1-based (line, column) pairs.

    A syntax error ends the scan: comments after it are taken at face value.
    """
    scalars: list[tuple[tuple[int, int], tuple[int, int]]] = []
    starts: list[tuple[int, int]] = []
    try:
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event)
            if kind is yaml.ScalarEvent:
                start, end = event.start_mark, event.end_mark
                if (start.line, start.column) != (end.line, end.column):
                    scalars.append(((start.line + 1, start.column + 1), (end.line + 1, end.column + 1)))
            elif kind is yaml.DocumentStartEvent:
                starts.append((event.start_mark.line + 1, event.start_mark.column + 1))
    except yaml.YAMLError:
        pass
    return scalars, starts


def _inside(scalars, line: int, column: int) -> bool:
    position = (line, column)
    return any(start <= position < end for start, end in scalars)
