"""The CI formats (sarif, github, gitlab, junit) read back by the tools that consume them.

Reports are built by hand, so these tests need neither the engine nor real rules.
"""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest
from jsonschema.validators import validator_for

from vpnlint import RULES_DOC_URL
from vpnlint.formats import get, names
from vpnlint.formats._common import fingerprint, unique_fingerprints
from vpnlint.model import Diagnostic, Severity
from vpnlint.registry import load_registry
from vpnlint.report import Report, rule_help_uri
from vpnlint.rules import ConnectionRule

SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sarif-schema-2.1.0.json"
CI_FORMATS = ("sarif", "github", "gitlab", "junit")


class WeakDhGroup(ConnectionRule):
    """Flags a weak Diffie-Hellman group.

    ## What it does
    Checks the DH group of the IKE proposal.

    ## Why is this bad?
    Small groups can be broken.

    ## Example
    ```yaml
    IKESet:
      dhGroupName: group1
    ```

    ## Use instead
    ```yaml
    IKESet:
      dhGroupName: group24
    ```
    """

    code = "S901"
    name = "weak-dh-group"
    severity = Severity.WARNING
    references = ("RFC 8247 §2.4",)

    def check(self, conn):
        return iter(())


class LongName(ConnectionRule):
    """Flags a connection name that is too long.

    ## What it does
    Checks the length of vpnConnName.
    """

    code = "A901"
    name = "vpn-conn-name-too-long"
    severity = Severity.ERROR

    def check(self, conn):
        return iter(())


class NoteRule(ConnectionRule):
    """Notes something harmless."""

    code = "N901"
    name = "harmless-note"
    severity = Severity.INFO

    def check(self, conn):
        return iter(())


RULES = [LongName, NoteRule, WeakDhGroup]


def diag(**changes) -> Diagnostic:
    """A warning of WeakDhGroup at 3:5-3:12 of a.vpn.yaml, with ``changes`` applied."""
    base = Diagnostic(
        path="a.vpn.yaml",
        document=0,
        pointer="/IKESet/dhGroupName",
        line=3,
        column=5,
        end_line=3,
        end_column=12,
        code="S901",
        name="weak-dh-group",
        category="security",
        severity=Severity.WARNING,
        message="DH group too weak",
    )
    return dataclasses.replace(base, **changes)


def mixed_report() -> Report:
    """Several files, severities and awkward paths and texts; clean.vpn.yaml has nothing."""
    diagnostics = [
        diag(),
        diag(
            code="A901", name="vpn-conn-name-too-long", category="api", severity=Severity.ERROR,
            pointer="/vpnConnName", line=2, column=14, end_line=2, end_column=80,
            message="name has 61 characters, at most 60 are allowed", hint="shorten it",
            api_error="InvalidVpnConnName",
        ),
        diag(path="dir/with space/b.vpn.yaml", document=1, pointer="/0/IPsecSet/pfsDhGroup",
             line=10, column=3, end_line=12, end_column=1, message="spans lines"),
        diag(path="café/ü.vpn.json", code="N901", name="harmless-note", category="network",
             severity=Severity.INFO, message="note with \"quotes\" & <angle> brackets"),
        diag(path="-", line=1, column=1, end_line=1, end_column=2, message="from stdin"),
    ]
    paths = ["a.vpn.yaml", "clean.vpn.yaml", "dir/with space/b.vpn.yaml", "café/ü.vpn.json", "-"]
    return Report(diagnostics=diagnostics, files=len(paths), documents=6, rules=RULES, paths=paths)


def sarif(report: Report) -> dict:
    return json.loads(get("sarif").render(report))


@pytest.fixture(scope="module")
def sarif_validator():
    """The validator the official SARIF 2.1.0 schema declares (its ``$schema``: draft-04)."""
    if not SARIF_SCHEMA.is_file():
        pytest.fail(
            f"the official SARIF schema is missing: expected {SARIF_SCHEMA} "
            "(the shared/ folder must sit beside the checkout)"
        )
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def assert_valid(validator, log: dict) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []


# -- the format table ---------------------------------------------------------


def test_ci_formats_are_in_the_format_table_with_a_docstring_and_render():
    for name in CI_FORMATS:
        assert name in names()
        module = get(name)
        assert callable(module.render)
        assert (module.__doc__ or "").strip()


def test_no_format_prints_the_source_snippet():
    # The snippet is the only place file content reaches a formatter.
    secret = "hunter2-SECRET-psk"
    report = mixed_report()
    report.diagnostics = [dataclasses.replace(d, snippet=(f"preSharedKey: {secret}",)) for d in report.diagnostics]
    for name in CI_FORMATS:
        assert secret not in get(name).render(report), name


