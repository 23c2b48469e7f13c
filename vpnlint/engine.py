"""Runs the rules: files -> findings -> positioned, stamped diagnostics -> report.

Per-file work (:func:`check_file`) is independent and picklable in and out, so
files can be spread over processes; the across-spec (X) rules then run on the
small summaries the files left.  Rules give pointers; this module alone turns
them into positions (through the document's source map, or a summary's places)
and stamps code, name, category, severity and ``api_error``.
"""

from __future__ import annotations

import operator
import os
import stat
import sys
from dataclasses import dataclass, field, replace
from typing import Hashable, Iterable

from . import filters, loaders, suppressions
from .caches import forget_long_texts, remember, text_cache
from .connection import Connection, join_pointer, readings, split_pointer
from .document import Document
from .model import Diagnostic, Finding, Severity, Span, in_order
from .registry import Registry
from .report import Report
from .rules import ConnectionRule, InputRule, Rule, RunRule
from .settings import Settings
from .snippets import Snippets, mask_written_keys
from .spec import PRE_SHARED_KEY, SECTIONS, looks_secret
from .summary import ConnectionSummary, RunSummaries, digest, layout, pack
from .suppressions import Suppression


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no CRLF translation under us


class RuleCrashed(Exception):
    """A rule raised: reported as the tool's own failure, naming rule and file."""

    @classmethod
    def of(cls, rule: Rule, exc: Exception, where: str = "") -> "RuleCrashed":
        return cls(f"rule {rule.code} ({rule.name}, from {rule.origin}) failed{where}: "
                   f"{type(exc).__name__}: {exc}")


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    summaries: list[ConnectionSummary] = field(default_factory=list)
    documents: int = 0
    #: the decoded text (suppression comments are read from it)
    text: str = ""
    kind: str = "none"
    #: the file's ``# vpnlint:`` comments (YAML only), applied by :mod:`vpnlint.filters`
    suppressions: list[Suppression] = field(default_factory=list)


