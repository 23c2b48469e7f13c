from vpnlint.model import Severity
from vpnlint.rules import InputRule


class NotAMapping(InputRule):
    """Flags a document that is not a connection mapping or a list of them.

    ## What it does
    A spec file holds one connection (a mapping), a list of connections, or in YAML several such documents. A scalar, an empty list or a list item that is not a mapping cannot be a connection.

    ## Why is this bad?
    vpnlint cannot check what is not a spec, and the file would not produce the request you expect.

    ## Example
    ```yaml
    - vpc-amhnnao5
    - vpngw-dystbrkv
    ```

    ## Use instead
    ```yaml
    - vpcId: vpc-amhnnao5
      vpnGwId: vpngw-dystbrkv
    ```
    """

    code = "P003"
    name = "not-a-mapping"
    severity = Severity.ERROR
