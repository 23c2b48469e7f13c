from vpnlint import spec
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule
from vpnlint.rules.api._schema import did_you_mean, field_name, schema_errors


class UnknownKey(ConnectionRule):
    """Flags a key the API does not know, usually a misspelt one.

    ## What it does
    Every level of a spec accepts only the documented parameters. A key that is
    not one of them is reported with the closest documented name; a field that
    belongs in another section is pointed there.

    ## Why is this bad?
    The API ignores parameters it does not know. `integrityAlgorithm` (the API
    spells it `integrityAlgorith`) sets nothing, and the connection silently
    runs the default, md5.

    ## Example
    ```yaml
    IPsecSet:
      integrityAlgorithm: sha
    ```

    ## Use instead
    ```yaml
    IPsecSet:
      integrityAlgorith: sha
    ```
    """

    code = "A006"
    name = "unknown-key"
    severity = Severity.ERROR

    def check(self, conn):
        for error in schema_errors(conn, "unknown"):
            parent, _, key = error.pointer.rpartition("/")
            where = f"in {field_name(parent)}" if parent else "at the top level"
            yield Finding(error.pointer, f"unknown key '{key}' {where}: the API ignores it",
                          hint=self._hint(key, parent, error.expected), part="key")

    @staticmethod
    def _hint(key: str, parent: str, known: list[str]) -> str | None:
        home = spec.section_of(key)
        if home is not None and home != parent.lstrip("/"):
            return f"'{key}' belongs {'at the top level' if home == '' else 'in ' + home}"
        guess = did_you_mean(key, known)
        return f"did you mean '{guess}'?" if guess else None
