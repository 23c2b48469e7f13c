"""IPv4 addresses, CIDR blocks, host names and the spdAcl JSON string, parsed once.

Every rule that looks at an address goes through these parsers, so a value is
judged the same way everywhere: the A rules (A007-A010) report what they reject,
and the N and X rules use what they accept and stay quiet about the rest (one
mistake, one diagnostic).  Parsers return a value or an :class:`Invalid`; they
never raise on user input.

Decisions (see docs of A007-A010):

- An IPv4 address is four decimal octets ``a.b.c.d``: ASCII digits only, no
  leading zeros (``010`` is octal to some tools, decimal to others), no
  whitespace, no IPv6.
- A CIDR is an address, ``/`` and a decimal prefix length 0-32 without leading
  zeros.  A bare address is *not* a CIDR (hint: add ``/32``); a dotted netmask
  (``/255.255.255.0``) is not either (hint: the prefix length).
- Host bits may be set (``10.56.20.1/24``, as on the API page): that is valid
  here and N001's business.
"""

from __future__ import annotations

import bisect
import functools
import ipaddress
import json
import re
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network
from typing import TYPE_CHECKING, Any, Iterator, Sequence

from .caches import text_cache
from .model import quick_init

if TYPE_CHECKING:
    from .connection import Connection
    from .summary import ConnectionSummary

@dataclass(frozen=True)
class Invalid:
    """Why a text was rejected: a clause that completes "X is not valid: ..."."""

    reason: str
    hint: str | None = None


# -- addresses and CIDRs -------------------------------------------------------

_DOTTED = re.compile(r"[0-9]+(?:\.[0-9]+){3}")
_DIGITS = re.compile(r"[0-9]+")


@quick_init
@dataclass(frozen=True, slots=True)
class Cidr:
    """A valid IPv4 CIDR as written; ``network`` has the host bits cleared."""

    text: str
    address: IPv4Address
    network: IPv4Network

    @property
    def host_bits_set(self) -> bool:
        return self.address != self.network.network_address

    @property
    def is_any(self) -> bool:
        """0.0.0.0/0 (or any address with /0): every IPv4 address."""
        return self.network.prefixlen == 0


def _looks_ipv6(text: str) -> bool:
    if ":" not in text:  # every IPv6 text has a colon; skip the costly parse
        return False
    try:
        return ipaddress.ip_network(text, strict=False).version == 6
    except ValueError:
        return False


def _whitespace(text: str, parse) -> Invalid | None:
    """Whitespace is never part of an address; suggest the text without it if that parses."""
    if not any(ch.isspace() for ch in text):
        return None
    squeezed = "".join(text.split())
    reason = "it has whitespace around it" if squeezed == text.strip() else "it contains whitespace"
    if squeezed and not isinstance(parse(squeezed), Invalid):
        return Invalid(reason, f"write {squeezed!r}")
    return Invalid(reason)


def _dotted(text: str, suffix: str = "") -> IPv4Address | Invalid:
    """The ``a.b.c.d`` part; ``suffix`` ("/24") completes the text a hint suggests."""
    if not _DOTTED.fullmatch(text):
        return Invalid("it is not an IPv4 address (four numbers 0-255 separated by dots)")
    octets = text.split(".")
    for octet in octets:
        if int(octet) > 255:
            return Invalid(f"octet {octet} is greater than 255")
    if any(len(o) > 1 and o.startswith("0") for o in octets):
        fixed = ".".join(str(int(o)) for o in octets)
        return Invalid("an octet has a leading zero (octal to some tools, decimal to others)",
                       f"write '{fixed}{suffix}'")
    a, b, c, d = map(int, octets)  # checked already: built from the number, not parsed again
    return IPv4Address(a << 24 | b << 16 | c << 8 | d)


