"""The loaders: YAML, JSON and request URLs read into the same normalised spec.

Spelling must not matter (nested, flattened, JSON and query string give the
same data and the same pointers), the source map must keep positions through
anchors and merges, input problems must be placed where the parser stopped,
and no snippet may show the pre-shared key.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from vpnlint.loaders import load
from vpnlint.snippets import MASK, Snippets

from lintkit import lint_paths, lint_text

# -- one spec, five spellings ------------------------------------------------------

NESTED = """vpcId: vpc-amhnnao5
vpnGwId: vpngw-dystbrkv
userGwCidrBlock: [10.56.20.0/24, 10.56.21.0/24]
IKESet:
  dhGroupName: group14
  ikeSaLifetimeSeconds: 3600
IPsecSet:
  pfsDhGroup: dh-group14
  ipsecSaLifetimeTraffic: 2560
"""
FLATTENED = """vpcId: vpc-amhnnao5
vpnGwId: vpngw-dystbrkv
userGwCidrBlock.0: 10.56.20.0/24
userGwCidrBlock.1: 10.56.21.0/24
IKESet.dhGroupName: group14
IKESet.ikeSaLifetimeSeconds: 3600
IPsecSet.pfsDhGroup: dh-group14
IPsecSet.ipsecSaLifetimeTraffic: 2560
"""
JSON = """{"vpcId": "vpc-amhnnao5", "vpnGwId": "vpngw-dystbrkv",
 "userGwCidrBlock": ["10.56.20.0/24", "10.56.21.0/24"],
 "IKESet": {"dhGroupName": "group14", "ikeSaLifetimeSeconds": 3600},
 "IPsecSet": {"pfsDhGroup": "dh-group14", "ipsecSaLifetimeTraffic": 2560}}
"""
QUERY = ("https://vpc.api.qcloud.com/v2/index.php?Action=AddVpnConnEx&Region=ap-guangzhou"
         "&Timestamp=1465185768&Nonce=46159&SecretId=AKIDexample&Signature=abc%3D&SignatureMethod=HmacSHA256"
         "&Token=t&Version=2017-03-12&vpcId=vpc-amhnnao5&vpnGwId=vpngw-dystbrkv"
         "&userGwCidrBlock.1=10.56.21.0/24&userGwCidrBlock.0=10.56.20.0/24"
         "&IKESet.dhGroupName=group14&IKESet.ikeSaLifetimeSeconds=3600"
         "&IPsecSet.pfsDhGroup=dh-group14&IPsecSet.ipsecSaLifetimeTraffic=2560\n")
FLATTENED_JSON = """{"vpcId": "vpc-amhnnao5", "vpnGwId": "vpngw-dystbrkv",
 "userGwCidrBlock.0": "10.56.20.0/24", "userGwCidrBlock.1": "10.56.21.0/24",
 "IKESet.dhGroupName": "group14", "IKESet.ikeSaLifetimeSeconds": 3600,
 "IPsecSet.pfsDhGroup": "dh-group14", "IPsecSet.ipsecSaLifetimeTraffic": 2560}
