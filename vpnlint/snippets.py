"""Source lines for diagnostics, with the pre-shared key masked.

Two layers, so the key stays hidden whatever else is wrong with the file:
the value spans the loader marked as secret (exact, also for misspelt key
names), and, for text the loader could not parse, a pattern that masks the
rest of any line naming a pre-shared key, plus the indented lines of a block
scalar that follows it.  Masking keeps the line's length, so carets still
line up.
"""

from __future__ import annotations

import functools
import re

from .caches import text_cache
from .loaders.text import split_lines
from .model import Span
from .spec import SECRET_WORDS, looks_secret

MASK = "*"
#: a key as a line may write it (YAML, JSON, a query string), before its value;
#: :func:`vpnlint.spec.looks_secret` decides whether it names the key
#: (possessive, and starting only where a word starts: linear in the line's length
#: whatever it holds; up to four words, for "pre shared key")
_KEY = re.compile(r"""(?x) (?<![\w.\-]) ([A-Za-z_][\w.\-]*+ (?:[ \t]++[A-Za-z_][\w.\-]*+){0,3}+)
                      ["']? [ \t]*+ [:=] [ \t]*+""")
#: the usual spellings, wherever they stand, even run into other text
#: ("1.1preSharedKey:" in a damaged file)
_KNOWN_KEY = re.compile(rf"""(?ix) ({SECRET_WORDS}) ["']? [ \t]*+ [:=] [ \t]*+""")
_BLOCK_START = re.compile(r"[|>][-+0-9]*\s*(#.*)?$")


class Snippets:
    """A file's source lines, masked, for the spans of its diagnostics.

    ``shown`` says whether the run's output shows source lines at all (the
    text format does; json, sarif and the others do not): when it does not,
    diagnostics and summaries carry none, and no line is masked for them.
    Where a span is shown (:meth:`first_line`) does not depend on it.
    """

    def __init__(self, text: str, kind: str, secret_spans: list[Span], shown: bool = True) -> None:
        self.shown = shown
        self._lines = split_lines(text, kind) if text else []
        # by line, so masking a line costs its own spans, not every key in the file
        # (a list of 10,000 connections has 10,000); a set, as aliases repeat them
        self._spans: dict[int, list[Span]] = {}
        for span in set(secret_spans):
            for number in range(span.line, span.end_line + 1):
                self._spans.setdefault(number, []).append(span)
        self._masked: dict[int, str] = {}
        # a block scalar starts at a '|' or '>': without one, no line is in one
        self._block_lines: set[int] | None = None if "|" in text or ">" in text else set()

    def line(self, number: int) -> str | None:
        """Line ``number`` (1-based), masked; None past the end of the file."""
        if not 1 <= number <= len(self._lines):
            return None
        cached = self._masked.get(number)
        if cached is None:
            cached = self._masked[number] = self._mask(number)
        return cached

    def first_line(self, span: Span) -> Span:
        """``span`` cut to its first line when it covers several (a whole
        mapping, a block scalar): editors and CI annotations then mark where
        it starts, not the rest of the file.  It ends where that line's text
        ends, as shown (masked), and at least one column after its start."""
        number = span.line
        if span.end_line == number or not 1 <= number <= len(self._lines):
            return span
        # masking keeps every character but those of the key's own spans (which
        # may be blanks): only a line holding one is masked to be measured
        text = self.line(number) if number in self._spans else self._lines[number - 1]
        return Span(number, span.column, number, max(len(text.rstrip()) + 1, span.column + 1))

    def _mask(self, number: int) -> str:
        text = self._lines[number - 1]
        spans = self._spans.get(number)
        placed: set[int] = set()
        if spans:  # most lines hold no key: nothing to take apart
            text = _blank(text, number, spans)
            # a key whose value the loader placed exactly is masked already: the rest
            # of the line stays readable (a one-line JSON or query string)
            placed = {span.column - 1 for span in spans if span.line == number}
        masked = _masked_after_placed(text, placed) if placed else _masked_line(text)
        if masked is not None:
            return masked
        if number in self._blocks():
            return _mask_all(text)
        return text

    def _blocks(self) -> set[int]:
        """Lines of block scalars (``preSharedKey: |``) that follow a key line."""
        if self._block_lines is None:
            self._block_lines = set()
            for index, line in enumerate(self._lines):
                if "|" not in line and ">" not in line:
                    continue  # no block scalar starts here
                match = _key_match(line)
                if not match or not _BLOCK_START.match(line[match.end():]):
                    continue
                indent = len(line) - len(line.lstrip())
                for following in range(index + 1, len(self._lines)):
                    body = self._lines[following]
                    if body.strip() and len(body) - len(body.lstrip()) <= indent:
                        break
                    self._block_lines.add(following + 1)
        return self._block_lines


