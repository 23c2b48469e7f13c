"""--write-baseline records today's findings; --baseline reports only the new ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from vpnlint.cli import main
from vpnlint.formats._common import FINGERPRINT_VERSION

from lintkit import FIXTURES

BASE = (FIXTURES / "base.vpn.yaml").read_text(encoding="utf-8")
DES = BASE.replace("propoEncryAlgorithm: aes-cbc-256", "propoEncryAlgorithm: des-cbc")  # S001, line 10


def run(cwd: Path, monkeypatch, *args: str):
    monkeypatch.chdir(cwd)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = CliRunner().invoke(main, ["check", "--isolated", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def found(result) -> list[tuple[str, int, str]]:
    return [(d["path"], d["line"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "hq.vpn.yaml").write_text(DES, encoding="utf-8")
    return tmp_path


def test_write_baseline_records_findings_and_exits_0(repo, monkeypatch):
    result = run(repo, monkeypatch, "--write-baseline", "vpnlint-baseline.json", "specs")
    assert result.exit_code == 0 and result.stdout == ""
    assert "recorded 3 diagnostics in vpnlint-baseline.json" in result.stderr
    data = json.loads((repo / "vpnlint-baseline.json").read_text())
    assert data["version"] == 1 and data["fingerprint"] == FINGERPRINT_VERSION
    assert sorted((e["path"], e["code"], e["count"]) for e in data["entries"]) == [
        ("specs/hq.vpn.yaml", "S001", 1), ("specs/hq.vpn.yaml", "S005", 1), ("specs/hq.vpn.yaml", "S005", 1)]
    assert all(len(e["fingerprint"]) == 32 for e in data["entries"])
    # writing twice gives the same bytes: the file diffs cleanly in review
    first = (repo / "vpnlint-baseline.json").read_bytes()
    run(repo, monkeypatch, "--write-baseline", "vpnlint-baseline.json", "specs")
    assert (repo / "vpnlint-baseline.json").read_bytes() == first


def test_baselined_findings_survive_edits_elsewhere_and_new_ones_are_reported(repo, monkeypatch):
    run(repo, monkeypatch, "--write-baseline", "baseline.json", "specs")
    assert found(run(repo, monkeypatch, "--baseline", "baseline.json", "--format", "json", "specs")) == []
    # lines inserted above every finding: still the same findings
    spec = repo / "specs" / "hq.vpn.yaml"
    spec.write_text("# reviewed 2024-05\n# owner: netops\n\n" + DES, encoding="utf-8")
    quiet = run(repo, monkeypatch, "--baseline", "baseline.json", "--format", "json", "specs")
    assert found(quiet) == [] and quiet.exit_code == 0
    # a new finding is reported, at its new position
    spec.write_text("# reviewed 2024-05\n# owner: netops\n\n"
                    + DES.replace("exchangeMode: main", "exchangeMode: aggressive"), encoding="utf-8")
    new = run(repo, monkeypatch, "--baseline", "baseline.json", "--format", "json", "specs")
    assert found(new) == [("specs/hq.vpn.yaml", 15, "S006")]
    assert new.exit_code == 1
    # without the baseline everything is back
    assert {code for _, _, code in found(run(repo, monkeypatch, "--format", "json", "specs"))} == \
        {"S001", "S005", "S006"}


def test_a_baseline_is_a_multiset(repo, monkeypatch):
    # duplicate keys are input findings of the file: one fingerprint, counted
    spec = repo / "specs" / "hq.vpn.yaml"
    spec.write_text(BASE + "vpnConnName: a\nvpnConnName: b\n", encoding="utf-8")
    run(repo, monkeypatch, "--write-baseline", "baseline.json", "--select", "P002", "specs")
    [entry] = json.loads((repo / "baseline.json").read_text())["entries"]
    assert (entry["code"], entry["count"]) == ("P002", 2)
    spec.write_text(BASE + "vpnConnName: a\nvpnConnName: b\nvpnConnName: c\n", encoding="utf-8")
    result = run(repo, monkeypatch, "--baseline", "baseline.json", "--select", "P002", "--format", "json", "specs")
    assert [code for _, _, code in found(result)] == ["P002"]


def test_paths_are_relative_to_the_baseline_file(repo, monkeypatch):
    run(repo, monkeypatch, "--write-baseline", "baseline.json", "specs")
    result = run(repo / "specs", monkeypatch, "--baseline", "../baseline.json", "--format", "json", ".")
    assert found(result) == []


def test_suppressed_findings_are_not_recorded(repo, monkeypatch):
    (repo / "specs" / "hq.vpn.yaml").write_text(
        DES.replace("des-cbc", "des-cbc  # vpnlint: disable=S001 -- legacy peer"), encoding="utf-8")
    run(repo, monkeypatch, "--write-baseline", "baseline.json", "specs")
    codes = {e["code"] for e in json.loads((repo / "baseline.json").read_text())["entries"]}
    assert codes == {"S005"}


@pytest.mark.parametrize("content, message", [
    (None, "baseline file not found: baseline.json (create it with --write-baseline)"),
    ("{not json", "baseline.json: not a vpnlint baseline (invalid JSON"),
    ('[1, 2]', "baseline.json: not a vpnlint baseline (no 'entries')"),
    ('{"version": 9, "fingerprint": "v1", "entries": []}', "baseline version 9 is not supported"),
    ('{"version": 1, "fingerprint": "v0", "entries": []}', "written with fingerprint recipe 'v0'"),
    ('{"version": 1, "fingerprint": "v1", "entries": {}}', "'entries' must be a list"),
    ('{"version": 1, "fingerprint": "v1", "entries": [{"count": 2}]}', "entry 0 needs a 'fingerprint'"),
    ('{"version": 1, "fingerprint": "v1", "entries": [{"fingerprint": "ab", "count": 0}]}', "entry 0 needs"),
    ("[" * 100_000, "baseline.json: not a vpnlint baseline (invalid JSON: nested too deeply)"),
    ('{"version": ' + "1" * 5000 + "}", "baseline.json: not a vpnlint baseline (invalid JSON: Exceeds the limit"),
])
def test_a_missing_or_corrupt_baseline_is_exit_2(repo, monkeypatch, content, message):
    if content is not None:
        (repo / "baseline.json").write_text(content, encoding="utf-8")
    result = run(repo, monkeypatch, "--baseline", "baseline.json", "specs")
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_baseline_and_write_baseline_exclude_each_other(repo, monkeypatch):
    result = run(repo, monkeypatch, "--baseline", "a.json", "--write-baseline", "b.json", "specs")
    assert result.exit_code == 2 and "exclude each other" in result.stderr
    assert not (repo / "b.json").exists()
