from __future__ import annotations

from typing import Iterator

from ...connection import Connection
from ...model import Finding, Severity
from ...netaddr import OverlapIndex, block, cross_overlaps, relation, spd_rules
from .. import ConnectionRule
from .n003_overlapping_idc_cidrs import SPD_OVERLAP_SOURCE


class OverlappingVpcCidrs(ConnectionRule):
    """Flags two spdAcl rules of one spec whose VPC-side CIDRs overlap.

    ## What it does
    Compares the VPC-side CIDRs (the keys) of `spdAcl` pairwise: the same
    network written twice, or one inside the other, is reported at `spdAcl`.

    ## Why is this bad?
    The project's reading of Tencent's SPD limits (spec/AddVpnConnEx.md: the
    VPC-side CIDRs on one gateway must not overlap) makes this a
    `VpnConnSpdCidrConflict`. Tencent's VPN guide describes the conflict as an
    overlap on both sides; when the IDC sides overlap too, the message says
    so, and packets would match both rules.

    ## Example
    ```yaml
    spdAcl: '{"10.0.0.0/16": ["192.168.0.0/16"], "10.0.1.0/24": ["172.16.10.0/24"]}'
    ```

    ## Use instead
    ```yaml
    spdAcl: '{"10.0.0.0/24": ["192.168.0.0/16", "172.16.10.0/24"]}'
    ```
    """

    code = "N004"
    name = "overlapping-vpc-cidrs"
    severity = Severity.ERROR
    api_error = "VpnConnSpdCidrConflict"
    references = (SPD_OVERLAP_SOURCE,)

    def check(self, conn: Connection) -> Iterator[Finding]:
        rules = spd_rules(conn)
        index = OverlapIndex([[] if r.vpc.cidr is None else [block(r.vpc.cidr.network)] for r in rules])
        for j, later in enumerate(rules):
            for earlier in (rules[i] for i in index.earlier(j)):
                vpc_rel = relation(later.vpc.cidr, earlier.vpc.cidr)
                idc = next(cross_overlaps(later.idc, earlier.idc), None)
                both = "" if idc is None else (
                    f"; their IDC sides overlap too ({idc[0].text!r} {idc[1]} {idc[2].text!r})")
                yield Finding(
                    "/spdAcl",
                    f"spdAcl VPC-side {later.vpc.text!r} {vpc_rel} {earlier.vpc.text!r}{both}",
                    hint="merge the two rules into one, or make their VPC-side CIDRs disjoint",
                )
