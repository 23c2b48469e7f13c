"""The address helpers (vpnlint.netaddr) and the rules built on them: A007-A010, N001-N013.

Rules are called directly on a :class:`Connection` so each test pins a pointer,
a message or a hint; the engine-driven fixture test covers lines and columns.
"""

from __future__ import annotations

import json
from ipaddress import IPv4Address, IPv4Network

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vpnlint import netaddr
from vpnlint.connection import Connection
from vpnlint.netaddr import Cidr, Invalid, parse_address, parse_cidr, parse_hostname, parse_spd_acl
from vpnlint.registry import load_registry
from vpnlint.rules.api.a007_invalid_cidr import InvalidCidr
from vpnlint.rules.api.a008_invalid_spd_acl import InvalidSpdAcl
from vpnlint.rules.api.a009_invalid_ip_address import InvalidIpAddress
from vpnlint.rules.api.a010_invalid_fqdn import InvalidFqdn
from vpnlint.rules.network.n001_cidr_host_bits_set import CidrHostBitsSet
from vpnlint.rules.network.n002_overlapping_peer_cidrs import OverlappingPeerCidrs
from vpnlint.rules.network.n003_overlapping_idc_cidrs import OverlappingIdcCidrs
from vpnlint.rules.network.n004_overlapping_vpc_cidrs import OverlappingVpcCidrs
from vpnlint.rules.network.n005_vpc_idc_overlap import VpcIdcOverlap
from vpnlint.rules.network.n006_too_many_spd_rules import TooManySpdRules
from vpnlint.rules.network.n007_too_many_idc_cidrs import TooManyIdcCidrs
from vpnlint.rules.network.n008_any_cidr_one_side import AnyCidrOneSide
from vpnlint.rules.network.n009_any_cidr_both_sides import AnyCidrBothSides
from vpnlint.rules.network.n010_special_purpose_selector import SpecialPurposeSelector
from vpnlint.rules.network.n011_invalid_remote_address import InvalidRemoteAddress
from vpnlint.rules.network.n012_private_remote_address import PrivateRemoteAddress
from vpnlint.rules.network.n013_selector_contains_peer import SelectorContainsPeer

from lintkit import base_spec

SECRET = "Zq9-very-secret-psk-value"


def conn(spd: object = None, blocks: object = None, ike: dict | None = None, **top: object) -> Connection:
    """The clean base spec with its selectors replaced (``spd`` a dict is JSON-encoded)."""
    data = base_spec()
    data.pop("spdAcl")
    data["preSharedKey"] = SECRET
    if spd is not None:
        data["spdAcl"] = json.dumps(spd) if isinstance(spd, dict) else spd
    if blocks is not None:
        data["userGwCidrBlock"] = blocks
    if ike is not None:
        data["IKESet"] = {**data["IKESet"], **ike}
    data.update(top)
    return Connection(path="t.vpn.yaml", document=0, base="", data=data)


def check(rule_class, connection: Connection, **options):
    return list(rule_class(options or None).check(connection))


# -- parse_cidr -------------------------------------------------------------------


@pytest.mark.parametrize("text, network, host_bits", [
    ("10.0.0.0/24", "10.0.0.0/24", False),
    ("10.56.20.1/24", "10.56.20.0/24", True),  # the API page's own example
    ("0.0.0.0/0", "0.0.0.0/0", False),
    ("10.0.0.0/0", "0.0.0.0/0", True),
    ("198.51.100.7/32", "198.51.100.7/32", False),
    ("255.255.255.255/32", "255.255.255.255/32", False),
])
def test_parse_cidr_accepts_and_clears_host_bits(text, network, host_bits):
    cidr = parse_cidr(text)
    assert isinstance(cidr, Cidr)
    assert cidr.text == text
    assert cidr.network == IPv4Network(network)
    assert cidr.host_bits_set is host_bits
    assert cidr.is_any is (cidr.network.prefixlen == 0)


@given(st.lists(st.integers(0, 255), min_size=4, max_size=4), st.integers(0, 32))
def test_parse_cidr_gives_what_ipaddress_parses_from_the_text(octets, length):
    # the address is built from the checked octets, not parsed a second time
    head = ".".join(map(str, octets))
    cidr = parse_cidr(f"{head}/{length}")
    assert cidr.address == IPv4Address(head) and parse_address(head) == IPv4Address(head)
    assert cidr.network == IPv4Network(f"{head}/{length}", strict=False)