def _blank(text: str, number: int, spans: list[Span]) -> str:
    """Line ``number``'s ``text`` with what ``spans`` cover of it masked,
    character for character (a span may start on an earlier line or end on a
    later one)."""
    for span in spans:
        start = max(span.column - 1 if span.line == number else 0, 0)
        end = min(span.end_column - 1 if span.end_line == number else len(text), len(text))
        if start < end:
            text = text[:start] + MASK * (end - start) + text[end:]
    return text


def _key_match(text: str, placed: set[int] | frozenset[int] = frozenset()) -> re.Match | None:
    """The first key on the line that looks like the pre-shared key, its match
    ending where the value starts: a usual spelling anywhere, or a word that
    :func:`vpnlint.spec.looks_secret` accepts (a misspelling).  Keys whose value
    the loader placed (``placed``: those values' start columns) are skipped."""
    known = next((m for m in _KNOWN_KEY.finditer(text) if m.end() not in placed), None) \
        if _may_name_known_key(text) else None
    for match in _KEY.finditer(text):
        if known is not None and match.start() >= known.start():
            break
        if match.end() not in placed and looks_secret(match.group(1)):
            return match
    return known


def _masked_after_key(text: str, placed: set[int] | frozenset[int] = frozenset()) -> str | None:
    """``text`` with the rest masked after a key that looks like the pre-shared
    key (see :func:`_key_match`); None when it names none."""
    match = _key_match(text, placed)
    return None if match is None else text[: match.end()] + _mask_all(text[match.end():])


#: longer lines are searched, not cached (a hostile line must not stay in a cache)
_LONGEST_CACHED_LINE = 200


def _masked_after_placed(text: str, placed: set[int]) -> str | None:
    """:func:`_masked_after_key` of a line whose placed keys are masked already
    (``text``), cached by its masked text (lines up to ``_LONGEST_CACHED_LINE``): the
    line of the key (``preSharedKey: '****'``) reads the same in spec after
    spec, and searching it for another key costs two patterns over the line."""
    if len(text) > _LONGEST_CACHED_LINE:
        return _masked_after_key(text, placed)
    return _masked_after_placed_text(text, frozenset(placed))


@functools.lru_cache(maxsize=1024)
def _masked_after_placed_text(text: str, placed: frozenset[int]) -> str | None:
    return _masked_after_key(text, placed)


@text_cache(maxsize=2048, longest=_LONGEST_CACHED_LINE)
def _masked_line(text: str) -> str | None:
    """:func:`_masked_after_key` of a line without placed keys, cached by its
    text: specs repeat most lines from file to file ("  exchangeMode: main";
    three quarters of the bench corpus's lines occur more than once).

    Every key a line names ends at a ``:`` or ``=``, so whether it names one
    that looks like the pre-shared key is decided by the text up to its last
    ``:`` or ``=``: "  vpnGwId:" for every ``vpnGwId`` line, whatever ID
    follows.  That is cached too; looking for a key costs ~4 us a line."""
    cut = max(text.rfind(":"), text.rfind("="))
    if cut < 0 or (cut < _LONGEST_HEAD and _names_no_key(text[:cut + 1])):
        return None
    return _masked_after_key(text)


#: longer heads are searched, not cached (a hostile line must not stay in a cache)
_LONGEST_HEAD = 200


@functools.lru_cache(maxsize=2048)
def _names_no_key(head: str) -> bool:
    return _key_match(head) is None


def mask_written_keys(text: str) -> str:
    """``text`` with what follows a key that looks like the pre-shared key
    (``preSharedKey=...``, ``psk: ...``) masked, as in a line the loader could
    not parse: for messages that quote a file's text the loader could not
    read as a key and value (a YAML tag made of a whole request URL)."""
    masked = _masked_line(text)
    return text if masked is None else masked


def _may_name_known_key(text: str) -> bool:
    """False when :data:`_KNOWN_KEY` cannot match: each spelling holds "shared" or
    "psk", in any case ("ſ", U+017F, is the one other letter re's IGNORECASE
    takes for one of theirs).  A substring test costs a tenth of the search."""
    low = text.lower()
    return "shared" in low or "psk" in low or "\u017f" in low


def _mask_all(text: str) -> str:
    return "".join(MASK if not ch.isspace() else ch for ch in text)
