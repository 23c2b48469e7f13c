"""S002: Triple DES for IKE or IPsec encryption, including the API's default."""

from __future__ import annotations

from typing import Iterator

from vpnlint.connection import Connection
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule

from ._fields import setting

_FIELDS = (
    ("/IKESet/propoEncryAlgorithm", "IKE encryption", "propoEncryAlgorithm: aes-cbc-256"),
    ("/IKESet/encryptAlgorithm", "IPsec encryption", "IKESet.encryptAlgorithm: aes-cbc-256"),
)


class TripleDesEncryption(ConnectionRule):
    """Flags Triple DES (`3des-cbc`, the API's default) as the IKE or the IPsec cipher.

    ## What it does
    Checks the effective `IKESet.propoEncryAlgorithm` (IKE SA cipher) and
    `IKESet.encryptAlgorithm` (IPsec SA cipher) for `3des-cbc`. Both default to
    `3des-cbc` when omitted, so a spec without them (or without `IKESet` at
    all) is flagged too, at the `IKESet` key or at the connection.

    ## Why is this bad?
    Triple DES works on 64-bit blocks: after about four billion blocks (32 GB)
    under one key, block collisions leak plaintext (the Sweet32 attack,
    CVE-2016-2183, which names IPsec among the affected protocols; only
    rekeying well before that bound keeps it away). NIST disallows TDEA for
    applying encryption after 31 December 2023 (SP 800-131A Rev. 2), and
    RFC 8221 §5 rates ENCR_3DES SHOULD NOT for ESP. AES is mandatory to
    implement in IKEv2 (RFC 8247 §2.1) and offered by this API.

    ## Example
    ```yaml
    IKESet:
      propoEncryAlgorithm: 3des-cbc
      encryptAlgorithm: 3des-cbc
    ```

    ## Use instead
    ```yaml
    IKESet:
      propoEncryAlgorithm: aes-cbc-256
      encryptAlgorithm: aes-cbc-256
    ```
    """

    code = "S002"
    name = "3des-encryption"
    severity = Severity.ERROR
    reads = tuple(pointer for pointer, *_ in _FIELDS)
    references = (
        "NIST SP 800-131A Rev. 2 (TDEA for encryption: deprecated through 2023, "
        "disallowed after 31 December 2023)",
        "CVE-2016-2183 (Sweet32: birthday attack on 64-bit block ciphers, "
        "DES and Triple DES in TLS, SSH and IPsec)",
        "RFC 8221 §5 (ESP encryption algorithms: ENCR_3DES SHOULD NOT)",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        for pointer, what, suggestion in _FIELDS:
            found = setting(conn, pointer)
            if found is not None and found.value == "3des-cbc":
                yield Finding(
                    pointer,
                    f"{what} is 3des-cbc{found.origin()}: Triple DES is disallowed for "
                    "encryption by NIST after 2023 and its 64-bit block is open to "
                    "Sweet32",
                    hint=f"set {suggestion}",
                )
