from vpnlint import spec
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule
from vpnlint.rules.api._schema import describe, field_name, schema_errors
from vpnlint.spec import PRE_SHARED_KEY

_WORDS = {"string": "a string", "integer": "an integer", "object": "a mapping", "array": "a list"}
_READ_AS = {"null": "no value", "bool": "a boolean", "int": "a number", "float": "a number"}


class InvalidType(ConnectionRule):
    """Flags a value of the wrong type (a number where a string is expected, and so on).

    ## What it does
    Checks each field's JSON type against the API's. For YAML it also explains
    the usual surprise: an unquoted `no`, `on` or `yes` is a boolean, `null` or
    an empty value is "no value", and digits are a number, so
    `exchangeMode: no`, `pfsDhGroup: null` (the API's value is the *string*
    `'null'`) and `preSharedKey: 12345678` are not the strings they look like.

    ## Why is this bad?
    The request carries something other than what was reviewed: a boolean
    becomes `true`/`false`, a number loses leading zeros, a null sends nothing and
    the API falls back to its default.

    ## Example
    ```yaml
    IPsecSet:
      pfsDhGroup: null
    ```

    ## Use instead
    ```yaml
    IPsecSet:
      pfsDhGroup: dh-group14
    ```
    """

    code = "A002"
    name = "invalid-type"
    severity = Severity.ERROR

    def check(self, conn):
        for error in schema_errors(conn, "type"):
            expected = _WORDS.get(error.expected, error.expected)
            message = f"'{field_name(error.pointer)}' must be {expected}, not {describe(error.value)}"
            yield Finding(error.pointer, message, hint=self._hint(conn, error.pointer, error.expected))

    @staticmethod
    def _hint(conn, pointer: str, expected: str) -> str | None:
        if expected != "string":
            return None
        plain = conn.yaml_plain(pointer)
        secret = pointer == PRE_SHARED_KEY
        if plain is None:
            if conn.get(pointer) is None and not secret:
                if "null" in (spec.field_schema(pointer) or {}).get("enum", ()):
                    return "the API's value is the string 'null': write it in quotes"
                return "write the value as a string; for no value, leave the field out"
            return None
        kind, text = plain
        if secret:  # never quote the key, not even in a hint
            if kind == "null":
                return "YAML reads this as no value; write the key in quotes, or reference it: ${VPN_PSK}"
            return f"YAML reads this unquoted value as {_READ_AS[kind]}; put the key in quotes"
        if kind == "null":
            said = f"YAML reads {text} as no value" if text else "YAML reads an empty value as no value"
            if "null" in (spec.field_schema(pointer) or {}).get("enum", ()):
                return f"{said}; the API's value is the string 'null': write 'null' in quotes"
            return f"{said}; write the value, or leave the field out"
        return f"YAML reads {text} as {_READ_AS[kind]}; quote it: '{text}'"
