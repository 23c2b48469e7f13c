"""Property-based tests: generated specs, valid and not, and damaged texts.

Invariants, whatever the input:

- no exception escapes loading, checking, the across-spec rules or any format;
- ``json`` and ``sarif`` output parse, and SARIF validates against the official
  2.1.0 schema (``../shared/data/sarif-schema-2.1.0.json``);
- every diagnostic lies inside its file: 1 <= line <= the number of lines, and
  columns within the line (at most its length + 1);
- the pre-shared key (a distinctive ``Zq`` + 10 letters/digits) appears in no
  format's output and no snippet;
- a second run gives the same output;
- one spec written as nested YAML, flattened YAML, JSON and (where it can say
  it) a request query string or URL gives the same (code, pointer) pairs.

The whole file stays well under a minute: example counts are set per test
(``VPNLINT_FUZZ_SCALE`` multiplies them for a longer hunt).
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import string
from pathlib import Path
from urllib.parse import quote_plus

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jsonschema.validators import validator_for

from lintkit import engine
from vpnlint import formats, spec
from vpnlint.engine import assemble
from vpnlint.loaders.text import split_lines
from vpnlint.model import Diagnostic, Severity, in_order

SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sarif-schema-2.1.0.json"


def _sarif_validator():
    assert SARIF_SCHEMA.is_file(), f"the official SARIF schema is missing: expected {SARIF_SCHEMA}"
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = validator_for(schema)  # the draft the schema declares (draft-04)
    cls.check_schema(schema)
    return cls(schema)


SARIF = _sarif_validator()
#: VPNLINT_FUZZ_SCALE=20 runs twenty times the examples (a longer hunt; CI keeps 1)
SCALE = float(os.environ.get("VPNLINT_FUZZ_SCALE", "1"))
PROFILE = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                     HealthCheck.filter_too_much])


# -- what a spec may hold --------------------------------------------------------------------------

def _fields() -> dict[str, dict]:
    """pointer -> field schema, for every field of a connection (sections' fields included)."""
    out = {}
    for name, schema in spec.connection_schema()["properties"].items():
        if name in spec.SECTIONS:
            for field, sub in spec.section_schema(name)["properties"].items():
                out[f"/{name}/{field}"] = sub
        else:
            out["/" + name] = schema
    return out


FIELDS = _fields()
#: the connection's own fields, sections included (drawn field by field), the key apart
TOP = [name for name in spec.connection_schema()["properties"] if "/" + name != spec.PRE_SHARED_KEY]
SECTION_FIELDS = {s: [p.rsplit("/", 1)[1] for p in FIELDS if p.startswith(f"/{s}/")] for s in spec.SECTIONS}

#: realistic values, good and bad, by field (enum fields also draw from their enum)
SAMPLES = {
    "vpcId": ["vpc-amhnnao5", "vpc-12345678", "vpc-AB12", "12345", "vpc-amhnnao5x"],
    "vpnGwId": ["vpngw-dystbrkv", "vpngw-0000000z", "vpngw-", "gw-1"],
    "userGwId": ["cgw-e098slul", "cgw-abcdefgh", "cgw_e098slul", "777"],
    "vpnConnName": ["hq-to-office", "办公室", "x" * 61, " ", "a/b"],
    "userGwCidrBlock": ["192.168.10.0/24", "192.168.10.1/24", "10.0.0.0/8", "0.0.0.0/0", "300.1.1.0/24",
                        "192.168.10.0", "fe80::/10"],
    "spdAcl": ['{"10.0.0.0/24": ["192.168.10.0/24"]}', '{"10.0.0.0/24": ["10.0.0.0/25"]}',
               '{"10.0.0.0/24": []}', "{not json", '["10.0.0.0/24"]', '{"0.0.0.0/0": ["0.0.0.0/0"]}'],
    "localAddress": ["203.0.113.10", "10.0.0.1", "1.2.3", "::1"],
    "remoteAddress": ["203.0.113.10", "192.168.1.1", "256.0.0.1", "8.8.8.8"],
    "localFqdnName": ["vpn.example.com", "-bad-.example", "a" * 70 + ".com", "host"],
    "remoteFqdnName": ["peer.example.net", "under_score.example", ""],
    "ikeSaLifetimeSeconds": [60, 28800, 86400, 604800, 59, 604801, -1],
    "ipsecSaLifetimeSeconds": [180, 3600, 179, 604800, 700000],
    "ipsecSaLifetimeTraffic": [2560, 1843200, 604800, 604801, 2559, 10 ** 12],
}
#: near misses of enum values: case, spacing, the API page's other spellings
NEAR_MISSES = ["aes256", "AES-CBC-256", "aes-cbc-256 ", "sha1", "SHA", "Main", "group 14", "dh-group14",
               "group14", "null", "none", "md-5", ""]

odd_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10 ** 6, 10 ** 13),
                    st.floats(allow_nan=False, allow_infinity=False), odd_text)
