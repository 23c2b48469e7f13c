"""X007: one pre-shared key used by several connections."""

from __future__ import annotations

from typing import Iterator

from ...model import Finding, Related, Severity
from ...spec import PRE_SHARED_KEY
from ...summary import ConnectionSummary, digest
from .. import RunRule
from ._common import repeated

#: An empty key is A005's (length) business, not a shared secret.
_EMPTY = digest("")


def _key_digest(summary: ConnectionSummary) -> bytes | None:
    value = summary.psk_digest
    return value if value and value != _EMPTY else None


class ReusedPsk(RunRule):
    """Warns when connections share one pre-shared key (or one `${NAME}` reference to a key).

    ## What it does
    Compares the pre-shared keys of the connections of the run, through the
    digest each spec's summary keeps (the key itself never leaves its file's
    check), and reports every connection whose key an earlier connection
    already uses, on its `preSharedKey`, naming the first. Neither message nor
    any other output shows the key or its digest.

    The same environment reference (`${VPN_PSK}` in two specs) counts as the
    same key: it deploys as the same secret. The summary keeps only a digest,
    so a message cannot tell a repeated literal key from a repeated reference;
    it says "the same key or key reference". Missing, empty and non-string keys
    are skipped (the API-contract rules report them).

    ## Why is this bad?
    A pre-shared key authenticates both ends of one tunnel. Shared between
    tunnels, one leaked or cracked key (IKE pre-shared keys are open to offline
    dictionary attacks once an exchange is captured) opens all of them, any
    peer holding it can impersonate the others, and it cannot be rotated on
    one tunnel without touching every peer at once.

    ## Example
    ```yaml
    vpcId: vpc-amhnnao5
    vpnGwId: vpngw-dystbrkv
    userGwId: cgw-e098slul
    vpnConnName: hq-to-office
    preSharedKey: ${VPN_PSK}
    spdAcl: '{"10.0.0.0/24": ["192.168.10.0/24"]}'
    IKESet:
      propoEncryAlgorithm: aes-cbc-256
      propoAuthenAlgorithm: sha
      exchangeMode: main
      remoteAddress: 203.0.113.10
      dhGroupName: group14
      ikeSaLifetimeSeconds: 28800
      encryptAlgorithm: aes-cbc-256
    IPsecSet:
      integrityAlgorith: sha
      ipsecSaLifetimeSeconds: 3600
      pfsDhGroup: dh-group14
    ---
    vpcId: vpc-amhnnao5
    vpnGwId: vpngw-dystbrkv
    userGwId: cgw-partner1
    vpnConnName: hq-to-partner
    preSharedKey: ${VPN_PSK}
    spdAcl: '{"10.0.1.0/24": ["172.20.0.0/24"]}'
    IKESet:
      propoEncryAlgorithm: aes-cbc-256
      propoAuthenAlgorithm: sha
      exchangeMode: main
      remoteAddress: 198.51.100.20
      dhGroupName: group14
      ikeSaLifetimeSeconds: 28800
      encryptAlgorithm: aes-cbc-256
    IPsecSet:
      integrityAlgorith: sha
      ipsecSaLifetimeSeconds: 3600
      pfsDhGroup: dh-group14
    ```

    ## Use instead
    ```yaml
    vpcId: vpc-amhnnao5
    vpnGwId: vpngw-dystbrkv
    userGwId: cgw-e098slul
    vpnConnName: hq-to-office
    preSharedKey: ${VPN_PSK_OFFICE}
    spdAcl: '{"10.0.0.0/24": ["192.168.10.0/24"]}'
    IKESet:
      propoEncryAlgorithm: aes-cbc-256
      propoAuthenAlgorithm: sha
      exchangeMode: main
      remoteAddress: 203.0.113.10
      dhGroupName: group14
      ikeSaLifetimeSeconds: 28800
      encryptAlgorithm: aes-cbc-256
    IPsecSet:
      integrityAlgorith: sha
      ipsecSaLifetimeSeconds: 3600
      pfsDhGroup: dh-group14
    ---
    vpcId: vpc-amhnnao5
    vpnGwId: vpngw-dystbrkv
    userGwId: cgw-partner1
    vpnConnName: hq-to-partner
    preSharedKey: ${VPN_PSK_PARTNER}
    spdAcl: '{"10.0.1.0/24": ["172.20.0.0/24"]}'
    IKESet:
      propoEncryAlgorithm: aes-cbc-256
      propoAuthenAlgorithm: sha
      exchangeMode: main
      remoteAddress: 198.51.100.20
      dhGroupName: group14
      ikeSaLifetimeSeconds: 28800
      encryptAlgorithm: aes-cbc-256
    IPsecSet:
      integrityAlgorith: sha
      ipsecSaLifetimeSeconds: 3600
      pfsDhGroup: dh-group14
    ```
    """

    code = "X007"
    reads = ()  # only the key's digest
    name = "reused-psk"
    severity = Severity.WARNING
    references = (
        "Felsch et al., 'The Dangers of Key Reuse: Practical Attacks on IPsec IKE' "
        "(USENIX Security 2018): offline dictionary attacks on IKE pre-shared keys",
        "Common hardening guidance: a distinct pre-shared key per tunnel, so one "
        "compromise or rotation touches one peer",
    )

    def check_run(self, summaries: list[ConnectionSummary]) -> Iterator[tuple[ConnectionSummary, Finding]]:
        for later, first, _ in repeated(summaries, _key_digest):
            yield later, Finding(
                PRE_SHARED_KEY,
                "this connection shares its pre-shared key (the same key or the same key reference) "
                "with the connection at {related}: one leaked key would open both tunnels",
                hint="give every connection its own key, e.g. ${VPN_PSK_<CONNECTION>}",
                related=Related(PRE_SHARED_KEY, key=first.key),
            )
