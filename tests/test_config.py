"""The config file: where it is found, what every key does, and that mistakes are exit 2."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from vpnlint import config
from vpnlint.cli import main
from vpnlint.model import Severity
from vpnlint.rules.across._common import branch, documents

from lintkit import FIXTURES

BASE = (FIXTURES / "base.vpn.yaml").read_text(encoding="utf-8")
DES = BASE.replace("propoEncryAlgorithm: aes-cbc-256", "propoEncryAlgorithm: des-cbc")  # S001 on line 10


class Run:
    def __init__(self, result) -> None:
        # a traceback is never an answer: only SystemExit may end a run
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        self.code = result.exit_code
        self.stdout = result.stdout
        self.stderr = result.stderr

    @property
    def diagnostics(self) -> list[dict]:
        return json.loads(self.stdout)["diagnostics"]

    def found(self) -> list[tuple[str, int, str]]:
        return [(d["path"], d["line"], d["code"]) for d in self.diagnostics]


def run(cwd: Path, *args: str, monkeypatch) -> Run:
    monkeypatch.chdir(cwd)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return Run(CliRunner().invoke(main, list(args)))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path):
    """project/ with a DES spec in specs/ and in specs/legacy/, and a sub-folder to run from."""
    root = tmp_path / "project"
    write(root / "specs" / "hq.vpn.yaml", DES)
    write(root / "specs" / "legacy" / "old.vpn.yaml", DES.replace("hq-to-office", "old")
          .replace("vpngw-dystbrkv", "vpngw-k2m4p6q8").replace("10.0.0.0/24", "10.0.9.0/24"))
    (root / "work").mkdir()
    return root


# -- finding the file -------------------------------------------------------------------
def test_found_upward_and_the_nearest_wins(tree, monkeypatch):
    write(tree / "pyproject.toml", '[tool.vpnlint]\nselect = ["S001"]\n')
    found, table = config.find(tree / "work")
    assert found == (tree / "pyproject.toml").resolve() and table == {"select": ["S001"]}
    write(tree / "work" / ".vpnlint.toml", 'select = ["S005"]\n')
    assert config.find(tree / "work")[0] == (tree / "work" / ".vpnlint.toml").resolve()
    result = run(tree / "work", "check", "--format", "json", "../specs/hq.vpn.yaml", monkeypatch=monkeypatch)
    assert {code for _, _, code in result.found()} == {"S005"}


def test_vpnlint_toml_beats_pyproject_in_one_folder(tree, monkeypatch):
    write(tree / "pyproject.toml", '[tool.vpnlint]\nselect = ["S001"]\n')
    write(tree / ".vpnlint.toml", 'select = ["S005"]\n')
    result = run(tree, "check", "--format", "json", "specs/hq.vpn.yaml", monkeypatch=monkeypatch)
    assert {code for _, _, code in result.found()} == {"S005"}


def test_a_pyproject_without_a_vpnlint_table_is_passed_over(tree, monkeypatch):
    write(tree / ".vpnlint.toml", 'select = ["S001"]\n')
    write(tree / "work" / "pyproject.toml", '[project]\nname = "x"\n[tool.other]\nvpnlint = 1\n')
    assert config.find(tree / "work")[0] == (tree / ".vpnlint.toml").resolve()
    result = run(tree / "work", "check", "--format", "json", "../specs/hq.vpn.yaml", monkeypatch=monkeypatch)
    assert result.found() == [("../specs/hq.vpn.yaml", 10, "S001")]


def test_config_option_names_a_file_and_isolated_reads_none(tree, monkeypatch):
    write(tree / ".vpnlint.toml", 'select = ["S001"]\n')
    write(tree / "ci" / "strict.toml", 'select = ["S005"]\n')
    named = run(tree, "check", "--format", "json", "--config", "ci/strict.toml", "specs/hq.vpn.yaml",
                monkeypatch=monkeypatch)
    assert {code for _, _, code in named.found()} == {"S005"}
    isolated = run(tree, "check", "--format", "json", "--isolated", "specs/hq.vpn.yaml", monkeypatch=monkeypatch)
    assert {code for _, _, code in isolated.found()} == {"S001", "S005"}
    both = run(tree, "check", "--isolated", "--config", "ci/strict.toml", monkeypatch=monkeypatch)
    assert both.code == 2 and "--config and --isolated" in both.stderr


def test_config_option_with_a_pyproject_needs_the_table(tree, monkeypatch):
    write(tree / "other" / "pyproject.toml", '[project]\nname = "x"\n')
    result = run(tree, "check", "--config", "other/pyproject.toml", monkeypatch=monkeypatch)
    assert result.code == 2
    assert "other/pyproject.toml: has no [tool.vpnlint] table" in result.stderr
    missing = run(tree, "check", "--config", "nope.toml", monkeypatch=monkeypatch)
    assert missing.code == 2 and "config file not found: nope.toml" in missing.stderr


# -- what the keys do ---------------------------------------------------------------------
def test_select_ignore_extend_select_severity_and_fail_on(tree, monkeypatch):
    write(tree / ".vpnlint.toml", """
