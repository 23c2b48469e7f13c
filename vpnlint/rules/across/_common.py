"""What the X rules share: reading summary fields, grouping, quota options, doc examples.

Values of the wrong type (or empty) are skipped here, so every X rule stays
quiet about what the A rules already report; IDs and names are compared as
written (case and all): vpnlint does not guess how the API normalises them.
"""

from __future__ import annotations

from typing import Any, Callable, Hashable, Iterable, Iterator, TypeVar

from ...model import Finding, Related
from ...summary import ConnectionSummary
from .. import RunRule

K = TypeVar("K", bound=Hashable)

#: Tencent Cloud's product limits for VPN connections, as docs/spec cites them.
LIMITS_SOURCE = (
    "Tencent Cloud VPN connection usage limits (VPN connection product documentation; "
    "tencentcloud_vpn_connection in Tencent's Terraform provider)"
)


def text_field(summary: ConnectionSummary, name: str) -> str | None:
    """A top-level field when it is a non-empty string; None otherwise (another rule's case)."""
    data = summary.data
    value = data.get(name) if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None


def repeated(summaries: Iterable[ConnectionSummary],
             key: Callable[[ConnectionSummary], K | None]) -> Iterator[tuple[ConnectionSummary, ConnectionSummary, K]]:
    """Each connection whose key an earlier one already had: (later, first, key).

    Connections whose key is None are skipped.  Every repeat names the first
    connection of its group, so three copies give two findings, both pointing
    back at the first.
    """
    first: dict[K, ConnectionSummary] = {}
    for summary in summaries:
        value = key(summary)
        if value is None:
            continue
        if value in first:
            yield summary, first[value], value
        else:
            first[value] = summary


def text_groups(summaries: Iterable[ConnectionSummary], name: str) -> dict[str, list[ConnectionSummary]]:
    """The connections sharing each value of the top-level field ``name``, in
    run order, where it is a non-empty string (:func:`text_field`).

    Computed once per run for each name and shared by the rules that ask
    (X003, X005 and X006 all group by ``vpnGwId``): the lists must not be
    changed.  (Rules that look for repeats of a pair use :func:`repeated`,
    which keeps no list per value: most pairs are unique.)
    """
    shared = getattr(summaries, "shared", None)  # a RunSummaries, as the engine gives
    if shared is None:
        return _text_groups(summaries, name)
    return shared(("text_groups", name), lambda: _text_groups(summaries, name))


def _text_groups(summaries: Iterable[ConnectionSummary], name: str) -> dict[str, list[ConnectionSummary]]:
    # text_field inline: a run has thousands of summaries
    out: dict[str, list[ConnectionSummary]] = {}
    for summary in summaries:
        data = summary.data
        value = data.get(name) if isinstance(data, dict) else None
        if isinstance(value, str) and value:
            members = out.get(value)
            if members is None:
                out[value] = [summary]
            else:
                members.append(summary)
    return out


def max_option(rule: Any) -> int:
    """The rule's ``max`` option, checked: a config may set it, so a bad value must say so."""
    value = rule.options.get("max")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"option 'max' of {rule.code} must be a whole number of 0 or more, not {value!r}")
    return value


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st, 112th."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


class GatewayQuota(RunRule):
    """Counts the connections of the run on each gateway named in ``field``.

    Every connection beyond ``options["max"]`` is reported (the 21st, the 22nd,
    ...), not just the first of them: deployed in run order, each is a call the
    API would refuse, and the number of diagnostics is the number of
    connections to move.  The message names the gateway's first connection.
    Not a rule itself (it has no code); X003 and X004 are.
    """

    #: the top-level field naming the gateway, and how messages call it
    field: str = ""
    gateway: str = ""

    def check_run(self, summaries: list[ConnectionSummary]) -> Iterator[tuple[ConnectionSummary, Finding]]:
        limit = max_option(self)
        pointer = "/" + self.field
        for gateway_id, members in text_groups(summaries, self.field).items():
            first = members[0]
            for number, summary in enumerate(members[limit:], start=limit + 1):
                where = "" if summary is first else " (its first is at {related})"
                yield summary, Finding(
                    pointer,
                    f"this is the {ordinal(number)} connection on {self.gateway} {gateway_id!r}, "
                    f"which takes at most {limit}{where}",
                    hint=f"move connections to another {self.gateway}, or, if your quota has been raised, "
                         f"raise the 'max' option of {self.code}",
                    related=None if summary is first else Related(pointer, key=first.key),
                )


# -- documentation examples ------------------------------------------------------

def example_connection(name: str, vpn_gw: str, user_gw: str, psk: str, spd_acl: str,
                       remote: str, vpc: str = "vpc-amhnnao5") -> str:
    """One complete, clean connection spec (tests/fixtures/base.vpn.yaml's settings),
    with the crypto sections written compactly so long examples stay readable."""
    return (
        f"vpcId: {vpc}\n"
        f"vpnGwId: {vpn_gw}\n"
        f"userGwId: {user_gw}\n"
        f"vpnConnName: {name}\n"
        f"preSharedKey: {psk}\n"
        f"spdAcl: {spd_acl}\n"
        "IKESet: {propoEncryAlgorithm: aes-cbc-256, propoAuthenAlgorithm: sha, exchangeMode: main,\n"
        f"  remoteAddress: {remote}, dhGroupName: group14, ikeSaLifetimeSeconds: 28800,\n"
        "  encryptAlgorithm: aes-cbc-256}\n"
        "IPsecSet: {integrityAlgorith: sha, ipsecSaLifetimeSeconds: 3600, pfsDhGroup: dh-group14}\n"
    )


def branch(number: int, vpn_gw: str = "vpngw-dystbrkv", user_gw: str | None = None) -> str:
    """Branch office ``number`` (1-99): its own name, customer gateway, key, networks and peer."""
    return example_connection(
        name=f"branch-{number:02d}",
        vpn_gw=vpn_gw,
        user_gw=user_gw or f"cgw-branch{number:02d}",
        psk=f"${{VPN_PSK_BRANCH_{number:02d}}}",
        spd_acl=f"""'{{"10.0.{number}.0/24": ["192.168.{number}.0/24"]}}'""",
        remote=f"203.0.113.{number}",
    )


def documents(*specs: str) -> str:
    """Specs as the documents of one YAML stream."""
    return "---\n".join(specs)


def with_examples(doc: str, **blocks: str) -> str:
    """``doc`` with each line ``<NAME>`` replaced by ``blocks[NAME]``, indented like that line.

    For examples too long to write out by hand (a quota needs one connection
    more than it allows); the result is still the docstring the meta-test lints.
    """
    out = []
    for line in doc.splitlines():
        stripped = line.strip()
        if stripped.startswith("<") and stripped.endswith(">") and stripped[1:-1] in blocks:
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(indent + text if text else "" for text in blocks[stripped[1:-1]].splitlines())
        else:
            out.append(line)
    return "\n".join(out)
