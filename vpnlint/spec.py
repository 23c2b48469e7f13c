"""Facts about AddVpnConnEx, read from the bundled JSON Schema (one source of truth).

The schema ships in the wheel as the data package ``vpnlint.schemas`` (the
repository's top-level ``schemas/`` folder).
"""

from __future__ import annotations

import functools
import json
import os
import re
from typing import Any

from .caches import text_cache

SCHEMA_FILE = "add-vpn-conn-ex.schema.json"


class _Missing:
    """Sentinel for "not written and no default" (distinct from None / null)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()

#: Added to every Tencent Cloud API v2 call; not part of a connection spec.
COMMON_PARAMETERS = frozenset(
    {"Action", "Region", "Timestamp", "Nonce", "SecretId", "Signature",
     "SignatureMethod", "Token", "Version"}
)

#: The sections of a connection that hold nested options.
SECTIONS = ("IKESet", "IPsecSet")

#: Fields whose values are integers in the nested form (query values are strings).
INTEGER_FIELDS = frozenset(
    {"/IKESet/ikeSaLifetimeSeconds", "/IPsecSet/ipsecSaLifetimeSeconds",
     "/IPsecSet/ipsecSaLifetimeTraffic"}
)


PRE_SHARED_KEY = "/preSharedKey"


@functools.cache
def schema_text() -> str:
    """The schema from the installed data package; from the checkout's
    ``schemas/`` when vpnlint runs from a source tree (``python -m pytest`` in the
    repository).  tests/test_packaging.py proves the wheel carries it."""
    here = os.path.dirname(os.path.abspath(__file__))
    # read as a plain file where it is one (importlib.resources and pathlib
    # would add ~20 ms to every run's start-up)
    for folder in (os.path.join(here, "schemas"), os.path.join(os.path.dirname(here), "schemas")):
        try:
            with open(os.path.join(folder, SCHEMA_FILE), encoding="utf-8") as handle:
                return handle.read()
        except FileNotFoundError:
            continue
    from importlib import resources  # installed in a zip file, say

    return resources.files("vpnlint.schemas").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


@functools.cache
def schema() -> dict[str, Any]:
    return json.loads(schema_text())


def connection_schema() -> dict[str, Any]:
    return schema()["$defs"]["connection"]


def section_schema(section: str) -> dict[str, Any]:
    return schema()["$defs"][section]


def properties_at(pointer: str) -> dict[str, Any] | None:
    """The schema properties of the object at ``pointer`` ("" or "/IKESet"), if any."""
    if pointer == "":
        return connection_schema()["properties"]
    name = pointer.lstrip("/")
    if name in SECTIONS:
        return section_schema(name)["properties"]
    return None


def field_schema(pointer: str) -> dict[str, Any] | None:
    """The schema of a field such as "/IKESet/dhGroupName" or "/vpcId"."""
    parent, _, name = pointer.rpartition("/")
    props = properties_at(parent)
    if props is None or name not in props:
        return None
    sub = props[name]
    if "$ref" in sub:
        return schema()["$defs"][sub["$ref"].rsplit("/", 1)[1]]
    return sub


@functools.cache
def default_of(pointer: str) -> Any:
    """The API's documented default for a field, or :data:`MISSING`."""
    sub = field_schema(pointer)
    if sub is None or "default" not in sub:
        return MISSING
    return sub["default"]


def section_of(field: str) -> str | None:
    """The section ("" for top level) that documents ``field``, if any."""
    if field in connection_schema()["properties"]:
        return ""
    for section in SECTIONS:
        if field in section_schema(section)["properties"]:
            return section
    return None


#: the usual spellings of the key's name, with or without separators (a
#: pattern: the snippet masker looks for them in lines it cannot parse)
SECRET_WORDS = r"pre[ \t_-]*+shared[ \t_-]*+key|\bpsk\b|shared[ \t_-]*+secret"
_SECRET_NAME = re.compile(SECRET_WORDS, re.IGNORECASE)


def looks_secret(key: object) -> bool:
    """True for the pre-shared key and keys that look like a (misspelt) one.

    A misspelt ``presharedKey`` is an unknown key, but its value is still the
    secret, so snippets mask it all the same.  A flattened name is judged by
    each of its parts as well (``IKESet.preSharedKye``, ``preSharedKye.value``).
    """
    # the documented names are asked about most (every key of every file) and
    # answered without the cache
    return isinstance(key, str) and key not in _DOCUMENTED_PLAIN and _looks_secret(key)


@text_cache(maxsize=4096, longest=256)
def _looks_secret(key: str) -> bool:
    """:func:`looks_secret` for a string; cached, as every key of every file is asked."""
    return _secret_word(key) or ("." in key and any(_secret_word(part) for part in key.split(".")))


def _secret_word(key: str) -> bool:
    flat = re.sub(r"[^a-z]", "", key.lower())
    if _SECRET_NAME.search(key) or "sharedkey" in flat or "sharedsecret" in flat or flat == "psk":
        return True
    # typos: preSharedKye, preShareKey, presharedkee, pre-shard-key ...
    return abs(len(flat) - len(_SECRET_FLAT)) <= 2 and _distance(flat, _SECRET_FLAT) <= 2


_SECRET_FLAT = "presharedkey"


def _distance(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions, swaps of neighbours)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        row = [i]
        for j, other in enumerate(b, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                cost = min(cost, previous2[j - 2] + 1)
            row.append(cost)
        previous2, previous = previous, row
    return previous[-1]


def _documented_plain() -> frozenset[str]:
    """The schema's field names that do not look like the key (all but one)."""
    names = set(connection_schema()["properties"])
    for section in SECTIONS:
        names.update(section_schema(section)["properties"])
    return frozenset(name for name in names if not _looks_secret(name))


_DOCUMENTED_PLAIN = _documented_plain()
