from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule
from vpnlint.rules.api._schema import did_you_mean, field_name, schema_errors


class InvalidEnumValue(ConnectionRule):
    """Flags a value that is not one of the field's allowed values.

    ## What it does
    Checks the algorithm, mode, identity and DH group fields against the values
    the API lists, and suggests the closest one (`aes256` -> `aes-cbc-256`,
    `SHA` -> `sha`, `14` -> `group14`).

    ## Why is this bad?
    The API rejects the call, or, for an encoder that drops values it does not
    know, falls back to the default (3des-cbc, md5): weak crypto that nobody chose.

    ## Example
    ```yaml
    IKESet:
      propoEncryAlgorithm: aes256
    ```

    ## Use instead
    ```yaml
    IKESet:
      propoEncryAlgorithm: aes-cbc-256
    ```
    """

    code = "A003"
    name = "invalid-enum-value"
    severity = Severity.ERROR

    def check(self, conn):
        for error in schema_errors(conn, "enum"):
            allowed = ", ".join(f"'{v}'" for v in error.expected)
            guess = did_you_mean(str(error.value), [str(v) for v in error.expected])
            yield Finding(
                error.pointer,
                f"'{error.value}' is not a valid {field_name(error.pointer)}; allowed: {allowed}",
                hint=f"did you mean '{guess}'?" if guess else None,
                fix={"replacement": guess} if guess else None,
            )
