"""S008: the RFC 5114 Diffie-Hellman group 24 for IKE or PFS."""

from __future__ import annotations

from typing import Iterator

from vpnlint.connection import Connection
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule

from ._fields import setting

_FIELDS = (
    ("/IKESet/dhGroupName", "group24", "IKE Diffie-Hellman group", "dhGroupName: group14"),
    ("/IPsecSet/pfsDhGroup", "dh-group24", "PFS group", "pfsDhGroup: dh-group14"),
)


class Rfc5114DhGroup(ConnectionRule):
    """Flags Diffie-Hellman group 24, the RFC 5114 group with a 256-bit prime-order subgroup.

    ## What it does
    Checks `IKESet.dhGroupName` for `group24` and `IPsecSet.pfsDhGroup` for
    `dh-group24`.

    ## Why is this bad?
    Group 24 is the 2048-bit MODP group with a 256-bit prime-order subgroup of
    RFC 5114 §2.3. Its modulus is not a safe prime, so it has small subgroups
    and every received public value must be checked (RFC 6989) to avoid
    small-subgroup attacks, and the seeds it was generated from were never
    published, which lowers trust in it. RFC 8247 §2.4 rates it SHOULD NOT and
    expects to downgrade it to MUST NOT. Group 14, a safe-prime 2048-bit MODP
    group, is offered by this API.

    ## Example
    ```yaml
    IKESet:
      dhGroupName: group24
    IPsecSet:
      pfsDhGroup: dh-group24
    ```

    ## Use instead
    ```yaml
    IKESet:
      dhGroupName: group14
    IPsecSet:
      pfsDhGroup: dh-group14
    ```
    """

    code = "S008"
    name = "rfc5114-dh-group"
    severity = Severity.WARNING
    reads = tuple(pointer for pointer, *_ in _FIELDS)
    references = (
        "RFC 8247 §2.4 (IKEv2 Diffie-Hellman groups: group 24 SHOULD NOT; small "
        "subgroups, not safe primes, unpublished seeds)",
        "RFC 5114 §2.3 (2048-bit MODP Group with 256-bit Prime Order Subgroup)",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        for pointer, value, what, suggestion in _FIELDS:
            found = setting(conn, pointer)
            if found is not None and found.value == value:
                yield Finding(
                    pointer,
                    f"{what} is {value}, the RFC 5114 group with a 256-bit prime-order "
                    "subgroup (RFC 8247: SHOULD NOT)",
                    hint=f"use {suggestion} (a safe-prime 2048-bit MODP group)",
                )