def _not_ipv4_text(text: str, parse) -> Invalid | None:
    """What rules out an address and a CIDR alike: empty, whitespace, IPv6."""
    if text == "":
        return Invalid("it is empty")
    if _looks_ipv6(text):
        return Invalid("it is IPv6; AddVpnConnEx takes IPv4 only")
    return _whitespace(text, parse)


@text_cache(maxsize=1024, longest=4096)
def parse_address(text: str) -> IPv4Address | Invalid:
    """A strict dotted-quad IPv4 address (see the module docstring)."""
    problem = _not_ipv4_text(text, parse_address)
    if problem:
        return problem
    head, slash, tail = text.partition("/")
    if slash and not isinstance(_dotted(head), Invalid):
        return Invalid("it is a CIDR block, not an address", f"write {head!r} (without '/{tail}')")
    return _dotted(text)


@text_cache(maxsize=1024, longest=4096)
def parse_cidr(text: str) -> Cidr | Invalid:
    """A strict IPv4 CIDR ``a.b.c.d/len``; host bits may be set (N001 reports them)."""
    problem = _not_ipv4_text(text, parse_cidr)
    if problem:
        return problem
    head, slash, prefix = text.partition("/")
    address = _dotted(head, slash + prefix)
    if isinstance(address, Invalid):
        return address
    if not slash:
        return Invalid("it has no prefix length", f"write '{text}/32' for this one address")
    if not _DIGITS.fullmatch(prefix):
        try:
            length = IPv4Network(f"0.0.0.0/{prefix}").prefixlen
        except ValueError:
            return Invalid(f"the prefix length {prefix!r} is not a number from 0 to 32")
        return Invalid("the prefix is a netmask, not a length", f"write '{head}/{length}'")
    if int(prefix) > 32:
        return Invalid(f"the prefix length {int(prefix)} is greater than 32")
    if len(prefix) > 1 and prefix.startswith("0"):
        return Invalid("the prefix length has a leading zero", f"write '{head}/{int(prefix)}'")
    return Cidr(text, address, IPv4Network((int(address), int(prefix)), strict=False))


def relation(later: Cidr, earlier: Cidr) -> str | None:
    """How two CIDRs overlap, as a verb phrase ("is inside"), or None if they are disjoint."""
    # IPv4Network's ==, subnet_of and supernet_of, as integers
    a, b = later.network, earlier.network
    a_first, a_last = int(a.network_address), int(a.broadcast_address)
    b_first, b_last = int(b.network_address), int(b.broadcast_address)
    if a_first == b_first and a_last == b_last:
        return "duplicates" if later.text == earlier.text else "is the same network as"
    if b_first <= a_first and a_last <= b_last:
        return "is inside"
    if a_first <= b_first and b_last <= a_last:
        return "contains"
    return None  # two CIDRs either nest or are disjoint


# -- special ranges ------------------------------------------------------------

@dataclass(frozen=True)
class SpecialRange:
    """A block with a special purpose; ``name`` reads "<name> <block>" in messages."""

    network: IPv4Network
    name: str
    #: its first and last address, as integers
    first: int = field(init=False, repr=False, compare=False)
    last: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "first", int(self.network.network_address))
        object.__setattr__(self, "last", int(self.network.broadcast_address))

    def phrase(self) -> str:
        """"in the loopback block 127.0.0.0/8", "the limited broadcast address 255.255.255.255"."""
        net = self.network
        return f"{self.name} {net.network_address if net.prefixlen == 32 else net}"


#: No traffic selector and no gateway address can use these: RFC 6890 §2.2.2
#: (IPv4 special-purpose registry) and RFC 5771 (multicast).  The narrower
#: entries come first so the most precise name wins.
SPECIAL_PURPOSE_RANGES: tuple[SpecialRange, ...] = tuple(
    SpecialRange(IPv4Network(net), name)
    for net, name in (
        ("0.0.0.0/32", "the unspecified address"),
        ("0.0.0.0/8", 'in the "this network" block'),
        ("127.0.0.0/8", "in the loopback block"),
        ("169.254.0.0/16", "in the link-local block"),
        ("224.0.0.0/4", "in the multicast block"),
        ("255.255.255.255/32", "the limited broadcast address"),
        ("240.0.0.0/4", "in the reserved block"),
    )
)

