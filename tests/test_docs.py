"""docs/rules.md is generated from the rules, and its anchors are what SARIF links to.

The page is committed so it can be read on GitHub and linked from SARIF
``helpUri``; these tests fail as soon as a rule's code, name, severity or
docstring changes without the page being regenerated.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shlex
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from vpnlint import RULES_DOC_URL, catalog
from vpnlint.registry import load_registry
from vpnlint.report import rule_anchor, rule_help_uri

REPO = Path(__file__).resolve().parents[1]
RULES_MD = REPO / "docs" / "rules.md"
REGENERATE = "vpnlint rules --format markdown > docs/rules.md"

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LINK = re.compile(r"\]\(#([^)]+)\)")


def builtin_rules() -> list:
    """The built-in rules only: a plugin installed in the test environment must
    not change what vpnlint's own page is compared with."""
    return list(load_registry(entry_points=False))


def generated() -> str:
    return catalog.render(builtin_rules(), "markdown")


def github_anchor(heading: str) -> str:
    """The id GitHub gives a heading (github-slugger / html-pipeline's TOC filter):
    lower-case, drop every character that is not a letter, digit, '_', '-' or
    space, then each space becomes '-' (no collapsing, no trimming of hyphens)."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def headings(markdown: str) -> list[tuple[int, str]]:
    """(level, text) of the ATX headings outside fenced code blocks."""
    found, fenced = [], False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING.match(line)
        if match:
            found.append((len(match.group(1)), match.group(2)))
    return found


def page_anchors(markdown: str) -> list[str]:
    """Every heading id of the page in order, with GitHub's -1, -2 suffixes for repeats."""
    seen: Counter[str] = Counter()
    anchors = []
    for _, text in headings(markdown):
        base = github_anchor(text)
        anchors.append(base if seen[base] == 0 else f"{base}-{seen[base]}")
        seen[base] += 1
    return anchors


# -- the committed page is the generated one --------------------------------

def test_committed_rules_page_is_up_to_date():
    assert RULES_MD.is_file(), f"docs/rules.md is missing: run `{REGENERATE}`"
    committed = RULES_MD.read_text(encoding="utf-8")
    fresh = generated()
    if committed != fresh:
        diff = "".join(list(difflib.unified_diff(
            committed.splitlines(keepends=True), fresh.splitlines(keepends=True),
            "docs/rules.md (committed)", "docs/rules.md (generated)"))[:60])
        pytest.fail(f"docs/rules.md is out of date with the rules; regenerate it with\n\n"
                    f"    {REGENERATE}\n\nand commit it. First lines of the difference:\n{diff}")


