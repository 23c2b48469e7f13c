"""Unit tests of the security rules (S001-S016), called directly on connections.

Each rule is given a :class:`Connection` and judged on the pointers, severities
and wording of what it yields. The pre-shared-key rules are also checked for
the one promise that matters most: no message, hint or fix ever carries the
key or a piece of it.
"""

from __future__ import annotations

import copy
import importlib
import pkgutil

import pytest
import yaml

import vpnlint.rules.security as security_package
from vpnlint.connection import Connection
from vpnlint.model import Finding, Severity
from vpnlint.registry import rules_in_module
from vpnlint.rules import DOC_SECTIONS, ConnectionRule
from vpnlint.rules.security import _fields, _psk
from vpnlint.rules.security.s001_des_encryption import DesEncryption
from vpnlint.rules.security.s002_3des_encryption import TripleDesEncryption
from vpnlint.rules.security.s003_null_encryption import NullEncryption
from vpnlint.rules.security.s004_md5_integrity import Md5Integrity
from vpnlint.rules.security.s005_sha1_integrity import Sha1Integrity
from vpnlint.rules.security.s006_aggressive_mode import AggressiveMode
from vpnlint.rules.security.s007_weak_dh_group import WeakDhGroup
from vpnlint.rules.security.s008_rfc5114_dh_group import Rfc5114DhGroup
from vpnlint.rules.security.s009_no_pfs import NoPfs
from vpnlint.rules.security.s010_long_ike_lifetime import LongIkeLifetime
from vpnlint.rules.security.s011_long_ipsec_lifetime import LongIpsecLifetime
from vpnlint.rules.security.s012_ipsec_lifetime_not_below_ike import IpsecLifetimeNotBelowIke
from vpnlint.rules.security.s013_short_psk import ShortPsk
from vpnlint.rules.security.s014_weak_psk import WeakPsk
from vpnlint.rules.security.s015_psk_encoding_prefix import PskEncodingPrefix
from vpnlint.rules.security.s016_plaintext_psk import PlaintextPsk

#: A random 24-character key over four character classes (made for these tests).
STRONG_KEY = "q7R#xv2LpZ9!mT4wKe8sB1nY"

#: The spec from the issue: AES-256, sha, main mode, group 14 for IKE and PFS,
#: IKE SA 28800 s, IPsec SA 3600 s, and a strong key.
ISSUE_SPEC = {
    "vpcId": "vpc-amhnnao5",
    "vpnGwId": "vpngw-dystbrkv",
    "userGwId": "cgw-e098slul",
    "vpnConnName": "hq-to-office",
    "preSharedKey": STRONG_KEY,
    "spdAcl": '{"10.0.0.0/24": ["192.168.10.0/24"]}',
    "IKESet": {
        "propoEncryAlgorithm": "aes-cbc-256",
        "propoAuthenAlgorithm": "sha",
        "exchangeMode": "main",
        "remoteAddress": "203.0.113.10",
        "dhGroupName": "group14",
        "ikeSaLifetimeSeconds": 28800,
        "encryptAlgorithm": "aes-cbc-256",
    },
    "IPsecSet": {
        "integrityAlgorith": "sha",
        "ipsecSaLifetimeSeconds": 3600,
        "pfsDhGroup": "dh-group14",
    },
}

ALL_RULES = [
    DesEncryption, TripleDesEncryption, NullEncryption, Md5Integrity, Sha1Integrity,
    AggressiveMode, WeakDhGroup, Rfc5114DhGroup, NoPfs, LongIkeLifetime,
    LongIpsecLifetime, IpsecLifetimeNotBelowIke, ShortPsk, WeakPsk,
    PskEncodingPrefix, PlaintextPsk,
]


def conn(data: object) -> Connection:
    return Connection(path="t.vpn.yaml", document=0, base="", data=data)


