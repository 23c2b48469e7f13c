"""X005: connections on one VPN gateway whose VPC-side SPD CIDRs overlap."""

from __future__ import annotations

from typing import Any, Iterator

from ...model import Finding, Related, Severity
from ...netaddr import Cidr, OverlapIndex, block, parse_cidr, relation, spd_rules
from ...summary import ConnectionSummary
from .. import RunRule
from ._common import text_groups


def _vpc_sides(source: Any) -> tuple[tuple[str, int, int], ...]:
    """The valid VPC-side CIDRs of a valid spdAcl: the rule's note, each as
    written and as (start, prefix length) (A007/A008 report the others; N004
    overlaps within one connection)."""
    return tuple((rule.vpc.text, *block(rule.vpc.cidr.network))
                 for rule in spd_rules(source) if rule.vpc.cidr is not None)


def _cidrs(sides: tuple[tuple[str, int, int], ...]) -> list[Cidr]:
    """The noted CIDRs parsed again, for a message: only connections that clash."""
    return [cidr for cidr in (parse_cidr(text) for text, _, _ in sides) if isinstance(cidr, Cidr)]


class SpdOverlapOnGateway(RunRule):
    """Flags two connections on one VPN gateway whose spdAcl VPC-side CIDRs overlap.

    ## What it does
    For each `vpnGwId` (compared as written), compares the VPC-side CIDRs (the
    keys of `spdAcl`) of every connection with those of the earlier
    connections on the same gateway, and reports a connection once, on its
    `spdAcl`, when it overlaps any of them (same network, or one inside the
    other): naming the first it overlaps, listing the overlapping CIDRs, and
    counting the others (so 400 connections on one gateway give at most 399
    diagnostics, not 80,000).

    Only a valid `spdAcl` is compared (A007 and A008 report the others).
    Connections that use `userGwCidrBlock` are skipped: their VPC side is the
    whole VPC, whose CIDR is not in the spec, so an offline lint cannot compare
    it. Overlaps inside one connection are N004's.

    ## Why is this bad?
    On one VPN gateway the VPC-side CIDRs of all SPD policies must be
    disjoint, so that the gateway can tell from a packet's source which tunnel
    it belongs to: AddVpnConnEx refuses the call with `VpnConnSpdCidrConflict`.

    ## Example
    ```yaml
    vpcId: vpc-amhnnao5
    vpnGwId: vpngw-dystbrkv
    userGwId: cgw-e098slul
    vpnConnName: hq-to-office
    preSharedKey: ${VPN_PSK_HQ}
    spdAcl: '{"10.0.0.0/16": ["192.168.10.0/24"]}'
    IKESet:
      propoEncryAlgorithm: aes-cbc-256
      propoAuthenAlgorithm: sha
      exchangeMode: main
      remoteAddress: 203.0.113.10
      dhGroupName: group14
      ikeSaLifetimeSeconds: 28800
      encryptAlgorithm: aes-cbc-256
    IPsecSet:
      integrityAlgorith: sha
      ipsecSaLifetimeSeconds: 3600
      pfsDhGroup: dh-group14
    ---
    vpcId: vpc-amhnnao5
    vpnGwId: vpngw-dystbrkv
    userGwId: cgw-partner1
    vpnConnName: hq-to-partner
    preSharedKey: ${VPN_PSK_PARTNER}
    spdAcl: '{"10.0.8.0/24": ["172.20.0.0/24"]}'
    IKESet:
      propoEncryAlgorithm: aes-cbc-256
      propoAuthenAlgorithm: sha
      exchangeMode: main
      remoteAddress: 198.51.100.20
      dhGroupName: group14
      ikeSaLifetimeSeconds: 28800
      encryptAlgorithm: aes-cbc-256
    IPsecSet:
      integrityAlgorith: sha
      ipsecSaLifetimeSeconds: 3600
      pfsDhGroup: dh-group14
    ```

    ## Use instead
    ```yaml
    vpcId: vpc-amhnnao5
    vpnGwId: vpngw-dystbrkv
    userGwId: cgw-e098slul
    vpnConnName: hq-to-office
    preSharedKey: ${VPN_PSK_HQ}
    spdAcl: '{"10.0.0.0/21": ["192.168.10.0/24"]}'
    IKESet:
      propoEncryAlgorithm: aes-cbc-256
      propoAuthenAlgorithm: sha
      exchangeMode: main
      remoteAddress: 203.0.113.10
      dhGroupName: group14
      ikeSaLifetimeSeconds: 28800
      encryptAlgorithm: aes-cbc-256
    IPsecSet:
      integrityAlgorith: sha
      ipsecSaLifetimeSeconds: 3600
      pfsDhGroup: dh-group14
    ---
    vpcId: vpc-amhnnao5
    vpnGwId: vpngw-dystbrkv
    userGwId: cgw-partner1
    vpnConnName: hq-to-partner
    preSharedKey: ${VPN_PSK_PARTNER}
    spdAcl: '{"10.0.8.0/24": ["172.20.0.0/24"]}'
    IKESet:
      propoEncryAlgorithm: aes-cbc-256
      propoAuthenAlgorithm: sha
      exchangeMode: main
      remoteAddress: 198.51.100.20
      dhGroupName: group14
      ikeSaLifetimeSeconds: 28800
      encryptAlgorithm: aes-cbc-256
    IPsecSet:
      integrityAlgorith: sha
      ipsecSaLifetimeSeconds: 3600
      pfsDhGroup: dh-group14
    ```
    """

    code = "X005"
    reads = ("vpnGwId",)  # and its note
    name = "spd-overlap-on-gateway"
    severity = Severity.ERROR
    api_error = "VpnConnSpdCidrConflict"
    references = (
        "Tencent Cloud VPN SPD policy documentation: the VPC-side CIDRs of all the "
        "connections of one VPN gateway must not overlap (VpnConnSpdCidrConflict)",
    )

    def note(self, conn) -> tuple[tuple[str, int, int], ...]:
        # spdAcl parsed where the connection is checked: the process running the
        # X rules would otherwise parse every spdAcl of the run again (and the
        # summary need not keep it)
        return _vpc_sides(conn)

    def check_run(self, summaries: list[ConnectionSummary]) -> Iterator[tuple[ConnectionSummary, Finding]]:
        for gateway_id, members in text_groups(summaries, "vpnGwId").items():
            if len(members) < 2:  # most gateways of a run: nothing of another connection to overlap
                continue
            sides = [self.noted(summary) for summary in members]
            index = OverlapIndex([[(start, length) for _, start, length in noted] for noted in sides])
            for j, later in enumerate(members):
                # one finding per connection, naming the first it collides with:
                # 400 connections on one gateway must not give 80,000 diagnostics
                clashes = index.earlier(j)
                if not clashes:
                    continue
                earlier = members[clashes[0]]
                hits = [f"{mine.text!r} {rel} {other.text!r}" for mine in _cidrs(sides[j])
                        for other in _cidrs(sides[clashes[0]]) if (rel := relation(mine, other))]
                more = f" (and those of {len(clashes) - 1} more connection{'s' if len(clashes) > 2 else ''})" \
                    if len(clashes) > 1 else ""
                yield later, Finding(
                    "/spdAcl",
                    f"spdAcl VPC-side CIDRs overlap those of the connection at {{related}}{more}, "
                    f"on the same VPN gateway {gateway_id!r}: {'; '.join(hits)}",
                    hint="make the VPC-side CIDRs of connections on one gateway disjoint, "
                         "or move one connection to another VPN gateway",
                    related=Related("/spdAcl", key=earlier.key),
                )
