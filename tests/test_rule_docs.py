"""Every rule documents itself, and its documentation is true.

Meta-test over the registry: unique codes and names, the four doc sections,
and the examples: the "Example" block triggers the rule, the "Use instead"
block does not.  A fragment (no vpcId) is merged into the clean base spec of
tests/fixtures/base.vpn.yaml, keeping its ``# vpnlint:`` comments; a complete
spec, or several documents (across-spec rules), is linted as written.
"""

from __future__ import annotations

import re

import pytest
import yaml

from vpnlint.registry import load_registry
from vpnlint.rules import DOC_SECTIONS, InputRule

from lintkit import lint_text, with_base

RULES = list(load_registry())
#: input rules whose example cannot be reproduced from text in a docstring
NOT_REPRODUCIBLE = {
    "P005": "the bad example is a byte sequence that is not UTF-8",
    "P006": "the bad example is a file over the size limit",
    "P011": "the bad example is a file that cannot be read",
}
_COMMENT = re.compile(r"^\s*(?:-\s+)?([^\s#][^#]*?)\s*(#\s*vpnlint:.*)$")


def test_codes_and_names_are_unique_and_well_formed():
    codes = [rule.code for rule in RULES]
    names = [rule.name for rule in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[PANSX][0-9]{3}", code) for code in codes)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_doc_has_every_section(rule):
    sections = rule.doc_sections()
    assert sections["summary"], f"{rule.code} has no summary line"
    for title in DOC_SECTIONS:
        assert sections.get(title), f"{rule.code} lacks '## {title}'"
    assert rule.example("Example") and rule.example("Use instead"), f"{rule.code} lacks yaml examples"


def _as_spec_text(example: str) -> str:
    documents = [d for d in yaml.safe_load_all(example)]
    if len(documents) != 1 or not isinstance(documents[0], dict) or "vpcId" in documents[0]:
        return example
    merged = yaml.safe_dump(with_base(documents[0]), sort_keys=False, allow_unicode=True)
    # keep the example's suppression comments on the lines they annotate
    lines = merged.splitlines()
    for match in filter(None, map(_COMMENT.match, example.splitlines())):
        written, comment = match.groups()
        for index, line in enumerate(lines):
            if line.strip().lstrip("- ") == written.strip():
                lines[index] = f"{line}  {comment}"
                break
    return "\n".join(lines) + "\n"


def _codes(rule, example: str) -> set[str]:
    report = lint_text(_as_spec_text(example), rule_options={rule.code: dict(rule.example_options)})
    return {d.code for d in report.diagnostics}


@pytest.mark.parametrize("rule", [r for r in RULES if r.code not in NOT_REPRODUCIBLE], ids=lambda r: r.code)
def test_bad_example_triggers_the_rule(rule):
    text = rule.example("Example")
    found = {d.code for d in lint_text(text).diagnostics} if issubclass(rule, InputRule) else _codes(rule, text)
    assert rule.code in found, f"{rule.code}'s Example does not trigger it (got {sorted(found)})"


@pytest.mark.parametrize("rule", [r for r in RULES if not issubclass(r, InputRule)], ids=lambda r: r.code)
def test_good_example_does_not_trigger_the_rule(rule):
    found = _codes(rule, rule.example("Use instead"))
    assert rule.code not in found, f"{rule.code}'s 'Use instead' example still triggers it"