class Engine:
    def __init__(self, registry: Registry, settings: Settings) -> None:
        self.registry = registry
        self.settings = settings
        self.connection_rules: list[ConnectionRule] = []
        #: rule code -> (code, name, category, severity) stamped on its diagnostics
        self._stamps: dict[str, tuple[str, str, str, Severity]] = {}
        self.run_rules: list[RunRule] = []
        for rule_class in registry:
            if not settings.enabled(rule_class.code):
                continue
            options = settings.rule_options.get(rule_class.code)
            if issubclass(rule_class, ConnectionRule):
                self.connection_rules.append(rule_class(options))
            elif issubclass(rule_class, RunRule):
                self.run_rules.append(rule_class(options))
        #: the fields the connection rules that declare ``reads`` read, each once,
        #: as parts; their findings are remembered by the readings of their fields
        #: (:func:`vpnlint.connection.readings`), unless one is the key's
        remembered = [rule for rule in self.connection_rules if rule.reads is not None and not any(
            looks_secret(part) for pointer in rule.reads for part in split_pointer(pointer))]
        pointers = list(dict.fromkeys(pointer for rule in remembered for pointer in rule.reads or ()))
        self._read_parts = tuple(tuple(split_pointer(pointer)) for pointer in pointers)
        #: per connection rule: what it reads (None: anything) and, if remembered,
        #: what picks its readings out of the connection's
        self._checks = [(rule, rule.reads, operator.itemgetter(*map(pointers.index, rule.reads))
                         if rule in remembered else None) for rule in self.connection_rules]
        #: (rule's place, its readings) -> its findings
        self._found: dict[tuple, list[Finding]] = {}
        #: the run rules that note something of each connection (RunRule.note)
        self.noting = [rule for rule in self.run_rules if type(rule).note is not RunRule.note]
        #: the top-level fields a summary keeps in ``data``: what the run rules read
        #: (None: all, when one of them does not say)
        self.summary_fields: frozenset[str] | None = None
        if all(rule.reads is not None for rule in self.run_rules):
            self.summary_fields = frozenset(name for rule in self.run_rules for name in rule.reads or ())

    # -- stamping ---------------------------------------------------------------
    def diagnostic(self, rule: type[Rule] | Rule, finding: Finding, path: str, document: int,
                   pointer: str, span: Span, snippet: tuple[str, ...], message: str) -> Diagnostic:
        """``finding`` of ``rule`` as a diagnostic at ``span`` (on one line: see
        :meth:`vpnlint.snippets.Snippets.first_line`), stamped."""
        stamp = self._stamps.get(rule.code)
        if stamp is None:
            stamp = self._stamps[rule.code] = (rule.code, rule.name, rule.category(),
                                               self.settings.severity_of(rule.code, rule.severity))
        code, name, category, severity = stamp
        return Diagnostic(
            path, document, _shared(pointer), span.line, span.column, span.end_line, span.end_column,
            code, name, category, severity, _shared(message), finding.hint,
            finding.api_error or rule.api_error, finding.fix, snippet)

    # -- one file ----------------------------------------------------------------
    def check_bytes(self, path: str, raw: bytes, size: int | None = None) -> FileResult:
        forget_long_texts()  # the last file's, if it had any
        source = loaders.load(path, raw, self.settings.limits, size)
        snippets = Snippets(source.text, source.kind, source.secret_spans, self.settings.source_lines)
        result = FileResult(path=path, documents=len(source.documents), text=source.text, kind=source.kind)
        if source.kind == "yaml":
            result.suppressions = [replace(s, snippet=_snippet(snippets, Span.point(s.line, s.column)))
                                   for s in suppressions.parse(source.text)]
        for rule_name, finding, document in source.problems:
            self._input(result, snippets, rule_name, finding, document, "")
        try:
            for document in source.documents:
                for conn in self._connections(document, path, result, snippets):
                    self._check_connection(conn, document, snippets, result)
                    summary = _summarise(conn, document, snippets, self.summary_fields)
                    if self.noting:
                        summary.notes = self._notes(conn)
                    result.summaries.append(summary)
        except RuleCrashed as exc:
            # printed as vpnlint's own error: a rule's exception may quote the key
            secrets = _secret_values(source.documents)
            message = _Scrubber(secrets).text(str(exc)) if secrets else str(exc)
            if message == str(exc):
                raise
            raise RuleCrashed(message) from None  # what it was raised from quotes it too
        # a file without diagnostics has nothing to scrub: its key's values are not looked for
        secrets = _secret_values(source.documents) if result.diagnostics else []
        if secrets:
            scrubber = _Scrubber(secrets)
            result.diagnostics = [scrubber.diagnostic(d) for d in result.diagnostics]
        result.diagnostics = [_guarded(d) for d in result.diagnostics]
        return result

    def check_file(self, path: str) -> FileResult:
        try:
            # without waiting for a writer: a FIFO named on the command line with
            # none would hang the run (it reads as empty); reads block as usual
            fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY)
            try:
                if _NONBLOCK:
                    os.set_blocking(fd, True)
                status = os.fstat(fd)
                size = status.st_size
                # never read more than the limit allows: a huge file costs nothing
                raw = _read_at_most(fd, self.settings.limits.max_file_size + 1,
                                    size + 1 if stat.S_ISREG(status.st_mode) else None)
            finally:
                os.close(fd)
        except OSError as exc:
            result = FileResult(path=path)
            reason = exc.strerror or type(exc).__name__
            self._input(result, Snippets("", "none", []), "unreadable-file",
                        Finding("", f"cannot read the file: {reason}", span=Span.point(1, 1)), 0, "")
            return result
        return self.check_bytes(path, raw, size)

    def _input(self, result: FileResult, snippets: Snippets, rule_name: str, finding: Finding,
               document: int, pointer: str) -> None:
        rule = self.registry.by_name(rule_name)
        if not self.settings.enabled(rule.code):
            return
        span = snippets.first_line(finding.span or Span.point(1, 1))
        result.diagnostics.append(self.diagnostic(
            rule, finding, result.path, document, pointer, span, _snippet(snippets, span), finding.message))

    def _connections(self, document: Document, path: str, result: FileResult,
                     snippets: Snippets) -> Iterable[Connection]:
        data = document.data
        if isinstance(data, dict):
            yield Connection(path, document.index, "", data, document.source)
            return
        if isinstance(data, list) and data:
            for index, item in enumerate(data):
                pointer = join_pointer(index)
                if isinstance(item, dict):
                    yield Connection(path, document.index, pointer, item, document.source)
                else:
                    self._not_a_mapping(result, snippets, document, pointer,
                                        f"list item {index} is {_kind(item)}, not a connection mapping")
            return
        what = "an empty list" if isinstance(data, list) else _kind(data)
        self._not_a_mapping(result, snippets, document, "",
                            f"the document is {what}; a spec is a mapping or a list of mappings")

    def _not_a_mapping(self, result, snippets, document, pointer, message) -> None:
        span = document.source.position_of(pointer)
        self._input(result, snippets, "not-a-mapping", Finding(pointer, message, span=span),
                    document.index, pointer)

    def _check_connection(self, conn: Connection, document: Document, snippets: Snippets,
                          result: FileResult) -> None:
        source_map = document.source
        read: list[Hashable] | None | bool = False  # the readings, once a remembered rule asks
        found = self._found
        for place, (rule, reads, pick) in enumerate(self._checks):
            try:
                if reads is None:
                    findings = list(rule.check(conn))
                    if findings:  # most rules find nothing in most connections
                        _check_findings(findings)
                    else:
                        continue
                elif pick is None:
                    findings = self._check_cut(rule, reads, conn)
                else:
                    if read is False:
                        read = readings(conn.data, self._read_parts)
                    if read is None:  # a value too large to remember
                        findings = self._check_cut(rule, reads, conn)
                    else:
                        key = (place, pick(read))
                        findings = found.get(key)  # type: ignore[assignment]
                        if findings is None:
                            findings = remember(found, key, self._check_cut(rule, reads, conn), _MOST_FOUND)
            except Exception as exc:
                raise RuleCrashed.of(rule, exc, f" on {conn.path}") from exc
            for finding in findings:
                pointer = conn.base + finding.pointer
                span = snippets.first_line(finding.span or source_map.position_of(pointer, finding.part))
                message = finding.message
                if finding.related is not None and "{related}" in message:
                    other = source_map.position_of(conn.base + finding.related.pointer, finding.related.part)
                    message = message.replace("{related}", f"line {other.line}")
                result.diagnostics.append(self.diagnostic(
                    rule, finding, conn.path, conn.document, pointer, span, _snippet(snippets, span), message))

    @staticmethod
    def _check_cut(rule: ConnectionRule, reads: tuple[str, ...], conn: Connection) -> list[Finding]:
        """What a rule that declares ``reads`` finds in ``conn`` cut down to them."""
        findings = list(rule.check(conn.cut(reads)))
        if findings:
            _check_findings(findings)
        return findings

    def _notes(self, conn: Connection) -> dict[str, object]:
        notes = {}
        for rule in self.noting:
            try:
                note = rule.note(conn)
            except Exception as exc:
                raise RuleCrashed.of(rule, exc, f" on {conn.path}") from exc
            if note is not None:
                notes[rule.code] = note
        return notes

    # -- the whole run -------------------------------------------------------------
    def check_run(self, summaries: list[ConnectionSummary]) -> list[Diagnostic]:
        summaries = RunSummaries(summaries)  # the rules share what they compute alike
        by_key: dict[tuple[str, int, str], ConnectionSummary] = {}  # built when a finding names another
        out: list[Diagnostic] = []
        for rule in self.run_rules:
            try:
                findings = list(rule.check_run(summaries))
                _check_findings(findings, pairs=True)
            except Exception as exc:
                raise RuleCrashed.of(rule, exc) from exc
            for summary, finding in findings:
                span, lines = summary.place(finding.pointer, finding.part)
                message = finding.message
                if finding.related is not None and "{related}" in message:
                    if not by_key:
                        by_key.update((s.key, s) for s in summaries)
                    other = by_key.get(finding.related.key or summary.key, summary)
                    other_span, _ = other.place(finding.related.pointer, finding.related.part)
                    message = message.replace("{related}", f"{other.path}:{other_span.line}")
                snippet = (lines[span.line],) if span.line in lines else ()  # none when the run shows none
                out.append(self.diagnostic(rule, finding, summary.path, summary.document,
                                           summary.base + finding.pointer, span, snippet, message))
        return [_guarded(d) for d in out]


