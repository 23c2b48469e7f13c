"""A run for a format that prints no source lines collects none, and places
every diagnostic exactly where a run that collects them does."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lintkit import FIXTURES, engine
from vpnlint import formats
from vpnlint.cli import main
from vpnlint.engine import assemble

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
_PSK_ON_TWO_LINES = (
    "vpcId: vpc-amhnnao5\nvpnGwId: vpngw-dystbrkv\nuserGwId: cgw-e098slul\nvpnConnName: hq\n"
    'preSharedKey: "abc   \n  def"\n'
    "spdAcl: '{\"10.0.0.0/24\": [\"192.168.10.0/24\"]}'\n"
)


def _files() -> dict[str, bytes]:
    paths = sorted(FIXTURES.rglob("*.vpn.*")) + sorted(EXAMPLES.rglob("*.vpn.*"))
    files = {str(path): path.read_bytes() for path in paths}
    files["psk-on-two-lines.vpn.yaml"] = _PSK_ON_TWO_LINES.encode()
    return files


def _run(files: dict[str, bytes], source_lines: bool):
    eng = engine(source_lines=source_lines)
    results = [eng.check_bytes(path, raw) for path, raw in files.items()]
    summaries = [summary for result in results for summary in result.summaries]
    return assemble(results, eng), summaries


def test_without_source_lines_every_diagnostic_is_where_it_was_and_carries_none():
    files = _files()
    shown, shown_summaries = _run(files, True)
    bare, bare_summaries = _run(files, False)
    codes = {d.code for d in shown.diagnostics}
    assert len(shown.diagnostics) > 500 and {"X001", "X005", "A001", "P001"} <= codes
    # as_dict is every field of the json report: all but the snippet
    assert [d.as_dict() for d in bare.diagnostics] == [d.as_dict() for d in shown.diagnostics]
    assert all(d.snippet for d in shown.diagnostics if d.code.startswith("X"))
    assert sum(bool(d.snippet) for d in shown.diagnostics) > 0.9 * len(shown.diagnostics)
    assert not any(d.snippet for d in bare.diagnostics)
    assert all(s.line_texts for s in shown_summaries)
    assert not any(s.line_texts for s in bare_summaries)
    assert [s.spans for s in bare_summaries] == [s.spans for s in shown_summaries]


@pytest.mark.parametrize("source_lines", [True, False])
def test_a_span_over_two_lines_ends_where_its_first_line_ends_as_shown(source_lines):
    """The key's value runs over two lines: its diagnostics end where the
    first line's masked text ends (masking fills the value's trailing blanks)."""
    report, _ = _run({"t.vpn.yaml": _PSK_ON_TWO_LINES.encode()}, source_lines)
    first_line = _PSK_ON_TWO_LINES.splitlines()[4]
    psk = [d for d in report.diagnostics if d.pointer == "/preSharedKey"]
    assert {d.code for d in psk} >= {"S013"}
    assert {(d.line, d.column, d.end_line, d.end_column) for d in psk} == \
        {(5, first_line.index('"') + 1, 5, len(first_line) + 1)}
    assert len(first_line.rstrip()) < len(first_line)  # the raw line's blanks are not what is measured


def test_only_the_text_format_asks_for_source_lines():
    asking = {name for name in formats.names() if getattr(formats.get(name), "SOURCE_LINES", True)}
    assert asking == {"text"}


def test_the_cli_places_diagnostics_alike_in_text_and_json(tmp_path):
    """Run by the CLI, the json report (no source lines collected) and the
    text one (collected and shown) put every diagnostic at the same place."""
    (tmp_path / "psk-on-two-lines.vpn.yaml").write_text(_PSK_ON_TWO_LINES)
    args = ["check", "--isolated", str(FIXTURES / "rules"), str(EXAMPLES), str(tmp_path)]
    runner = CliRunner()
    report = json.loads(runner.invoke(main, [*args, "--format", "json"]).output)
    text = runner.invoke(main, [*args, "--format", "text", "--color", "never"]).output
    places = [f"{d['path']}:{d['line']}:{d['column']}: {d['code']}" for d in report["diagnostics"]]
    assert len(places) > 500 and any(d["code"].startswith("X") for d in report["diagnostics"])
    assert re.findall(r"^(\S.*?:\d+:\d+: [A-Z]\d{3}) \[", text, re.MULTILINE) == places
    # and the text report shows the source line of each that has one (``N | text``)
    files = {str(path): path.read_bytes() for folder in args[2:] for path in sorted(Path(folder).rglob("*.vpn.*"))}
    with_lines = sum(bool(d.snippet) for d in _run(files, True)[0].diagnostics)
    assert len(places) - 5 < with_lines <= len(places)
    assert len(re.findall(r"^\d+ \| ", text, re.MULTILINE)) == with_lines


@pytest.mark.parametrize("source_lines", [True, False])
def test_an_across_spec_diagnostic_on_a_value_over_several_lines_is_shown_on_its_first(source_lines):
    """X005 points at the second connection's spdAcl, written over three lines."""
    spd = "spdAcl: '{\"10.0.0.0/24\":\n  [\"192.168.10.0/24\"],\n  \"10.0.1.0/24\": [\"192.168.11.0/24\"]}'\n"
    spec = ("vpcId: vpc-amhnnao5\nvpnGwId: vpngw-dystbrkv\nuserGwId: cgw-{}\nvpnConnName: {}\n"
            "preSharedKey: ${{VPN_PSK}}\n" + spd.replace("{", "{{").replace("}", "}}"))
    text = spec.format("e098slul", "one") + "---\n" + spec.format("backup01", "two")
    report, _ = _run({"t.vpn.yaml": text.encode()}, source_lines)
    [clash] = [d for d in report.diagnostics if d.code == "X005"]
    line = text.splitlines()[clash.line - 1]
    assert line.startswith("spdAcl: '{") and clash.line > 6
    assert (clash.column, clash.end_line, clash.end_column) == (len("spdAcl: ") + 1, clash.line, len(line) + 1)
