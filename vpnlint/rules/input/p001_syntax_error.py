from vpnlint.model import Severity
from vpnlint.rules import InputRule


class SyntaxError(InputRule):
    """Flags text that is not valid YAML, JSON or request syntax.

    ## What it does
    Reports the parser's own error at the line and column where it stopped: YAML through libyaml, JSON by the rules of RFC 8259 (no comments, no trailing commas), a request URL or query string when a parameter has no `=`.

    ## Why is this bad?
    Nothing after the error can be checked, and the API would not receive what you meant either.

    ## Example
    ```yaml
    vpcId: vpc-amhnnao5
    IKESet: {dhGroupName: group14
    ```

    ## Use instead
    ```yaml
    vpcId: vpc-amhnnao5
    IKESet: {dhGroupName: group14}
    ```
    """

    code = "P001"
    name = "syntax-error"
    severity = Severity.ERROR
