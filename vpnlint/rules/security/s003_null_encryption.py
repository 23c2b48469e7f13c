"""S003: no encryption at all for the IPsec SA."""

from __future__ import annotations

from typing import Iterator

from vpnlint.connection import Connection
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule

from ._fields import setting

_POINTER = "/IKESet/encryptAlgorithm"


class NullEncryption(ConnectionRule):
    """Flags `encryptAlgorithm: "null"`: the tunnel's traffic is not encrypted.

    ## What it does
    Checks `IKESet.encryptAlgorithm`, the IPsec (phase 2) cipher that the API
    documents inside `IKESet`, for the string `null`.

    ## Why is this bad?
    NULL encryption (RFC 2410) does nothing to the plaintext: ESP then gives
    authentication and integrity without confidentiality, so everything the
    tunnel carries crosses the Internet readable by anyone on the path. It
    exists for debugging and for traffic that is encrypted at another layer,
    not for a site-to-site VPN.

    ## Example
    ```yaml
    IKESet:
      encryptAlgorithm: "null"
    ```

    ## Use instead
    ```yaml
    IKESet:
      encryptAlgorithm: aes-cbc-256
    ```
    """

    code = "S003"
    name = "null-encryption"
    severity = Severity.ERROR
    reads = (_POINTER,)
    references = (
        "RFC 2410 (the NULL encryption algorithm: 'NULL does nothing to alter "
        "plaintext data'; ESP with authentication and integrity but without "
        "confidentiality)",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        found = setting(conn, _POINTER)
        if found is not None and found.value == "null":
            yield Finding(
                _POINTER,
                "IPsec encryption (IKESet.encryptAlgorithm) is 'null': the tunnel "
                "carries traffic unencrypted",
                hint="set IKESet.encryptAlgorithm: aes-cbc-256",
            )
