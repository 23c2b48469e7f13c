from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule


class MissingTrafficSelectors(ConnectionRule):
    """Flags a connection with neither `userGwCidrBlock` nor `spdAcl`.

    ## What it does
    The API page says one of the two must be given; without either, no traffic
    is allowed through the tunnel.

    ## Why is this bad?
    The call fails, or creates a tunnel that carries nothing.

    ## Example
    ```yaml
    vpcId: vpc-amhnnao5
    vpnGwId: vpngw-dystbrkv
    userGwId: cgw-e098slul
    vpnConnName: hq-to-office
    preSharedKey: ${VPN_PSK_HQ}
    ```

    ## Use instead
    ```yaml
    vpcId: vpc-amhnnao5
    vpnGwId: vpngw-dystbrkv
    userGwId: cgw-e098slul
    vpnConnName: hq-to-office
    preSharedKey: ${VPN_PSK_HQ}
    spdAcl: '{"10.0.0.0/24": ["192.168.10.0/24"]}'
    ```
    """

    code = "A013"
    name = "missing-traffic-selectors"
    severity = Severity.ERROR

    def check(self, conn):
        if not conn.has("/userGwCidrBlock") and not conn.has("/spdAcl"):
            yield Finding("", "give spdAcl (or the older userGwCidrBlock): without either no traffic may pass",
                          part="key")
