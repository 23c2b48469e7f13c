"""S007: Diffie-Hellman groups below 2048 bits for IKE or PFS."""

from __future__ import annotations

from typing import Iterator

from vpnlint.connection import Connection
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule

from ._fields import setting

#: group number -> (modulus, RFC 8247 §2.4 status)
_WEAK = {
    "1": ("768-bit", "MUST NOT"),
    "2": ("1024-bit", "SHOULD NOT"),
    "5": ("1536-bit", "SHOULD NOT"),
}

#: (pointer, value prefix, what it is for, the spelling to suggest)
_FIELDS = (
    ("/IKESet/dhGroupName", "group", "IKE Diffie-Hellman group", "dhGroupName: group14"),
    ("/IPsecSet/pfsDhGroup", "dh-group", "PFS group", "pfsDhGroup: dh-group14"),
)


def weak_group(value: str, prefix: str) -> tuple[str, str, str] | None:
    """(number, modulus, status) when ``value`` names a MODP group below 2048 bits."""
    if not value.startswith(prefix):
        return None
    number = value[len(prefix):]
    if number not in _WEAK:
        return None
    return (number, *_WEAK[number])


class WeakDhGroup(ConnectionRule):
    """Flags MODP Diffie-Hellman groups 1, 2 and 5 (768 to 1536 bits) for IKE or PFS.

    ## What it does
    Checks `IKESet.dhGroupName` for `group1`, `group2` or `group5` and
    `IPsecSet.pfsDhGroup` for `dh-group1`, `dh-group2` or `dh-group5`.
    `dhGroupName` has no documented default, so an omitted one is not judged.

    ## Why is this bad?
    The Diffie-Hellman exchange produces the keys that protect the tunnel, and
    anyone who recorded the traffic can attack it offline, years later. Group 1
    (768-bit MODP) can be broken within hours with cheap hardware and is
    MUST NOT; group 2 (1024-bit) is within reach of well-funded attackers and
    group 5 (1536-bit) has too narrow a margin, both SHOULD NOT (RFC 8247 §2.4).
    Group 14 (2048-bit MODP) is the MUST-implement group and is offered by this
    API.

    ## Example
    ```yaml
    IKESet:
      dhGroupName: group2
    IPsecSet:
      pfsDhGroup: dh-group5
    ```

    ## Use instead
    ```yaml
    IKESet:
      dhGroupName: group14
    IPsecSet:
      pfsDhGroup: dh-group14
    ```
    """

    code = "S007"
    name = "weak-dh-group"
    severity = Severity.ERROR
    reads = tuple(pointer for pointer, *_ in _FIELDS)
    references = (
        "RFC 8247 §2.4 (IKEv2 Diffie-Hellman groups: group 1, 768-bit MODP, MUST NOT; "
        "groups 2 and 5, 1024- and 1536-bit MODP, SHOULD NOT; group 14 MUST)",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        for pointer, prefix, what, suggestion in _FIELDS:
            found = setting(conn, pointer)
            if found is None:
                continue
            weak = weak_group(found.value, prefix)
            if weak is None:
                continue
            number, modulus, status = weak
            yield Finding(
                pointer,
                f"{what} is {found.value}, the {modulus} MODP group "
                f"(RFC 8247: {status}): too small to protect recorded traffic",
                hint=f"use {suggestion} (2048-bit MODP)",
            )
