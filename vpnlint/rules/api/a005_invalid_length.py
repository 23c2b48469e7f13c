from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule
from vpnlint.rules.api._schema import field_name, schema_errors
from vpnlint.spec import PRE_SHARED_KEY


class InvalidLength(ConnectionRule):
    """Flags a value that is too long or empty: a name over 60 characters, an empty ID or list.

    ## What it does
    Checks `vpnConnName` (1 to 60 *characters*, so `名称` counts 2), non-empty
    IDs and key, and a non-empty `userGwCidrBlock` list.

    ## Why is this bad?
    A name over 60 characters fails with `InvalidVpnConnName`; an empty ID or
    list cannot name anything.

    ## Example
    ```yaml
    vpnConnName: headquarters-shanghai-pudong-to-branch-office-guangzhou-tianhe-primary
    ```

    ## Use instead
    ```yaml
    vpnConnName: hq-pudong-to-gz-tianhe-primary
    ```
    """

    code = "A005"
    name = "invalid-length"
    severity = Severity.ERROR

    def check(self, conn):
        for error in schema_errors(conn, "length"):
            name = field_name(error.pointer)
            unit = "items" if error.keyword.endswith("Items") else "characters"
            if error.keyword.startswith("min"):
                message = f"'{name}' is empty" if error.expected == 1 else f"'{name}' needs at least {error.expected} {unit}"
                yield Finding(error.pointer, message)
                continue
            size = "" if error.pointer == PRE_SHARED_KEY else f" ({len(error.value)} {unit})"
            api_error = "InvalidVpnConnName" if error.pointer == "/vpnConnName" else None
            yield Finding(error.pointer, f"'{name}' is longer than {error.expected} {unit}{size}",
                          api_error=api_error)
