"""The ``vpnlint`` command: check, rules, explain, schema.

Exit status: 0 no diagnostic at or above ``--fail-on``; 1 at least one; 2 the
tool could not do its job (bad option, bad config, path not found, a rule that
crashed).  Nothing a user can put in a file or on the command line produces a
traceback.
"""

from __future__ import annotations

import os
import sys
from typing import Iterable, Iterator

import click

from . import __version__, baseline, config, formats, parallel
from .discovery import PathNotFound
from .engine import Engine, FileResult, RuleCrashed, assemble
from .filters import ConfiguredDiscovery
from .model import Severity
from .registry import Registry, RuleError, load_registry
from .settings import Settings

EXIT_OK, EXIT_FINDINGS, EXIT_TOOL = 0, 1, 2


class ToolError(click.ClickException):
    """The tool's own failure: message on stderr, exit status 2."""

    exit_code = EXIT_TOOL

    def show(self, file=None) -> None:
        click.echo(f"vpnlint: error: {self.format_message()}", err=True)


def _split(values: Iterable[str]) -> list[str]:
    """``--select A,S --select N001`` -> ["A", "S", "N001"] (upper-cased)."""
    out = []
    for value in values:
        out.extend(part.strip().upper() for part in value.split(",") if part.strip())
    return out


def _check_selectors(selectors: list[str], registry: Registry, option: str) -> None:
    codes = registry.codes()
    for selector in selectors:
        if selector != "ALL" and not any(code.startswith(selector) for code in codes):
            raise ToolError(f"{option}: '{selector}' matches no rule code (see 'vpnlint rules')")


def _registry(plugins: list[str]) -> Registry:
    try:
        return load_registry(plugins)
    except RuleError as exc:
        raise ToolError(str(exc)) from None


def _configured(config_file: str | None, isolated: bool) -> tuple[Settings, Registry]:
    """Settings from the config file, and the rules (its plugins included)."""
    try:
        settings, source = config.load(config_file, isolated)
        registry = _registry(settings.plugins)
        config.check(source, settings, registry)
    except config.ConfigError as exc:
        raise ToolError(str(exc)) from None
    return settings, registry


_config_options = [
    click.option("--config", "config_file", type=click.Path(dir_okay=False),
                 help="Read this config file (.vpnlint.toml keys, or [tool.vpnlint] of a pyproject.toml) "
                      "instead of searching upward from the current folder."),
    click.option("--isolated", is_flag=True, help="Read no config file."),
]


def config_options(command):
    for option in reversed(_config_options):
        command = option(command)
    return command


class _Jobs(click.ParamType):
    """``--jobs``: a positive number of processes, or ``auto`` (None)."""

    name = "N|auto"

    def convert(self, value, param, ctx):
        if value is None or isinstance(value, int):
            return value
        try:
            return parallel.parse_jobs(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def _use_color(setting: str) -> bool:
    if setting == "always":
        return True
    if setting == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="vpnlint")