any_json = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=3), st.dictionaries(st.text(string.ascii_letters, min_size=1, max_size=6),
                                                     children, max_size=3)), max_leaves=6)


def secret_keys():
    """Distinctive pre-shared keys: they cannot turn up in output by accident.
    (Only characters a query string and every format write as they are.)"""
    return st.text(string.ascii_letters + string.digits + "-._~", min_size=10, max_size=10).map(
        lambda s: "Zq" + s)


#: the key's name: as the API spells it, mostly, or misspelt as people do (an
#: unknown key then, whose value is still the secret)
KEY_NAMES = ["preSharedKey"] * 6 + ["presharedKey", "PreSharedKey", "pre_shared_key", "psk",
                                    "preSharedKye", "preShareKey", "pre-shared-key"]


def field_values(name: str, schema: dict, wrong_types: bool = True):
    good = list(SAMPLES.get(name, [])) + list(schema.get("enum", []))
    options = [st.sampled_from(good)] if good else []
    options.append(st.sampled_from(NEAR_MISSES))
    if schema.get("type") == "array":
        options.append(st.lists(st.sampled_from(SAMPLES[name]), min_size=1, max_size=4))
    if wrong_types:
        options.append(any_json)
    return st.one_of(*options)


@st.composite
def connections(draw, wrong_types: bool = True, unknown_keys: bool = True):
    """One connection: a random subset of fields, values good or bad, the key always given."""
    psk = draw(secret_keys())
    conn: dict = {}
    for name in TOP:
        if name in spec.SECTIONS:
            if draw(st.integers(0, 9)) < 7:
                fields = draw(st.lists(st.sampled_from(SECTION_FIELDS[name]), unique=True, max_size=6))
                if fields or draw(st.booleans()):
                    conn[name] = {f: draw(field_values(f, FIELDS[f"/{name}/{f}"], wrong_types)) for f in fields}
                elif wrong_types:
                    conn[name] = draw(scalars)
        elif draw(st.integers(0, 9)) < 7:
            conn[name] = draw(field_values(name, FIELDS["/" + name], wrong_types))
    shape = draw(st.integers(0, 19)) if wrong_types else 0
    name = draw(st.sampled_from(KEY_NAMES)) if unknown_keys else "preSharedKey"
    conn[name] = [psk] if shape == 1 else {"value": psk} if shape == 2 else psk
    if unknown_keys and draw(st.integers(0, 4)) == 0:
        conn[draw(st.sampled_from(["integrityAlgorithm", "vpnConnname", "note", "IKESet2"]))] = "x"
    return psk, conn


# -- writers: one spec, several spellings -----------------------------------------------------------

def flatten(data, prefix: str = "") -> dict:
    """The request form: ``IKESet.dhGroupName``, ``userGwCidrBlock.0`` (empty containers stay)."""
    out = {}
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        name = f"{prefix}{key}"
        if isinstance(value, (dict, list)) and value:
            out.update(flatten(value, name + "."))
        else:
            out[name] = value
    return out


