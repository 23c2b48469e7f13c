"""S009: no perfect forward secrecy for the IPsec SAs (the API's default)."""

from __future__ import annotations

from typing import Iterator

from vpnlint.connection import Connection
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule

from ._fields import setting

_POINTER = "/IPsecSet/pfsDhGroup"


class NoPfs(ConnectionRule):
    """Flags a connection without perfect forward secrecy (`pfsDhGroup: "null"`, the default).

    ## What it does
    Checks the effective `IPsecSet.pfsDhGroup`. It defaults to the string
    `null` (no PFS) when omitted, so a spec without it, or without `IPsecSet`,
    is flagged at the `IPsecSet` key or at the connection.

    ## Why is this bad?
    Without PFS, every IPsec (child) SA's keys are derived from the IKE SA's
    key material, with no fresh Diffie-Hellman exchange when they are created
    or rekeyed. Whoever
    obtains that material, by breaking the phase 1 exchange or by reading a
    gateway's memory, can decrypt every child SA derived from it, including
    recorded past traffic. With a PFS group, each rekey runs its own exchange
    and a compromise is limited to one SA.

    ## Example
    ```yaml
    IPsecSet:
      pfsDhGroup: "null"
    ```

    ## Use instead
    ```yaml
    IPsecSet:
      pfsDhGroup: dh-group14
    ```
    """

    code = "S009"
    name = "no-pfs"
    severity = Severity.WARNING
    reads = (_POINTER,)
    references = (
        "AddVpnConnEx: IPsecSet.pfsDhGroup defaults to 'null' (no PFS)",
        "RFC 7296 §1.3 (a CREATE_CHILD_SA request MAY carry a KE payload for an "
        "additional Diffie-Hellman exchange, for stronger forward secrecy of the Child SA)",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        found = setting(conn, _POINTER)
        if found is not None and found.value == "null":
            yield Finding(
                _POINTER,
                f"no perfect forward secrecy: pfsDhGroup is 'null'{found.origin()}, so "
                "every IPsec SA key derives from the IKE SA's key material",
                hint="set IPsecSet.pfsDhGroup: dh-group14",
            )