def spec(**changes: object) -> dict:
    """The issue's spec with top-level keys replaced (None deletes a key)."""
    out = copy.deepcopy(ISSUE_SPEC)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def with_field(section: str, field: str, value: object) -> dict:
    """The issue's spec with one section field set (``...`` deletes it)."""
    out = copy.deepcopy(ISSUE_SPEC)
    if value is ...:
        del out[section][field]
    else:
        out[section][field] = value
    return out


def findings(rule_class: type[ConnectionRule], data: object, **options: object) -> list[Finding]:
    return list(rule_class(options or None).check(conn(data)))


def pointers(rule_class: type[ConnectionRule], data: object, **options: object) -> list[str]:
    return [f.pointer for f in findings(rule_class, data, **options)]


# -- the catalogue ------------------------------------------------------------------------

def test_the_package_defines_exactly_the_sixteen_rules():
    found = {}
    for info in pkgutil.iter_modules(security_package.__path__):
        module = importlib.import_module(f"{security_package.__name__}.{info.name}")
        rules = rules_in_module(module)
        if info.name.startswith("_"):
            assert rules == [], f"{info.name} is a helper module and must hold no rule"
        else:
            assert len(rules) == 1, f"{info.name} must hold exactly one rule"
            found[rules[0].code] = rules[0]
    assert sorted(found) == [f"S{n:03d}" for n in range(1, 17)]
    assert set(found.values()) == set(ALL_RULES)


@pytest.mark.parametrize("code, name, severity", [
    ("S001", "des-encryption", Severity.ERROR),
    ("S002", "3des-encryption", Severity.ERROR),
    ("S003", "null-encryption", Severity.ERROR),
    ("S004", "md5-integrity", Severity.ERROR),
    ("S005", "sha1-integrity", Severity.INFO),
    ("S006", "aggressive-mode", Severity.ERROR),
    ("S007", "weak-dh-group", Severity.ERROR),
    ("S008", "rfc5114-dh-group", Severity.WARNING),
    ("S009", "no-pfs", Severity.WARNING),
    ("S010", "long-ike-lifetime", Severity.WARNING),
    ("S011", "long-ipsec-lifetime", Severity.WARNING),
    ("S012", "ipsec-lifetime-not-below-ike", Severity.WARNING),
    ("S013", "short-psk", Severity.ERROR),
    ("S014", "weak-psk", Severity.WARNING),
    ("S015", "psk-encoding-prefix", Severity.WARNING),
    ("S016", "plaintext-psk", Severity.INFO),
])
def test_code_name_and_severity(code, name, severity):
    rule = next(r for r in ALL_RULES if r.code == code)
    assert (rule.name, rule.severity, rule.category()) == (name, severity, "security")
    assert module_file(rule).startswith(f"{code.lower()}_{name.replace('-', '_')}")


def module_file(rule: type) -> str:
    return rule.__module__.rsplit(".", 1)[1]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_documentation_has_the_four_sections_and_yaml_examples(rule):
    sections = rule.doc_sections()
    for title in DOC_SECTIONS:
        assert sections.get(title), f"{rule.code} lacks '## {title}'"
    for title in ("Example", "Use instead"):
        block = rule.example(title)
        assert block is not None, f"{rule.code}: '{title}' has no code block"
        assert isinstance(yaml.safe_load(block), dict)
    assert rule.references and all(isinstance(r, str) and r for r in rule.references)


@pytest.mark.parametrize("rule", [r for r in ALL_RULES if r.code != "S005"], ids=lambda r: r.code)
def test_the_documented_example_triggers_the_rule_and_the_fix_does_not(rule):
    def merged(section: str) -> dict:
        out = copy.deepcopy(ISSUE_SPEC)
        out["preSharedKey"] = "${VPN_PSK}"
        for key, value in yaml.safe_load(rule.example(section)).items():
            if isinstance(value, dict):
                out.setdefault(key, {}).update(value)
            else:
                out[key] = value
        return out

    assert findings(rule, merged("Example"))
    assert findings(rule, merged("Use instead")) == []


# -- the spec from the issue ------------------------------------------------------------

