"""S013: a pre-shared key shorter than 8 characters."""

from __future__ import annotations

from typing import Iterator

from vpnlint.connection import Connection
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule

from . import _psk


class ShortPsk(ConnectionRule):
    """Flags a pre-shared key shorter than 8 characters.

    ## What it does
    Measures the length of `preSharedKey` when it is written as a literal
    string. An environment reference such as `${VPN_PSK}` is not a key and is
    not judged. The message states only that the key is too short: it never
    shows the key or any part of it.

    ## Why is this bad?
    The pre-shared key is the only thing that authenticates the peers. Anyone
    who captures one IKE exchange (easily, in aggressive mode; with an active
    man-in-the-middle, in main mode too) can test candidate keys offline at
    high speed, and a key of a few characters falls to plain brute force in
    moments. The API page's own example key, `dgdgd33`, is such a key.

    ## Example
    ```yaml
    preSharedKey: dgdgd33
    ```

    ## Use instead
    ```yaml
    preSharedKey: ${VPN_PSK}
    ```
    """

    code = "S013"
    name = "short-psk"
    severity = Severity.ERROR
    references = (
        "Felsch et al., 'The Dangers of Key Reuse: Practical Attacks on IPsec IKE' "
        "(USENIX Security 2018): offline dictionary attacks on IKE PSKs, main mode "
        "included",
        "Cisco security notice 'Response to BugTraq - Internet Key Exchange Issue' "
        "(2003): off-line dictionary (brute force) attacks on pre-shared keys",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        key = _psk.literal_key(conn)
        if key is not None and _psk.is_short(key):
            yield Finding(
                _psk.POINTER,
                f"the pre-shared key is shorter than {_psk.MIN_LENGTH} characters: it "
                "can be brute-forced offline from one captured IKE exchange",
                hint=f"use a random key of at least {_psk.RECOMMENDED_LENGTH} characters "
                "and keep it out of the file: preSharedKey: ${VPN_PSK}",
            )