select = ["S00"]
ignore = ["S005"]
extend-select = ["N"]
fail-on = "warning"
[severity]
S001 = "warning"
S0 = "info"
""")
    result = run(tree, "check", "--format", "json", "specs/hq.vpn.yaml", monkeypatch=monkeypatch)
    assert [(d["code"], d["severity"]) for d in result.diagnostics] == [("S001", "warning")]
    assert result.code == 1  # fail-on = warning


def test_command_line_select_replaces_ignore_and_extend_select_add(tree, monkeypatch):
    write(tree / ".vpnlint.toml", 'select = ["S001"]\nextend-select = ["S005"]\nignore = ["S002"]\n')
    replaced = run(tree, "check", "--format", "json", "--select", "S", "specs/hq.vpn.yaml", monkeypatch=monkeypatch)
    codes = {code for _, _, code in replaced.found()}
    assert {"S001", "S005"} <= codes
    assert "S002" not in codes  # the config's ignore still applies
    only = run(tree, "check", "--format", "json", "--select", "S001", "specs/hq.vpn.yaml", monkeypatch=monkeypatch)
    assert {code for _, _, code in only.found()} == {"S001"}  # the config's extend-select went with select
    added = run(tree, "check", "--format", "json", "--ignore", "S001", "--extend-select", "A",
                "specs/hq.vpn.yaml", monkeypatch=monkeypatch)
    assert {code for _, _, code in added.found()} == {"S005"}
    never = run(tree, "check", "--fail-on", "never", "specs/hq.vpn.yaml", monkeypatch=monkeypatch)
    assert never.code == 0


def test_include_exclude_and_per_file_ignores_are_relative_to_the_config_folder(tree, monkeypatch):
    write(tree / "specs" / "extra.yaml", DES.replace("hq-to-office", "extra")
          .replace("vpngw-dystbrkv", "vpngw-x9y8z7w6").replace("10.0.0.0/24", "10.0.8.0/24"))
    write(tree / ".vpnlint.toml", """