def test_the_issue_spec_has_no_error_or_warning_from_any_security_rule():
    produced = [(rule.code, rule.severity, f) for rule in ALL_RULES for f in findings(rule, ISSUE_SPEC)]
    assert [(code, f.pointer) for code, severity, f in produced if severity >= Severity.WARNING] == []
    # what remains is information: sha in both places, and the committed key
    assert sorted((code, f.pointer) for code, _, f in produced) == [
        ("S005", "/IKESet/propoAuthenAlgorithm"),
        ("S005", "/IPsecSet/integrityAlgorith"),
        ("S016", "/preSharedKey"),
    ]


def test_the_issue_spec_with_a_key_reference_leaves_only_the_sha_notes():
    data = spec(preSharedKey="${VPN_PSK}")
    codes = sorted(rule.code for rule in ALL_RULES for _ in findings(rule, data))
    assert codes == ["S005", "S005"]


# -- values that are not the rules' business ---------------------------------------------

@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
@pytest.mark.parametrize("data", [None, "text", 42, [1, 2], ["a"]], ids=repr)
def test_a_connection_that_is_not_a_mapping_is_left_alone(rule, data):
    assert findings(rule, data) == []


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
@pytest.mark.parametrize("bad", [None, 0, "des-cbc", ["md5"], True], ids=repr)
def test_sections_that_are_not_mappings_are_left_to_the_schema_rules(rule, bad):
    data = spec(IKESet=bad, IPsecSet=bad, preSharedKey="${VPN_PSK}")
    if bad is None:  # spec() deletes on None: put a YAML null back explicitly
        data["IKESet"] = None
        data["IPsecSet"] = None
    assert findings(rule, data) == []


@pytest.mark.parametrize("rule, section, field", [
    (DesEncryption, "IKESet", "propoEncryAlgorithm"),
    (TripleDesEncryption, "IKESet", "propoEncryAlgorithm"),
    (TripleDesEncryption, "IKESet", "encryptAlgorithm"),
    (NullEncryption, "IKESet", "encryptAlgorithm"),
    (Md5Integrity, "IKESet", "propoAuthenAlgorithm"),
    (Md5Integrity, "IPsecSet", "integrityAlgorith"),
    (AggressiveMode, "IKESet", "exchangeMode"),
    (WeakDhGroup, "IKESet", "dhGroupName"),
    (NoPfs, "IPsecSet", "pfsDhGroup"),
])
@pytest.mark.parametrize("value", [None, 5, 1.5, ["md5"], {"x": 1}, False], ids=repr)
def test_non_string_values_are_left_to_the_schema_rules(rule, section, field, value):
    assert findings(rule, with_field(section, field, value)) == []


# -- S001-S003: ciphers -------------------------------------------------------------------

def test_s001_des_in_both_places():
    data = with_field("IKESet", "propoEncryAlgorithm", "des-cbc")
    data["IKESet"]["encryptAlgorithm"] = "des-cbc"
    found = findings(DesEncryption, data)
    assert [f.pointer for f in found] == ["/IKESet/propoEncryAlgorithm", "/IKESet/encryptAlgorithm"]
    assert found[0].message.startswith("IKE encryption is des-cbc")
    assert found[1].message.startswith("IPsec encryption is des-cbc")
    assert all("default" not in f.message for f in found)
    assert all("aes-cbc-256" in f.hint for f in found)


def test_s001_is_never_a_default():
    assert pointers(DesEncryption, spec(IKESet=None, IPsecSet=None)) == []


@pytest.mark.parametrize("value", ["3des-cbc", "aes-cbc-128", "DES-CBC", "des-cbc "])
def test_s001_only_the_exact_des_value(value):
    assert pointers(DesEncryption, with_field("IKESet", "propoEncryAlgorithm", value)) == []


def test_s002_written_3des():
    data = with_field("IKESet", "encryptAlgorithm", "3des-cbc")
    found = findings(TripleDesEncryption, data)
    assert [f.pointer for f in found] == ["/IKESet/encryptAlgorithm"]
    assert found[0].message.startswith("IPsec encryption is 3des-cbc:")


