"""X003: more connections on one VPN gateway than Tencent Cloud allows."""

from __future__ import annotations

from typing import Any

from ...model import Severity
from ._common import LIMITS_SOURCE, GatewayQuota, branch, documents, with_examples


class VpnGatewayQuota(GatewayQuota):
    """Flags connections beyond the quota of connections per VPN gateway.

    ## What it does
    Counts the connections of the run on each `vpnGwId` (compared as written),
    in run order, and reports every connection beyond `max` (default 20,
    Tencent Cloud's quota per VPN gateway) on its `vpnGwId`: the 21st, the 22nd
    and so on, each naming the gateway's first connection. Connections whose
    `vpnGwId` is missing, empty or not a string are not counted.

    Quotas can be raised on request: set the rule option `max` to your
    account's number. vpnlint sees only the specs of one run, so connections
    that exist but are not in the run are not counted.

    ## Why is this bad?
    AddVpnConnEx refuses a connection past the quota with
    `VpnConnLimitExceeded`, at deploy time and usually half-way through a
    rollout.

    ## Example
    With `max = 2`, three connections on VPN gateway `vpngw-dystbrkv`:
    ```yaml
    <BAD>
    ```

    ## Use instead
    The third on a second VPN gateway:
    ```yaml
    <GOOD>
    ```
    """

    code = "X003"
    reads = ("vpnGwId",)
    name = "vpn-gateway-quota"
    severity = Severity.ERROR
    api_error = "VpnConnLimitExceeded"
    options: dict[str, Any] = {"max": 20}
    example_options: dict[str, Any] = {"max": 2}
    references = (f"{LIMITS_SOURCE}: at most 20 VPN connections per VPN gateway (a quota; can be raised)",)
    field = "vpnGwId"
    gateway = "VPN gateway"


VpnGatewayQuota.__doc__ = with_examples(
    VpnGatewayQuota.__doc__,
    BAD=documents(*(branch(n) for n in range(1, 4))),
    GOOD=documents(branch(1), branch(2), branch(3, vpn_gw="vpngw-second01")),
)