# -- sarif ----------------------------------------------------------------------


def test_sarif_is_valid_against_the_official_schema(sarif_validator):
    log = sarif(mixed_report())
    assert_valid(sarif_validator, log)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    assert len(log["runs"][0]["results"]) == 5


def test_sarif_of_an_empty_run_is_valid_and_has_an_empty_result_list(sarif_validator):
    log = sarif(Report(diagnostics=[], rules=RULES))
    assert_valid(sarif_validator, log)
    assert log["runs"][0]["results"] == []


def test_sarif_with_every_registered_rule_is_valid(sarif_validator):
    registry = load_registry(entry_points=False)
    log = sarif(Report(diagnostics=[], rules=list(registry)))
    assert_valid(sarif_validator, log)
    assert [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]] == registry.codes()


def test_sarif_run_describes_the_tool_and_counts_code_points():
    run = sarif(mixed_report())["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "vpnlint"
    assert driver["version"] == mixed_report().version
    assert driver["informationUri"].startswith("https://")
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_regions_equal_the_diagnostic_positions():
    report = mixed_report()
    results = sarif(report)["runs"][0]["results"]
    for d, result in zip(report.diagnostics, results):
        region = result["locations"][0]["physicalLocation"]["region"]
        # Both count from 1 and both have an exclusive end column: no conversion.
        assert region == {
            "startLine": d.line,
            "startColumn": d.column,
            "endLine": d.end_line,
            "endColumn": d.end_column,
        }


def test_sarif_rule_descriptors_come_from_the_rule_classes():
    rules = {r["id"]: r for r in sarif(mixed_report())["runs"][0]["tool"]["driver"]["rules"]}
    assert list(rules) == ["A901", "N901", "S901"]
    weak = rules["S901"]
    assert weak["name"] == "WeakDhGroup"  # SARIF's Pascal-case friendly name
    assert weak["shortDescription"]["text"] == "Flags a weak Diffie-Hellman group."
    assert weak["fullDescription"]["text"] == "Checks the DH group of the IKE proposal."
    assert "## Why is this bad?" in weak["help"]["markdown"]
    assert "dhGroupName: group24" in weak["help"]["text"]
    assert weak["helpUri"] == rule_help_uri(WeakDhGroup)
    assert weak["helpUri"] == f"{RULES_DOC_URL}#s901-weak-dh-group"
    assert weak["properties"]["category"] == "security"
    assert weak["properties"]["tags"] == ["security"]
    levels = {code: rule["defaultConfiguration"]["level"] for code, rule in rules.items()}
    assert levels == {"A901": "error", "N901": "note", "S901": "warning"}
    # No "What it does" section: the summary stands in.
    assert rules["N901"]["fullDescription"]["text"] == "Notes something harmless."


def test_sarif_result_level_follows_the_diagnostic_not_the_rule_default():
    # A config may raise S901 (a warning by default) to an error.
    log = sarif(Report(diagnostics=[diag(severity=Severity.ERROR), diag(severity=Severity.INFO)], rules=RULES))
    run = log["runs"][0]
    assert [r["level"] for r in run["results"]] == ["error", "note"]
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"] == "S901"


def test_sarif_result_for_a_code_missing_from_the_rules_still_has_a_matching_descriptor(sarif_validator):
    log = sarif(Report(diagnostics=[diag()], rules=[LongName]))
    assert_valid(sarif_validator, log)
    run = log["runs"][0]
    result = run["results"][0]
    descriptor = run["tool"]["driver"]["rules"][result["ruleIndex"]]
    assert descriptor["id"] == "S901"
    assert descriptor["name"] == "WeakDhGroup"


def test_sarif_message_has_the_hint_and_properties_have_pointer_and_api_error():
    report = mixed_report()
    results = sarif(report)["runs"][0]["results"]
    long_name = results[1]
    assert long_name["message"]["text"] == "name has 61 characters, at most 60 are allowed\nhint: shorten it"
    assert long_name["properties"]["pointer"] == "/vpnConnName"
    assert long_name["properties"]["api_error"] == "InvalidVpnConnName"
    assert results[0]["message"]["text"] == "DH group too weak"
    assert "api_error" not in results[0]["properties"]


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("a.vpn.yaml", "a.vpn.yaml"),
        ("dir/with space/b.vpn.yaml", "dir/with%20space/b.vpn.yaml"),
        ("./x/y.vpn.yaml", "x/y.vpn.yaml"),
        ("café.vpn.yaml", "caf%C3%A9.vpn.yaml"),  # é is U+00E9, UTF-8 C3 A9
        ("a#1?.vpn.yaml", "a%231%3F.vpn.yaml"),  # would start a fragment / query
        ("c:d.vpn.yaml", "c%3Ad.vpn.yaml"),  # would read as a URI scheme
        ("-", "-"),  # stdin keeps its name
    ],
)
def test_sarif_relative_paths_become_uri_references_against_srcroot(path, uri):
    result = sarif(Report(diagnostics=[diag(path=path)], rules=RULES))["runs"][0]["results"][0]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": uri, "uriBaseId": "%SRCROOT%"}
    # Only RFC 3986 characters, and decoding gives the path back.
    assert re.fullmatch(r"[A-Za-z0-9\-._~/!$&'()*+,;=@%]+", uri)
    assert unquote(uri) == path.removeprefix("./")


