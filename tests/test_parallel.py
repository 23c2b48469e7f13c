"""``vpnlint check --jobs``: the same output as one process, the X rules included.

The tree is the benchmark's corpus generator (bench/corpus.py, seeded) plus
exact copies of some files in another folder, so the across-spec rules have
duplicates to report across files that different workers check.  Workers run
as the CLI starts them (fork on Linux) and, once, with ``spawn``, which pickles
the Settings to them, as on macOS and Windows.
"""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import os
import pickle
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from vpnlint import parallel
from vpnlint.cli import main
from vpnlint.engine import Engine, RuleCrashed
from vpnlint.model import Severity
from vpnlint.registry import load_registry
from vpnlint.settings import Settings

REPO = Path(__file__).resolve().parents[1]
FILES = 240


def _corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("parallel") / "specs"
    paths = _corpus_module().generate(str(root), files=FILES, seed=7)
    # exact copies far apart in the walk order: same names, gateway pairs and keys
    # in files that different workers check
    copies = root / "zz-copies"
    copies.mkdir()
    for path in paths[:: len(paths) // 6][:6]:
        shutil.copy(path, copies / ("copy-" + os.path.basename(path)))
    return root


def run(args: list[str], cwd: Path | None = None, input: bytes | None = None):
    runner = CliRunner()
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(main, ["check", "--isolated", *args] if cwd is None else ["check", *args],
                             input=input, catch_exceptions=False)
    finally:
        os.chdir(old)


def test_the_corpus_generator_is_deterministic(tmp_path):
    corpus = _corpus_module()
    first = corpus.generate(str(tmp_path / "a"), files=30, seed=3)
    second = corpus.generate(str(tmp_path / "b"), files=30, seed=3)
    assert [Path(p).read_bytes() for p in first] == [Path(p).read_bytes() for p in second]
    other = corpus.generate(str(tmp_path / "c"), files=30, seed=4)
    assert [Path(p).read_bytes() for p in first] != [Path(p).read_bytes() for p in other]


def test_two_jobs_give_byte_identical_json_including_across_spec_rules(tree):
    serial = run(["--format", "json", "--jobs", "1", str(tree)])
    parallel_run = run(["--format", "json", "--jobs", "2", str(tree)])
    assert serial.exit_code == 1, serial.output
    assert parallel_run.exit_code == serial.exit_code
    assert parallel_run.stdout_bytes == serial.stdout_bytes
    report = json.loads(serial.stdout_bytes)
    assert report["summary"]["files"] == FILES + 6
    codes = {d["code"] for d in report["diagnostics"]}
    across = [d for d in report["diagnostics"] if d["code"].startswith("X")]
    # the copies make the across-spec rules report pairs of files
    assert {"X001", "X002", "X007"} <= codes, sorted(codes)
    assert any("zz-copies" in d["path"] for d in across)
    assert any("zz-copies" not in d["path"] for d in across)


def test_auto_and_text_output_match_a_serial_run(tree):
    serial = run(["--format", "text", "--color", "never", "--jobs", "1", str(tree)])
    auto = run(["--format", "text", "--color", "never", str(tree)])  # auto: FILES >= MIN_FILES
    assert FILES >= parallel.MIN_FILES
    assert auto.stdout_bytes == serial.stdout_bytes
    assert auto.exit_code == serial.exit_code == 1


def test_stdin_among_files_is_checked_in_place(tree):
    spec = (REPO / "tests" / "fixtures" / "base.vpn.yaml").read_bytes().replace(b"sha", b"md5")
    args = ["--format", "json", "--stdin-filename", "piped.vpn.yaml", str(tree / "team-000"), "-",
            str(tree / "team-001")]
    serial = run([*args, "--jobs", "1"], input=spec)
    parallel_run = run([*args, "--jobs", "2"], input=spec)
    assert parallel_run.stdout_bytes == serial.stdout_bytes
    paths = {d["path"] for d in json.loads(serial.stdout_bytes)["diagnostics"]}
    assert "piped.vpn.yaml" in paths


@pytest.mark.parametrize("value", ["0", "abc", "-1", "1.5", ""])
def test_a_bad_jobs_value_is_a_usage_error(tree, value):
    result = run(["--jobs", value, str(tree / "team-000")])
    assert result.exit_code == 2
    assert "--jobs" in result.output


def test_parse_jobs_and_plan():
    assert parallel.parse_jobs("auto") is None and parallel.parse_jobs(" AUTO ") is None
    assert parallel.parse_jobs("3") == 3
    for bad in ("0", "-2", "x", "2.0"):
        with pytest.raises(ValueError):
            parallel.parse_jobs(bad)
    assert parallel.plan(None, parallel.MIN_FILES - 1) == 1
    assert parallel.plan(None, 10_000) == min(parallel.cpu_count(), 100)
    assert parallel.plan(None, parallel.MIN_FILES) == min(parallel.cpu_count(), 2)
    assert parallel.plan(4, 3) == 3
    assert parallel.plan(1, 10_000) == 1
    assert parallel.plan(2, 0) == 1


def test_an_explicit_jobs_is_capped(monkeypatch):
    # two per CPU, at least eight: --jobs 5000 must not fork thousands of workers
    monkeypatch.setattr(parallel, "cpu_count", lambda: 2)
    assert parallel.plan(5000, 10_000) == 8
    assert parallel.plan(8, 10_000) == 8
    assert parallel.plan(9, 10_000) == 8
    monkeypatch.setattr(parallel, "cpu_count", lambda: 16)
    assert parallel.plan(5000, 10_000) == 32
    assert parallel.plan(20, 10_000) == 20
    assert parallel.plan(5000, 5) == 5


class _Recording:
    """This process's end of a worker's pipe, recording what goes through it."""

    def __init__(self, conn, log: list) -> None:
        self.conn, self.log = conn, log

    def send(self, obj) -> None:
        self.log.append(("sent", obj))
        self.conn.send(obj)

    def recv_bytes(self) -> bytes:
        data = self.conn.recv_bytes()
        self.log.append(("back", pickle.loads(data)[0]))
        return data

    def __getattr__(self, name):  # fileno, close: the pipe's own
        return getattr(self.conn, name)


class _Watching:
    """The start method the CLI uses, counting the workers started and
    recording each one's pipe."""

    def __init__(self) -> None:
        self.real = parallel._context()
        self.started = 0
        self.logs: list[list] = []
        self.events: list[str] = []  # of this process: workers started, files checked
        self.processes: list = []

    def Pipe(self):
        mine, theirs = self.real.Pipe()
        self.logs.append([])
        return _Recording(mine, self.logs[-1]), theirs

    def Process(self, **kwargs):
        self.started += 1
        self.events.append("worker started")
        self.processes.append(self.real.Process(**kwargs))
        return self.processes[-1]

    def __getattr__(self, name):  # get_start_method: the real one's
        return getattr(self.real, name)


@pytest.fixture
def watching(monkeypatch) -> _Watching:
    watch = _Watching()
    monkeypatch.setattr(parallel, "_context", lambda: watch)
    return watch


def test_a_huge_jobs_value_starts_no_more_workers_than_the_cap(tree, watching):
    serial = run(["--format", "json", "--jobs", "1", str(tree)])
    many = run(["--format", "json", "--jobs", "100000", str(tree)])
    assert many.stdout_bytes == serial.stdout_bytes
    assert watching.started == parallel.most_processes() - 1  # this process is one of them


PLUGIN = textwrap.dedent('''\
    import os
    import time

    from vpnlint.model import Finding, Severity
    from vpnlint.rules import ConnectionRule


    class CheckedBy(ConnectionRule):
        """Reports the process that checked the connection (a test plugin).

        ## What it does
        Says which process ran it.

        ## Why is this bad?
        It is not; it shows where the work was done.

        ## Example
        ```yaml
        vpnConnName: a
        ```

        ## Use instead
        ```yaml
        vpnConnName: a
        ```
        """

        code = "N990"
        name = "checked-by"
        severity = Severity.INFO
        options = {"label": "pid", "crash_on": "", "die_in_worker": 0}

        def check(self, conn):
            if self.options["die_in_worker"] and str(os.getpid()) != os.environ["VPNLINT_TEST_MAIN_PID"]:
                os._exit(self.options["die_in_worker"])
            name = conn.get("/vpnConnName")
            if self.options["crash_on"] and name == self.options["crash_on"]:
                raise RuntimeError("planted crash")
            if os.environ.get("VPNLINT_TEST_SHOW_PID"):
                time.sleep(0.002)  # so one worker cannot finish every chunk before the other starts
                yield Finding("/vpnConnName", f"{self.options['label']} {os.getpid()}")
            else:
                yield Finding("/vpnConnName", f"{self.options['label']} checked")
    ''')


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "checked_by_plugin.py").write_text(PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    return "checked_by_plugin"


def _settings(plugin: str, **options) -> Settings:
    return Settings(plugins=[plugin], severity={"N990": Severity.WARNING},
                    rule_options={"N990": {"label": "seen-by", **options}})


def test_settings_survive_pickling(plugin):
    settings = _settings(plugin)
    settings.ignore = ["S005"]
    assert pickle.loads(pickle.dumps(settings)) == settings


def test_config_plugins_and_options_apply_in_workers(tree, tmp_path, plugin):
    project = tmp_path / "project"
    project.mkdir()
    (project / ".vpnlint.toml").write_text(
        f'plugins = ["{plugin}"]\n[severity]\nN990 = "warning"\n[rules.N990]\nlabel = "seen-by"\n',
        encoding="utf-8")
    serial = run(["--format", "json", "--jobs", "1", str(tree)], cwd=project)
    parallel_run = run(["--format", "json", "--jobs", "2", str(tree)], cwd=project)
    assert serial.exit_code == 1, serial.output
    assert parallel_run.stdout_bytes == serial.stdout_bytes
    mine = [d for d in json.loads(serial.stdout_bytes)["diagnostics"] if d["code"] == "N990"]
    assert mine and all(d["message"] == "seen-by checked" and d["severity"] == "warning" for d in mine)


def test_a_worker_and_this_process_share_the_work_and_apply_the_settings(tree, plugin, monkeypatch):
    monkeypatch.setenv("VPNLINT_TEST_SHOW_PID", "1")
    settings = _settings(plugin)
    engine = Engine(load_registry(settings.plugins), settings)
    paths = sorted(str(p) for p in tree.rglob("*.vpn.*"))
    results = parallel.check_files(engine, paths, 2)
    assert [r.path for r in results] == paths
    pids = {d.message.split()[-1] for r in results for d in r.diagnostics if d.code == "N990"}
    # two processes: one worker, and this one, taking chunks from the end of the queue
    assert len(pids) == 2 and str(os.getpid()) in pids
    by_path = {r.path: d.message.split()[-1] for r in results for d in r.diagnostics if d.code == "N990"}
    assert by_path[paths[0]] != str(os.getpid()) == by_path[paths[-1]]
    labels = {d.message.split()[0] for r in results for d in r.diagnostics if d.code == "N990"}
    assert labels == {"seen-by"}


def test_spawned_workers_match_a_serial_run(tree, plugin):
    settings = _settings(plugin)
    engine = Engine(load_registry(settings.plugins), settings)
    paths = sorted(str(p) for p in (tree / "team-000").rglob("*.vpn.*"))[:40]
    serial = parallel.check_files(engine, paths, 1)
    spawned = parallel.check_files(engine, paths, 2, context=multiprocessing.get_context("spawn"))
    assert [r.diagnostics for r in spawned] == [r.diagnostics for r in serial]
    assert [r.summaries for r in spawned] == [r.summaries for r in serial]
    assert any(d.code == "N990" for r in spawned for d in r.diagnostics)


def test_a_rule_crash_in_a_worker_is_exit_2_naming_the_rule(tree, tmp_path, plugin):
    victim = json.loads(run(["--format", "json", "--jobs", "1", str(tree / "team-001")]).stdout_bytes)
    name = next(d for d in victim["diagnostics"])["path"]
    text = Path(name).read_text(encoding="utf-8")
    conn_name = next(line.split(":", 1)[1].strip().strip('"') for line in text.splitlines()
                     if "vpnConnName" in line)
    project = tmp_path / "crash"
    project.mkdir()
    (project / ".vpnlint.toml").write_text(
        f'plugins = ["{plugin}"]\n[rules.N990]\ncrash_on = "{conn_name}"\n', encoding="utf-8")
    for jobs in ("1", "2"):
        result = run(["--format", "json", "--jobs", jobs, str(tree)], cwd=project)
        assert result.exit_code == 2, (jobs, result.output)
        assert "N990" in result.output and "planted crash" in result.output


def test_a_crash_in_this_process_stops_the_workers(tree, plugin):
    # this process checks from the end of the list, its first file before the
    # worker starts (which starts from the front): a name that only one of
    # its next few files holds crashes here, while the worker runs
    paths = sorted(str(p) for p in tree.rglob("*.vpn.*"))
    texts = [Path(path).read_text(encoding="utf-8") for path in paths]

    def names(text: str) -> list[str]:
        return [line.split(":", 1)[1].strip().strip('"\',') for line in text.splitlines() if "vpnConnName" in line]

    name = next(name for text in reversed(texts[-12:-1]) for name in names(text)
                if sum(name in other for other in texts) == 1)
    settings = _settings(plugin, crash_on=name)
    engine = Engine(load_registry(settings.plugins), settings)
    with pytest.raises(RuleCrashed, match="planted crash"):
        parallel.check_files(engine, paths, 2)
    assert multiprocessing.active_children() == []


def _tree_ending_with(tmp_path: Path, last: bytes) -> list[str]:
    spec = (REPO / "tests" / "fixtures" / "base.vpn.yaml").read_bytes()
    paths = []
    for name, text in [*((f"a{i}.vpn.yaml", spec) for i in range(5)), ("z-last.vpn.yaml", last)]:
        (tmp_path / name).write_bytes(text)
        paths.append(str(tmp_path / name))
    return paths


def _logging_engine(watching: _Watching, monkeypatch) -> Engine:
    engine = Engine(load_registry([]), Settings())
    check_file, here = engine.check_file, os.getpid()

    def logged(path: str):
        if os.getpid() == here:  # a forked worker has its own copy of the log
            watching.events.append(os.path.basename(path))
        return check_file(path)
    monkeypatch.setattr(engine, "check_file", logged)
    return engine


def test_this_process_checks_its_first_file_before_the_workers_start(tmp_path, watching, monkeypatch):
    # forked after it, they inherit jsonschema and the validator it built
    spec = (REPO / "tests" / "fixtures" / "base.vpn.yaml").read_bytes()
    paths = _tree_ending_with(tmp_path, spec)
    results = parallel.check_files(_logging_engine(watching, monkeypatch), paths, 2)
    assert [r.path for r in results] == paths
    assert watching.events[:2] == ["z-last.vpn.yaml", "worker started"]


def test_a_large_first_file_is_not_checked_before_the_workers_start(tmp_path, watching, monkeypatch):
    # the workers would wait for all of it
    spec = (REPO / "tests" / "fixtures" / "base.vpn.yaml").read_bytes()
    large = spec + b"# " + b"x" * parallel.FIRST_FILE_BYTES + b"\n"
    paths = _tree_ending_with(tmp_path, large)
    results = parallel.check_files(_logging_engine(watching, monkeypatch), paths, 2)
    assert [r.path for r in results] == paths
    assert watching.events[0] == "worker started"
    assert "z-last.vpn.yaml" in watching.events  # this process's, all the same


class _DiesOnThirdChunk(_Recording):
    """A worker's pipe whose worker dies as it is sent its third chunk."""

    def __init__(self, conn, log: list, watching: _Watching) -> None:
        super().__init__(conn, log)
        self.watching = watching

    def send(self, obj) -> None:
        if sum(what == "sent" for what, _ in self.log) == parallel.PENDING:
            worker = self.watching.processes[-1]
            worker.kill()
            worker.join()
            raise BrokenPipeError(32, "Broken pipe")
        super().send(obj)


def test_a_worker_that_died_between_chunks_is_reported(tree, watching, monkeypatch):
    def pipe():
        mine, theirs = watching.real.Pipe()
        watching.logs.append([])
        return _DiesOnThirdChunk(mine, watching.logs[-1], watching), theirs
    monkeypatch.setattr(watching, "Pipe", pipe)
    engine = Engine(load_registry([]), Settings())
    paths = sorted(str(p) for p in tree.rglob("*.vpn.*"))
    with pytest.raises(parallel.WorkerFailed, match=r"a worker process died \(exit status -9\)"):
        parallel.check_files(engine, paths, 2)
    assert multiprocessing.active_children() == []


def test_chunks_are_handed_out_as_the_worker_needs_them(tree, watching):
    # all the chunks queued at the start left three in a worker's pipe for this
    # process to wait for at the end; handed out as results come back, a
    # worker never holds more than PENDING
    engine = Engine(load_registry([]), Settings())
    paths = sorted(str(p) for p in tree.rglob("*.vpn.*"))
    serial = parallel.check_files(engine, paths, 1)
    shared = parallel.check_files(engine, paths, 2)
    assert [r.diagnostics for r in shared] == [r.diagnostics for r in serial]
    assert watching.started == 1
    log, = watching.logs
    held = most_held = 0
    chunks = []
    for what, value in log:
        if what == "sent" and value is not None:
            chunks.append(value)
            held += 1
        elif what == "back":
            assert value == chunks[len(chunks) - held][0]  # results come back in the order sent
            held -= 1
        most_held = max(most_held, held)
    assert held == 0 and most_held == parallel.PENDING
    # told to stop once, when nothing was left to hand out, so that it exits
    # while this process checks its last files; then only results came back
    stop = log.index(("sent", None))
    assert log.count(("sent", None)) == 1 and log[stop - 1][0] == "back"
    assert {what for what, _ in log[stop + 1:]} <= {"back"}
    # the worker got chunks from the start of the list, one after the other;
    # this process checked the rest
    assert chunks[0][0] == 0 and all(a[1] == b[0] for a, b in zip(chunks, chunks[1:]))
    assert 0 < chunks[-1][1] < len(paths)
    # the worker was left to exit while this process went on; reap() waits for it
    worker, = parallel._exiting
    parallel.reap()
    assert parallel._exiting == [] and worker.exitcode == 0
    # chunks shrink as the files run out: the last leaves a file to wait for, not a full chunk
    sizes = [end - start for start, end in chunks]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] == parallel.MAX_CHUNK
    assert sizes[-1] == 1


