"""S012: an IPsec SA that lives as long as, or longer than, its IKE SA."""

from __future__ import annotations

from typing import Iterator

from vpnlint.connection import Connection
from vpnlint.model import Finding, Related, Severity
from vpnlint.rules import ConnectionRule

from ._fields import hours, written_int

_IKE = "/IKESet/ikeSaLifetimeSeconds"
_IPSEC = "/IPsecSet/ipsecSaLifetimeSeconds"


class IpsecLifetimeNotBelowIke(ConnectionRule):
    """Flags an IPsec SA lifetime that is not shorter than the IKE SA lifetime.

    ## What it does
    When both `IKESet.ikeSaLifetimeSeconds` and
    `IPsecSet.ipsecSaLifetimeSeconds` are written as integers, checks that the
    IPsec (phase 2) lifetime is the shorter one.

    ## Why is this bad?
    Phase 2 SAs are negotiated, rekeyed and deleted under the protection of the
    phase 1 (IKE) SA. If they live as long or longer, they outlast the IKE SA
    that created them: rekeying then needs a fresh phase 1 first, and the
    leftover SAs linger with no IKE SA to delete them cleanly. The usual
    arrangement, and the common vendor defaults, rekey phase 2 several times
    within one phase 1 (for example 3600 s inside 28800 s). This is common
    hardening guidance, not a requirement of the IKE RFCs.

    ## Example
    ```yaml
    IKESet:
      ikeSaLifetimeSeconds: 28800
    IPsecSet:
      ipsecSaLifetimeSeconds: 28800
    ```

    ## Use instead
    ```yaml
    IKESet:
      ikeSaLifetimeSeconds: 28800
    IPsecSet:
      ipsecSaLifetimeSeconds: 3600
    ```
    """

    code = "S012"
    name = "ipsec-lifetime-not-below-ike"
    severity = Severity.WARNING
    reads = (_IKE, _IPSEC)
    references = (
        "Common hardening guidance (no RFC requirement): the phase 2 (IPsec) SA "
        "lifetime should be shorter than the phase 1 (IKE) SA lifetime",
    )

    def check(self, conn: Connection) -> Iterator[Finding]:
        ike = written_int(conn, _IKE)
        ipsec = written_int(conn, _IPSEC)
        if ike is None or ipsec is None or ike <= 0 or ipsec < ike:
            return  # not both written, out of range (the schema rules' business), or fine
        relation = "as long as" if ipsec == ike else "longer than"
        yield Finding(
            _IPSEC,
            f"IPsec SA lifetime {hours(ipsec)} is {relation} the IKE SA lifetime "
            f"on {{related}}, {hours(ike)}: phase 2 should rekey within phase 1",
            hint="make ipsecSaLifetimeSeconds shorter than ikeSaLifetimeSeconds, "
            "e.g. 3600 within 28800",
            related=Related(_IKE),
        )
