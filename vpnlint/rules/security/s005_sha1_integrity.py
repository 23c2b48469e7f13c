"""S005: HMAC-SHA-1 for IKE authentication or IPsec integrity (informational)."""

from __future__ import annotations

from typing import Iterator

from vpnlint.connection import Connection
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule

from ._fields import setting

_FIELDS = (
    ("/IKESet/propoAuthenAlgorithm", "IKE authentication"),
    ("/IPsecSet/integrityAlgorith", "IPsec integrity"),
)


class Sha1Integrity(ConnectionRule):
    """Notes HMAC-SHA-1 (`sha`): acceptable today, being phased out, and the best this API offers.

    ## What it does
    Reports, as information, `sha` in `IKESet.propoAuthenAlgorithm` or
    `IPsecSet.integrityAlgorith`. It never fires on an omitted field: those
    default to `md5`, which S004 reports as an error.

    ## Why is this bad?
    It is not bad yet. HMAC-SHA-1 is still acceptable as an integrity
    algorithm, but the guidance has downgraded it to MUST- (expected to be
    demoted) for IKEv2 (RFC 8247 §2.2 and §2.3) and for ESP and AH
    (RFC 8221 §6), in favour of HMAC-SHA2-256. AddVpnConnEx offers only `md5`
    and `sha`, so there is nothing stronger to choose: keep `sha`, and move to
    SHA-2 when the API allows it. This rule exists so the fact is visible;
    silence it with
    `# vpnlint: disable=S005 -- <reason>` once acknowledged.

    ## Example
    ```yaml
    IKESet:
      propoAuthenAlgorithm: sha
    ```

    ## Use instead
    ```yaml
    # nothing stronger exists in this API: keep sha and acknowledge it
    IKESet:
      propoAuthenAlgorithm: sha  # vpnlint: disable=S005 -- AddVpnConnEx offers nothing stronger
    IPsecSet:
      integrityAlgorith: sha  # vpnlint: disable=S005 -- AddVpnConnEx offers nothing stronger
    ```
    """

    code = "S005"
    name = "sha1-integrity"
    severity = Severity.INFO
    reads = tuple(pointer for pointer, *_ in _FIELDS)
    references = (
        "RFC 8247 §2.2–2.3 (IKEv2: PRF_HMAC_SHA1 and AUTH_HMAC_SHA1_96 are MUST-, "
        "i.e. expected to be demoted)",
        "RFC 8221 §6 (ESP and AH: AUTH_HMAC_SHA1_96 MUST-)",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        for pointer, what in _FIELDS:
            found = setting(conn, pointer)
            if found is not None and found.value == "sha":
                yield Finding(
                    pointer,
                    f"{what} is sha (HMAC-SHA-1): acceptable today but being phased "
                    "out; AddVpnConnEx offers nothing stronger",
                    hint="keep sha (md5 is worse); move to SHA-2 when the API offers it",
                )