@pytest.mark.parametrize("text, reason, hint", [
    ("10.0.0.1", "no prefix length", "write '10.0.0.1/32'"),
    ("010.0.0.0/24", "leading zero", "write '10.0.0.0/24'"),
    ("10.0.0.0/024", "prefix length has a leading zero", "write '10.0.0.0/24'"),
    ("10.0.0.0/255.255.255.0", "netmask", "write '10.0.0.0/24'"),
    ("10.0.0.0/33", "greater than 32", None),
    ("10.0.0.256/24", "octet 256", None),
    ("10.0.0/24", "four numbers", None),
    ("fd00::/8", "IPv6", None),
    (" 10.0.0.0/24", "whitespace around", "write '10.0.0.0/24'"),
    ("10.0.0.0/ 24", "contains whitespace", "write '10.0.0.0/24'"),
    ("", "empty", None),
    ("10.0.0.0/24/8", "not a number", None),
    ("١٠.0.0.0/8", "four numbers", None),  # Arabic-Indic digits are digits to str.isdigit, not to us
])
def test_parse_cidr_rejects_with_reason_and_hint(text, reason, hint):
    result = parse_cidr(text)
    assert isinstance(result, Invalid)
    assert reason in result.reason
    if hint is None:
        assert result.hint is None
    else:
        assert hint in result.hint


# -- parse_address --------------------------------------------------------------------


def test_parse_address_accepts_a_dotted_quad():
    assert parse_address("203.0.113.10") == IPv4Address("203.0.113.10")
    assert parse_address("0.0.0.0") == IPv4Address("0.0.0.0")


@pytest.mark.parametrize("text, reason, hint", [
    ("203.0.113.10/32", "CIDR block", "write '203.0.113.10'"),
    ("203.0.113.010", "leading zero", "write '203.0.113.10'"),
    ("2001:db8::1", "IPv6", None),
    ("vpn.example.com", "not an IPv4 address", None),
    ("1.2.3", "not an IPv4 address", None),
    ("203.0.113.10 ", "whitespace", "write '203.0.113.10'"),
])
def test_parse_address_rejects(text, reason, hint):
    result = parse_address(text)
    assert isinstance(result, Invalid)
    assert reason in result.reason
    assert (result.hint is None) if hint is None else (hint in result.hint)


# -- relation and ranges ----------------------------------------------------------------


@pytest.mark.parametrize("later, earlier, expected", [
    ("10.0.0.0/24", "10.0.0.0/24", "duplicates"),
    ("10.0.0.1/24", "10.0.0.0/24", "is the same network as"),
    ("10.0.1.0/24", "10.0.0.0/16", "is inside"),
    ("10.0.0.0/16", "10.0.1.0/24", "contains"),
    ("10.0.1.0/24", "10.0.0.0/24", None),  # adjacent is not overlapping
    ("10.0.0.0/8", "11.0.0.0/8", None),
    ("0.0.0.0/0", "192.168.1.7/32", "contains"),
    ("192.168.1.7/32", "192.168.1.0/24", "is inside"),
])
def test_relation(later, earlier, expected):
    assert netaddr.relation(parse_cidr(later), parse_cidr(earlier)) == expected


@pytest.mark.parametrize("value, phrase", [
    (IPv4Address("0.0.0.0"), "the unspecified address 0.0.0.0"),
    (IPv4Address("0.1.2.3"), 'in the "this network" block 0.0.0.0/8'),
    (IPv4Address("127.0.0.1"), "in the loopback block 127.0.0.0/8"),
    (IPv4Address("169.254.1.1"), "in the link-local block 169.254.0.0/16"),
    (IPv4Address("239.255.255.250"), "in the multicast block 224.0.0.0/4"),
    (IPv4Address("255.255.255.255"), "the limited broadcast address 255.255.255.255"),
    (IPv4Address("240.0.0.1"), "in the reserved block 240.0.0.0/4"),
    (IPv4Network("127.16.0.0/16"), "in the loopback block 127.0.0.0/8"),
])
def test_special_purpose_names_the_narrowest_block(value, phrase):
    block = netaddr.special_purpose(value)
    assert block is not None and block.phrase() == phrase


@pytest.mark.parametrize("value", [
    IPv4Address("1.0.0.1"), IPv4Address("126.255.255.255"), IPv4Address("169.253.255.255"),
    IPv4Address("223.255.255.255"), IPv4Network("224.0.0.0/3"),  # straddles two blocks, inside neither
    IPv4Network("0.0.0.0/0"),
])
def test_special_purpose_leaves_ordinary_space_alone(value):
    assert netaddr.special_purpose(value) is None


