from __future__ import annotations

from typing import Iterator

from ...connection import Connection
from ...model import Finding, Severity
from ...netaddr import cross_overlaps, relation, spd_rules
from .. import ConnectionRule
from .n003_overlapping_idc_cidrs import SPD_OVERLAP_SOURCE


class OverlappingVpcCidrs(ConnectionRule):
    """Flags two spdAcl rules whose VPC-side CIDRs overlap while their IDC sides overlap too.

    ## What it does
    Compares the rules of `spdAcl` pairwise. Two rules conflict when their
    VPC-side CIDRs overlap (same network, or one inside the other) **and** an
    IDC-side CIDR of one overlaps an IDC-side CIDR of the other: then some
    packet matches both rules. Overlapping VPC sides towards disjoint IDC
    networks are allowed (Tencent's own example maps `10.0.1.0/24` to two
    different IDC networks).

    ## Why is this bad?
    Each VPC-side x IDC-side pair is one SPD policy, and Tencent Cloud requires
    that no two policies overlap on both sides: AddVpnConnEx refuses the call
    with `VpnConnSpdCidrConflict`.

    ## Example
    ```yaml
    spdAcl: '{"10.0.0.0/16": ["192.168.0.0/16"], "10.0.1.0/24": ["192.168.10.0/24"]}'
    ```

    ## Use instead
    ```yaml
    spdAcl: '{"10.0.0.0/16": ["192.168.0.0/16"], "10.0.1.0/24": ["172.16.10.0/24"]}'
    ```
    """

    code = "N004"
    name = "overlapping-vpc-cidrs"
    severity = Severity.ERROR
    api_error = "VpnConnSpdCidrConflict"
    references = (SPD_OVERLAP_SOURCE,)

    def check(self, conn: Connection) -> Iterator[Finding]:
        rules = spd_rules(conn)
        for j, later in enumerate(rules):
            for earlier in rules[:j]:
                if later.vpc.cidr is None or earlier.vpc.cidr is None:
                    continue
                vpc_rel = relation(later.vpc.cidr, earlier.vpc.cidr)
                idc = next(cross_overlaps(later.idc, earlier.idc), None)
                if vpc_rel is None or idc is None:
                    continue
                ours, idc_rel, theirs = idc
                yield Finding(
                    "/spdAcl",
                    f"spdAcl rules {earlier.vpc.text!r} and {later.vpc.text!r} overlap on both sides: "
                    f"VPC-side {later.vpc.text!r} {vpc_rel} {earlier.vpc.text!r}, and "
                    f"IDC-side {ours.text!r} {idc_rel} {theirs.text!r}",
                    hint="merge the two rules into one, or make their VPC-side or their IDC-side CIDRs disjoint",
                )
