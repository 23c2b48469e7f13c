"""Connection rules that declare ``reads``: what they are given, and the findings
the engine remembers for them (vpnlint.engine, vpnlint.connection.readings)."""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from lintkit import _REGISTRY, FIXTURES, engine
from test_properties import PROFILE, SCALE, connections
from vpnlint.connection import LONGEST_READING, Connection, readings
from vpnlint import engine as engine_module
from vpnlint.engine import Engine, assemble
from vpnlint.model import Finding, Severity
from vpnlint.registry import Registry, RuleError
from vpnlint.rules import ConnectionRule
from vpnlint.settings import Settings


def _recording(reads, code="S901"):
    """A rule that records each connection's data it is given, and finds one
    thing quoting what it read."""
    seen: list = []

    class Recording(ConnectionRule):
        severity = Severity.INFO

        def check(self, conn):
            seen.append(copy.deepcopy(conn.data))
            yield Finding("/IKESet/dhGroupName", f"read {json.dumps(conn.data, sort_keys=True)}")

    Recording.code, Recording.name, Recording.reads = code, "recording-" + code.lower(), reads
    return Recording, seen


class _NoAliases(yaml.SafeDumper):
    """Writes a mapping two connections share twice, not as an anchor and an alias."""

    def ignore_aliases(self, data) -> bool:
        return True


def _run(rule, *connections):
    eng = Engine(Registry([rule]), Settings())
    text = yaml.dump(list(connections), Dumper=_NoAliases, sort_keys=False)
    return assemble([eng.check_bytes("t.vpn.yaml", text.encode())], eng)


SPEC = {"vpcId": "vpc-amhnnao5", "preSharedKey": "Zq-not-printed",
        "IKESet": {"dhGroupName": "group2", "remoteAddress": "203.0.113.2"},
        "IPsecSet": {"pfsDhGroup": "null"}}


def test_a_rule_that_declares_reads_sees_only_those_fields():
    rule, seen = _recording(("/IKESet/dhGroupName", "/IPsecSet/pfsDhGroup", "/userGwId"))
    _run(rule, SPEC)
    assert seen == [{"IKESet": {"dhGroupName": "group2"}, "IPsecSet": {"pfsDhGroup": "null"}}]


def test_an_undeclared_rule_sees_the_whole_connection():
    rule, seen = _recording(None)
    _run(rule, SPEC)
    assert seen == [SPEC]


def test_a_missing_field_leaves_its_section_and_a_section_that_is_no_mapping_is_given_whole():
    rule, seen = _recording(("/IKESet/dhGroupName", "/IPsecSet/pfsDhGroup"))
    _run(rule, {"IKESet": {"remoteAddress": "203.0.113.2"}, "IPsecSet": ["dh-group2"]}, {"vpcId": "vpc-1"})
    assert seen == [{"IKESet": {}, "IPsecSet": ["dh-group2"]}, {}]


def test_the_cut_never_changes_the_connection_it_was_cut_from():
    data = {"IKESet": {"dhGroupName": "group2", "exchangeMode": "main"}}
    before = copy.deepcopy(data)
    cut = Connection("a.vpn.yaml", 3, "/2", data).cut(("/IKESet", "/IKESet/dhGroupName", "/IKESet/x/y"))
    assert data == before
    assert cut.data == before and (cut.path, cut.document, cut.base) == ("", 0, "")


def test_equal_readings_are_checked_once_and_their_findings_reused():
    rule, seen = _recording(("/IKESet/dhGroupName",))
    other = {**SPEC, "vpcId": "vpc-other", "IKESet": {"dhGroupName": "group2", "remoteAddress": "198.51.100.7"}}
    report = _run(rule, SPEC, other, {**SPEC, "IKESet": {"dhGroupName": "group14"}})
    assert seen == [{"IKESet": {"dhGroupName": "group2"}}, {"IKESet": {"dhGroupName": "group14"}}]
    # each connection still gets its own diagnostic, at its own place
    assert [(d.pointer, d.line) for d in report.diagnostics] == [
        ("/0/IKESet/dhGroupName", 4), ("/1/IKESet/dhGroupName", 11), ("/2/IKESet/dhGroupName", 18)]


@pytest.mark.parametrize("values", [
    [1, True, 1.0, "1"],  # equal to Python, not to a schema or a rule
    [None, "null", {}, []],
    [["a"], ["a", "a"], {"a": 1}, {"a": True}],
])
def test_readings_tell_apart_values_python_calls_equal(values):
    rule, seen = _recording(("/IKESet/dhGroupName",))
    _run(rule, *({"IKESet": {"dhGroupName": value}} for value in values))
    assert len(seen) == len(values)


def test_readings_tell_a_missing_section_from_an_empty_one_and_from_a_list():
    parts = (("IKESet", "dhGroupName"),)
    found = [readings(data, parts) for data in ({}, {"IKESet": {}}, {"IKESet": []}, {"IKESet": None},
                                               {"IKESet": {"dhGroupName": None}})]
    assert len(set(map(tuple, found))) == 5


