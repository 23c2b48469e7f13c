"""Command-line paths -> the files to lint.

Files named explicitly are always linted, whatever their name (unless
``--force-exclude`` and an ``exclude`` pattern match them, as pre-commit passes
file names); directories are searched for the ``include`` patterns.  Symbolic
links to directories are not followed, so a link loop cannot trap the walk;
files that are not regular files (a FIFO, a socket) are not picked up.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from typing import Callable

#: folders never searched (a pattern in ``exclude`` adds to these)
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", ".tox", "node_modules", "__pycache__")


class PathNotFound(Exception):
    pass


@dataclass
class Discovery:
    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    force_exclude: bool = False

    def excluded(self, path: str) -> bool:
        """True when a pattern matches the path or any of its components."""
        norm = os.path.normpath(path).replace(os.sep, "/")
        parts = norm.split("/")
        for pattern in DEFAULT_EXCLUDE + tuple(self.exclude):
            pattern = pattern.rstrip("/")
            if fnmatch.fnmatch(norm, pattern) or any(fnmatch.fnmatch(p, pattern) for p in parts):
                return True
        return False

    def included(self, name: str) -> bool:
        return any(fnmatch.fnmatch(name, pattern) for pattern in self.include)

    def files(self, paths: list[str]) -> list[str]:
        found: list[str] = []
        for path in paths:
            if path == "-":
                found.append(path)
            elif os.path.isdir(path):
                found.extend(self._walk(path))
            elif os.path.exists(path) or os.path.islink(path):
                if not (self.force_exclude and self.excluded(path)):
                    found.append(path)
            else:
                raise PathNotFound(path)
        seen: set[str] = set()
        unique = []
        for path in found:
            key = os.path.normpath(path)
            if key not in seen:
                seen.add(key)
                unique.append(path)
        return unique

    def _walk(self, root: str) -> list[str]:
        out: list[str] = []
        for folder, dirs, files in os.walk(root, onerror=lambda _: None):
            dirs[:] = sorted(d for d in dirs if not self.excluded(os.path.join(folder, d))
                             and not os.path.islink(os.path.join(folder, d)))
            wanted = self._wanted_in(folder)
            for name in sorted(files):
                if wanted(name):
                    path = os.path.join(folder, name)
                    if _lintable(path):
                        out.append(path)
        return out

    def _wanted_in(self, folder: str) -> Callable[[str], bool]:
        """Whether a file the walk found in ``folder`` is one to lint, by its
        name: what depends on the folder alone is worked out once per folder."""
        return lambda name: self.included(name) and not self.excluded(os.path.join(folder, name))


def _lintable(path: str) -> bool:
    """A regular file (or a link to one); also a broken link, so that it is reported.

    A FIFO, socket or device is skipped: opening a FIFO waits for a writer, so
    one named ``x.vpn.yaml`` in a searched folder would hang the run.
    """
    return os.path.isfile(path) or not os.path.exists(path)
