from __future__ import annotations

from typing import Iterator

from ...connection import Connection
from ...model import Finding, Severity
from ...netaddr import selectors, special_purpose
from .. import ConnectionRule


class SpecialPurposeSelector(ConnectionRule):
    """Flags a selector CIDR inside a special-purpose block (loopback, link-local, multicast, ...).

    ## What it does
    Reports a CIDR of `userGwCidrBlock` or of either side of `spdAcl` that lies
    inside 0.0.0.0/8 ("this network"), 127.0.0.0/8 (loopback), 169.254.0.0/16
    (link-local), 224.0.0.0/4 (multicast) or 240.0.0.0/4 (reserved, with the
    limited broadcast address). `0.0.0.0/0` itself is N008's and N009's.

    ## Why is this bad?
    These addresses are never forwarded between networks, so no packet of
    theirs can cross a tunnel: the selector protects nothing and usually hides
    a typo (`127.16.0.0/16` for `172.16.0.0/16`). Unicast IPsec policies cannot
    carry multicast either.

    ## Example
    ```yaml
    spdAcl: '{"10.0.0.0/24": ["127.16.0.0/16"]}'
    ```

    ## Use instead
    ```yaml
    spdAcl: '{"10.0.0.0/24": ["172.16.0.0/16"]}'
    ```
    """

    code = "N010"
    name = "special-purpose-selector"
    severity = Severity.ERROR
    references = (
        "RFC 6890 §2.2.2: IPv4 special-purpose address registry "
        "(0.0.0.0/8, 127.0.0.0/8, 169.254.0.0/16, 240.0.0.0/4)",
        "RFC 5771: IPv4 multicast addresses, 224.0.0.0/4",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        for sel in selectors(conn):
            if sel.cidr is None or sel.is_any:
                continue
            block = special_purpose(sel.cidr.network)
            if block is not None:
                yield Finding(
                    sel.pointer,
                    f"{sel.describe()} is {block.phrase()}: such addresses never cross a VPN",
                    hint="use the real networks of the VPC and the IDC",
                )
