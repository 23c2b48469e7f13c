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