def main() -> None:
    """Lint Tencent Cloud AddVpnConnEx VPN connection specs, offline."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(formats.names()),
              help="Output format [default: text; github when GITHUB_ACTIONS=true].")
@click.option("--select", multiple=True, help="Codes, prefixes or category letters to check (replaces the default: ALL).")
@click.option("--extend-select", multiple=True, help="Codes or prefixes to check in addition.")
@click.option("--ignore", multiple=True, help="Codes, prefixes or category letters not to check.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              help="Lowest severity that makes the exit status 1 [default: error].")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False), help="Write the report here instead of stdout.")
@click.option("--stdin-filename", help="The name to use for '-' (stdin) in messages and for choosing the reader.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour in text output (never with NO_COLOR set).")
@click.option("--jobs", "-j", type=_Jobs(), default=parallel.AUTO, show_default=True,
              help=f"Processes to check files in: a number, or 'auto' (one per CPU, at most one per "
                   f"{parallel.MIN_FILES // 2} files, for runs of {parallel.MIN_FILES} files or more; else one). "
                   "A number is capped at two per CPU (at least 8) and at the number of files. "
                   "The output is the same either way.")
@config_options
@click.option("--force-exclude", is_flag=True, help="Apply 'exclude' to files named on the command line too.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False),
              help="Report only diagnostics not recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False),
              help="Record today's diagnostics in this file and exit 0.")
def check(paths: tuple[str, ...], output_format: str | None, select, extend_select, ignore,
          fail_on: str | None, output_file: str | None, stdin_filename: str | None, color: str,
          config_file: str | None, isolated: bool, force_exclude: bool, baseline_file: str | None,
          write_baseline: str | None, jobs: int | None) -> None:
    """Lint PATHS (files, folders, or - for stdin; default: the current folder)."""
    settings, registry = _configured(config_file, isolated)
    if select:  # replaces the config's select and extend-select; its ignore still applies
        settings.select = _split(select)
        settings.extend_select = []
        _check_selectors(settings.select, registry, "--select")
    if extend_select:
        settings.extend_select += _split(extend_select)
        _check_selectors(settings.extend_select, registry, "--extend-select")
    if ignore:
        settings.ignore += _split(ignore)
        _check_selectors(settings.ignore, registry, "--ignore")
    if fail_on:
        settings.fail_on = Severity.ERROR + 1 if fail_on == "never" else Severity.parse(fail_on)
    settings.force_exclude = settings.force_exclude or force_exclude
    if baseline_file and write_baseline:
        raise ToolError("--baseline and --write-baseline exclude each other")
    known = _load_baseline(baseline_file) if baseline_file else None
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    module = formats.get(output_format)
    settings.source_lines = getattr(module, "SOURCE_LINES", True)

    discovery = ConfiguredDiscovery(settings.include, tuple(settings.exclude), settings.force_exclude,
                                    root=settings.root)
    try:
        files = discovery.files(list(paths) or ["."])
    except PathNotFound as exc:
        raise ToolError(f"path not found: {exc}") from None

    engine = Engine(registry, settings)
    try:
        with parallel.no_cyclic_gc():
            results = parallel.check_files(engine, [path if path == "-" else _display(path) for path in files],
                                           jobs, check_stdin=lambda: _check_one(engine, "-", stdin_filename))
            report = assemble(results, engine)
            del results
    except (RuleCrashed, parallel.WorkerFailed) as exc:
        raise ToolError(str(exc)) from None
    if write_baseline:
        try:
            count = baseline.write(report.diagnostics, write_baseline)
        except baseline.BaselineError as exc:
            raise ToolError(str(exc)) from None
        click.echo(f"vpnlint: recorded {count} diagnostic{'' if count == 1 else 's'} in {write_baseline}", err=True)
        sys.exit(EXIT_OK)
    if known is not None:
        report.diagnostics = known.new(report.diagnostics)
    report.color = output_file is None and _use_color(color)
    _write(module.chunks(report) if hasattr(module, "chunks") else [module.render(report)], output_file)
    failing = any(d.severity >= settings.fail_on for d in report.diagnostics)
    sys.exit(EXIT_FINDINGS if failing else EXIT_OK)


def _load_baseline(path: str) -> baseline.Baseline:
    try:
        return baseline.Baseline.load(path)
    except baseline.BaselineError as exc:
        raise ToolError(str(exc)) from None


def _check_one(engine: Engine, path: str, stdin_filename: str | None) -> FileResult:
    if path == "-":
        raw = sys.stdin.buffer.read(engine.settings.limits.max_file_size + 1)
        return engine.check_bytes(stdin_filename or "-", raw)
    return engine.check_file(_display(path))


def _display(path: str) -> str:
    """Paths as the user wrote them, but without a leading ./ and with / separators."""
    path = os.path.normpath(path) if not os.path.isabs(path) else path
    return path.replace(os.sep, "/")


def _write(pieces: Iterable[str], output_file: str | None) -> None:
    """Write the report's text, piece by piece as the format yields it."""
    # backslashreplace: a file name that is not UTF-8 reaches us with surrogate
    # escapes (os.fsdecode), which strict UTF-8 cannot write; shown as \udcff it
    # keeps the output readable and JSON valid
    if output_file is None:
        out = sys.stdout.buffer
        for block in _blocks(pieces):
            out.write(block.encode("utf-8", "backslashreplace"))
        sys.stdout.flush()
        return
    try:
        with open(output_file, "w", encoding="utf-8", errors="backslashreplace", newline="") as handle:
            for block in _blocks(pieces):
                handle.write(block)
    except OSError as exc:
        raise ToolError(f"cannot write {output_file}: {exc.strerror}") from None


#: the report is written in blocks of about this many characters
_BLOCK = 1 << 16


def _blocks(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces joined into blocks of about 64 KiB, each written at once:
    with stdout unbuffered (``PYTHONUNBUFFERED=1``, as many CI images set) a
    write per piece was a system call per diagnostic, 10,434 for the bench
    corpus.  A block at a time, a large report is still never held whole."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= _BLOCK:
            yield "".join(batch)
            batch, size = [], 0
    if batch:
        yield "".join(batch)


@main.command()
@click.option("--format", "output_format", type=click.Choice(["table", "json", "markdown"]),
              default="table", show_default=True)
@config_options
def rules(output_format: str, config_file: str | None, isolated: bool) -> None:
    """List every rule: code, name, category, default severity, summary."""
    from . import catalog

    _, registry = _configured(config_file, isolated)
    click.echo(catalog.render(list(registry), output_format), nl=False)


@main.command()
@click.argument("code")
@config_options
def explain(code: str, config_file: str | None, isolated: bool) -> None:
    """Show one rule's documentation, with a bad and a good example."""
    from . import catalog

    _, registry = _configured(config_file, isolated)
    rule = registry.get(code.strip())
    if rule is None:
        try:
            rule = registry.by_name(code.strip().lower())
        except KeyError:
            raise ToolError(f"no rule '{code}' (see 'vpnlint rules')") from None
    click.echo(catalog.explain(rule), nl=False)


@main.command()
def schema() -> None:
    """Print the bundled JSON Schema (for yaml-language-server's $schema)."""
    from .spec import schema_text

    click.echo(schema_text(), nl=False)


def run() -> None:
    """The console script: :func:`main`, then the exit status, without tearing down.

    A run over thousands of files ends holding a million small objects (the
    diagnostics and summaries); an interpreter's normal exit frees them one by
    one, which measured a tenth of a 2,000-file run's time, after the report
    was written.  So, once ``main`` is done and stdout and stderr are flushed,
    the process exits at once (``os._exit``), as mypy does for the same
    reason.  ``main`` itself exits normally, for callers in-process (tests,
    ``python -m vpnlint``).
    """
    try:
        main()
        code: object = EXIT_OK
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = EXIT_OK
    elif not isinstance(code, int):  # sys.exit("message"), as Python would show it
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: what could be written was
            pass
    parallel.reap()  # a --jobs run's workers, which exited while the report was written
    os._exit(code)
