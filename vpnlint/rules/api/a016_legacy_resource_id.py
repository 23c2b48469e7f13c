from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule
from vpnlint.rules.api._ids import id_values


class LegacyResourceId(ConnectionRule):
    """Flags a legacy (numeric) resource ID where the API recommends the unified one.

    ## What it does
    `vpnGwId: 547` or `vpcId: gz_vpc_76` are the old forms; the API page
    recommends the unified IDs (`vpngw-dystbrkv`, `vpc-amhnnao5`).

    ## Why is this bad?
    Legacy IDs are region-scoped and ambiguous across accounts and tools; the
    unified ID is what the console, the v3 API and Terraform show, so reviews
    and cross-spec checks (duplicate gateway pairs) can match them.

    ## Example
    ```yaml
    vpnGwId: "547"
    ```

    ## Use instead
    ```yaml
    vpnGwId: vpngw-dystbrkv
    ```
    """

    code = "A016"
    name = "legacy-resource-id"
    severity = Severity.WARNING

    def check(self, conn):
        for field, value in id_values(conn):
            if not field.unified(value) and field.legacy.fullmatch(value):
                yield Finding(field.pointer,
                              f"'{value}' is a legacy {field.what} ID; use the unified {field.prefix}-xxxxxxxx ID")
