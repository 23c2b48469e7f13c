"""Every rule, driven from its fixture pair in tests/fixtures/rules/<CODE>/.

``good.vpn.yaml`` (or the files of ``good/``) must give no error, no warning and
no diagnostic of the code.  In ``bad.vpn.yaml`` (or ``bad/``, linted as one run)
each line expected to carry a diagnostic ends with ``# expect: CODE [CODE...]``;
for every code marked anywhere, the lines it is reported on must be exactly the
marked ones.  An ``options.json`` beside them may set ``Settings`` limits.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from vpnlint.loaders import Limits
from vpnlint.model import Severity
from vpnlint.registry import load_registry

from lintkit import FIXTURES, lint_paths

RULE_FIXTURES = FIXTURES / "rules"
_MARK = re.compile(r"#\s*expect:\s*([A-Z][0-9]{3}(?:[\s,]+[A-Z][0-9]{3})*)")
#: rules whose bad case cannot be a committed file, and where they are tested instead
NO_FIXTURE = {
    "P011": "an unreadable file cannot be committed; tests/test_hostile_inputs.py makes one",
}
CODES = [rule.code for rule in load_registry()]


def _files(folder: Path, which: str) -> list[Path]:
    directory = folder / which
    if directory.is_dir():
        return sorted(p for p in directory.rglob("*") if p.is_file())
    return sorted(folder.glob(f"{which}.*"))


def _settings(folder: Path) -> dict:
    options = folder / "options.json"
    if not options.exists():
        return {}
    data = json.loads(options.read_text())
    return {"limits": Limits(**data.get("limits", {})), "rule_options": data.get("rule_options", {})}


def _markers(paths: list[Path]) -> dict[str, set[tuple[str, int]]]:
    expected: dict[str, set[tuple[str, int]]] = {}
    for path in paths:
        text = path.read_bytes().decode("utf-8", "replace")
        for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
            match = _MARK.search(line)
            if match:
                for code in re.split(r"[\s,]+", match.group(1)):
                    expected.setdefault(code, set()).add((str(path), number))
    return expected


@pytest.mark.parametrize("code", [c for c in CODES if c not in NO_FIXTURE])
def test_bad_fixture_reports_exactly_the_marked_lines(code):
    folder = RULE_FIXTURES / code
    paths = _files(folder, "bad")
    assert paths, f"{code} has no bad fixture in {folder}"
    expected = _markers(paths)
    assert code in expected, f"no line of {code}'s bad fixture is marked '# expect: {code}'"
    report = lint_paths(paths, **_settings(folder))
    for marked_code, lines in expected.items():
        actual = {(d.path, d.line) for d in report.diagnostics if d.code == marked_code}
        assert actual == lines, (
            f"{marked_code}: reported on {sorted(actual)}, marked {sorted(lines)}\n"
            + "\n".join(f"{d.path}:{d.line}:{d.column} {d.code} {d.message}" for d in report.diagnostics))


@pytest.mark.parametrize("code", [c for c in CODES if c not in NO_FIXTURE])
def test_good_fixture_is_clean(code):
    folder = RULE_FIXTURES / code
    paths = _files(folder, "good")
    assert paths, f"{code} has no good fixture in {folder}"
    report = lint_paths(paths, **_settings(folder))
    noisy = [d for d in report.diagnostics if d.code == code or d.severity >= Severity.WARNING]
    assert not noisy, "\n".join(f"{d.path}:{d.line}:{d.column} {d.code} {d.message}" for d in noisy)


def test_every_fixture_folder_belongs_to_a_rule():
    folders = {p.name for p in RULE_FIXTURES.iterdir() if p.is_dir()}
    assert folders <= set(CODES), f"fixtures for unknown codes: {sorted(folders - set(CODES))}"
