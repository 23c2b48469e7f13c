"""Third-party rules, installed for real: a sample plugin package and vpnlint itself
are pip-installed into a temporary venv, and that venv's ``vpnlint`` runs in a
subprocess.

The packages are built by a tiny standard-library PEP 517 backend written next
to them (``_backend.py``), so ``pip install --no-deps --no-build-isolation``
needs neither the network nor ``wheel``/``setuptools`` in the running
environment.  vpnlint's own wheel is built the same way from a copy of
``vpnlint/`` and ``schemas/`` (its real packaging is tested by
tests/test_packaging.py).  The venv sees the running environment's packages
(``--system-site-packages``), so jsonschema, PyYAML, click and pip come from
there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BASE = (REPO / "tests" / "fixtures" / "base.vpn.yaml").read_text(encoding="utf-8")
NAME_LINE = 6  # vpnConnName: hq-to-office

BACKEND = '''\
"""A PEP 517 build backend in the standard library only, for the plugin tests."""
import base64, hashlib, json, os, pathlib, zipfile


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    meta = json.loads(pathlib.Path("package.json").read_text())
    dist = meta["name"].replace("-", "_")
    info = f"{dist}-{meta['version']}.dist-info"
    filename = f"{dist}-{meta['version']}-py3-none-any.whl"
    records = []
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w") as wheel:
        def add(name, data):
            wheel.writestr(name, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            records.append(f"{name},sha256={digest},{len(data)}")
        for source, target in meta["files"].items():
            root = pathlib.Path(source)
            for path in sorted(root.rglob("*.py")) + sorted(root.rglob("*.json")):
                if "__pycache__" not in path.parts:
                    add(f"{target}/{path.relative_to(root).as_posix()}", path.read_bytes())
        add(f"{info}/METADATA", f"Metadata-Version: 2.1\\nName: {meta['name']}\\nVersion: {meta['version']}\\n".encode())
        add(f"{info}/WHEEL", b"Wheel-Version: 1.0\\nGenerator: vpnlint-tests\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")
        lines = []
        for group, entries in meta.get("entry_points", {}).items():
            lines += [f"[{group}]"] + [f"{key} = {value}" for key, value in entries.items()]
        if lines:
            add(f"{info}/entry_points.txt", ("\\n".join(lines) + "\\n").encode())
        records.append(f"{info}/RECORD,,")
        wheel.writestr(f"{info}/RECORD", "\\n".join(records) + "\\n")
    return filename
'''

SAMPLE_RULES = '''\
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule


class NameWithoutTeamPrefix(ConnectionRule):
    """Flags a connection name that does not start with the team's prefix.

    ## What it does
    Checks that `vpnConnName` starts with the `prefix` option (default `net-`).

    ## Why is this bad?
    The console lists connections by name; the prefix says who to call.

    ## Example
    ```yaml
    vpnConnName: hq-to-office
    ```

    ## Use instead
    ```yaml
    vpnConnName: net-hq-to-office
    ```
    """

    code = "N900"
    name = "name-without-team-prefix"
    severity = Severity.WARNING
    options = {"prefix": "net-"}

    def check(self, conn):
        name = conn.data.get("vpnConnName")
        if isinstance(name, str) and not name.startswith(self.options["prefix"]):
            yield Finding("/vpnConnName", f"connection name does not start with {self.options['prefix']!r}",
                          hint=f"rename it {self.options['prefix']}{name}")
'''

SAMPLE_EXTRA = '''\
from vpnlint.model import Finding, Severity
from vpnlint.rules import ConnectionRule


class LongConnectionName(ConnectionRule):
    """Flags a connection name longer than ten characters.

    ## What it does
    Counts the characters of `vpnConnName`.

    ## Why is this bad?
    Long names are cut off in the team's dashboards.

    ## Example
    ```yaml
    vpnConnName: headquarters-to-office
    ```

    ## Use instead
    ```yaml
    vpnConnName: hq-office
    ```
    """

    code = "N901"
    name = "long-connection-name"
    severity = Severity.INFO

    def check(self, conn):
        name = conn.data.get("vpnConnName")
        if isinstance(name, str) and len(name) > 10:
            yield Finding("/vpnConnName", "connection name is longer than 10 characters")
'''

COLLIDING = SAMPLE_EXTRA.replace('"N901"', '"S001"').replace("long-connection-name", "long-name-again")
RAISING = SAMPLE_EXTRA.replace('"N901"', '"N902"').replace("long-connection-name", "always-crashes").replace(
    '        name = conn.data.get("vpnConnName")', '        raise RuntimeError("the plugin fell over")')


def _package(folder: Path, name: str, files: dict[str, str], modules: dict[str, str],
             entry_points: dict | None = None) -> Path:
    """A source tree with the test backend: ``files`` (path -> text) and ``modules``
    (folder in the tree -> its import path in the wheel)."""
    folder.mkdir(parents=True)
    (folder / "_backend.py").write_text(BACKEND)
    (folder / "pyproject.toml").write_text(
        '[build-system]\nrequires = []\nbuild-backend = "_backend"\nbackend-path = ["."]\n')
    (folder / "package.json").write_text(json.dumps(
        {"name": name, "version": "0.1", "files": modules, "entry_points": entry_points or {}}))
    for path, text in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(textwrap.dedent(text))
    return folder


def _pip(python: Path, *args: str) -> None:
    result = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                             "--no-index", "--disable-pip-version-check", *args],
                            capture_output=True, text=True, env=_env())
    assert result.returncode == 0, result.stdout + result.stderr


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "GITHUB_ACTIONS", "PYTHONSTARTUP", "VIRTUAL_ENV")}
    env.update(NO_COLOR="1", PYTHONNOUSERSITE="1", **extra)
    return env


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("plugins")
    env_dir = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(env_dir)],
                   check=True, capture_output=True)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    # vpnlint itself, from a copy (a build must not write into the checkout)
    source = _package(work / "src" / "vpnlint", "vpnlint", {}, {"vpnlint": "vpnlint", "schemas": "vpnlint/schemas"},
                      {"console_scripts": {"vpnlint": "vpnlint.cli:main"}})
    shutil.copytree(REPO / "vpnlint", source / "vpnlint", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "schemas", source / "schemas")
    sample = _package(work / "src" / "sample", "vpnlint-sample-rules",
                      {"vpnlint_sample/__init__.py": "", "vpnlint_sample/rules.py": SAMPLE_RULES,
                       "vpnlint_sample/extra.py": SAMPLE_EXTRA},
                      {"vpnlint_sample": "vpnlint_sample"},
                      {"vpnlint.rules": {"sample": "vpnlint_sample.rules"}})
    _pip(python, str(source), str(sample))
    # two broken plugins, each installed into a folder of its own and put on PYTHONPATH when wanted
    broken = {}
    for name, module in (("collide", COLLIDING), ("raiser", RAISING)):
        package = _package(work / "src" / name, f"vpnlint-{name}", {f"vpnlint_{name}/__init__.py": module},
                           {f"vpnlint_{name}": f"vpnlint_{name}"},
                           {"vpnlint.rules": {name: f"vpnlint_{name}"}})
        broken[name] = work / "site" / name
        _pip(python, "--target", str(broken[name]), str(package))
    project = work / "project"
    project.mkdir()
    (project / "hq.vpn.yaml").write_text(BASE)
    return {"script": bindir / ("vpnlint.exe" if os.name == "nt" else "vpnlint"), "python": python,
            "project": project, **broken}


@pytest.fixture
def project(venv):
    """The project folder, with no config left over from another test."""
    for leftover in (".vpnlint.toml", "cwd_rules.py"):
        (venv["project"] / leftover).unlink(missing_ok=True)
    (venv["project"] / "hq.vpn.yaml").write_text(BASE)
    return venv["project"]


def vpnlint(venv, *args: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = _env(**({"PYTHONPATH": str(pythonpath)} if pythonpath else {}))
    result = subprocess.run([str(venv["script"]), *args], capture_output=True, text=True,
                            cwd=venv["project"], env=env, timeout=60)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def diagnostics(result) -> list[tuple[int, int, str, str]]:
    return [(d["line"], d["column"], d["code"], d["severity"]) for d in json.loads(result.stdout)["diagnostics"]]


def test_vpnlint_runs_from_the_venv_not_the_checkout(venv, project):
    result = subprocess.run([str(venv["python"]), "-c", "import vpnlint; print(vpnlint.__file__)"],
                            capture_output=True, text=True, cwd=project, env=_env())
    assert Path(result.stdout.strip()).is_relative_to(venv["python"].parent.parent)


def test_the_plugin_rule_is_listed_and_explained(venv, project):
    rules = {r["code"]: r for r in json.loads(vpnlint(venv, "rules", "--format", "json").stdout)}
    assert rules["N900"] == {"code": "N900", "name": "name-without-team-prefix", "category": "network",
                             "severity": "warning",
                             "summary": "Flags a connection name that does not start with the team's prefix."}
    assert "N901" not in rules  # not an entry point: only when a config names it
    explained = vpnlint(venv, "explain", "N900").stdout
    assert "From plugin: sample (entry point vpnlint_sample.rules)" in explained


def test_the_plugin_rule_runs_like_a_built_in_one(venv, project):
    result = vpnlint(venv, "check", "--format", "json", "--select", "N9", "hq.vpn.yaml")
    assert diagnostics(result) == [(NAME_LINE, 14, "N900", "warning")]
    assert result.returncode == 0  # a warning does not fail the run by default
    assert json.loads(result.stdout)["diagnostics"][0]["hint"] == "rename it net-hq-to-office"


def test_ignore_severity_and_options_from_the_command_line_and_the_config(venv, project):
    ignored = vpnlint(venv, "check", "--format", "json", "--select", "N", "--ignore", "N900", "hq.vpn.yaml")
    assert diagnostics(ignored) == []
    (project / ".vpnlint.toml").write_text('select = ["N9"]\n[severity]\nN900 = "error"\n')
    raised = vpnlint(venv, "check", "--format", "json", "hq.vpn.yaml")
    assert diagnostics(raised) == [(NAME_LINE, 14, "N900", "error")]
    assert raised.returncode == 1
    (project / ".vpnlint.toml").write_text('select = ["N9"]\n[rules.N900]\nprefix = "hq-"\n')
    assert diagnostics(vpnlint(venv, "check", "--format", "json", "hq.vpn.yaml")) == []
    (project / ".vpnlint.toml").write_text('select = ["N9"]\n[rules.N900]\nprefixx = "hq-"\n')
    bad_option = vpnlint(venv, "check", "hq.vpn.yaml")
    assert bad_option.returncode == 2
    assert ".vpnlint.toml: rules.N900.prefixx: rule N900 has no option 'prefixx' (it has: prefix)" \
        in bad_option.stderr


def test_suppression_comments_and_per_file_ignores_hide_it(venv, project):
    (project / "hq.vpn.yaml").write_text(
        BASE.replace("vpnConnName: hq-to-office", "vpnConnName: hq-to-office  # vpnlint: disable=N900 -- legacy"))
    hidden = vpnlint(venv, "check", "--format", "json", "--select", "N9,P010", "hq.vpn.yaml")
    assert diagnostics(hidden) == []
    (project / "hq.vpn.yaml").write_text(BASE)
    (project / ".vpnlint.toml").write_text('select = ["N9"]\n[per-file-ignores]\n"hq.*" = ["N900"]\n')
    assert diagnostics(vpnlint(venv, "check", "--format", "json", "hq.vpn.yaml")) == []


def test_a_config_names_more_plugin_modules(venv, project):
    (project / ".vpnlint.toml").write_text('select = ["N9"]\nplugins = ["vpnlint_sample.extra"]\n')
    result = vpnlint(venv, "check", "--format", "json", "hq.vpn.yaml")
    assert [code for _, _, code, _ in diagnostics(result)] == ["N900", "N901"]
    assert "N901" in {r["code"] for r in json.loads(vpnlint(venv, "rules", "--format", "json").stdout)}


def test_nothing_is_imported_from_the_current_folder(venv, project):
    (project / "cwd_rules.py").write_text(SAMPLE_EXTRA)
    (project / ".vpnlint.toml").write_text('plugins = ["cwd_rules"]\n')
    refused = vpnlint(venv, "check", "hq.vpn.yaml")
    assert refused.returncode == 2
    assert "plugin cwd_rules (config plugins): cannot import cwd_rules: ModuleNotFoundError" in refused.stderr
    # importable the normal way (here: PYTHONPATH), it loads
    allowed = vpnlint(venv, "check", "--format", "json", "--select", "N901", "hq.vpn.yaml", pythonpath=project)
    assert [code for _, _, code, _ in diagnostics(allowed)] == ["N901"]


def test_a_plugin_whose_code_collides_is_exit_2_naming_it(venv, project):
    result = vpnlint(venv, "check", "hq.vpn.yaml", pythonpath=venv["collide"])
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("vpnlint: error: rule S001 from collide (entry point vpnlint_collide) "
                                    "collides with S001 (des-encryption) from vpnlint")


def test_a_plugin_that_raises_is_exit_2_naming_it(venv, project):
    result = vpnlint(venv, "check", "hq.vpn.yaml", pythonpath=venv["raiser"])
    assert result.returncode == 2
    assert result.stdout == ""
    assert ("rule N902 (always-crashes, from raiser (entry point vpnlint_raiser)) failed on hq.vpn.yaml: "
            "RuntimeError: the plugin fell over") in result.stderr


def _engine_with(rule: type):
    """An engine with the built-in rules and ``rule`` (as a config plugin), checking only ``rule``."""
    from vpnlint.engine import Engine
    from vpnlint.registry import load_registry
    from vpnlint.settings import Settings

    registry = load_registry(entry_points=False)
    registry.add(rule, "garbage (config plugins)")
    return Engine(registry, Settings(select=[rule.code]))


def test_a_check_that_yields_something_else_is_the_rule_failing_not_vpnlint():
    from vpnlint.engine import RuleCrashed
    from vpnlint.rules import ConnectionRule

    class YieldsText(ConnectionRule):
        code, name = "N903", "yields-text"

        def check(self, conn):
            yield "not a finding"

    engine = _engine_with(YieldsText)
    with pytest.raises(RuleCrashed, match=r"rule N903 \(yields-text, from garbage \(config plugins\)\) failed on "
                                          r"t.vpn.yaml: TypeError: the check must yield vpnlint.model.Finding"):
        engine.check_bytes("t.vpn.yaml", BASE.encode())


def test_a_run_rule_whose_note_raises_fails_as_that_rule():
    from vpnlint.engine import RuleCrashed
    from vpnlint.rules import RunRule

    class NotesBadly(RunRule):
        code, name = "X903", "notes-badly"

        def note(self, conn):
            return conn.data["noSuchField"]

        def check_run(self, summaries):
            return iter(())

    engine = _engine_with(NotesBadly)
    with pytest.raises(RuleCrashed, match=r"rule X903 \(notes-badly, from garbage \(config plugins\)\) failed on "
                                          r"t.vpn.yaml: KeyError: 'noSuchField'"):
        engine.check_bytes("t.vpn.yaml", BASE.encode())


def test_a_rule_whose_error_quotes_the_key_is_reported_without_it():
    # the error is printed as vpnlint's own (exit 2): the key must not be in it,
    # whatever the rule's exception says, nor in what it was raised from
    from vpnlint.engine import SECRET_SHOWN_AS, RuleCrashed
    from vpnlint.rules import ConnectionRule

    class QuotesTheKey(ConnectionRule):
        code, name = "N904", "quotes-the-key"

        def check(self, conn):
            raise ValueError(f"cannot use {conn.data['preSharedKey']!r} here")

    key = "Lit3ral-Pre-Shared-K3y"
    spec = BASE.replace(yaml.safe_load(BASE)["preSharedKey"], key)
    assert key in spec
    with pytest.raises(RuleCrashed) as raised:
        _engine_with(QuotesTheKey).check_bytes("t.vpn.yaml", spec.encode())
    message = str(raised.value)
    assert message.startswith("rule N904 (quotes-the-key, from garbage (config plugins)) failed on t.vpn.yaml: ")
    assert f"ValueError: cannot use '{SECRET_SHOWN_AS}' here" in message and key not in message
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


# -- the quick look for entry points before importlib.metadata ------------------------------------

def test_the_quick_look_finds_the_group_only_where_an_entry_points_file_names_it(tmp_path):
    from vpnlint.registry import _may_have_entry_points

    site = tmp_path / "site"
    (site / "other-1.0.dist-info").mkdir(parents=True)
    (site / "other-1.0.dist-info" / "entry_points.txt").write_text("[console_scripts]\nother = other:main\n")
    (site / "no_entry_points-2.0.dist-info").mkdir()
    assert not _may_have_entry_points([str(site), str(tmp_path / "missing")])

    (site / "plugin-0.1.egg-info").mkdir()
    (site / "plugin-0.1.egg-info" / "entry_points.txt").write_text("[vpnlint.rules]\nx = plugin.rules\n")
    assert _may_have_entry_points([str(site)])

    egg = tmp_path / "plugin-0.2.egg"
    (egg / "EGG-INFO").mkdir(parents=True)
    (egg / "EGG-INFO" / "entry_points.txt").write_text("[vpnlint.rules]\nx = plugin.rules\n")
    assert _may_have_entry_points([str(egg)])

    archive = tmp_path / "packages.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip: only importlib.metadata reads those
    assert _may_have_entry_points([str(archive)])
