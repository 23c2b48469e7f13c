"""S004: HMAC-MD5 for IKE authentication or IPsec integrity, including the API's default."""

from __future__ import annotations

from typing import Iterator

from vpnlint.connection import Connection
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule

from ._fields import setting

_FIELDS = (
    ("/IKESet/propoAuthenAlgorithm", "IKE authentication", "propoAuthenAlgorithm: sha"),
    ("/IPsecSet/integrityAlgorith", "IPsec integrity", "IPsecSet.integrityAlgorith: sha"),
)


class Md5Integrity(ConnectionRule):
    """Flags MD5 (`md5`, the API's default) for IKE authentication or IPsec integrity.

    ## What it does
    Checks the effective `IKESet.propoAuthenAlgorithm` and
    `IPsecSet.integrityAlgorith` (the API's spelling, without the final `m`)
    for `md5`. Both default to `md5` when omitted, so a spec that leaves them
    out is flagged at the `IKESet`/`IPsecSet` key, or at the connection when
    the section is absent.

    ## Why is this bad?
    The IPsec algorithm guidance has moved MD5 to MUST NOT everywhere: for the
    IKEv2 PRF and integrity transforms (PRF_HMAC_MD5 and AUTH_HMAC_MD5_96,
    RFC 8247 §2.2 and §2.3) and for ESP and AH (AUTH_HMAC_MD5_96, RFC 8221 §6).
    MD5 support is being removed from cryptographic libraries, and peers that
    follow the guidance refuse the proposal. `sha` is the stronger choice this
    API offers.

    ## Example
    ```yaml
    IKESet:
      propoAuthenAlgorithm: md5
    IPsecSet:
      integrityAlgorith: md5
    ```

    ## Use instead
    ```yaml
    IKESet:
      propoAuthenAlgorithm: sha
    IPsecSet:
      integrityAlgorith: sha
    ```
    """

    code = "S004"
    name = "md5-integrity"
    severity = Severity.ERROR
    reads = tuple(pointer for pointer, *_ in _FIELDS)
    references = (
        "RFC 8247 §2.2 (IKEv2 PRF transforms: PRF_HMAC_MD5 MUST NOT)",
        "RFC 8247 §2.3 (IKEv2 integrity transforms: AUTH_HMAC_MD5_96 MUST NOT)",
        "RFC 8221 §6 (ESP and AH authentication algorithms: AUTH_HMAC_MD5_96 MUST NOT)",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        for pointer, what, suggestion in _FIELDS:
            found = setting(conn, pointer)
            if found is not None and found.value == "md5":
                yield Finding(
                    pointer,
                    f"{what} is md5{found.origin()}: HMAC-MD5 is MUST NOT in the "
                    "current IPsec algorithm guidance",
                    hint=f"set {suggestion} (the strongest this API offers)",
                )
