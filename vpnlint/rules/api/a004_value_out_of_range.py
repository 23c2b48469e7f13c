from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule
from vpnlint.rules.api._schema import field_name, schema_errors


class ValueOutOfRange(ConnectionRule):
    """Flags a number outside the range the API documents.

    ## What it does
    Checks `ikeSaLifetimeSeconds` (60–604800), `ipsecSaLifetimeSeconds`
    (180–604800) and `ipsecSaLifetimeTraffic` (at least 2560 KB; above the
    documented 604800 see A017).

    ## Why is this bad?
    The API rejects the call.

    ## Example
    ```yaml
    IKESet:
      ikeSaLifetimeSeconds: 30
    ```

    ## Use instead
    ```yaml
    IKESet:
      ikeSaLifetimeSeconds: 28800
    ```
    """

    code = "A004"
    name = "value-out-of-range"
    severity = Severity.ERROR

    def check(self, conn):
        for error in schema_errors(conn, "range"):
            low = error.field_schema.get("minimum")
            high = error.field_schema.get("maximum")
            allowed = f"{low}–{high}" if high is not None else f"at least {low}"
            side = "below the minimum" if error.keyword == "minimum" else "above the maximum"
            yield Finding(
                error.pointer,
                f"{field_name(error.pointer)} {error.value} is {side} of {error.expected} (allowed: {allowed})",
            )
