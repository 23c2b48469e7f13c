from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule
from vpnlint.rules.api._schema import field_name, schema_errors


class MissingRequiredField(ConnectionRule):
    """Flags a connection without one of the fields the call cannot work without.

    ## What it does
    Checks that `vpcId`, `vpnGwId`, `userGwId`, `vpnConnName` and
    `preSharedKey` are present. The API page's "required" column is empty; these
    five have no default and no connection can be created without them.

    ## Why is this bad?
    The call fails, or in a pipeline that fills gaps from elsewhere, connects the
    wrong gateway.

    ## Example
    ```yaml
    vpcId: vpc-amhnnao5
    vpnGwId: vpngw-dystbrkv
    vpnConnName: hq-to-office
    preSharedKey: ${VPN_PSK_HQ}
    spdAcl: '{"10.0.0.0/24": ["192.168.10.0/24"]}'
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

    code = "A001"
    name = "missing-required-field"
    severity = Severity.ERROR

    def check(self, conn):
        for error in schema_errors(conn, "required"):
            yield Finding(error.pointer, f"required field '{field_name(error.pointer)}' is missing")
