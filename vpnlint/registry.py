"""Finds the rules: every module below :mod:`vpnlint.rules`, the entry-point group
``vpnlint.rules``, and modules a config names in ``plugins``.

Nothing is ever imported from the current directory implicitly: plugin modules
named in a config are imported by name from ``sys.path`` as it is.
"""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import re
import sys
from types import ModuleType
from typing import Iterable

from . import rules as rules_package
from .model import CATEGORIES, Severity
from .rules import ConnectionRule, InputRule, Rule, RunRule

ENTRY_POINT_GROUP = "vpnlint.rules"
_CODE = re.compile(r"^[A-Z]\d{3}$")
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class RuleError(Exception):
    """A rule (usually a plugin's) cannot be loaded; the message names it."""


def rules_in_module(module: ModuleType) -> list[type[Rule]]:
    """The concrete rule classes defined in ``module`` (not imported into it)."""
    found = []
    for _, obj in inspect.getmembers(module, inspect.isclass):
        if (
            issubclass(obj, Rule)
            and obj.__module__ == module.__name__
            and obj not in (Rule, InputRule, ConnectionRule, RunRule)
            and obj.code
        ):
            found.append(obj)
    return found


def _builtin_modules() -> Iterable[ModuleType]:
    prefix = rules_package.__name__ + "."
    for info in pkgutil.walk_packages(rules_package.__path__, prefix):
        yield importlib.import_module(info.name)


def _validate(rule: type[Rule], origin: str) -> None:
    where = f"rule {rule.__module__}.{rule.__qualname__} from {origin}"
    if not _CODE.match(rule.code or ""):
        raise RuleError(f"{where}: code {rule.code!r} is not a letter and three digits")
    if rule.code[0] not in CATEGORIES:
        raise RuleError(f"{where}: code {rule.code} has no known category letter ({', '.join(CATEGORIES)})")
    if not _NAME.match(rule.name or ""):
        raise RuleError(f"{where}: name {rule.name!r} is not kebab-case")
    if not isinstance(rule.severity, Severity):
        raise RuleError(f"{where}: severity must be a vpnlint.model.Severity")
    if issubclass(rule, ConnectionRule) and rule.reads is not None and not (
            isinstance(rule.reads, tuple) and rule.reads
            and all(isinstance(pointer, str) and pointer.startswith("/") for pointer in rule.reads)):
        raise RuleError(f"{where}: reads must be None or a non-empty tuple of JSON Pointers "
                        f"such as '/IKESet/dhGroupName', not {rule.reads!r}")


class Registry:
    """Code -> rule class, in code order."""

    def __init__(self, rule_classes: Iterable[type[Rule]] = ()) -> None:
        self._by_code: dict[str, type[Rule]] = {}
        self._by_name: dict[str, type[Rule]] = {}
        for rule in rule_classes:
            self.add(rule)

    def add(self, rule: type[Rule], origin: str = "vpnlint") -> None:
        _validate(rule, origin)
        for table, key in ((self._by_code, rule.code), (self._by_name, rule.name)):
            other = table.get(key)
            if other is not None and other is not rule:
                raise RuleError(
                    f"rule {key} from {origin} collides with {other.code} ({other.name}) "
                    f"from {other.origin}"
                )
        rule.origin = origin
        self._by_code[rule.code] = rule
        self._by_name[rule.name] = rule

    def add_module(self, module_name: str, origin: str) -> None:
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:  # a plugin's own failure must name the plugin
            raise RuleError(f"plugin {origin}: cannot import {module_name}: {type(exc).__name__}: {exc}") from None
        found = rules_in_module(module)
        if not found:
            raise RuleError(f"plugin {origin}: module {module_name} defines no vpnlint rule")
        for rule in found:
            self.add(rule, origin)

    def __iter__(self):
        return iter(sorted(self._by_code.values(), key=lambda r: r.code))

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code: str) -> type[Rule] | None:
        return self._by_code.get(code.upper())

    def by_name(self, name: str) -> type[Rule]:
        return self._by_name[name]

    def codes(self) -> list[str]:
        return sorted(self._by_code)


def _entry_points() -> list:
    """The ``vpnlint.rules`` entry points of the installed distributions.

    ``importlib.metadata`` reads every distribution's metadata to answer (and
    imports the email package to parse it): 50-80 ms of a run that checks one
    file, in an environment with a few dozen packages and, nearly always, no
    vpnlint plugin.  So the ``entry_points.txt`` files on ``sys.path`` are first
    searched for the group's name; only when one names it, or a path entry is
    something this search cannot read (a zip file), does importlib.metadata run.
    """
    if not _may_have_entry_points(sys.path):
        return []
    from importlib import metadata

    return list(metadata.entry_points(group=ENTRY_POINT_GROUP))


def _may_have_entry_points(path: list[str]) -> bool:
    marker = f"[{ENTRY_POINT_GROUP}]"
    for entry in path:
        folder = entry or "."
        if not os.path.isdir(folder):
            if os.path.exists(folder):
                return True  # a zip file (or stranger): let importlib.metadata look
            continue
        try:
            names = [name for name in os.listdir(folder) if name.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
        if folder.endswith(".egg"):  # an unzipped egg is its own distribution
            names.append("EGG-INFO")
        for name in names:
            try:
                with open(os.path.join(folder, name, "entry_points.txt"), encoding="utf-8",
                          errors="replace") as handle:
                    if marker in handle.read():
                        return True
            except OSError:
                continue
    return False


def load_registry(plugins: Iterable[str] = (), entry_points: bool = True) -> Registry:
    """Built-in rules, then entry-point plugins, then config-named plugin modules."""
    registry = Registry()
    for module in _builtin_modules():
        for rule in rules_in_module(module):
            registry.add(rule)
    if entry_points:
        for ep in _entry_points():
            origin = f"{ep.name} (entry point {ep.value})"
            try:
                target = ep.load()
            except Exception as exc:
                raise RuleError(f"plugin {origin}: cannot load: {type(exc).__name__}: {exc}") from None
            if inspect.ismodule(target):
                found = rules_in_module(target)
            elif inspect.isclass(target) and issubclass(target, Rule):
                found = [target]
            else:
                raise RuleError(f"plugin {origin}: is neither a module nor a vpnlint rule class")
            if not found:
                raise RuleError(f"plugin {origin}: defines no vpnlint rule")
            for rule in found:
                registry.add(rule, origin)
    for module_name in plugins:
        registry.add_module(module_name, f"{module_name} (config plugins)")
    return registry
