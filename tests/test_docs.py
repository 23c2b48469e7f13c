"""docs/rules.md is generated from the rules, and its anchors are what SARIF links to.

The page is committed so it can be read on GitHub and linked from SARIF
``helpUri``; these tests fail as soon as a rule's code, name, severity or
docstring changes without the page being regenerated.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from pathlib import Path

import pytest

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
    page = RULES_MD.read_text(encoding="utf-8") if RULES_MD.is_file() else generated()
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
