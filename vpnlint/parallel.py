"""Spread the per-file work of a run over processes (``vpnlint check --jobs``).

A file's check is independent of every other file's (:meth:`Engine.check_file`:
a path in, a picklable :class:`FileResult` out); the across-spec (X) rules,
the filters and the sorting run once, in :func:`vpnlint.engine.assemble`, on
all the results.  So a parallel run hands ``assemble`` exactly what a serial
run does, in the same order, and its output is the same, byte for byte.

This process is one of the N: it starts N - 1 workers and checks files
itself too, one at a time from the end of the list, while the workers take
chunks from its start.  It checks its first before it starts them (unless
that file is large), so that forked workers inherit what that imports and
builds (jsonschema and the validator: ~0.1 s of CPU each would spend again,
on a machine whose second core is rarely free).  Its share then costs neither pickling nor a process
of its own; measured on two cores (docs/performance.md), a run took a seventh
less CPU time than with two workers and this process waiting.

Each worker is a process with a pipe to this one and nothing else: no pool,
no threads.  It is sent chunks, as ``(start, end)`` indices into the list of
files it was given when it started, and sends back each chunk's results,
pickled.  This process hands a worker its next chunk when the results of one
come back, keeping ``PENDING`` ahead, and reads those results between its own
files; chunks shrink as the files run out, so little is left in a worker's
pipe when the two meet.  (A ``ProcessPoolExecutor`` did the same through two
threads of this process, which took the interpreter's lock from the checking
here at every chunk, and started its worker later: in a 2,000-file run on
two cores, the file phase took 6 % longer, the whole run 2.6 %.)
The price: while this process checks one very large file, a worker that has
finished its chunks waits for the next, and one whose results fill the pipe
waits for this process to read them.

A forked worker checks with this process's :class:`Engine`, inherited; a
spawned one (macOS, Windows) builds its own from the run's :class:`Settings`
(pickled to it) and :func:`load_registry` with the config's plugins, just as
the CLI does.  Either way plugins, rule options and severities apply in
workers too.

``--jobs auto`` (the default) uses one process per CPU for runs of at least
:data:`MIN_FILES` files, with at least ``MIN_FILES / 2`` files per worker, and
stays in one process below that: starting workers and sending their results
back costs more than it saves on a few dozen files (see docs/performance.md).  An
explicit ``--jobs N`` is obeyed for any run, but never starts more workers
than there are files, nor more processes than :func:`most_processes` (two per
CPU, at least eight): each worker builds its own engine, so ``--jobs 5000``
on a large tree would fork thousands of processes, gigabytes of memory, for
no speed a machine can give.
"""

from __future__ import annotations

import gc
import os
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator

from .engine import Engine, FileResult
from .registry import load_registry
from .settings import Settings

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

AUTO = "auto"
#: with ``--jobs auto``, runs of fewer files stay in one process, and each
#: worker gets at least half this many files (no 64 workers for 200 files)
MIN_FILES = 200
#: files per task sent to a worker, at most: smaller tasks cost more to send
MAX_CHUNK = 16
#: chunks a worker holds at once: the one it checks, and the next, so that it
#: does not wait for this process between two.  At the end of a run this
#: process waits for these (when every chunk was queued at the start, three
#: sat in a worker's pipe: 0.06-0.15 s of a 2,000-file run on two cores)
PENDING = 2
#: the ``start`` of a worker's message that carries its failure, not results
FAILED = -1


class WorkerFailed(Exception):
    """A worker process died (killed, out of memory): the run cannot finish."""


def parse_jobs(value: str) -> int | None:
    """``--jobs`` text -> a positive number of processes, or None for ``auto``."""
    text = value.strip().lower()
    if text == AUTO:
        return None
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"'{value}' is not a positive whole number or 'auto'")
    return int(text)


