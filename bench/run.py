"""Time vpnlint against the libyaml floor and check-jsonschema, in one run.

    pip install '.[test]'          # vpnlint and check-jsonschema
    python bench/run.py            # about three minutes on two cores

What it does (docs/performance.md explains the choices and holds the figures):

1. writes a seeded corpus to bench/corpus/ (2,000 files; 10,000 for the
   memory run), unless the same one is already there;
2. runs, alternating, round after round (a, b, c, a, b, c, ...):
   (a) the floor: ``python bench/floor.py`` reads and composes every file with
       libyaml and nothing else;
   (b) ``vpnlint check --format json`` of the corpus, every rule, default
       ``--jobs`` (and ``--jobs 1``, to show the serial figure too);
   (c) ``check-jsonschema --schemafile bench/add-vpn-conn-ex.bench-schema.json``
       over the same files;
   then one-file runs of (b) and (c), alternating too;
3. a 10,000-file run of vpnlint, with ``--jobs 1`` and the default, for peak
   memory (the whole process tree's, sampled from /proc);
4. prints medians, ratios and peaks, the targets met or not, and writes them
   to bench/.out/results.json.

Every command is a process of its own, started the same way, its output sent to
/dev/null; times are wall-clock from start to exit.  Nothing touches the
network.  The children run without PYTHONDONTWRITEBYTECODE, so each tool's
bytecode cache is used after the warm-up runs, as after a pip install.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402  (bench/corpus.py)

CORPUS = HERE / "corpus"
OUT = HERE / ".out"
SCHEMA = HERE / "add-vpn-conn-ex.bench-schema.json"
TARGETS = {
    "corpus_vs_floor": 4.0,
    "corpus_vs_check_jsonschema": 0.2,
    "one_file_vs_check_jsonschema": 0.75,
    "peak_mib_10k": 150.0,
}


def tool(name: str) -> str:
    """The console script installed beside this Python, else the one on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if not found:
        sys.exit(f"bench: {name} not found; run: pip install '.[test]'")
    return found


def ensure_corpus(name: str, files: int, seed: int) -> list[str]:
    """The corpus in bench/corpus/NAME, regenerated when its recipe changed."""
    folder = CORPUS / name
    recipe = {"files": files, "seed": seed,
              "generator": hashlib.sha256((HERE / "corpus.py").read_bytes()).hexdigest()}
    stamp = folder / ".recipe.json"
    if not (stamp.exists() and json.loads(stamp.read_text()) == recipe):
        print(f"bench: writing {files} files to {folder} ...", flush=True)
        corpus.generate(str(folder), files=files, seed=seed)
        stamp.write_text(json.dumps(recipe))
    return sorted(str(p) for p in folder.rglob("*.vpn.*"))


def child_env() -> dict[str, str]:
    # each tool as it runs by default: bytecode caches written and read, output buffered
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME", "PYTHONUNBUFFERED")}
    env["NO_COLOR"] = "1"
    return env


def _pss(pid: int) -> int:
    """Proportional set size: resident bytes, each shared page divided among
    the processes sharing it (forked workers share the parent's modules)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _tree_rss(root: int) -> tuple[int, int]:
    """Resident bytes (RSS, and PSS) of ``root`` and its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total = shared = 0
    for pid in rss:
        probe = pid
        while probe > 1 and probe != root:
            probe = parents.get(probe, 0)
        if probe == root:
            total += rss[pid]
            shared += _pss(pid)
    return total, shared


