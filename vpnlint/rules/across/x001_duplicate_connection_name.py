"""X001: two connections with one name in one VPC."""

from __future__ import annotations

from typing import Iterator

from ...model import Finding, Related, Severity
from ...summary import ConnectionSummary
from .. import RunRule
from ._common import repeated, text_field


class DuplicateConnectionName(RunRule):
    """Flags a `vpnConnName` that an earlier connection of the same VPC already uses.

    ## What it does
    Groups the connections of the run by `vpcId` and `vpnConnName` (compared as
    written) and reports every connection after the first of a group, naming
    the first. Connections whose `vpcId` or `vpnConnName` is missing, empty or
    not a string are skipped (the API-contract rules report those).

    ## Why is this bad?
    A connection name must be unique within its VPC: AddVpnConnEx refuses the
    second one with `InvalidVpnConnName.InUse`. Even where two names could
    coexist, consoles, alerts and runbooks that say "hq-to-office" would no
    longer say which tunnel is meant.

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
    userGwId: cgw-backup01
    vpnConnName: hq-to-office
    preSharedKey: ${VPN_PSK_BACKUP}
    spdAcl: '{"10.0.1.0/24": ["192.168.20.0/24"]}'
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
    userGwId: cgw-backup01
    vpnConnName: hq-to-office-backup
    preSharedKey: ${VPN_PSK_BACKUP}
    spdAcl: '{"10.0.1.0/24": ["192.168.20.0/24"]}'
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

    code = "X001"
    reads = ("vpcId", "vpnConnName")
    name = "duplicate-connection-name"
    severity = Severity.ERROR
    api_error = "InvalidVpnConnName.InUse"
    references = (
        "Tencent Cloud VPN connection documentation: a VPN connection name is unique "
        "within its VPC (AddVpnConnEx error InvalidVpnConnName.InUse)",
    )

    def check_run(self, summaries: list[ConnectionSummary]) -> Iterator[tuple[ConnectionSummary, Finding]]:
        def vpc_and_name(summary: ConnectionSummary) -> tuple[str, str] | None:
            vpc, name = text_field(summary, "vpcId"), text_field(summary, "vpnConnName")
            return (vpc, name) if vpc and name else None

        for later, first, (vpc, name) in repeated(summaries, vpc_and_name):
            yield later, Finding(
                "/vpnConnName",
                f"vpnConnName {name!r} is already used in VPC {vpc!r} by the connection at {{related}}",
                hint="give each connection of a VPC its own name",
                related=Related("/vpnConnName", key=first.key),
            )