"""
SPELLINGS = {
    "flattened YAML": ("t.vpn.yaml", FLATTENED, "yaml"),
    "JSON": ("t.vpn.json", JSON, "json"),
    "flattened JSON": ("t.vpn.json", FLATTENED_JSON, "json"),
    "query string": ("request.txt", QUERY, "query"),
}


def _document(path: str, text: str):
    source = load(path, text.encode("utf-8"))
    assert not source.problems, source.problems
    (document,) = source.documents
    return source, document


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_every_spelling_normalises_to_the_nested_form(spelling):
    path, text, kind = SPELLINGS[spelling]
    _, nested = _document("t.vpn.yaml", NESTED)
    source, document = _document(path, text)
    assert source.kind == kind
    assert document.data == nested.data
    # the same pointers, so every rule addresses every spelling alike
    assert set(document.source.nodes) == set(nested.source.nodes)


def test_nested_form_is_what_the_rules_are_given():
    _, nested = _document("t.vpn.yaml", NESTED)
    assert nested.data == {
        "vpcId": "vpc-amhnnao5", "vpnGwId": "vpngw-dystbrkv",
        "userGwCidrBlock": ["10.56.20.0/24", "10.56.21.0/24"],
        "IKESet": {"dhGroupName": "group14", "ikeSaLifetimeSeconds": 3600},
        "IPsecSet": {"pfsDhGroup": "dh-group14", "ipsecSaLifetimeTraffic": 2560},
    }


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_every_spelling_gets_the_same_diagnostics(spelling):
    path, text, _ = SPELLINGS[spelling]

    def seen(report):  # messages may name lines, which differ between spellings
        return sorted((d.code, d.pointer, re.sub(r"line \d+", "line N", d.message)) for d in report.diagnostics)

    assert seen(lint_text(text, path)) == seen(lint_text(NESTED))


def test_flattened_list_items_are_ordered_by_their_index_and_keep_their_positions():
    text = "userGwCidrBlock.10: 10.0.10.0/24\nuserGwCidrBlock.2: 10.0.2.0/24\n"
    _, document = _document("t.vpn.yaml", text)
    assert document.data == {"userGwCidrBlock": ["10.0.2.0/24", "10.0.10.0/24"]}
    assert document.source.node("/userGwCidrBlock/0").value.line == 2
    assert document.source.node("/userGwCidrBlock/1").value.line == 1


def test_flattened_and_nested_parts_of_one_section_merge_in_either_order():
    # (text, line of the flattened key, line of remoteAddress)
    for text, flat_line, nested_line in (
            ("IKESet.dhGroupName: group14\nIKESet:\n  remoteAddress: 203.0.113.10\n", 1, 3),
            ("IKESet:\n  remoteAddress: 203.0.113.10\nIKESet.dhGroupName: group14\n", 3, 2)):
        _, document = _document("t.vpn.yaml", text)
        assert document.data == {"IKESet": {"dhGroupName": "group14", "remoteAddress": "203.0.113.10"}}
        assert document.source.node("/IKESet/dhGroupName").key.line == flat_line
        assert document.source.node("/IKESet/remoteAddress").key.line == nested_line


def test_a_field_set_nested_and_flattened_keeps_the_first_value_and_its_position():
    text = "IKESet.dhGroupName: group14\nIKESet:\n  dhGroupName: group2\n"
    source = load("t.vpn.yaml", text.encode())
    (document,) = source.documents
    assert document.data == {"IKESet": {"dhGroupName": "group14"}}
    assert document.source.node("/IKESet/dhGroupName").value.line == 1
    ((name, finding, _),) = source.problems
    assert name == "duplicate-key"
    assert finding.span.line == 3
    assert "line 1" in finding.message


# -- the query string ------------------------------------------------------------------------

def test_query_integer_fields_become_integers():
    text = ("IKESet.ikeSaLifetimeSeconds=3600&IPsecSet.ipsecSaLifetimeSeconds=-5"
            "&IPsecSet.ipsecSaLifetimeTraffic=36x0&vpnGwId=547")
    _, document = _document("request.txt", text)
    assert document.data["IKESet"]["ikeSaLifetimeSeconds"] == 3600
    assert document.data["IPsecSet"]["ipsecSaLifetimeSeconds"] == -5
    # not digits: left a string, for A002 to report
    assert document.data["IPsecSet"]["ipsecSaLifetimeTraffic"] == "36x0"
    # digits in a string field stay a string (a legacy gateway ID)
    assert document.data["vpnGwId"] == "547"


def test_query_integer_conversion_feeds_the_range_and_type_rules():
    report = lint_text("vpcId=vpc-amhnnao5&IKESet.ikeSaLifetimeSeconds=3600"
                       "&IPsecSet.ipsecSaLifetimeSeconds=179&IPsecSet.ipsecSaLifetimeTraffic=36x0", "request.txt")
    found = {(d.code, d.pointer) for d in report.diagnostics if d.code in ("A002", "A004")}
    assert found == {("A004", "/IPsecSet/ipsecSaLifetimeSeconds"), ("A002", "/IPsecSet/ipsecSaLifetimeTraffic")}


def test_query_common_parameters_are_skipped():
    _, document = _document("request.txt", QUERY)
    assert not {"Action", "Region", "Timestamp", "Nonce", "SecretId", "Signature",
                "SignatureMethod", "Token", "Version"} & set(document.data)
    assert not [d for d in lint_text(QUERY, "request.txt").diagnostics if d.code == "A006"]


def test_common_parameters_are_skipped_in_yaml_and_json_too():
    for path, text in (("t.vpn.yaml", "Action: AddVpnConnEx\nRegion: ap-guangzhou\nvpcId: vpc-amhnnao5\n"),
                       ("t.vpn.json", '{"Action": "AddVpnConnEx", "Version": "2017-03-12", "vpcId": "vpc-amhnnao5"}')):
        _, document = _document(path, text)
        assert document.data == {"vpcId": "vpc-amhnnao5"}
        assert not [d for d in lint_text(text, path).diagnostics if d.code == "A006"]


def test_query_values_and_names_are_percent_decoded():
    text = ("vpnConnName=hq%20to+%E6%80%BB%E9%83%A8&IKESet%2EdhGroupName=group14"
            "&spdAcl=%7B%2210.0.0.0%2F24%22%3A%5B%22192.168.10.0%2F24%22%5D%7D&userGwId=cgw-e098slul%")
    _, document = _document("request.txt", text)
    assert document.data["vpnConnName"] == "hq to 总部"
    assert document.data["IKESet"] == {"dhGroupName": "group14"}
    assert document.data["spdAcl"] == '{"10.0.0.0/24":["192.168.10.0/24"]}'
    assert document.data["userGwId"] == "cgw-e098slul%"  # a stray % is left as written


def test_query_is_detected_by_content_whatever_the_file_name():
    for text in ("https://vpc.api.qcloud.com/v2/index.php?vpcId=vpc-amhnnao5",
                 "  vpcId=vpc-amhnnao5&vpnGwId=vpngw-dystbrkv"):
        for path in ("request.txt", "-", "spec.vpn.yaml"):
            assert load(path, text.encode()).kind == "query", (path, text)


def test_query_placeholder_is_skipped_and_a_request_without_parameters_is_not_a_spec():
    source = load("request.txt", "https://vpc.api.qcloud.com/v2/index.php?Action=AddVpnConnEx\n&<公共请求参数>\n".encode())
    assert source.documents == []
    ((name, finding, _),) = source.problems
    assert name == "not-a-mapping"


def test_query_duplicate_parameter_names_the_first_line():
    text = "vpcId=vpc-amhnnao5\n&vpnGwId=vpngw-dystbrkv\n&vpcId=vpc-k2m4p6q8\n"
    source = load("request.txt", text.encode())
    ((name, finding, _),) = source.problems
    assert (name, finding.span.line, finding.span.column) == ("duplicate-key", 3, 2)
    assert "first at line 1" in finding.message
    assert source.documents[0].data["vpcId"] == "vpc-k2m4p6q8"


# -- anchors, aliases and merge keys ---------------------------------------------------------

ANCHORS = """- vpcId: vpc-amhnnao5
  IKESet: &ike
    propoEncryAlgorithm: aes-cbc-256
    dhGroupName: group14
  IPsecSet: &ipsec {pfsDhGroup: dh-group14}
- vpcId: vpc-amhnnao5
  IKESet:
    <<: *ike
    dhGroupName: group24
  IPsecSet: *ipsec
