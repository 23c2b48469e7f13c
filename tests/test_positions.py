"""Where diagnostics point: exact line, column, end line and end column.

Expected positions are worked out from the text each test writes (the index of
a substring in it), never copied from vpnlint's output.  Positions are 1-based,
count characters (code points) of the decoded text, a tab or a CJK character
being one column, and ``end_column`` is exclusive.
"""

from __future__ import annotations

import codecs
import re

import pytest

from lintkit import lint_bytes, lint_text

CLEAN_TOP = """vpcId: vpc-amhnnao5
vpnGwId: vpngw-dystbrkv
userGwId: cgw-e098slul
vpnConnName: hq-to-office
preSharedKey: ${VPN_PSK_HQ}
spdAcl: '{"10.0.0.0/24": ["192.168.10.0/24"]}'
"""


def position(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based line and column of the nth occurrence of ``needle`` in ``text``.

    Lines break at LF, CRLF and a lone CR (all three are line breaks to YAML
    and JSON alike)."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    before = text[:index]
    breaks = list(re.finditer(r"\r\n|\r|\n", before))
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - line_start + 1


def span(text: str, needle: str, nth: int = 0) -> tuple[int, int, int, int]:
    """The one-line span of the nth occurrence of ``needle``."""
    line, column = position(text, needle, nth)
    return line, column, line, column + len(needle)


def where(d) -> tuple[int, int, int, int]:
    return d.line, d.column, d.end_line, d.end_column


def only(report, code: str, pointer: str | None = None, document: int | None = None):
    found = [d for d in report.diagnostics if d.code == code
             and (pointer is None or d.pointer == pointer)
             and (document is None or d.document == document)]
    assert len(found) == 1, (
        f"expected one {code} at {pointer}, got:\n"
        + "\n".join(f"{d.line}:{d.column} {d.code} {d.pointer} {d.message}" for d in report.diagnostics))
    return found[0]


# -- YAML, nested ------------------------------------------------------------------

def test_yaml_nested_value_and_key():
    text = CLEAN_TOP + "IKESet:\n  remoteAddress: 203.0.113.10\n  dhGroupName: group99\n  dhGroupNam: group14\n"
    report = lint_text(text)
    assert where(only(report, "A003", "/IKESet/dhGroupName")) == span(text, "group99")
    # an unknown key points at the key, not at its value
    line, column = position(text, "dhGroupNam:")
    assert where(only(report, "A006", "/IKESet/dhGroupNam")) == (line, column, line, column + len("dhGroupNam"))


def test_yaml_quoted_value_includes_its_quotes():
    text = CLEAN_TOP + "IKESet:\n  remoteAddress: 203.0.113.10\n  dhGroupName: 'group99'\n"
    assert where(only(lint_text(text), "A003", "/IKESet/dhGroupName")) == span(text, "'group99'")


def test_yaml_missing_field_is_shown_at_the_nearest_written_ancestors_key():
    text = CLEAN_TOP + "IKESet:\n  remoteIdentity: fqdn\n"
    d = only(lint_text(text), "A011", "/IKESet/remoteFqdnName")
    assert where(d) == span(text, "IKESet")


def test_yaml_missing_top_level_field_is_shown_at_the_connection_on_its_first_line():
    text = "# a comment first\n\nvpnGwId: vpngw-dystbrkv\nuserGwId: cgw-e098slul\n"
    d = only(lint_text(text), "A001", "/vpcId")
    first_line = "vpnGwId: vpngw-dystbrkv"
    line, column = position(text, first_line)
    # a span over the whole mapping is shown on its first line
    assert where(d) == (line, column, line, column + len(first_line))


def test_yaml_block_scalar_spans_from_its_indicator():
    text = CLEAN_TOP.replace("vpnConnName: hq-to-office", "vpnConnName: |\n  x" + "y" * 70) + "IKESet: {}\n"
    d = only(lint_text(text), "A005", "/vpnConnName")
    assert (d.line, d.column) == position(text, "|")


# -- YAML, flattened -----------------------------------------------------------------

def test_flattened_value_points_at_the_flattened_value():
    text = CLEAN_TOP + "IKESet.remoteAddress: 203.0.113.10\nIKESet.dhGroupName: group99\n"
    d = only(lint_text(text), "A003", "/IKESet/dhGroupName")
    assert d.pointer == "/IKESet/dhGroupName"
    assert where(d) == span(text, "group99")


def test_flattened_unknown_key_points_at_the_whole_flattened_key():
    text = CLEAN_TOP + "IKESet.remoteAddress: 203.0.113.10\nIKESet.dhGroupNam: group14\n"
    d = only(lint_text(text), "A006", "/IKESet/dhGroupNam")
    assert where(d) == span(text, "IKESet.dhGroupNam")


def test_flattened_list_items_keep_their_own_lines_in_index_order():
    # written out of order: .5 before .2; the nested list is [.2, .5]
    text = (CLEAN_TOP.replace("spdAcl", "# spdAcl")
            + "userGwCidrBlock.5: 7\nuserGwCidrBlock.2: 192.168.20.0/24\nuserGwCidrBlock.1: true\n")
    report = lint_text(text)
    first = only(report, "A002", "/userGwCidrBlock/0")
    third = only(report, "A002", "/userGwCidrBlock/2")
    assert where(first) == span(text, "true")
    assert where(third) == span(text, "7")
    assert not [d for d in report.diagnostics if d.pointer == "/userGwCidrBlock/1"]


def test_container_that_exists_only_through_flattened_keys_is_shown_at_the_first_of_them():
    text = CLEAN_TOP + "IKESet.remoteIdentity: fqdn\nIKESet.dhGroupName: group14\n"
    d = only(lint_text(text), "A011", "/IKESet/remoteFqdnName")
    assert where(d) == span(text, "IKESet.remoteIdentity")


# -- JSON ----------------------------------------------------------------------------------

JSON = (
    '{\n'
    '  "vpcId": "vpc-amhnnao5", "vpnGwId": "vpngw-dystbrkv",\n'
    '  "vpnConnName": "caf\\u00e9", "IKESet": {"dhGroupName": "group99", "remoteAddress": "203.0.113.10"},\n'
    '  "preSharedKey": "${VPN_PSK_HQ}",\n'
    '  "userGwCidrBlock": ["192.168.10.0/24", 42],\n'
    '  "IPsecSet": {\n'
    '    "pfsDhGroup": "dh-group14", "integrityAlgorithm": "sha"\n'
    '  }\n'
    '}\n'
)


def test_json_value_after_an_escape_on_the_same_line():
    # \u00e9 is six characters of the text: columns count the text, not the decoded string
    report = lint_text(JSON, "t.vpn.json")
    assert where(only(report, "A003", "/IKESet/dhGroupName")) == span(JSON, '"group99"')


def test_json_key_span_includes_its_quotes():
    report = lint_text(JSON, "t.vpn.json")
    assert where(only(report, "A006", "/IPsecSet/integrityAlgorithm")) == span(JSON, '"integrityAlgorithm"')


def test_json_array_item_and_missing_field():
    report = lint_text(JSON, "t.vpn.json")
    assert where(only(report, "A002", "/userGwCidrBlock/1")) == span(JSON, "42")
    # a JSON document starts at its opening brace; shown on that line
    d = only(report, "A001", "/userGwId")
    assert (d.line, d.column) == (1, 1)


def test_json_container_value_spans_the_container():
    text = '{"vpcId": "vpc-amhnnao5", "IKESet": ["group14"], "IPsecSet": {}}'
    assert where(only(lint_text(text, "t.vpn.json"), "A002", "/IKESet")) == span(text, '["group14"]')


def test_json_non_ascii_before_a_value():
    text = '{"vpnConnName": "总部到分支", "IKESet": {"dhGroupName": "group99"}}'
    d = only(lint_text(text, "t.vpn.json"), "A003", "/IKESet/dhGroupName")
    assert where(d) == span(text, '"group99"')
    assert d.column == 52  # 51 characters before it, five of them CJK


# -- the request URL / query string ----------------------------------------------------------

def test_query_one_line():
    text = ("https://vpc.api.qcloud.com/v2/index.php?Action=AddVpnConnEx&Region=ap-guangzhou"
            "&vpcId=vpc-amhnnao5&IKESet.dhGroupName=group99&IKESet.remoteAddress=203.0.113.10"
            "&IKESet.exchangeMod=main\n")
    report = lint_text(text, "request.txt")
    assert where(only(report, "A003", "/IKESet/dhGroupName")) == span(text, "group99")
    assert where(only(report, "A006", "/IKESet/exchangeMod")) == span(text, "IKESet.exchangeMod")


API_PAGE_FORM = """  https://vpc.api.qcloud.com/v2/index.php?Action=AddVpnConnEx
  &<公共请求参数>
  &vpcId=vpc-amhnnao5
  &userGwId=cgw-e098slul
  &vpnGwId=vpngw-dystbrkv
  &userGwCidrBlock.0=10.56.20.1/24
  &IKESet.dhGroupName=group99
  &preSharedKey=dgdgd33
"""


def test_query_in_the_api_pages_multi_line_form():
    report = lint_text(API_PAGE_FORM, "request.txt")
    d = only(report, "A003", "/IKESet/dhGroupName")
    assert where(d) == span(API_PAGE_FORM, "group99")
    assert (d.line, d.column) == (7, 23)


def test_query_placeholder_and_value_on_one_line_after_cjk():
    text = "vpcId=vpc-amhnnao5&<公共请求参数>&IKESet.dhGroupName=group99\n"
    d = only(lint_text(text, "request.txt"), "A003", "/IKESet/dhGroupName")
    assert where(d) == span(text, "group99")


def test_query_percent_encoded_value_is_shown_as_written():
    name = "%E6%80%BB" * 61  # 61 characters once decoded, 549 as written
    text = f"vpcId=vpc-amhnnao5&vpnConnName={name}&vpnGwId=vpngw-dystbrkv\n"
    d = only(lint_text(text, "request.txt"), "A005", "/vpnConnName")
    assert where(d) == span(text, name)


def test_query_missing_field_is_shown_at_the_first_parameter():
    text = "https://vpc.api.qcloud.com/v2/index.php?Action=AddVpnConnEx&Nonce=1&vpnGwId=vpngw-dystbrkv\n"
    d = only(lint_text(text, "request.txt"), "A001", "/vpcId")
    assert (d.line, d.column) == position(text, "vpnGwId=")


# -- encodings, line endings, tabs, wide characters ------------------------------------------

def test_utf8_bom_is_not_a_column():
    text = "vpcId: vpc-AMHNNAO5\nvpnGwId: vpngw-dystbrkv\n"
    report = lint_bytes({"t.vpn.yaml": codecs.BOM_UTF8 + text.encode("utf-8")})
    assert where(only(report, "A015", "/vpcId")) == span(text, "vpc-AMHNNAO5")
    assert only(report, "A015", "/vpcId").column == 8


def test_utf8_bom_in_json_and_query():
    text = '{"vpcId": "vpc-AMHNNAO5"}'
    report = lint_bytes({"t.vpn.json": codecs.BOM_UTF8 + text.encode()})
    assert where(only(report, "A015", "/vpcId")) == span(text, '"vpc-AMHNNAO5"')
    query = "vpnGwId=vpngw-dystbrkv&vpcId=vpc-AMHNNAO5"
    report = lint_bytes({"request.txt": codecs.BOM_UTF8 + query.encode()})
    assert where(only(report, "A015", "/vpcId")) == span(query, "vpc-AMHNNAO5")


def test_crlf_line_endings_yaml():
    text = CLEAN_TOP.replace("\n", "\r\n") + "IKESet:\r\n  remoteAddress: 203.0.113.10\r\n  dhGroupName: group99\r\n"
    d = only(lint_text(text), "A003", "/IKESet/dhGroupName")
    assert where(d) == span(text, "group99")
    assert d.line == 9
    # the snippet line holds no carriage return
    assert d.snippet == ("  dhGroupName: group99",)


def test_crlf_line_endings_json_and_query():
    text = '{\r\n  "vpcId": "vpc-amhnnao5",\r\n  "IKESet": {"dhGroupName": "group99"}\r\n}\r\n'
    d = only(lint_text(text, "t.vpn.json"), "A003", "/IKESet/dhGroupName")
    assert where(d) == span(text, '"group99"')
    query = "https://vpc.api.qcloud.com/v2/index.php?Action=AddVpnConnEx\r\n&vpcId=vpc-amhnnao5\r\n&IKESet.dhGroupName=group99\r\n"
    d = only(lint_text(query, "request.txt"), "A003", "/IKESet/dhGroupName")
    assert where(d) == span(query, "group99") == (3, 21, 3, 28)


def test_lone_cr_line_endings():
    text = "vpcId: vpc-amhnnao5\rIKESet:\r  dhGroupName: group99\r"
    d = only(lint_text(text), "A003", "/IKESet/dhGroupName")
    assert where(d) == span(text, "group99") == (3, 16, 3, 23)


def test_tabs_inside_values_and_comments_are_one_column():
    text = (CLEAN_TOP
            + "# a\tcomment\twith tabs\n"
            + 'IKESet: {localFqdnName: "vpn\tgw",\tremoteAddress: 203.0.113.10, dhGroupName:\tgroup99}\t# x\n')
    d = only(lint_text(text), "A003", "/IKESet/dhGroupName")
    assert where(d) == span(text, "group99")
    assert d.column == 77  # 76 characters before it, three of them tabs


def test_cjk_before_a_value_counts_one_column_each():
    text = CLEAN_TOP + "IKESet: {localFqdnName: 总部网关.example, remoteAddress: 203.0.113.10, dhGroupName: group99}\n"
    d = only(lint_text(text), "A003", "/IKESet/dhGroupName")
    assert where(d) == span(text, "group99")
    assert d.column == 81  # 80 characters before it, four of them CJK


def test_characters_outside_the_basic_plane_count_one_column_each():
    text = CLEAN_TOP + "IKESet: {localFqdnName: \U0001f642\U0001f642.example, dhGroupName: group99}\n"
    d = only(lint_text(text), "A003", "/IKESet/dhGroupName")
    assert where(d) == span(text, "group99")


def test_wide_characters_in_a_span():
    name = "总部" * 31  # 62 characters
    text = CLEAN_TOP.replace("hq-to-office", name)
    d = only(lint_text(text), "A005", "/vpnConnName")
    assert where(d) == span(text, name)
    assert d.end_column - d.column == 62


# -- several connections in one file ---------------------------------------------------------

LIST = """- vpcId: vpc-amhnnao5
  vpnGwId: vpngw-dystbrkv
  userGwId: cgw-e098slul
  vpnConnName: first
  IPsecSet: {pfsDhGroup: dh-group14}
- vpcId: vpc-amhnnao5
  vpnGwId: vpngw-k2m4p6q8
  userGwId: cgw-a1b2c3d4
  vpnConnName: second
  IPsecSet:
    pfsDhGroup: group14
"""


def test_list_of_connections_pointer_has_the_item_index():
    report = lint_text(LIST)
    d = only(report, "A003")
    assert d.pointer == "/1/IPsecSet/pfsDhGroup"
    assert d.document == 0
    assert where(d) == span(LIST, "group14", nth=1) == (11, 17, 11, 24)


def test_list_of_connections_missing_field_is_shown_at_the_items_first_key():
    report = lint_text(LIST)
    second = only(report, "A001", "/1/preSharedKey")
    line, column = position(LIST, "vpcId", nth=1)
    assert (second.line, second.column) == (line, column)
    first = only(report, "A001", "/0/preSharedKey")
    assert (first.line, first.column) == (1, 3)


def test_list_of_connections_in_json():
    text = '[\n {"vpcId": "vpc-amhnnao5"},\n {"vpcId": "vpc-amhnnao5", "IPsecSet": {"pfsDhGroup": "group14"}}\n]'
    d = only(lint_text(text, "t.vpn.json"), "A003")
    assert d.pointer == "/1/IPsecSet/pfsDhGroup"
    assert where(d) == span(text, '"group14"')


MULTI = """# first document
vpcId: vpc-amhnnao5
IKESet: {dhGroupName: group99}
---
vpcId: vpc-amhnnao5
vpnConnName: second
IKESet:
  dhGroupName: group98
...
---
- vpcId: vpc-amhnnao5
  IKESet: {dhGroupName: group97}
"""


def test_multi_document_yaml_names_the_document_and_its_lines():
    report = lint_text(MULTI)
    found = sorted((d.document, d.pointer, where(d)) for d in report.diagnostics if d.code == "A003")
    assert found == [
        (0, "/IKESet/dhGroupName", span(MULTI, "group99")),
        (1, "/IKESet/dhGroupName", span(MULTI, "group98")),
        (2, "/0/IKESet/dhGroupName", span(MULTI, "group97")),
    ]


def test_multi_document_missing_field_is_shown_at_its_own_documents_first_key():
    report = lint_text(MULTI)
    lines = sorted((d.document, d.line) for d in report.diagnostics if d.code == "A001" and d.pointer.endswith("/vpnGwId"))
    assert lines == [(0, position(MULTI, "vpcId")[0]), (1, position(MULTI, "vpcId", 1)[0]),
                     (2, position(MULTI, "vpcId", 2)[0])]


def test_input_problem_in_a_later_document_names_that_document():
    text = "vpcId: vpc-amhnnao5\n---\nvpcId: vpc-amhnnao5\nvpcId: vpc-amhnnao5\n"
    d = only(lint_text(text), "P002")
    assert (d.line, d.document) == (4, 1)


def test_an_unknown_pointer_falls_back_to_its_nearest_ancestors_key_in_files_and_summaries():
    from vpnlint.document import SourceMap, Node
    from vpnlint.model import NOWHERE, Span
    from vpnlint.summary import ConnectionSummary, pack

    section_key, section = Span(7, 1, 7, 7), Span(8, 3, 10, 1)
    field_key, field = Span(8, 3, 8, 9), Span(8, 11, 8, 14)
    root = Span(1, 1, 11, 1)
    nodes = {"": Node(None, root), "/IKESet": Node(section_key, section),
             "/IKESet/dhGroupName": Node(field_key, field)}
    source = SourceMap(nodes)
    summary = ConnectionSummary(
        path="a.yaml", document=0, base="", data={},
        pointers=tuple(nodes), spans=tuple(pack(node.key, node.value) for node in nodes.values()))
    cases = [
        (("/IKESet/dhGroupName", "value"), field),  # known: the part asked for
        (("/IKESet/dhGroupName", "key"), field_key),
        (("/IKESet/missing", "value"), section_key),  # unknown: the parent's key
        (("/IKESet/a/b/c", "value"), section_key),  # several levels up
        (("/missing", "value"), root),  # the root has no key: its value
    ]
    for (pointer, part), expected in cases:
        assert source.position_of(pointer, part) == expected, pointer
        assert summary.place(pointer, part)[0] == expected, pointer
    # nothing known at all, not even the root: the first character
    assert SourceMap({}).position_of("/x") == NOWHERE == Span(1, 1, 1, 2)
    empty = ConnectionSummary(path="a.yaml", document=0, base="", data={})
    assert empty.place("/x")[0] == NOWHERE