def test_s002_omitted_in_a_written_ikeset_reports_the_default_at_the_field():
    data = with_field("IKESet", "propoEncryAlgorithm", ...)
    found = findings(TripleDesEncryption, data)
    assert [f.pointer for f in found] == ["/IKESet/propoEncryAlgorithm"]
    assert found[0].message.startswith(
        "IKE encryption is 3des-cbc (the API's default when propoEncryAlgorithm is omitted)")


def test_s002_without_ikeset_reports_both_defaults():
    found = findings(TripleDesEncryption, spec(IKESet=None))
    assert [f.pointer for f in found] == ["/IKESet/propoEncryAlgorithm", "/IKESet/encryptAlgorithm"]
    assert "the API's default when encryptAlgorithm is omitted" in found[1].message


def test_s003_null_string_and_only_that():
    found = findings(NullEncryption, with_field("IKESet", "encryptAlgorithm", "null"))
    assert [f.pointer for f in found] == ["/IKESet/encryptAlgorithm"]
    assert "unencrypted" in found[0].message
    assert pointers(NullEncryption, with_field("IKESet", "encryptAlgorithm", None)) == []
    assert pointers(NullEncryption, spec(IKESet=None)) == []  # the default is 3des-cbc


# -- S004-S005: integrity -----------------------------------------------------------------

def test_s004_written_md5_in_both_places():
    data = with_field("IKESet", "propoAuthenAlgorithm", "md5")
    data["IPsecSet"]["integrityAlgorith"] = "md5"
    found = findings(Md5Integrity, data)
    assert [f.pointer for f in found] == ["/IKESet/propoAuthenAlgorithm", "/IPsecSet/integrityAlgorith"]
    assert all("default" not in f.message for f in found)


def test_s004_omitted_fields_say_the_default_applies():
    data = with_field("IKESet", "propoAuthenAlgorithm", ...)
    del data["IPsecSet"]["integrityAlgorith"]
    found = findings(Md5Integrity, data)
    assert [f.pointer for f in found] == ["/IKESet/propoAuthenAlgorithm", "/IPsecSet/integrityAlgorith"]
    assert found[0].message.startswith(
        "IKE authentication is md5 (the API's default when propoAuthenAlgorithm is omitted)")
    assert found[1].message.startswith(
        "IPsec integrity is md5 (the API's default when integrityAlgorith is omitted)")


def test_s004_a_misspelt_field_falls_back_to_md5():
    data = with_field("IPsecSet", "integrityAlgorith", ...)
    data["IPsecSet"]["integrityAlgorithm"] = "sha"
    assert pointers(Md5Integrity, data) == ["/IPsecSet/integrityAlgorith"]


def test_s004_without_sections_reports_both_defaults():
    assert pointers(Md5Integrity, spec(IKESet=None, IPsecSet=None)) == [
        "/IKESet/propoAuthenAlgorithm", "/IPsecSet/integrityAlgorith"]


def test_s005_sha_is_noted_and_says_there_is_nothing_stronger():
    found = findings(Sha1Integrity, ISSUE_SPEC)
    assert [f.pointer for f in found] == ["/IKESet/propoAuthenAlgorithm", "/IPsecSet/integrityAlgorith"]
    assert all("nothing stronger" in f.message for f in found)


def test_s005_never_fires_on_a_default():
    assert pointers(Sha1Integrity, spec(IKESet=None, IPsecSet=None)) == []
    assert pointers(Sha1Integrity, with_field("IKESet", "propoAuthenAlgorithm", "md5")) == [
        "/IPsecSet/integrityAlgorith"]


# -- S006: aggressive mode ------------------------------------------------------------------

def test_s006_aggressive_mode():
    found = findings(AggressiveMode, with_field("IKESet", "exchangeMode", "aggressive"))
    assert [f.pointer for f in found] == ["/IKESet/exchangeMode"]
    assert "offline" in found[0].message and "main" in found[0].hint


