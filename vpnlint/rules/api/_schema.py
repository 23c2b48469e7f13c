"""The bundled JSON Schema, run once per connection and shared by rules A001–A006.

jsonschema reports one error per failed keyword; this module groups them so a
value gets one diagnostic (a wrong type is not also "not one of the enum"),
and gives each rule only its own kind.  The validator is built once per process.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ... import spec
from ...caches import remember
from ...connection import frozen, join_pointer

#: keyword -> kind; the kinds are the rules' own (A001 required ... A006 unknown key)
KINDS = {
    "required": "required",
    "type": "type",
    "enum": "enum",
    "minimum": "range", "maximum": "range",
    "minLength": "length", "maxLength": "length", "minItems": "length", "maxItems": "length",
    "additionalProperties": "unknown",
}
#: when one value fails several keywords, only the first kind here is reported
_PRIORITY = ("type", "enum", "range", "length")


@dataclass(frozen=True)
class SchemaError:
    kind: str
    pointer: str  # of the offending value (or of the missing / unknown key)
    keyword: str
    expected: Any  # the keyword's value in the schema
    value: Any  # the instance (the parent object for required / unknown)
    field_schema: dict


@functools.cache
def _validator() -> Callable[[Any], Iterable[Any]]:
    """instance -> jsonschema's errors for one connection (``#/$defs/connection``
    of the bundled schema); built once per process.

    Two things make it cheap without changing what jsonschema reports: the
    schema's ``$ref``s are inlined once (no reference lookup per connection),
    and what made a value pass a subschema is remembered (:func:`_shape_of`),
    so the same ``AES-128`` or another ID within the same bounds in the next
    connection is not validated again, and a whole connection laid out like
    one that passed is not walked at all.  Only passes are remembered: a
    failing value always goes through jsonschema, which writes its errors.
    tests/test_properties.py compares the errors with plain jsonschema's on
    the schema as written.
    """
    from jsonschema import Draft202012Validator, validators  # only runs that check A rules pay for the import

    whole = spec.schema()
    schema = {"$schema": whole["$schema"], **_inline(whole["$defs"]["connection"], whole["$defs"])}
    passed: dict[tuple[int, tuple], bool] = {}
    shapes = {id(node): _shape_of(node) for node in _subschemas(schema)}

    def properties(validator, properties, instance, _schema):
        # jsonschema's own "properties" keyword, with the memo
        if not validator.is_type(instance, "object"):
            return
        for name, subschema in properties.items():
            if name not in instance:
                continue
            value = instance[name]
            shape = shapes.get(id(subschema))
            held = shape(value) if shape is not None else None
            if held is None:
                yield from validator.descend(value, subschema, path=name, schema_path=name)
                continue
            key = (id(subschema), held)
            if key in passed:
                continue
            errors = list(validator.descend(value, subschema, path=name, schema_path=name))
            if errors:
                yield from errors
            else:
                remember(passed, key, True, _MEMO_SIZE)

    validator_class = validators.extend(Draft202012Validator, {"properties": properties})
    iter_errors = validator_class(schema).iter_errors
    whole_shape = shapes[id(schema)]
    whole_passed: dict[tuple, bool] = {}

    def errors(instance: Any) -> Iterable[Any]:
        # a whole connection laid out as one that passed (the same keys, each
        # value passing or failing as that one's did) passes: jsonschema's walk
        # of the keywords, and the descent into each section, are skipped
        shape = whole_shape(instance)
        if shape is not None and shape in whole_passed:
            return ()
        found = list(iter_errors(instance))
        if not found and shape is not None:
            remember(whole_passed, shape, True, _MEMO_SIZE)
        return found
    return errors


#: the memo holds at most this many values (each small: see connection.frozen)
_MEMO_SIZE = 4096
#: nor a mapping or list of more than this many entries
_MEMO_KEYS = 64


#: keywords that never fail (annotations)
_ANNOTATIONS = frozenset({"$schema", "description", "title", "default", "examples", "$comment", "deprecated",
                          "readOnly", "writeOnly"})


def _shape_of(subschema: dict) -> Callable[[Any], tuple | None] | None:
    """What of a value decides whether it passes ``subschema``, as a memo key
    (None: not to be remembered).

    - a string under only ``type: string`` and the length keywords passes or
      fails by whether its length is within them: every ``vpc-...`` ID that
      passes has the same key;
    - an integer under only ``type`` and ``minimum``/``maximum``: whether it
      is within them (a float is itself: ``type: integer`` takes 5.0, not 5.5);
    - a mapping under ``type: object`` and ``additionalProperties: false``:
      its keys and each value's key (:func:`_mapping_shape`); a list under
      ``items``, each item's key;
    - anything else (enum values) as itself when small (:func:`vpnlint.connection.frozen`).
    """
    keywords = set(subschema) - _ANNOTATIONS
    kind = subschema.get("type")
    if keywords <= {"type", "minLength", "maxLength"} and kind == "string":
        return _bounded(str, len, subschema.get("minLength", 0), subschema.get("maxLength"))
    if keywords <= {"type", "minimum", "maximum"} and kind in ("integer", "number"):
        return _bounded(int, None, subschema.get("minimum"), subschema.get("maximum"))
    if (keywords <= {"type", "properties", "additionalProperties", "required"}
            and kind == "object" and subschema.get("additionalProperties") is False):
        return _mapping_shape({name: _shape_of(sub) for name, sub in subschema.get("properties", {}).items()})
    if keywords <= {"type", "items", "minItems", "maxItems"} and kind == "array" \
            and isinstance(subschema.get("items"), dict):
        return _list_shape(_shape_of(subschema["items"]))
    return frozen


def _bounded(kind: type, measure: Callable[[Any], Any] | None, low: Any, high: Any) -> Callable[[Any], tuple | None]:
    """A value of exactly ``kind`` as whether its measure (itself, or its
    length) is below ``low`` or above ``high``; any other value as itself."""
    def shape(value: Any) -> tuple | None:
        if type(value) is not kind:
            return frozen(value)
        size = value if measure is None else measure(value)
        return (kind, low is not None and size < low, high is not None and size > high)
    return shape


def _mapping_shape(children: dict[str, Callable[[Any], tuple | None]]) -> Callable[[Any], tuple | None]:
    """A mapping under ``type: object``, ``additionalProperties: false``,
    ``required`` and ``properties`` passes or fails by its keys and by what
    decides each value's pass (its own shape): that, as a memo key.  None
    for anything else (an unknown key fails; it is left to jsonschema)."""
    def shape(value: Any) -> tuple | None:
        if type(value) is not dict or len(value) > _MEMO_KEYS:
            return None
        out = []
        for name, item in value.items():
            child = children.get(name) if type(name) is str else None
            key = None if child is None else child(item)
            if key is None:
                return None
            out.append((name, key))
        return (dict, tuple(out))
    return shape


def _list_shape(child: Callable[[Any], tuple | None]) -> Callable[[Any], tuple | None]:
    """A list under ``type: array``, ``items`` and the item-count keywords: its
    length and each item's shape."""
    def shape(value: Any) -> tuple | None:
        if type(value) is not list or len(value) > _MEMO_KEYS:
            return None
        out = []
        for item in value:
            key = child(item)
            if key is None:
                return None
            out.append(key)
        return (list, tuple(out))
    return shape