#: Not reachable over the Internet: RFC 1918 private-use blocks and RFC 6598
#: shared address space (carrier-grade NAT).
PRIVATE_RANGES: tuple[SpecialRange, ...] = tuple(
    SpecialRange(IPv4Network(net), name)
    for net, name in (
        ("10.0.0.0/8", "in the RFC 1918 private-use block"),
        ("172.16.0.0/12", "in the RFC 1918 private-use block"),
        ("192.168.0.0/16", "in the RFC 1918 private-use block"),
        ("100.64.0.0/10", "in the RFC 6598 shared (carrier-grade NAT) block"),
    )
)


def _range_of(value: IPv4Address | IPv4Network, table: Sequence[SpecialRange]) -> SpecialRange | None:
    # IPv4Network.subnet_of, as integers: the first and last address inside the block's
    if isinstance(value, IPv4Address):
        first = last = int(value)
    else:
        first, last = int(value.network_address), int(value.broadcast_address)
    return next((r for r in table if r.first <= first and last <= r.last), None)


@functools.lru_cache(maxsize=1024)
def special_purpose(value: IPv4Address | IPv4Network) -> SpecialRange | None:
    """The special-purpose block an address or network lies inside, if any."""
    return _range_of(value, SPECIAL_PURPOSE_RANGES)


@functools.lru_cache(maxsize=1024)
def private_range(value: IPv4Address | IPv4Network) -> SpecialRange | None:
    """The private (RFC 1918) or CGNAT (RFC 6598) block an address lies inside, if any."""
    return _range_of(value, PRIVATE_RANGES)


# -- host names ----------------------------------------------------------------

_LABEL_CHARS = re.compile(r"[A-Za-z0-9-]+")


def parse_hostname(text: str) -> str | Invalid:
    """An RFC 1123 host name: dot-separated labels of 1-63 letters, digits and
    '-' (not first or last), 253 characters at most.

    A single label ("vpn-gw") is accepted: an IKE FQDN identity is compared, not
    resolved.  A trailing dot is not (peers compare identities as strings), nor
    an all-digit last label (RFC 1123 §2.1: then it reads as an address).
    """
    if text == "":
        return Invalid("it is empty")
    problem = _whitespace(text, parse_hostname)
    if problem:
        return problem
    if not text.isascii():
        try:
            ascii_form = text.encode("idna").decode("ascii")
        except UnicodeError:
            return Invalid("it contains non-ASCII characters")
        return Invalid("it contains non-ASCII characters", f"write the ASCII (punycode) form {ascii_form!r}")
    if text.startswith("@") and len(text) > 1:
        return Invalid("it starts with '@'",
                       f"write {text[1:]!r} (the '@' prefix is a notation of some IKE daemons, not part of the name)")
    if "@" in text:
        return Invalid("it is an e-mail address, not a host name")
    if len(text) > 253:
        return Invalid(f"it is {len(text)} characters long; a host name has at most 253")
    if text.endswith(".") and len(text) > 1:
        return Invalid("it ends with a dot", f"write {text.rstrip('.')!r}")
    labels = text.split(".")
    for label in labels:
        if label == "":
            return Invalid("it has an empty label (two dots in a row, or a leading dot)")
        if len(label) > 63:
            return Invalid(f"label '{label[:16]}...' is {len(label)} characters long; a label has at most 63")
        if not _LABEL_CHARS.fullmatch(label):
            bad = next(ch for ch in label if not (ch.isalnum() or ch == "-"))
            return Invalid(f"label {label!r} contains {bad!r}; labels hold only letters, digits and '-'")
        if label.startswith("-") or label.endswith("-"):
            return Invalid(f"label {label!r} starts or ends with '-'")
    if labels[-1].isdigit():
        return Invalid(f"its last label {labels[-1]!r} is all digits, so it reads as an address, not a name")
    return text