def test_s006_main_mode_written_or_by_default():
    assert pointers(AggressiveMode, ISSUE_SPEC) == []
    assert pointers(AggressiveMode, with_field("IKESet", "exchangeMode", ...)) == []
    assert pointers(AggressiveMode, spec(IKESet=None)) == []


# -- S007-S009: Diffie-Hellman ----------------------------------------------------------------

@pytest.mark.parametrize("group, modulus, status", [
    ("1", "768-bit", "MUST NOT"), ("2", "1024-bit", "SHOULD NOT"), ("5", "1536-bit", "SHOULD NOT")])
def test_s007_weak_groups_for_ike_and_pfs(group, modulus, status):
    data = with_field("IKESet", "dhGroupName", f"group{group}")
    data["IPsecSet"]["pfsDhGroup"] = f"dh-group{group}"
    found = findings(WeakDhGroup, data)
    assert [f.pointer for f in found] == ["/IKESet/dhGroupName", "/IPsecSet/pfsDhGroup"]
    assert all(modulus in f.message and status in f.message for f in found)
    assert "group14" in found[0].hint and "dh-group14" in found[1].hint


@pytest.mark.parametrize("ike, pfs", [("group14", "dh-group14"), ("group24", "dh-group24"),
                                       ("group15", "null"), ("dh-group2", "group2")])
def test_s007_other_values_are_not_weak_groups(ike, pfs):
    data = with_field("IKESet", "dhGroupName", ike)
    data["IPsecSet"]["pfsDhGroup"] = pfs
    assert pointers(WeakDhGroup, data) == []


def test_s007_an_omitted_dh_group_has_no_default_to_judge():
    assert pointers(WeakDhGroup, with_field("IKESet", "dhGroupName", ...)) == []
    assert pointers(WeakDhGroup, spec(IKESet=None, IPsecSet=None)) == []


def test_s008_group24_for_ike_and_pfs():
    data = with_field("IKESet", "dhGroupName", "group24")
    data["IPsecSet"]["pfsDhGroup"] = "dh-group24"
    found = findings(Rfc5114DhGroup, data)
    assert [f.pointer for f in found] == ["/IKESet/dhGroupName", "/IPsecSet/pfsDhGroup"]
    assert all("RFC 5114" in f.message for f in found)
    assert pointers(Rfc5114DhGroup, ISSUE_SPEC) == []
    assert pointers(WeakDhGroup, data) == []  # group 24 is 2048-bit: S008's, not S007's


def test_s009_written_null_string():
    found = findings(NoPfs, with_field("IPsecSet", "pfsDhGroup", "null"))
    assert [f.pointer for f in found] == ["/IPsecSet/pfsDhGroup"]
    assert "default" not in found[0].message


@pytest.mark.parametrize("data", [
    with_field("IPsecSet", "pfsDhGroup", ...),
    spec(IPsecSet=None),
], ids=["omitted-in-IPsecSet", "no-IPsecSet"])
def test_s009_the_default_is_no_pfs(data):
    found = findings(NoPfs, data)
    assert [f.pointer for f in found] == ["/IPsecSet/pfsDhGroup"]
    assert "(the API's default when pfsDhGroup is omitted)" in found[0].message


def test_s009_quiet_with_pfs():
    assert pointers(NoPfs, ISSUE_SPEC) == []
    assert pointers(NoPfs, with_field("IPsecSet", "pfsDhGroup", "dh-group2")) == []  # S007's


# -- S010-S012: lifetimes ---------------------------------------------------------------------

@pytest.mark.parametrize("seconds, flagged", [
    (86401, True), (604800, True), (86400, False), (28800, False),
    ("172800", False), (True, False), (172800.0, False)])
def test_s010_ike_lifetime_over_a_day(seconds, flagged):
    found = findings(LongIkeLifetime, with_field("IKESet", "ikeSaLifetimeSeconds", seconds))
    assert [f.pointer for f in found] == (["/IKESet/ikeSaLifetimeSeconds"] if flagged else [])


