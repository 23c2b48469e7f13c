from __future__ import annotations

from typing import Iterator

from ...connection import Connection
from ...model import Finding, Severity
from ...netaddr import spd_acl
from .. import ConnectionRule


class InvalidSpdAcl(ConnectionRule):
    """Flags an spdAcl string that is not valid JSON of the documented shape.

    ## What it does
    `spdAcl` is a **string** holding JSON: an object that maps each VPC-side
    CIDR to a non-empty list of IDC-side CIDR strings,
    `{"10.0.0.0/24": ["192.168.10.0/24"]}`. This rule reports a JSON syntax
    error (with the parser's own message and the position inside the string),
    a value that is not an object, a rule whose value is not a non-empty list
    of strings, an empty object, and a VPC-side CIDR given twice.

    ## Why is this bad?
    The API cannot read the policy, so the call fails. A repeated VPC-side key is
    worse: JSON parsers silently keep only one of the two, so traffic you listed
    is quietly left out of the tunnel.

    ## Example
    ```yaml
    spdAcl: "{'10.0.0.0/24': ['192.168.10.0/24']}"
    ```

    ## Use instead
    ```yaml
    spdAcl: '{"10.0.0.0/24": ["192.168.10.0/24"]}'
    ```
    """

    code = "A008"
    name = "invalid-spd-acl"
    severity = Severity.ERROR
    references = ("AddVpnConnEx API page: spdAcl, a JSON string such as {\"10.0.0.5/24\":[\"172.123.10.5/16\"]}",)

    def check(self, conn: Connection) -> Iterator[Finding]:
        acl = spd_acl(conn)
        if acl is None:
            return
        for problem in acl.problems:
            yield Finding("/spdAcl", f"spdAcl {problem.reason}", hint=problem.hint)
