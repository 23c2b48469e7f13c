"""Hostile inputs: each gets one clear diagnostic, or exit status 2 with a message.

Never a traceback, never a hang, never the whole of a huge file in memory.  The
cases are cheap by construction (no test here sleeps or waits on a clock, and
none asserts on time: the limits make the work small, and the measured times
are in the report that added this file).  Where a case could hang if vpnlint
regressed (a FIFO), a watchdog unblocks it so the test fails instead.
"""

from __future__ import annotations

import json
import os
import re
import threading
import tracemalloc
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from lintkit import FIXTURES, base_spec, engine, lint_bytes
from vpnlint import discovery, formats, spec
from vpnlint.cli import main
from vpnlint.engine import assemble
from vpnlint.loaders import Limits
from vpnlint.model import Diagnostic
from vpnlint.report import Report

BASE = (FIXTURES / "base.vpn.yaml").read_bytes()
MIB = 1024 * 1024


# -- helpers -------------------------------------------------------------------------------------

def only(report: Report) -> Diagnostic:
    """The report's one diagnostic (fails, listing them, if there are more or none)."""
    found = [(d.code, d.line, d.column, d.message) for d in report.diagnostics]
    assert len(report.diagnostics) == 1, found
    return report.diagnostics[0]


def lint_one(raw: bytes, path: str = "t.vpn.yaml", **settings) -> Report:
    return lint_bytes({path: raw}, **settings)


def render_all(report: Report) -> dict[str, str]:
    """Every format's output; json and sarif must parse."""
    out = {name: formats.get(name).render(report) for name in formats.names()}
    json.loads(out["json"])
    json.loads(out["sarif"])
    return out


def cli(args: list[str], stdin: bytes | None = None):
    """Run the click command in-process; an exception escaping it fails the test."""
    result = CliRunner().invoke(main, args, input=stdin, catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def concise_lines(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if line]


def peak_memory(function) -> tuple[object, int]:
    """``function()``'s result and the peak of Python allocations while it ran."""
    tracemalloc.start()
    try:
        value = function()
        return value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# -- empty, whitespace, encoding -----------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    b"",
    b" ",
    b"\n\n\n",
    b"\t \r\n  \r\n",
    b"# nothing here yet\n   # indented comment\n",
], ids=["empty", "space", "newlines", "tabs-crlf", "comments"])
def test_empty_or_blank_file_is_one_p004_at_the_start(raw):
    d = only(lint_one(raw))
    assert (d.code, d.line, d.column) == ("P004", 1, 1)


@pytest.mark.parametrize("raw", [b"---\n...\n", b"---\n---\n"], ids=["one", "two"])
def test_only_empty_documents_is_one_p004(raw):
    assert only(lint_one(raw)).code == "P004"


@pytest.mark.parametrize("raw, line, column", [
    (b"vpcId: vpc-amhnnao5\nvpn\x00GwId: x\n", 2, 4),
    (b"\x00", 1, 1),
    # a PNG header: the first NUL is on the third line ("\r\n" and "\n" before it)
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 3, 1),
    (b"vpnConnName: \xc3\xa9\x00\n", 1, 15),          # columns count characters, not bytes
    (b"vpcId: x\rvpnConnName: y\x00\r", 2, 15),        # CR alone ends a line, as in the readers
    (b"\xef\xbb\xbfvpcId: x\x00", 1, 9),                 # the UTF-8 BOM takes no column
], ids=["in-a-key", "only-nul", "png", "after-multibyte", "cr-lines", "after-bom"])
def test_binary_content_is_one_p005_at_the_first_nul(raw, line, column):
    d = only(lint_one(raw))
    assert (d.code, d.line, d.column) == ("P005", line, column)
    assert "NUL" in d.message


@pytest.mark.parametrize("raw, line, column", [
    (b"vpcId: vpc-amhnnao5\nvpnConnName: caf\xe9\n", 2, 17),          # Latin-1
    (b"vpnConnName: \x80abc\n", 1, 14),                                # lone continuation byte
    (b"vpnConnName: abc\xe2\x82", 1, 17),                               # cut off at the end
    (b"vpnConnName: \xc0\xaf\n", 1, 14),                               # overlong '/'
    (b"vpnConnName: \xed\xa0\x80\n", 1, 14),                           # an encoded surrogate
    (b"vpnConnName: \xc3\xa9\xc3\xa9\xff\n", 1, 16),                   # columns count characters
], ids=["latin1", "continuation", "truncated", "overlong", "surrogate", "after-multibyte"])
def test_invalid_utf8_is_one_p005_at_the_byte(raw, line, column):
    d = only(lint_one(raw))
    assert (d.code, d.line, d.column) == ("P005", line, column)
    assert "not valid UTF-8" in d.message


