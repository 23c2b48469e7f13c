from __future__ import annotations

from typing import Iterator

from ...connection import Connection
from ...model import Finding, Severity
from ...netaddr import Invalid, identity_values, parse_address, parse_hostname
from .. import ConnectionRule


class InvalidIpAddress(ConnectionRule):
    """Flags an IKESet.localAddress or remoteAddress that is not an IPv4 address.

    ## What it does
    Checks `IKESet.localAddress` and `IKESet.remoteAddress` for a plain IPv4
    address `a.b.c.d`: four decimal octets 0-255, no leading zeros, no prefix
    length, no whitespace, no IPv6. Values that are not strings are left to the
    schema rules.

    ## Why is this bad?
    These are the IKE identities of the two gateways. The API rejects what is
    not an address, and an identity that does not match what the peer sends
    makes IKE authentication fail, so the tunnel never comes up.

    ## Example
    ```yaml
    IKESet:
      remoteAddress: 203.0.113.10/32
    ```

    ## Use instead
    ```yaml
    IKESet:
      remoteAddress: 203.0.113.10
    ```
    """

    code = "A009"
    name = "invalid-ip-address"
    severity = Severity.ERROR

    def check(self, conn: Connection) -> Iterator[Finding]:
        for side, pointer, value in identity_values(conn, "Address"):
            parsed = parse_address(value)
            if not isinstance(parsed, Invalid):
                continue
            hint = parsed.hint
            if hint is None and not isinstance(parse_hostname(value), Invalid):  # the other identity type's value
                hint = f"for a host name identity, set {side}Identity: fqdn and write it in {side}FqdnName"
            message = f"IKESet.{side}Address {value!r} is not a valid IPv4 address: {parsed.reason}"
            yield Finding(pointer, message, hint=hint)