@given(st.integers(0, 2**32 - 1), st.integers(0, 32), st.integers(0, 2**32 - 1), st.integers(0, 32))
def test_relation_is_what_ipaddress_says(a, a_length, b, b_length):
    later, earlier = (parse_cidr(f"{IPv4Address(n)}/{length}") for n, length in ((a, a_length), (b, b_length)))
    x, y = later.network, earlier.network
    expected = ("duplicates" if later.text == earlier.text else "is the same network as") if x == y \
        else "is inside" if x.subnet_of(y) else "contains" if x.supernet_of(y) else None
    assert netaddr.relation(later, earlier) == expected
    assert netaddr.relation(later, later) == "duplicates"


_EDGES = sorted({max(0, min(2**32 - 1, int(edge) + step))
                 for r in netaddr.SPECIAL_PURPOSE_RANGES + netaddr.PRIVATE_RANGES
                 for edge in (r.network.network_address, r.network.broadcast_address) for step in (-1, 0, 1)})


@given(st.one_of(st.integers(0, 2**32 - 1), st.sampled_from(_EDGES)), st.integers(0, 32), st.booleans())
def test_the_special_blocks_are_found_as_subnet_of_finds_them(number, length, as_address):
    # netaddr compares integers; ipaddress's subnet_of is the reference
    value = IPv4Address(number) if as_address else IPv4Network((number, length), strict=False)
    network = IPv4Network(value) if as_address else value
    for table, find in ((netaddr.SPECIAL_PURPOSE_RANGES, netaddr.special_purpose),
                        (netaddr.PRIVATE_RANGES, netaddr.private_range)):
        assert find(value) == next((r for r in table if network.subnet_of(r.network)), None)


@pytest.mark.parametrize("address, private", [
    ("10.255.255.255", True), ("172.16.0.1", True), ("172.31.255.254", True), ("172.32.0.1", False),
    ("192.168.0.1", True), ("192.169.0.1", False), ("100.64.0.1", True), ("100.127.255.255", True),
    ("100.128.0.1", False), ("203.0.113.10", False),
])
def test_private_range(address, private):
    assert (netaddr.private_range(IPv4Address(address)) is not None) is private


# -- parse_hostname ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "vpn.example.com", "office-gw", "1password.com", "a" * 63 + ".example.com",
    ".".join(["a" * 62] * 4) + ".b",  # 253 characters
])
def test_parse_hostname_accepts(text):
    assert parse_hostname(text) == text


@pytest.mark.parametrize("text, reason, hint", [
    ("a" * 64 + ".com", "at most 63", None),
    (".".join(["a" * 62] * 4) + ".bc", "254 characters long; a host name has at most 253", None),
    ("vpn.example.com.", "ends with a dot", "write 'vpn.example.com'"),
    ("hq_gw.example.com", "contains '_'", None),
    ("-gw.example.com", "starts or ends with '-'", None),
    ("gw-.example.com", "starts or ends with '-'", None),
    ("vpn..example.com", "empty label", None),
    ("203.0.113.10", "all digits", None),
    ("münchen.example", "non-ASCII", "xn--mnchen-3ya.example"),
    ("@vpn.example.com", "starts with '@'", "write 'vpn.example.com'"),
    ("admin@example.com", "e-mail", None),
    ("*.example.com", "contains '*'", None),
    ("", "empty", None),
])
def test_parse_hostname_rejects(text, reason, hint):
    result = parse_hostname(text)
    assert isinstance(result, Invalid)
    assert reason in result.reason
    assert (result.hint is None) if hint is None else (hint in result.hint)


# -- parse_spd_acl ---------------------------------------------------------------------------


def test_parse_spd_acl_keeps_rules_in_written_order():
    acl = parse_spd_acl('{"10.0.1.0/24": ["b", "a"], "10.0.0.0/24": ["c"]}')
    assert acl.ok
    assert [(r.vpc, r.idc) for r in acl.rules] == [("10.0.1.0/24", ("b", "a")), ("10.0.0.0/24", ("c",))]


def test_parse_spd_acl_syntax_error_carries_json_message_and_position():
    text = '{"10.0.0.0/24": ["192.168.10.0/24" "x"]}'
    (problem,) = parse_spd_acl(text).problems
    position = text.index('"x"') + 1
    assert "Expecting ',' delimiter" in problem.reason
    assert f"character {position} of the string" in problem.reason


def test_parse_spd_acl_syntax_error_in_multiline_json_gives_line_and_column():
    (problem,) = parse_spd_acl('{\n  "10.0.0.0/24": [\n    "a" "b"]\n}').problems
    assert "line 3, column 9 of the string" in problem.reason