def cpu_count() -> int:
    """The CPUs this process may run on (the affinity mask, where there is one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def most_processes() -> int:
    """The most processes an explicit ``--jobs N`` starts: two per CPU (more
    than that only wait for a CPU), and at least eight, so that a run on a
    machine of one or two CPUs can still be spread as asked."""
    return max(8, 2 * cpu_count())


def plan(jobs: int | None, files: int) -> int:
    """How many processes check ``files`` files: 1 means this one, no workers."""
    if jobs is None:
        return 1 if files < MIN_FILES else min(cpu_count(), files // (MIN_FILES // 2))
    return max(1, min(jobs, files, most_processes()))


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """No cyclic garbage collection while a run lasts (reference counting
    frees what a run drops, as always).

    A run allocates objects that nearly all live to its end (diagnostics,
    summaries), and each young collection traverses those made since the last:
    in the main process of a default 2,000-file run, two of them took ~0.1 s
    of a 2.6 s run, with young collections every 50,000 allocations (every 700
    by default: unpickling a worker's results took 3x as long).  They found
    nothing to free: checking a file makes no reference cycles (the examples,
    the rule fixtures and hostile inputs; tests/test_performance.py checks
    it).  A plugin's rule that does make some keeps them to the end of the
    run.

    On exit the collector is enabled again if it was (the CLI also runs
    in-process, in tests), with what the run made moved to its oldest
    generation (``gc.freeze`` then ``gc.unfreeze``): enabled with all of it
    young, it would traverse all of it at the next allocation, another
    0.05 s.  The rare full collections still look at it, so a cycle made
    during the run is collected in the end.  (Objects a caller had frozen
    stay frozen, with the run's.)
    """
    was_enabled = gc.isenabled()
    frozen_before = gc.get_freeze_count()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if not frozen_before:
            gc.unfreeze()
        if was_enabled:
            gc.enable()


# -- the workers -------------------------------------------------------------------
def _work(engine: Engine | Settings, paths: list[str], conn: Connection) -> None:
    """A worker's life: check the chunks of ``paths`` this process sends,
    ``(start, end)``, sending back each one's ``(start, results)`` pickled,
    until it sends None.  A failure is sent back as ``(FAILED, exception)``
    for this process to raise.

    ``engine`` is this process's own when the worker was forked (inherited,
    not pickled: 10 ms a worker would spend building it again); a spawned
    worker gets the run's Settings and builds its engine as the CLI does."""
    import pickle
    import signal

    # Ctrl-C reaches the whole process group: this process stops the workers
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()  # for the worker's life, which is the run's: see no_cyclic_gc
    try:
        if isinstance(engine, Settings):
            engine = Engine(load_registry(engine.plugins), engine)
        while (task := conn.recv()) is not None:
            start, end = task
            found = [_slim(engine.check_file(path)) for path in paths[start:end]]
            conn.send_bytes(pickle.dumps((start, found), pickle.HIGHEST_PROTOCOL))
    except EOFError:  # this process is gone: nothing to report to
        pass
    except BaseException as exc:
        try:
            conn.send_bytes(_failure(exc))
        except OSError:
            pass


def _failure(exc: BaseException) -> bytes:
    import pickle

    try:
        return pickle.dumps((FAILED, exc), pickle.HIGHEST_PROTOCOL)
    except Exception:  # an exception that does not pickle: its text does
        return pickle.dumps((FAILED, WorkerFailed(f"a worker failed: {type(exc).__name__}: {exc}")))


def _slim(result: FileResult) -> FileResult:
    """Drop the file's text: nothing after the engine reads it, and kept for
    every file of a 10,000-file run it is tens of megabytes (and each byte
    would cross a pipe)."""
    result.text = ""
    return result


#: the largest file this process checks before it starts the workers (a
#: spec is a few KiB; one of 16 KiB, 32 connections, takes ~20 ms)
FIRST_FILE_BYTES = 16 * 1024


def _small(path: str) -> bool:
    try:
        return os.stat(path).st_size <= FIRST_FILE_BYTES
    except OSError:  # unreadable or gone: the check reports it, in its turn
        return False


def _context():
    """fork where it is safe and cheap (Linux: workers inherit the imported
    modules); spawn elsewhere (macOS, Windows)."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


# -- the run -------------------------------------------------------------------------
#: workers told to stop that may still be exiting (see :func:`reap`)
_exiting: list[BaseProcess] = []


def reap() -> None:
    """Wait for the workers of the runs so far, which :func:`check_files`
    left to exit on their own: the console script calls it before it exits,
    so that they are not left to init (and their CPU time is counted in the
    script's, as ``time`` shows it)."""
    while _exiting:
        _exiting.pop().join()


def check_files(engine: Engine, paths: list[str], jobs: int | None,
                check_stdin: Callable[[], FileResult] | None = None, context=None) -> list[FileResult]:
    """Check ``paths`` (``-`` is stdin, checked here by ``check_stdin``) and
    return their results in the order of ``paths``, with ``plan(jobs, ...)``
    processes.  A rule's crash in a worker is raised here as in a serial run.
    """
    def one(path: str) -> FileResult:
        if path == "-":
            assert check_stdin is not None, "'-' needs check_stdin"
            return _slim(check_stdin())
        return _slim(engine.check_file(path))

    reap()  # an earlier run's, in this process (a caller in-process)
    files = [i for i, path in enumerate(paths) if path != "-"]
    processes = plan(jobs, len(files))
    if processes <= 1:
        return [one(path) for path in paths]

    # imported here: a run in one process (every small one) needs none of it
    import pickle
    from multiprocessing.connection import wait

    context = context or _context()
    given = engine if context.get_start_method() == "fork" else engine.settings  # see _work
    todo = [paths[i] for i in files]  # what the workers are sent are indices into it
    results: list[FileResult | None] = [None] * len(paths)
    workers: dict[Connection, BaseProcess] = {}  # this process's end of each one's pipe -> its process
    outstanding: dict[Connection, int] = {}  # chunks handed to it and not back yet
    stopping: set[Connection] = set()  # told there is nothing more
    # the workers take chunks from the start of ``todo``, this process one file
    # at a time from its end: todo[:front] are the workers', todo[back:] this one's
    front, back = 0, len(todo)

    def died(conn: Connection) -> WorkerFailed:
        process = workers[conn]
        process.join(timeout=5)
        return WorkerFailed(f"a worker process died (exit status {process.exitcode}); "
                            "run with --jobs 1 to check in one process")

    def hand_out(conn: Connection) -> None:
        nonlocal front
        if front < back:
            # a quarter of each process's share of what is left, at most
            # MAX_CHUNK: the run ends with a file or two of a worker's to wait
            # for, not full chunks (20-38 ms of a 2,000-file run, measured, this
            # process's core idle)
            size = max(1, min(MAX_CHUNK, (back - front) // (processes * 4)))
            task: tuple[int, int] | None = (front, min(front + size, back))
            front = min(front + size, back)
            outstanding[conn] += 1
        elif conn not in stopping:
            # nothing left to hand out: it stops once its chunks are done,
            # while this process finishes its own (its exit takes 5-7 ms)
            task = None
            stopping.add(conn)
        else:
            return
        try:
            conn.send(task)
        except OSError:  # its end is closed: it died since it last sent
            raise died(conn) from None

    def take_back(timeout: float | None) -> None:
        # the results of every worker that sent some (waiting up to ``timeout``),
        # each handed its next chunk
        for conn in wait([conn for conn in workers if outstanding[conn]], timeout):
            try:
                start, found = pickle.loads(conn.recv_bytes())
            except (EOFError, OSError):
                raise died(conn) from None
            if start == FAILED:
                raise found
            for offset, result in enumerate(found, start):
                results[files[offset]] = result
            outstanding[conn] -= 1
            hand_out(conn)

    try:
        # this process's first file before the workers start: forked, they
        # inherit what checking one imports and builds (jsonschema and its
        # validator, ~0.1 s that each process would spend again).  Not a large
        # one: the workers would wait for all of it
        if _small(todo[back - 1]):
            back -= 1
            results[files[back]] = one(todo[back])
        for _ in range(processes - 1):
            mine, theirs = context.Pipe()
            process = context.Process(target=_work, args=(given, todo, theirs), daemon=True)
            try:
                process.start()
            except OSError as exc:  # out of processes or memory
                raise WorkerFailed(f"could not start a worker process ({exc}); "
                                   "run with --jobs 1 to check in one process") from None
            theirs.close()  # the worker's end is the worker's alone: its exit is EOF here
            workers[mine], outstanding[mine] = process, 0
        for _ in range(PENDING):
            for conn in workers:
                hand_out(conn)
        for index, path in enumerate(paths):  # stdin is this process's to read
            if path == "-":
                results[index] = one(path)
        while front < back:
            back -= 1
            results[files[back]] = one(todo[back])
            take_back(0)
        while any(outstanding.values()):
            take_back(None)
        for conn in workers:  # each was told to stop as its last chunk came back
            hand_out(conn)
        # each exits on its own (5-7 ms for the kernel to free its memory)
        # while this process goes on: reap() waits for it at the end
        _exiting.extend(workers.values())
    except BaseException:
        for process in workers.values():
            process.terminate()
            process.join()
        raise
    finally:
        for conn in workers:
            conn.close()
    return results  # type: ignore[return-value]