def nested_yaml(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def flat_yaml(data) -> str:
    if isinstance(data, list):
        return yaml.safe_dump([flatten(c) for c in data], allow_unicode=True, sort_keys=False)
    return yaml.safe_dump(flatten(data), allow_unicode=True, sort_keys=False)


def nested_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def flat_json(data) -> str:
    if isinstance(data, list):
        return json.dumps([flatten(c) for c in data], ensure_ascii=False)
    return json.dumps(flatten(data), ensure_ascii=False, indent=1)


def query(data, url: bool) -> str:
    # the key goes last: an unknown parameter right after it on its line is read as
    # the rest of a key split by an unencoded '&' (query_reader), never as a parameter
    flat = flatten(data)
    order = sorted(flat, key=spec.looks_secret)
    pairs = [f"{quote_plus(k)}={quote_plus(str(flat[k]))}" for k in order]
    head = "https://vpc.api.qcloud.com/v2/index.php?Action=AddVpnConnEx&Region=ap-guangzhou&" if url else ""
    return head + "&".join(pairs) + "\n"


WRITERS = {
    "nested.vpn.yaml": nested_yaml,
    "flat.vpn.yaml": flat_yaml,
    "nested.vpn.json": nested_json,
    "flat.vpn.json": flat_json,
}


# -- the invariants ---------------------------------------------------------------------------------

def run(files: dict[str, bytes], **settings):
    eng = engine(**settings)
    results = [eng.check_bytes(path, raw) for path, raw in files.items()]
    report = assemble(results, eng)
    outputs = {name: formats.get(name).render(report) for name in formats.names()}
    return results, report, outputs


def file_lines(result, raw: bytes) -> list[str]:
    """The file's lines as vpnlint counts them (the raw bytes when it could not decode them)."""
    if result.text:
        return split_lines(result.text, result.kind)
    text = raw.decode("utf-8", "replace")
    return split_lines(text[1:] if text.startswith("\ufeff") else text, "json")


def check_invariants(files: dict[str, bytes], secrets: list[str]) -> None:
    results, report, outputs = run(files)

    # machine-readable output parses; SARIF is valid SARIF 2.1.0
    document = json.loads(outputs["json"])
    assert len(document["diagnostics"]) == len(report.diagnostics)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in SARIF.iter_errors(json.loads(outputs["sarif"]))]
    assert errors == []

    # every position inside its file
    lines = {result.path: file_lines(result, files[result.path]) for result in results}
    for d in report.diagnostics:
        text = lines[d.path]
        where = f"{d.code} at {d.line}:{d.column}-{d.end_line}:{d.end_column} in {len(text)} lines"
        assert 1 <= d.line <= d.end_line <= len(text), where
        assert 1 <= d.column <= len(text[d.line - 1]) + 1, where
        assert 1 <= d.end_column <= len(text[d.end_line - 1]) + 1, where
        if d.end_line == d.line:
            assert d.end_column >= d.column, where

    # the key: in no output, no snippet
    for secret in secrets:
        for name, text in outputs.items():
            assert secret not in text, f"the pre-shared key is in the {name} output"
        for d in report.diagnostics:
            assert not any(secret in line for line in d.snippet), f"the pre-shared key is in a {d.code} snippet"

    # the same again; and the same where no format but text prints source
    # lines, from a run that collects none (as the CLI runs for those formats)
    assert run(files)[2] == outputs
    _, bare, bare_outputs = run(files, source_lines=False)
    assert not any(d.snippet for d in bare.diagnostics)
    assert {name: text for name, text in bare_outputs.items() if name != "text"} == \
        {name: text for name, text in outputs.items() if name != "text"}


def findings(text: str, path: str) -> set[tuple[str, str]]:
    _, report, _ = run({path: text.encode("utf-8")})
    return {(d.code, d.pointer) for d in report.diagnostics}


# -- generated specs --------------------------------------------------------------------------------