def test_sarif_absolute_path_becomes_a_file_uri():
    result = sarif(Report(diagnostics=[diag(path="/srv/specs/a b.vpn.yaml")], rules=RULES))["runs"][0]["results"][0]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "file:///srv/specs/a%20b.vpn.yaml"}


# -- fingerprints ---------------------------------------------------------------


def test_fingerprint_ignores_positions_and_message_but_not_identity():
    d = diag()
    shifted = diag(line=30, end_line=30, column=9, end_column=16)
    assert fingerprint(shifted) == fingerprint(d)
    assert fingerprint(diag(message="reworded", hint="new hint")) == fingerprint(d)
    assert fingerprint(diag(path="./a.vpn.yaml")) == fingerprint(d)
    assert re.fullmatch(r"[0-9a-f]{32}", fingerprint(d))
    for other in (
        diag(path="b.vpn.yaml"),
        diag(document=1),
        diag(pointer="/IKESet/propoEncryAlgorithm"),
        diag(code="S902"),
    ):
        assert fingerprint(other) != fingerprint(d)


def test_sarif_and_gitlab_fingerprints_survive_a_line_shift():
    report = mixed_report()
    shifted = Report(
        diagnostics=[dataclasses.replace(d, line=d.line + 7, end_line=d.end_line + 7) for d in report.diagnostics],
        rules=RULES,
        paths=report.paths,
    )
    sarif_prints = [r["partialFingerprints"] for r in sarif(report)["runs"][0]["results"]]
    assert sarif_prints == [r["partialFingerprints"] for r in sarif(shifted)["runs"][0]["results"]]
    assert sarif_prints[0] == {"vpnlint/v1": fingerprint(report.diagnostics[0])}
    gitlab_prints = [i["fingerprint"] for i in json.loads(get("gitlab").render(report))]
    assert gitlab_prints == [i["fingerprint"] for i in json.loads(get("gitlab").render(shifted))]
    # and the line itself did move
    assert json.loads(get("gitlab").render(shifted))[0]["location"]["lines"]["begin"] == 3 + 7


def test_unique_fingerprints_tell_apart_two_findings_of_one_code_at_one_pointer():
    first, second, third = diag(message="one"), diag(message="two"), diag(message="three")
    prints = unique_fingerprints([first, second, third])
    assert len(set(prints)) == 3
    assert prints[0] == fingerprint(first)  # the first keeps the plain fingerprint
    assert prints == unique_fingerprints([first, second, third])  # deterministic


# -- gitlab ---------------------------------------------------------------------


def test_gitlab_report_has_the_documented_keys_and_values():
    report = mixed_report()
    issues = json.loads(get("gitlab").render(report))
    assert isinstance(issues, list) and len(issues) == len(report.diagnostics)
    for d, issue in zip(report.diagnostics, issues):
        assert isinstance(issue["description"], str) and issue["description"].startswith(d.message)
        assert issue["check_name"] == d.code
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"] == d.path
        assert issue["location"]["lines"]["begin"] == d.line
        assert issue["location"]["lines"]["begin"] >= 1
    assert [i["severity"] for i in issues] == ["minor", "major", "minor", "info", "minor"]
    assert issues[1]["description"] == "name has 61 characters, at most 60 are allowed; hint: shorten it"
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_fingerprints_are_unique_when_findings_share_code_and_pointer():
    issues = json.loads(get("gitlab").render(Report(diagnostics=[diag(), diag(message="again")])))
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]


def test_gitlab_line_is_at_least_one_and_path_is_relative_with_forward_slashes():
    issues = json.loads(get("gitlab").render(Report(diagnostics=[diag(path="./x/a.vpn.yaml", line=0, end_line=0)])))
    assert issues[0]["location"] == {"path": "x/a.vpn.yaml", "lines": {"begin": 1, "end": 1}}


def test_gitlab_empty_report_is_an_empty_list():
    assert json.loads(get("gitlab").render(Report(diagnostics=[]))) == []


# -- github ---------------------------------------------------------------------

_COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def _unescape(text: str) -> str:
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def github_lines(report: Report) -> list[str]:
    out = get("github").render(report)
    assert out.endswith("\n")
    return out[:-1].split("\n")