def test_s010_message_names_both_durations_and_the_option_moves_the_limit():
    found = findings(LongIkeLifetime, with_field("IKESet", "ikeSaLifetimeSeconds", 604800))
    assert "604800 s (168 h)" in found[0].message and "86400 s (24 h)" in found[0].message
    assert pointers(LongIkeLifetime, ISSUE_SPEC, max_seconds=3600) == ["/IKESet/ikeSaLifetimeSeconds"]
    assert pointers(LongIkeLifetime, spec(IKESet=None)) == []  # no stated default


@pytest.mark.parametrize("seconds, flagged", [
    (28801, True), (86400, True), (28800, False), (3600, False), ("86400", False), (None, False)])
def test_s011_ipsec_lifetime_over_eight_hours(seconds, flagged):
    found = findings(LongIpsecLifetime, with_field("IPsecSet", "ipsecSaLifetimeSeconds", seconds))
    assert [f.pointer for f in found] == (["/IPsecSet/ipsecSaLifetimeSeconds"] if flagged else [])


@pytest.mark.parametrize("ike, ipsec, relation", [(28800, 28800, "as long as"), (3600, 7200, "longer than")])
def test_s012_ipsec_not_shorter_than_ike(ike, ipsec, relation):
    data = with_field("IKESet", "ikeSaLifetimeSeconds", ike)
    data["IPsecSet"]["ipsecSaLifetimeSeconds"] = ipsec
    found = findings(IpsecLifetimeNotBelowIke, data)
    assert [f.pointer for f in found] == ["/IPsecSet/ipsecSaLifetimeSeconds"]
    assert relation in found[0].message
    assert found[0].related is not None and found[0].related.pointer == "/IKESet/ikeSaLifetimeSeconds"
    assert "{related}" in found[0].message


@pytest.mark.parametrize("ike, ipsec", [
    (28800, 3600), (..., 3600), (28800, ...), ("28800", "28800"), (28800, "86400"), (True, True)])
def test_s012_quiet_unless_both_are_written_integers_in_the_wrong_order(ike, ipsec):
    data = with_field("IKESet", "ikeSaLifetimeSeconds", ike)
    if ipsec is ...:
        del data["IPsecSet"]["ipsecSaLifetimeSeconds"]
    else:
        data["IPsecSet"]["ipsecSaLifetimeSeconds"] = ipsec
    assert pointers(IpsecLifetimeNotBelowIke, data) == []


# -- S013-S016: the pre-shared key ------------------------------------------------------------

PSK_RULES = [ShortPsk, WeakPsk, PskEncodingPrefix, PlaintextPsk]

#: (key, codes expected among S013-S016)
KEYS = [
    ("dgdgd33", {"S013", "S016"}),
    ("x", {"S013", "S016"}),
    ("abc123", {"S013", "S016"}),
    ("Ab3$efg", {"S013", "S016"}),
    ("Password1234", {"S014", "S016"}),
    ("correcthorsebatterystaple", {"S014", "S016"}),
    ("Qwerty!Qwerty!Qwerty!2024", {"S014", "S016"}),
    ("aaaaaaaaaaaaaaaaaaaaaaaaaaaa", {"S014", "S016"}),
    ("HQ-Office-Tunnel-1234-xyZ", {"S014", "S016"}),
    ("Tr0ub4dor&3x", {"S014", "S016"}),
    ("$VPN_PSK", {"S014", "S016"}),
    ("${VPN_PSK:-fallback}", {"S016"}),
    ("0x3e50b948e6244038a96d205cccb2bfc0", {"S015", "S016"}),
    ("0sVm9MdGFnZS1CcmFuY2gtS2V5LTcx", {"S015", "S016"}),
    ("0x12ab", {"S013", "S015", "S016"}),
    (STRONG_KEY, {"S016"}),
    ("Zt4Kq9wVx2mPbR7sLc1Nh8Ye", {"S016"}),
    ("f3a9c1e07b5d2a8e4c6f9b0d1e2a3c4b5d6e7f80", {"S016"}),
    ("${VPN_PSK}", set()),
    ("${K}", set()),
    ("${_x9}", set()),
]