@settings(max_examples=int(70 * SCALE), **PROFILE)
@given(st.lists(connections(), min_size=1, max_size=3), st.sampled_from(sorted(WRITERS)), st.booleans())
# found by this test: a misspelt key holding a mapping, flattened ("preSharedKye.value")
@example([("Zq0000000000", {"vpnConnName": "hq", "preSharedKye": {"value": "Zq0000000000"}})],
         "flat.vpn.json", False)
def test_generated_specs_keep_every_invariant(specs, writer, as_list):
    secrets = [psk for psk, _ in specs]
    data = [conn for _, conn in specs] if as_list or len(specs) > 1 else specs[0][1]
    check_invariants({writer: WRITERS[writer](data).encode("utf-8")}, secrets)


@settings(max_examples=int(25 * SCALE), **PROFILE)
@given(st.lists(connections(), min_size=2, max_size=4))
def test_several_files_and_documents_keep_every_invariant(specs):
    # across-spec rules compare connections of one run: in other files and documents
    files = {}
    for index, (_, conn) in enumerate(specs):
        files[f"f{index}.vpn.yaml" if index % 2 else f"f{index}.vpn.json"] = (
            nested_yaml(conn) if index % 2 else nested_json(conn)).encode()
    files["multi.vpn.yaml"] = "---\n".join(nested_yaml(conn) for _, conn in specs).encode()
    check_invariants(files, [psk for psk, _ in specs])


@settings(max_examples=int(40 * SCALE), **PROFILE)
@given(connections(wrong_types=True, unknown_keys=True).filter(lambda pair: _flattenable(pair[1])))
def test_nested_flattened_and_json_give_the_same_findings(pair):
    _, conn = pair
    found = {path: findings(writer(conn), path) for path, writer in WRITERS.items()}
    assert found["flat.vpn.yaml"] == found["nested.vpn.yaml"]
    assert found["nested.vpn.json"] == found["nested.vpn.yaml"]
    assert found["flat.vpn.json"] == found["nested.vpn.yaml"]


def _flattenable(conn: dict) -> bool:
    """What the flattened form can say exactly: no dots in keys, no empty or digit-only
    nested keys, no nested lists of containers (their order could not survive)."""
    def ok(value, depth: int) -> bool:
        if isinstance(value, dict):
            return all(isinstance(k, str) and k and "." not in k and not k.isdigit() and ok(v, depth + 1)
                       for k, v in value.items())
        if isinstance(value, list):
            return all(not isinstance(v, (dict, list)) for v in value)
        return True
    return ok(conn, 0)


@st.composite
def query_connections(draw):
    """Specs a query string can say: strings everywhere, integers in integer fields,
    lists of strings (``userGwCidrBlock.0=``); no other types."""
    psk, conn = draw(connections(wrong_types=False, unknown_keys=True))
    out: dict = {}
    for name, value in conn.items():
        if isinstance(value, dict):
            out[name] = {k: v for k, v in value.items() if _query_value(f"/{name}/{k}", v)}
            if not out[name]:
                del out[name]
        elif isinstance(value, list) and all(isinstance(v, str) for v in value) and value:
            out[name] = value
        elif _query_value("/" + name, value):
            out[name] = value
    out["preSharedKey"] = psk
    return psk, out


def _query_value(pointer: str, value) -> bool:
    if pointer in spec.INTEGER_FIELDS:
        return type(value) is int or (isinstance(value, str) and not re.fullmatch(r"-?[0-9]+", value))
    return isinstance(value, str)


@settings(max_examples=int(40 * SCALE), **PROFILE)
@given(query_connections(), st.booleans())
@example(("Zq0123456789", {"vpcId": "vpc-amhnnao5", "preSharedKey": "Zq0123456789",
                           "userGwCidrBlock": ["192.168.10.1/24", "10.0.0.0/8"],
                           "IKESet": {"ikeSaLifetimeSeconds": 59, "dhGroupName": "group1"}}), True)
