from __future__ import annotations

from typing import Any, Iterator

from ...connection import Connection
from ...model import Finding, Severity
from ...netaddr import spd_rules
from .. import ConnectionRule

SPD_LIMITS_SOURCE = (
    "Tencent Cloud VPN connection usage limits: 10 SPD policies per VPN connection, "
    "50 peer CIDRs per SPD policy (not raisable)"
)


class TooManySpdRules(ConnectionRule):
    """Flags an spdAcl with more rules (VPC-side CIDRs) than a connection allows.

    ## What it does
    Counts the rules of `spdAcl`, one for each VPC-side CIDR, and reports more
    than `max` (default 10, Tencent Cloud's limit per VPN connection; set the
    option if your account's limit differs).

    ## Why is this bad?
    The API refuses the connection. Found in review, it is a rewrite of the
    policy; found at deploy time, it is an outage window.

    ## Example
    ```yaml
    spdAcl: '{"10.0.0.0/24": ["192.168.10.0/24"], "10.0.1.0/24": ["192.168.10.0/24"], "10.0.2.0/24": ["192.168.10.0/24"], "10.0.3.0/24": ["192.168.10.0/24"], "10.0.4.0/24": ["192.168.10.0/24"], "10.0.5.0/24": ["192.168.10.0/24"], "10.0.6.0/24": ["192.168.10.0/24"], "10.0.7.0/24": ["192.168.10.0/24"], "10.0.8.0/24": ["192.168.10.0/24"], "10.0.9.0/24": ["192.168.10.0/24"], "10.0.10.0/24": ["192.168.10.0/24"]}'
    ```

    ## Use instead
    ```yaml
    spdAcl: '{"10.0.0.0/21": ["192.168.10.0/24"], "10.0.8.0/23": ["192.168.10.0/24"], "10.0.10.0/24": ["192.168.10.0/24"]}'
    ```
    """

    code = "N006"
    name = "too-many-spd-rules"
    severity = Severity.ERROR
    options: dict[str, Any] = {"max": 10}
    references = (SPD_LIMITS_SOURCE,)

    def check(self, conn: Connection) -> Iterator[Finding]:
        limit = int(self.options["max"])
        count = len(spd_rules(conn))
        if count > limit:
            yield Finding(
                "/spdAcl",
                f"spdAcl has {count} rules (VPC-side CIDRs); a VPN connection takes at most {limit}",
                hint="merge adjacent VPC-side CIDRs into larger blocks, or split the policy over several connections",
            )