def _subschemas(node: Any) -> Iterable[dict]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _subschemas(value)
    elif isinstance(node, list):
        for item in node:
            yield from _subschemas(item)


def _inline(node: Any, defs: dict) -> Any:
    """The schema with each ``{"$ref": "#/$defs/X", ...}`` replaced by X's keywords
    (and the node's own).  The bundled schema refers only to ``$defs``, without cycles."""
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _inline(value, defs) for key, value in node.items() if key != "$ref"}
    if "$ref" in node:
        target = node["$ref"].removeprefix("#/$defs/")
        out = {**_inline(defs[target], defs), **out}
    return out


def _errors(conn) -> list[SchemaError]:
    out: dict[tuple[str, str], SchemaError] = {}
    best: dict[str, SchemaError] = {}
    for error in _validator()(conn.data):
        kind = KINDS.get(error.validator)
        if kind is None:
            continue
        pointer = join_pointer(*error.absolute_path)
        # jsonschema reports "required" once per missing name, each error carrying
        # the whole list: keyed by (kind, pointer) so each field is reported once
        if kind == "required":
            for name in error.validator_value:
                if isinstance(error.instance, dict) and name not in error.instance:
                    missing = pointer + join_pointer(name)
                    out.setdefault((kind, missing), SchemaError(
                        kind, missing, "required", None, error.instance, error.schema))
            continue
        if kind == "unknown":
            known = error.schema.get("properties", {})
            for name in error.instance:
                if name not in known:
                    unknown = pointer + join_pointer(name)
                    out.setdefault((kind, unknown), SchemaError(
                        kind, unknown, "additionalProperties", sorted(known), error.instance, error.schema))
            continue
        found = SchemaError(kind, pointer, error.validator, error.validator_value, error.instance, error.schema)
        current = best.get(pointer)
        if current is None or _PRIORITY.index(kind) < _PRIORITY.index(current.kind):
            best[pointer] = found
    return list(out.values()) + list(best.values())


def schema_errors(conn, kind: str) -> list[SchemaError]:
    """The connection's schema errors of one kind (validation runs once per connection)."""
    return [e for e in conn.memo("schema-errors", _errors) if e.kind == kind]


def field_name(pointer: str) -> str:
    """"/IKESet/dhGroupName" -> "IKESet.dhGroupName" (the API's own spelling)."""
    return pointer.lstrip("/").replace("/", ".")


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def did_you_mean(word: str, choices: list[str]) -> str | None:
    """The closest choice: same letters ignoring case and punctuation first, then
    the closest spelling (``aes256`` -> ``aes-cbc-256``)."""
    if not isinstance(word, str) or not choices:
        return None
    folded = {_fold(c): c for c in choices}
    if _fold(word) in folded:
        return folded[_fold(word)]
    # the same parts in another order (aes-256-cbc), or some of them (aes256)
    tokens = _tokens(word)
    same = [c for c in choices if sorted(_tokens(c)) == sorted(tokens)]
    if len(same) == 1:
        return same[0]
    covering = [c for c in choices if tokens and set(tokens) <= set(_tokens(c))]
    if len(covering) == 1:
        return covering[0]
    close = difflib.get_close_matches(_fold(word), list(folded), n=1, cutoff=0.6)
    if close:
        return folded[close[0]]
    # a shortened form: every character of the word, in order, in the choice
    subsequence = [c for c in choices if _is_subsequence(_fold(word), _fold(c)) and len(word) >= 3]
    return subsequence[0] if len(subsequence) == 1 else None


def _tokens(text: str) -> list[str]:
    """Runs of letters and of digits: "aes-cbc-256" -> ["aes", "cbc", "256"]."""
    return re.findall(r"[a-z]+|[0-9]+", text.lower())


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def describe(value: Any) -> str:
    """A value's JSON type in words, for "must be a string, not ..." messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number with a fraction"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
