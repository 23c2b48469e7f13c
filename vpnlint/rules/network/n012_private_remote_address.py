from __future__ import annotations

from typing import Iterator

from ...connection import Connection
from ...model import Finding, Severity
from ...netaddr import peer_address, private_range
from .. import ConnectionRule


class PrivateRemoteAddress(ConnectionRule):
    """Flags an IKESet.remoteAddress in private (RFC 1918) or carrier-grade NAT space.

    ## What it does
    Reports a `remoteAddress` in 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16
    (RFC 1918) or 100.64.0.0/10 (RFC 6598 shared address space). Nothing is
    checked when `remoteIdentity` is `fqdn` or when the value is not an
    address.

    ## Why is this bad?
    The tunnel is negotiated with the customer gateway's public IP, and these
    addresses are not reachable over the Internet. Usually the gateway sits
    behind NAT and its inside address was copied: the tunnel then works only
    with the NAT device's public address and NAT traversal on the gateway. If
    that is your setup on purpose, suppress the warning with a reason.

    ## Example
    ```yaml
    IKESet:
      remoteAddress: 192.168.1.1
    ```

    ## Use instead
    ```yaml
    IKESet:
      remoteAddress: 203.0.113.10
    ```
    """

    code = "N012"
    name = "private-remote-address"
    severity = Severity.WARNING
    references = (
        "RFC 1918 §3: private address space 10/8, 172.16/12, 192.168/16",
        "RFC 6598: shared address space 100.64.0.0/10 for carrier-grade NAT",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        address = peer_address(conn)
        block = private_range(address) if address is not None else None
        if block is not None:
            yield Finding(
                "/IKESet/remoteAddress",
                f"IKESet.remoteAddress '{address}' is {block.phrase()}, not reachable over the Internet",
                hint="write the customer gateway's public IPv4 address; behind NAT, the NAT device's "
                "public address, with NAT traversal enabled on the gateway",
            )
