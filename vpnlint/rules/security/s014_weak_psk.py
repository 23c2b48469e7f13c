"""S014: a pre-shared key that is short or easy to guess."""

from __future__ import annotations

from typing import Iterator

from vpnlint.connection import Connection
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule

from . import _psk


class WeakPsk(ConnectionRule):
    """Flags a pre-shared key shorter than 20 characters or with low entropy.

    ## What it does
    Judges a literal `preSharedKey` of at least 8 characters (shorter ones are
    S013's). It is weak when it is shorter than 20 characters, uses a single
    character class (unless long enough to carry 128 bits that way), has very
    few distinct characters, repeats a character or a short pattern, or
    contains a common word or a keyboard, letter or number sequence (`1234`,
    `qwer`). The last checks are skipped for keys that look generated (long
    hex strings, or 30 and more varied characters), where such runs are chance;
    a random key of 20 to 30 characters still trips them now and then (about
    one in 500), so generate another. The message gives the reasons as fixed
    phrases and never shows the key or any part of it. Environment references
    such as `${VPN_PSK}` are not judged.

    ## Why is this bad?
    An IKE pre-shared key can be attacked offline from one captured exchange:
    in aggressive mode by any observer, in main mode by an active
    man-in-the-middle (Felsch et al., USENIX Security 2018). Cracking tools try
    words, keyboard walks, sequences and short keys first, so such keys fall
    long before their length suggests. A random key of 20 or more characters
    from a large alphabet is out of reach.

    ## Example
    ```yaml
    preSharedKey: Password1234
    ```

    ## Use instead
    ```yaml
    preSharedKey: ${VPN_PSK}
    ```
    """

    code = "S014"
    name = "weak-psk"
    severity = Severity.WARNING
    references = (
        "Felsch et al., 'The Dangers of Key Reuse: Practical Attacks on IPsec IKE' "
        "(USENIX Security 2018): low-entropy PSKs are open to offline dictionary "
        "attacks, in IKEv1 main mode too",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        key = _psk.literal_key(conn)
        if key is None or _psk.is_short(key):
            return
        reasons = _psk.weaknesses(key)
        if reasons:
            yield Finding(
                _psk.POINTER,
                "the pre-shared key is weak: " + "; ".join(reasons),
                hint=f"use a random key of at least {_psk.RECOMMENDED_LENGTH} characters, "
                "e.g. from 'openssl rand -base64 24', and keep it out of the file: "
                "preSharedKey: ${VPN_PSK}",
            )