# -- spdAcl ----------------------------------------------------------------------

@quick_init
@dataclass(frozen=True, slots=True)
class SpdRule:
    """One SPD rule: a VPC-side CIDR and the IDC-side CIDRs it may reach (texts as written)."""

    vpc: str
    idc: tuple[str, ...]


@quick_init
@dataclass(frozen=True, slots=True)
class SpdAcl:
    """The spdAcl string parsed: its rules in written order, or why it cannot be used.

    ``problems`` is empty exactly when the string is valid JSON of the documented
    shape ``{"<vpc cidr>": ["<idc cidr>", ...], ...}``; the CIDR texts themselves
    are checked by :func:`parse_cidr`.
    """

    rules: tuple[SpdRule, ...] = ()
    problems: tuple[Invalid, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


class _Pairs(list):
    """A JSON object as its list of (key, value) pairs, so duplicate keys survive parsing."""


_SHAPE_HINT = 'write it as {"<VPC CIDR>": ["<IDC CIDR>", ...]}, e.g. {"10.0.0.0/24": ["192.168.10.0/24"]}'


def _json_type(value: Any) -> str:
    if isinstance(value, _Pairs):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"


def _syntax_problem(text: str, exc: json.JSONDecodeError) -> Invalid:
    if "\n" in text:
        where = f"line {exc.lineno}, column {exc.colno} of the string"
    else:
        where = f"character {exc.pos + 1} of the string"
    near = text[max(0, exc.pos - 12): exc.pos + 12]
    hint = None
    if "'" in text and "double quotes" in exc.msg:
        hint = "JSON strings and keys take double quotes, not single quotes"
    elif exc.msg.startswith("Expecting value") and text[:exc.pos].rstrip().endswith(","):
        hint = "JSON allows no comma before ']' or '}'"
    return Invalid(f"is not valid JSON: {exc.msg} at {where} (near {near!r})", hint or _SHAPE_HINT)


@text_cache(maxsize=256, longest=4096)
def parse_spd_acl(text: str) -> SpdAcl:
    """Parse the spdAcl JSON string; the one parser every rule uses (cached: many rules ask)."""
    try:
        value = json.loads(text, object_pairs_hook=_Pairs)
    except json.JSONDecodeError as exc:
        return SpdAcl(problems=(_syntax_problem(text, exc),))
    except RecursionError:
        return SpdAcl(problems=(Invalid("is nested too deeply to be an SPD policy", _SHAPE_HINT),))
    except ValueError:  # an integer of more than 4,300 digits (Python's bound on int(str))
        return SpdAcl(problems=(Invalid("holds a number too long to read, not an object mapping "
                                        "VPC-side CIDRs to lists of IDC-side CIDRs", _SHAPE_HINT),))
    if not isinstance(value, _Pairs):
        return SpdAcl(problems=(Invalid(
            f"is {_json_type(value)} in JSON, not an object mapping VPC-side CIDRs to lists of IDC-side CIDRs",
            _SHAPE_HINT),))
    if not value:
        return SpdAcl(problems=(Invalid("has no rules: the object is empty", _SHAPE_HINT),))
    rules: list[SpdRule] = []
    problems: list[Invalid] = []
    seen: set[str] = set()
    for key, idc in value:
        if key in seen:
            problems.append(Invalid(
                f"repeats the VPC-side CIDR {key!r}; JSON keeps only the last of the two",
                "merge their IDC-side lists into one entry"))
            continue
        seen.add(key)
        if not isinstance(idc, list) or isinstance(idc, _Pairs):
            example = f"write {json.dumps([idc])}" if isinstance(idc, str) else _SHAPE_HINT
            problems.append(Invalid(
                f"maps {key!r} to {_json_type(idc)}, not a list of IDC-side CIDRs", example))
            continue
        if not idc:
            problems.append(Invalid(
                f"maps {key!r} to an empty list: the rule allows no traffic",
                "add the IDC-side CIDRs it may reach, or remove the rule"))
            continue
        wrong = [i for i, item in enumerate(idc) if not isinstance(item, str)]
        if wrong:
            problems.append(Invalid(
                f"has {_json_type(idc[wrong[0]])} at position {wrong[0]} of the IDC-side list of {key!r}; "
                "every item must be a CIDR string", 'quote it: "192.168.10.0/24"'))
            continue
        rules.append(SpdRule(key, tuple(idc)))
    return SpdAcl(tuple(rules), tuple(problems))


# -- a connection's selectors ----------------------------------------------------

@quick_init
@dataclass(frozen=True, slots=True)
class Selector:
    """One CIDR of a connection's traffic selectors, where it stands and what it parsed to.

    userGwCidrBlock items have their own pointer; spdAcl is one string, so all
    of its CIDRs point at ``/spdAcl`` and messages name the CIDR instead.
    """

    pointer: str
    side: str  # "idc" (the peer's networks) or "vpc"
    text: str
    parsed: Cidr | Invalid
    index: int  # position in userGwCidrBlock, in the rule's IDC list, or the rule's position (VPC side)
    rule: str | None = None  # the spdAcl rule's VPC-side CIDR text; None for userGwCidrBlock

    @property
    def cidr(self) -> Cidr | None:
        return self.parsed if isinstance(self.parsed, Cidr) else None

    @property
    def is_any(self) -> bool:
        return self.cidr is not None and self.cidr.is_any

    def describe(self) -> str:
        """How messages name it: "userGwCidrBlock.2 '10.0.1.0/24'", "spdAcl VPC-side CIDR '10.0.0.0/24'"."""
        if self.rule is None:
            return f"userGwCidrBlock.{self.index} {self.text!r}"
        if self.side == "vpc":
            return f"spdAcl VPC-side CIDR {self.text!r}"
        return f"spdAcl IDC-side CIDR {self.text!r} (rule {self.rule!r})"


@quick_init
@dataclass(frozen=True, slots=True)
class RuleSelectors:
    """An spdAcl rule as selectors: one VPC side, its IDC sides."""

    vpc: Selector
    idc: tuple[Selector, ...]

    @property
    def any_both_sides(self) -> bool:
        """0.0.0.0/0 on the VPC side and among the IDC sides (N009, not N008)."""
        return self.vpc.is_any and any(s.is_any for s in self.idc)


def _top(source: Connection | ConnectionSummary, name: str) -> Any:
    """A top-level field of a connection or of an across-spec summary (both have ``data``)."""
    data = source.data
    return data.get(name) if isinstance(data, dict) else None


def peer_blocks(conn: Connection | ConnectionSummary) -> list[Selector]:
    """The string items of userGwCidrBlock (other types are the schema's to report)."""
    return list(_per_connection(conn, "peer-blocks", _peer_blocks))


def _peer_blocks(conn: Connection | ConnectionSummary) -> tuple[Selector, ...]:
    blocks = _top(conn, "userGwCidrBlock")
    if not isinstance(blocks, list):
        return ()
    return tuple(
        Selector(f"/userGwCidrBlock/{i}", "idc", item, parse_cidr(item), i)
        for i, item in enumerate(blocks)
        if isinstance(item, str)
    )


def _per_connection(conn: Connection | ConnectionSummary, key: str, compute):
    """``compute(conn)``, once per connection: a dozen rules ask for the same
    selectors of each connection (a summary has no memo: computed each time)."""
    memo = getattr(conn, "memo", None)
    return compute(conn) if memo is None else memo(key, compute)


def spd_acl(conn: Connection | ConnectionSummary) -> SpdAcl | None:
    """The parsed spdAcl, or None when it is absent or not a string (the schema's case)."""
    text = _top(conn, "spdAcl")
    return parse_spd_acl(text) if isinstance(text, str) else None


def spd_rules(conn: Connection | ConnectionSummary, partial: bool = False) -> list[RuleSelectors]:
    """The spdAcl rules as selectors.

    Empty unless spdAcl is valid (A008 reports it otherwise), so the network
    rules never reason about a policy the API would reject; ``partial`` gives
    the well-formed rules of an invalid spdAcl too (for A007).
    """
    text = _top(conn, "spdAcl")
    if not isinstance(text, str):
        return []
    ok, rules = _spd_rule_selectors(text)
    return list(rules) if ok or partial else []


@text_cache(maxsize=256, longest=4096)
def _spd_rule_selectors(text: str) -> tuple[bool, tuple[RuleSelectors, ...]]:
    """Whether the spdAcl text is valid, and its well-formed rules as selectors
    (:func:`spd_rules`, partial or not); cached: a dozen rules ask per connection."""
    acl = parse_spd_acl(text)
    return acl.ok, tuple(
        RuleSelectors(
            Selector("/spdAcl", "vpc", rule.vpc, parse_cidr(rule.vpc), r, rule.vpc),
            tuple(Selector("/spdAcl", "idc", t, parse_cidr(t), i, rule.vpc) for i, t in enumerate(rule.idc)),
        )
        for r, rule in enumerate(acl.rules)
    )


def selectors(conn: Connection | ConnectionSummary, partial: bool = False) -> Iterator[Selector]:
    """Every selector: userGwCidrBlock items, then each spdAcl rule's VPC side and IDC sides."""
    return iter(_per_connection(conn, "selectors", _selectors)[partial])


def _selectors(conn: Connection | ConnectionSummary) -> tuple[tuple[Selector, ...], tuple[Selector, ...]]:
    """:func:`selectors` of a connection: (not partial, partial); the same
    tuple twice when its spdAcl is valid."""
    peers = _per_connection(conn, "peer-blocks", _peer_blocks)
    text = _top(conn, "spdAcl")
    ok, rules = _spd_rule_selectors(text) if isinstance(text, str) else (False, ())
    partial = peers + tuple(sel for rule in rules for sel in (rule.vpc, *rule.idc))
    return (partial if ok else peers), partial


def overlapping_earlier(items: Sequence[Selector]) -> Iterator[tuple[Selector, list[tuple[str, Selector]]]]:
    """For each valid selector, the earlier valid ones it overlaps and how.

    Invalid CIDRs are skipped (A007 reports them).  Yields only selectors that
    overlap something, each once, so a rule reports the later of two.
    """
    valid = [s for s in items if s.cidr is not None]
    index = OverlapIndex([[block(s.cidr.network)] for s in valid])
    for j, later in enumerate(valid):
        hits = [(relation(later.cidr, valid[i].cidr), valid[i]) for i in index.earlier(j)]
        if hits:
            yield later, hits  # type: ignore[misc]


def block(network: IPv4Network) -> tuple[int, int]:
    """A network as ``(start, prefix length)``: what :class:`OverlapIndex` compares,
    and cheap to pickle (an IPv4Network is rebuilt from text when unpickled)."""
    return int(network.network_address), network.prefixlen


#: up to this many networks in all, an :class:`OverlapIndex` compares each pair
_FEW = 32


class OverlapIndex:
    """Which earlier groups of networks overlap a group, without comparing every pair.

    Two CIDR blocks either nest or are disjoint, so the blocks overlapping one of
    prefix length p are its supernets (one per length 0..p, looked up) and the
    blocks inside it (a range of the blocks sorted by start).  10,000 connections
    on one gateway, or an spdAcl of 5,000 rules, are then checked in a second,
    where comparing each pair took minutes.
    """

    def __init__(self, groups: Sequence[Sequence[tuple[int, int]]]) -> None:
        """``groups``: of the ``(start, prefix length)`` pairs :func:`block` gives."""
        self.groups = groups
        self.few = sum(len(group) for group in self.groups) <= _FEW
        if self.few:  # the usual connection: building the index would cost more
            return
        self.exact: dict[tuple[int, int], list[int]] = {}
        entries = []
        for gid, networks in enumerate(self.groups):
            for start, length in networks:
                self.exact.setdefault((start, length), []).append(gid)
                entries.append((start, length, gid))
        entries.sort()
        self.keys = [(start, length) for start, length, _ in entries]
        self.ids = [gid for _, _, gid in entries]

    def earlier(self, j: int) -> list[int]:
        """The groups before group ``j`` with a network that overlaps one of its own, in order."""
        if self.few:
            ours = self.groups[j]
            return [i for i, theirs in enumerate(self.groups[:j])
                    if any(_overlap(a, b) for a in ours for b in theirs)]
        found: set[int] = set()
        for start, length in self.groups[j]:
            for shorter in range(length + 1):  # the block itself and its supernets
                ids = self.exact.get((start & _MASKS[shorter], shorter))
                if ids:
                    found.update(ids[:bisect.bisect_left(ids, j)])
            end = start + (1 << (32 - length)) - 1  # the blocks inside it
            low = bisect.bisect_left(self.keys, (start, length + 1))
            high = bisect.bisect_right(self.keys, (end, 33))
            found.update(gid for gid in self.ids[low:high] if gid < j)
        return sorted(found)


_MASKS = [(0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF for length in range(33)]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two (start, prefix length) blocks overlap when they agree on the shorter prefix."""
    mask = _MASKS[min(a[1], b[1])]
    return a[0] & mask == b[0] & mask


def cross_overlaps(items: Sequence[Selector], others: Sequence[Selector]) -> Iterator[tuple[Selector, str, Selector]]:
    """Each overlapping pair (item, how, other) between two groups; invalid CIDRs skipped."""
    for item in items:
        for other in others:
            if item.cidr is not None and other.cidr is not None:
                rel = relation(item.cidr, other.cidr)
                if rel:
                    yield item, rel, other


def overlap_phrase(hits: Sequence[tuple[str, Selector]], short: bool = False) -> str:
    """How a selector overlaps others: "contains userGwCidrBlock.0 '...' and userGwCidrBlock.1 '...'".

    ``short`` names the others by CIDR text only (when the message already says where they are).
    """
    groups: dict[str, list[str]] = {}
    for rel, other in hits:
        groups.setdefault(rel, []).append(repr(other.text) if short else other.describe())
    return ", and ".join(f"{rel} {' and '.join(names)}" for rel, names in groups.items())


def repeats(hits: Sequence[tuple[str, Selector]]) -> bool:
    """Whether any of the overlaps is the very same network (then the fix is to drop one)."""
    return any(rel in ("duplicates", "is the same network as") for rel, _ in hits)


def identity_values(conn: Connection, kind: str) -> Iterator[tuple[str, str, str]]:
    """``(side, pointer, value)`` for IKESet.localKIND and remoteKIND written as strings
    (``kind`` "Address" or "FqdnName"); other types are the schema's to report."""
    for side in ("local", "remote"):
        pointer = f"/IKESet/{side}{kind}"
        value = conn.get(pointer)
        if isinstance(value, str):
            yield side, pointer, value


def peer_address(conn: Connection) -> IPv4Address | None:
    """IKESet.remoteAddress when it is written, valid, and used.

    With ``remoteIdentity: fqdn`` the API ignores remoteAddress (another rule
    says so), so the network rules say nothing more about it.
    """
    if conn.effective("/IKESet/remoteIdentity") == "fqdn":
        return None
    value = conn.get("/IKESet/remoteAddress")
    if not isinstance(value, str):
        return None
    parsed = parse_address(value)
    return None if isinstance(parsed, Invalid) else parsed