@pytest.mark.parametrize("encoding, name", [
    ("utf-16", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32"), ("utf-32-be", "UTF-32"),
])
def test_utf16_or_utf32_with_bom_is_one_p005_naming_the_encoding(encoding, name):
    text = "\ufeff" + BASE.decode("utf-8") if encoding.endswith("-be") else BASE.decode("utf-8")
    d = only(lint_one(text.encode(encoding)))
    assert (d.code, d.line, d.column) == ("P005", 1, 1)
    assert name in d.message


def test_utf16_without_bom_is_binary():
    d = only(lint_one("vpcId: vpc-amhnnao5\n".encode("utf-16-le")))
    assert (d.code, d.line, d.column) == ("P005", 1, 2)


@pytest.mark.parametrize("path", ["t.vpn.yaml", "t.vpn.json"])
def test_utf8_bom_is_accepted_and_columns_do_not_count_it(path):
    if path.endswith(".json"):
        raw = json.dumps(dict(base_spec(), IKESet=dict(base_spec()["IKESet"], dhGroupName="group1")),
                         indent=2).encode()
    else:
        raw = BASE.replace(b"dhGroupName: group14", b"dhGroupName: group1")
    plain = [(d.code, d.line, d.column, d.end_column) for d in lint_one(raw, path).diagnostics]
    with_bom = [(d.code, d.line, d.column, d.end_column)
                for d in lint_one(b"\xef\xbb\xbf" + raw, path).diagnostics]
    assert "S007" in [code for code, *_ in plain]  # the weak DH group: something to place
    assert with_bom == plain


# -- size ----------------------------------------------------------------------------------------

def _padded(size: int) -> bytes:
    """The clean base spec padded with a comment to exactly ``size`` bytes."""
    head = BASE + b"# "
    return head + b"x" * (size - len(head) - 1) + b"\n"


def test_a_file_at_the_limit_is_read_and_one_byte_more_is_p006():
    at_limit = _padded(MIB)
    assert len(at_limit) == MIB
    assert "P006" not in [d.code for d in lint_one(at_limit).diagnostics]
    d = only(lint_one(_padded(MIB + 1)))
    assert (d.code, d.line, d.column) == ("P006", 1, 1)
    assert "1,048,577 bytes" in d.message and "1,048,576" in d.message


@pytest.mark.parametrize("expected", [None, 0, 1, 7, 100, 10_000])
def test_a_file_is_read_up_to_the_limit_whatever_size_it_said_it_had(tmp_path, expected):
    # engine._read_at_most reads the size fstat gave, plus one; a file that grew
    # since (or a /proc file that says 0) is read on to the limit, as a pipe is
    from vpnlint.engine import _read_at_most

    data = bytes(range(256)) * 40  # 10,240 bytes
    path = tmp_path / "f"
    path.write_bytes(data)
    for limit in (1, 100, 10_240, 10_241, 50_000):
        fd = os.open(path, os.O_RDONLY)
        try:
            assert _read_at_most(fd, limit, expected) == data[:limit]
        finally:
            os.close(fd)
    read_end, write_end = os.pipe()
    writer = threading.Thread(target=lambda: [os.write(write_end, data[i:i + 3000]) for i in range(0, len(data), 3000)]
                              and os.close(write_end))
    writer.start()
    try:
        assert _read_at_most(read_end, 50_000, expected) == data
    finally:
        writer.join()
        os.close(read_end)


def test_a_sparse_2_gib_file_is_p006_without_reading_it(tmp_path):
    path = tmp_path / "huge.vpn.yaml"
    with open(path, "wb") as handle:
        handle.truncate(2 * 1024 ** 3)  # sparse: no data written
    eng = engine()
    result, peak = peak_memory(lambda: eng.check_file(str(path)))
    d = only(assemble([result], eng))
    assert (d.code, d.line, d.column) == ("P006", 1, 1)
    assert "2,147,483,648 bytes" in d.message
    # at most the limit (1 MiB) is read, never the 2 GiB
    assert peak < 8 * MIB, f"peak {peak:,} bytes"


def test_the_cli_reports_a_huge_file_and_exits_1(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open("huge.vpn.json", "wb") as handle:
        handle.truncate(2 * 1024 ** 3)
    result = cli(["check", "--format", "concise", "huge.vpn.json"])
    assert result.exit_code == 1
    assert concise_lines(result) == [
        "huge.vpn.json:1:1: P006 file is 2,147,483,648 bytes, over the limit of 1,048,576"]


# -- many connections ----------------------------------------------------------------------------

N_CONNECTIONS = 10_000


def _connection(i: int) -> dict:
    """Connection ``i``: its own VPC, gateways, name, key reference and selectors,
    so the across-spec rules have nothing to say; every 1000th (i % 1000 == 7) uses DES."""
    return {
        "vpcId": f"vpc-{i:08d}", "vpnGwId": f"vpngw-{i:08d}", "userGwId": f"cgw-{i:08d}",
        "vpnConnName": f"conn-{i}", "preSharedKey": f"${{VPN_PSK_{i}}}",
        "spdAcl": json.dumps({f"10.{i // 256}.{i % 256}.0/24": ["192.168.0.0/24"]}),
        "IKESet": {"propoEncryAlgorithm": "des-cbc" if i % 1000 == 7 else "aes-cbc-256",
                   "propoAuthenAlgorithm": "sha", "exchangeMode": "main",
                   "remoteAddress": f"203.0.113.{i % 250 + 1}", "dhGroupName": "group14",
                   "ikeSaLifetimeSeconds": 28800, "encryptAlgorithm": "aes-cbc-256"},
        "IPsecSet": {"integrityAlgorith": "sha", "ipsecSaLifetimeSeconds": 3600, "pfsDhGroup": "dh-group14"},
    }


def _yaml_item(connection: dict) -> str:
    lines = []
    for key, value in connection.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {k}: {v}" for k, v in value.items())
        else:
            lines.append(f"{key}: {json.dumps(value) if key == 'spdAcl' else value}")
    return "- " + "\n  ".join(lines) + "\n"


@pytest.mark.parametrize("path", ["many.vpn.yaml", "many.vpn.json"])
def test_ten_thousand_connections_in_one_file_are_all_checked(path):
    connections = [_connection(i) for i in range(N_CONNECTIONS)]
    if path.endswith(".json"):
        raw = json.dumps(connections, indent=1).encode()
    else:  # by hand: PyYAML's pure-Python emitter would take longer than the check
        raw = "".join(_yaml_item(c) for c in connections).encode()
    # ~5 MB: over the default 1 MiB, so the limit is raised as max-file-size would
    assert len(raw) > MIB
    report = lint_one(raw, path, limits=Limits(max_file_size=16 * MIB))

    assert report.documents == 1
    by_code: dict[str, list[Diagnostic]] = {}
    for d in report.diagnostics:
        by_code.setdefault(d.code, []).append(d)
    assert sorted(by_code) == ["S001", "S005"]
    # SHA-1 in both phases of every connection: proof that each one was checked
    assert {d.pointer for d in by_code["S005"]} == (
        {f"/{i}/IKESet/propoAuthenAlgorithm" for i in range(N_CONNECTIONS)}
        | {f"/{i}/IPsecSet/integrityAlgorith" for i in range(N_CONNECTIONS)})
    assert len(by_code["S005"]) == 2 * N_CONNECTIONS
    # DES exactly where it was written, on the line that says so
    des = sorted(by_code["S001"], key=lambda d: d.line)
    assert [d.pointer for d in des] == [f"/{i}/IKESet/propoEncryAlgorithm" for i in range(7, N_CONNECTIONS, 1000)]
    lines = raw.decode().splitlines()
    assert all("des-cbc" in lines[d.line - 1][d.column - 1:d.end_column - 1] for d in des)

    # sane output: one line a diagnostic, a parseable report with every one in it
    concise = formats.get("concise").render(report).splitlines()
    assert len(concise) == len(report.diagnostics) == 2 * N_CONNECTIONS + 10
    document = json.loads(formats.get("json").render(report))
    assert len(document["diagnostics"]) == len(report.diagnostics)
    assert document["summary"]["errors"] == 10


def test_thousands_of_connections_on_one_gateway_are_compared_without_comparing_every_pair():
    """X005 looks for overlapping VPC sides among the connections of a gateway:
    3,000 of them in files of 500 (each file under the size limit), connection 0
    holding 10.0.0.0/8 and every other a /24 inside it, and the last 100 also
    connection 1's /24.  Before the overlap index this took over half a minute."""
    def connection(i: int) -> dict:
        c = _connection(i) | {"vpnGwId": "vpngw-dystbrkv"}
        vpc = ["10.0.0.0/8"] if i == 0 else [f"10.{i // 256}.{i % 256}.0/24"] + (["10.0.1.0/24"] if i >= 2900 else [])
        c["spdAcl"] = json.dumps({cidr: ["192.168.0.0/24"] for cidr in vpc})
        return c

    files = {f"gw/part-{n}.vpn.json": json.dumps([connection(i) for i in range(n * 500, n * 500 + 500)]).encode()
             for n in range(6)}
    assert all(len(raw) < MIB for raw in files.values())
    report = lint_bytes(files)
    x005 = [d for d in report.diagnostics if d.code == "X005"]
    assert len(x005) == 2999  # every connection but the first, once
    assert all("gw/part-0.vpn.json:" in d.message and "'10.0.0.0/8'" in d.message for d in x005)
    # the last hundred overlap connection 1 and each other as well: counted, not listed
    # (connection 2900 clashes with 0 and 1, 2901 with 0, 1 and 2900, ...)
    more = sorted(int(m.group(1)) for d in x005 if (m := re.search(r"and those of (\d+) more connection", d.message)))
    assert more == list(range(1, 101))


def test_a_list_of_five_thousand_peer_cidrs_is_checked_for_overlaps():
    blocks = [f"10.{i // 250}.{i % 250}.0/24" for i in range(5000)] + ["10.0.0.0/8"]
    raw = BASE.replace(b"spdAcl: '{\"10.0.0.0/24\": [\"192.168.10.0/24\"]}'",
                       b"userGwCidrBlock: " + json.dumps(blocks).encode())
    report = lint_one(raw)
    (n002,) = [d for d in report.diagnostics if d.code == "N002"]  # the /8 contains all 5,000
    assert n002.pointer == "/userGwCidrBlock/5000"


# -- long lines ------------------------------------------------------------------------------------

MEGA = 1_000_000


def _snippet_and_carets(text_output: str, code: str) -> tuple[str, str]:
    """The source line and the caret line of the first ``code`` block of text output."""
    lines = text_output.splitlines()
    start = next(i for i, line in enumerate(lines) if f" {code} [" in line)
    source, carets = lines[start + 2], lines[start + 3]
    return source.split(" | ", 1)[1], carets.split(" | ", 1)[1]


def test_a_one_megabyte_value_gets_one_short_diagnostic_and_a_cut_snippet():
    raw = BASE.replace(b"vpnConnName: hq-to-office", b"vpnConnName: " + b"n" * MEGA)
    report = lint_one(raw)
    (d,) = [d for d in report.diagnostics if d.code == "A005"]
    assert (d.line, d.column, d.end_column) == (6, 14, 14 + MEGA)
    assert len(d.message) < 200
    out = render_all(report)
    longest = max(len(line) for line in out["text"].splitlines())
    assert longest < 300, f"a text line of {longest:,} characters"
    source, carets = _snippet_and_carets(out["text"], "A005")
    assert source.startswith("vpnConnName: nnn") and source.endswith("...")
    assert carets.index("^") == source.index("n" * 10)  # under the value's first character


@pytest.mark.parametrize("field, line", [(b"  propoEncryAlgorithm: ", 10), (b"vpcId: ", 3)])
def test_a_rule_quoting_a_megabyte_value_gives_a_message_of_bounded_length(field, line):
    """A003 and A015 quote the value they reject; a 1 MB value is cut in the middle,
    its start and end kept and the rest counted, in every format."""
    def quoting(value: bytes) -> tuple[Diagnostic, Report]:
        start = BASE.index(field) + len(field)
        report = lint_one(BASE[:start] + value + BASE[BASE.index(b"\n", start):])
        (d,) = [d for d in report.diagnostics if d.line == line and d.code in ("A003", "A015")]
        return d, report

    short, short_report = quoting(b"vvvv")
    whole = short.message.replace("'vvvv'", "'" + "v" * MEGA + "'")
    assert len(whole) == len(short.message) + MEGA - 4
    d, report = quoting(b"v" * MEGA)
    assert d.message == f"{whole[:600]}...[{len(whole) - 900:,} characters left out]...{whole[-300:]}"
    shorter = render_all(short_report)
    for name, text in render_all(report).items():  # the message, a snippet cut to a window
        assert len(text) < len(shorter[name]) + 5_000, f"{name}: {len(text):,} characters"


def test_a_one_line_json_file_of_a_megabyte_places_carets_in_the_window():
    raw = (b'{"vpnConnName": "' + b"n" * MEGA + b'", "vpcId": "vpc-bad!", '
           b'"IKESet": {"propoEncryAlgorithm": "des-cbc"}}')
    report = lint_one(raw, "t.vpn.json")
    (bad_id,) = [d for d in report.diagnostics if d.code == "A015"]
    assert (bad_id.line, bad_id.column) == (1, raw.index(b'"vpc-bad!"') + 1)
    out = render_all(report)
    assert max(len(line) for line in out["text"].splitlines()) < 300
    source, carets = _snippet_and_carets(out["text"], "A015")
    assert source.startswith("...")
    start = source.index('"vpc-bad!"')
    assert carets.index("^") == start and carets.count("^") == len('"vpc-bad!"')
    source, carets = _snippet_and_carets(out["text"], "S001")
    assert carets.index("^") == source.index('"des-cbc"')


@pytest.mark.parametrize("line", [b"a b " * (MEGA // 4), b"a" * MEGA, b" " * MEGA + b"x", b'"' * MEGA])
def test_a_one_megabyte_line_is_read_by_the_masker_in_linear_time(line):
    """The masker looks for key names on every line of a file it shows; a quadratic
    pattern took 48 s on 30 KB of 'a b a b' (there is no timer here: a regression
    shows as a suite that does not finish)."""
    raw = b"vpnConnName: hq\n" + line + b"\npreSharedKye: Zq7hunter2hunter2\n: broken\n"
    report = lint_one(raw)
    assert any(d.code == "P001" for d in report.diagnostics)
    for text in render_all(report).values():
        assert "Zq7hunter2" not in text


def test_an_spdacl_of_a_number_too_long_for_python_is_one_a008():
    raw = BASE.replace(b"spdAcl: '{\"10.0.0.0/24\": [\"192.168.10.0/24\"]}'", b"spdAcl: '" + b"1" * 5000 + b"'")
    (d,) = [d for d in lint_one(raw).diagnostics if d.pointer == "/spdAcl"]
    assert d.code == "A008" and "a number too long to read" in d.message


def test_a_one_megabyte_comment_line_changes_nothing():
    raw = b"# " + b"c" * MEGA + b"\n" + BASE
    shifted = [(d.code, d.line - 1, d.column) for d in lint_one(raw).diagnostics]
    assert shifted == [(d.code, d.line, d.column) for d in lint_one(BASE).diagnostics]


# -- nesting -----------------------------------------------------------------------------------------

DEPTH = 20_000


@pytest.mark.parametrize("path, raw, column", [
    ("t.vpn.yaml", b"[" * DEPTH + b"]" * DEPTH, 65),                      # the 65th '['
    ("t.vpn.yaml", b"{a: " * DEPTH + b"1" + b"}" * DEPTH, 4 * 64 + 1),
    ("t.vpn.yaml", b"- " * DEPTH + b"x\n", 2 * 64 + 1),                   # block sequence in one line
    ("t.vpn.yaml", b"vpcId: " + b"[" * DEPTH, 7 + 64),                      # never closed (the mapping is a level)
    ("t.vpn.json", b"[" * DEPTH + b"]" * DEPTH, 65),
    ("t.vpn.json", b'{"a":' * DEPTH + b"1" + b"}" * DEPTH, 5 * 64 + 1),
    ("t.vpn.json", b"[" * DEPTH, 65),
], ids=["yaml-flow-seq", "yaml-flow-map", "yaml-block", "yaml-unclosed", "json-arrays",
        "json-objects", "json-unclosed"])
def test_deep_nesting_is_one_p007_where_the_limit_is_passed(path, raw, column):
    d = only(lint_one(raw, path))
    assert (d.code, d.line, d.column) == ("P007", 1, column)
    assert "64" in d.message


@pytest.mark.parametrize("opener, closer", [(b"[", b"]"), (b"{a: ", b"}")])
def test_yaml_reading_stops_at_the_nesting_limit(opener, closer):
    # libyaml's work per token grows with the flow depth: the reader must stop
    # at the limit, so the broken document after the deep one is never parsed
    raw = opener * DEPTH + b"1" * (opener == b"{a: ") + closer * DEPTH + b"\n--- {broken\n"
    d = only(lint_one(raw))
    assert d.code == "P007" and d.message.endswith("the rest of the file is not read")


def test_deep_nesting_inside_a_skipped_document_is_still_bounded():
    # the document is given up at its complex key; the nesting after it must not
    # be parsed to the end either (libyaml's cost grows with the depth)
    raw = b"? [a]\n: " + b"[" * DEPTH + b"]" * DEPTH + b"\n"
    report = lint_one(raw)
    assert [d.code for d in report.diagnostics] == ["P009", "P007"]


# -- aliases -----------------------------------------------------------------------------------------

BILLION_LAUGHS = b"""\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_one_p008_in_bounded_memory():
    report, peak = peak_memory(lambda: lint_one(BILLION_LAUGHS))
    d = only(report)
    assert d.code == "P008"
    assert 1 <= d.line <= BILLION_LAUGHS.count(b"\n")
    # the budget stops it at 100,000 nodes: a few MB of source map, not 10^9 nodes
    assert peak < 64 * MIB, f"peak {peak:,} bytes"


def test_one_big_anchor_aliased_many_times_is_one_p008():
    items = ",".join(["x"] * 60_000)
    raw = (f"a: &big [{items}]\n" + "".join(f"k{i}: *big\n" for i in range(100))).encode()
    d = only(lint_one(raw))
    assert (d.code, d.line) == ("P008", 3)  # the second alias passes the 100,000-node budget


def test_alias_bombs_in_later_documents_are_reported_in_each():
    raw = BILLION_LAUGHS + b"---\n" + BILLION_LAUGHS
    report = lint_one(raw)
    assert [(d.code, d.document) for d in report.diagnostics] == [("P008", 0), ("P008", 1)]


def test_anchors_shared_by_500_connections_are_no_alias_bomb():
    connections = []
    for i in range(500):
        head = (f"- vpcId: vpc-{i:08d}\n  vpnGwId: vpngw-{i:08d}\n  userGwId: cgw-{i:08d}\n"
                f"  vpnConnName: conn-{i}\n  preSharedKey: ${{VPN_PSK_{i}}}\n"
                f"  spdAcl: '{{\"10.{i // 256}.{i % 256}.0/24\": [\"192.168.0.0/24\"]}}'\n")
        if i == 0:
            connections.append(head + "  IKESet: &ike\n    propoEncryAlgorithm: des-cbc\n"
                               "    propoAuthenAlgorithm: sha\n    exchangeMode: main\n"
                               "    remoteAddress: 203.0.113.10\n    dhGroupName: group14\n"
                               "    encryptAlgorithm: aes-cbc-256\n"
                               "  IPsecSet: &ipsec\n    integrityAlgorith: sha\n    pfsDhGroup: dh-group14\n")
        else:
            connections.append(head + "  IKESet: *ike\n  IPsecSet: *ipsec\n")
    raw = "".join(connections).encode()
    report = lint_one(raw)
    codes = {d.code for d in report.diagnostics}
    assert "P008" not in codes and codes == {"S001", "S005"}
    des = [d for d in report.diagnostics if d.code == "S001"]
    # every connection's IKESet is checked, and shown where the anchor's value is written
    assert sorted(d.pointer for d in des) == sorted(f"/{i}/IKESet/propoEncryAlgorithm" for i in range(500))
    assert {(d.line, d.column) for d in des} == {(8, 26)}


# -- paths: loops, unreadable, vanishing, FIFOs --------------------------------------------------------

def _write_base(path: Path) -> Path:
    path.write_bytes(BASE)
    return path


def test_a_directory_with_symlink_loops_is_walked_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs" / "sub").mkdir(parents=True)
    _write_base(tmp_path / "specs" / "sub" / "ok.vpn.yaml")
    os.symlink("..", tmp_path / "specs" / "sub" / "up")             # a loop through the parent
    os.symlink("../sub", tmp_path / "specs" / "sub" / "self")       # a loop to itself
    os.symlink(str(tmp_path / "specs"), tmp_path / "specs" / "sub" / "abs")
    result = cli(["check", "--format", "concise", "specs"])
    assert result.exit_code == 0
    # the two S005 infos of the one real file, once each
    assert [line.split(":")[0] for line in concise_lines(result)] == ["specs/sub/ok.vpn.yaml"] * 2


def test_a_symlink_to_itself_is_unreadable_p011(tmp_path, monkeypatch):
    # works as root too (chmod 000 does not stop root from reading)
    monkeypatch.chdir(tmp_path)
    os.symlink("loop.vpn.yaml", "loop.vpn.yaml")
    for args in (["loop.vpn.yaml"], ["."]):  # named, and found in a folder
        result = cli(["check", "--format", "concise", *args])
        assert result.exit_code == 1
        (line,) = concise_lines(result)
        assert line.startswith("loop.vpn.yaml:1:1: P011 cannot read the file: ")
        assert "symbolic links" in line


def test_a_permission_error_is_p011(tmp_path, monkeypatch):
    # tests run as root in CI, where chmod 000 changes nothing: make open() refuse
    locked = _write_base(tmp_path / "locked.vpn.yaml")
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    eng = engine()
    d = only(assemble([eng.check_file(str(locked))], eng))
    assert (d.code, d.line, d.column, d.message) == ("P011", 1, 1, "cannot read the file: Permission denied")


def test_a_path_that_vanishes_after_discovery_is_p011(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write_base(tmp_path / "a.vpn.yaml")
    _write_base(tmp_path / "b.vpn.yaml")
    _write_base(tmp_path / "c.vpn.yaml")
    listed = discovery.Discovery.files

    def files_then_vanish(self, paths):
        found = listed(self, paths)
        os.remove("b.vpn.yaml")                 # deleted between listing and reading
        os.remove("c.vpn.yaml")
        os.mkdir("c.vpn.yaml")                  # ... or replaced by a folder
        return found

    monkeypatch.setattr(discovery.Discovery, "files", files_then_vanish)
    result = cli(["check", "--format", "concise", "."])
    assert result.exit_code == 1
    lines = concise_lines(result)
    assert [line.split(":")[0] for line in lines] == ["a.vpn.yaml", "a.vpn.yaml", "b.vpn.yaml", "c.vpn.yaml"]
    assert lines[2] == "b.vpn.yaml:1:1: P011 cannot read the file: No such file or directory"
    assert lines[3] == "c.vpn.yaml:1:1: P011 cannot read the file: Is a directory"


def _watchdog(fifo: Path) -> threading.Timer:
    """If vpnlint blocks opening ``fifo``, feed it a spec after 10 s so the test fails, not hangs."""
    def unblock():
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # ENXIO when nobody reads: fine
        except OSError:
            return
        os.write(fd, b"vpcId: hung-waiting-for-a-writer\n")
        os.close(fd)

    timer = threading.Timer(10, unblock)
    timer.daemon = True
    timer.start()
    return timer


def test_a_fifo_named_on_the_command_line_reads_as_empty(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkfifo("pipe.vpn.yaml")
    timer = _watchdog(tmp_path / "pipe.vpn.yaml")
    try:
        result = cli(["check", "--format", "concise", "pipe.vpn.yaml"])
    finally:
        timer.cancel()
    assert result.exit_code == 1
    assert concise_lines(result) == ["pipe.vpn.yaml:1:1: P004 file is empty: it holds no connection spec"]


def test_a_fifo_in_a_searched_folder_is_skipped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkfifo("pipe.vpn.yaml")
    os.mkdir("folder.vpn.yaml")                 # a folder with a spec's name is searched, not read
    _write_base(tmp_path / "folder.vpn.yaml" / "inner.vpn.yaml")
    timer = _watchdog(tmp_path / "pipe.vpn.yaml")
    try:
        result = cli(["check", "--format", "concise", "."])
    finally:
        timer.cancel()
    assert result.exit_code == 0
    assert [line.split(":")[0] for line in concise_lines(result)] == ["folder.vpn.yaml/inner.vpn.yaml"] * 2


def test_a_file_name_that_is_not_utf8_is_printed_escaped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open(b"caf\xe9.vpn.yaml", "wb") as handle:   # Latin-1 bytes in the name
        handle.write(BASE.replace(b"aes-cbc-256\n  propoAuthenAlgorithm", b"des-cbc\n  propoAuthenAlgorithm"))
    result = cli(["check", "--format", "json", "."])
    assert result.exit_code == 1
    paths = {d["path"] for d in json.loads(result.stdout)["diagnostics"]}
    assert paths == {"caf\udce9.vpn.yaml"}  # \udce9 in the JSON text: the byte, escaped
    sarif = cli(["check", "--format", "sarif", "."])
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(sarif.stdout)["runs"][0]["results"]}
    assert uris == {"caf%E9.vpn.yaml"}


# -- the command line --------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["check", "no-such.vpn.yaml"],
    ["check", "examples-that-are-not-there/"],
])
def test_a_missing_path_exits_2_with_a_message(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    _write_base(tmp_path / "real.vpn.yaml")
    for paths in (args, args + ["real.vpn.yaml"]):
        result = cli(paths)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"vpnlint: error: path not found: {args[1]}")
        assert result.stdout == ""


@pytest.mark.parametrize("args, message", [
    (["check", "--bogus"], "No such option '--bogus'"),
    (["check", "--format", "yaml"], "Invalid value for '--format'"),
    (["check", "--fail-on", "sometimes"], "Invalid value for '--fail-on'"),
    (["check", "--select", "Z999"], "'Z999' matches no rule code"),
    (["check", "--ignore", "A0000"], "'A0000' matches no rule code"),
    (["explain", "Q123"], "no rule 'Q123'"),
    (["rules", "--format", "xml"], "Invalid value for '--format'"),
    (["lint"], "No such command 'lint'"),
])
def test_a_bad_option_exits_2_with_a_message(args, message):
    result = cli(args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


# -- broken syntax, wrong types, tags, control characters ----------------------------------------

@pytest.mark.parametrize("path, raw, line, column", [
    ("t.vpn.yaml", b"vpcId: vpc-amhnnao5\nIKESet: {dhGroupName: group14\n", 3, 1),
    ("t.vpn.yaml", b"vpcId: vpc-amhnnao5\n  vpnGwId: vpngw-dystbrkv\n", 2, 10),
    ("t.vpn.yaml", b"vpcId: vpc-amhnnao5\nIKESet:\n\tdhGroupName: group14\n", 3, 1),
    ("t.vpn.yaml", b"vpnConnName: 'unterminated\n", 2, 1),
    ("t.vpn.yaml", b"vpcId: *nowhere\n", 1, 8),
    ("t.vpn.yaml", b"- a\nb: c\n", 2, 1),
    ("t.vpn.json", b'{"vpcId": "vpc-amhnnao5",}', 1, 26),
    ("t.vpn.json", b'{"vpcId" "vpc-amhnnao5"}', 1, 10),
    ("t.vpn.json", b'{"vpcId": "vpc-amhnnao5"', 1, 25),
    ("t.vpn.json", b"{'vpcId': 'vpc-amhnnao5'}", 1, 2),
    ("t.vpn.json", b'{"vpcId": "vpc-amhnnao5"} {}', 1, 27),
    ("t.vpn.json", b'[1, 2,, 3]', 1, 7),
])
def test_broken_yaml_or_json_is_one_p001_where_the_parser_stopped(path, raw, line, column):
    d = only(lint_one(raw, path))
    assert (d.code, d.line, d.column) == ("P001", line, column)


@pytest.mark.parametrize("raw, span", [
    (b"", (1, 1, 1, 1)),                                   # an empty file has one empty line
    (b"vpcId: null\nu", (2, 2, 2, 2)),                     # libyaml marks line 3 of 2
    (b"vpnConnName: 'unterminated\n", (2, 1, 2, 1)),
])
def test_positions_at_the_end_of_the_file_stay_inside_it(raw, span):
    d = only(lint_one(raw))
    assert (d.line, d.column, d.end_line, d.end_column) == span


def test_the_key_aliased_into_other_fields_is_never_printed():
    psk = "Zq7Hw2pLm9Xv"
    raw = BASE.replace(b"preSharedKey: ${VPN_PSK_HQ}\n", b"").replace(
        b"vpcId: vpc-amhnnao5", b"preSharedKey: &key " + psk.encode() + b"\nvpcId: *key").replace(
        b"dhGroupName: group14", b"dhGroupName: *key") + b"*key : 1\n"
    report = lint_one(raw)
    assert {"A003", "A006", "A015"} <= {d.code for d in report.diagnostics}  # each would quote it
    for name, text in render_all(report).items():
        assert psk not in text, name
    assert "'<pre-shared key>' is not a VPC ID" in formats.get("concise").render(report)


def test_a_repeated_query_parameter_keeps_the_request_span_in_order():
    # the later vpcId replaces the first: the request's span must still start before it ends
    report = lint_one(b"vpcId=vpc-amhnnao5&x=1&vpcId=vpc-e098slul\n", "request.txt")
    assert [d.code for d in report.diagnostics if d.code.startswith("P")] == ["P002"]
    whole = [d for d in report.diagnostics if d.pointer in ("/vpnGwId", "/userGwId", "/vpnConnName")]
    assert whole and all(d.line == d.end_line == 1 and d.column < d.end_column for d in whole)


def _fields() -> dict[str, str]:
    """Every field of the spec (pointer -> JSON type), sections included."""
    out = {}
    for name, schema in spec.connection_schema()["properties"].items():
        out["/" + name] = schema.get("type")
        if name in spec.SECTIONS:
            for field, sub in spec.section_schema(name)["properties"].items():
                out[f"/{name}/{field}"] = sub.get("type")
    return out


WRONG = {"list": ["a", 1], "mapping": {"a": 1}, "int": 7, "null": None, "bool": True, "float": 1.5}
JSON_TYPES = {"list": "array", "mapping": "object", "int": "integer", "null": "null", "bool": "boolean",
              "float": "number"}


@pytest.mark.parametrize("kind", list(WRONG))
@pytest.mark.parametrize("path", ["t.vpn.yaml", "t.vpn.json"])
def test_every_field_of_a_wrong_type_is_one_a002_each(kind, path):
    fields = _fields()
    connection: dict = {}
    for pointer in fields:
        parts = pointer.strip("/").split("/")
        if len(parts) == 2:
            connection.setdefault(parts[0], {})[parts[1]] = WRONG[kind]
        elif parts[0] not in spec.SECTIONS:
            connection[parts[0]] = WRONG[kind]
    raw = (json.dumps(connection) if path.endswith(".json") else yaml.safe_dump(connection)).encode()
    report = lint_one(raw, path)
    render_all(report)
    a002 = [d.pointer for d in report.diagnostics if d.code == "A002"]
    expected = [pointer for pointer, kind_ in fields.items()
                if kind_ != JSON_TYPES[kind] and not (kind_ == "number" and kind in ("int", "float"))
                and pointer.strip("/") not in spec.SECTIONS]
    if kind == "list":  # a list is the right type for userGwCidrBlock; its item 1 is not a string
        expected = [p for p in expected if p != "/userGwCidrBlock"] + ["/userGwCidrBlock/1"]
    assert sorted(a002) == sorted(expected)


@pytest.mark.parametrize("kind", [kind for kind in WRONG if kind != "mapping"])
def test_sections_of_a_wrong_type_are_one_a002_each(kind):
    connection = dict(base_spec(), IKESet=WRONG[kind], IPsecSet=WRONG[kind])
    report = lint_one(json.dumps(connection).encode(), "t.vpn.json")
    assert sorted(d.pointer for d in report.diagnostics if d.code == "A002") == ["/IKESet", "/IPsecSet"]


@pytest.mark.parametrize("path, raw, code, line, column", [
    # past Python's int(str) bound: json's own parser raises ValueError here
    ("t.vpn.json", b'{"IKESet": {"ikeSaLifetimeSeconds": ' + b"9" * 5000 + b"}}", "P001", 1, 37),
    ("t.vpn.json", b"[" + b"1" * MEGA + b"]", "P001", 1, 2),
    # YAML 1.1 base-60 numbers: a float past float's range, an int that converts in quadratic time
    ("t.vpn.yaml", b"IKESet: {ikeSaLifetimeSeconds: 1" + b":59" * 200 + b".5}\n", "P009", 1, 32),
    ("t.vpn.yaml", b"vpcId: 1" + b":1" * 400_000 + b"\n", "P009", 1, 8),
    ("t.vpn.yaml", b"vpcId: " + b"9" * 5000 + b"\n", "P009", 1, 8),
], ids=["json-5000-digits", "json-million-digits", "yaml-base60-float", "yaml-base60-int", "yaml-5000-digits"])
def test_numbers_too_big_to_read_are_one_input_diagnostic(path, raw, code, line, column):
    report = lint_one(raw, path)
    found = [(d.code, d.line, d.column) for d in report.diagnostics if d.code.startswith("P")]
    assert found == [(code, line, column)]
    render_all(report)


@pytest.mark.parametrize("tagged", [
    "vpcId: !!python/object/apply:os.mkdir [{marker}]",
    "!!python/object/apply:os.mkdir [{marker}]",
    "vpcId: !!python/object/new:os.mkdir {{args: [{marker}]}}",
    "--- !!python/object:os.mkdir {{path: {marker}}}",
    "vpcId: !!python/name:os.mkdir",
    "vpcId: !!python/module:os",
    "vpcId: !Ref {marker}",
])
def test_custom_tags_are_never_constructed_and_are_p009(tmp_path, tagged):
    marker = tmp_path / "created-by-yaml"
    raw = (tagged.format(marker=json.dumps(str(marker))) + "\n").encode()
    report = lint_one(raw)
    assert not marker.exists()
    p009 = [d for d in report.diagnostics if d.code == "P009"]
    assert len(p009) == 1 and "is not supported" in p009[0].message
    tag_column = raw.index(b"!") + 1
    assert (p009[0].line, p009[0].column) == (1, tag_column)


@pytest.mark.parametrize("path, raw, line, column", [
    ("t.vpn.yaml", b"vpcId: vpc-amhnnao5\nvpnConnName: a\x07b\n", 2, 15),      # BEL
    ("t.vpn.yaml", b"vpnConnName: \x1b[31mred\n", 1, 14),                    # ESC
    ("t.vpn.yaml", b"vpnConnName: a\x7fb\n", 1, 15),                          # DEL
    ("t.vpn.json", b'{"vpnConnName": "a\x07b"}', 1, 19),
    ("t.vpn.json", b'{"vpnConnName": "a\x1bb"}', 1, 19),
    ("t.vpn.json", b'{"vpcId": "vpc-\\ud800"}', 1, 16),                       # lone surrogate escape
])
def test_raw_control_characters_are_one_p001_at_the_character(path, raw, line, column):
    d = only(lint_one(raw, path))
    assert (d.code, d.line, d.column) == ("P001", line, column)


def test_escaped_control_characters_in_values_do_not_break_any_format():
    raw = json.dumps(dict(base_spec(), vpnConnName="a\u0000b\u0007c\u001b[31md\u0085e\u2028f",
                          vpcId="vpc-\u0000\u001b")).encode()
    report = lint_one(raw, "t.vpn.json")
    assert "A015" in [d.code for d in report.diagnostics]  # the ID that is not an ID
    out = render_all(report)
    import xml.etree.ElementTree as ET
    ET.fromstring(out["junit"].split("\n", 1)[1])
    for line in out["github"].splitlines():
        assert line.startswith("::")  # no control character split an annotation


# -- a misspelt key name still hides the key ---------------------------------------------------------

TYPO_SECRET = "Zq7hunter2hunter2"


@pytest.mark.parametrize("name", ["preSharedKye", "preShareKey", "pre-shared-key", "PreSharedKeys", "psk",
                                  "IKESet.preSharedKye"])
@pytest.mark.parametrize("path, template", [
    ("t.vpn.yaml", "vpcId: vpc-amhnnao5\n{name}: {secret}\n"),
    ("t.vpn.yaml", "vpcId: vpc-amhnnao5\n{name}: {secret}: broken\n"),          # the parser gives up here
    ("t.vpn.json", '{{"vpcId": "vpc-amhnnao5",\n "{name}": "{secret}" "x": 1}}'),  # and here
    ("request.txt", "vpcId=vpc-amhnnao5&{name}={secret}&IKESet.dhGroupName=group99\n"),
], ids=["yaml", "yaml-broken", "json-broken", "query"])
def test_a_misspelt_key_name_is_masked_in_every_format(name, path, template):
    report = lint_one(template.format(name=name, secret=TYPO_SECRET).encode(), path)
    assert report.diagnostics, "expected something to report (an unknown key or a syntax error)"
    for format_name, text in render_all(report).items():
        assert TYPO_SECRET not in text and TYPO_SECRET[:8] not in text, format_name


@pytest.mark.parametrize("where", ["key", "key in broken YAML", "value", "comment", "address", "spdAcl"])
def test_no_cache_keeps_a_huge_key_or_line_after_its_file(where):
    # the engine shares strings and tuples between files through caches (lines,
    # snippets, pointer layouts, field pointers, the key-name test, the address
    # and spdAcl parsers); what a hostile file holds in megabytes must be gone
    # with its result, or a run of such files would grow without bound
    huge = "k" * (MEGA // 2)
    path, raw = {  # (YAML takes keys of up to 1,024 characters; JSON any)
        "key": ("t.vpn.json", json.dumps({**base_spec(), huge: 1}, indent=1).encode()),
        "key in broken YAML": ("t.vpn.yaml", BASE + f"{huge}: 1\n".encode()),  # P001, then the masker
        "value": ("t.vpn.yaml", BASE.replace(b"vpnConnName: hq-to-office", f"vpnConnName: {huge}".encode())),
        "comment": ("t.vpn.yaml", BASE + f"# {huge}\n".encode()),
        "address": ("t.vpn.yaml", BASE.replace(b"remoteAddress: 203.0.113.10", f"remoteAddress: 1{huge}".encode())),
        "spdAcl": ("t.vpn.yaml", BASE.replace(
            b"""spdAcl: '{"10.0.0.0/24": ["192.168.10.0/24"]}'""",
            ("spdAcl: '{" + ", ".join(f'"10.{i // 250}.{i % 250}.0/24": ["192.168.10.0/24"]'
                                      for i in range(MEGA // 150)) + "}'").encode()))}[where]
    eng = engine()
    eng.check_bytes("warm.vpn.yaml", BASE)  # imports, validators, first cache entries
    eng.check_bytes("warm.vpn.json", json.dumps(base_spec()).encode())
    tracemalloc.start()
    try:
        result = eng.check_bytes(path, raw)
        assert any(huge in p for s in result.summaries for p in s.pointers) or where != "key"
        assert result.diagnostics or where == "comment"
        del result
        eng.check_bytes("next.vpn.yaml", BASE)  # the next file's values take the caches' places
        kept, _ = tracemalloc.get_traced_memory()
        largest = max(trace.size for trace in tracemalloc.take_snapshot().traces)
    finally:
        tracemalloc.stop()
    # the huge text is one block; what it parses to (an spdAcl of 6,600 rules,
    # 400 KB: ~15 MB) many: neither may stay.  The bounded caches may fill up
    # with the file's short values (~1 MB, 1,024 CIDRs and addresses)
    assert largest < MEGA // 8, f"a block of {largest:,} bytes kept after the file's check"
    assert kept < 2 * MEGA, f"{kept:,} bytes kept after the file's check"


def test_a_text_cache_keeps_short_texts_and_the_last_two_long_ones_only_for_the_file():
    from vpnlint.caches import forget_long_texts, text_cache

    calls = []

    @text_cache(maxsize=3, longest=4)
    def measure(text):
        calls.append(text)
        return len(text)

    assert measure("ab") == measure("ab") == 2
    assert measure("long text") == measure("long text") == 9  # asked again at once: kept
    assert measure("other long") == 10 and measure("long text") == 9  # two alternating: both kept
    assert calls == ["ab", "long text", "other long"]
    measure("third long")  # a third: the two before are dropped
    measure("other long")
    assert calls[3:] == ["third long", "other long"]
    measure("ab")  # short texts stay across files; long ones go when the next file's check begins
    forget_long_texts()
    measure("ab")
    measure("other long")
    assert calls[5:] == ["other long"]
    measure("c"), measure("d"), measure("e")  # the fourth short text: the full cache is emptied first
    measure("e")
    measure("ab")
    assert calls[6:] == ["c", "d", "e", "ab"]


def test_remember_empties_a_full_cache_before_adding():
    from vpnlint.caches import remember

    cache: dict[int, str] = {}
    for number in range(10):
        assert remember(cache, number, str(number), 4) == str(number)
        assert len(cache) <= 4 and cache[number] == str(number)
    assert cache == {8: "8", 9: "9"}  # emptied at 4 and at 8


def test_a_key_in_text_a_message_quotes_is_masked_in_every_format():
    # found by the damaged-text property test: '!!' before a request URL makes
    # the whole line a YAML tag, which the unsupported-tag message quotes; the
    # file's data holds no preSharedKey, so only the written 'name=' says it is one
    secret = "Zq7Hw2pLm9XvB4"
    raw = (b"!!https://vpc.api.qcloud.com/v2/index.php?Action=AddVpnConnEx&vpcId=vpc-1&preSharedKey="
           + secret.encode() + b"\n")
    report = lint_one(raw, "request.txt")
    assert any("YAML tag" in d.message for d in report.diagnostics), "the message this test is about"
    for name, text in render_all(report).items():
        assert secret not in text, name


@pytest.mark.parametrize("many", [False, True], ids=["few keys", "many keys"])
@pytest.mark.parametrize("where", ["message", "hint", "pointer", "fix", "nowhere"])
def test_the_scrubber_replaces_a_key_wherever_a_diagnostic_quotes_it(where, many):
    # the engine's last guard: every copy of a file's key in a diagnostic's
    # texts is replaced, and a diagnostic quoting none is passed on as it is
    from vpnlint.engine import SECRET_SHOWN_AS, _Scrubber
    from vpnlint.model import Severity

    key = "Zq7hunter2hunter2"
    others = [f"other-key-{i:03d}" for i in range(40 if many else 2)]
    scrubber = _Scrubber(sorted([key, *others], key=len, reverse=True))
    quoted = f"the value {key} is odd"
    d = Diagnostic(path="t.vpn.yaml", document=0, pointer="/" + key if where == "pointer" else "/vpcId",
                   line=1, column=1, end_line=1, end_column=2, code="A015", name="invalid-resource-id",
                   category="api", severity=Severity.ERROR,
                   message=quoted if where == "message" else "plain",
                   hint=quoted if where == "hint" else None,
                   fix={"replacement": key} if where == "fix" else None)
    scrubbed = scrubber.diagnostic(d)
    texts = json.dumps([scrubbed.message, scrubbed.hint, scrubbed.pointer, scrubbed.fix])
    assert key not in texts
    if where == "nowhere":
        assert scrubbed is d
    else:
        assert SECRET_SHOWN_AS in texts


def test_the_keys_values_are_found_under_any_secret_looking_name_at_any_depth():
    # what the scrubber is given: every value under a key that looks like the
    # pre-shared key, wherever the document holds it (lists of lists, a mapping
    # under the key), longest first; short values, null and booleans are not
    # keys a message could quote
    from vpnlint.document import Document, SourceMap
    from vpnlint.engine import _secret_values

    data = [
        {"vpcId": "vpc-1", "preSharedKey": "top-level-key"},
        [[{"IKESet": {"psk": "deep-in-lists"}}]],
        {"preSharedKye": {"value": ["nested-under-the-key", True, None, "abc"]}},
        {"IKESet.preSharedKey": 12345678, "note": "preSharedKey: not-a-key-name"},
        {"shared_secret": False, "pre shared key": "spaced-name"},
        {"tunnels": [{"psk": "listed-under-a-key"}]},
    ]
    documents = [Document(0, data, SourceMap()), Document(1, {"psk": "second-document"}, SourceMap())]
    found = _secret_values(documents)
    assert sorted(found) == sorted(["top-level-key", "deep-in-lists", "nested-under-the-key",
                                    "12345678", "spaced-name", "listed-under-a-key",
                                    "second-document"])
    assert [len(value) for value in found] == sorted(map(len, found), reverse=True)
