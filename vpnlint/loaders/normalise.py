"""The flattened request form -> the nested form, with the source map carried along.

``IKESet.dhGroupName: group14`` becomes ``{"IKESet": {"dhGroupName": "group14"}}``
and ``userGwCidrBlock.0`` an item of the list ``userGwCidrBlock`` (items sorted by
their index).  Each pointer of the nested form keeps the span of the flattened
key and value it came from; a container that exists only through flattened keys
(``/IKESet``) is shown at the first such key.  Common request parameters
(``Action``, ``Region``, ...) are dropped.  For a query string (``strings``),
integer fields written as digits become integers, as the API reads them.
"""

from __future__ import annotations

import re
from typing import Any

from ..connection import join_pointer, split_pointer
from ..document import Document, Node, SourceFile, SourceMap
from ..spec import COMMON_PARAMETERS, INTEGER_FIELDS

_INTEGER = re.compile(r"-?[0-9]+")


def normalise(document: Document, source: SourceFile, strings: bool = False) -> Document:
    data = document.data
    if isinstance(data, dict):
        bases = {"": data}
    elif isinstance(data, list):
        bases = {join_pointer(i): item for i, item in enumerate(data) if isinstance(item, dict)}
    else:
        return document
    if not strings and not any(_needs_work(item) for item in bases.values()):
        return document
    nodes = document.source.nodes
    renames: dict[str, dict[str, str]] = {}
    dropped: set[str] = set()
    for base, item in bases.items():
        new, renamed = _connection(item, base, nodes, source, strings, dropped)
        renames[base] = renamed
        if base:
            data[int(base[1:])] = new
        else:
            data = new
    return Document(document.index, data, SourceMap(_remap(nodes, renames, dropped)))


def _needs_work(item: dict) -> bool:
    return any("." in key or key in COMMON_PARAMETERS for key in item)


def _connection(item: dict, base: str, nodes: dict[str, Node], source: SourceFile,
                strings: bool, dropped: set[str]) -> tuple[dict, dict[str, str]]:
    """The nested form of one connection, and raw key -> new pointer (relative)
    for every key that moved (None-like "" marks a dropped key).  Raw pointers of
    nested values that lost to a flattened key written before them go to
    ``dropped``."""
    new: dict[str, Any] = {}
    renamed: dict[str, str] = {}
    flat: list[tuple[str, list[str | int]]] = []
    for key, value in item.items():
        if key in COMMON_PARAMETERS:
            renamed[key] = ""
            continue
        if "." not in key:
            if key in new:  # already created by a flattened key seen earlier
                _merge(new, key, value, join_pointer(key), base, nodes, source, dropped)
                continue
            new[key] = value
            continue
        parts: list[str | int] = [int(p) if p.isdigit() else p for p in key.split(".")]
        if _insert(new, parts, value):
            flat.append((key, parts))
        else:
            _conflict(source, nodes, base, key, parts)
            renamed[key] = ""
    orders = _listify(new, [])
    for key, parts in flat:
        renamed[key] = _final_pointer(parts, orders)
    if strings:
        for pointer in INTEGER_FIELDS:
            _to_int(new, pointer)
    return new, renamed


def _insert(tree: dict, parts: list[str | int], value: Any) -> bool:
    node: Any = tree
    for position, part in enumerate(parts[:-1]):
        child = node.get(part)
        if child is None:
            child = node[part] = {}
        elif isinstance(child, list) and isinstance(parts[position + 1], int):
            child = node[part] = dict(enumerate(child))
        elif isinstance(child, dict):
            child = node[part] = dict(child)  # never change a shared (aliased) mapping
        else:
            return False
        node = child
    if parts[-1] in node:
        return False
    node[parts[-1]] = value
    return True