@pytest.mark.parametrize("text, reason, hint", [
    ("{'10.0.0.0/24': ['x']}", "double quotes", "not single quotes"),
    ('{"10.0.0.0/24": ["x",]}', "Expecting value", "no comma before"),
    ('["10.0.0.0/24"]', "is an array in JSON", '{"10.0.0.0/24": ["192.168.10.0/24"]}'),
    ('"10.0.0.0/24"', "is a string in JSON", None),
    ("{}", "no rules", None),
    ('{"10.0.0.0/24": "192.168.10.0/24"}', "to a string, not a list", 'write ["192.168.10.0/24"]'),
    ('{"10.0.0.0/24": {"a": 1}}', "to an object", None),
    ('{"10.0.0.0/24": []}', "empty list", None),
    ('{"10.0.0.0/24": ["a", null]}', "null at position 1", None),
    ('{"10.0.0.0/24": ["a"], "10.0.0.0/24": ["b"]}', "repeats the VPC-side CIDR '10.0.0.0/24'", "merge"),
])
def test_parse_spd_acl_shape_problems(text, reason, hint):
    acl = parse_spd_acl(text)
    assert not acl.ok
    assert reason in acl.problems[0].reason
    if hint is not None:
        assert hint in acl.problems[0].hint


def test_parse_spd_acl_duplicate_keys_only_count_at_the_top_level():
    # a nested object's own duplicates are not "repeated VPC-side CIDRs"
    acl = parse_spd_acl('{"10.0.0.0/24": {"x": 1, "x": 2}}')
    assert [p.reason for p in acl.problems] == ["maps '10.0.0.0/24' to an object, not a list of IDC-side CIDRs"]


def test_parse_spd_acl_keeps_well_formed_rules_next_to_problems():
    acl = parse_spd_acl('{"10.0.0.0/24": [], "10.0.1.0/24": ["x"]}')
    assert not acl.ok
    assert [r.vpc for r in acl.rules] == ["10.0.1.0/24"]


def test_parse_spd_acl_never_raises_on_deep_nesting():
    assert not parse_spd_acl("[" * 100_000 + "]" * 100_000).ok


# -- selectors -------------------------------------------------------------------------------


def test_selectors_point_at_list_items_and_at_the_spdacl_string():
    c = conn(blocks=["192.168.10.0/24", 7, "bad"], spd={"10.0.0.0/24": ["172.16.0.0/16", "172.17.0.0/16"]})
    found = [(s.pointer, s.side, s.text, s.index, s.rule) for s in netaddr.selectors(c)]
    assert found == [
        ("/userGwCidrBlock/0", "idc", "192.168.10.0/24", 0, None),
        ("/userGwCidrBlock/2", "idc", "bad", 2, None),  # the number is skipped, indexes stay true
        ("/spdAcl", "vpc", "10.0.0.0/24", 0, "10.0.0.0/24"),
        ("/spdAcl", "idc", "172.16.0.0/16", 0, "10.0.0.0/24"),
        ("/spdAcl", "idc", "172.17.0.0/16", 1, "10.0.0.0/24"),
    ]
    assert [s.describe() for s in netaddr.selectors(c)][1:4] == [
        "userGwCidrBlock.2 'bad'",
        "spdAcl VPC-side CIDR '10.0.0.0/24'",
        "spdAcl IDC-side CIDR '172.16.0.0/16' (rule '10.0.0.0/24')",
    ]


def test_selectors_skip_a_malformed_or_non_string_spdacl():
    assert list(netaddr.selectors(conn(spd='{"10.0.0.0/24": []}'))) == []
    assert list(netaddr.selectors(conn(spd={"10.0.0.0/24": []}, blocks="10.0.0.0/8"))) == []
    assert list(netaddr.selectors(conn(spd=None))) == []
    c = conn(spd='{"10.0.0.0/24": [], "10.0.1.0/24": ["x"]}')
    assert [s.text for s in netaddr.selectors(c, partial=True)] == ["10.0.1.0/24", "x"]


def test_selectors_read_across_spec_summaries_too():
    class Summary:  # what the X rules get: only ``data``
        data = {"spdAcl": '{"10.0.0.0/24": ["192.168.10.0/24"]}'}

    assert [s.text for s in netaddr.selectors(Summary())] == ["10.0.0.0/24", "192.168.10.0/24"]


