"""X006: more VPC-side x IDC-side CIDR pairs on one VPN gateway than Tencent Cloud allows."""

from __future__ import annotations

from typing import Any, Iterator

from ...model import Finding, Related, Severity
from ...netaddr import peer_blocks, spd_acl, spd_rules
from ...summary import ConnectionSummary
from .. import RunRule
from ._common import LIMITS_SOURCE, documents, example_connection, max_option, text_groups, with_examples


def selector_pairs(summary: Any) -> tuple[str, int]:
    """Where a connection's selectors are written, and how many VPC x IDC pairs they make.

    spdAcl (when it is a string; it supersedes userGwCidrBlock) gives one pair
    per IDC-side CIDR of each rule, and nothing while it is invalid (A008's
    case); each userGwCidrBlock entry is one pair with the whole VPC.
    """
    if spd_acl(summary) is not None:
        return "/spdAcl", sum(len(rule.idc) for rule in spd_rules(summary))
    return "/userGwCidrBlock", len(peer_blocks(summary))


class TooManySelectorPairsOnGateway(RunRule):
    """Flags connections that take a VPN gateway past its quota of VPC x IDC CIDR pairs.

    ## What it does
    Adds up, per `vpnGwId` (compared as written) and in run order, the
    VPC-side x IDC-side CIDR pairs of its connections, and reports every
    connection that brings the total above `max` (default 200, Tencent Cloud's
    limit per VPN gateway), on its `spdAcl` or `userGwCidrBlock`.

    How pairs are counted: an `spdAcl` rule with n IDC-side CIDRs is n pairs;
    a `userGwCidrBlock` entry is one pair (the VPC as a whole with that IDC
    CIDR: the VPC's own CIDRs are not in the spec). An invalid `spdAcl` counts
    nothing (A008 reports it). Connections that exist but are not in the run
    are not counted.

    ## Why is this bad?
    The gateway's SPD table holds a limited number of local x remote pairs;
    AddVpnConnEx refuses the connection that would exceed it.

    ## Example
    With `max = 8`, two connections of 1 rule x 5 IDC-side CIDRs each, 10 pairs
    in all:
    ```yaml
    <BAD>
    ```

    ## Use instead
    The second connection's IDC-side CIDRs summarised (192.168.0.0/24 to
    192.168.4.0/24 as two blocks), 7 pairs in all:
    ```yaml
    <GOOD>
    ```
    """

    code = "X006"
    reads = ("vpnGwId",)  # and its note
    name = "too-many-selector-pairs-on-gateway"
    severity = Severity.ERROR
    options: dict[str, Any] = {"max": 200}
    example_options: dict[str, Any] = {"max": 8}
    references = (f"{LIMITS_SOURCE}: at most 200 local x remote CIDR pairs per VPN gateway",)

    def note(self, conn) -> tuple[str, int]:
        return selector_pairs(conn)  # counted where the spdAcl is parsed already

    def check_run(self, summaries: list[ConnectionSummary]) -> Iterator[tuple[ConnectionSummary, Finding]]:
        limit = max_option(self)
        for gateway_id, members in text_groups(summaries, "vpnGwId").items():
            first, total = members[0], 0
            for summary in members:
                pointer, pairs = self.noted(summary)
                total += pairs
                if not pairs or total <= limit:
                    continue
                where = "" if summary is first else " (its first connection is at {related})"
                yield summary, Finding(
                    pointer,
                    f"with this connection's {pairs} VPC-side x IDC-side CIDR pair{'' if pairs == 1 else 's'}, VPN gateway "
                    f"{gateway_id!r} has {total}, more than the {limit} a VPN gateway takes{where}",
                    hint="summarise adjacent CIDRs into larger blocks, or move connections to another VPN gateway",
                    related=None if summary is first else Related("/vpnGwId", key=first.key),
                )


def _spd_example(vpc_blocks: range, idc: list[str]) -> str:
    """A multi-line spdAcl string: each VPC /24 of ``vpc_blocks`` to every CIDR of ``idc``."""
    quoted = [f'"{cidr}"' for cidr in idc]
    targets = ",\n    ".join(", ".join(quoted[i:i + 4]) for i in range(0, len(quoted), 4))
    rules = [f'"10.0.{block}.0/24": [{targets}]' for block in vpc_blocks]
    return "'{" + ",\n  ".join(rules) + "}'"


_SITES = [f"192.168.{n}.0/24" for n in range(5)]
_SUMMARISED = ["192.168.0.0/22", "192.168.4.0/24"]


def _connection(number: int, idc: list[str]) -> str:
    return example_connection(
        name=f"dc-to-sites-{number}", vpn_gw="vpngw-dystbrkv", user_gw=f"cgw-dcsite{number:02d}",
        psk=f"${{VPN_PSK_SITES_{number}}}", spd_acl=_spd_example(range(number, number + 1), idc),
        remote=f"203.0.113.{number}")


TooManySelectorPairsOnGateway.__doc__ = with_examples(
    TooManySelectorPairsOnGateway.__doc__,
    BAD=documents(_connection(1, _SITES), _connection(2, _SITES)),
    GOOD=documents(_connection(1, _SITES), _connection(2, _SUMMARISED)),
)
