"""X004: more connections on one customer gateway than Tencent Cloud allows."""

from __future__ import annotations

from typing import Any

from ...model import Severity
from ._common import LIMITS_SOURCE, GatewayQuota, documents, example_connection, with_examples


class CustomerGatewayQuota(GatewayQuota):
    """Flags connections beyond the quota of connections per customer gateway.

    ## What it does
    Counts the connections of the run on each `userGwId` (compared as written),
    in run order, and reports every connection beyond `max` (default 10,
    Tencent Cloud's quota per customer gateway) on its `userGwId`: the 11th,
    the 12th and so on, each naming the gateway's first connection.
    Connections whose `userGwId` is missing, empty or not a string are not
    counted.

    Quotas can be raised on request: set the rule option `max` to your
    account's number. vpnlint sees only the specs of one run, so connections
    that exist but are not in the run are not counted.

    ## Why is this bad?
    AddVpnConnEx refuses a connection past the quota with
    `VpnConnLimitExceeded`, at deploy time and usually half-way through a
    rollout.

    ## Example
    With `max = 2`, one office (customer gateway `cgw-e098slul`) connected to
    the VPN gateways of three VPCs:
    ```yaml
    <BAD>
    ```

    ## Use instead
    The third through a second customer gateway (the office's second public
    address):
    ```yaml
    <GOOD>
    ```
    """

    code = "X004"
    reads = ("userGwId",)
    name = "customer-gateway-quota"
    severity = Severity.ERROR
    api_error = "VpnConnLimitExceeded"
    options: dict[str, Any] = {"max": 10}
    example_options: dict[str, Any] = {"max": 2}
    references = (f"{LIMITS_SOURCE}: at most 10 VPN connections per customer gateway (a quota; can be raised)",)
    field = "userGwId"
    gateway = "customer gateway"


def _region(number: int, user_gw: str = "cgw-e098slul", remote: str = "203.0.113.10") -> str:
    """The office's connection to the VPC of region ``number``."""
    return example_connection(
        name=f"office-to-region-{number:02d}",
        vpc=f"vpc-region{number:02d}",
        vpn_gw=f"vpngw-region{number:02d}",
        user_gw=user_gw,
        psk=f"${{VPN_PSK_REGION_{number:02d}}}",
        spd_acl=f"""'{{"10.{number}.0.0/16": ["192.168.10.0/24"]}}'""",
        remote=remote,
    )


CustomerGatewayQuota.__doc__ = with_examples(
    CustomerGatewayQuota.__doc__,
    BAD=documents(*(_region(n) for n in range(1, 4))),
    GOOD=documents(_region(1), _region(2), _region(3, user_gw="cgw-office02", remote="198.51.100.20")),
)