def test_overlapping_earlier_reports_the_later_one_and_skips_invalid():
    items = netaddr.peer_blocks(conn(blocks=["10.0.0.0/16", "junk", "10.0.1.0/24", "10.1.0.0/16", "10.0.0.0/16"]))
    result = [(later.index, [(rel, e.index) for rel, e in hits]) for later, hits in netaddr.overlapping_earlier(items)]
    assert result == [(2, [("is inside", 0)]), (4, [("duplicates", 0), ("contains", 2)])]


@pytest.mark.parametrize("ike, expected", [
    ({"remoteAddress": "198.51.100.1"}, IPv4Address("198.51.100.1")),
    ({"remoteAddress": "198.51.100.1", "remoteIdentity": "fqdn"}, None),  # ignored by the API
    ({"remoteAddress": "198.51.100.1/32"}, None),  # A009's
    ({"remoteAddress": 3}, None),  # the schema's
])
def test_peer_address(ike, expected):
    assert netaddr.peer_address(conn(spd={"10.0.0.0/24": ["192.168.10.0/24"]}, ike=ike)) == expected


# -- A007-A010 ---------------------------------------------------------------------------------


def test_a007_names_the_cidr_and_where_it_is():
    c = conn(blocks=["192.168.10.0/24", "192.168.20.0", 5])
    (finding,) = check(InvalidCidr, c)
    assert finding.pointer == "/userGwCidrBlock/1"
    assert finding.message == "userGwCidrBlock.1 '192.168.20.0' is not a valid IPv4 CIDR: it has no prefix length"
    assert finding.hint == "write '192.168.20.0/32' for this one address"


def test_a007_checks_both_sides_of_spdacl_even_when_another_rule_is_malformed():
    c = conn(spd='{"10.0.0/24": ["192.168.1.300/32"], "10.1.0.0/16": []}')
    messages = [f.message for f in check(InvalidCidr, c)]
    assert {f.pointer for f in check(InvalidCidr, c)} == {"/spdAcl"}
    assert messages == [
        "spdAcl VPC-side CIDR '10.0.0/24' is not a valid IPv4 CIDR: "
        "it is not an IPv4 address (four numbers 0-255 separated by dots)",
        "spdAcl IDC-side CIDR '192.168.1.300/32' (rule '10.0.0/24') is not a valid IPv4 CIDR: "
        "octet 300 is greater than 255",
    ]


def test_a007_is_quiet_on_valid_selectors_and_unparseable_json():
    assert check(InvalidCidr, conn(spd={"10.0.0.0/24": ["10.56.20.1/24", "0.0.0.0/0"]})) == []
    assert check(InvalidCidr, conn(spd="{not json")) == []


def test_a008_message_has_the_json_error_and_its_position():
    (finding,) = check(InvalidSpdAcl, conn(spd='{"10.0.0.0/24": ["192.168.10.0/24"'))
    assert finding.pointer == "/spdAcl"
    assert finding.message.startswith("spdAcl is not valid JSON: Expecting ',' delimiter at character 35")


def test_a008_reports_every_shape_problem_and_nothing_for_valid_or_absent():
    c = conn(spd='{"a": "b", "c": [], "d": ["e"], "d": ["f"]}')
    assert [f.message for f in check(InvalidSpdAcl, c)] == [
        "spdAcl maps 'a' to a string, not a list of IDC-side CIDRs",
        "spdAcl maps 'c' to an empty list: the rule allows no traffic",
        "spdAcl repeats the VPC-side CIDR 'd'; JSON keeps only the last of the two",
    ]
    assert check(InvalidSpdAcl, conn(spd={"10.0.0.0/24": ["192.168.10.0/24"]})) == []
    assert check(InvalidSpdAcl, conn(blocks=["10.0.0.0/8"])) == []


def test_a009_both_identity_addresses_with_hints():
    c = conn(spd={"10.0.0.0/24": ["192.168.10.0/24"]},
             ike={"localAddress": "198.51.100.1/32", "remoteAddress": "vpn.example.com"})
    local, remote = check(InvalidIpAddress, c)
    assert local.pointer == "/IKESet/localAddress"
    assert local.hint == "write '198.51.100.1' (without '/32')"
    assert remote.pointer == "/IKESet/remoteAddress"
    assert remote.message.startswith("IKESet.remoteAddress 'vpn.example.com' is not a valid IPv4 address")
    assert "remoteIdentity: fqdn" in remote.hint
    assert check(InvalidIpAddress, conn(ike={"remoteAddress": 42})) == []  # the schema's


