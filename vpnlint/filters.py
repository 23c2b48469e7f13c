"""What a run leaves out: files (``exclude``) and diagnostics (``per-file-ignores``,
``# vpnlint:`` suppressions).  The baseline is the last filter, in
:mod:`vpnlint.baseline`.

Runs after every rule, the across-spec (X) ones included, so a comment or a
per-file ignore hides an X diagnostic in its own file like any other.  A
suppression that hid nothing, names an unknown code or cannot be read is
reported as P010 (unused-suppression) at the comment.

Path patterns (``include``, ``exclude``, ``per-file-ignores``) are relative to
the folder of the config file that set them (``Settings.root``): a pattern with
a ``/`` is matched against the path from that folder (``*`` crosses folders; a
folder pattern covers everything below it), one without a ``/`` against every
component of the path, the file name included.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .discovery import DEFAULT_EXCLUDE, Discovery
from .model import Diagnostic, Finding, Span
from .suppressions import Suppression, echo

if TYPE_CHECKING:  # pragma: no cover
    from .engine import Engine, FileResult

UNUSED_SUPPRESSION = "P010"
#: input problems after which the rules still ran over the whole file
_RULES_STILL_RAN = {"P002", UNUSED_SUPPRESSION}


# -- paths ---------------------------------------------------------------------
def relative(path: str, root: str) -> str:
    """``path`` (as given, relative to the working directory) seen from ``root``;
    the absolute path when it is outside ``root``; ``-`` stays ``-``."""
    if path == "-":
        return path
    # a prefix test, not os.path.relpath: a walk asks this twice per file, and
    # relpath made each ask cost four getcwd calls
    absolute = os.path.abspath(path)
    base = os.path.abspath(root)
    prefix = base if base.endswith(os.sep) else base + os.sep
    if os.path.normcase(absolute) == os.path.normcase(base):
        rel = "."
    elif os.path.normcase(absolute).startswith(os.path.normcase(prefix)):
        rel = absolute[len(prefix):]
    else:  # outside root (or on another drive)
        rel = absolute
    return rel.replace(os.sep, "/")


def path_matches(path: str, pattern: str, root: str, rel: str | None = None) -> bool:
    """Whether a config pattern names ``path`` (see the module docstring).

    ``rel`` is ``relative(path, root)`` when the caller has it already (it
    costs more than the match: a walk asks a dozen patterns per file)."""
    compiled = _compiled(pattern)
    if compiled is None:
        return False
    whole, matchers = compiled
    if rel is None:
        rel = relative(path, root)
    if not whole:
        match = matchers[0]
        return any(match(os.path.normcase(part)) for part in rel.split("/") if part)
    if os.path.isabs(pattern):
        rel = os.path.abspath(path).replace(os.sep, "/")
    parts = os.path.normcase(rel).split("/")
    prefixes = ["/".join(parts[:n]) for n in range(len(parts), 0, -1)]
    return any(match(prefix) for prefix in prefixes for match in matchers)


@functools.lru_cache(maxsize=1024)
def _compiled(pattern: str) -> tuple[bool, list] | None:
    """A pattern, normalised and compiled once: (matched against the whole path?,
    fnmatch's regular expressions); None for an empty pattern."""
    pattern = _normalised(pattern)
    if not pattern:
        return None
    whole = "/" in pattern
    candidates = [pattern, pattern[3:]] if whole and pattern.startswith("**/") else [pattern]
    return whole, [re.compile(fnmatch.translate(os.path.normcase(c))).match for c in candidates]


def _normalised(pattern: str) -> str:
    """A config pattern with ``/`` separators, without a leading ``./`` or a trailing ``/``."""
    pattern = pattern.replace("\\", "/").rstrip("/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern


@dataclass
class ConfiguredDiscovery(Discovery):
    """:class:`Discovery` with patterns taken relative to the config's folder."""

    root: str = "."

    def excluded(self, path: str, rel: str | None = None) -> bool:
        """``rel``: ``relative(path, self.root)``, when the caller has it."""
        if rel is None:
            rel = relative(path, self.root)
        parts, wholes = self._exclude_patterns
        if parts is not None and any(parts(os.path.normcase(part)) for part in rel.split("/") if part):
            return True
        return any(path_matches(path, pattern, self.root, rel) for pattern in wholes)

    def included(self, name: str) -> bool:
        # the file-name part of each pattern; _walk then checks the whole pattern
        return self._include_names(os.path.normcase(name)) is not None

    @functools.cached_property
    def _include_names(self) -> Callable[[str], Any]:
        """The file-name part of every ``include`` pattern, as one regular expression."""
        names = [pattern.rstrip("/").rsplit("/", 1)[-1] for pattern in self.include]
        return re.compile("|".join(fnmatch.translate(os.path.normcase(name)) for name in names) or "(?!)").match

    def _wanted_in(self, folder: str) -> Callable[[str], bool]:
        # a walk of 2,000 files asked each of them for its path from the root and
        # matched every folder of it against the patterns: 80 ms before the first
        # file was read.  What a pattern without a '/' says of the folders is the
        # same for all the folder's files, so it is asked once here.
        folder_rel = relative(folder, self.root)
        parts, exclude_wholes = self._exclude_patterns
        plain, include_wholes = self._include_patterns
        above = [] if folder_rel == "." else [os.path.normcase(part) for part in folder_rel.split("/") if part]
        if parts is not None and any(parts(part) for part in above):
            return lambda name: False
        # an include pattern without a '/' names a file when it matches any part of its path
        included_above = plain is not None and any(plain(part) for part in above)
        root = self.root

        def wanted(name: str) -> bool:
            case = os.path.normcase(name)
            if self._include_names(case) is None or (parts is not None and parts(case)):
                return False
            path = os.path.join(folder, name)
            rel = name if folder_rel == "." else f"{folder_rel}/{name}"
            if any(path_matches(path, pattern, root, rel) for pattern in exclude_wholes):
                return False
            return included_above or (plain is not None and plain(case) is not None) or any(
                path_matches(path, pattern, root, rel) for pattern in include_wholes)
        return wanted

    @functools.cached_property
    def _include_patterns(self) -> tuple[Callable[[str], Any] | None, list[str]]:
        """As :attr:`_exclude_patterns`, for ``include``."""
        return _split_patterns(self.include)

    @functools.cached_property
    def _exclude_patterns(self) -> tuple[Callable[[str], Any] | None, list[str]]:
        """The patterns without a ``/`` as one regular expression (a walk asks
        them of every folder), and the others."""
        return _split_patterns(DEFAULT_EXCLUDE + tuple(self.exclude))


def _split_patterns(patterns: Iterable[str]) -> tuple[Callable[[str], Any] | None, list[str]]:
    """Patterns without a ``/`` (matched against each part of a path) as one
    regular expression, and those with one (matched against the whole path)."""
    compiled = [(p, _compiled(p)) for p in patterns]
    parts = [fnmatch.translate(os.path.normcase(_normalised(p))) for p, c in compiled if c and not c[0]]
    wholes = [p for p, c in compiled if c and c[0]]
    return (re.compile("|".join(parts)).match if parts else None), wholes


# -- per-file-ignores ------------------------------------------------------------
class PerFileIgnores:
    def __init__(self, table: dict[str, list[str]], root: str) -> None:
        self.table = list(table.items())
        self.root = root
        self._cache: dict[str, list[str]] = {}

    def selectors(self, path: str) -> list[str]:
        if path not in self._cache:
            self._cache[path] = [code for pattern, codes in self.table
                                 if path_matches(path, pattern, self.root) for code in codes]
        return self._cache[path]

    def ignored(self, path: str, code: str) -> bool:
        """Per-file ignores always win, whatever ``select`` says."""
        return any(s == "ALL" or code.startswith(s) for s in self.selectors(path)) if self.table else False


# -- the stage -------------------------------------------------------------------
def apply(diagnostics: list[Diagnostic], results: Iterable["FileResult"], engine: "Engine") -> list[Diagnostic]:
    """Drop what per-file-ignores and suppression comments hide; add P010 reports."""
    settings = engine.settings
    ignores = PerFileIgnores(settings.per_file_ignores, settings.root)
    comments = {r.path: r.suppressions for r in results if getattr(r, "suppressions", None)}
    if not ignores.table and not comments:
        return diagnostics
    used: dict[int, set[str]] = {}  # id(suppression) -> codes it hid ("" for a blanket)
    kept = []
    for diagnostic in diagnostics:
        if ignores.ignored(diagnostic.path, diagnostic.code):
            continue
        hidden = False
        for suppression in comments.get(diagnostic.path, ()):
            if suppression.covers(diagnostic.line, diagnostic.code):
                used.setdefault(id(suppression), set()).add(diagnostic.code)
                hidden = True
        if not hidden:
            kept.append(diagnostic)
    if comments and settings.enabled(UNUSED_SUPPRESSION):
        rule = engine.registry.get(UNUSED_SUPPRESSION)
        blocked = {d.path for d in diagnostics
                   if d.category == "input" and d.code not in _RULES_STILL_RAN}
        for path, suppressions in comments.items():
            if ignores.ignored(path, UNUSED_SUPPRESSION):
                continue
            for suppression in suppressions:
                message = _unused(suppression, used.get(id(suppression), set()), path, engine,
                                  ignores, path in blocked)
                if message is None:
                    continue
                if any(other.covers(suppression.line, UNUSED_SUPPRESSION, explicit=True)
                       for other in suppressions):
                    continue
                text, hint = message
                span = Span(suppression.line, suppression.column, suppression.line, suppression.end_column)
                kept.append(engine.diagnostic(rule, Finding("", text, hint=hint, span=span), path,
                                              suppression.document, "", span, suppression.snippet, text))
    return kept  # in no particular order: the engine sorts the run's diagnostics


def _unused(suppression: Suppression, hid: set[str], path: str, engine: "Engine",
            ignores: PerFileIgnores, blocked: bool) -> tuple[str, str] | None:
    """The P010 message and hint for one comment, or None when it did its job."""
    if suppression.error is not None:
        return f"suppression comment not understood: {suppression.error}", \
            "this comment suppresses nothing until it is fixed"
    unknown = [c for c in suppression.codes if engine.registry.get(c) is None]
    parts = []
    if unknown:
        parts.append(f"unknown rule code{'s' if len(unknown) > 1 else ''} "
                     + ", ".join(f"'{echo(c)}'" for c in unknown))
    if not blocked:
        if suppression.codes:
            idle = [c for c in suppression.codes
                    if c not in unknown and c != UNUSED_SUPPRESSION and c not in hid
                    and engine.settings.enabled(c) and not ignores.ignored(path, c)]
        else:
            idle = [] if hid else ["*"]
        if idle == ["*"]:
            parts.append(f"{suppression.kind} suppressed nothing {suppression.where()}")
        elif idle:
            parts.append(f"{', '.join(idle)} reported nothing {suppression.where()}")
    if not parts:
        return None
    hint = "remove the comment, or the codes it lists that hide nothing" if not unknown else \
        "suppressions take whole rule codes (see 'vpnlint rules')"
    return "unused suppression: " + "; ".join(parts), hint
