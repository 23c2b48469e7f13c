"""A non-editable install carries everything: code, every rule, the schema, the script.

The wheel is built from this checkout and installed into a folder of its own
(no network: dependencies come from the running environment), then run from a
folder outside the checkout, so nothing can be picked up from the source tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from vpnlint.registry import load_registry

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("packaging")
    wheels = work / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "-w", str(wheels), str(REPO)],
        check=True, cwd=work, capture_output=True, text=True)
    wheel = next(wheels.glob("vpnlint-*.whl"))
    target = work / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, text=True)
    return wheel, target, work


def _run(target: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(target), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_wheel_contains_schema_and_every_rule_module(installed):
    wheel, _, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "vpnlint/schemas/add-vpn-conn-ex.schema.json" in names
    for rule in load_registry():
        module_path = rule.__module__.replace(".", "/") + ".py"
        assert module_path in names, f"{rule.code} ({module_path}) is missing from the wheel"
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "vpnlint = vpnlint.cli:run" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_package_reads_its_schema_from_the_package(installed):
    _, target, work = installed
    code = ("import vpnlint, vpnlint.spec as s; from importlib import resources; "
            "print(vpnlint.__file__); "
            "print(resources.files('vpnlint.schemas').joinpath(s.SCHEMA_FILE).is_file()); "
            "print(s.schema()['title'])")
    result = _run(target, work, "-c", code)
    assert result.returncode == 0, result.stderr
    location, is_file, title = result.stdout.splitlines()
    assert location.startswith(str(target)), location
    assert is_file == "True"
    assert "AddVpnConnEx" in title


def test_installed_cli_checks_the_examples(installed):
    _, target, work = installed
    result = _run(target, work, "-m", "vpnlint", "check", "--format", "json", str(REPO / "examples"))
    assert result.returncode == 1, result.stderr  # the bad examples have errors
    report = json.loads(result.stdout)
    assert report["summary"]["files"] >= 5
    categories = {d["category"] for d in report["diagnostics"]}
    assert {"input", "api", "network", "security"} <= categories
    assert "Traceback" not in result.stderr
