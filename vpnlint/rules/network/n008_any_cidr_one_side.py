from __future__ import annotations

from typing import Iterator

from ...connection import Connection
from ...model import Finding, Severity
from ...netaddr import peer_blocks, spd_rules
from .. import ConnectionRule


class AnyCidrOneSide(ConnectionRule):
    """Flags 0.0.0.0/0 on one side of the traffic selectors.

    ## What it does
    Reports `0.0.0.0/0` (any CIDR with prefix length 0) as a `userGwCidrBlock`
    item, or on one side of an `spdAcl` rule: as its VPC-side CIDR, or among its
    IDC-side CIDRs. When a rule has it on both sides, N009 reports that instead.

    ## Why is this bad?
    "Every address" on the IDC side sends all of the VPC's traffic towards the
    peer, Internet-bound traffic included, and the customer gateway's own
    public address falls inside the encrypted range, which can keep the tunnel
    from coming up. Many peers also negotiate narrower selectors, so the two
    ends disagree. It is sometimes meant (a hub that is the VPC's default
    route); then list the networks explicitly or suppress the warning with a
    reason.

    ## Example
    ```yaml
    spdAcl: '{"10.0.0.0/24": ["0.0.0.0/0"]}'
    ```

    ## Use instead
    ```yaml
    spdAcl: '{"10.0.0.0/24": ["192.168.0.0/16"]}'
    ```
    """

    code = "N008"
    name = "any-cidr-one-side"
    severity = Severity.WARNING

    def check(self, conn: Connection) -> Iterator[Finding]:
        hint = "list the networks that need the tunnel instead of every address"
        for sel in peer_blocks(conn):
            if sel.is_any:
                yield Finding(sel.pointer, f"{sel.describe()} matches every IPv4 address", hint=hint)
        for rule in spd_rules(conn):
            if rule.any_both_sides:
                continue  # N009
            for sel in (rule.vpc, *rule.idc):
                if sel.is_any:
                    yield Finding(sel.pointer, f"{sel.describe()} matches every IPv4 address", hint=hint)