def test_a010_checks_both_names_and_points_an_address_to_the_address_identity():
    c = conn(ike={"localIdentity": "fqdn", "localFqdnName": "hq_gw.example.com",
                  "remoteIdentity": "fqdn", "remoteFqdnName": "203.0.113.10"})
    local, remote = check(InvalidFqdn, c)
    assert local.pointer == "/IKESet/localFqdnName"
    assert "label 'hq_gw' contains '_'" in local.message
    assert remote.pointer == "/IKESet/remoteFqdnName"
    assert remote.hint == "for an address identity, set remoteIdentity: address and write it in remoteAddress"
    assert check(InvalidFqdn, conn(ike={"remoteFqdnName": "office-gw"})) == []  # a single label is fine


# -- N001-N007 ---------------------------------------------------------------------------------


def test_n001_hint_and_fix_for_a_list_item():
    (finding,) = check(CidrHostBitsSet, conn(blocks=["192.168.10.0/24", "10.56.20.1/24"]))
    assert finding.pointer == "/userGwCidrBlock/1"
    assert finding.message == (
        "userGwCidrBlock.1 '10.56.20.1/24' has host bits set: the network it covers is 10.56.20.0/24")
    assert finding.hint.startswith("did you mean '10.56.20.0/24'?")
    assert finding.fix == {"replacement": "10.56.20.0/24"}


def test_n001_inside_spdacl_names_the_cidr_and_offers_no_value_fix():
    findings = check(CidrHostBitsSet, conn(spd={"10.0.0.5/24": ["172.123.10.5/16"]}))
    assert [(f.pointer, f.fix) for f in findings] == [("/spdAcl", None), ("/spdAcl", None)]
    assert "'172.123.10.5/16' (rule '10.0.0.5/24')" in findings[1].message
    assert "'172.123.0.0/16'" in findings[1].hint


def test_n001_not_for_clean_networks_hosts_or_any():
    assert check(CidrHostBitsSet, conn(blocks=["10.0.0.0/8", "198.51.100.7/32", "0.0.0.0/0"])) == []


def test_n002_points_at_the_later_block_and_names_the_earlier_ones():
    c = conn(blocks=["172.16.0.0/24", "172.16.0.0/24", "172.16.0.0/23", "172.16.2.0/24"])
    findings = check(OverlappingPeerCidrs, c)
    assert [f.pointer for f in findings] == ["/userGwCidrBlock/1", "/userGwCidrBlock/2"]
    assert findings[0].message == "userGwCidrBlock.1 '172.16.0.0/24' duplicates userGwCidrBlock.0 '172.16.0.0/24'"
    assert findings[0].hint == "remove the repeated block"
    assert findings[1].message == (
        "userGwCidrBlock.2 '172.16.0.0/23' contains userGwCidrBlock.0 '172.16.0.0/24' "
        "and userGwCidrBlock.1 '172.16.0.0/24'")


def test_n003_overlap_inside_one_rule_only():
    c = conn(spd={"10.0.0.0/24": ["192.168.0.0/16", "192.168.10.0/24"], "10.0.1.0/24": ["192.168.10.0/24"]})
    (finding,) = check(OverlappingIdcCidrs, c)
    assert finding.message == "spdAcl rule '10.0.0.0/24': IDC-side CIDR '192.168.10.0/24' is inside '192.168.0.0/16'"
    assert OverlappingIdcCidrs.api_error == "VpnConnSpdCidrConflict"


def test_n004_flags_overlapping_vpc_sides_and_says_when_idc_sides_overlap_too():
    both = conn(spd={"10.0.0.0/16": ["192.168.0.0/16"], "10.0.1.0/24": ["192.168.10.0/24"]})
    (finding,) = check(OverlappingVpcCidrs, both)
    assert finding.pointer == "/spdAcl"
    assert "VPC-side '10.0.1.0/24' is inside '10.0.0.0/16'" in finding.message
    assert "IDC sides overlap too ('192.168.10.0/24' is inside '192.168.0.0/16')" in finding.message
    vpc_only = conn(spd={"10.0.0.0/16": ["192.168.0.0/16"], "10.0.1.0/24": ["172.16.0.0/24"]})
    (finding,) = check(OverlappingVpcCidrs, vpc_only)
    assert "IDC sides" not in finding.message
    idc_only = conn(spd={"10.0.0.0/24": ["192.168.0.0/16"], "10.0.1.0/24": ["192.168.0.0/16"]})
    assert check(OverlappingVpcCidrs, idc_only) == []


