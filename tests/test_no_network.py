"""No network, proven on the installed program.

conftest.py blocks ``socket`` for in-process tests.  This test runs the
*installed* console script in subprocesses whose socket module refuses every
connection: a ``sitecustomize.py`` first on ``PYTHONPATH`` replaces
``socket.socket.connect``/``connect_ex``, ``socket.create_connection`` and
``socket.getaddrinfo`` with functions that record the attempt and raise.  Every
format is run over every example, and ``rules``, ``explain``, ``schema`` and
``--version`` too; no attempt may be recorded, and every process (worker
processes of ``--jobs`` included) must show that the trap was really loaded.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from vpnlint import formats
from vpnlint.registry import load_registry

REPO = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).parent / ("vpnlint.exe" if os.name == "nt" else "vpnlint")

SITECUSTOMIZE = textwrap.dedent('''\
    """Loaded by every Python process the test starts: no socket may connect."""
    import os
    import socket

    _LOG = os.environ["VPNLINT_TEST_SOCKET_LOG"]
    with open(os.environ["VPNLINT_TEST_MARKER"], "a", encoding="utf-8") as _marker:
        _marker.write(f"{os.getpid()}\\n")


    def _trap(name):
        def refuse(*args, **kwargs):
            with open(_LOG, "a", encoding="utf-8") as log:
                log.write(f"{os.getpid()} {name} {args[1:] if name.startswith('socket.socket') else args!r}\\n")
            raise OSError(f"network use refused by the vpnlint no-network test ({name})")
        return refuse


    socket.socket.connect = _trap("socket.socket.connect")
    socket.socket.connect_ex = _trap("socket.socket.connect_ex")
    socket.create_connection = _trap("socket.create_connection")
    socket.getaddrinfo = _trap("socket.getaddrinfo")
''')


def _examples() -> list[Path]:
    """Every file under examples/ (the fixtures if there are none)."""
    for root in (REPO / "examples", REPO / "tests" / "fixtures"):
        files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        if files:
            return files
    pytest.fail("neither examples/ nor tests/fixtures/ holds a file to lint")


@pytest.fixture
def trapped(tmp_path):
    """run(*args) -> CompletedProcess of the installed script under the socket trap."""
    assert SCRIPT.is_file(), (
        f"the vpnlint console script is not installed next to {sys.executable}: "
        f"expected {SCRIPT} (pip install . in this environment)")
    trap = tmp_path / "trap"
    trap.mkdir()
    (trap / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "socket-attempts.log"
    runs: list[Path] = []

    def run(*args: str, stdin: str | None = None, command: list[str] | None = None):
        marker = tmp_path / f"marker-{len(runs)}"
        runs.append(marker)
        env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
        env["PYTHONPATH"] = os.pathsep.join([str(trap)] + [p for p in [env.get("PYTHONPATH")] if p])
        env["VPNLINT_TEST_SOCKET_LOG"] = str(log)
        env["VPNLINT_TEST_MARKER"] = str(marker)
        result = subprocess.run(command or [str(SCRIPT), *args], input=stdin, capture_output=True,
                                text=True, encoding="utf-8", env=env, cwd=REPO, timeout=300)
        assert marker.is_file(), f"the socket trap was not loaded in {args or command}"
        assert "Traceback" not in result.stderr, result.stderr
        return result

    run.attempts = lambda: log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    run.markers = runs
    return run


def test_the_trap_catches_a_connection(trapped):
    # the control: without it, a broken trap would make the real test pass vacuously
    code = "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 443), timeout=1)\nexcept OSError:\n    pass\n"
    trapped(command=[sys.executable, "-c", code])
    (attempt,) = trapped.attempts()
    assert "socket.create_connection" in attempt and "192.0.2.1" in attempt


@pytest.mark.parametrize("output_format", formats.names())
def test_every_format_over_every_example_opens_no_socket(trapped, output_format):
    examples = [str(path.relative_to(REPO)) for path in _examples()]
    result = trapped("check", "--format", output_format, *examples)
    assert result.returncode in (0, 1), result.stderr
    assert result.stdout.strip(), f"{output_format} printed nothing"
    # and from stdin, as an editor sends a buffer
    piped = trapped("check", "--format", output_format, "--stdin-filename", examples[0], "-",
                    stdin=(REPO / examples[0]).read_text(encoding="utf-8"))
    assert piped.returncode in (0, 1), piped.stderr
    assert trapped.attempts() == []


def test_a_run_over_several_processes_opens_no_socket(trapped, tmp_path):
    # --jobs starts worker processes: forked ones inherit the trap, spawned ones load it
    tree = tmp_path / "tree"
    tree.mkdir()
    examples = [p for p in _examples() if p.name.endswith((".vpn.yaml", ".vpn.yml", ".vpn.json"))]
    for copy in range(40):
        for example in examples:
            (tree / f"{copy}-{example.name}").write_bytes(example.read_bytes())
    result = trapped("check", "--format", "json", "--jobs", "2", str(tree))
    assert result.returncode in (0, 1), result.stderr
    pids = trapped.markers[-1].read_text(encoding="utf-8").split()
    assert len(pids) >= 1
    assert trapped.attempts() == []


def test_rules_explain_schema_and_version_open_no_socket(trapped):
    runs = [("rules",), ("rules", "--format", "json"), ("rules", "--format", "markdown"),
            ("schema",), ("--version",)]
    codes = sorted({rule.code[0]: rule.code for rule in load_registry()}.values())  # one per category
    runs += [("explain", code) for code in codes]
    for args in runs:
        result = trapped(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stdout.strip(), args
    assert trapped.attempts() == []
