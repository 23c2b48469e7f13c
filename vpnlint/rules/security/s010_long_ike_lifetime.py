"""S010: an IKE SA lifetime longer than a day."""

from __future__ import annotations

from typing import Any, ClassVar, Iterator

from vpnlint.connection import Connection
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule

from ._fields import hours, written_int

_POINTER = "/IKESet/ikeSaLifetimeSeconds"


class LongIkeLifetime(ConnectionRule):
    """Flags an IKE SA lifetime (`ikeSaLifetimeSeconds`) above 86400 seconds (24 hours).

    ## What it does
    Checks a written integer `IKESet.ikeSaLifetimeSeconds` against
    `max_seconds` (option, default 86400). The API states no default for the
    field, so an omitted one is not judged.

    ## Why is this bad?
    The IKE SA's keys protect every rekey of the tunnel: the longer they live,
    the more an attacker gains from breaking or stealing them, and the longer a
    peer keeps authenticating on a pre-shared key that may have been revoked.
    24 hours is a common upper bound for the phase 1 lifetime; stricter
    baselines ask for far less (the DISA VPN Security Requirements Guide,
    V-207238, wants the IKE SA renegotiated after 8 hours or less). The API
    accepts up to 604800 seconds (7 days).

    ## Example
    ```yaml
    IKESet:
      ikeSaLifetimeSeconds: 604800
    ```

    ## Use instead
    ```yaml
    IKESet:
      ikeSaLifetimeSeconds: 28800
    ```
    """

    code = "S010"
    name = "long-ike-lifetime"
    severity = Severity.WARNING
    reads = (_POINTER,)
    options: ClassVar[dict[str, Any]] = {"max_seconds": 86400}
    references = (
        "DISA Virtual Private Network (VPN) Security Requirements Guide, V-207238: "
        "the VPN gateway must renegotiate the IKE SA after eight hours or less",
        "Common hardening guidance: an IKE SA lifetime of at most 24 hours (vpnlint's "
        "default threshold, looser than the SRG; see the max_seconds option)",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        seconds = written_int(conn, _POINTER)
        limit = self.options["max_seconds"]
        if seconds is not None and seconds > limit:
            yield Finding(
                _POINTER,
                f"IKE SA lifetime is {hours(seconds)}, longer than {hours(limit)}",
                hint="28800 s (8 h) is a common choice",
            )