"""


def test_merge_key_adds_the_anchors_fields_and_keeps_their_positions_at_the_anchor():
    _, document = _document("t.vpn.yaml", ANCHORS)
    second = document.data[1]
    assert second["IKESet"] == {"propoEncryAlgorithm": "aes-cbc-256", "dhGroupName": "group24"}
    nodes = document.source
    # merged from the anchor: shown where the anchor defines it (line 3)
    assert nodes.node("/1/IKESet/propoEncryAlgorithm").value.line == 3
    assert nodes.node("/1/IKESet/propoEncryAlgorithm").value == nodes.node("/0/IKESet/propoEncryAlgorithm").value
    # written in the mapping itself: wins over the merged value, shown where written
    assert nodes.node("/1/IKESet/dhGroupName").value.line == 9


def test_alias_stands_where_written_and_its_content_where_the_anchor_is():
    _, document = _document("t.vpn.yaml", ANCHORS)
    nodes = document.source
    assert document.data[1]["IPsecSet"] == {"pfsDhGroup": "dh-group14"}
    assert nodes.node("/1/IPsecSet").key.line == 10
    assert nodes.node("/1/IPsecSet").value.line == 10
    assert nodes.node("/1/IPsecSet/pfsDhGroup").value.line == 5


def test_diagnostics_on_merged_fields_point_at_the_anchor():
    text = ANCHORS.replace("dhGroupName: group14", "dhGroupName: group99")
    report = lint_text(text)
    found = sorted((d.pointer, d.line) for d in report.diagnostics if d.code == "A003")
    assert found == [("/0/IKESet/dhGroupName", 4)]  # the second item overrides it
    text = ANCHORS.replace("aes-cbc-256", "aes256")
    found = sorted((d.pointer, d.line, d.column) for d in lint_text(text).diagnostics if d.code == "A003")
    assert found == [("/0/IKESet/propoEncryAlgorithm", 3, 26), ("/1/IKESet/propoEncryAlgorithm", 3, 26)]


def test_an_aliased_scalar_keeps_the_aliass_position():
    text = "x: &name hq-office\nvpnConnName: *name\n"
    _, document = _document("t.vpn.yaml", text)
    assert document.data["vpnConnName"] == "hq-office"
    assert document.source.node("/vpnConnName").value.line == 2


# -- duplicate keys --------------------------------------------------------------------------

def test_yaml_duplicate_key_is_reported_at_the_second_naming_the_first_line():
    text = "vpcId: vpc-amhnnao5\nIKESet:\n  dhGroupName: group2\n  remoteAddress: 203.0.113.10\n  dhGroupName: group14\n"
    source = load("t.vpn.yaml", text.encode())
    ((name, finding, _),) = source.problems
    assert name == "duplicate-key"
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (5, 3, 14)
    assert "first at line 3" in finding.message
    assert source.documents[0].data["IKESet"]["dhGroupName"] == "group14"


def test_json_duplicate_key_is_reported_at_the_second_naming_the_first_line():
    text = '{\n  "vpcId": "vpc-amhnnao5",\n  "IKESet": {"dhGroupName": "group2",\n    "dhGroupName": "group14"}\n}'
    source = load("t.vpn.json", text.encode())
    ((name, finding, _),) = source.problems
    assert name == "duplicate-key"
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (4, 5, 18)
    assert "first at line 3" in finding.message
    assert source.documents[0].data["IKESet"]["dhGroupName"] == "group14"


def test_same_key_in_different_mappings_is_no_duplicate():
    text = '[{"vpcId": "vpc-amhnnao5"}, {"vpcId": "vpc-amhnnao5"}]'
    assert load("t.vpn.json", text.encode()).problems == []
    assert load("t.vpn.yaml", b"- vpcId: a\n- vpcId: a\n").problems == []


# -- syntax errors -------------------------------------------------------------------------------

def _problem(path: str, raw: bytes):
    source = load(path, raw)
    assert len(source.problems) == 1, source.problems
    name, finding, document = source.problems[0]
    assert document == 0
    return name, finding


def test_yaml_syntax_error_is_placed_at_the_parsers_mark():
    # libyaml stops at the second ':' (index 17 of line 2): "mapping values are not allowed"
    name, finding = _problem("t.vpn.yaml", b"vpcId: vpc-amhnnao5\nvpnConnName: a: b\n")
    assert name == "syntax-error"
    assert (finding.span.line, finding.span.column) == (2, 15)
    assert "mapping values are not allowed" in finding.message


def test_yaml_unclosed_quote_names_where_it_began():
    name, finding = _problem("t.vpn.yaml", b"vpcId: vpc-amhnnao5\nvpnConnName: 'hq\nvpnGwId: x\n")
    assert name == "syntax-error"
    assert finding.span.line == 4  # the end of the file, where the parser gave up
    assert "starts at line 2, column 14" in finding.message


def test_yaml_indentation_error_is_placed_on_its_line():
    name, finding = _problem("t.vpn.yaml", b"vpcId: vpc-amhnnao5\nvpnConnName: x\n  vpnGwId: y\n")
    assert (name, finding.span.line, finding.span.column) == ("syntax-error", 3, 10)


def test_yaml_character_it_cannot_read_is_placed_at_the_character():
    name, finding = _problem("t.vpn.yaml", b"vpcId: vpc-amhnnao5\nvpnConnName: ab\x07c\n")
    assert name == "syntax-error"
    assert (finding.span.line, finding.span.column) == (2, 16)
    assert "U+0007" in finding.message


def test_yaml_syntax_error_in_a_later_document_keeps_the_documents_before_it():
    source = load("t.vpn.yaml", b"vpcId: a\n---\nvpcId: b\n---\nvpcId: [c\n")
    assert [d.data for d in source.documents] == [{"vpcId": "a"}, {"vpcId": "b"}]
    ((name, finding, _),) = source.problems
    assert name == "syntax-error" and finding.span.line == 6


@pytest.mark.parametrize("text, line, column, message", [
    ('{"vpcId": "vpc-amhnnao5",\n}', 2, 1, "Expecting property name enclosed in double quotes"),
    ('{"vpcId": "vpc-amhnnao5" "vpnGwId": "x"}', 1, 26, "Expecting ',' delimiter"),
    ('{"vpcId": \'vpc\'}', 1, 11, "Expecting value"),
    ('{"vpcId": "vpc-amhnnao5"}\n// a comment', 2, 1, "Extra data"),
    ('{"vpcId": "vpc-\namhnnao5"}', 1, 16, "Invalid control character"),
    ('{"vpcId": NaN}', 1, 11, "Expecting value"),
    ('{"vpcId": "unterminated', 1, 11, "Unterminated string"),
])
def test_json_syntax_error_is_placed_where_the_parser_stopped(text, line, column, message):
    name, finding = _problem("t.vpn.json", text.encode())
    assert name == "syntax-error"
    assert (finding.span.line, finding.span.column) == (line, column)
    assert message in finding.message


def test_json_nesting_is_bounded_without_recursion():
    text = "[" * 20000 + "]" * 20000
    name, finding = _problem("t.vpn.json", text.encode())
    assert name == "nesting-too-deep"
    assert (finding.span.line, finding.span.column) == (1, 65)  # the 65th '[' is one too many


def test_query_parameter_without_equals_is_placed_at_its_name():
    text = "https://vpc.api.qcloud.com/v2/index.php?vpcId=vpc-amhnnao5\n&vpnGwId\n"
    name, finding = _problem("request.txt", text.encode())
    assert (name, finding.span.line, finding.span.column, finding.span.end_column) == ("syntax-error", 2, 2, 9)


def test_invalid_utf8_is_placed_at_the_byte():
    name, finding = _problem("t.vpn.yaml", "vpcId: x\nvpnConnName: caf".encode() + b"\xe9\n")
    assert (name, finding.span.line, finding.span.column) == ("invalid-encoding", 2, 17)


# -- the pre-shared key never shows ---------------------------------------------------------------

SECRET = "Tr0ub4dor-XyZ-1987"


def _assert_masked(report, line_text: str, line: int):
    """Some diagnostic shows ``line``; no diagnostic shows the key anywhere."""
    shown = [d for d in report.diagnostics if d.line == line]
    assert shown, f"no diagnostic on line {line}: {[(d.line, d.code) for d in report.diagnostics]}"
    for d in report.diagnostics:
        for text in (*d.snippet, d.message, d.hint or "", str(d.fix or "")):
            assert SECRET not in text and SECRET[:6] not in text, (d.code, text)
    masked = shown[0].snippet[0]
    assert len(masked) == len(line_text)  # carets still line up
    assert MASK * 6 in masked


def test_key_is_masked_in_yaml():
    text = f"vpcId: vpc-amhnnao5\npreSharedKey: {SECRET}  # a comment\n"
    _assert_masked(lint_text(text), text.split("\n")[1], 2)


def test_key_is_masked_in_json():
    text = f'{{"vpcId": "vpc-amhnnao5",\n "preSharedKey": "{SECRET}", "vpnConnName": 42}}'
    report = lint_text(text, "t.vpn.json")
    _assert_masked(report, text.split("\n")[1], 2)
    assert any(d.code == "A002" and d.line == 2 for d in report.diagnostics)


def test_key_is_masked_in_flattened_form_and_in_a_list():
    text = f"- vpcId: vpc-amhnnao5\n  IKESet.preSharedKey: {SECRET}\n"
    report = lint_text(text)  # A006: the key belongs at the top level
    _assert_masked(report, text.split("\n")[1], 2)
    assert any(d.code == "A006" and d.line == 2 for d in report.diagnostics)


def test_key_is_masked_in_a_query_string():
    text = f"vpcId=vpc-amhnnao5&preSharedKey={SECRET}&IKESet.dhGroupName=group99\n"
    report = lint_text(text, "request.txt")
    _assert_masked(report, text.rstrip("\n"), 1)


def test_key_with_an_unencoded_ampersand_is_never_named():
    text = f"vpcId=vpc-amhnnao5&preSharedKey={SECRET[:9]}&{SECRET[9:]}&vpnGwId=vpngw-dystbrkv\n"
    report = lint_text(text, "request.txt")
    assert any(d.code == "P001" for d in report.diagnostics)
    for d in report.diagnostics:
        for shown in (*d.snippet, d.message, d.hint or ""):
            assert SECRET[9:] not in shown and SECRET[:9] not in shown, (d.code, shown)


def test_key_in_a_block_scalar_is_masked():
    text = f"vpcId: vpc-amhnnao5\npreSharedKey: |\n  {SECRET}\n  second-line\nvpnConnName: 42\n"
    report = lint_text(text)
    # S016 (a key in plain text) is shown on the value's first line, the key's own
    (d,) = [d for d in report.diagnostics if d.code == "S016"]
    assert d.line == 2 and d.snippet == ("preSharedKey: " + MASK,)
    for d in report.diagnostics:
        for shown in (*d.snippet, d.message, d.hint or ""):
            assert SECRET not in shown and "second-line" not in shown, (d.code, shown)
    # and every line of the block is masked, whatever comes to show it
    source = load("t.vpn.yaml", text.encode())
    snippets = Snippets(source.text, source.kind, source.secret_spans)
    assert snippets.line(3) == MASK * len("  " + SECRET)
    assert snippets.line(4) == MASK * len("  second-line")
    assert snippets.line(5) == "vpnConnName: 42"


def test_key_in_a_block_scalar_is_masked_when_the_file_cannot_be_parsed():
    # a control character inside the block: libyaml stops on the key's own line
    text = f"vpcId: vpc-amhnnao5\npreSharedKey: |\n  {SECRET}\x07\n"
    report = lint_text(text)
    (d,) = [d for d in report.diagnostics if d.code == "P001"]
    assert d.line == 3
    assert SECRET not in d.snippet[0] and MASK * len(SECRET) in d.snippet[0]


def test_misspelt_key_is_masked():
    text = f"vpcId: vpc-amhnnao5\npresharedKey: {SECRET}\n"
    report = lint_text(text)
    _assert_masked(report, text.split("\n")[1], 2)
    (d,) = [d for d in report.diagnostics if d.code == "A006"]
    assert d.hint == "did you mean 'preSharedKey'?"


def test_key_is_masked_on_a_line_with_a_syntax_error():
    text = f"vpcId: vpc-amhnnao5\npreSharedKey: {SECRET}: oops\n"
    report = lint_text(text)
    (d,) = report.diagnostics
    assert (d.code, d.line) == ("P001", 2)
    _assert_masked(report, text.split("\n")[1], 2)


def test_key_is_masked_on_a_json_line_with_a_syntax_error():
    text = f'{{"vpcId": "vpc-amhnnao5",\n "preSharedKey": "{SECRET}" "vpnGwId": "x"}}'
    report = lint_text(text, "t.vpn.json")
    (d,) = report.diagnostics
    assert (d.code, d.line) == ("P001", 2)
    _assert_masked(report, text.split("\n")[1], 2)


def test_one_line_json_and_query_stay_readable_after_the_key():
    for path, text in (
            ("t.vpn.json", f'{{"preSharedKey": "{SECRET}", "IKESet": {{"dhGroupName": "group99"}}}}'),
            ("request.txt", f"preSharedKey={SECRET}&IKESet.dhGroupName=group99")):
        (d,) = [d for d in lint_text(text, path).diagnostics if d.code == "A003"]
        (line,) = d.snippet
        assert SECRET not in line
        # the caret's text is shown as written, not masked with the key
        assert line[d.column - 1:d.end_column - 1].strip('"') == "group99"


def test_a_key_in_a_comment_after_the_key_is_masked_too():
    text = f"preSharedKey: ${{VPN_PSK}}  # was: preSharedKey: {SECRET}\n"
    source = load("t.vpn.yaml", text.encode())
    line = Snippets(source.text, source.kind, source.secret_spans).line(1)
    assert line == "preSharedKey: " + MASK * len("${VPN_PSK}") + "  # was: preSharedKey: " + MASK * len(SECRET)
    report = lint_text(text)
    assert [d for d in report.diagnostics if d.line == 1]
    for d in report.diagnostics:
        assert all(SECRET not in shown for shown in d.snippet)


def test_key_written_through_an_anchor_is_masked_at_the_anchor():
    text = f"x-keys: {{hq: &psk {SECRET}}}\npreSharedKey: *psk\n"
    report = lint_text(text)
    _assert_masked(report, text.split("\n")[0], 1)  # A006 for x-keys, on the anchor's line


# -- the API page's own example -------------------------------------------------------------------

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "api-page"
API_PAGE_FORMS = ("nested.vpn.yaml", "flattened.vpn.yaml", "request.url")


def test_api_page_example_reads_the_same_in_every_form():
    sources = {name: load(name, (EXAMPLES / name).read_bytes()) for name in API_PAGE_FORMS}
    assert [sources[name].kind for name in API_PAGE_FORMS] == ["yaml", "yaml", "query"]
    data = [sources[name].documents[0].data for name in API_PAGE_FORMS]
    assert data[0] == data[1] == data[2]
    pointers = [set(sources[name].documents[0].source.nodes) for name in API_PAGE_FORMS]
    assert pointers[0] == pointers[1] == pointers[2]


def test_api_page_example_gets_the_same_diagnostics_in_every_form():
    seen = [sorted((d.code, d.pointer) for d in lint_paths([EXAMPLES / name]).diagnostics)
            for name in API_PAGE_FORMS]
    assert seen[0] == seen[1] == seen[2]


@pytest.mark.parametrize("name", API_PAGE_FORMS)
def test_api_page_example_has_no_input_or_api_contract_diagnostic(name):
    report = lint_paths([EXAMPLES / name])
    assert [(d.code, d.pointer) for d in report.diagnostics if d.code[0] in "PA"] == []
    # what it does get is about its weak defaults, its short key and its CIDR
    assert {"S002", "S004", "S013", "N001"} <= {d.code for d in report.diagnostics}


def test_api_page_example_as_printed_lacks_only_the_name():
    # the page's request has no vpnConnName, which the spec's decision requires
    # (the example files above add one); nothing else of P or A
    text = (EXAMPLES / "request.url").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if "vpnConnName" not in line)
    report = lint_text(text, "request.url")
    assert [(d.code, d.pointer) for d in report.diagnostics if d.code[0] in "PA"] == [("A001", "/vpnConnName")]


# -- the YAML fast path: libyaml's composer, checked against the event reader ----------------------
#
# yaml_reader reads most files from libyaml's composed nodes (_read_composed) and
# hands the rest to the event reader (_Composer), the reference.  Both must give
# the same documents (data with its types and key order, source-map entries in
# order), problems, secret spans and current document, for any input the fast
# path accepts; what it cannot reproduce it must refuse, leaving the source as
# it was.

import yaml  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from vpnlint.document import SourceFile  # noqa: E402
from vpnlint.loaders import Limits, yaml_reader  # noqa: E402
from vpnlint.loaders.text import TextIndex  # noqa: E402


def _outcome(source: SourceFile, documents) -> tuple:
    """Everything a reader leaves, compared by repr: 1, 1.0 and True differ, and so
    does the order of keys and of source-map entries."""
    return repr(([(d.index, d.data, list(d.source.nodes.items())) for d in documents],
                 source.problems, source.secret_spans, source.current_document))


def _event_reader(text: str, limits: Limits = Limits()) -> tuple:
    source = SourceFile(path="t.vpn.yaml", text=text)
    documents = yaml_reader._Composer(TextIndex(text, yaml_breaks=True), source, limits).run(text)
    return _outcome(source, documents)


def _fast_path(text: str, limits: Limits = Limits()) -> tuple | None:
    """The fast path's outcome, or None when it refused (the source must then be untouched)."""
    source = SourceFile(path="t.vpn.yaml", text=text)
    documents = yaml_reader._read_composed(text, source, limits)
    if documents is None:
        assert (source.problems, source.secret_spans, source.current_document) == ([], [], 0)
        return None
    return _outcome(source, documents)


