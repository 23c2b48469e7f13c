from vpnlint.model import Severity
from vpnlint.rules import InputRule


class EmptyFile(InputRule):
    """Flags a file with no content (or only comments and empty documents).

    ## What it does
    An empty spec file is reported once, at line 1.

    ## Why is this bad?
    An empty file usually means a failed generation or a bad merge; it creates no connection.

    ## Example
    ```yaml
    # nothing here yet
    ```

    ## Use instead
    ```yaml
    vpcId: vpc-amhnnao5
    ```
    """

    code = "P004"
    name = "empty-file"
    severity = Severity.ERROR
