from __future__ import annotations

from typing import Iterator

from ...connection import Connection
from ...model import Finding, Severity
from ...netaddr import spd_rules
from .. import ConnectionRule


class AnyCidrBothSides(ConnectionRule):
    """Flags an spdAcl rule with 0.0.0.0/0 on both its VPC side and its IDC side.

    ## What it does
    Reports an `spdAcl` rule whose VPC-side CIDR and one of whose IDC-side CIDRs
    both have prefix length 0. (N008 covers `0.0.0.0/0` on one side only.)

    ## Why is this bad?
    The policy then matches every IPv4 packet in both directions: the VPN
    gateway would try to encrypt all traffic, including the IKE and ESP packets
    that carry the tunnel itself, and traffic between the VPC and the Internet.
    Such a tunnel does not come up, or takes the VPC's connectivity down with
    it.

    ## Example
    ```yaml
    spdAcl: '{"0.0.0.0/0": ["0.0.0.0/0"]}'
    ```

    ## Use instead
    ```yaml
    spdAcl: '{"10.0.0.0/16": ["192.168.0.0/16"]}'
    ```
    """

    code = "N009"
    name = "any-cidr-both-sides"
    severity = Severity.ERROR

    def check(self, conn: Connection) -> Iterator[Finding]:
        for rule in spd_rules(conn):
            if rule.any_both_sides:
                yield Finding(
                    "/spdAcl",
                    f"spdAcl rule {rule.vpc.text!r} has 0.0.0.0/0 on both sides: it matches every IPv4 packet",
                    hint="give at least one side the real networks: the VPC subnets or the IDC networks",
                )
