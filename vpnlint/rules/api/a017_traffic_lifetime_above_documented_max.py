from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule

DOCUMENTED_MAX = 604800
_POINTER = "/IPsecSet/ipsecSaLifetimeTraffic"


class TrafficLifetimeAboveDocumentedMax(ConnectionRule):
    """Flags `ipsecSaLifetimeTraffic` above the API page's documented 604800 KB.

    ## What it does
    The page gives 2560–604800 KB, but Tencent's own later data and Terraform
    provider default to 1843200 KB and the v3 API allows up to 4294967295, so
    the upper bound is most likely a documentation slip. A larger value is a
    warning, not an error (below 2560 is an error: A004).

    ## Why is this bad?
    The v2 API may still enforce the documented bound; check before relying on
    a larger value.

    ## Example
    ```yaml
    IPsecSet:
      ipsecSaLifetimeTraffic: 1843200
    ```

    ## Use instead
    ```yaml
    IPsecSet:
      ipsecSaLifetimeTraffic: 604800
    ```
    """

    code = "A017"
    name = "traffic-lifetime-above-documented-max"
    severity = Severity.WARNING
    reads = (_POINTER,)

    def check(self, conn):
        value = conn.get(_POINTER)
        if isinstance(value, int) and not isinstance(value, bool) and value > DOCUMENTED_MAX:
            yield Finding(_POINTER,
                          f"ipsecSaLifetimeTraffic {value} KB is above the documented maximum of "
                          f"{DOCUMENTED_MAX} KB (the bound is likely a documentation slip: Tencent's "
                          "own default is 1843200 KB)")