def _read(text: str, limits: Limits = Limits()) -> tuple:
    source = SourceFile(path="t.vpn.yaml", text=text)
    return _outcome(source, yaml_reader.read(text, TextIndex(text, yaml_breaks=True), source, limits))


FAST_PATH_TEXTS = {
    "nested": "vpcId: vpc-amhnnao5\nIKESet:\n  dhGroupName: group14\n  ikeSaLifetimeSeconds: 3600\n"
              "IPsecSet:\n  pfsDhGroup: dh-group14\n",
    "list of connections": "- vpcId: vpc-1\n  userGwCidrBlock:\n  - 10.0.0.0/24\n  - 10.0.1.0/24\n"
                           "- vpcId: vpc-2\n  userGwCidrBlock: [10.0.2.0/24, '10.0.3.0/24']\n",
    "flow": "{vpcId: vpc-1, IKESet: {dhGroupName: group2, x: [1, [2, [3, {}]], []]}, y: {}}\n",
    "indentless sequence": "a:\n- 1\n- b: 2\n  c: [3]\n- - 4\n  - 5\n",
    "multi-document": "---\nvpcId: vpc-1\n---\nvpcId: vpc-2\npreSharedKey: k1\n...\n---\n- 1\n",
    "problems in several documents": "a: 1\na: 2\nl: [=]\n---\n- =\n- {x: 1, x: 2}\n---\n=\n---\nb: 1\n",
    "empty and null documents": "---\n---\nnull\n---\n~\n---\na: 1\n---\n",
    "scalar documents": "--- just text\n--- 42\n--- 'quoted'\n",
    "quoted and block scalars": "a: 'single ''q'''\nb: \"double \\t \\u00e9 \\\"q\\\"\"\nc: |\n  literal\n   kept\n"
                                "d: >-\n  folded\n  text\ne: |+\n  keep\n\nf: \"3\"\ng: '1.5'\nh: \"true\"\n",
    "plain scalars of every kind": "n1: null\nn2: ~\nn3:\nb1: true\nb2: no\nb3: On\ni1: 42\ni2: -0x1F\ni3: 0o17\n"
                                   "i4: 1_000\ni5: 1:30\nf1: 1.5\nf2: .inf\nf3: -.Inf\nf4: .nan\nf5: 6.8e+3\n"
                                   "f6: 1:30.5\nt1: 2024-01-02\nt2: 2001-12-14t21:59:43.10-05:00\ns1: 1.2.3\n"
                                   "s2: 10.0.0.0/24\ns3: 0b102\ns4: '='\n",
    "unsupported values": "a: =\nb: " + "9" * 4301 + "\nc: 1:" + "1:" * 200 + "1.5\n",
    "keys of every kind": "'quoted key': 1\n\"dq\": 2\n1: int key\ntrue: bool key\nnull: null key\n"
                          "? complex scalar key\n: v\n?\n: empty key\n'': quoted empty key\n"
                          "a/b~c: slash and tilde\n~1: x\n",
    "duplicate keys": "vpcId: a\nIKESet:\n  dhGroupName: group2\n  remoteAddress: 203.0.113.10\n"
                      "  dhGroupName: group14\nvpcId: b\nvpcId: c\n",
    "duplicate key whose value has problems": "a:\n  x: =\n  y: 1\na:\n  x: =\n  x: 2\n",
    "secrets": "preSharedKey: k1\nIKESet.preSharedKey: k2\npresharedKye: k3\npsk:\n  nested: [k4]\n"
               "list:\n- preSharedKey: k5\n- {pre_shared_key: 'k6'}\npreSharedKey: |\n  k7\n",
    "CJK": "vpnConnName: 上海办公室\n描述: \"北京\"\n列表: [东京, '大阪']\n",
    "CRLF": "vpcId: vpc-1\r\nIKESet:\r\n  dhGroupName: group14\r\nb: |\r\n  two\r\n  lines\r\n",
    "CR and other breaks": "a: 1\rb:\r  c: 2\r\x85d: 3\u2028e: 4\u2029",
    "BOM": "\ufeffvpcId: vpc-1\nlist: [1, 2]\n",
    "tabs": "a:\t1\nb: x\ty\nc: \"\\t\"\nd: [1,\t2]\n",
    "comments": "# a comment\na: 1 # trailing\n# b: 2\nc: [1, # inside\n  2]\n",
    "directive": "%YAML 1.1\n---\na: 1\n",
    "64 levels": "[" * 64 + "]" * 64,
    "64 block levels": "".join(" " * i + "k:\n" for i in range(63)) + " " * 63 + "k: v\n",
    "wide": "".join(f"k{i}: [{i}, {{a: {i}}}]\n" for i in range(150)),
}


