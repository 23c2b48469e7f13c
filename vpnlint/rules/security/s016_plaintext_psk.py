"""S016: a pre-shared key committed to the spec as plain text."""

from __future__ import annotations

from typing import Iterator

from vpnlint.connection import Connection
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule

from . import _psk


class PlaintextPsk(ConnectionRule):
    """Notes a pre-shared key written into the spec instead of referenced from the environment.

    ## What it does
    Reports, as information, a `preSharedKey` that is a literal string rather
    than an environment reference such as `${VPN_PSK}`. The message never shows
    the key.

    ## Why is this bad?
    Specs live in Git. A key committed there is copied to every clone, fork,
    CI cache and backup, and stays in the history after it is rotated or
    removed. Keeping the secret in the environment (or a secret store that
    fills it in) keeps it out of the repository and lets it be rotated without
    a commit.

    ## Example
    ```yaml
    preSharedKey: Zt4Kq9wVx2mPbR7sLc1Nh8Ye
    ```

    ## Use instead
    ```yaml
    preSharedKey: ${VPN_PSK}
    ```
    """

    code = "S016"
    name = "plaintext-psk"
    severity = Severity.INFO
    references = (
        "AddVpnConnEx schema (vpnlint): preSharedKey is best written as an "
        "environment reference such as ${VPN_PSK} rather than committed",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        if _psk.literal_key(conn) is not None:
            yield Finding(
                _psk.POINTER,
                "the pre-shared key is committed in plain text",
                hint="reference it from the environment instead: preSharedKey: ${VPN_PSK}",
            )