def psk_findings(key: object) -> dict[str, list[Finding]]:
    """What S013-S016 say about ``key`` (None: no key at all)."""
    data = spec(preSharedKey=key)
    return {rule.code: found for rule in PSK_RULES if (found := findings(rule, data))}


@pytest.mark.parametrize("key, codes", KEYS, ids=[f"key{i}" for i in range(len(KEYS))])
def test_psk_rules_fire_as_expected(key, codes):
    found = psk_findings(key)
    assert set(found) == codes
    assert all(f.pointer == "/preSharedKey" for fs in found.values() for f in fs)
    assert all(len(fs) == 1 for fs in found.values())


def leaked(key: str, text: str) -> bool:
    """Whether ``text`` shows the key, or its first or last four characters."""
    if key in text:
        return True
    return len(key) > 4 and (key[:4] in text or key[-4:] in text)


#: keys worth a leak check: more than one character, and not built from the
#: ${VPN_PSK} that the hints themselves suggest
LEAK_KEYS = [k for k, _ in KEYS if len(k) > 1 and "VPN_PSK" not in k]


@pytest.mark.parametrize("key", LEAK_KEYS, ids=[f"key{i}" for i in range(len(LEAK_KEYS))])
def test_no_rule_ever_shows_the_key_or_a_piece_of_it(key):
    data = spec(preSharedKey=key)
    for rule in ALL_RULES:
        for finding in findings(rule, data):
            for text in (finding.message, finding.hint or "", repr(finding.fix)):
                assert not leaked(key, text), f"{rule.code} leaks the key in {text!r}"


def test_s013_names_the_length_category_only():
    (finding,) = findings(ShortPsk, spec(preSharedKey="dgdgd33"))
    assert "shorter than 8 characters" in finding.message
    assert "7" not in finding.message  # not even the exact length


def test_s013_boundary_is_eight_characters():
    assert pointers(ShortPsk, spec(preSharedKey="Ab3$efg")) == ["/preSharedKey"]
    assert pointers(ShortPsk, spec(preSharedKey="Ab3$efgh")) == []


@pytest.mark.parametrize("value", ["", 12345678, None, ["secret"], {"k": "v"}, True], ids=repr)
def test_psk_rules_leave_empty_and_non_string_keys_to_the_schema_rules(value):
    data = spec(preSharedKey="placeholder")
    data["preSharedKey"] = value
    assert {rule.code: findings(rule, data) for rule in PSK_RULES} == {r.code: [] for r in PSK_RULES}


def test_psk_rules_are_quiet_without_a_key():
    assert "preSharedKey" not in spec(preSharedKey=None)
    assert psk_findings(None) == {}


def test_s014_is_not_raised_when_s013_is():
    assert pointers(WeakPsk, spec(preSharedKey="abc123")) == []
    assert pointers(ShortPsk, spec(preSharedKey="abc123")) == ["/preSharedKey"]


def test_s014_gives_its_reasons():
    (finding,) = findings(WeakPsk, spec(preSharedKey="Password1234"))
    assert "shorter than 20 characters" in finding.message
    assert "common word" in finding.message
    (finding,) = findings(WeakPsk, spec(preSharedKey="correcthorsebatterystaple"))
    assert "single character class" in finding.message
    assert "shorter than" not in finding.message


def test_s015_does_not_say_which_prefix():
    for key in ("0x3e50b948e6244038a96d205cccb2bfc0", "0sVm9MdGFnZS1CcmFuY2gtS2V5LTcx"):
        (finding,) = findings(PskEncodingPrefix, spec(preSharedKey=key))
        for text in (finding.message, finding.hint):
            assert "0x" not in text and "0s" not in text


@pytest.mark.parametrize("key", ["0X3E50B948E6244038A96D205CCCB2BFC0", "x0" + STRONG_KEY, "${0xKEY}"])
def test_s015_only_the_exact_prefixes_of_a_literal_key(key):
    assert pointers(PskEncodingPrefix, spec(preSharedKey=key)) == []


