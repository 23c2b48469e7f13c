"""S006: IKEv1 aggressive mode."""

from __future__ import annotations

from typing import Iterator

from vpnlint.connection import Connection
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule

from ._fields import setting

_POINTER = "/IKESet/exchangeMode"


class AggressiveMode(ConnectionRule):
    """Flags `exchangeMode: aggressive` (IKEv1 aggressive mode with a pre-shared key).

    ## What it does
    Checks `IKESet.exchangeMode` for `aggressive`. The default, `main`, is fine.

    ## Why is this bad?
    AddVpnConnEx connections authenticate with a pre-shared key. In aggressive
    mode the responder answers the first packet with a hash derived from that
    key, unencrypted, so anyone who can reach or watch the gateway can collect
    it and run an offline dictionary or brute-force attack on the key (tools
    such as ike-scan and psk-crack automate this). The identities of both peers
    are sent in the clear as well (CVE-2002-1623). Main mode protects the
    identities and the authentication hash.

    ## Example
    ```yaml
    IKESet:
      exchangeMode: aggressive
    ```

    ## Use instead
    ```yaml
    IKESet:
      exchangeMode: main
    ```
    """

    code = "S006"
    name = "aggressive-mode"
    severity = Severity.ERROR
    reads = (_POINTER,)
    references = (
        "CVE-2002-1623 (IKE Aggressive Mode with shared-secret authentication does "
        "not encrypt the initiator and responder identities)",
        "Cisco security notice 'Response to BugTraq - Internet Key Exchange Issue' "
        "(2003): with Aggressive Mode and pre-shared keys an attacker can gather what "
        "is needed for an off-line dictionary (brute force) attack on the keys",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        found = setting(conn, _POINTER)
        if found is not None and found.value == "aggressive":
            yield Finding(
                _POINTER,
                "IKE uses aggressive mode: with a pre-shared key it hands out an "
                "unencrypted hash derived from the key, open to offline cracking, "
                "and sends the peers' identities in the clear",
                hint="set exchangeMode: main (the API's default)",
            )