def test_the_request_form_gives_the_same_findings(pair, url):
    psk, conn = pair
    nested = findings(nested_yaml(conn), "nested.vpn.yaml")
    assert findings(nested_json(conn), "nested.vpn.json") == nested
    assert findings(query(conn, url), "request.txt") == nested
    check_invariants({"request.txt": query(conn, url).encode()}, [psk])


@st.composite
def aliased(draw):
    """A spec whose key is anchored and aliased into another field (or used as a key)."""
    psk, conn = draw(connections(wrong_types=False, unknown_keys=False))
    del conn["preSharedKey"]
    target = draw(st.sampled_from(sorted(FIELDS) + ["as-a-key"]))
    if target == "as-a-key":
        conn["ALIAS_HERE"] = 1
    elif target == spec.PRE_SHARED_KEY:
        pass
    elif target.count("/") == 2:
        section, field = target[1:].split("/")
        if not isinstance(conn.get(section), dict):
            conn[section] = {}
        conn[section][field] = "ALIAS_HERE"
    else:
        conn[target[1:]] = ["ALIAS_HERE"] if FIELDS[target].get("type") == "array" else "ALIAS_HERE"
    text = f"preSharedKey: &key {psk}\n" + nested_yaml(conn).replace("ALIAS_HERE", "*key")
    return psk, text


@settings(max_examples=int(40 * SCALE), **PROFILE)
@given(aliased())
def test_the_key_aliased_into_another_field_is_never_printed(case):
    psk, text = case
    check_invariants({"aliased.vpn.yaml": text.encode()}, [psk])


# -- damaged texts ----------------------------------------------------------------------------------

ODD = ["~", "!!", "!!python/object:os.system", "&a", "*a", "*undefined", "<<: *a", "? ", "{", "[", "}", "]",
       "'", '"', "%YAML 1.1", "---", "...", "@", "`", "\t", "\r", "\x85", "\u2028", "\ufeff", "0x1F", "1e999",
       ".nan", "-.inf", "2001-12-14", "yes", "no", "null", "=", "&", "%ZZ", "#", "\\", "\\u00", "\\ud800",
       "12:30:45", "1_000", "0o17", "0b101", "+12", "|", ">-", ":", ",", "- ", "\x00", "\x1b[31m"]


@st.composite
def damaged(draw):
    """A generated spec in some spelling, then damaged a few times."""
    psk, conn = draw(connections())
    forms = dict(WRITERS, **{"request.txt": lambda c: query(c, True)})
    path = draw(st.sampled_from(sorted(forms)))
    try:
        raw = forms[path](conn).encode("utf-8")
    except TypeError:
        raw = nested_yaml(conn).encode()
    for _ in range(draw(st.integers(1, 4))):
        raw = draw(_damage(raw))
    return path, raw, psk


def _damage(raw: bytes):
    lines = raw.split(b"\n")
    index = st.integers(0, max(len(raw) - 1, 0))
    line_index = st.integers(0, max(len(lines) - 1, 0))
    flip = st.tuples(index, st.integers(0, 7)).map(
        lambda t: raw[:t[0]] + bytes([raw[t[0]] ^ (1 << t[1])]) + raw[t[0] + 1:] if raw else raw)
    truncate = index.map(lambda i: raw[:i])
    duplicate = line_index.map(lambda i: b"\n".join(lines[:i + 1] + lines[i:]))
    delete = line_index.map(lambda i: b"\n".join(lines[:i] + lines[i + 1:]))
    move = st.tuples(line_index, line_index).map(
        lambda t: b"\n".join(_moved(lines, *t)))
    insert = st.tuples(index, st.sampled_from(ODD)).map(
        lambda t: raw[:t[0]] + t[1].encode("utf-8") + raw[t[0]:])
    return st.one_of(flip, truncate, duplicate, delete, move, insert)


def _moved(lines: list[bytes], source: int, target: int) -> list[bytes]:
    out = list(lines)
    line = out.pop(source)
    out.insert(min(target, len(out)), line)
    return out