def run(cmd: list[str], env: dict[str, str], sample_tree: bool = False) -> dict:
    """One timed run: wall seconds, CPU seconds (the process and its children),
    the largest process's peak RSS, and with ``sample_tree`` the whole tree's."""
    peak_tree = peak_pss = 0
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    done = threading.Event()

    def sample():
        nonlocal peak_tree, peak_pss
        while not done.wait(0.01):
            try:
                rss, pss = _tree_rss(proc.pid)
                peak_tree, peak_pss = max(peak_tree, rss), max(peak_pss, pss)
            except Exception:  # a process that vanished mid-scan
                pass
    sampler = threading.Thread(target=sample, daemon=True) if sample_tree else None
    if sampler:
        sampler.start()
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    if sampler:
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(cmd[:4])} ... exited {proc.returncode}:\n{stderr.decode(errors='replace')}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024,
            "tree_mib": peak_tree / 2**20 if sample_tree else None,
            "tree_pss_mib": peak_pss / 2**20 if sample_tree else None, "exit": proc.returncode}


def summarise(runs: list[dict]) -> dict:
    walls = [r["wall"] for r in runs]
    return {"median": statistics.median(walls), "min": min(walls), "max": max(walls),
            "cpu": statistics.median(r["cpu"] for r in runs), "peak_mib": max(r["peak_mib"] for r in runs),
            "runs": len(runs), "walls": [round(wall, 4) for wall in walls]}


def alternate(commands: dict[str, list[str]], rounds: int, env: dict[str, str], label: str) -> dict[str, dict]:
    for cmd in commands.values():  # warm-up: bytecode caches, page cache
        run(cmd, env)
    times: dict[str, list[dict]] = {name: [] for name in commands}
    for number in range(rounds):
        print(f"bench: {label} round {number + 1}/{rounds}", flush=True)
        for name, cmd in commands.items():
            times[name].append(run(cmd, env))
    return {name: summarise(runs) for name, runs in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description="Time vpnlint against the libyaml floor and check-jsonschema.")
    parser.add_argument("--files", type=int, default=2000, help="files in the corpus [2000]")
    parser.add_argument("--seed", type=int, default=corpus.SEED)
    parser.add_argument("--rounds", type=int, default=5, help="rounds over the corpus [5]")
    parser.add_argument("--one-rounds", type=int, default=15, help="rounds of the one-file runs [15]")
    parser.add_argument("--big", type=int, default=10_000, help="files in the memory run; 0 skips it [10000]")
    args = parser.parse_args()

    load_before = os.getloadavg()
    vpnlint, cjs = tool("vpnlint"), tool("check-jsonschema")
    env = child_env()
    files = ensure_corpus("main", args.files, args.seed)
    folder = str(CORPUS / "main")
    one = next(p for p in files if p.endswith(".yaml"))
    python = sys.executable

    whole = alternate({
        "floor": [python, str(HERE / "floor.py"), folder],
        "vpnlint": [vpnlint, "check", "--isolated", "--format", "json", folder],
        "vpnlint_jobs1": [vpnlint, "check", "--isolated", "--format", "json", "--jobs", "1", folder],
        "check_jsonschema": [cjs, "--schemafile", str(SCHEMA), *files],
    }, args.rounds, env, "corpus")
    single = alternate({
        "vpnlint": [vpnlint, "check", "--isolated", "--format", "json", one],
        "check_jsonschema": [cjs, "--schemafile", str(SCHEMA), one],
    }, args.one_rounds, env, "one file")

    big = {}
    if args.big:
        big_files = ensure_corpus("big", args.big, args.seed + 1)
        big_folder = str(CORPUS / "big")
        for label, extra in (("jobs1", ["--jobs", "1"]), ("auto", [])):
            print(f"bench: {args.big} files, vpnlint {label}", flush=True)
            result = run([vpnlint, "check", "--isolated", "--format", "json", *extra, big_folder], env,
                         sample_tree=True)
            big[label] = {**result, "files": len(big_files)}

    ratios = {
        "corpus_vs_floor": whole["vpnlint"]["median"] / whole["floor"]["median"],
        "corpus_vs_check_jsonschema": whole["vpnlint"]["median"] / whole["check_jsonschema"]["median"],
        "jobs1_corpus_vs_floor": whole["vpnlint_jobs1"]["median"] / whole["floor"]["median"],
        "jobs1_corpus_vs_check_jsonschema": whole["vpnlint_jobs1"]["median"] / whole["check_jsonschema"]["median"],
        "one_file_vs_check_jsonschema": single["vpnlint"]["median"] / single["check_jsonschema"]["median"],
    }
    results = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_before": load_before},
        "corpus": {"files": len(files), "seed": args.seed, "one_file": os.path.relpath(one, HERE.parent)},
        "whole": whole, "single": single, "big": big, "ratios": ratios, "targets": TARGETS,
    }
    results["machine"]["load_after"] = os.getloadavg()
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    report(results)


