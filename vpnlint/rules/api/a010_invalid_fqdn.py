from __future__ import annotations

from typing import Iterator

from ...connection import Connection
from ...model import Finding, Severity
from ...netaddr import Invalid, identity_values, parse_address, parse_hostname
from .. import ConnectionRule


class InvalidFqdn(ConnectionRule):
    """Flags an IKESet.localFqdnName or remoteFqdnName that is not a valid host name.

    ## What it does
    Checks `IKESet.localFqdnName` and `IKESet.remoteFqdnName` against the RFC 1123
    host name syntax: dot-separated labels of 1-63 ASCII letters, digits and
    `-`, no label starting or ending with `-`, at most 253 characters in all.
    A single label (`office-gw`) is accepted: an IKE FQDN identity is compared
    with what the peer sends, never resolved. Rejected besides: a trailing dot,
    an all-digit last label (it reads as an address), `@` prefixes and e-mail
    addresses, and non-ASCII names (the hint gives the punycode form).

    ## Why is this bad?
    The identity must match the peer's byte for byte, and the API or the peer
    rejects what is not a host name: IKE authentication fails and the tunnel
    never comes up.

    ## Example
    ```yaml
    IKESet:
      remoteIdentity: fqdn
      remoteFqdnName: office_gw.example.com
    ```

    ## Use instead
    ```yaml
    IKESet:
      remoteIdentity: fqdn
      remoteFqdnName: office-gw.example.com
    ```
    """

    code = "A010"
    name = "invalid-fqdn"
    severity = Severity.ERROR
    references = (
        "RFC 1123 §2.1: a label may start with a digit; a valid host name never has the dotted-decimal form",
        "RFC 1035 §2.3.4: labels are 63 octets or less, names 255 octets or less (253 characters as text)",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        for side, pointer, value in identity_values(conn, "FqdnName"):
            parsed = parse_hostname(value)
            if not isinstance(parsed, Invalid):
                continue
            hint = parsed.hint
            if hint is None and not isinstance(parse_address(value), Invalid):  # the other identity type's value
                hint = f"for an address identity, set {side}Identity: address and write it in {side}Address"
            message = f"IKESet.{side}FqdnName {value!r} is not a valid host name: {parsed.reason}"
            yield Finding(pointer, message, hint=hint)
