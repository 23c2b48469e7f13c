"""The config file -> :class:`vpnlint.settings.Settings`.

Where: ``--config PATH``; else the nearest of the current folder and its
parents holding ``.vpnlint.toml`` (top-level keys) or a ``pyproject.toml`` with
a ``[tool.vpnlint]`` table (a ``pyproject.toml`` without one is passed over; in
one folder ``.vpnlint.toml`` wins).  ``--isolated`` reads none.

Every key and value is checked: a mistake is a :class:`ConfigError` naming the
file and the key, which the CLI turns into exit status 2.  Reading happens in
two steps because codes can only be checked once the rules are known, and the
config itself names the plugin modules that add rules: :func:`load` reads and
type-checks the file, :func:`check` then checks every code and rule option
against the registry.  The keys are documented in ``docs/configuration.md``.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from .model import Severity
from .settings import Settings

CONFIG_FILE = ".vpnlint.toml"
PYPROJECT = "pyproject.toml"
#: what ``fail-on = "never"`` stands for: above every severity
NEVER = Severity.ERROR + 1

_SELECTOR = re.compile(r"^(ALL|[A-Z][0-9]{0,3})$")
_MODULE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


class ConfigError(Exception):
    """A config file vpnlint cannot use; the message names the file and the key."""


@dataclass
class Config:
    path: Path
    #: "tool.vpnlint." in a pyproject.toml, "" in a .vpnlint.toml
    prefix: str
    values: dict[str, Any]
    #: (key, selectors) to check against the rules once they are loaded
    selectors: list[tuple[str, list[str]]] = field(default_factory=list)
    #: rule code or name -> options, as written
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{_shown(self.path)}: {self.prefix}{key}: {problem}")


def _shown(path: Path) -> str:
    """A config file as messages name it: relative when below the working folder."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


