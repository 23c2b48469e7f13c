from __future__ import annotations

from typing import Iterator

from ...connection import Connection
from ...model import Finding, Severity
from ...netaddr import peer_address, selectors
from .. import ConnectionRule


class SelectorContainsPeer(ConnectionRule):
    """Flags an IDC-side selector that contains the customer gateway's own address.

    ## What it does
    Reports a `userGwCidrBlock` item or an IDC-side CIDR of `spdAcl` that
    contains `IKESet.remoteAddress`. `0.0.0.0/0` contains every address and is
    left to N008 and N009.

    ## Why is this bad?
    Packets to the customer gateway itself, the IKE and ESP packets that carry
    the tunnel, then match the tunnel's own policy and are sent into a tunnel
    that does not exist yet: the tunnel fails to come up or flaps. The
    gateway's public address belongs outside the encrypted networks.

    ## Example
    ```yaml
    spdAcl: '{"10.0.0.0/24": ["203.0.113.0/24"]}'
    IKESet:
      remoteAddress: 203.0.113.10
    ```

    ## Use instead
    ```yaml
    spdAcl: '{"10.0.0.0/24": ["192.168.10.0/24"]}'
    IKESet:
      remoteAddress: 203.0.113.10
    ```
    """

    code = "N013"
    name = "selector-contains-peer"
    severity = Severity.WARNING

    def check(self, conn: Connection) -> Iterator[Finding]:
        address = peer_address(conn)
        if address is None:
            return
        for sel in selectors(conn):
            if sel.side == "idc" and sel.cidr is not None and not sel.is_any and address in sel.cidr.network:
                yield Finding(
                    sel.pointer,
                    f"{sel.describe()} contains the customer gateway's own address {address} (IKESet.remoteAddress)",
                    hint="leave the gateway's public address out of the networks the tunnel encrypts",
                )
