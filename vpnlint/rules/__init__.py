"""The rule contract shared by built-in and third-party rules.

A rule is a class in its own module with:

- ``code`` (category letter + three digits), ``name`` (kebab-case, says what is
  wrong), ``severity`` (the default; config may override it);
- optionally ``api_error`` (the AddVpnConnEx error the finding prevents),
  ``options`` (defaults a config may override, read from ``self.options``),
  ``references`` (citations, shown by ``vpnlint explain`` and in the docs) and
  ``example_options`` (the options the docstring's examples assume);
- a docstring with the sections ``## What it does``, ``## Why is this bad?``,
  ``## Example`` and ``## Use instead`` (the last two hold a YAML code block each);
- a check: :meth:`ConnectionRule.check` gets one connection,
  :meth:`RunRule.check_run` gets the summaries of every connection of the run,
  and an :class:`InputRule` has none (the loader reports it by ``name``).

Rules yield :class:`vpnlint.model.Finding` values with JSON Pointers; they never
compute positions, choose their severity at run time, or format output.  Built-in
rules live in the sub-packages of this package and are discovered by
:mod:`vpnlint.registry`; nothing lists them by hand.
"""

from __future__ import annotations

import inspect
import re
from typing import Any, ClassVar, Iterable, Iterator

from ..model import CATEGORIES, Finding, Severity

_SECTION = re.compile(r"^## +(.+?)\s*$", re.MULTILINE)
_CODE_BLOCK = re.compile(r"```[a-z]*\n(.*?)```", re.DOTALL)

DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")


class Rule:
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.ERROR
    api_error: ClassVar[str | None] = None
    options: ClassVar[dict[str, Any]] = {}
    references: ClassVar[tuple[str, ...]] = ()
    #: options the docstring's examples are written for (a lower quota keeps an
    #: example short); ``vpnlint explain`` says so and the doc meta-test applies them
    example_options: ClassVar[dict[str, Any]] = {}
    #: where the rule came from: "vpnlint" or the plugin's name (set by the registry)
    origin: ClassVar[str] = "vpnlint"

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        self.options = {**type(self).options, **(options or {})}

    # -- metadata -----------------------------------------------------------
    @classmethod
    def category(cls) -> str:
        return CATEGORIES.get(cls.code[:1], "unknown")

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """The docstring split at its ``## `` headings (the first part is "summary")."""
        text = cls.doc()
        parts = _SECTION.split(text)
        sections = {"summary": parts[0].strip()}
        for title, body in zip(parts[1::2], parts[2::2]):
            sections[title.strip()] = body.strip()
        return sections

    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring: one sentence saying what is flagged."""
        return cls.doc_sections()["summary"].splitlines()[0] if cls.doc() else cls.name

    @classmethod
    def example(cls, section: str) -> str | None:
        """The code block of "Example" (bad) or "Use instead" (good)."""
        body = cls.doc_sections().get(section)
        if not body:
            return None
        match = _CODE_BLOCK.search(body)
        return match.group(1) if match else None


class InputRule(Rule):
    """Reported by the loader (syntax, encoding, limits); has no check of its own."""


class ConnectionRule(Rule):
    """Checks one connection at a time."""

    #: the fields ``check`` reads, as JSON Pointers ("/IKESet/dhGroupName"), or
    #: None (the default) for any.  A rule that says is given the connection cut
    #: down to them (:meth:`vpnlint.connection.Connection.cut`: no other field,
    #: no path, no source map), so what it finds depends on their values alone,
    #: and the engine checks each set of values once and reuses the findings for
    #: every later connection that has the same (the crypto settings of most
    #: specs are one of a few dozen).  Worth saying for fields whose values
    #: recur; a field that looks like the pre-shared key is read, never remembered
    reads: ClassVar[tuple[str, ...] | None] = None

    def check(self, conn) -> Iterable[Finding]:  # conn: vpnlint.connection.Connection
        raise NotImplementedError


class RunRule(Rule):
    """Checks all connections of one run together, through their summaries.

    Yields ``(summary, finding)``: the finding's pointer is relative to that
    summary's connection.
    """

    #: the top-level fields ``check_run`` reads from ``summary.data``; None (the
    #: default) for all of them.  A run keeps a summary of every connection to
    #: its end, and keeps in ``data`` only what some run rule reads: when every
    #: run rule says, fields none of them reads are left out (the places and
    #: lines of every top-level field are kept whatever the rules say)
    reads: tuple[str, ...] | None = None

    def note(self, conn) -> Any:
        """What the rule will need of one connection beyond its summary's ``data``:
        computed as the connection is checked (in a worker process, with
        ``--jobs``) and kept in the summary's ``notes`` under the rule's code.

        For work ``check_run`` would otherwise do on every summary, in the one
        process that runs the X rules: X005 notes the VPC-side CIDRs its spdAcl
        parses to (as written and as integers), so it need not read spdAcl.  A
        note must be small and picklable; the default, None, keeps nothing.
        """
        return None

    def noted(self, summary) -> Any:
        """The rule's note of ``summary``'s connection; for a summary made without
        one, ``note(summary)`` (a note that reads only the top-level ``data``
        gives the same, if the summary kept the fields it reads)."""
        notes = summary.notes
        return notes[self.code] if self.code in notes else self.note(summary)

    def check_run(self, summaries) -> Iterator[tuple[Any, Finding]]:
        raise NotImplementedError
