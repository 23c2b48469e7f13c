from __future__ import annotations

from typing import Iterator

from ...connection import Connection
from ...model import Finding, Severity
from ...netaddr import overlap_phrase, overlapping_earlier, repeats, spd_rules
from .. import ConnectionRule

SPD_OVERLAP_SOURCE = (
    "Tencent Cloud VPN connection guide (tencentcloud.com/zh/document/product/1037/39635): "
    "the local x peer CIDR pairs of SPD policies must not overlap on both sides"
)


class OverlappingIdcCidrs(ConnectionRule):
    """Flags IDC-side CIDRs of one spdAcl rule that duplicate or overlap each other.

    ## What it does
    Within each `spdAcl` rule, compares the IDC-side CIDRs pairwise and reports
    each one that is the same network as, inside, or around an earlier one of
    the same list (all at `spdAcl`; the message names the rule and the CIDRs).

    ## Why is this bad?
    Every VPC-side x IDC-side pair is one SPD policy, and the policies of a
    connection must not overlap: AddVpnConnEx refuses the call with
    `VpnConnSpdCidrConflict`.

    ## Example
    ```yaml
    spdAcl: '{"10.0.0.0/24": ["192.168.0.0/16", "192.168.10.0/24"]}'
    ```

    ## Use instead
    ```yaml
    spdAcl: '{"10.0.0.0/24": ["192.168.0.0/16"]}'
    ```
    """

    code = "N003"
    name = "overlapping-idc-cidrs"
    severity = Severity.ERROR
    api_error = "VpnConnSpdCidrConflict"
    references = (SPD_OVERLAP_SOURCE,)

    def check(self, conn: Connection) -> Iterator[Finding]:
        for rule in spd_rules(conn):
            for later, hits in overlapping_earlier(rule.idc):
                yield Finding(
                    "/spdAcl",
                    f"spdAcl rule {rule.vpc.text!r}: IDC-side CIDR {later.text!r} {overlap_phrase(hits, short=True)}",
                    hint="remove the repeated CIDR" if repeats(hits) else
                    "keep the larger block only, or split them so that no two IDC-side CIDRs of a rule overlap",
                )
