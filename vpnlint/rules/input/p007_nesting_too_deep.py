from vpnlint.model import Severity
from vpnlint.rules import InputRule


class NestingTooDeep(InputRule):
    """Flags nesting deeper than the limit (64 levels by default).

    ## What it does
    A spec nests three levels at most; deeper structures are either mistakes or hostile input, and are not composed.

    ## Why is this bad?
    Unbounded nesting costs memory and time, and cannot be a valid spec.

    ## Example
    ```yaml
    IKESet: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[group14]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
    ```

    ## Use instead
    ```yaml
    IKESet: {dhGroupName: group14}
    ```
    """

    code = "P007"
    name = "nesting-too-deep"
    severity = Severity.ERROR