def test_n005_vpc_and_idc_of_one_rule_but_not_any():
    c = conn(spd={"10.0.0.0/16": ["192.168.0.0/24", "10.0.8.0/24"], "0.0.0.0/0": ["172.16.0.0/12"],
                  "10.2.0.0/16": ["0.0.0.0/0"]})
    (finding,) = check(VpcIdcOverlap, c)
    assert finding.message == (
        "spdAcl rule '10.0.0.0/16': IDC-side CIDR '10.0.8.0/24' is inside the rule's own VPC-side CIDR")


def _rules(n_rules: int, n_idc: int = 1) -> dict:
    return {f"10.0.{r}.0/24": [f"192.168.{i}.0/24" for i in range(n_idc)] for r in range(n_rules)}


def test_n006_limit_is_an_option():
    assert check(TooManySpdRules, conn(spd=_rules(10))) == []
    (finding,) = check(TooManySpdRules, conn(spd=_rules(11)))
    assert finding.message == "spdAcl has 11 rules (VPC-side CIDRs); a VPN connection takes at most 10"
    assert check(TooManySpdRules, conn(spd=_rules(11)), max=20) == []
    assert len(check(TooManySpdRules, conn(spd=_rules(3)), max=2)) == 1


def test_n007_counts_per_rule_and_offers_the_summary():
    c = conn(spd={"10.0.0.0/24": [f"192.168.{i}.0/24" for i in range(51)], "10.0.1.0/24": ["172.16.0.0/16"]})
    (finding,) = check(TooManyIdcCidrs, c)
    assert finding.message == "spdAcl rule '10.0.0.0/24' has 51 IDC-side CIDRs; a rule takes at most 50"
    assert finding.hint == "they summarise into 192.168.0.0/19, 192.168.32.0/20, 192.168.48.0/23, 192.168.50.0/24"
    assert check(TooManyIdcCidrs, conn(spd=_rules(1, n_idc=50))) == []
    scattered = {"10.0.0.0/24": [f"192.168.{2 * i}.0/24" for i in range(4)]}
    (few,) = check(TooManyIdcCidrs, conn(spd=scattered), max=3)
    assert few.hint.startswith("summarise adjacent blocks")


# -- N008-N013 ---------------------------------------------------------------------------------


def test_n008_one_side_and_n009_both_sides_never_together():
    c = conn(spd={"0.0.0.0/0": ["0.0.0.0/0"], "10.0.0.0/24": ["0.0.0.0/0"], "10.1.0.0/0": ["192.168.0.0/16"]})
    one_side = check(AnyCidrOneSide, c)
    assert [f.message for f in one_side] == [
        "spdAcl IDC-side CIDR '0.0.0.0/0' (rule '10.0.0.0/24') matches every IPv4 address",
        "spdAcl VPC-side CIDR '10.1.0.0/0' matches every IPv4 address",  # any /0, host bits or not
    ]
    (both,) = check(AnyCidrBothSides, c)
    assert both.message == "spdAcl rule '0.0.0.0/0' has 0.0.0.0/0 on both sides: it matches every IPv4 packet"


def test_n008_in_userGwCidrBlock():
    (finding,) = check(AnyCidrOneSide, conn(blocks=["192.168.0.0/16", "0.0.0.0/0"]))
    assert finding.pointer == "/userGwCidrBlock/1"
    assert check(AnyCidrBothSides, conn(blocks=["0.0.0.0/0"])) == []


def test_n010_special_blocks_but_not_any():
    c = conn(blocks=["127.16.0.0/16", "0.0.0.0/0", "0.0.0.0/8", "1.0.0.0/8"])
    findings = check(SpecialPurposeSelector, c)
    assert [f.pointer for f in findings] == ["/userGwCidrBlock/0", "/userGwCidrBlock/2"]
    assert findings[0].message == (
        "userGwCidrBlock.0 '127.16.0.0/16' is in the loopback block 127.0.0.0/8: such addresses never cross a VPN")


@pytest.mark.parametrize("address, flagged", [
    ("0.0.0.0", True), ("255.255.255.255", True), ("224.0.0.5", True), ("127.0.0.1", True),
    ("169.254.1.1", True), ("240.0.0.1", True), ("0.1.2.3", True), ("203.0.113.10", False), ("10.0.0.1", False),
])
def test_n011_remote_address_no_gateway_can_have(address, flagged):
    findings = check(InvalidRemoteAddress, conn(spd={"10.0.0.0/24": ["192.168.10.0/24"]},
                                                ike={"remoteAddress": address}))
    assert bool(findings) is flagged
    if flagged:
        assert findings[0].pointer == "/IKESet/remoteAddress"
        assert findings[0].message.startswith(f"IKESet.remoteAddress '{address}' is ")


