from vpnlint.model import Severity
from vpnlint.rules import InputRule


class FileTooLarge(InputRule):
    """Flags a file larger than the configured limit (1 MiB by default) without reading it.

    ## What it does
    A connection spec is a few hundred bytes; the limit (`max-file-size` in the config) keeps a stray dump or a hostile file from costing time and memory.

    ## Why is this bad?
    A file that large is not a hand-kept spec; reading it would slow every commit.

    ## Example
    ```yaml
    # a 5 MiB export of every connection of the account
    ```

    ## Use instead
    ```yaml
    # one file per connection, or per gateway
    ```
    """

    code = "P006"
    name = "file-too-large"
    severity = Severity.ERROR