def test_s016_suggests_an_environment_reference():
    (finding,) = findings(PlaintextPsk, ISSUE_SPEC)
    assert finding.message == "the pre-shared key is committed in plain text"
    assert "${VPN_PSK}" in finding.hint


# -- the shared helpers ----------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("${VPN_PSK}", True), ("${a}", True), ("${_}", True), ("${VPN_PSK_2}", True),
    ("$VPN_PSK", False), ("${VPN-PSK}", False), ("${1ABC}", False), ("${}", False),
    (" ${VPN_PSK}", False), ("${VPN_PSK} ", False), ("x${VPN_PSK}", False),
    ("${A}${B}", False), ("${VPN_PSK:-x}", False), (None, False), (42, False),
])
def test_env_reference_is_a_whole_value(value, expected):
    assert _psk.is_env_reference(value) is expected


def test_setting_distinguishes_written_and_default_values():
    written = _fields.setting(conn(ISSUE_SPEC), "/IKESet/propoAuthenAlgorithm")
    assert (written.value, written.defaulted, written.origin()) == ("sha", False, "")
    default = _fields.setting(conn(spec(IKESet=None)), "/IKESet/propoAuthenAlgorithm")
    assert (default.value, default.defaulted) == ("md5", True)
    assert default.origin() == " (the API's default when propoAuthenAlgorithm is omitted)"
    assert _fields.setting(conn(spec(IKESet=None)), "/IKESet/dhGroupName") is None
    assert _fields.setting(conn(spec(IKESet=[1])), "/IKESet/propoAuthenAlgorithm") is None


@pytest.mark.parametrize("seconds, text", [
    (28800, "28800 s (8 h)"), (86401, "86401 s (24 h 1 s)"), (5400, "5400 s (1 h 30 min)"),
    (45, "45 s"), (0, "0 s"), (-5, "-5 s")])
def test_durations_read_naturally(seconds, text):
    assert _fields.hours(seconds) == text


def test_generated_keys_are_not_called_weak():
    # patterns in long random-looking keys are chance, not a human choice
    assert _psk.weaknesses("f3a9c1e07b5d2a8e4c6f9b0d1e2a3c4b") == []
    assert _psk.weaknesses("F3A9C1E07B5D2A8E4C6F9B0D1E2A1234") == []
    assert _psk.weaknesses("1234" + "q7R#xv2LpZ9!mT4wKe8sB1nYq7R#x") == []
    assert _psk.weaknesses("1234" + "q7R#xv2LpZ9!mT4w") != []


def test_a_setting_is_worked_out_once_per_connection_and_pointer_none_included(monkeypatch):
    calls = []
    real = _fields._setting

    def counting(pointer, conn):
        calls.append(pointer)
        return real(pointer, conn)

    monkeypatch.setattr(_fields, "_setting", counting)
    monkeypatch.setattr(_fields, "_COMPUTE", {})
    conn = Connection("a.yaml", 0, "", {"IKESet": {"propoAuthenAlgorithm": "md5", "dhGroupName": 14}})
    for _ in range(3):
        assert _fields.setting(conn, "/IKESet/propoAuthenAlgorithm") == ("/IKESet/propoAuthenAlgorithm", "md5", False)
        assert _fields.setting(conn, "/IKESet/dhGroupName") is None  # not a string: None, remembered too
        assert _fields.setting(conn, "/IKESet/exchangeMode").defaulted
    assert sorted(calls) == ["/IKESet/dhGroupName", "/IKESet/exchangeMode", "/IKESet/propoAuthenAlgorithm"]
    # another connection works its own out
    other = Connection("b.yaml", 0, "", {"IKESet": {"propoAuthenAlgorithm": "sha"}})
    assert _fields.setting(other, "/IKESet/propoAuthenAlgorithm").value == "sha"
    assert len(calls) == 4
