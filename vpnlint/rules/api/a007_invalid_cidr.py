from __future__ import annotations

from typing import Iterator

from ...connection import Connection
from ...model import Finding, Severity
from ...netaddr import Invalid, selectors
from .. import ConnectionRule


class InvalidCidr(ConnectionRule):
    """Flags a userGwCidrBlock item or spdAcl CIDR that is not a valid IPv4 CIDR.

    ## What it does
    Checks every CIDR block of the traffic selectors (each `userGwCidrBlock`
    item, and the VPC-side and IDC-side CIDRs inside the `spdAcl` JSON string)
    for the form `a.b.c.d/len`: four decimal octets 0-255 without leading zeros
    and a prefix length 0-32, IPv4 only, no whitespace. A bare address without
    `/len` is rejected too (write `/32` for one host), as is a dotted netmask
    (`/255.255.255.0`).

    Values that are not strings are left to the schema rules; a CIDR with host
    bits set (`10.56.20.1/24`) is valid here and reported by N001.

    ## Why is this bad?
    The API cannot route traffic to a block it cannot parse: the call fails, or
    the tunnel comes up without the networks you meant. Leading zeros are worse
    than invalid: some tools read `010` as octal 8, others as decimal 10.

    ## Example
    ```yaml
    spdAcl: '{"10.0.0.0/24": ["192.168.10.0/33"]}'
    ```

    ## Use instead
    ```yaml
    spdAcl: '{"10.0.0.0/24": ["192.168.10.0/24"]}'
    ```
    """

    code = "A007"
    name = "invalid-cidr"
    severity = Severity.ERROR

    def check(self, conn: Connection) -> Iterator[Finding]:
        # partial: a CIDR inside an otherwise malformed spdAcl is still worth naming
        for sel in selectors(conn, partial=True):
            if isinstance(sel.parsed, Invalid):
                yield Finding(
                    sel.pointer,
                    f"{sel.describe()} is not a valid IPv4 CIDR: {sel.parsed.reason}",
                    hint=sel.parsed.hint,
                )