# -- finding and reading ----------------------------------------------------------
def find(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest config file from ``start`` upward, with its vpnlint table."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own, _read(own)
        pyproject = candidate / PYPROJECT
        if pyproject.is_file():
            table = _read(pyproject)
            if table is not None:
                return pyproject, table
    return None


def _read(path: Path, required: bool = False) -> dict[str, Any] | None:
    """The vpnlint table of ``path``: the whole file, or ``[tool.vpnlint]`` of a
    pyproject.toml (None when it has none and ``required`` is false)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {_shown(path)}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {_shown(path)}: {exc.strerror or exc}") from None
    is_pyproject = path.name == PYPROJECT
    if is_pyproject and b"vpnlint" not in raw and not required:
        return None  # cheap: most pyproject.toml files have nothing for us
    import tomllib  # only a run that found a config file pays for it

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{_shown(path)}: not UTF-8 text (byte offset {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{_shown(path)}: invalid TOML: {exc}") from None
    except ValueError as exc:  # an integer past Python's 4,300-digit bound on int(str)
        raise ConfigError(f"{_shown(path)}: cannot read a value: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{_shown(path)}: invalid TOML: arrays or tables nested too deeply") from None
    if not is_pyproject:
        return data
    tool = data.get("tool")
    table = tool.get("vpnlint") if isinstance(tool, dict) else None
    if table is None:
        if required:
            raise ConfigError(f"{_shown(path)}: has no [tool.vpnlint] table")
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{_shown(path)}: tool.vpnlint must be a table")
    return table


def load(config_file: str | None = None, isolated: bool = False,
         start: Path | None = None) -> tuple[Settings, Config | None]:
    """Settings from the config file (``None`` when there is none or ``isolated``).

    Codes are checked later, by :func:`check`, once the plugins are loaded.
    """
    if isolated:
        if config_file:
            raise ConfigError("--config and --isolated exclude each other")
        return Settings(), None
    if config_file:
        path = Path(config_file)
        found: tuple[Path, dict[str, Any]] | None = (path, _read(path, required=True))
    else:
        found = find(start)
    if found is None:
        return Settings(), None
    path, table = found
    config = Config(path=path.resolve() if config_file is None else path.absolute(),
                    prefix="tool.vpnlint." if path.name == PYPROJECT else "", values=table or {})
    settings = Settings(root=str(config.path.parent))
    for key, value in config.values.items():
        parse = _KEYS.get(key)
        if parse is None:
            raise config.error(key, _unknown_key(key, config.prefix))
        parse(config, settings, key, value)
    return settings, config


def _unknown_key(key: str, prefix: str) -> str:
    message = "unknown key"
    close = difflib.get_close_matches(key, list(_KEYS), n=1)
    if close:
        message += f" (did you mean '{close[0]}'?)"
    elif key == "tool" and not prefix:
        message += " (in .vpnlint.toml the keys are top-level: drop the [tool.vpnlint] header)"
    return message + "; see docs/configuration.md"


# -- the keys -------------------------------------------------------------------
def _type_name(value: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
            list: "a list", tuple: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def _strings(config: Config, key: str, value: Any, allow_empty: bool = True) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise config.error(key, f"expected a list of strings, got {_type_name(value)}"
                           + (" (write [\"...\"])" if isinstance(value, str) else ""))
    if not allow_empty and not value:
        raise config.error(key, "must not be empty")
    return value


def _selectors(config: Config, key: str, value: Any) -> list[str]:
    selectors = [item.strip().upper() for item in _strings(config, key, value)]
    for selector in selectors:
        if not _SELECTOR.match(selector):
            raise config.error(key, f"'{selector}' is not a rule code, prefix or category letter")
    config.selectors.append((key, selectors))
    return selectors


def _select(config, settings, key, value):
    settings.select = _selectors(config, key, value)


def _extend_select(config, settings, key, value):
    settings.extend_select = _selectors(config, key, value)


def _ignore(config, settings, key, value):
    settings.ignore = _selectors(config, key, value)


def _severity_value(config: Config, key: str, value: Any, never: bool = False) -> Severity | int:
    names = ["error", "warning", "info"] + (["never"] if never else [])
    if not isinstance(value, str) or value.strip().lower() not in names:
        raise config.error(key, f"expected one of {', '.join(names)}, got {value!r}")
    value = value.strip().lower()
    return NEVER if value == "never" else Severity.parse(value)


def _severity(config, settings, key, value):
    if not isinstance(value, dict):
        raise config.error(key, f"expected a table of code = \"error\" | \"warning\" | \"info\", "
                                f"got {_type_name(value)}")
    table = {}
    for code, severity in value.items():
        selector = _selectors(config, f"{key}.{code}", [code])[0]
        table[selector] = _severity_value(config, f"{key}.{code}", severity)
    settings.severity = table


def _fail_on(config, settings, key, value):
    settings.fail_on = _severity_value(config, key, value, never=True)


def _include(config, settings, key, value):
    settings.include = tuple(_strings(config, key, value, allow_empty=False))


def _exclude(config, settings, key, value):
    settings.exclude = list(_strings(config, key, value))


def _force_exclude(config, settings, key, value):
    if not isinstance(value, bool):
        raise config.error(key, f"expected true or false, got {_type_name(value)}")
    settings.force_exclude = value


def _per_file_ignores(config, settings, key, value):
    if not isinstance(value, dict):
        raise config.error(key, f"expected a table of \"glob\" = [codes], got {_type_name(value)}")
    settings.per_file_ignores = {
        pattern: _selectors(config, f"{key}.{_quote(pattern)}", codes) for pattern, codes in value.items()}


def _plugins(config, settings, key, value):
    modules = _strings(config, key, value)
    for module in modules:
        if not _MODULE.match(module):
            raise config.error(key, f"'{module}' is not a module name (plugins are imported by "
                                    f"name, never by path)")
    settings.plugins = list(modules)


def _limit(field_name: str) -> Callable:
    def parse(config, settings, key, value):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise config.error(key, f"expected a positive integer, got {value!r}")
        settings.limits = replace(settings.limits, **{field_name: value})
    return parse


def _rules(config, settings, key, value):
    if not isinstance(value, dict):
        raise config.error(key, f"expected a table of rule tables ([{config.prefix}rules.X003]), "
                                f"got {_type_name(value)}")
    for rule, options in value.items():
        if not isinstance(options, dict):
            raise config.error(f"{key}.{rule}", f"expected a table of options, got {_type_name(options)}")
        config.rules[rule] = options


_KEYS: dict[str, Callable] = {
    "select": _select,
    "extend-select": _extend_select,
    "ignore": _ignore,
    "severity": _severity,
    "fail-on": _fail_on,
    "include": _include,
    "exclude": _exclude,
    "force-exclude": _force_exclude,
    "per-file-ignores": _per_file_ignores,
    "plugins": _plugins,
    "max-file-size": _limit("max_file_size"),
    "max-depth": _limit("max_depth"),
    "max-alias-nodes": _limit("max_alias_nodes"),
    "rules": _rules,
}


def _quote(key: str) -> str:
    return key if re.match(r"^[A-Za-z0-9_-]+$", key) else f'"{key}"'


# -- against the rules -------------------------------------------------------------
def check(config: Config | None, settings: Settings, registry) -> None:
    """Check the config's codes and rule options against the loaded rules, and
    store the rule options in ``settings`` under each rule's code."""
    if config is None:
        return
    codes = registry.codes()
    for key, selectors in config.selectors:
        unknown = [s for s in selectors if s != "ALL" and not any(code.startswith(s) for code in codes)]
        if unknown:
            raise config.error(key, f"{', '.join(repr(s) for s in unknown)} "
                                    f"match{'es' if len(unknown) == 1 else ''} no rule code (see 'vpnlint rules')")
    for name, options in config.rules.items():
        rule = registry.get(name)
        if rule is None:
            try:
                rule = registry.by_name(name)
            except KeyError:
                raise config.error(f"rules.{_quote(name)}", "no rule has this code or name "
                                                            "(see 'vpnlint rules')") from None
        settings.rule_options[rule.code] = _options(config, f"rules.{_quote(name)}", rule, options)


def _options(config: Config, key: str, rule, options: dict[str, Any]) -> dict[str, Any]:
    known = dict(rule.options)
    if not known and options:
        raise config.error(key, f"rule {rule.code} ({rule.name}) takes no options")
    checked = {}
    for option, value in options.items():
        if option not in known:
            raise config.error(f"{key}.{_quote(option)}",
                               f"rule {rule.code} has no option '{option}' "
                               f"(it has: {', '.join(sorted(known))})")
        checked[option] = _option_value(config, f"{key}.{_quote(option)}", known[option], value)
    return checked


def _option_value(config: Config, key: str, default: Any, value: Any) -> Any:
    """The value, when it has the default's type (an int is fine for a float)."""
    if default is None:
        return value
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif isinstance(default, (list, tuple)):
        ok = isinstance(value, list)
        value = type(default)(value) if ok else value
    else:
        ok = isinstance(value, type(default))
    if not ok:
        raise config.error(key, f"expected {_type_name(default)} like the default "
                                f"({default!r}), got {_type_name(value)}")
    if isinstance(default, (int, float)) and not isinstance(default, bool) and value < 0:
        raise config.error(key, f"must be 0 or more, got {value!r}")
    return value
