from vpnlint.model import Finding, Related, Severity
from vpnlint.rules import ConnectionRule


class BothTrafficSelectors(ConnectionRule):
    """Flags a connection that gives both `userGwCidrBlock` and `spdAcl`.

    ## What it does
    `spdAcl` supersedes `userGwCidrBlock`; the spec decision is that exactly
    one of the two is given.

    ## Why is this bad?
    With both, it is unclear which traffic is allowed: reviewers read one list,
    the API applies the other.

    ## Example
    ```yaml
    userGwCidrBlock: [192.168.10.0/24]
    spdAcl: '{"10.0.0.0/24": ["192.168.10.0/24"]}'
    ```

    ## Use instead
    ```yaml
    spdAcl: '{"10.0.0.0/24": ["192.168.10.0/24"]}'
    ```
    """

    code = "A014"
    name = "both-traffic-selectors"
    severity = Severity.ERROR

    def check(self, conn):
        if conn.has("/userGwCidrBlock") and conn.has("/spdAcl"):
            yield Finding("/spdAcl",
                          "give spdAcl or userGwCidrBlock, not both (userGwCidrBlock at {related})",
                          hint="keep spdAcl, which supersedes userGwCidrBlock", part="key",
                          related=Related("/userGwCidrBlock", part="key"))