def test_a_worker_that_dies_is_exit_2_and_no_worker_is_left(tree, tmp_path, plugin, monkeypatch):
    monkeypatch.setenv("VPNLINT_TEST_MAIN_PID", str(os.getpid()))
    project = tmp_path / "dies"
    project.mkdir()
    (project / ".vpnlint.toml").write_text(f'plugins = ["{plugin}"]\n[rules.N990]\ndie_in_worker = 7\n',
                                           encoding="utf-8")
    serial = run(["--format", "json", "--jobs", "1", str(tree)], cwd=project)
    assert serial.exit_code == 1  # the rule dies in workers only
    result = run(["--format", "json", "--jobs", "2", str(tree)], cwd=project)
    assert result.exit_code == 2, result.output
    assert "a worker process died (exit status 7)" in result.output
    assert "--jobs 1" in result.output
    assert multiprocessing.active_children() == []


def test_a_worker_failure_that_does_not_pickle_is_sent_as_text():
    class Odd(Exception):
        def __reduce__(self):
            raise TypeError("not today")

    start, exc = pickle.loads(parallel._failure(Odd("a worker's own bug")))
    assert start == parallel.FAILED
    assert isinstance(exc, parallel.WorkerFailed)
    assert str(exc) == "a worker failed: Odd: a worker's own bug"
    start, exc = pickle.loads(parallel._failure(ValueError("plain")))
    assert type(exc) is ValueError and str(exc) == "plain"
