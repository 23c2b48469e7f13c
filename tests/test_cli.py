"""The installed console script, as users and scripts call it (in a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SCRIPT = Path(sys.executable).parent / "vpnlint"
BAD = """\
vpcId: vpc-amhnnao5
vpnGwId: vpngw-dystbrkv
userGwId: cgw-e098slul
vpnConnName: hq
preSharedKey: Zq7Hw2pLm9XvB4
spdAcl: '{"10.0.0.0/24": ["192.168.10.0/24"]}'
IKESet:
  propoEncryAlgorithm: aes256
"""


def run(*args: str, stdin: str | None = None, env: dict | None = None, cwd: Path = REPO):
    assert SCRIPT.exists(), f"the vpnlint console script is not installed next to {sys.executable}"
    environment = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    environment.update(env or {})
    return subprocess.run([str(SCRIPT), *args], input=stdin, capture_output=True, text=True,
                          env=environment, cwd=cwd)


def test_version():
    from vpnlint import __version__

    result = run("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_text_output_has_position_snippet_caret_and_hint():
    result = run("check", "--stdin-filename", "office.vpn.yaml", "-", stdin=BAD)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    header = lines.index("office.vpn.yaml:8:24: A003 [error] 'aes256' is not a valid "
                         "IKESet.propoEncryAlgorithm; allowed: '3des-cbc', 'aes-cbc-128', "
                         "'aes-cbc-192', 'aes-cbc-256', 'des-cbc'")
    assert lines[header + 2] == "8 |   propoEncryAlgorithm: aes256"
    # the caret starts under column 24 and spans the 6 characters of aes256
    assert lines[header + 3] == "  | " + " " * 23 + "^" * 6
    assert lines[header + 4] == "  = hint: did you mean 'aes-cbc-256'?"
    assert "\x1b[" not in result.stdout  # not a terminal: no colour
    assert "Zq7Hw2pLm9XvB4" not in result.stdout + result.stderr


def test_colour_is_forced_by_always_and_refused_by_no_color():
    coloured = run("check", "--color", "always", "-", stdin=BAD)
    assert "\x1b[" in coloured.stdout
    plain = run("check", "--color", "always", "-", stdin=BAD, env={"NO_COLOR": "1"})
    assert "\x1b[" in plain.stdout  # --color always is an explicit request
    auto = run("check", "-", stdin=BAD, env={"NO_COLOR": "1"})
    assert "\x1b[" not in auto.stdout


def test_concise_is_one_line_per_diagnostic():
    result = run("check", "--format", "concise", "--stdin-filename", "a.vpn.yaml", "-", stdin=BAD)
    lines = result.stdout.splitlines()
    assert "a.vpn.yaml:8:24: A003 'aes256' is not a valid IKESet.propoEncryAlgorithm; allowed: " \
           "'3des-cbc', 'aes-cbc-128', 'aes-cbc-192', 'aes-cbc-256', 'des-cbc'" in lines
    assert all(line.startswith("a.vpn.yaml:") for line in lines)


def test_json_has_every_product_field_and_summary():
    result = run("check", "--format", "json", str(EXAMPLES / "flawed" / "typos.vpn.yaml"))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert set(report) == {"version", "diagnostics", "summary"}
    fields = {"path", "document", "pointer", "line", "column", "end_line", "end_column", "code",
              "name", "category", "severity", "message", "hint", "api_error", "fix"}
    assert report["diagnostics"] and all(set(d) == fields for d in report["diagnostics"])
    assert set(report["summary"]) == {"files", "documents", "errors", "warnings", "info"}
    assert report["summary"]["errors"] == sum(d["severity"] == "error" for d in report["diagnostics"])
    order = [(d["path"], d["line"], d["column"]) for d in report["diagnostics"]]
    assert order == sorted(order)


def test_exit_status_follows_fail_on():
    clean = EXAMPLES / "clean" / "hq-to-shanghai.vpn.yaml"
    assert run("check", str(clean)).returncode == 0  # only an info (sha)
    assert run("check", "--fail-on", "info", str(clean)).returncode == 1
    assert run("check", "--fail-on", "never", str(EXAMPLES)).returncode == 0


def test_select_and_ignore_take_codes_prefixes_and_categories():
    only_a = json.loads(run("check", "--format", "json", "--select", "A", str(EXAMPLES)).stdout)
    assert only_a["diagnostics"] and {d["code"][0] for d in only_a["diagnostics"]} == {"A"}
    some = json.loads(run("check", "--format", "json", "--select", "S,N", "--ignore", "S00",
                          "--ignore", "N001", str(EXAMPLES)).stdout)
    found = {d["code"] for d in some["diagnostics"]}
    assert found and all(c[0] in "SN" for c in found)
    assert not any(c.startswith("S00") or c == "N001" for c in found)


def test_tool_failures_exit_2_without_traceback():
    for args in (["check", "does/not/exist.vpn.yaml"], ["check", "--format", "nope"],
                 ["check", "--select", "Q999", str(EXAMPLES)], ["explain", "Z999"]):
        result = run(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
        assert result.stderr.strip(), args


def test_github_format_is_chosen_on_github_actions():
    result = run("check", "--stdin-filename", "a.vpn.yaml", "-", stdin=BAD, env={"GITHUB_ACTIONS": "true"})
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert any(line.startswith("::error file=a.vpn.yaml,line=8,col=24,endLine=8,endColumn=30,title=A003")
               for line in lines)


def test_rules_explain_and_schema():
    rows = json.loads(run("rules", "--format", "json").stdout)
    assert rows and all(set(r) == {"code", "name", "category", "severity", "summary"} for r in rows)
    codes = [r["code"] for r in rows]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    table = run("rules").stdout
    assert "A006" in table and "unknown-key" in table
    explained = run("explain", "A006").stdout
    assert "## Example" in explained and "integrityAlgorithm" in explained
    schema = json.loads(run("schema").stdout)
    assert schema["$schema"].endswith("2020-12/schema")


@pytest.mark.parametrize("sizes", [[], [1], [10, 70_000, 3], [30_000] * 7, [1] * 200_000])
def test_the_report_is_written_in_blocks_of_about_64_kib(sizes):
    # with stdout unbuffered (PYTHONUNBUFFERED=1) each write is a system call:
    # the pieces go out joined, in blocks, never the whole report at once
    from vpnlint.cli import _BLOCK, _blocks

    pieces = [chr(ord("a") + i % 26) * size for i, size in enumerate(sizes)]
    blocks = list(_blocks(pieces))
    assert "".join(blocks) == "".join(pieces)
    assert all(len(block) >= _BLOCK for block in blocks[:-1])
    assert all(len(block) < _BLOCK + max(sizes, default=0) for block in blocks)


def test_output_file(tmp_path):
    out = tmp_path / "report.json"
    result = run("check", "--format", "json", "--output-file", str(out), str(EXAMPLES / "flawed"))
    assert result.returncode == 1 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["files"] >= 1


def test_python_dash_m_is_the_same_program():
    via_module = subprocess.run([sys.executable, "-m", "vpnlint", "check", "--format", "concise",
                                 str(EXAMPLES / "flawed")], capture_output=True, text=True)
    via_script = run("check", "--format", "concise", str(EXAMPLES / "flawed"))
    assert via_module.stdout == via_script.stdout and via_module.stdout


@pytest.mark.parametrize("form", ["nested.vpn.yaml", "flattened.vpn.yaml", "request.url"])
def test_api_page_example_has_no_input_or_api_error(form):
    """The page's own example is a valid request: no P or A diagnostic in any form."""
    result = run("check", "--format", "json", str(EXAMPLES / "api-page" / form))
    codes = {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    assert not {c for c in codes if c[0] in "PA"}
    assert "N001" in codes  # the page's own 10.56.20.1/24 has host bits set


def test_a_report_larger_than_a_pipe_buffer_arrives_whole(tmp_path):
    # the console script exits without tearing the interpreter down (cli.run):
    # everything written must still reach the reader, and the status too
    flags = ["--format", "json", "--isolated", "--ignore", "X"]  # copies: no duplicate names to count
    one = json.loads(run("check", *flags, str(EXAMPLES / "flawed" / "weak-crypto.vpn.yaml")).stdout)
    for n in range(150):
        (tmp_path / f"copy-{n:03d}.vpn.yaml").write_bytes((EXAMPLES / "flawed" / "weak-crypto.vpn.yaml").read_bytes())
    result = run("check", *flags, "--jobs", "1", str(tmp_path))
    assert len(result.stdout.encode()) > 1 << 16
    report = json.loads(result.stdout)
    assert len(report["diagnostics"]) == 150 * len(one["diagnostics"]) > 0
    assert result.returncode == 1 and result.stderr == ""


@pytest.mark.parametrize("raised, status, stderr", [
    (None, 0, ""), (0, 0, ""), (1, 1, ""), (2, 2, ""), ("vpnlint: gone", 1, "vpnlint: gone\n")])
def test_the_console_script_exits_with_mains_status(monkeypatch, capsys, raised, status, stderr):
    from vpnlint import cli

    class Exited(Exception):
        pass

    def fake_exit(code):
        raise Exited(code)

    def fake_main():
        raise SystemExit(raised)

    monkeypatch.setattr(cli, "main", fake_main)
    monkeypatch.setattr(cli.os, "_exit", fake_exit)
    with pytest.raises(Exited) as exited:
        cli.run()
    assert exited.value.args == (status,)
    assert capsys.readouterr().err == stderr
