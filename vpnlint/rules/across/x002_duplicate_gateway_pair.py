"""X002: two connections between the same VPN gateway and customer gateway."""

from __future__ import annotations

from typing import Iterator

from ...model import Finding, Related, Severity
from ...summary import ConnectionSummary
from .. import RunRule
from ._common import repeated, text_field


class DuplicateGatewayPair(RunRule):
    """Flags a second connection between a VPN gateway and a customer gateway that already have one.

    ## What it does
    Groups the connections of the run by `vpnGwId` and `userGwId` (compared as
    written) and reports every connection after the first of a pair, on its
    `userGwId`, naming the first. Connections whose IDs are missing, empty or
    not strings are skipped (the API-contract rules report those).

    ## Why is this bad?
    Tencent Cloud allows one VPN connection between a given VPN gateway and a
    given customer gateway: the second AddVpnConnEx call is refused. To reach
    more networks over that pair, add SPD rules to the existing connection; for
    a redundant tunnel, create a second customer gateway for the peer's second
    public address.

    ## Example
    ```yaml
    vpcId: vpc-amhnnao5
    vpnGwId: vpngw-dystbrkv
    userGwId: cgw-e098slul
    vpnConnName: hq-to-office
    preSharedKey: ${VPN_PSK_HQ}
    spdAcl: '{"10.0.0.0/24": ["192.168.10.0/24"]}'
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
    userGwId: cgw-e098slul
    vpnConnName: hq-to-office-lab
    preSharedKey: ${VPN_PSK_LAB}
    spdAcl: '{"10.0.1.0/24": ["192.168.20.0/24"]}'
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
    ```

    ## Use instead
    ```yaml
    vpcId: vpc-amhnnao5
    vpnGwId: vpngw-dystbrkv
    userGwId: cgw-e098slul
    vpnConnName: hq-to-office
    preSharedKey: ${VPN_PSK_HQ}
    spdAcl: '{"10.0.0.0/24": ["192.168.10.0/24"], "10.0.1.0/24": ["192.168.20.0/24"]}'
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
    userGwId: cgw-backup01
    vpnConnName: hq-to-office-backup
    preSharedKey: ${VPN_PSK_BACKUP}
    spdAcl: '{"10.0.2.0/24": ["192.168.30.0/24"]}'
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

    code = "X002"
    reads = ("vpnGwId", "userGwId")
    name = "duplicate-gateway-pair"
    severity = Severity.ERROR
    references = (
        "Tencent Cloud VPN connection documentation: one VPN connection between a "
        "VPN gateway and a customer gateway",
    )

    def check_run(self, summaries: list[ConnectionSummary]) -> Iterator[tuple[ConnectionSummary, Finding]]:
        def gateway_pair(summary: ConnectionSummary) -> tuple[str, str] | None:
            vpn_gw, user_gw = text_field(summary, "vpnGwId"), text_field(summary, "userGwId")
            return (vpn_gw, user_gw) if vpn_gw and user_gw else None

        for later, first, (vpn_gw, user_gw) in repeated(summaries, gateway_pair):
            yield later, Finding(
                "/userGwId",
                f"VPN gateway {vpn_gw!r} and customer gateway {user_gw!r} already have a connection, "
                "at {related}; a gateway pair takes only one",
                hint="add this connection's SPD rules to the existing one, or connect another customer gateway",
                related=Related("/userGwId", key=first.key),
            )