#: how each name must stand to still name the key: the usual spellings anywhere,
#: even run into other text ("1.1preSharedKey"); "psk" as a word; a misspelling
#: where a word starts (run into other letters it is another word: "xpreShareKey")
_NAMED = {name: re.escape(name) if re.fullmatch(r"(?i)pre[ _-]*shared[ _-]*key", name)
          else r"\bpsk\b" if name == "psk" else r"(?<![\w.\-])" + re.escape(name) for name in KEY_NAMES}


def _key_still_named(raw: bytes, psk: str) -> bool:
    """Whether every copy of the key is still written as the pre-shared key's value
    (``preSharedKey: ``, ``"preSharedKey": "``, ``preSharedKey=``).  When damage
    has destroyed that, the text no longer says the string is a key."""
    text = raw.decode("utf-8", "replace")
    names = "|".join(_NAMED[name] for name in sorted(set(KEY_NAMES)))
    copies = text.count(psk)
    bound = len(re.findall(rf"""(?:{names})["']?[ \t]*[:=][ \t]*(?:&\w+ )?["'\[{{]?(?:value: )?"""
                           + re.escape(psk), text))
    return copies == bound


@settings(max_examples=int(120 * SCALE), **PROFILE)
@given(damaged())
# found by this test in CI: a directive run into the key's name on its line
@example(("flat.vpn.yaml", b"vpcId: none\nspdAcl: '{}'\n%YAML 1.1preSharedKey: Zq0000000000\n", "Zq0000000000"))
@example(("t.vpn.yaml", b"a: 1\nb: 2 3 preSharedKye: Zq0000000000\n: broken\n", "Zq0000000000"))
def test_damaged_texts_keep_every_invariant(case):
    path, raw, psk = case
    check_invariants({path: raw}, [psk] if _key_still_named(raw, psk) else [])


# -- the schema rules' validator is jsonschema's, only cheaper -------------------------------------

#: the bundled schema as written ($ref and all), asked about one connection
PLAIN_VALIDATOR = validator_for(spec.schema())(
    {key: value for key, value in spec.schema().items() if key != "anyOf"} | {"$ref": "#/$defs/connection"})


def _errors_of(errors) -> list[tuple]:
    return sorted((list(e.absolute_path), e.validator, json.dumps(e.validator_value, sort_keys=True),
                   e.message) for e in errors)


@settings(max_examples=int(150 * SCALE), **PROFILE)
@given(st.lists(connections(), min_size=1, max_size=4))
def test_the_schema_validator_reports_what_plain_jsonschema_reports(batch):
    """The A rules' validator inlines ``$ref`` and remembers scalars that passed;
    run after run (so the memo is warm) it must give jsonschema's own errors on
    the bundled schema, error for error."""
    from vpnlint.rules.api._schema import _validator

    ours = _validator()
    for _, data in batch + batch:  # the second pass meets every scalar in the memo
        assert _errors_of(ours(data)) == _errors_of(PLAIN_VALIDATOR.iter_errors(data))


_PASSING = {"vpcId": "vpc-amhnnao5", "vpnGwId": "vpngw-dystbrkv", "userGwId": "cgw-e098slul",
            "vpnConnName": "hq", "preSharedKey": "Zq0000000000", "spdAcl": "{}",
            "userGwCidrBlock": ["10.0.0.0/24"],
            "IKESet": {"remoteAddress": "203.0.113.10", "ikeSaLifetimeSeconds": 3600,
                       "propoEncryAlgorithm": "aes-cbc-256"},
            "IPsecSet": {"ipsecSaLifetimeSeconds": 3600}}