@pytest.mark.parametrize("name", sorted(FAST_PATH_TEXTS))
def test_fast_path_gives_what_the_event_reader_gives(name):
    text = FAST_PATH_TEXTS[name]
    fast = _fast_path(text)
    assert fast is not None, "the fast path refused this text"
    assert fast == _event_reader(text)


def _secret_is_named_secret(monkeypatch, module):
    """Only names whose last part is 'secret' look like the key to the reader
    (whatever spec.looks_secret says), so the spans the two paths mark are
    compared on names chosen to fall either side."""
    monkeypatch.setattr(module, "looks_secret", lambda name: name.rsplit(".", 1)[-1] == "secret")
    yield


@pytest.fixture
def yaml_secret_is_named_secret(monkeypatch):
    yield from _secret_is_named_secret(monkeypatch, yaml_reader)


SECRETS_YAML = ("secret: k1\nIKESet.secret: k2\nsecret.not: x\nsecret_: x\nwrapped:\n  secret: [k3]\n"
                "list:\n- secret: k4\n- {a.secret: 'k5'}\nsecret: |\n  k6\n")


def test_fast_path_gives_the_event_readers_secret_spans(yaml_secret_is_named_secret):
    fast = _fast_path(SECRETS_YAML)
    assert fast is not None and fast == _event_reader(SECRETS_YAML)
    source = SourceFile(path="t.vpn.yaml", text="")
    yaml_reader._read_composed(SECRETS_YAML, source, Limits())
    # k1, k2, [k3], k4, 'k5', |
    assert [(span.line, span.column) for span in source.secret_spans] == [
        (1, 9), (2, 16), (6, 11), (8, 11), (9, 14), (10, 9)]