def test_github_annotation_line_format():
    assert github_lines(Report(diagnostics=[diag()])) == [
        "::warning file=a.vpn.yaml,line=3,col=5,endLine=3,endColumn=12,title=S901 weak-dh-group::DH group too weak"
    ]


def test_github_command_follows_the_severity():
    report = Report(diagnostics=[diag(severity=s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)])
    assert [_COMMAND.match(line).group(1) for line in github_lines(report)] == ["error", "warning", "notice"]


def test_github_escapes_message_and_properties():
    d = diag(path="we,ird:name%.vpn.yaml", message="50% off, a:b\nnext\rline", hint="try x")
    (line,) = github_lines(Report(diagnostics=[d]))
    assert line == (
        "::warning file=we%2Cird%3Aname%25.vpn.yaml,line=3,col=5,endLine=3,endColumn=12,"
        "title=S901 weak-dh-group::50%25 off, a:b%0Anext%0Dline%0Ahint: try x"
    )


def test_github_lines_read_back_to_the_diagnostics():
    report = mixed_report()
    report.diagnostics.append(diag(path="x,y:z.vpn.yaml", message="a%b, c:d\r\ne"))
    lines = github_lines(report)
    assert len(lines) == len(report.diagnostics)
    for d, line in zip(report.diagnostics, lines):
        match = _COMMAND.match(line)
        assert match, line
        props = dict(item.split("=", 1) for item in match.group(2).split(","))
        assert _unescape(props["file"]) == d.path
        assert (int(props["line"]), int(props["col"])) == (d.line, d.column)
        assert (int(props["endLine"]), int(props["endColumn"])) == (d.end_line, d.end_column)
        assert _unescape(props["title"]) == f"{d.code} {d.name}"
        assert _unescape(match.group(3)) == d.message + (f"\nhint: {d.hint}" if d.hint else "")


def test_github_leaves_out_positions_of_a_file_level_finding():
    (line,) = github_lines(Report(diagnostics=[diag(line=0, column=0, end_line=0, end_column=0)]))
    assert line == "::warning file=a.vpn.yaml,title=S901 weak-dh-group::DH group too weak"


def test_github_empty_report_prints_nothing():
    assert get("github").render(Report(diagnostics=[])) == ""


# -- junit ----------------------------------------------------------------------


def junit(report: Report) -> ET.Element:
    return ET.fromstring(get("junit").render(report).encode("utf-8"))


def test_junit_has_a_suite_per_path_and_a_failing_case_per_diagnostic():
    report = mixed_report()
    text = get("junit").render(report)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == report.paths
    # 5 diagnostics in 4 files plus one passing case for clean.vpn.yaml
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("6", "5", "0")
    by_name = {s.get("name"): s for s in suites}
    a = by_name["a.vpn.yaml"]
    assert (a.get("tests"), a.get("failures"), a.get("errors")) == ("2", "2", "0")
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert all(c.get("classname") == suite.get("name") for c in cases)


def test_junit_clean_path_gets_one_passing_case():
    root = junit(Report(diagnostics=[], paths=["clean.vpn.yaml"]))
    (suite,) = root.findall("testsuite")
    (case,) = suite.findall("testcase")
    assert case.find("failure") is None and case.find("error") is None
    assert (suite.get("tests"), suite.get("failures")) == ("1", "0")


def test_junit_failure_names_the_rule_and_position():
    report = mixed_report()
    suite = junit(report).find("testsuite[@name='a.vpn.yaml']")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["S901 weak-dh-group 3:5", "A901 vpn-conn-name-too-long 2:14"]
    failure = cases[1].find("failure")
    assert failure.get("type") == "A901"
    assert failure.get("message") == "name has 61 characters, at most 60 are allowed\nhint: shorten it"
    assert "a.vpn.yaml:2:14: A901 [error]" in failure.text
    assert "InvalidVpnConnName" in failure.text


def test_junit_escapes_markup_and_survives_control_characters():
    d = diag(message='bad <tag> & "quote" \x01\x1b end', hint="\x0b")
    root = junit(Report(diagnostics=[d], paths=["a.vpn.yaml"]))
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("message") == 'bad <tag> & "quote" \\x01\\x1b end\nhint: \\x0b'
    assert '<tag> & "quote"' in failure.text


def test_junit_lists_a_path_only_diagnostics_name():
    root = junit(Report(diagnostics=[diag(path="other.vpn.yaml")], paths=["a.vpn.yaml"]))
    assert [s.get("name") for s in root.findall("testsuite")] == ["a.vpn.yaml", "other.vpn.yaml"]
    assert root.get("tests") == "2" and root.get("failures") == "1"