select = ["S001"]
include = ["*.vpn.yaml", "specs/extra.yaml"]
exclude = ["specs/legacy"]
[per-file-ignores]
"specs/hq.vpn.yaml" = ["S"]
""")
    from_root = run(tree, "check", "--format", "json", monkeypatch=monkeypatch)
    assert from_root.found() == [("specs/extra.yaml", 10, "S001")]
    # the same patterns, run from another folder with paths that climb out of it
    from_work = run(tree / "work", "check", "--format", "json", "..", monkeypatch=monkeypatch)
    assert from_work.found() == [("../specs/extra.yaml", 10, "S001")]
    # a file named on the command line is linted even when excluded ...
    named = run(tree / "work", "check", "--format", "json", "../specs/legacy/old.vpn.yaml", monkeypatch=monkeypatch)
    assert named.found() == [("../specs/legacy/old.vpn.yaml", 10, "S001")]
    # ... unless --force-exclude (or force-exclude = true) says otherwise
    forced = run(tree / "work", "check", "--format", "json", "--force-exclude", "../specs/legacy/old.vpn.yaml",
                 "../specs/hq.vpn.yaml", monkeypatch=monkeypatch)
    assert forced.found() == [] and json.loads(forced.stdout)["summary"]["files"] == 1


_PATTERNS = st.sampled_from(["*.vpn.yaml", "*.json", "*", "a", "b/", "./a", "legacy", "x*", "a/*",
                              "cfg/a", "**/b/*.yaml", "cfg/legacy/", "a\\b", "?.vpn.yaml", ""])
_PARTS = st.sampled_from(["a", "b", "legacy", "node_modules", "x.vpn.yaml", "A"])
_NAMES = st.sampled_from(["x.vpn.yaml", "a", "b.json", "legacy", "y.yaml", "X.VPN.YAML", "a.vpn.yaml"])


@hypothesis_settings(max_examples=300)
@given(include=st.lists(_PATTERNS, min_size=1, max_size=3), exclude=st.lists(_PATTERNS, max_size=3),
       folder=st.tuples(st.sampled_from(["cfg", ".", "other", "cfg/../cfg"]), st.lists(_PARTS, max_size=3)),
       name=_NAMES)
# an include pattern matching a folder only; an exclude pattern with a '/'; a folder excluded
@example(include=["a", "**/b/*.yaml"], exclude=[], folder=("cfg", ["a"]), name="y.yaml")
@example(include=["*.vpn.yaml"], exclude=["a/*"], folder=("cfg", ["a"]), name="x.vpn.yaml")
@example(include=["*.vpn.yaml"], exclude=["legacy"], folder=("cfg", ["legacy", "b"]), name="x.vpn.yaml")
def test_a_walk_wants_a_file_as_its_patterns_say(include, exclude, folder, name):
    # the walk works out once per folder what the patterns say of it: the same
    # answer as matching each file's whole path from the config's folder
    import fnmatch

    from vpnlint.discovery import DEFAULT_EXCLUDE
    from vpnlint.filters import ConfiguredDiscovery, path_matches

    root = "cfg"
    folder_path = os.path.join(folder[0], *folder[1])
    path = os.path.join(folder_path, name)
    discovery = ConfiguredDiscovery(tuple(include), tuple(exclude), root=root)
    named = any(fnmatch.fnmatch(name, pattern.rstrip("/").rsplit("/", 1)[-1]) for pattern in include)
    expected = named and not any(path_matches(path, p, root) for p in DEFAULT_EXCLUDE + tuple(exclude)) \
        and any(path_matches(path, p, root) for p in include)
    assert discovery._wanted_in(folder_path)(name) == expected


def test_per_file_ignores_serve_json_and_win_over_select(tree, monkeypatch):
    import yaml

    write(tree / "specs" / "hq.vpn.json", json.dumps(yaml.safe_load(DES)))
    write(tree / ".vpnlint.toml", '[per-file-ignores]\n"*.json" = ["S001", "S005"]\n')
    result = run(tree, "check", "--format", "json", "--select", "S001,S005", "specs/hq.vpn.json",
                 monkeypatch=monkeypatch)
    assert result.found() == []
    assert result.code == 0


def test_force_exclude_key(tree, monkeypatch):
    write(tree / ".vpnlint.toml", 'exclude = ["legacy"]\nforce-exclude = true\n')
    result = run(tree, "check", "--format", "json", "specs/legacy/old.vpn.yaml", monkeypatch=monkeypatch)
    assert json.loads(result.stdout)["summary"]["files"] == 0


def test_rule_options_reach_the_rule(tree, monkeypatch):
    write(tree / "three.vpn.yaml", documents(branch(1), branch(2), branch(3)))
    default = run(tree, "check", "--format", "json", "--select", "X003", "three.vpn.yaml", monkeypatch=monkeypatch)
    assert default.found() == []
    write(tree / ".vpnlint.toml", "[rules.X003]\nmax = 2\n")
    tight = run(tree, "check", "--format", "json", "--select", "X003", "three.vpn.yaml", monkeypatch=monkeypatch)
    assert [code for _, _, code in tight.found()] == ["X003"]
    write(tree / ".vpnlint.toml", "[rules.vpn-gateway-quota]\nmax = 1\n")  # by name too
    by_name = run(tree, "check", "--format", "json", "--select", "X003", "three.vpn.yaml", monkeypatch=monkeypatch)
    assert [code for _, _, code in by_name.found()] == ["X003", "X003"]


def test_limits(tree, monkeypatch):
    write(tree / ".vpnlint.toml", "max-file-size = 100\n")
    result = run(tree, "check", "--format", "json", "specs/hq.vpn.yaml", monkeypatch=monkeypatch)
    assert [code for _, _, code in result.found()] == ["P006"]
    settings, _ = config.load(str(write(tree / "l.toml", "max-depth = 7\nmax-alias-nodes = 50\n")))
    assert (settings.limits.max_depth, settings.limits.max_alias_nodes) == (7, 50)


def test_every_key_lands_in_settings(tree):
    path = write(tree / "all.toml", """
