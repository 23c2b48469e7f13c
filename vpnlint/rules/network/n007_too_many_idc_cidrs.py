from __future__ import annotations

from ipaddress import collapse_addresses
from typing import Any, Iterator, Sequence

from ...connection import Connection
from ...model import Finding, Severity
from ...netaddr import Selector, spd_rules
from .. import ConnectionRule
from .n006_too_many_spd_rules import SPD_LIMITS_SOURCE


class TooManyIdcCidrs(ConnectionRule):
    """Flags an spdAcl rule with more IDC-side CIDRs than a rule allows.

    ## What it does
    Counts the IDC-side CIDRs of each `spdAcl` rule and reports a rule with more
    than `max` (default 50, Tencent Cloud's limit per SPD policy).

    ## Why is this bad?
    The API refuses the connection. Long lists of peer networks are usually
    many small blocks that summarise into a few larger ones.

    ## Example
    ```yaml
    spdAcl: '{"10.0.0.0/24": ["192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24", "192.168.3.0/24", "192.168.4.0/24", "192.168.5.0/24", "192.168.6.0/24", "192.168.7.0/24", "192.168.8.0/24", "192.168.9.0/24", "192.168.10.0/24", "192.168.11.0/24", "192.168.12.0/24", "192.168.13.0/24", "192.168.14.0/24", "192.168.15.0/24", "192.168.16.0/24", "192.168.17.0/24", "192.168.18.0/24", "192.168.19.0/24", "192.168.20.0/24", "192.168.21.0/24", "192.168.22.0/24", "192.168.23.0/24", "192.168.24.0/24", "192.168.25.0/24", "192.168.26.0/24", "192.168.27.0/24", "192.168.28.0/24", "192.168.29.0/24", "192.168.30.0/24", "192.168.31.0/24", "192.168.32.0/24", "192.168.33.0/24", "192.168.34.0/24", "192.168.35.0/24", "192.168.36.0/24", "192.168.37.0/24", "192.168.38.0/24", "192.168.39.0/24", "192.168.40.0/24", "192.168.41.0/24", "192.168.42.0/24", "192.168.43.0/24", "192.168.44.0/24", "192.168.45.0/24", "192.168.46.0/24", "192.168.47.0/24", "192.168.48.0/24", "192.168.49.0/24", "192.168.50.0/24"]}'
    ```

    ## Use instead
    ```yaml
    spdAcl: '{"10.0.0.0/24": ["192.168.0.0/19", "192.168.32.0/20", "192.168.48.0/23", "192.168.50.0/24"]}'
    ```
    """

    code = "N007"
    name = "too-many-idc-cidrs"
    severity = Severity.ERROR
    options: dict[str, Any] = {"max": 50}
    references = (SPD_LIMITS_SOURCE,)

    def check(self, conn: Connection) -> Iterator[Finding]:
        limit = int(self.options["max"])
        for rule in spd_rules(conn):
            if len(rule.idc) > limit:
                yield Finding(
                    "/spdAcl",
                    f"spdAcl rule {rule.vpc.text!r} has {len(rule.idc)} IDC-side CIDRs; a rule takes at most {limit}",
                    hint=_summary_hint(rule.idc, limit),
                )


def _summary_hint(idc: Sequence[Selector], limit: int) -> str:
    """Offer the summarised list when it fits: that is usually the whole fix."""
    collapsed = list(collapse_addresses(s.cidr.network for s in idc if s.cidr is not None))
    if len(collapsed) <= limit:
        return "they summarise into " + ", ".join(map(str, collapsed))
    return "summarise adjacent blocks into larger ones, or move some into another rule or connection"
