"""Small helpers the tests share: lint text or paths in-process."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from vpnlint.engine import Engine, assemble
from vpnlint.registry import load_registry
from vpnlint.report import Report
from vpnlint.settings import Settings

FIXTURES = Path(__file__).resolve().parent / "fixtures"
_REGISTRY = load_registry()


def engine(**settings) -> Engine:
    return Engine(_REGISTRY, Settings(**settings))


def lint_bytes(files: dict[str, bytes], **settings) -> Report:
    """Lint several in-memory files as one run (so across-spec rules see them all)."""
    eng = engine(**settings)
    return assemble([eng.check_bytes(path, raw) for path, raw in files.items()], eng)


def lint_text(text: str, path: str = "t.vpn.yaml", **settings) -> Report:
    return lint_bytes({path: text.encode("utf-8")}, **settings)


def lint_paths(paths: list[Path], **settings) -> Report:
    eng = engine(**settings)
    return assemble([eng.check_file(str(p)) for p in paths], eng)


def base_spec() -> dict:
    """The clean connection of tests/fixtures/base.vpn.yaml."""
    return yaml.safe_load((FIXTURES / "base.vpn.yaml").read_text(encoding="utf-8"))


def with_base(fragment: dict) -> dict:
    """A fragment (as in a rule's doc example) merged into the clean base spec."""
    spec = copy.deepcopy(base_spec())
    if "userGwCidrBlock" in fragment:
        spec.pop("spdAcl", None)
    for key, value in fragment.items():
        if isinstance(value, dict) and isinstance(spec.get(key), dict):
            spec[key].update(value)
        else:
            spec[key] = value
    return spec


def codes(report: Report) -> list[str]:
    return [d.code for d in report.diagnostics]