select = ["a", "S"]
extend-select = ["N001"]
ignore = ["S005"]
fail-on = "info"
include = ["*.yaml"]
exclude = ["old"]
force-exclude = true
plugins = ["vpnlint_site.rules"]
max-file-size = 2048
max-depth = 9
[severity]
S = "warning"
[per-file-ignores]
"lab/*" = ["S"]
[rules.X003]
max = 30
""")
    settings, source = config.load(str(path))
    assert settings.select == ["A", "S"] and settings.extend_select == ["N001"] and settings.ignore == ["S005"]
    assert settings.fail_on == Severity.INFO and settings.include == ("*.yaml",) and settings.exclude == ["old"]
    assert settings.force_exclude is True and settings.plugins == ["vpnlint_site.rules"]
    assert (settings.limits.max_file_size, settings.limits.max_depth) == (2048, 9)
    assert settings.severity == {"S": Severity.WARNING} and settings.per_file_ignores == {"lab/*": ["S"]}
    assert settings.root == str(tree.resolve()) or settings.root == str(tree)
    assert source.rules == {"X003": {"max": 30}}


# -- mistakes: exit 2, naming the file and the key --------------------------------------
@pytest.mark.parametrize("text, message", [
    ('selct = ["S"]\n', ".vpnlint.toml: selct: unknown key (did you mean 'select'?)"),
    ('select = "S"\n', ".vpnlint.toml: select: expected a list of strings, got a string"),
    ('select = ["S9999"]\n', ".vpnlint.toml: select: 'S9999' is not a rule code, prefix or category letter"),
    ('ignore = ["Q"]\n', ".vpnlint.toml: ignore: 'Q' matches no rule code"),
    ('select = ["S", "S999", "A99"]\n', ".vpnlint.toml: select: 'S999', 'A99' match no rule code"),
    ('fail-on = "fatal"\n', ".vpnlint.toml: fail-on: expected one of error, warning, info, never, got 'fatal'"),
    ('[severity]\nS001 = "critical"\n', ".vpnlint.toml: severity.S001: expected one of error, warning, info"),
    ('[severity]\nZ001 = "info"\n', ".vpnlint.toml: severity.Z001: 'Z001' matches no rule code"),
    ('[per-file-ignores]\n"a/*" = "S"\n', '.vpnlint.toml: per-file-ignores."a/*": expected a list of strings'),
    ('[per-file-ignores]\n"a/*" = ["S777"]\n', ".vpnlint.toml: per-file-ignores.\"a/*\": 'S777' matches no rule code"),
    ('include = []\n', ".vpnlint.toml: include: must not be empty"),
    ('force-exclude = "yes"\n', ".vpnlint.toml: force-exclude: expected true or false, got a string"),
    ('max-file-size = -1\n', ".vpnlint.toml: max-file-size: expected a positive integer, got -1"),
    ('max-depth = true\n', ".vpnlint.toml: max-depth: expected a positive integer, got True"),
    ('plugins = ["./my_rules.py"]\n', ".vpnlint.toml: plugins: './my_rules.py' is not a module name"),
    ('plugins = ["no_such_vpnlint_plugin"]\n', "plugin no_such_vpnlint_plugin (config plugins): cannot import"),
    ('[rules.X999]\nmax = 3\n', ".vpnlint.toml: rules.X999: no rule has this code or name"),
    ('[rules.X003]\nmaximum = 3\n', ".vpnlint.toml: rules.X003.maximum: rule X003 has no option 'maximum' (it has: max)"),
    ('[rules.X003]\nmax = "30"\n', ".vpnlint.toml: rules.X003.max: expected an integer like the default (20), got a string"),
    ('[rules.X003]\nmax = -3\n', ".vpnlint.toml: rules.X003.max: must be 0 or more, got -3"),
    ('[rules.S001]\nmax = 3\n', ".vpnlint.toml: rules.S001: rule S001 (des-encryption) takes no options"),
    ("rules = 3\n", ".vpnlint.toml: rules: expected a table of rule tables"),
    ('[tool.vpnlint]\nselect = ["S"]\n', ".vpnlint.toml: tool: unknown key (in .vpnlint.toml the keys are top-level"),
    ('select = ["S"\n', ".vpnlint.toml: invalid TOML: "),
    ("max-depth = " + "1" * 5000 + "\n", ".vpnlint.toml: cannot read a value: Exceeds the limit (4300 digits)"),
    ("select = " + "[" * 100_000 + "]" * 100_000 + "\n", ".vpnlint.toml: invalid TOML: arrays or tables nested too deeply"),
    ("x = " + "{a=" * 10_000 + "1" + "}" * 10_000 + "\n", ".vpnlint.toml: invalid TOML: arrays or tables nested too deeply"),
])
def test_a_mistake_is_exit_2_naming_file_and_key(tree, monkeypatch, text, message):
    write(tree / ".vpnlint.toml", text)
    result = run(tree, "check", "specs", monkeypatch=monkeypatch)
    assert result.code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_pyproject_keys_are_named_with_their_table(tree, monkeypatch):
    write(tree / "pyproject.toml", '[tool.vpnlint]\nextend-selekt = ["S"]\n')
    result = run(tree / "work", "check", monkeypatch=monkeypatch)
    assert result.code == 2
    assert f"{tree.resolve() / 'pyproject.toml'}: tool.vpnlint.extend-selekt: unknown key " \
           f"(did you mean 'extend-select'?)" in result.stderr


def test_bytes_that_are_not_utf8_are_exit_2(tree, monkeypatch):
    (tree / ".vpnlint.toml").write_bytes(b'select = ["\xff"]\n')
    result = run(tree, "check", monkeypatch=monkeypatch)
    assert result.code == 2 and ".vpnlint.toml: not UTF-8 text" in result.stderr


def test_unknown_codes_on_the_command_line_are_exit_2(tree, monkeypatch):
    result = run(tree, "check", "--isolated", "--ignore", "S001,Q12", "specs", monkeypatch=monkeypatch)
    assert result.code == 2 and "'Q12' matches no rule code" in result.stderr


def test_the_rules_command_reads_the_config_too(tree, monkeypatch):
    write(tree / ".vpnlint.toml", 'plugins = ["no_such_vpnlint_plugin"]\n')
    assert run(tree, "rules", monkeypatch=monkeypatch).code == 2
    assert run(tree, "rules", "--isolated", monkeypatch=monkeypatch).code == 0


@pytest.mark.parametrize("path, root, expected", [
    ("specs/a.vpn.yaml", ".", "specs/a.vpn.yaml"),
    ("./specs/../specs/a.vpn.yaml", "specs", "a.vpn.yaml"),
    ("specs", "specs", "."),
    ("specsx/a.vpn.yaml", "specs", "{cwd}/specsx/a.vpn.yaml"),  # a name that merely starts alike
    ("a.vpn.yaml", "specs", "{cwd}/a.vpn.yaml"),                # outside the root: absolute
    ("-", "specs", "-"),
])
def test_relative_paths_from_a_config_folder(tmp_path, monkeypatch, path, root, expected):
    from vpnlint.filters import relative

    monkeypatch.chdir(tmp_path)
    assert relative(path, root) == expected.format(cwd=str(tmp_path).replace(os.sep, "/"))
    assert relative(path, str(tmp_path / root)) == relative(path, root)