def test_fast_path_comparison_sees_problems_and_plain_kinds():
    # the cases above are not vacuous: they hold what the comparison must keep
    source = SourceFile(path="t.vpn.yaml", text="")
    text = FAST_PATH_TEXTS["duplicate key whose value has problems"]
    (document,) = yaml_reader._read_composed(text, source, Limits())
    assert [name for name, _, _ in source.problems] == [
        "unsupported-yaml", "unsupported-yaml", "duplicate-key", "duplicate-key"]
    source = SourceFile(path="t.vpn.yaml", text="")
    (document,) = yaml_reader._read_composed("a: 0x10\nb: '1'\n", source, Limits())
    assert document.data == {"a": 16, "b": "1"}
    assert document.source.nodes["/a"].plain == ("int", "0x10")
    assert document.source.nodes["/b"].plain is None


FALLBACK_TEXTS = {
    "anchor": "a: &x 1\nb: 2\n",
    "alias": "a: &x 1\nb: *x\n",
    "anchor and alias of a mapping": "a: &x {k: 1}\nb: *x\n",
    "merge key": "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n",
    "merge key without an alias": "c:\n  <<: {x: 1, y: 3}\n  y: 2\n",
    "merge key of a list": "c:\n  <<: [{x: 1}, {z: 3}]\n  y: 2\n",
    "undefined alias": "a: *x\n",
    "tag": "a: !!str 1\n",
    "local tag": "a: !custom 1\n",
    "non-specific tag": "a: ! 1\n",
    "container tag": "a: !!set {x}\n",
    "syntax error": "a: 1\nb: c: d\n",
    "syntax error in a later document": "a: 1\npreSharedKey: k\nb: =\n---\nc: [\n",
    "unreadable character": "a: 1\nb: \x07\n",
    "mapping as a key": "? {a: 1}\n: v\nb: 2\n",
    "list as a key": "[a, b]: v\n",
    "65 flow levels": "[" * 65 + "]" * 65,
    "65 block levels": "".join(" " * i + "k:\n" for i in range(64)) + " " * 64 + "k: v\n",
    "65 levels after a good document": "a: 1\n---\n" + "- " * 65 + "x\n",
    "1,001 nesting characters": "a:\n" + "".join(f"- [{i}]\n" for i in range(500)),
    "deep block sequence": "- " * 100_000 + "x\n",
    "deep flow": "[" * 100_000,
}


@pytest.mark.parametrize("name", sorted(FALLBACK_TEXTS))
def test_what_the_fast_path_cannot_reproduce_goes_to_the_event_reader(name):
    text = FALLBACK_TEXTS[name]
    assert _fast_path(text) is None
    assert _read(text) == _event_reader(text)


def test_the_nesting_bound_is_checked_before_composing():
    # libyaml's composer recurses in C: a deep file must never reach it
    class Refuse:
        def __init__(self, text):
            raise AssertionError("composed")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yaml_reader, "_NodeReader", Refuse)
        for name in ("1,001 nesting characters", "deep block sequence", "deep flow"):
            assert yaml_reader._read_composed(FALLBACK_TEXTS[name], SourceFile("t", ""), Limits()) is None


def test_the_fast_path_holds_a_lower_nesting_limit_as_the_event_reader_does():
    limits = Limits(max_depth=3)
    assert _fast_path("a: [[1]]\n", limits) == _event_reader("a: [[1]]\n", limits)
    assert _fast_path("a: [[[1]]]\n", limits) is None
    assert "nesting-too-deep" in _read("a: [[[1]]]\n", limits)


# generated specs: any JSON-like data, written by PyYAML in every style, and
# hand-written block mappings with repeated keys and every scalar style

_yaml_keys = st.sampled_from(["vpcId", "preSharedKey", "IKESet", "IKESet.preSharedKey", "a", "a/b",
                              "上海", "1", "true", "null", "x y"])
_yaml_scalars = st.sampled_from(["1", "-2", "0x1F", "1.5", ".nan", "true", "No", "~", "null", "", "=",
                                 "2024-01-02", "'quoted'", '"dq \\u00e9"', "plain text", "10.0.0.0/24",
                                 "東京", "'1'", '"true"', "1:30", "[1, 2]", "{a: 1}", "[]", "{}"])


@st.composite
def _block_mappings(draw, depth: int = 0):
    lines = []
    indent = "  " * depth
    for key in draw(st.lists(_yaml_keys, min_size=1, max_size=6)):
        written = key if draw(st.booleans()) else f"'{key}'"
        choice = draw(st.integers(0, 5 if depth < 3 else 3))
        if choice <= 3:
            lines.append(f"{indent}{written}: {draw(_yaml_scalars)}")
        elif choice == 4:
            lines.append(f"{indent}{written}:\n" + draw(_block_mappings(depth + 1)))
        else:
            items = draw(st.lists(_yaml_scalars, min_size=1, max_size=3))
            lines.append(f"{indent}{written}:\n" + "\n".join(f"{indent}- {item}" for item in items))
    return "\n".join(lines)


def _dumped(data, style: int, unicode: bool, crlf: bool) -> str:
    return yaml.safe_dump(data, default_flow_style=[False, True, None][style], allow_unicode=unicode,
                          sort_keys=False, line_break="\r\n" if crlf else "\n", explicit_start=style == 2)


def _both_agree(text: str) -> None:
    fast = _fast_path(text)
    if fast is not None:
        assert fast == _event_reader(text)
    elif not yaml_reader._needs_events(text) and sum(map(text.count, "[{-:?")) <= 1000:
        # nothing in the text asks for the event reader: it must have found a
        # syntax error or a key that is not a scalar
        assert "syntax-error" in _event_reader(text) or "mapping key" in _event_reader(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.lists(st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10 ** 20, 10 ** 20), st.floats(),
              st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8)),
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.text(max_size=5), children, max_size=3)),
    max_leaves=12), min_size=1, max_size=3),
    style=st.integers(0, 2), unicode=st.booleans(), crlf=st.booleans())
def test_fast_path_agrees_with_the_event_reader_on_generated_data(data, style, unicode, crlf):
    # style 2 writes each item as a document of its own ('---'), the others one document
    items = data if style == 2 else data[:1]
    _both_agree("".join(_dumped(item, style, unicode, crlf) for item in items))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_block_mappings(), documents=st.integers(1, 3), crlf=st.booleans())
def test_fast_path_agrees_with_the_event_reader_on_written_mappings(text, documents, crlf):
    text = "\n---\n".join([text] * documents) + "\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    assert _fast_path(text) is not None or "'" in text  # a quoted key may hold a '-' or ':'
    _both_agree(text)



def test_shared_spans_and_nodes_are_the_ones_asked_for():
    from vpnlint.document import Node
    from vpnlint.loaders.text import _NODES, make_node, make_span
    from vpnlint.model import Span

    key, value = make_span(1, 1, 1, 2), make_span(1, 4, 1, 5)
    assert key == Span(1, 1, 1, 2) and make_span(1, 1, 1, 2) is key
    as_int = make_node(key, value, ("int", "1"))
    as_text = make_node(key, value)
    assert as_int == Node(key, value, ("int", "1")) and as_text == Node(key, value, None)
    assert make_node(None, value) == Node(None, value) and make_node(key, value) is as_text
    # spans equal but not identical still give an equal node
    assert make_node(Span(1, 1, 1, 2), Span(1, 4, 1, 5)) == as_text
    for line in range(5000):
        make_node(None, make_span(line + 1, 1, line + 1, 2))
    assert len(_NODES) <= 4096


