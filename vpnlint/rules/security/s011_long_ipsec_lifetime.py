"""S011: an IPsec SA lifetime longer than eight hours."""

from __future__ import annotations

from typing import Any, ClassVar, Iterator

from vpnlint.connection import Connection
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule

from ._fields import hours, written_int

_POINTER = "/IPsecSet/ipsecSaLifetimeSeconds"


class LongIpsecLifetime(ConnectionRule):
    """Flags an IPsec SA lifetime (`ipsecSaLifetimeSeconds`) above 28800 seconds (8 hours).

    ## What it does
    Checks a written integer `IPsecSet.ipsecSaLifetimeSeconds` against
    `max_seconds` (option, default 28800). The API states no default for the
    field, so an omitted one is not judged.

    ## Why is this bad?
    The IPsec SA's key encrypts the traffic itself. The longer it lives, the
    more ciphertext an attacker can collect under one key for cryptanalysis,
    and the more traffic one compromised key exposes. The DISA VPN Security
    Requirements Guide (V-207237) requires renegotiating the IPsec SA after
    8 hours or less. The API accepts up to 604800 seconds (7 days).

    ## Example
    ```yaml
    IPsecSet:
      ipsecSaLifetimeSeconds: 86400
    ```

    ## Use instead
    ```yaml
    IPsecSet:
      ipsecSaLifetimeSeconds: 3600
    ```
    """

    code = "S011"
    name = "long-ipsec-lifetime"
    severity = Severity.WARNING
    reads = (_POINTER,)
    options: ClassVar[dict[str, Any]] = {"max_seconds": 28800}
    references = (
        "DISA Virtual Private Network (VPN) Security Requirements Guide, V-207237: "
        "the VPN gateway must renegotiate the IPsec SA after eight hours or less",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        seconds = written_int(conn, _POINTER)
        limit = self.options["max_seconds"]
        if seconds is not None and seconds > limit:
            yield Finding(
                _POINTER,
                f"IPsec SA lifetime is {hours(seconds)}, longer than {hours(limit)}",
                hint="3600 s (1 h) is a common choice",
            )
