"""S001: DES for IKE or IPsec encryption."""

from __future__ import annotations

from typing import Iterator

from vpnlint.connection import Connection
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule

from ._fields import setting

#: (pointer, what the field encrypts, the spelling to suggest instead)
_FIELDS = (
    ("/IKESet/propoEncryAlgorithm", "IKE encryption", "propoEncryAlgorithm: aes-cbc-256"),
    ("/IKESet/encryptAlgorithm", "IPsec encryption", "IKESet.encryptAlgorithm: aes-cbc-256"),
)


class DesEncryption(ConnectionRule):
    """Flags single DES (`des-cbc`) as the IKE or the IPsec cipher.

    ## What it does
    Checks `IKESet.propoEncryAlgorithm` (the IKE SA cipher) and
    `IKESet.encryptAlgorithm` (the IPsec SA cipher, which the API documents
    inside `IKESet`) for `des-cbc`.

    ## Why is this bad?
    DES has a 56-bit key: it can be brute-forced with off-the-shelf hardware and
    gives no meaningful confidentiality. The IPsec algorithm guidance forbids it
    outright: ENCR_DES is MUST NOT for IKEv2 (RFC 8247 §2.1) and for ESP
    (RFC 8221 §5).

    ## Example
    ```yaml
    IKESet:
      propoEncryAlgorithm: des-cbc
      encryptAlgorithm: des-cbc
    ```

    ## Use instead
    ```yaml
    IKESet:
      propoEncryAlgorithm: aes-cbc-256
      encryptAlgorithm: aes-cbc-256
    ```
    """

    code = "S001"
    name = "des-encryption"
    severity = Severity.ERROR
    reads = tuple(pointer for pointer, *_ in _FIELDS)
    references = (
        "RFC 8247 §2.1 (IKEv2 encryption transforms: ENCR_DES MUST NOT)",
        "RFC 8221 §5 (ESP encryption algorithms: ENCR_DES MUST NOT)",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        for pointer, what, suggestion in _FIELDS:
            found = setting(conn, pointer)
            if found is not None and found.value == "des-cbc":
                yield Finding(
                    pointer,
                    f"{what} is des-cbc{found.origin()}: single DES has a 56-bit key "
                    "that can be brute-forced",
                    hint=f"use {suggestion}",
                )
