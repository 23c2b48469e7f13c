"""S015: a pre-shared key that an IKE daemon would decode as hex or Base64."""

from __future__ import annotations

from typing import Iterator

from vpnlint.connection import Connection
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule

from . import _psk


class PskEncodingPrefix(ConnectionRule):
    """Flags a pre-shared key starting with `0x` or `0s`, which strongSwan decodes as hex or Base64.

    ## What it does
    Checks whether a literal `preSharedKey` starts with `0x` or `0s`. The
    message does not say which prefix it found, or show any other part of the
    key. Quote such a key in YAML: unquoted, `0x...` is read as a hexadecimal
    integer, which the schema rules report as a type error.

    ## Why is this bad?
    The peer's IKE daemon must hold the same secret. In strongSwan's
    `ipsec.secrets`, a secret beginning with `0x` is read as hexadecimal
    digits and one beginning with `0s` as Base64-encoded binary, so the same
    text typed on the customer gateway can turn into different key bytes than
    Tencent Cloud uses, and the tunnel fails to authenticate (or the encoded
    form silently shortens the key). Quoting on the peer avoids it, but a key
    without the ambiguity is simpler.

    ## Example
    ```yaml
    preSharedKey: "0x3e50b948e6244038a96d205cccb2bfc0"
    ```

    ## Use instead
    ```yaml
    preSharedKey: ${VPN_PSK}
    ```
    """

    code = "S015"
    name = "psk-encoding-prefix"
    severity = Severity.WARNING
    references = (
        "strongSwan ipsec.secrets(5): a PSK 'character sequence beginning with 0x is "
        "interpreted as sequence of hexadecimal digits', one 'beginning with 0s is "
        "interpreted as Base64 encoded binary data'",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        key = _psk.literal_key(conn)
        if key is not None and _psk.has_encoding_prefix(key):
            yield Finding(
                _psk.POINTER,
                "the pre-shared key starts with a hexadecimal or Base64 marker that "
                "IKE daemons such as strongSwan decode, so the peer may derive "
                "different key bytes",
                hint="generate a key that does not start with a zero followed by "
                "an encoding letter, or quote it on the peer",
            )
