"""The pre-shared key, as the S013-S016 rules see it, and what makes one weak.

One place decides what counts as an environment reference (``${VPN_PSK}``: not a
key, so not judged) and what makes a literal key weak.  Nothing here returns or
formats any part of the key: callers get lengths and reasons, never characters.
"""

from __future__ import annotations

import math
import re

from vpnlint import spec
from vpnlint.connection import MISSING, Connection

POINTER = spec.PRE_SHARED_KEY

#: Shorter than this is an error (S013).
MIN_LENGTH = 8
#: Shorter than this is a warning (S014).
RECOMMENDED_LENGTH = 20
#: A single-class key is low entropy unless it is long enough to carry this much.
SINGLE_CLASS_BITS = 128
#: Above this estimate a key is long and varied enough that a short run, word or
#: sequence inside it is chance, not a human pattern (30 random letters and digits).
PATTERN_CHECK_BITS = 176
#: Hex digits this many or more (128 bits) look machine-made: patterns are chance.
RANDOM_HEX_LENGTH = 32
_HEX = re.compile(r"[0-9a-f]+|[0-9A-F]+")

_ENV_REFERENCE = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*\}")

_CLASSES = (
    (re.compile(r"[a-z]"), 26),
    (re.compile(r"[A-Z]"), 26),
    (re.compile(r"[0-9]"), 10),
    (re.compile(r"[^a-zA-Z0-9]"), 33),
)

#: One character four times in a row, or a unit of two or more repeated.
_REPEAT = re.compile(r"(.)\1{3,}|(.{2,}?)\2{2,}|(.{3,})\3", re.DOTALL)

_KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx")
_SEQUENCE_LENGTH = 4

_COMMON_WORDS = (
    "password", "passwd", "secret", "admin", "letmein", "welcome", "changeme",
    "default", "iloveyou", "monkey", "dragon", "master", "shadow", "sunshine",
    "princess", "football", "baseball", "superman", "trustno", "guest", "test",
    "root", "login", "cisco", "tencent", "ipsec", "preshared", "sharedkey",
    "vpnkey", "vpnpass",
)
_LEET = (str.maketrans("013457@$!", "oieastasi"), str.maketrans("013457@$!", "olesstasl"))


def is_env_reference(value: object) -> bool:
    """True for a whole value of the form ``${NAME}``: a reference, not a key."""
    return isinstance(value, str) and _ENV_REFERENCE.fullmatch(value) is not None


def literal_key(conn: Connection) -> str | None:
    """The key as committed to the file, or None when there is none to judge.

    None for: no key (the schema rules report it), a key that is not a string
    or is empty (likewise), and an environment reference.
    """
    if not isinstance(conn.data, dict):
        return None
    value = conn.get(POINTER)
    if value is MISSING or not isinstance(value, str) or not value:
        return None
    if is_env_reference(value):
        return None
    return value


def is_short(key: str) -> bool:
    """Shorter than :data:`MIN_LENGTH` characters (S013)."""
    return len(key) < MIN_LENGTH


def character_classes(key: str) -> int:
    return sum(1 for pattern, _ in _CLASSES if pattern.search(key))


def estimated_bits(key: str) -> float:
    """Length times log2 of the alphabet its character classes span.

    An upper bound (it assumes random choice); good enough to tell a long
    random single-class key from a short one.
    """
    pool = sum(size for pattern, size in _CLASSES if pattern.search(key))
    return len(key) * math.log2(pool) if pool else 0.0


def _has_sequence(lowered: str) -> bool:
    n = _SEQUENCE_LENGTH
    for i in range(len(lowered) - n + 1):
        chunk = lowered[i:i + n]
        if chunk.isalnum() and chunk.isascii():
            steps = {ord(b) - ord(a) for a, b in zip(chunk, chunk[1:])}
            if steps in ({1}, {-1}):
                return True
    for row in _KEYBOARD_ROWS:
        for candidate in (row, row[::-1]):
            for i in range(len(candidate) - n + 1):
                if candidate[i:i + n] in lowered:
                    return True
    return False


def _has_common_word(lowered: str) -> bool:
    for table in _LEET:
        plain = lowered.translate(table)
        if any(word in plain for word in _COMMON_WORDS):
            return True
    return False


def _may_be_human(key: str) -> bool:
    """False for keys that look generated, where patterns are coincidence."""
    if len(key) >= RANDOM_HEX_LENGTH and _HEX.fullmatch(key):
        return False
    return estimated_bits(key) < PATTERN_CHECK_BITS


def weaknesses(key: str) -> list[str]:
    """Why a key of at least :data:`MIN_LENGTH` characters is weak (S014), if it is.

    Each reason is a fixed phrase: none quotes, counts or hints at the key's
    characters, so a message built from them cannot leak the key.
    """
    reasons = []
    if len(key) < RECOMMENDED_LENGTH:
        reasons.append(f"it is shorter than {RECOMMENDED_LENGTH} characters")
    if character_classes(key) <= 1 and estimated_bits(key) < SINGLE_CLASS_BITS:
        reasons.append("it uses a single character class")
    if len(set(key)) < 6:
        reasons.append("it has very few distinct characters")
    if _may_be_human(key):
        lowered = key.lower()
        if _REPEAT.search(key):
            reasons.append("it repeats a character or a short pattern")
        if _has_common_word(lowered):
            reasons.append("it contains a common word")
        if _has_sequence(lowered):
            reasons.append("it contains a keyboard, letter or number sequence")
    return reasons


def has_encoding_prefix(key: str) -> bool:
    """Starts with ``0x`` (read as hex) or ``0s`` (read as Base64) by strongSwan."""
    return key.startswith(("0x", "0s"))
