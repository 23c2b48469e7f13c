from vpnlint.model import Severity
from vpnlint.rules import InputRule


class AliasExpansionLimit(InputRule):
    """Flags a YAML document whose aliases would expand beyond the limit (an alias bomb).

    ## What it does
    Anchors and aliases (`&base` / `*base`, `<<: *base`) are fine for sharing IKE settings; but each alias repeats its anchor's content, and nested aliases multiply (the "billion laughs"). vpnlint counts what aliases add and stops at 100,000 nodes per document.

    ## Why is this bad?
    An alias bomb makes naive tools use exponential time and memory.

    ## Example
    ```yaml
    a: &a [x, x, x, x, x, x, x, x, x]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
    e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
    f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
    ```

    ## Use instead
    ```yaml
    x-ike: &ike {dhGroupName: group14}
    ```
    """

    code = "P008"
    name = "alias-expansion-limit"
    severity = Severity.ERROR