def test_regenerate_command_prints_the_page():
    """The command the page and the failure message name is the one that makes it."""
    from click.testing import CliRunner

    from vpnlint.cli import main

    result = CliRunner().invoke(main, ["rules", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    expected = catalog.render(list(load_registry()), "markdown")
    assert result.output == expected
    assert REGENERATE in result.output


def test_page_has_a_section_per_rule_with_its_facts():
    page = generated()
    rules = builtin_rules()
    assert len(rules) >= 40, "the built-in rule set went missing"
    level3 = [text for level, text in headings(page) if level == 3]
    assert level3 == [f"{rule.code} {rule.name}" for rule in catalog._by_category(rules)]
    for rule in rules:
        start = page.index(f"\n### {rule.code} {rule.name}\n")
        end = page.find("\n### ", start + 1)
        section = page[start:end if end != -1 else len(page)]
        assert rule.summary() in section
        assert f"- Category: {rule.category()}" in section
        assert f"- Default severity: {rule.severity}" in section
        for reference in rule.references:
            assert f"- {reference}" in section, f"{rule.code}: reference missing"
        if rule.api_error:
            assert f"`{rule.api_error}`" in section
        for title in ("What it does", "Why is this bad?", "Example", "Use instead"):
            if title in rule.doc_sections():
                assert f"#### {title}" in section, f"{rule.code}: section {title!r} missing"


def test_page_index_lists_rules_in_section_order():
    page = generated()
    index_codes = re.findall(r"^\| \[([A-Z]\d{3})\]\(#", page, re.MULTILINE)
    section_codes = [text.split()[0] for level, text in headings(page) if level == 3]
    assert index_codes == section_codes
    assert [code[0] for code in index_codes] == sorted(
        (code[0] for code in index_codes), key=list(catalog.CATEGORIES).index)


# -- anchors: SARIF helpUri and the index links land on the rule's section ----

@pytest.mark.parametrize("heading, anchor", [
    ("S001 des-encryption", "s001-des-encryption"),
    ("S002 3des-encryption", "s002-3des-encryption"),
    ("Why is this bad?", "why-is-this-bad"),
    ("P: input", "p-input"),
    ("A.b  c", "ab--c"),
])
def test_github_anchor_algorithm(heading, anchor):
    assert github_anchor(heading) == anchor


def test_every_rule_anchor_is_a_heading_id_on_the_page():
    page = generated()  # the committed page equals it, by the test above
    anchors = page_anchors(page)
    for rule in builtin_rules():
        anchor = rule_anchor(rule)
        # exactly once: a repeated heading would get "-1" and the link would
        # land on the first one
        assert anchors.count(anchor) == 1, f"{rule.code}: #{anchor} is not a unique heading id of docs/rules.md"
        assert rule_help_uri(rule) == f"{RULES_DOC_URL}#{anchor}"


def test_index_links_resolve():
    page = generated()
    anchors = set(page_anchors(page))
    links = _LINK.findall(page)
    assert len(links) == len(builtin_rules())
    assert [link for link in links if link not in anchors] == []


def test_page_names_plugin_rules_as_plugins():
    from vpnlint.model import Severity
    from vpnlint.rules import ConnectionRule

    class Sample(ConnectionRule):
        """Flags nothing; a plugin's rule on the page."""

        code = "X901"
        name = "sample-plugin-rule"
        severity = Severity.INFO
        origin = "vpnlint-sample (entry point sample)"

    page = catalog.render([Sample], "markdown")
    assert "- From plugin: vpnlint-sample (entry point sample)" in page
    assert "From plugin" not in generated()


# -- docs/ci.md: the jobs a user pastes run as written ---------------------------

CI_MD = REPO / "docs" / "ci.md"

CI_GOOD = """\
vpcId: vpc-amhnnao5
vpnGwId: vpngw-dystbrkv
userGwId: cgw-e098slul
vpnConnName: hq-to-office
preSharedKey: ${VPN_PSK_HQ}
spdAcl: '{"10.0.0.0/24": ["192.168.10.0/24"]}'
IKESet:
  propoEncryAlgorithm: aes-cbc-256
  propoAuthenAlgorithm: sha
  exchangeMode: main
  remoteAddress: 203.0.113.10
  dhGroupName: group14
  ikeSaLifetimeSeconds: 28800
  encryptAlgorithm: aes-cbc-256
IPsecSet:
  integrityAlgorith: sha
  ipsecSaLifetimeSeconds: 3600
  pfsDhGroup: dh-group14
"""
CI_BAD = """\
vpcId: vpc-amhnnao5
vpnGwId: vpngw-dystbrkv
userGwId: cgw-7q3w9e2r
vpnConnName: hq-to-branch
preSharedKey: ${VPN_PSK_BRANCH}
userGwCidrBlock: [192.168.50.0/24]
IKESet:
  propoEncryAlgorithm: des-cbc
  remoteAddress: 198.51.100.40
"""


def ci_blocks() -> list[dict]:
    text = CI_MD.read_text(encoding="utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"^```yaml\n(.*?)^```", text, re.MULTILINE | re.DOTALL)]


def github_workflows() -> list[dict]:
    return [block for block in ci_blocks() if "jobs" in block]


def gitlab_job() -> dict:
    (job,) = [block["vpnlint"] for block in ci_blocks() if "vpnlint" in block and "script" in block["vpnlint"]]
    return job


def ci_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "network").mkdir(parents=True)
    (project / "network" / "good.vpn.yaml").write_text(CI_GOOD, encoding="utf-8")
    (project / "network" / "bad.vpn.yaml").write_text(CI_BAD, encoding="utf-8")
    return project


def run_documented(command: str, cwd: Path, github: bool = False) -> subprocess.CompletedProcess:
    """Run a ``vpnlint ...`` line of the docs with the vpnlint under test."""
    import vpnlint

    args = shlex.split(command)
    assert args[0] == "vpnlint", command
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    env["PYTHONPATH"] = str(Path(vpnlint.__file__).resolve().parent.parent)
    if github:
        env["GITHUB_ACTIONS"] = "true"
    return subprocess.run([sys.executable, "-m", "vpnlint", *args[1:]], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def vpnlint_steps(workflow: dict) -> list[dict]:
    (job,) = workflow["jobs"].values()
    return job["steps"]


def test_ci_jobs_install_the_current_release():
    from vpnlint import __version__

    installs = [step["run"] for wf in github_workflows() for step in vpnlint_steps(wf)
                if "pip install" in step.get("run", "")]
    installs += [line for line in gitlab_job()["script"] if "pip install" in line]
    assert len(installs) == 3
    for line in installs:
        assert line.endswith(f'@v{__version__}"'), f"docs/ci.md pins another version than {__version__}: {line}"


def test_github_annotation_job_runs_as_documented(tmp_path):
    project = ci_project(tmp_path)
    (workflow,) = [wf for wf in github_workflows() if "--format github" in json.dumps(wf)]
    (command,) = [s["run"] for s in vpnlint_steps(workflow) if s.get("run", "").startswith("vpnlint ")]
    result = run_documented(command, project, github=True)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(re.match(r"::(error|warning|notice) file=", line) for line in lines), lines
    assert any("file=network/bad.vpn.yaml,line=8" in line for line in lines)
    assert not any(line.startswith("::error file=network/good.vpn.yaml") for line in lines)


def test_github_sarif_job_uploads_the_file_it_writes(tmp_path):
    project = ci_project(tmp_path)
    (workflow,) = [wf for wf in github_workflows() if "upload-sarif" in json.dumps(wf)]
    assert workflow["permissions"]["security-events"] == "write"
    steps = vpnlint_steps(workflow)
    (command,) = [s["run"] for s in steps if s.get("run", "").startswith("vpnlint ")]
    (upload,) = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert "cancelled()" in upload["if"] or upload["if"] == "always()"
    args = shlex.split(command)
    output = args[args.index("--output-file") + 1]
    assert upload["with"]["sarif_file"] == output
    result = run_documented(command, project, github=True)
    assert result.returncode == 1, result.stderr
    sarif = json.loads((project / output).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert "network/bad.vpn.yaml" in uris


def test_gitlab_job_writes_the_reports_it_declares(tmp_path):
    import xml.etree.ElementTree as ET

    project = ci_project(tmp_path)
    job = gitlab_job()
    assert job["artifacts"]["when"] == "always"
    reports = job["artifacts"]["reports"]
    commands = [line for line in job["script"] if line.startswith("vpnlint ")]
    assert len(commands) == 3
    results = [run_documented(command, project) for command in commands]
    # the report runs never fail the job; the last run does, on the bad spec
    assert [r.returncode for r in results] == [0, 0, 1], [r.stderr for r in results]
    assert "network/bad.vpn.yaml:8:" in results[2].stdout

    quality = json.loads((project / reports["codequality"]).read_text(encoding="utf-8"))
    assert {issue["location"]["path"] for issue in quality} >= {"network/bad.vpn.yaml"}
    assert all(issue["fingerprint"] and issue["location"]["lines"]["begin"] >= 1 for issue in quality)
    suites = ET.parse(project / reports["junit"]).getroot()
    names = {suite.get("name") for suite in suites.iter("testsuite")}
    assert {"network/bad.vpn.yaml", "network/good.vpn.yaml"} <= names
    for suite in suites.iter("testsuite"):
        failed = [case for case in suite.iter("testcase") if case.find("failure") is not None]
        if suite.get("name") == "network/bad.vpn.yaml":
            assert failed
        elif suite.get("name") == "network/good.vpn.yaml":
            # a good spec fails no case at error or warning level (info notes may be listed)
            assert all("[info]" in (case.find("failure").text or "") for case in failed)


def test_baseline_recipe_reports_only_new_findings(tmp_path):
    project = ci_project(tmp_path)
    text = CI_MD.read_text(encoding="utf-8")
    section = text[text.index("## Adopting vpnlint"):]
    write, check = [line for line in re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1).splitlines()
                    if line.startswith("vpnlint ")]
    assert run_documented(write, project).returncode == 0
    before = run_documented(check, project, github=True)
    assert before.returncode == 0 and before.stdout == "", before.stdout + before.stderr
    (project / "network" / "new.vpn.yaml").write_text(
        CI_BAD.replace("cgw-7q3w9e2r", "cgw-5b8k2m1x").replace("hq-to-branch", "hq-to-lab")
        .replace("VPN_PSK_BRANCH", "VPN_PSK_LAB").replace("198.51.100.40", "198.51.100.41")
        .replace("192.168.50.0/24", "192.168.60.0/24"), encoding="utf-8")
    after = run_documented(check, project, github=True)
    assert after.returncode == 1
    assert "file=network/new.vpn.yaml" in after.stdout and "file=network/bad.vpn.yaml" not in after.stdout
