from vpnlint.model import Severity
from vpnlint.rules import InputRule


class DuplicateKey(InputRule):
    """Flags a key written twice in one mapping (or one parameter twice in a request).

    ## What it does
    Reports the second occurrence and names the line of the first. This also catches a field given both nested and flattened (`IKESet: {dhGroupName: ...}` and `IKESet.dhGroupName: ...`).

    ## Why is this bad?
    YAML and JSON parsers silently keep one of the two values, so what you reviewed is not what is sent.

    ## Example
    ```yaml
    IKESet:
      dhGroupName: group2
      dhGroupName: group14
    ```

    ## Use instead
    ```yaml
    IKESet:
      dhGroupName: group14
    ```
    """

    code = "P002"
    name = "duplicate-key"
    severity = Severity.ERROR
