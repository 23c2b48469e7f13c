"""The README is the front door: its rule table and commands must stay true."""

from __future__ import annotations

import re
from pathlib import Path

from vpnlint.registry import load_registry
from vpnlint.report import rule_anchor

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_rule_table_lists_every_rule_with_its_name_and_severity():
    rows = re.findall(r"^\| \[([A-Z]\d{3})\]\(docs/rules\.md#([a-z0-9-]+)\) \| ([a-z0-9-]+) \| (\w+) \|", README,
                      re.MULTILINE)
    listed = {code: (anchor, name, severity) for code, anchor, name, severity in rows}
    for rule in load_registry(entry_points=False):
        assert rule.code in listed, f"{rule.code} is missing from the README's rule table"
        assert listed[rule.code] == (rule_anchor(rule), rule.name, str(rule.severity)), rule.code
    assert len(listed) == len(list(load_registry(entry_points=False)))


def test_the_two_fresh_machine_commands_are_there():
    assert "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/vpnlint check examples/" in README
    assert "python3 -m venv .venv && .venv/bin/pip install '.[test]' && .venv/bin/pytest" in README


def test_ci_script_runs_the_readme_test_command():
    script = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    command = "python3 -m venv .venv && .venv/bin/pip install '.[test]' && .venv/bin/pytest"
    assert command in README
    assert script.rstrip().splitlines()[-1] == command


def test_every_config_key_is_documented_in_the_readme():
    from vpnlint import config

    for key in config._KEYS:  # the parser table is the list of keys
        assert f"`{key}`" in README, f"config key {key} is not documented in the README"
