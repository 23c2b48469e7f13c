from vpnlint.model import Severity
from vpnlint.rules import InputRule


class UnusedSuppression(InputRule):
    """Flags a `# vpnlint:` suppression comment that hid nothing, names an unknown code, or cannot be read.

    ## What it does
    After every rule has run, each `# vpnlint: disable=...`, `disable-next-line=...` and `disable-file` comment is checked: a code it names that reported nothing where the comment reaches, a code no rule has, or a comment vpnlint cannot read (a misspelt directive, a bare `disable`, a reason without `--`) is reported at the comment. Codes that are not enabled in the run (`--select`, `ignore`, `per-file-ignores`) are not reported as unused, and a file that could not be read as a spec (an input error other than a duplicate key) is not checked for unused codes. Name `P010` in the same comment to keep it quiet.

    ## Why is this bad?
    A suppression outlives the problem it was written for: once the spec is fixed, the comment would silently hide the next real problem on that line. A typo in a comment hides nothing at all while looking as if it did.

    ## Example
    ```yaml
    IKESet:  # vpnlint: disable=S001 -- the peer only does DES
      propoEncryAlgorithm: aes-cbc-256
    ```

    ## Use instead
    ```yaml
    IKESet:
      propoEncryAlgorithm: aes-cbc-256
    ```
    """

    code = "P010"
    name = "unused-suppression"
    severity = Severity.INFO
