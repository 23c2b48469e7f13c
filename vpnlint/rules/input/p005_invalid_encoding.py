from vpnlint.model import Severity
from vpnlint.rules import InputRule


class InvalidEncoding(InputRule):
    """Flags a file that is not UTF-8 text: binary (NUL bytes), UTF-16/32, or invalid UTF-8.

    ## What it does
    Reports the first offending byte's line and column. A UTF-8 byte order mark is accepted.

    ## Why is this bad?
    The API takes UTF-8; a file in another encoding is not read the way it looks in an editor.

    ## Example
    ```yaml
    vpnConnName: caf\xe9  # saved as Latin-1
    ```

    ## Use instead
    ```yaml
    vpnConnName: café  # saved as UTF-8
    ```
    """

    code = "P005"
    name = "invalid-encoding"
    severity = Severity.ERROR