def test_n011_n012_quiet_when_the_address_is_ignored_or_invalid():
    for ike in ({"remoteAddress": "127.0.0.1", "remoteIdentity": "fqdn"}, {"remoteAddress": "127.0.0.1/8"}):
        c = conn(spd={"10.0.0.0/24": ["192.168.10.0/24"]}, ike=ike)
        assert check(InvalidRemoteAddress, c) == []
    c = conn(spd={"10.0.0.0/24": ["192.168.10.0/24"]}, ike={"remoteAddress": "10.1.1.1", "remoteIdentity": "fqdn"})
    assert check(PrivateRemoteAddress, c) == []


def test_n012_private_and_cgnat():
    (finding,) = check(PrivateRemoteAddress, conn(spd={"10.0.0.0/24": ["192.168.10.0/24"]},
                                                  ike={"remoteAddress": "100.64.0.1"}))
    assert "RFC 6598" in finding.message and "100.64.0.0/10" in finding.message
    assert "NAT traversal" in finding.hint
    assert check(PrivateRemoteAddress, conn(spd={"10.0.0.0/24": ["192.168.10.0/24"]},
                                            ike={"remoteAddress": "172.32.0.1"})) == []


def test_n013_idc_side_only_and_not_any():
    c = conn(spd={"203.0.113.0/24": ["192.168.10.0/24"], "10.0.0.0/24": ["0.0.0.0/0", "203.0.112.0/23"]},
             ike={"remoteAddress": "203.0.113.10"})
    (finding,) = check(SelectorContainsPeer, c)
    assert finding.message == ("spdAcl IDC-side CIDR '203.0.112.0/23' (rule '10.0.0.0/24') contains the "
                               "customer gateway's own address 203.0.113.10 (IKESet.remoteAddress)")
    (item,) = check(SelectorContainsPeer, conn(blocks=["203.0.113.10/32"]))
    assert item.pointer == "/userGwCidrBlock/0"


# -- all of them ---------------------------------------------------------------------------------

MINE = [r for r in load_registry(entry_points=False) if r.code[0] == "N" or r.code in ("A007", "A008", "A009", "A010")]


def test_codes_names_severities_are_the_agreed_ones():
    assert {r.code: (r.name, str(r.severity)) for r in MINE} == {
        "A007": ("invalid-cidr", "error"), "A008": ("invalid-spd-acl", "error"),
        "A009": ("invalid-ip-address", "error"), "A010": ("invalid-fqdn", "error"),
        "N001": ("cidr-host-bits-set", "warning"), "N002": ("overlapping-peer-cidrs", "error"),
        "N003": ("overlapping-idc-cidrs", "error"), "N004": ("overlapping-vpc-cidrs", "error"),
        "N005": ("vpc-idc-overlap", "error"), "N006": ("too-many-spd-rules", "error"),
        "N007": ("too-many-idc-cidrs", "error"), "N008": ("any-cidr-one-side", "warning"),
        "N009": ("any-cidr-both-sides", "error"), "N010": ("special-purpose-selector", "error"),
        "N011": ("invalid-remote-address", "error"), "N012": ("private-remote-address", "warning"),
        "N013": ("selector-contains-peer", "warning"),
    }


def test_no_rule_says_the_pre_shared_key():
    noisy = [
        conn(blocks=["10.0.0.1/8", "0.0.0.0/0", "127.0.0.0/8", "10.0.0.0/8", "203.0.113.0/24", "x"],
             ike={"remoteAddress": "203.0.113.10", "localAddress": "1.2.3", "localFqdnName": "x_y"}),
        conn(spd={"0.0.0.0/0": ["0.0.0.0/0"], "10.0.0.5/16": ["10.0.8.0/24", "10.0.8.0/24", "x"],
                  "10.0.0.0/24": ["10.0.0.0/8"], **_rules(10)},
             ike={"remoteAddress": "127.0.0.1"}),
        conn(spd="{'x': 1}", ike={"remoteAddress": "10.0.0.1", "remoteFqdnName": "-"}),
    ]
    codes = set()
    for c in noisy:
        for rule in MINE:
            for finding in rule({"max": 1}).check(c):
                codes.add(rule.code)
                for text in (finding.message, finding.hint or "", json.dumps(finding.fix)):
                    assert SECRET not in text, (rule.code, text)
    assert codes == {r.code for r in MINE}  # every rule spoke, so every rule was really checked