def _merge(tree: dict, name: str, value: Any, raw: str, base: str, nodes: dict[str, Node],
           source: SourceFile, dropped: set[str]) -> None:
    """A nested value written after flattened keys that created ``tree[name]``:
    its fields join the flattened ones (as they would the other way round); a
    field both set is a conflict, and the first (flattened) value is kept."""
    existing = tree[name]
    if isinstance(existing, dict) and isinstance(value, dict):
        for child, child_value in value.items():
            if child in existing:
                _merge(existing, child, child_value, raw + join_pointer(child), base, nodes, source, dropped)
            else:
                existing[child] = child_value
        return
    dropped.add(base + raw)
    node = nodes.get(base + raw)
    if node is not None and node.key is not None:
        target = raw.lstrip("/").replace("/", ".")
        by = "a flattened key"
        for pointer, earlier in nodes.items():  # the flattened key that set it first
            name = pointer[len(base) + 1:]
            if (pointer.startswith(base + "/") and "/" not in name and earlier.key is not None
                    and (name == target or name.startswith(target + "."))):
                by = f"'{name}' at line {earlier.key.line}"
                break
        source.problem("duplicate-key", node.key,
                       f"'{target}' is already set by {by}; the first value is kept")


def _listify(node: Any, path: list) -> dict[tuple, list[int]]:
    """Turn mappings keyed only by integers into lists; return their key orders."""
    orders: dict[tuple, list[int]] = {}
    if not isinstance(node, dict):
        return orders
    for key, child in list(node.items()):
        if isinstance(child, dict) and child and all(isinstance(k, int) for k in child):
            order = sorted(child)
            orders[tuple(path + [key])] = order
            node[key] = [child[k] for k in order]
            for position, grandchild in enumerate(node[key]):
                orders.update(_listify(grandchild, path + [key, position]))
        elif isinstance(child, dict):
            orders.update(_listify(child, path + [key]))
    return orders


def _final_pointer(parts: list[str | int], orders: dict[tuple, list[int]]) -> str:
    out: list[str | int] = []
    for part in parts:
        order = orders.get(tuple(out))
        out.append(order.index(part) if order is not None and isinstance(part, int) else part)
    return join_pointer(*out)


def _to_int(tree: dict, pointer: str) -> None:
    node: Any = tree
    parts = split_pointer(pointer)
    for part in parts[:-1]:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict):
        value = node.get(parts[-1])
        if isinstance(value, str) and _INTEGER.fullmatch(value):
            node[parts[-1]] = int(value)


def _conflict(source: SourceFile, nodes: dict[str, Node], base: str, key: str,
              parts: list[str | int]) -> None:
    """A flattened key sets what an earlier (nested) value already holds."""
    node = nodes.get(base + join_pointer(key))
    if node is None or node.key is None:
        return
    first = ""
    for length in range(len(parts), 0, -1):  # the nested value, or the scalar in its way
        earlier = nodes.get(base + join_pointer(*parts[:length]))
        if earlier is not None:
            first = f" at line {(earlier.key or earlier.value).line}"
            break
    source.problem("duplicate-key", node.key,
                   f"'{key}' is already set{first} (nested); the first value is kept")


def _remap(nodes: dict[str, Node], renames: dict[str, dict[str, str]],
           dropped: set[str]) -> dict[str, Node]:
    """Rewrite raw pointers (``/IKESet.dhGroupName``) to nested ones."""
    out: dict[str, Node] = {}
    synthetic: dict[str, Node] = {}
    for pointer, node in nodes.items():
        if any(pointer == gone or pointer.startswith(gone + "/") for gone in dropped):
            continue
        base, key, rest = _split_base(pointer, renames)
        moved = renames.get(base, {}).get(key) if key is not None else None
        if moved is None:
            out[pointer] = node
            continue
        if moved == "":
            continue
        out[base + moved + rest] = node
        if not rest:  # containers created by flattened keys: shown at that key
            prefix = moved
            while "/" in prefix[1:]:
                prefix = prefix.rsplit("/", 1)[0]
                synthetic.setdefault(base + prefix, Node(node.key, node.key or node.value))
    for pointer, node in synthetic.items():
        out.setdefault(pointer, node)
    return out


def _split_base(pointer: str, renames: dict[str, dict[str, str]]) -> tuple[str, str | None, str]:
    """``/3/IKESet.x/y`` -> ("/3", "IKESet.x", "/y") when "/3" is a connection base."""
    if "" in renames:
        base, remainder = "", pointer
    else:
        head, _, _ = pointer[1:].partition("/")
        base = "/" + head
        if base not in renames:
            return pointer, None, ""
        remainder = pointer[len(base):]
    if not remainder:
        return base, None, ""
    key_part, slash, rest = remainder[1:].partition("/")
    key = split_pointer("/" + key_part)[0]
    return base, key, slash + rest