#: the findings remembered for the readings of declared fields, at most
_MOST_FOUND = 4096


def _read_at_most(fd: int, limit: int, expected: int | None) -> bytes:
    """The file's first ``limit`` bytes (all of it when shorter), read as
    ``expected`` bytes (a regular file's size, plus one to see its end) and
    then, if it grew, 64 KiB at a time.

    One ``read`` of the size the file has: a buffered ``read(limit)`` made
    every file of a run cost a 1 MiB allocation, four times the time of the
    read itself (63 against 15 us a file, measured on the bench corpus)."""
    chunks: list[bytes] = []
    total = 0
    want = limit if expected is None else max(1, min(expected, limit))
    while total < limit:
        chunk = os.read(fd, min(want, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want = 65536
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


#: a message or hint longer than this (a rule quoting a 1 MB value) keeps its
#: start and end, with what was left out counted in between
MAX_TEXT = 1000
_HEAD, _TAIL = 600, 300


def _guarded(d: Diagnostic) -> Diagnostic:
    """The message and hint with a key written into them as ``name=value`` or
    ``name: value`` masked (the scrubber knows only the values the file's data
    holds under a key's name), then shortened: a cut must not leave half a
    key that neither could recognise."""
    message = _shorten(mask_written_keys(d.message))
    hint = None if d.hint is None else _shorten(mask_written_keys(d.hint))
    return d if message == d.message and hint == d.hint else replace(d, message=message, hint=hint)


def _shorten(text: str) -> str:
    if len(text) <= MAX_TEXT:
        return text
    left_out = len(text) - _HEAD - _TAIL
    return f"{text[:_HEAD]}...[{left_out:,} characters left out]...{text[-_TAIL:]}"


def _check_findings(findings: list, pairs: bool = False) -> None:
    """A plugin's check that yields something else fails as the rule, not as vpnlint."""
    for item in findings:
        if pairs:
            if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], ConnectionSummary)):
                raise TypeError("check_run must yield (summary, Finding) pairs")
            item = item[1]
        if not isinstance(item, Finding) or not isinstance(item.pointer, str):
            raise TypeError("the check must yield vpnlint.model.Finding values with a str pointer, "
                            f"not {type(item).__name__}")


