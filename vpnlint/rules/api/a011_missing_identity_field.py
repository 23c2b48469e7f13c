from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule
from vpnlint.rules.api._identity import identity_choices


class MissingIdentityField(ConnectionRule):
    """Flags an IKE identity type without the field it needs (defaults applied).

    ## What it does
    `remoteIdentity` `address` (the default) needs `remoteAddress`; `fqdn`
    needs `remoteFqdnName`; `localIdentity: fqdn` needs `localFqdnName`.
    `localAddress` is not required: it defaults to the VPN gateway's public IP.
    An `IKESet` that leaves `remoteIdentity` out is still held to `address`.
    A spec without any `IKESet` uses every default and is not checked here.

    ## Why is this bad?
    Without the peer's identity the API rejects the IKE configuration, or the
    tunnel never authenticates.

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
      remoteAddress: 203.0.113.10
    ```
    """

    code = "A011"
    name = "missing-identity-field"
    severity = Severity.ERROR

    def check(self, conn):
        for identity, chosen, needed, _ in identity_choices(conn):
            if needed == "localAddress" or conn.has(f"/IKESet/{needed}"):
                continue
            how = "is" if conn.has(f"/IKESet/{identity}") else "defaults to"
            yield Finding(f"/IKESet/{needed}",
                          f"IKESet.{identity} {how} '{chosen}', which needs IKESet.{needed}")
