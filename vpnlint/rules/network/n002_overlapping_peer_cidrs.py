from __future__ import annotations

from typing import Iterator

from ...connection import Connection
from ...model import Finding, Severity
from ...netaddr import overlap_phrase, overlapping_earlier, peer_blocks, repeats
from .. import ConnectionRule


class OverlappingPeerCidrs(ConnectionRule):
    """Flags a userGwCidrBlock item that duplicates or overlaps an earlier one.

    ## What it does
    Compares the `userGwCidrBlock` items pairwise and reports each item that is
    the same network as, inside, or around an earlier item, naming the earlier
    one by value and index. Items that are not valid CIDRs are left to A007.

    ## Why is this bad?
    The peer's CIDR blocks become the tunnel's traffic selectors, and selectors
    of one connection must not overlap: the API refuses them, or the gateway
    installs redundant policies that the peer may not mirror, so part of the
    traffic is dropped. A duplicate is usually a copy-paste slip hiding the
    block that was meant.

    ## Example
    ```yaml
    userGwCidrBlock:
      - 192.168.0.0/16
      - 192.168.10.0/24
    ```

    ## Use instead
    ```yaml
    userGwCidrBlock:
      - 192.168.0.0/16
      - 172.16.10.0/24
    ```
    """

    code = "N002"
    name = "overlapping-peer-cidrs"
    severity = Severity.ERROR

    def check(self, conn: Connection) -> Iterator[Finding]:
        for later, hits in overlapping_earlier(peer_blocks(conn)):
            yield Finding(
                later.pointer,
                f"{later.describe()} {overlap_phrase(hits)}",
                hint="remove the repeated block" if repeats(hits) else
                "keep the larger block only, or split them so that no two blocks overlap",
            )