#: shorter values are not searched for in messages (they would hit ordinary words)
_MIN_SECRET = 4
SECRET_SHOWN_AS = "<pre-shared key>"


def _secret_values(documents: list[Document]) -> list[str]:
    """The pre-shared key's values in a file, under any key that looks like it,
    longest first: what a rule could quote if the key were also written elsewhere
    (``vpcId: *key`` with ``preSharedKey: &key ...``)."""
    found: set[str] = set()
    for document in documents:
        _collect_secrets(document.data, found)
    return sorted(found, key=len, reverse=True)


def _collect_secrets(value, found: set[str]) -> None:
    """Adds to ``found`` every value held under a key that looks like the key.

    Module-level functions, not closures over ``found``: recursive nested
    functions are a reference cycle, left for the cyclic collector, per file."""
    if isinstance(value, dict):
        for key, item in value.items():
            if looks_secret(key):
                _all_values(item, found)
            elif isinstance(item, (dict, list)):  # no call for each scalar
                _collect_secrets(item, found)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                _collect_secrets(item, found)


def _all_values(value, found: set[str]) -> None:
    if isinstance(value, dict):
        for item in value.values():
            _all_values(item, found)
    elif isinstance(value, list):
        for item in value:
            _all_values(item, found)
    elif value is not None and not isinstance(value, bool) and len(str(value)) >= _MIN_SECRET:
        found.add(str(value))


