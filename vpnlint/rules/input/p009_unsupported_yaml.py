from vpnlint.model import Severity
from vpnlint.rules import InputRule


class UnsupportedYaml(InputRule):
    """Flags YAML features a spec cannot use: custom tags, non-string keys, bad merge keys.

    ## What it does
    A tag such as `!!python/object` or `!secret`, a mapping or list used as a key, or a merge key (`<<`) whose value is not a mapping.

    ## Why is this bad?
    The API receives plain strings and numbers; a tag or complex key means the file is read differently by different tools.

    ## Example
    ```yaml
    vpnConnName: !vault hq-office
    ```

    ## Use instead
    ```yaml
    vpnConnName: hq-office
    ```
    """

    code = "P009"
    name = "unsupported-yaml"
    severity = Severity.ERROR
