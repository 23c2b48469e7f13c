"""The three resource IDs of a spec: field, unified prefix, legacy forms, API error."""

import functools
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class IdField:
    pointer: str
    prefix: str
    what: str
    api_error: str
    legacy: re.Pattern

    def unified(self, value: str) -> bool:
        return self._unified.fullmatch(value) is not None

    @functools.cached_property
    def _unified(self) -> re.Pattern:
        # compiled once: three rules ask of every connection's three IDs
        return re.compile(rf"{self.prefix}-[a-z0-9]{{8}}")


_DIGITS = re.compile(r"[0-9]+")
ID_FIELDS = (
    # Tencent's own data has numeric IDs and VPC network IDs like gz_vpc_76
    IdField("/vpcId", "vpc", "VPC", "InvalidVpc.NotFound", re.compile(r"[0-9]+|[a-z]+_vpc_[0-9]+")),
    IdField("/vpnGwId", "vpngw", "VPN gateway", "InvalidVpnGw.NotFound", _DIGITS),
    IdField("/userGwId", "cgw", "customer gateway", "InvalidUserGw.NotFound", _DIGITS),
)


def id_values(conn):
    """(field, value) for each ID written as a non-empty string."""
    for field in ID_FIELDS:
        value = conn.get(field.pointer)
        if isinstance(value, str) and value:
            yield field, value