class _Scrubber:
    """Replaces every copy of the key in a text: the last guard, whatever a rule
    (or a plugin) chose to quote.

    A file may hold thousands of keys; testing each against each message would
    be quadratic, so candidates are found by their first characters: a text is
    read once, in windows of the shortest key's length.
    """

    #: up to this many keys, each is looked for with ``in`` (C speed); past it,
    #: one pass over the text in windows
    FEW = 16

    def __init__(self, secrets: list[str]) -> None:
        self.secrets = secrets  # longest first, as given
        self.width = min(len(secret) for secret in secrets)
        self.by_prefix: dict[str, list[str]] = {}
        for secret in secrets:
            self.by_prefix.setdefault(secret[: self.width], []).append(secret)

    def found(self, value: str) -> list[str]:
        """The keys ``value`` holds, longest first."""
        if len(self.secrets) <= self.FEW:
            return [secret for secret in self.secrets if secret in value]
        width, by_prefix = self.width, self.by_prefix
        found = {secret for i in range(len(value) - width + 1)
                 for secret in by_prefix.get(value[i:i + width], ()) if secret in value}
        return sorted(found, key=len, reverse=True)

    def text(self, value: str) -> str:
        for secret in self.found(value):
            value = value.replace(secret, SECRET_SHOWN_AS)
        return value

    def clean(self, value):
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.clean(k): self.clean(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(self.clean(v) for v in value)
        return value

    def diagnostic(self, d: Diagnostic) -> Diagnostic:
        # nearly every diagnostic quotes no key: one search of its texts together
        # (a key met only across the joins costs the full pass, never a miss)
        if d.fix is None and not self.found("\0".join((d.message, d.hint or "", d.pointer))):
            return d
        fields = {"message": d.message, "hint": d.hint, "fix": d.fix, "pointer": d.pointer}
        cleaned = {name: self.clean(value) for name, value in fields.items()}
        return d if cleaned == fields else replace(d, **cleaned)


def _snippet(snippets: Snippets, span: Span) -> tuple[str, ...]:
    if not snippets.shown:
        return ()
    line = snippets.line(span.line)
    if line is None:
        return ()
    if len(line) > _SHARED_SNIPPET:
        return (line,)
    snippet = _SNIPPETS.get(line)
    return remember(_SNIPPETS, line, (_shared(line),), 8192) if snippet is None else snippet


#: one snippet tuple per line text: most diagnostics quote a line others quote
#: too ("  propoAuthenAlgorithm: sha"); half the snippets of the bench corpus
#: were copies (measured with tracemalloc, 10,000 files)
_SNIPPETS: dict[str, tuple[str]] = {}
_SHARED_SNIPPET = 200


def _shared(text: str) -> str:
    """One copy of a string that many diagnostics and summaries repeat.

    A run keeps its diagnostics and summaries to the end, and most of their
    strings recur from file to file: source lines ("  exchangeMode: main"),
    pointers ("/IKESet/dhGroupName"), messages.  Measured (tracemalloc, 2,000
    bench files) they were a third of what a run holds; interned, each text
    is kept once (see docs/performance.md)."""
    return sys.intern(text) if type(text) is str else text


def _kind(value: object) -> str:
    if value is None:
        return "empty (null)"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def _summarise(conn: Connection, document: Document, snippets: Snippets,
               fields: frozenset[str] | None = None) -> ConnectionSummary:
    """The connection's top two levels, minus the key and the crypto sections:
    in ``data``, only ``fields`` (all when None); places of all, each on one
    line (:meth:`Snippets.first_line`), and, when the run shows source lines,
    those lines."""
    top = {k: v for k, v in conn.data.items() if k not in SECTIONS and k != _PSK_FIELD}
    data = {_shared(k): v for k, v in top.items() if fields is None or k in fields}
    psk = conn.data.get(_PSK_FIELD)
    pointers = [""] + [_field_pointer(k) for k in top]
    pointers += [join_pointer(k, i) for k, v in top.items() if type(v) is list for i in range(len(v))]
    if _PSK_FIELD in conn.data:
        pointers.append(PRE_SHARED_KEY)
    nodes, base = document.source.nodes, conn.base
    found: list[str] = []
    spans: list[tuple[int, ...]] = []
    lines: dict[int, str] = {}
    first_line, shown = snippets.first_line, snippets.shown
    for pointer in pointers:
        node = nodes.get(base + pointer)
        if node is None:
            continue
        found.append(pointer)
        key = node.key
        spans.append(pack(None if key is None else first_line(key), first_line(node.value)))
        if not shown:
            continue
        for span in (key, node.value):
            if span is not None and span.line not in lines:
                text = snippets.line(span.line)
                if text is not None:
                    lines[span.line] = _shared(text)
    return ConnectionSummary(
        path=conn.path, document=conn.document, base=conn.base, data=data,
        psk_digest=digest(psk) if isinstance(psk, str) else None,
        pointers=layout(tuple(found)), spans=tuple(spans),
        line_texts=tuple(item for number, text in lines.items() for item in (number, text)))


_PSK_FIELD = PRE_SHARED_KEY[1:]


@text_cache(maxsize=1024, longest=64)
def _field_pointer(name: str) -> str:
    """``join_pointer(name)``, one string per field name (a layout's pointers are
    then the same objects in every summary)."""
    return _shared(join_pointer(name))


def lint(paths: list[str], engine: Engine) -> Report:
    """Lint files (already expanded to file paths) and run the across-spec rules."""
    results = [engine.check_file(path) for path in paths]
    return assemble(results, engine)


def assemble(results: list[FileResult], engine: Engine) -> Report:
    diagnostics = [d for result in results for d in result.diagnostics]
    diagnostics += engine.check_run([s for result in results for s in result.summaries])
    diagnostics = filters.apply(diagnostics, results, engine)
    diagnostics = in_order(diagnostics)
    return Report(
        diagnostics=diagnostics, files=len(results),
        documents=sum(result.documents for result in results),
        rules=list(engine.registry), paths=[result.path for result in results])
