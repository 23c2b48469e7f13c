"""JSON Schema (draft 2020-12) validation for the keywords the bundled schema uses.

The schema rules (A001-A006) need jsonschema's errors for every connection, but
jsonschema is general: importing it costs about a third of a one-file run's
start-up (with ``referencing`` and ``attrs``), and it re-evolves a validator on
every ``$ref`` and property it descends into.  The bundled schema uses a dozen
simple keywords, so this module compiles a schema once into nested closures
that report the *same* errors, in the *same* order, as
``jsonschema.Draft202012Validator(schema).iter_errors(instance)``: each error
has the attributes the rules read (``validator``, ``validator_value``,
``instance``, ``schema``, ``absolute_path``).

:func:`compile_schema` returns None for a schema that uses anything else (a
``pattern``, ``oneOf``, a remote ``$ref``, a boolean subschema ...); callers
then use jsonschema itself, so a changed schema stays correct, only slower.
tests/test_schema_check.py compares both on generated instances.
"""

from __future__ import annotations

import numbers
from collections import deque
from typing import Any, Callable

#: keywords that only annotate (no error can come from them)
_ANNOTATIONS = frozenset({
    "$schema", "$id", "$comment", "$defs", "definitions", "title", "description",
    "default", "examples", "deprecated", "readOnly", "writeOnly", "$anchor",
})

_Check = Callable[[Any, tuple, list], None]


class Unsupported(Exception):
    """The schema uses a keyword or form this module does not implement."""


class Error:
    """One failed keyword, shaped like :class:`jsonschema.ValidationError` where it matters."""

    __slots__ = ("validator", "validator_value", "instance", "schema", "_path")

    def __init__(self, validator: str, validator_value: Any, instance: Any, schema: dict, path: tuple) -> None:
        self.validator = validator
        self.validator_value = validator_value
        self.instance = instance
        self.schema = schema
        self._path = path

    @property
    def absolute_path(self) -> deque:
        return deque(self._path)

    def __repr__(self) -> str:
        return f"<Error {self.validator} at {list(self._path)}>"


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool)
    or isinstance(v, float) and v.is_integer(),
    "number": _is_number,
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


class _Compiler:
    def __init__(self, root: dict) -> None:
        self.root = root
        #: id(subschema) -> its compiled check (through a cell, so refs may recurse)
        self.done: dict[int, list[_Check]] = {}

    def resolve(self, ref: str) -> dict:
        if ref == "#":
            return self.root
        if not ref.startswith("#/"):
            raise Unsupported(f"$ref {ref!r}")
        node: Any = self.root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                raise Unsupported(f"$ref {ref!r}")
            node = node[part]
        return node

    def compile(self, schema: Any) -> _Check:
        if not isinstance(schema, dict):
            raise Unsupported("a boolean or non-object subschema")
        cell = self.done.get(id(schema))
        if cell is None:
            cell = self.done[id(schema)] = []
            cell.append(self._build(schema))
        if cell:
            return cell[0]
        return lambda instance, path, out: cell[0](instance, path, out)  # a recursive $ref

    def _build(self, schema: dict) -> _Check:
        checks = [self._keyword(schema, key, value) for key, value in schema.items() if key not in _ANNOTATIONS]
        checks = [c for c in checks if c is not None]
        if len(checks) == 1:
            return checks[0]
        if len(checks) == 2:  # e.g. type + enum, type + minLength
            first, second = checks

            def check(instance, path, out):
                first(instance, path, out)
                second(instance, path, out)
            return check
        every = tuple(checks)

        def check(instance, path, out):
            for each in every:
                each(instance, path, out)
        return check

    def _keyword(self, schema: dict, key: str, value: Any) -> _Check | None:
        def error(instance, path, out):
            out.append(Error(key, value, instance, schema, path))

        if key == "$ref":
            return self.compile(self.resolve(value))
        if key == "type":
            names = [value] if isinstance(value, str) else value
            if not isinstance(names, list) or any(n not in _TYPES for n in names):
                raise Unsupported(f"type {value!r}")
            if names in (["object"], ["array"], ["string"]):  # most of them: one isinstance
                kind = {"object": dict, "array": list, "string": str}[names[0]]

                def check(instance, path, out):
                    if not isinstance(instance, kind):
                        out.append(Error(key, value, instance, schema, path))
                return check
            tests = [_TYPES[n] for n in names]

            def check(instance, path, out):
                if not any(test(instance) for test in tests):
                    error(instance, path, out)
            return check
        if key == "enum":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise Unsupported("an enum of non-strings")  # jsonschema's equality rules apply
            allowed = frozenset(value)

            def check(instance, path, out):
                if not (isinstance(instance, str) and instance in allowed):
                    out.append(Error(key, value, instance, schema, path))
            return check
        if key in ("minimum", "maximum"):
            if not _is_number(value):
                raise Unsupported(f"{key} {value!r}")
            below = key == "minimum"

            def check(instance, path, out):
                if _is_number(instance) and (instance < value if below else instance > value):
                    error(instance, path, out)
            return check
        if key in ("minLength", "maxLength", "minItems", "maxItems"):
            if not isinstance(value, int) or isinstance(value, bool):
                raise Unsupported(f"{key} {value!r}")
            kind = str if key.endswith("Length") else list
            least = key.startswith("min")

            def check(instance, path, out):
                if isinstance(instance, kind) and (len(instance) < value if least else len(instance) > value):
                    out.append(Error(key, value, instance, schema, path))
            return check
        if key == "required":
            names = list(value)

            def check(instance, path, out):
                if isinstance(instance, dict):
                    for name in names:
                        if name not in instance:  # one error per missing name, as jsonschema
                            error(instance, path, out)
            return check
        if key == "properties":
            if "patternProperties" in schema:
                raise Unsupported("patternProperties")
            props = [(name, self.compile(sub)) for name, sub in value.items()]

            def check(instance, path, out):
                if isinstance(instance, dict):
                    for name, sub in props:
                        if name in instance:
                            sub(instance[name], path + (name,), out)
            return check
        if key == "additionalProperties":
            if value is not False:
                raise Unsupported("additionalProperties other than false")
            known = schema.get("properties", {})

            def check(instance, path, out):
                if isinstance(instance, dict) and any(name not in known for name in instance):
                    error(instance, path, out)
            return check
        if key == "items":
            if "prefixItems" in schema:
                raise Unsupported("prefixItems")
            sub = self.compile(value)

            def check(instance, path, out):
                if isinstance(instance, list):
                    for index, item in enumerate(instance):
                        sub(item, path + (index,), out)
            return check
        raise Unsupported(key)


def compile_schema(schema: dict) -> Callable[[Any], list[Error]] | None:
    """A function instance -> errors, or None when the schema needs jsonschema."""
    try:
        check = _Compiler(schema).compile(schema)
    except Unsupported:
        return None

    def validate(instance: Any) -> list[Error]:
        out: list[Error] = []
        check(instance, (), out)
        return out
    return validate