# -- the JSON fast path: one match per token, checked against the reference parser ----------------

import json  # noqa: E402

from vpnlint.loaders import json_reader  # noqa: E402


def _json_reference(text: str, limits: Limits = Limits()) -> tuple:
    """The reference parser alone (the fast path switched off)."""
    source = SourceFile(path="t.vpn.json", text=text, kind="json")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_reader, "_read_tokens", lambda *args: None)
        documents = json_reader.read(text, TextIndex(text), source, limits)
    return _outcome(source, documents)


def _json_fast(text: str, limits: Limits = Limits()) -> tuple | None:
    source = SourceFile(path="t.vpn.json", text=text, kind="json")
    documents = json_reader._read_tokens(text, TextIndex(text), source, limits.max_depth)
    if documents is None:
        assert (source.problems, source.secret_spans) == ([], [])
        return None
    return _outcome(source, documents)


def _json_read(text: str, limits: Limits = Limits()) -> tuple:
    source = SourceFile(path="t.vpn.json", text=text, kind="json")
    return _outcome(source, json_reader.read(text, TextIndex(text), source, limits))


JSON_FAST_TEXTS = {
    "nested": '{"vpcId": "vpc-1", "IKESet": {"dhGroupName": "group14", "ikeSaLifetimeSeconds": 3600},\n'
              ' "userGwCidrBlock": ["10.0.0.0/24", "10.0.1.0/24"]}\n',
    "list of connections": '[\n  {"vpcId": "vpc-1"},\n  {"vpcId": "vpc-2", "x": [[], {}, [[1]], {"a": {}}]}\n]',
    "indented": '{\n    "a": [\n        1,\n        2\n    ],\n    "b": {\n        "c": null\n    }\n}\n',
    "no whitespace": '{"a":[1,2,{"b":true}],"c":{"d":false,"e":null},"f":""}',
    "numbers": '[0, -0, 7, -12, 1.5, -0.25, 1e3, 1E-3, 2.5e+10, 1e400, -1e400, '
               + "9" * 4300 + ", " + "1" * 5000 + ".5, " + "1" * 5000 + "e-4999]",
    "literals and scalar root": "true",
    "string root": '  "just text"  \n',
    "escapes": r'{"a": "tab\tnl\nq\"bs\\sl\/u\u00e9", "b": "\ud83d\ude00", "c": "\u0000", '
               r'"spdAcl": "{\"10.0.0.0/24\": [\"192.168.0.0/24\"]}", "d\u002fe": 1}',
    "CJK": '{"vpnConnName": "上海办公室", "描述": ["北京", "東京"], "😀": "emoji"}',
    "duplicate keys": '{\n "vpcId": "a",\n "IKESet": {"dhGroupName": "group2",\n   "dhGroupName": "group14",\n'
                      '   "dhGroupName": "group5"},\n "vpcId": "b",\n "x": {"vpcId": "c"}}',
    "duplicate key spelt two ways": r'{"a/b": 1, "a\/b": 2}',
    "secrets": '{"preSharedKey": "k1", "IKESet.preSharedKey": "k2", "presharedKye": "k3",'
               ' "psk": {"nested": ["k4"]}, "list": [{"preSharedKey": "k5"}], "preSharedKey": "k6"}',
    "keys with slash and tilde": '{"a/b": {"~c": 1}, "~1": 2, "": 3}',
    "CRLF": '{\r\n  "a": 1,\r\n  "b": [\r\n    2\r\n  ]\r\n}\r\n',
    "CR": '{\r  "a": 1,\r  "b": [2]\r}',
    "tabs": '{\t"a":\t1,\t"b":\t"x\\ty"}',
    "64 levels": "[" * 64 + "]" * 64,
    "empty containers": '[{}, [], {"a": []}, {"b": {}}]',
}


@pytest.mark.parametrize("name", sorted(JSON_FAST_TEXTS))
def test_json_fast_path_gives_what_the_reference_parser_gives(name):
    text = JSON_FAST_TEXTS[name]
    fast = _json_fast(text)
    assert fast is not None, "the fast path refused this text"
    assert fast == _json_reference(text)


def test_json_fast_path_comparison_sees_problems():
    source = SourceFile(path="t.vpn.json", text="", kind="json")
    text = JSON_FAST_TEXTS["duplicate keys"]
    (document,) = json_reader._read_tokens(text, TextIndex(text), source, 64)
    assert [f.span.line for _, f, _ in source.problems] == [4, 5, 6]
    assert "first at line 4" in source.problems[1][1].message  # the latest before it


SECRETS_JSON = ('{"secret": "k1", "IKESet.secret": "k2", "secret.not": "x", "secret_": "x",\n'
                ' "wrapped": {"secret": ["k3"]}, "list": [{"secret": "k4"}, {"a.secret": 5}], "secret": {}}')


@pytest.fixture
def json_secret_is_named_secret(monkeypatch):
    yield from _secret_is_named_secret(monkeypatch, json_reader)


def test_json_fast_path_gives_the_references_secret_spans(json_secret_is_named_secret):
    fast = _json_fast(SECRETS_JSON)
    assert fast is not None and fast == _json_reference(SECRETS_JSON)
    source = SourceFile(path="t.vpn.json", text="", kind="json")
    json_reader._read_tokens(SECRETS_JSON, TextIndex(SECRETS_JSON), source, 64)
    # "k1", "k2", ["k3"], "k4", 5, {}
    assert [(span.line, span.column) for span in source.secret_spans] == [
        (1, 12), (1, 35), (2, 24), (2, 53), (2, 73), (2, 88)]


JSON_FALLBACK_TEXTS = {
    "trailing comma in an object": '{"a": 1,}',
    "trailing comma in a list": "[1, 2,]",
    "missing colon": '{"a" 1}',
    "missing comma": '{"a": 1 "b": 2}',
    "missing comma in a list": "[1 2]",
    "unclosed object": '{"a": 1',
    "unclosed list": "[1, [2]",
    "unclosed string": '{"a": "b}',
    "extra data": '{"a": 1} {"b": 2}',
    "extra closer": "[1]]",
    "mismatched closer": '{"a": [1}]',
    "list closed by a brace": '{"a": [1}}',
    "object closed by a bracket": '[{"a": 1]]',
    "empty list closed by a brace": "[}",
    "empty object closed by a bracket": "{]",
    "single quotes": "{'a': 1}",
    "unquoted key": "{a: 1}",
    "number key": "{1: 2}",
    "comment": '{"a": 1 // no\n}',
    "leading zero": "[012]",
    "bare minus": "[-]",
    "plus sign": "[+1]",
    "fraction without digits": "[1.]",
    "NaN": "[NaN]",
    "Infinity": "[-Infinity]",
    "bad literal": "[nul]",
    "literal run on": "[truefalse]",
    "control character in a string": '["a\x01b"]',
    "raw line break in a string": '["a\nb"]',
    "invalid escape": r'["\x41"]',
    "short unicode escape": r'["\u12"]',
    "lone high surrogate": r'["\ud800"]',
    "lone low surrogate key": r'{"\udc00": 1}',
    "reversed surrogate pair": r'["\ude00\ud83d"]',
    "surrogate in the text": '["\ud800"]',
    "number too long": "[" + "1" * 4301 + "]",
    "65 levels": "[" * 65 + "]" * 65,
    "deep": "[" * 100_000,
    "byte order mark": '\ufeff{"a": 1}',
    "only whitespace": "  \n ",
    "empty key then error": '{"": 1, "a": 2, "a": }',
    "duplicate before an error": '{"a": 1, "a": 2, "preSharedKey": "k", ]',
}


