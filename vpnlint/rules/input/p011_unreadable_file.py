from vpnlint.model import Severity
from vpnlint.rules import InputRule


class UnreadableFile(InputRule):
    """Flags a file that could not be read (permissions, vanished during the run, a directory loop).

    ## What it does
    The operating system's reason is reported at line 1; the rest of the run goes on.

    ## Why is this bad?
    A spec that cannot be read is not checked; CI must not pass silently.

    ## Example
    ```yaml
    # chmod 000 office.vpn.yaml
    ```

    ## Use instead
    ```yaml
    # chmod 644 office.vpn.yaml
    ```
    """

    code = "P011"
    name = "unreadable-file"
    severity = Severity.ERROR
