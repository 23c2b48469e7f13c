"""The pre-commit hook, for real: ``pre-commit try-repo`` builds vpnlint from this
repository into its own virtual environment and runs the ``vpnlint`` hook of
.pre-commit-hooks.yaml on a temporary Git repository.

try-repo takes a repository at a commit (plus staged and modified tracked files,
but never untracked ones), so the test first commits a snapshot of this working
tree, tracked and untracked-but-not-ignored files alike, into a scratch
repository: the hook is built from exactly the files a commit of this tree
would hold, whether or not they are committed yet.

Each try-repo run creates a virtual environment and installs vpnlint into it
(its dependencies come from the package index: the hook's only network use), so
each takes some 30 seconds. pre-commit runs in subprocesses: the socket blocking
of conftest.py does not reach them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
MANIFEST = REPO / ".pre-commit-hooks.yaml"

GOOD_SPEC = """\
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
#: DES on line 8: S001 whatever else is found; another gateway pair and name, so
#: the across-spec rules have nothing to say about the good spec
BAD_SPEC = (GOOD_SPEC.replace("propoEncryAlgorithm: aes-cbc-256", "propoEncryAlgorithm: des-cbc")
            .replace("cgw-e098slul", "cgw-7q3w9e2r").replace("hq-to-office", "hq-to-branch")
            .replace("203.0.113.10", "198.51.100.7").replace("VPN_PSK_HQ", "VPN_PSK_BRANCH_2").replace("10.0.0.0/24", "10.0.1.0/24"))
BAD_JSON = """\
{"vpcId": "vpc-amhnnao5", "vpnGwId": "vpngw-dystbrkv", "userGwId": "cgw-1a2b3c4d",
 "vpnConnName": "branch", "preSharedKey": "${VPN_PSK_BRANCH}",
 "userGwCidrBlock": ["192.168.50.0/24"],
 "IKESet": {"propoEncryAlgorithm": "aes256", "remoteAddress": "198.51.100.40"}}
"""
#: Not a spec: it would be full of errors if vpnlint linted it.
UNRELATED_YAML = """\
name: build
on: [push]
jobs: {test: {runs-on: ubuntu-latest, steps: [{run: make test}]}}
"""

FILES = {
    "network/good.vpn.yaml": GOOD_SPEC,
    "network/bad.vpn.yml": BAD_SPEC,
    "network/branch.vpn.json": BAD_JSON,
    ".github/workflows/build.yaml": UNRELATED_YAML,
    # excluded by the config: pre-commit names it, --force-exclude skips it
    "legacy/old.vpn.yaml": BAD_SPEC,
    "pyproject.toml": '[tool.vpnlint]\nexclude = ["legacy"]\n',
}


def clean_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k != "PRE_COMMIT_HOME"}
    env.update(PRE_COMMIT_HOME=str(tmp / "pre-commit-home"), NO_COLOR="1", PRE_COMMIT_COLOR="never",
               GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0")
    env.pop("GITHUB_ACTIONS", None)
    return env


def git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def new_repo(path: Path, env: dict[str, str]) -> None:
    path.mkdir(parents=True, exist_ok=True)
    git("init", "-q", cwd=path, env=env)
    git("config", "user.name", "vpnlint tests", cwd=path, env=env)
    git("config", "user.email", "tests@vpnlint.invalid", cwd=path, env=env)
    git("config", "commit.gpgsign", "false", cwd=path, env=env)


def commit_all(path: Path, env: dict[str, str], message: str) -> None:
    git("add", "--all", cwd=path, env=env)
    git("commit", "-q", "--no-verify", "-m", message, cwd=path, env=env)


def snapshot_of_this_tree(dest: Path, env: dict[str, str]) -> Path:
    """This working tree, as a commit of its own (see the module docstring)."""
    listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=REPO, env=env, capture_output=True, timeout=120)
    if listing.returncode != 0:
        pytest.skip("not a Git checkout: nothing for pre-commit to clone")
    new_repo(dest, env)
    copied = 0
    for name in filter(None, listing.stdout.decode("utf-8").split("\0")):
        source = REPO / name
        if not (source.is_file() or source.is_symlink()):
            continue  # deleted in the working tree
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
        copied += 1
    assert (dest / ".pre-commit-hooks.yaml").is_file() and (dest / "pyproject.toml").is_file()
    commit_all(dest, env, f"snapshot of the vpnlint working tree ({copied} files)")
    return dest


def try_repo(hook_repo: Path, project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", "--color", "never", str(hook_repo), "vpnlint", *args],
        cwd=project, env=env, capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    pytest.importorskip("pre_commit", reason="pre-commit comes with the test extra: pip install -e '.[test]'")
    assert shutil.which("git"), "git is needed to test the pre-commit hook"
    tmp = tmp_path_factory.mktemp("pre-commit")
    env = clean_env(tmp)
    hook_repo = snapshot_of_this_tree(tmp / "vpnlint", env)
    project = tmp / "project with spaces"
    new_repo(project, env)
    for name, text in FILES.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    commit_all(project, env, "specs")
    return hook_repo, project, env


@pytest.fixture(scope="module")
def all_files(setup):
    hook_repo, project, env = setup
    result = try_repo(hook_repo, project, env, "--all-files")
    return result, result.stdout + result.stderr


def test_manifest_is_valid_and_matches_the_product_contract():
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(MANIFEST))
    assert hook["id"] == "vpnlint" and hook["language"] == "python"
    assert hook["entry"] == "vpnlint check --force-exclude"
    assert hook["files"] == r"\.vpn\.(ya?ml|json)$"
    # the across-spec (X) rules need every file in one process
    assert hook["require_serial"] is True
    assert hook["pass_filenames"] is True and hook["types"] == ["file"]
    raw = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert raw[0]["description"]


def test_hook_fails_on_the_bad_specs(all_files):
    result, output = all_files
    assert result.returncode == 1, output
    assert "- hook id: vpnlint" in output and "- exit code: 1" in output, output
    # vpnlint's own findings, not a usage error or a crash (exit code 2)
    assert "network/bad.vpn.yml:8:24: S001" in output, output
    assert "network/branch.vpn.json:" in output and "A003" in output, output
    for failure in ("Usage:", "No such option", "Traceback", "vpnlint: error"):
        assert failure not in output, output


def test_hook_skips_good_unrelated_and_excluded_files(all_files):
    _, output = all_files
    assert "network/bad.vpn.yml" in output, output  # the run did lint
    # a good spec may carry info notes (S005: SHA-1 is the best the API has), never more
    assert not re.search(r"good\.vpn\.yaml:\d+:\d+: [A-Z]\d{3} \[(error|warning)\]", output), output
    assert "build.yaml" not in output and "runs-on" not in output, output
    assert "legacy/old.vpn.yaml" not in output, output


def test_hook_passes_on_the_good_spec_and_an_unrelated_file(setup):
    hook_repo, project, env = setup
    result = try_repo(hook_repo, project, env, "--files", "network/good.vpn.yaml",
                      ".github/workflows/build.yaml", "legacy/old.vpn.yaml")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "vpnlint" in output and "Passed" in output, output
