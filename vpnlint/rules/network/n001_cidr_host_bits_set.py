from __future__ import annotations

from typing import Iterator

from ...connection import Connection
from ...model import Finding, Severity
from ...netaddr import selectors
from .. import ConnectionRule


class CidrHostBitsSet(ConnectionRule):
    """Flags a selector CIDR with host bits set, such as 10.56.20.1/24.

    ## What it does
    Checks each CIDR of `userGwCidrBlock` and of both sides of `spdAcl` for bits
    set after the prefix length: `10.56.20.1/24` has `.1` where a `/24` network
    has `.0`. The hint names the network the block really covers; for a
    `userGwCidrBlock` item a fix replaces the value with it (inside the
    `spdAcl` string, the CIDR is named in the message instead).

    ## Why is this bad?
    The block is ambiguous: did you mean the network `10.56.20.0/24` or the one
    host `10.56.20.1/32`? The API and most gateways silently take the network,
    while others reject the selector, so the two ends of the tunnel may not
    agree on what they protect. The API page's own example writes
    `10.56.20.1/24`; do not copy it.

    ## Example
    ```yaml
    spdAcl: '{"10.0.0.0/24": ["10.56.20.1/24"]}'
    ```

    ## Use instead
    ```yaml
    spdAcl: '{"10.0.0.0/24": ["10.56.20.0/24"]}'
    ```
    """

    code = "N001"
    name = "cidr-host-bits-set"
    severity = Severity.WARNING
    references = ("AddVpnConnEx API page: its examples write 10.56.20.1/24 and 10.0.0.5/24, which have host bits set",)

    def check(self, conn: Connection) -> Iterator[Finding]:
        for sel in selectors(conn):
            cidr = sel.cidr
            if cidr is None or not cidr.host_bits_set:
                continue
            network = str(cidr.network)
            yield Finding(
                sel.pointer,
                f"{sel.describe()} has host bits set: the network it covers is {network}",
                hint=f"did you mean {network!r}? (for the one host, write '{cidr.address}/32')",
                # a fix replaces a whole value, which is the CIDR only outside the spdAcl string
                fix={"replacement": network} if sel.rule is None else None,
            )