@pytest.mark.parametrize("name", sorted(JSON_FALLBACK_TEXTS))
def test_json_errors_go_to_the_reference_parser(name):
    text = JSON_FALLBACK_TEXTS[name]
    assert _json_fast(text) is None
    reference = _json_reference(text)
    assert "syntax-error" in reference or "nesting-too-deep" in reference
    assert _json_read(text) == reference


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10 ** 30, 10 ** 30),
              st.floats(allow_nan=False, allow_infinity=False), st.text(st.characters(codec="utf-8"), max_size=8)),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.sampled_from(["a", "b", "a/b", "~", "preSharedKey", "上海",
                                                                "IKESet.psk", "\u2028", "\\", "\""]),
                                               children, max_size=4)),
    max_leaves=15),
    indent=st.sampled_from([None, 0, 1, 2, "\t"]), ensure_ascii=st.booleans(), crlf=st.booleans())
def test_json_fast_path_agrees_with_the_reference_on_generated_data(data, indent, ensure_ascii, crlf):
    text = json.dumps(data, indent=indent, ensure_ascii=ensure_ascii, allow_nan=False)
    if crlf:
        text = text.replace("\n", "\r\n")
    fast = _json_fast(text)
    assert fast is not None
    assert fast == _json_reference(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs=st.lists(st.tuples(st.sampled_from(['"a"', '"b"', '"a"', '"psk"', '"a\\/b"', '"\\u0061"']),
                                st.sampled_from(['1', '"x"', '[1, {"a": 2, "a": 3}]', '{"b": null}', 'true',
                                                 '-0.5e2', '""'])), max_size=6),
       damage=st.one_of(st.none(), st.tuples(st.integers(0, 200), st.sampled_from(["", ",", "]", "}", ":", '"',
                                                                                  "x", " ", "\n", "{", "["]))))
def test_json_fast_path_agrees_with_the_reference_on_written_and_damaged_objects(pairs, damage):
    text = "{" + ",\n ".join(f"{key}: {value}" for key, value in pairs) + "}"
    if damage is not None:  # one character replaced (or deleted): mostly an error somewhere
        at, char = damage
        at = min(at, len(text) - 1)
        text = text[:at] + char + text[at + 1:]
    fast = _json_fast(text)
    assert fast is None or fast == _json_reference(text)
    assert _json_read(text) == _json_reference(text)
    if damage is None:
        assert fast is not None


@given(st.text(alphabet="preshardkyPRESHARDKY\u017f\u212a_- \t:=\"'x1", max_size=30))
@example("PRE_ſHARED_KEY: x")
@example("pſk = x")
def test_the_quick_test_for_the_usual_key_spellings_never_misses_one(text):
    # snippets._may_name_known_key lets the masker skip its search on most lines:
    # wherever the search would find a key, the quick test must say it may
    from vpnlint.snippets import _KNOWN_KEY, _may_name_known_key

    if _KNOWN_KEY.search(text):
        assert _may_name_known_key(text)


@given(st.text(alphabet="preshardkyPRESHARDKY\u017f\u212a_-. \t:=\"'x1vpnGwId", max_size=40))
@example("  preSharedKey: a:b")
@example("vpnGwId: x  presharedkee= y")
@example("psk=1:2")
def test_a_line_is_masked_as_if_searched_whole(text):
    # snippets._masked_line decides whether a line names the key from its text up
    # to the last ':' or '=' (cached by that head): it must mask exactly as the
    # search of the whole line does
    from vpnlint.snippets import _masked_after_key, _masked_line

    assert _masked_line(text) == _masked_after_key(text)


@given(st.text(alphabet="preshardkyPRESHARDKY_-. :=\"'*x1vpnGwId", max_size=40),
       st.sets(st.integers(0, 40), min_size=1, max_size=3))
@example('preSharedKey: "****"', {14})
@example('{"preSharedKey": "****", "psk": "x"}', {17})
def test_a_line_with_placed_keys_is_masked_the_same_from_the_cache(text, placed):
    # snippets._masked_after_placed caches the search of a line whose placed
    # keys are masked already, by its text: the first answer and the cached one
    # are the search's own
    from vpnlint.snippets import _masked_after_key, _masked_after_placed

    expected = _masked_after_key(text, placed)
    assert _masked_after_placed(text, placed) == expected
    assert _masked_after_placed(text, set(placed)) == expected


_SPANS = st.lists(st.tuples(st.integers(1, 4), st.integers(-2, 12), st.integers(1, 4), st.integers(-2, 14)),
                 max_size=3)


@given(st.text(alphabet="ab: ", max_size=10), st.integers(1, 4), _SPANS)
@example("key: secret", 2, [(1, 3, 3, 1)])  # a span from an earlier line to a later one
def test_a_line_blanks_what_its_secret_spans_cover(text, number, spans):
    # snippets._blank masks by slices: the same characters as masking the line
    # one character at a time, as each span covers it
    from vpnlint.model import Span
    from vpnlint.snippets import _blank

    chars = list(text)
    placed = [Span(*span) for span in spans]
    for span in placed:
        start = span.column - 1 if span.line == number else 0
        end = span.end_column - 1 if span.end_line == number else len(chars)
        for i in range(max(start, 0), min(end, len(chars))):
            chars[i] = MASK
    assert _blank(text, number, placed) == "".join(chars)


@given(st.text(alphabet="ab \t\r\n\x85\u2028\u2029\u00e9", max_size=30),
       st.sampled_from(["yaml", "json", "query", "none"]))
def test_lines_are_split_at_the_breaks_the_parser_counts(text, kind):
    # split_lines skips the pattern when the text has no break other than "\n"
    from vpnlint.loaders.text import _JSON_BREAK, _YAML_BREAK, split_lines

    assert split_lines(text, kind) == (_YAML_BREAK if kind == "yaml" else _JSON_BREAK).split(text)


@given(st.text(alphabet="ab \t\r\n\x85\u2028\u2029\u00e9", max_size=30), st.booleans())
def test_line_starts_are_where_the_parser_starts_lines(text, yaml_breaks):
    # TextIndex counts lines without the pattern when "\n" is the only break
    from vpnlint.loaders.text import _JSON_BREAK, _YAML_BREAK, TextIndex

    pattern = _YAML_BREAK if yaml_breaks else _JSON_BREAK
    assert TextIndex(text, yaml_breaks).starts == [0] + [m.end() for m in pattern.finditer(text)]