@pytest.mark.parametrize("pointer, value, fails", [
    ("/vpnConnName", "n" * 60, False), ("/vpnConnName", "n" * 61, True), ("/vpcId", "", True),
    ("/vpcId", 7, True), ("/IKESet/remoteAddress", "198.51.100.200", False),
    ("/IKESet/remoteAddress", None, True), ("/IKESet/ikeSaLifetimeSeconds", 60, False),
    ("/IKESet/ikeSaLifetimeSeconds", 59, True), ("/IKESet/ikeSaLifetimeSeconds", 604801, True),
    ("/IKESet/ikeSaLifetimeSeconds", 3600.0, False), ("/IKESet/ikeSaLifetimeSeconds", 3600.5, True),
    ("/IKESet/ikeSaLifetimeSeconds", True, True), ("/IKESet/propoEncryAlgorithm", "aes-cbc-128", False),
    ("/IKESet/propoEncryAlgorithm", "aes-cbc-257", True), ("/userGwCidrBlock", [], True),
    ("/userGwCidrBlock", ["10.0.0.0/24", 5], True), ("/IPsecSet/note", "x", True),
])
def test_a_connection_laid_out_like_one_that_passed_is_still_validated_by_its_values(pointer, value, fails):
    """The validator remembers what made a connection pass (its keys, whether each
    string's length and each integer is within bounds, enum values as
    themselves); a value on the other side of a bound, or of another type, in
    an otherwise identical connection must still fail as plain jsonschema says."""
    from vpnlint.rules.api._schema import _validator

    changed = json.loads(json.dumps(_PASSING))
    *parents, name = pointer.strip("/").split("/")
    target = changed
    for part in parents:
        target = target[part]
    target[name] = value
    ours = _validator()
    assert list(ours(_PASSING)) == [] and list(ours(_PASSING)) == []  # now remembered
    expected = _errors_of(PLAIN_VALIDATOR.iter_errors(changed))
    assert bool(expected) is fails
    assert _errors_of(ours(changed)) == expected
    assert _errors_of(ours(changed)) == expected  # and again, remembered or not


# -- overlaps found through the index are the pairs that overlap -------------------------------------

def _cidrs():
    # few prefixes and few distinct blocks, so that groups nest, repeat and collide
    return st.builds(lambda a, b, length: ipaddress.ip_network(f"10.{a}.{b}.0/{length}", strict=False),
                     st.integers(0, 3), st.integers(0, 3), st.sampled_from([8, 12, 16, 20, 23, 24, 30, 32]))


@settings(max_examples=int(300 * SCALE), **PROFILE)
@given(st.lists(st.lists(_cidrs(), max_size=4), max_size=12))
def test_the_overlap_index_finds_exactly_the_earlier_groups_that_overlap(groups):
    from vpnlint.netaddr import OverlapIndex, block

    index = OverlapIndex([[block(network) for network in group] for group in groups])
    for j, ours in enumerate(groups):
        pairwise = [i for i, theirs in enumerate(groups[:j])
                    if any(a.subnet_of(b) or b.subnet_of(a) for a in ours for b in theirs)]
        assert index.earlier(j) == pairwise


# -- the run's order ---------------------------------------------------------------------

_diagnostics = st.lists(st.builds(
    lambda path, line, column, code, document, pointer, message: Diagnostic(
        path=path, document=document, pointer=pointer, line=line, column=column, end_line=line,
        end_column=column + 1, code=code, name="n", category="api", severity=Severity.ERROR, message=message),
    st.sampled_from(["a.vpn.yaml", "b/c.vpn.json", "b-c.vpn.yaml", "-"]), st.integers(1, 3), st.integers(1, 3),
    st.sampled_from(["A001", "S005", "X001"]), st.integers(0, 1), st.sampled_from(["", "/x", "/0/x"]),
    st.sampled_from(["one", "two"])), max_size=40)


@given(_diagnostics)
def test_diagnostics_are_put_in_order_as_a_stable_sort_on_the_whole_key_would(diagnostics):
    # model.in_order sorts file by file (a key per diagnostic for a whole run was
    # megabytes); ties keep their order, which the message tells apart here
    expected = sorted(diagnostics, key=lambda d: d.sort_key)
    got = in_order(diagnostics)
    assert [(d.sort_key, d.message) for d in got] == [(d.sort_key, d.message) for d in expected]
