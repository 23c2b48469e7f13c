from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule
from vpnlint.rules.api._identity import identity_choices


class IgnoredIdentityField(ConnectionRule):
    """Flags an identity field for the identity type that was not chosen.

    ## What it does
    `localFqdnName` with `localIdentity: address` (or left at its default), or
    `remoteAddress` with `remoteIdentity: fqdn`, and so on.

    ## Why is this bad?
    The API ignores the field, so the identity the peer must present is not the
    one written: usually the identity type was meant to change too.

    ## Example
    ```yaml
    IKESet:
      remoteAddress: 203.0.113.10
      localFqdnName: vpn.example.com
    ```

    ## Use instead
    ```yaml
    IKESet:
      remoteAddress: 203.0.113.10
      localIdentity: fqdn
      localFqdnName: vpn.example.com
    ```
    """

    code = "A012"
    name = "ignored-identity-field"
    severity = Severity.WARNING

    def check(self, conn):
        for identity, chosen, _, unused in identity_choices(conn):
            if conn.has(f"/IKESet/{unused}"):
                how = "is" if conn.has(f"/IKESet/{identity}") else "defaults to"
                yield Finding(f"/IKESet/{unused}",
                              f"IKESet.{unused} is ignored: IKESet.{identity} {how} '{chosen}'",
                              part="key")
