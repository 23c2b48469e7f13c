import re

from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule
from vpnlint.rules.api._ids import ID_FIELDS, id_values


class InvalidResourceId(ConnectionRule):
    """Flags a VPC, VPN gateway or customer gateway ID that can never exist.

    ## What it does
    A unified ID is its prefix (`vpc-`, `vpngw-`, `cgw-`) and 8 of `[a-z0-9]`;
    a legacy ID is a number (or, for a VPC, a network ID like `gz_vpc_76`).
    Anything else cannot be found, and the diagnostic names the API error it
    prevents (`InvalidVpc.NotFound`, `InvalidVpnGw.NotFound`,
    `InvalidUserGw.NotFound`). The hint catches IDs of the wrong kind and case.

    ## Why is this bad?
    The call fails only when it is finally made, often in a deploy job far from
    the commit that broke it.

    ## Example
    ```yaml
    vpnGwId: cgw-e098slul
    ```

    ## Use instead
    ```yaml
    vpnGwId: vpngw-dystbrkv
    ```
    """

    code = "A015"
    name = "invalid-resource-id"
    severity = Severity.ERROR

    def check(self, conn):
        for field, value in id_values(conn):
            if field.unified(value) or field.legacy.fullmatch(value):
                continue
            yield Finding(field.pointer,
                          f"'{value}' is not a {field.what} ID ({field.prefix}- and 8 of a-z, 0-9)",
                          hint=_hint(field, value), api_error=field.api_error)


def _hint(field, value: str) -> str | None:
    for other in ID_FIELDS:
        if other is not field and other.unified(value.lower()):
            return f"this is a {other.what} ID; {field.pointer[1:]} takes a {field.prefix}- ID"
    if field.unified(value.lower().strip()):
        return f"IDs are lower case without spaces: '{value.lower().strip()}'"
    match = re.fullmatch(rf"{field.prefix}-([a-z0-9]*)", value.lower())
    if match:
        return f"the part after '{field.prefix}-' has {len(match.group(1))} characters, not 8"
    return None