def report(results: dict) -> None:
    whole, single, big, ratios = results["whole"], results["single"], results["big"], results["ratios"]
    print()
    machine = results["machine"]
    print(f"corpus: {results['corpus']['files']} files; one file: {results['corpus']['one_file']}")
    print(f"machine: {machine['cpus']} CPUs, Python {machine['python']}; load average before the run: "
          f"{', '.join(f'{x:.2f}' for x in machine['load_before'])}, after: "
          f"{', '.join(f'{x:.2f}' for x in machine.get('load_after', ()))} (other processes skew the times)")
    print(f"{'command':34s} {'median s':>9s} {'min':>7s} {'max':>7s} {'cpu s':>7s} {'peak MiB':>9s}")
    rows = [("(a) floor: libyaml compose", whole["floor"]), ("(b) vpnlint check (default jobs)", whole["vpnlint"]),
            ("    vpnlint check --jobs 1", whole["vpnlint_jobs1"]), ("(c) check-jsonschema", whole["check_jsonschema"]),
            ("(b) vpnlint, one file", single["vpnlint"]), ("(c) check-jsonschema, one file", single["check_jsonschema"])]
    for label, row in rows:
        print(f"{label:34s} {row['median']:9.3f} {row['min']:7.3f} {row['max']:7.3f} {row['cpu']:7.3f} "
              f"{row['peak_mib']:9.1f}")
    for label, row in big.items():
        tree = (f", whole tree {row['tree_mib']:.1f} MiB RSS ({row['tree_pss_mib']:.1f} MiB PSS: shared "
                f"pages counted once)") if row["tree_mib"] is not None else ""
        print(f"vpnlint, {row['files']} files, {label}: {row['wall']:.2f} s, largest process "
              f"{row['peak_mib']:.1f} MiB{tree}")
    print()
    checks = [
        ("corpus <= 4x the floor", ratios["corpus_vs_floor"], "<=", 4.0),
        ("corpus <= 0.2x check-jsonschema", ratios["corpus_vs_check_jsonschema"], "<=", 0.2),
        ("one file <= 0.75x check-jsonschema", ratios["one_file_vs_check_jsonschema"], "<=", 0.75),
    ]
    if "jobs1" in big:
        checks.append((f"peak memory, {big['jobs1']['files']} files, --jobs 1 (one process) <= 150 MiB",
                       big["jobs1"]["peak_mib"], "<=", 150.0))
    if "auto" in big:
        checks.append((f"peak memory, {big['auto']['files']} files, default jobs, largest process <= 150 MiB",
                       big["auto"]["peak_mib"], "<=", 150.0))
        checks.append((f"peak memory, {big['auto']['files']} files, default jobs, whole process tree "
                       f"(RSS summed) <= 150 MiB", big["auto"]["tree_mib"], "<=", 150.0))
        checks.append((f"peak memory, {big['auto']['files']} files, default jobs, whole process tree "
                       f"(PSS summed) <= 150 MiB", big["auto"]["tree_pss_mib"], "<=", 150.0))
    for label, value, _, limit in checks:
        print(f"{'met ' if value <= limit else 'MISSED'} {label}: {value:.3f}")
    print(f"       (--jobs 1: {ratios['jobs1_corpus_vs_floor']:.2f}x the floor, "
          f"{ratios['jobs1_corpus_vs_check_jsonschema']:.3f}x check-jsonschema)")
    print(f"\nwritten to {OUT / 'results.json'}")


if __name__ == "__main__":
    main()
