"""vpnlint.schema_check reports what jsonschema reports, in the same order.

The schema rules run on the compiled validator (it spares a run jsonschema's
import and per-node overhead); these tests hold it to jsonschema's
Draft202012Validator on the bundled schema and on generated instances, and
check that a schema it cannot handle falls back to jsonschema.
"""

from __future__ import annotations

import copy
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from vpnlint import spec
from vpnlint.schema_check import compile_schema


def _bundled() -> dict:
    schema = dict(spec.schema())
    schema.pop("anyOf", None)
    schema["$ref"] = "#/$defs/connection"
    return schema


SCHEMA = _bundled()
COMPILED = compile_schema(SCHEMA)
REFERENCE = Draft202012Validator(SCHEMA)

CLEAN = {
    "vpcId": "vpc-amhnnao5", "vpnGwId": "vpngw-dystbrkv", "userGwId": "cgw-e098slul",
    "vpnConnName": "hq", "preSharedKey": "${PSK}", "spdAcl": '{"10.0.0.0/24": ["192.168.1.0/24"]}',
    "userGwCidrBlock": ["192.168.1.0/24"],
    "IKESet": {"propoEncryAlgorithm": "aes-cbc-256", "dhGroupName": "group14", "ikeSaLifetimeSeconds": 28800,
               "remoteAddress": "203.0.113.1"},
    "IPsecSet": {"integrityAlgorith": "sha", "ipsecSaLifetimeSeconds": 3600, "ipsecSaLifetimeTraffic": 2560,
                 "pfsDhGroup": "dh-group14"},
}


def _key(error) -> tuple:
    # the schema is compared by identity: the rules read the subschema object itself
    return (error.validator, repr(error.validator_value), repr(error.instance), id(error.schema),
            list(error.absolute_path))


def assert_same(instance) -> None:
    expected = [_key(e) for e in REFERENCE.iter_errors(instance)]
    got = [_key(e) for e in COMPILED(instance)]
    assert got == expected


def test_the_bundled_schema_compiles():
    assert COMPILED is not None


def test_a_clean_connection_has_no_error():
    assert COMPILED(copy.deepcopy(CLEAN)) == []
    assert_same(CLEAN)


@pytest.mark.parametrize("instance", [
    {}, [], None, "text", 5, True, 3600.0,
    {"IKESet": None, "IPsecSet": []},
    {**CLEAN, "vpnConnName": "x" * 61, "vpcId": "", "extra": 1, "other": {"a": 1}},
    {**CLEAN, "IKESet": {"propoEncryAlgorithm": "aes256", "ikeSaLifetimeSeconds": "28800", "bogus": 1}},
    {**CLEAN, "IKESet": {"ikeSaLifetimeSeconds": 30.0}, "IPsecSet": {"ipsecSaLifetimeSeconds": True}},
    {**CLEAN, "IKESet": {"ikeSaLifetimeSeconds": math.inf}, "IPsecSet": {"ipsecSaLifetimeSeconds": 1e9}},
    {**CLEAN, "IKESet": {"ikeSaLifetimeSeconds": 59.5, "dhGroupName": 14}},
    {**CLEAN, "userGwCidrBlock": [], "spdAcl": 7},
    {**CLEAN, "userGwCidrBlock": [1, None, "10.0.0.0/8", ["x"]]},
    {"vpcId": 1, "vpnGwId": None, "userGwId": [], "vpnConnName": {}, "preSharedKey": False},
])
def test_hand_picked_instances_give_the_same_errors(instance):
    assert_same(instance)


_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10**7), st.floats(allow_nan=False),
    st.sampled_from(["", "sha", "md5", "aes-cbc-256", "group14", "dh-group14", "null", "x" * 61, "3600"]),
    st.text(max_size=8),
)
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)), max_leaves=6)
_FIELDS = sorted(CLEAN) + ["IKESet/" + k for k in spec.section_schema("IKESet")["properties"]] \
    + ["IPsecSet/" + k for k in spec.section_schema("IPsecSet")["properties"]] + ["unknownKey", "IKESet/unknown"]


@st.composite
def _instances(draw):
    data = copy.deepcopy(CLEAN)
    for _ in range(draw(st.integers(0, 6))):
        field = draw(st.sampled_from(_FIELDS))
        parent, _, name = field.rpartition("/")
        target = data if not parent else data.get(parent)
        if not isinstance(target, dict):
            continue
        if draw(st.booleans()) and name in target:
            del target[name]
        else:
            target[name] = draw(_VALUES)
    return data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_instances())
def test_generated_instances_give_the_same_errors(instance):
    assert_same(instance)


@given(_VALUES)
@settings(max_examples=150, deadline=None)
def test_arbitrary_documents_give_the_same_errors(instance):
    assert_same(instance)


@pytest.mark.parametrize("schema", [
    {"type": "string", "pattern": "^a"},
    {"oneOf": [{"type": "string"}]},
    {"$ref": "https://example.invalid/schema.json"},
    {"type": "object", "properties": {"a": True}},
    {"type": "object", "additionalProperties": {"type": "string"}},
    {"enum": [1, 2]},
])
def test_a_schema_beyond_the_supported_keywords_falls_back(schema):
    assert compile_schema(schema) is None


def test_a_recursive_ref_compiles_and_agrees():
    schema = {"$defs": {"node": {"type": "object", "properties": {"child": {"$ref": "#/$defs/node"},
                                                                  "n": {"type": "integer", "maximum": 3}}}},
              "$ref": "#/$defs/node"}
    compiled = compile_schema(schema)
    assert compiled is not None
    instance = {"n": 5, "child": {"n": "x", "child": {"n": 4.0, "child": 1}}}
    got = [(e.validator, list(e.absolute_path)) for e in compiled(instance)]
    expected = [(e.validator, list(e.absolute_path)) for e in Draft202012Validator(schema).iter_errors(instance)]
    assert got == expected
    assert len(got) == 4
