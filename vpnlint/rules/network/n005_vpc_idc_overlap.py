from __future__ import annotations

from typing import Iterator

from ...connection import Connection
from ...model import Finding, Severity
from ...netaddr import cross_overlaps, spd_rules
from .. import ConnectionRule


class VpcIdcOverlap(ConnectionRule):
    """Flags an spdAcl rule whose IDC side overlaps its own VPC side.

    ## What it does
    For each `spdAcl` rule, compares the VPC-side CIDR with each of its IDC-side
    CIDRs and reports those that are the same network, inside or around it.
    `0.0.0.0/0` on either side overlaps everything; that case is N008's and
    N009's, not this rule's.

    ## Why is this bad?
    A network cannot be on both ends of a tunnel: the addresses in the overlap
    are local to the VPC and at the IDC at once, so their traffic is routed
    wrongly or not at all. AddVpnConnEx refuses such a policy with
    `VpnConnSpdCidrConflict`; often the VPC and the office network were given
    the same private range, and one of them has to be renumbered or NATed.

    ## Example
    ```yaml
    spdAcl: '{"10.0.0.0/16": ["10.0.8.0/24"]}'
    ```

    ## Use instead
    ```yaml
    spdAcl: '{"10.0.0.0/16": ["192.168.8.0/24"]}'
    ```
    """

    code = "N005"
    name = "vpc-idc-overlap"
    severity = Severity.ERROR
    api_error = "VpnConnSpdCidrConflict"

    def check(self, conn: Connection) -> Iterator[Finding]:
        for rule in spd_rules(conn):
            if rule.vpc.is_any:
                continue
            idc = [s for s in rule.idc if not s.is_any]
            for ours, rel, vpc in cross_overlaps(idc, [rule.vpc]):
                yield Finding(
                    "/spdAcl",
                    f"spdAcl rule {vpc.text!r}: IDC-side CIDR {ours.text!r} {rel} the rule's own VPC-side CIDR",
                    hint="the VPC and the IDC network must use different address ranges",
                )
