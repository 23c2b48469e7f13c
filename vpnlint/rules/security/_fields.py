"""Reading a crypto setting the way the API will: the written value or its default.

Shared by the S rules so that each one treats omitted fields, wrong types and
broken sections alike: a value that is not a string (or a section that is not a
mapping) is the schema rules' business, and the security rules stay quiet.
"""

from __future__ import annotations

import functools
from typing import Callable, NamedTuple

from vpnlint.connection import MISSING, Connection, split_pointer


class Setting(NamedTuple):
    """The effective value of one field and whether it came from the API's default.

    A named tuple: a run makes several for every connection, and a frozen
    dataclass costs twice as much to make."""

    pointer: str
    value: str
    defaulted: bool

    @property
    def field(self) -> str:
        return split_pointer(self.pointer)[-1]

    def origin(self) -> str:
        """The message suffix naming the default, or nothing for a written value."""
        if self.defaulted:
            return f" (the API's default when {self.field} is omitted)"
        return ""


def setting(conn: Connection, pointer: str) -> Setting | None:
    """The effective string value at ``pointer`` ("/IKESet/propoAuthenAlgorithm").

    None when there is nothing a security rule should judge: the connection or
    its section is not a mapping, the written value is not a string, or the
    field is omitted and has no documented default.  Worked out once per
    connection and field: a dozen rules ask.
    """
    compute = _COMPUTE.get(pointer)
    if compute is None:
        compute = _COMPUTE[pointer] = functools.partial(_setting, pointer)
    return conn.memo(compute, compute)


#: pointer -> the function that works its setting out, which is also its memo key
#: (a dozen rules ask for the same few pointers, 67,620 times in the bench corpus)
_COMPUTE: dict[str, Callable[[Connection], "Setting | None"]] = {}


def _setting(pointer: str, conn: Connection) -> Setting | None:
    if not isinstance(conn.data, dict):
        return None
    parts = split_pointer(pointer)
    if len(parts) == 2:
        section = conn.data.get(parts[0], MISSING)
        if section is not MISSING and not isinstance(section, dict):
            return None
    written = conn.get(pointer)
    if written is not MISSING:
        return Setting(pointer, written, False) if isinstance(written, str) else None
    default = conn.effective(pointer)
    if isinstance(default, str):
        return Setting(pointer, default, True)
    return None


def written_int(conn: Connection, pointer: str) -> int | None:
    """The integer written at ``pointer``, or None (absent, bool, string, ...)."""
    if not isinstance(conn.data, dict):
        return None
    value = conn.get(pointer)
    if type(value) is int:  # bool is an int subclass, and never a lifetime
        return value
    return None


def hours(seconds: int) -> str:
    """Seconds as written plus the duration people think in: "86401 s (24 h 1 s)"."""
    if seconds <= 0:
        return f"{seconds} s"
    parts = []
    rest = seconds
    for size, unit in ((3600, "h"), (60, "min"), (1, "s")):
        amount, rest = divmod(rest, size)
        if amount:
            parts.append(f"{amount} {unit}")
    if parts == [f"{seconds} s"] or not parts:
        return f"{seconds} s"
    return f"{seconds} s ({' '.join(parts)})"