def test_a_value_too_long_to_remember_is_checked_every_time():
    rule, seen = _recording(("/IKESet/dhGroupName",))
    long = "g" * (LONGEST_READING + 1)
    report = _run(rule, *({"IKESet": {"dhGroupName": long}} for _ in range(3)))
    assert len(seen) == 3 and len(report.diagnostics) == 3
    assert readings({"IKESet": {"dhGroupName": long}}, (("IKESet", "dhGroupName"),)) is None


def test_the_remembered_findings_are_bounded(monkeypatch):
    monkeypatch.setattr(engine_module, "_MOST_FOUND", 3)
    rule, seen = _recording(("/IKESet/dhGroupName",))
    eng = Engine(Registry([rule]), Settings())
    groups = [f"group{n}" for n in range(10)]
    eng.check_bytes("t.vpn.yaml", yaml.safe_dump([{"IKESet": {"dhGroupName": g}} for g in groups]).encode())
    assert len(seen) == 10 and 1 <= len(eng._found) <= 3


def test_a_field_that_looks_like_the_key_is_read_but_never_remembered():
    rule, seen = _recording(("/preSharedKey",))
    eng = Engine(Registry([rule]), Settings())
    text = yaml.safe_dump([{"preSharedKey": "Zq-same-key"}] * 3)
    result = eng.check_bytes("t.vpn.yaml", text.encode())
    assert len(seen) == 3
    assert "Zq-same-key" not in repr(eng._found)
    assert all("Zq-same-key" not in d.message for d in result.diagnostics)


@pytest.mark.parametrize("reads", [(), ["/IKESet/dhGroupName"], ("IKESet/dhGroupName",), ("/a", 3)])
def test_a_rule_whose_reads_are_not_pointers_is_refused_naming_it(reads):
    rule, _ = _recording(reads, code="S902")
    with pytest.raises(RuleError, match=r"Recording from vpnlint: reads must be"):
        Registry([rule])


# -- the built-in declarations ---------------------------------------------------------------

def _declaring_nothing() -> Registry:
    """The built-in rules, each made to read the whole connection."""
    return Registry([type(rule.__name__, (rule,), {"reads": None}) if _declares(rule) else rule
                     for rule in _REGISTRY])


def _declares(rule) -> bool:
    return issubclass(rule, ConnectionRule) and rule.reads is not None


def test_built_in_rules_declare_reads():
    declared = {rule.code for rule in _REGISTRY if _declares(rule)}
    assert {"S001", "S004", "S005", "S012", "A017"} <= declared
    assert not any(_declares(rule) for rule in _declaring_nothing())


def _report(registry, files: dict[str, bytes]) -> list[dict]:
    eng = Engine(registry, Settings())
    return [d.as_dict() for d in assemble([eng.check_bytes(path, raw) for path, raw in files.items()], eng).diagnostics]


def test_declared_reads_change_nothing_in_the_rule_fixtures():
    """Each rule's good and bad fixtures, read as one run: the same report when
    every rule sees the whole connection."""
    files = {str(path): path.read_bytes() for path in sorted((FIXTURES / "rules").rglob("*.vpn.*"))}
    assert len(files) > 100
    report = _report(_REGISTRY, files)
    assert {d["code"] for d in report} >= {"S004", "S007", "S010", "S012", "A017"}
    assert report == _report(_declaring_nothing(), files)


@settings(max_examples=int(40 * SCALE), **PROFILE)
@given(st.lists(connections(), min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_declared_reads_change_no_finding(specs, random):
    """Every built-in rule's ``reads`` names all it reads: the report is the
    same when each rule sees the whole connection, checked afresh.  Each
    connection comes twice, the second time with another one's crypto
    sections, so remembered findings are reused across connections."""
    conns = [conn for _, conn in specs]
    donors = [random.choice(conns) for _ in conns]
    conns += [{**conn, **{name: donor[name] for name in ("IKESet", "IPsecSet") if name in donor}}
              for conn, donor in zip(conns, donors)]
    files = {"t.vpn.yaml": yaml.safe_dump(conns, sort_keys=False, allow_unicode=True).encode()}
    assert _report(_REGISTRY, files) == _report(_declaring_nothing(), files)


def test_the_lintkit_engine_remembers_across_files():
    eng = engine()
    spec = yaml.safe_dump({**SPEC, "IPsecSet": {"integrityAlgorith": "md5"}}).encode()
    first = eng.check_bytes("a.vpn.yaml", spec).diagnostics
    remembered = len(eng._found)
    second = eng.check_bytes("b.vpn.yaml", spec).diagnostics
    assert remembered and len(eng._found) == remembered
    assert [d.code for d in first] == [d.code for d in second] and "S004" in [d.code for d in first]
