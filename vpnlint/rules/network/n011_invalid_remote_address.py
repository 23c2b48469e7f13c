from __future__ import annotations

from typing import Iterator

from ...connection import Connection
from ...model import Finding, Severity
from ...netaddr import peer_address, special_purpose
from .. import ConnectionRule


class InvalidRemoteAddress(ConnectionRule):
    """Flags an IKESet.remoteAddress that no customer gateway can have.

    ## What it does
    Reports a `remoteAddress` that is 0.0.0.0 or in 0.0.0.0/8, loopback
    (127.0.0.0/8), link-local (169.254.0.0/16), multicast (224.0.0.0/4),
    reserved (240.0.0.0/4) or the limited broadcast address 255.255.255.255.
    Nothing is checked when `remoteIdentity` is `fqdn` (the API ignores
    `remoteAddress` then) or when the value is not an address (A009).

    ## Why is this bad?
    The remote address is the customer gateway's public IP, the address the
    tunnel is negotiated with. None of these blocks can be a gateway's address
    on the Internet, and Tencent Cloud refuses them for customer gateways; the
    tunnel would never come up.

    ## Example
    ```yaml
    IKESet:
      remoteAddress: 127.0.0.1
    ```

    ## Use instead
    ```yaml
    IKESet:
      remoteAddress: 203.0.113.10
    ```
    """

    code = "N011"
    name = "invalid-remote-address"
    severity = Severity.ERROR
    references = (
        "RFC 6890 §2.2.2: IPv4 special-purpose address registry",
        "RFC 5771: IPv4 multicast addresses, 224.0.0.0/4",
        "Tencent Cloud VPN usage limits: customer gateways cannot use all-0, all-255, multicast, "
        "loopback (127.0.0.0/8) or 169.254.0.0/16 addresses",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        address = peer_address(conn)
        block = special_purpose(address) if address is not None else None
        if block is not None:
            yield Finding(
                "/IKESet/remoteAddress",
                f"IKESet.remoteAddress '{address}' is {block.phrase()}: no customer gateway can have it",
                hint="write the public IPv4 address of the customer gateway",
            )
