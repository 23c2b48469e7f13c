"""The across-spec (X) rules, run in-process over several files at once.

Fixture pairs (tests/fixtures/rules/X*/) pin which lines are reported; these
tests pin the rest of the contract: the later connection carries the
diagnostic and its message names the earlier one's file and line, the order
of the files decides only which of two is "later", quotas count what they say,
the pre-shared key never appears in any output, and a run whose summaries are
computed file by file (as a parallel run does) finds the same.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import pickle
import re

import pytest
import yaml

from vpnlint import formats
from vpnlint.engine import RuleCrashed
from vpnlint.model import Severity
from vpnlint.registry import load_registry
from vpnlint.summary import digest

from lintkit import base_spec, engine, lint_bytes, lint_text

X_CODES = ["X001", "X002", "X003", "X004", "X005", "X006", "X007"]
_RELATED = re.compile(r"([\w./-]+\.vpn\.(?:yaml|json)):(\d+)")


# -- building runs ---------------------------------------------------------------

def conn(n: int, **fields) -> dict:
    """Connection ``n``: the clean base spec with its own name, customer gateway,
    key, networks and peer address, so that only ``fields`` can collide."""
    spec = copy.deepcopy(base_spec())
    spec.update(
        vpnConnName=f"conn-{n}",
        userGwId=f"cgw-conn{n:04d}",
        preSharedKey=f"${{VPN_PSK_{n}}}",
        spdAcl=f'{{"10.0.{n}.0/24": ["192.168.{n}.0/24"]}}',
    )
    spec["IKESet"]["remoteAddress"] = f"203.0.113.{n}"
    if "userGwCidrBlock" in fields:
        del spec["spdAcl"]
    spec.update(fields)
    return spec


def yaml_text(*specs: dict) -> str:
    return "---\n".join(yaml.safe_dump(s, sort_keys=False) for s in specs)


def encode(files: dict[str, str]) -> dict[str, bytes]:
    return {path: text.encode("utf-8") for path, text in files.items()}


def line_of(text: str, key: str, nth: int = 0) -> int:
    """The line (1-based) of the ``nth`` top-level ``key:`` in ``text``."""
    lines = [i for i, line in enumerate(text.splitlines(), start=1) if line.startswith(f"{key}:")]
    return lines[nth]


def found(report, code: str) -> list:
    return [d for d in report.diagnostics if d.code == code]


def related(diagnostic) -> tuple[str, int]:
    """The "path:line" a message names."""
    match = _RELATED.search(diagnostic.message)
    assert match, f"no path:line in {diagnostic.message!r}"
    return match.group(1), int(match.group(2))


def x_pairs(report, code: str) -> set[frozenset]:
    """Each diagnostic as the unordered pair {its place, the place it names}."""
    return {frozenset({(d.path, d.line), related(d)}) for d in found(report, code)}


# -- X001 / X002: duplicates ----------------------------------------------------------

def test_x001_reports_the_later_file_and_names_the_earlier_line():
    a, b = yaml_text(conn(1, vpnConnName="hq")), yaml_text(conn(2, vpnConnName="hq"))
    report = lint_bytes(encode({"a.vpn.yaml": a, "b.vpn.yaml": b}))
    [diag] = found(report, "X001")
    assert (diag.path, diag.line, diag.pointer) == ("b.vpn.yaml", line_of(b, "vpnConnName"), "/vpnConnName")
    assert related(diag) == ("a.vpn.yaml", line_of(a, "vpnConnName"))
    assert "'hq'" in diag.message and "{related}" not in diag.message
    assert diag.severity is Severity.ERROR and diag.api_error == "InvalidVpnConnName.InUse"


def test_x001_needs_the_same_vpc_and_the_name_as_written():
    report = lint_bytes(encode({
        "a.vpn.yaml": yaml_text(conn(1, vpnConnName="hq")),
        "b.vpn.yaml": yaml_text(conn(2, vpnConnName="hq", vpcId="vpc-second01", vpnGwId="vpngw-second01"),
                                conn(3, vpnConnName="HQ"), conn(4, vpnConnName="hq ")),
    }))
    assert found(report, "X001") == []


def test_x001_every_repeat_names_the_first_even_within_one_file():
    text = yaml_text(conn(1, vpnConnName="hq"), conn(2, vpnConnName="hq"), conn(3, vpnConnName="hq"))
    report = lint_text(text)
    diags = found(report, "X001")
    assert [d.line for d in diags] == [line_of(text, "vpnConnName", 1), line_of(text, "vpnConnName", 2)]
    assert [d.document for d in diags] == [1, 2]
    assert {related(d) for d in diags} == {("t.vpn.yaml", line_of(text, "vpnConnName", 0))}


def test_x001_in_a_list_document_points_into_the_list():
    text = yaml.safe_dump([conn(1, vpnConnName="hq"), conn(2, vpnConnName="hq")], sort_keys=False)
    [diag] = found(lint_text(text), "X001")
    assert diag.pointer == "/1/vpnConnName"
    assert related(diag)[1] < diag.line


def test_x002_flags_the_second_tunnel_of_a_gateway_pair_only():
    a = yaml_text(conn(1, userGwId="cgw-office01"))
    b = yaml_text(conn(2, userGwId="cgw-office01"),  # same pair: reported
                  conn(3, userGwId="cgw-office01", vpnGwId="vpngw-second01"))  # other VPN gateway
    report = lint_bytes(encode({"a.vpn.yaml": a, "b.vpn.yaml": b}))
    [diag] = found(report, "X002")
    assert (diag.path, diag.line, diag.pointer) == ("b.vpn.yaml", line_of(b, "userGwId"), "/userGwId")
    assert related(diag) == ("a.vpn.yaml", line_of(a, "userGwId"))
    assert "'vpngw-dystbrkv'" in diag.message and "'cgw-office01'" in diag.message


def test_across_rules_name_a_request_url_file_too():
    url = ("https://vpc.api.qcloud.com/v2/index.php?Action=AddVpnConnEx&vpcId=vpc-amhnnao5"
           "&userGwId=cgw-conn0009&vpnGwId=vpngw-dystbrkv&vpnConnName=hq&preSharedKey=${VPN_PSK_9}"
           "&userGwCidrBlock.0=192.168.9.0/24\n")
    a = yaml_text(conn(1, vpnConnName="hq"))
    report = lint_bytes(encode({"a.vpn.yaml": a, "b.url": url}))
    [diag] = found(report, "X001")
    assert diag.path == "b.url" and diag.line == 1 and diag.column == url.index("vpnConnName=hq") + 13
    assert related(diag) == ("a.vpn.yaml", line_of(a, "vpnConnName"))


# -- X003 / X004: quotas -------------------------------------------------------------

def test_x003_default_quota_is_20_and_each_connection_beyond_is_reported():
    text = yaml_text(*(conn(n) for n in range(1, 23)))
    diags = found(lint_text(text), "X003")
    assert [d.document for d in diags] == [20, 21]
    assert "21st" in diags[0].message and "22nd" in diags[1].message
    assert all("at most 20" in d.message for d in diags)
    assert {related(d) for d in diags} == {("t.vpn.yaml", line_of(text, "vpnGwId", 0))}
    assert diags[0].api_error == "VpnConnLimitExceeded" and diags[0].pointer == "/vpnGwId"


def test_x003_max_option_counts_per_gateway():
    text = yaml_text(conn(1), conn(2, vpnGwId="vpngw-second01"), conn(3), conn(4, vpnGwId=547), conn(5))
    diags = found(lint_text(text, rule_options={"X003": {"max": 2}}), "X003")
    assert [d.document for d in diags] == [4]
    assert "3rd connection on VPN gateway 'vpngw-dystbrkv'" in diags[0].message


def test_x003_max_zero_reports_the_first_connection_without_a_reference_to_itself():
    diags = found(lint_text(yaml_text(conn(1)), rule_options={"X003": {"max": 0}}), "X003")
    assert len(diags) == 1
    assert "1st connection" in diags[0].message
    assert "its first" not in diags[0].message and "{related}" not in diags[0].message


@pytest.mark.parametrize("bad", ["20", -1, 2.5, True, None])
def test_x003_rejects_a_max_option_that_is_not_a_count(bad):
    with pytest.raises(RuleCrashed, match=r"option 'max' of X003"):
        lint_text(yaml_text(conn(1)), rule_options={"X003": {"max": bad}})


def test_x004_counts_connections_per_customer_gateway():
    specs = [conn(n, userGwId="cgw-office01", vpnGwId=f"vpngw-region{n:02d}", vpcId=f"vpc-region{n:02d}")
             for n in range(1, 13)]
    text = yaml_text(*specs)
    diags = found(lint_text(text), "X004")
    assert [d.document for d in diags] == [10, 11]
    assert "11th connection on customer gateway 'cgw-office01', which takes at most 10" in diags[0].message
    assert diags[0].pointer == "/userGwId"
    assert found(lint_text(text, rule_options={"X004": {"max": 12}}), "X004") == []


# -- X005: SPD overlap on a gateway ---------------------------------------------------

def test_x005_flags_overlapping_vpc_sides_on_one_gateway():
    a = yaml_text(conn(1, spdAcl='{"10.0.0.0/16": ["192.168.1.0/24"]}'))
    b = yaml_text(conn(2, spdAcl='{"10.9.0.0/24": ["192.168.2.0/24"], "10.0.4.0/24": ["192.168.2.0/24"]}'))
    report = lint_bytes(encode({"a.vpn.yaml": a, "b.vpn.yaml": b}))
    [diag] = found(report, "X005")
    assert (diag.path, diag.line, diag.pointer) == ("b.vpn.yaml", line_of(b, "spdAcl"), "/spdAcl")
    assert related(diag) == ("a.vpn.yaml", line_of(a, "spdAcl"))
    assert "'10.0.4.0/24' is inside '10.0.0.0/16'" in diag.message and "10.9.0.0/24" not in diag.message
    assert diag.api_error == "VpnConnSpdCidrConflict"


def test_x005_reports_a_connection_once_naming_the_first_it_overlaps():
    text = yaml_text(conn(1, spdAcl='{"10.0.0.0/24": ["192.168.1.0/24"]}'),
                     conn(2, spdAcl='{"10.0.1.0/24": ["192.168.2.0/24"]}'),
                     conn(3, spdAcl='{"10.0.0.0/23": ["192.168.3.0/24"]}'))
    [diag] = found(lint_text(text), "X005")
    assert diag.document == 2
    assert related(diag)[1] == line_of(text, "spdAcl", 0)
    assert "(and those of 1 more connection)" in diag.message


@pytest.mark.parametrize("other", [
    {"spdAcl": '{"10.0.1.0/24": ["192.168.2.0/24"]}'},  # adjacent, disjoint
    {"spdAcl": '{"10.0.0.0/24": ["192.168.2.0/24"]}', "vpnGwId": "vpngw-second01"},  # other gateway
    {"userGwCidrBlock": ["192.168.2.0/24"]},  # no written VPC side
    {"spdAcl": '{"10.0.0.0/24": "192.168.2.0/24"}'},  # invalid spdAcl: A008's
    {"spdAcl": '{"10.0.0.0/33": ["192.168.2.0/24"]}'},  # invalid CIDR: A007's
    {"spdAcl": 7},  # wrong type
])
def test_x005_stays_quiet_without_a_comparable_overlap(other):
    text = yaml_text(conn(1, spdAcl='{"10.0.0.0/24": ["192.168.1.0/24"]}'), conn(2, **other))
    assert found(lint_text(text), "X005") == []


# -- X006: selector pairs on a gateway ------------------------------------------------

def _spd(vpc_blocks: range, idc_count: int) -> str:
    idc = ", ".join(f'"192.168.{i}.0/24"' for i in range(idc_count))
    return "{" + ", ".join(f'"10.0.{b}.0/24": [{idc}]' for b in vpc_blocks) + "}"


def test_x006_default_max_is_200_pairs_per_gateway():
    text = yaml_text(conn(1, spdAcl=_spd(range(0, 10), 10)),    # 100
                     conn(2, spdAcl=_spd(range(10, 20), 10)),   # 200: at the limit
                     conn(3, spdAcl=_spd(range(20, 21), 1)))    # 201
    [diag] = found(lint_text(text), "X006")
    assert diag.document == 2 and diag.pointer == "/spdAcl"
    assert "1 VPC-side x IDC-side CIDR pair," in diag.message and "has 201" in diag.message
    assert related(diag) == ("t.vpn.yaml", line_of(text, "vpnGwId", 0))


def test_x006_counts_user_gw_cidr_blocks_one_pair_each_and_skips_invalid_acls():
    text = yaml_text(conn(1, spdAcl=_spd(range(0, 2), 2)),                               # 4
                     conn(2, spdAcl='{"10.0.5.0/24": []}'),                                 # invalid: 0
                     conn(3, vpnGwId="vpngw-second01", spdAcl=_spd(range(6, 7), 3)),        # other gateway
                     conn(4, userGwCidrBlock=["192.168.40.0/24", "192.168.41.0/24"]),      # 6
                     conn(5, spdAcl=_spd(range(7, 8), 1)))                                  # 7
    diags = found(lint_text(text, rule_options={"X006": {"max": 5}}), "X006")
    assert [(d.document, d.pointer) for d in diags] == [(3, "/userGwCidrBlock"), (4, "/spdAcl")]
    assert "has 6" in diags[0].message and "has 7" in diags[1].message


def test_x006_one_connection_alone_over_the_limit_does_not_name_itself():
    [diag] = found(lint_text(yaml_text(conn(1, spdAcl=_spd(range(0, 3), 2))), rule_options={"X006": {"max": 5}}),
                   "X006")
    assert "has 6" in diag.message and "first connection" not in diag.message


# -- X007: reused pre-shared key ---------------------------------------------------------

LITERAL_KEY = "Qm7vR2xL9pTk4Wz8Nc3Hy6Bd"


def _reused_key_run() -> dict[str, bytes]:
    a = yaml_text(conn(1, preSharedKey=LITERAL_KEY), conn(2, preSharedKey="${VPN_PSK_SHARED}"))
    b = yaml_text(conn(3, preSharedKey=LITERAL_KEY), conn(4, preSharedKey="${VPN_PSK_SHARED}"),
                  conn(5, preSharedKey="${VPN_PSK_shared}"))
    return encode({"a.vpn.yaml": a, "b.vpn.yaml": b})


def test_x007_warns_on_a_repeated_key_and_a_repeated_reference():
    files = _reused_key_run()
    diags = found(lint_bytes(files), "X007")
    b = files["b.vpn.yaml"].decode()
    a = files["a.vpn.yaml"].decode()
    assert [(d.path, d.line, d.pointer) for d in diags] == [
        ("b.vpn.yaml", line_of(b, "preSharedKey", 0), "/preSharedKey"),
        ("b.vpn.yaml", line_of(b, "preSharedKey", 1), "/preSharedKey"),
    ]
    assert [related(d) for d in diags] == [("a.vpn.yaml", line_of(a, "preSharedKey", 0)),
                                           ("a.vpn.yaml", line_of(a, "preSharedKey", 1))]
    assert all(d.severity is Severity.WARNING for d in diags)


def test_x007_skips_empty_and_non_string_keys():
    text = yaml_text(conn(1, preSharedKey=""), conn(2, preSharedKey=""),
                     conn(3, preSharedKey=12345678), conn(4, preSharedKey=12345678))
    assert found(lint_text(text), "X007") == []


@pytest.mark.parametrize("name", formats.names())
def test_x007_output_never_shows_the_key_or_its_digest(name):
    report = lint_bytes(_reused_key_run())
    assert found(report, "X007"), "the run must trigger X007 for this test to mean anything"
    output = formats.get(name).render(report)
    for secret in (LITERAL_KEY, digest(LITERAL_KEY).hex(), digest("${VPN_PSK_SHARED}").hex(),
                   hashlib.sha256(LITERAL_KEY.encode()).hexdigest()):
        assert secret not in output
        assert secret[:12] not in output
    assert "VPN_PSK_SHARED" not in output


# -- the run as a whole ----------------------------------------------------------------

def _colliding_run(order: list[str]) -> dict[str, bytes]:
    """Pairs colliding under X001, X002, X005 and X007, spread over three files."""
    texts = {
        "a.vpn.yaml": yaml_text(conn(1, vpnConnName="hq", spdAcl='{"10.1.0.0/16": ["192.168.1.0/24"]}'),
                                conn(2, userGwId="cgw-office01")),
        "b.vpn.yaml": yaml_text(conn(3, preSharedKey="${VPN_PSK_SHARED}"),
                                conn(4, vpnConnName="hq")),
        "c.vpn.yaml": yaml_text(conn(5, userGwId="cgw-office01", spdAcl='{"10.1.8.0/24": ["192.168.5.0/24"]}'),
                                conn(6, preSharedKey="${VPN_PSK_SHARED}")),
    }
    return encode({path: texts[path] for path in order})


@pytest.mark.parametrize("code", ["X001", "X002", "X005", "X007"])
def test_the_order_of_files_changes_which_is_later_not_which_pairs_are_found(code):
    forward = lint_bytes(_colliding_run(["a.vpn.yaml", "b.vpn.yaml", "c.vpn.yaml"]))
    backward = lint_bytes(_colliding_run(["c.vpn.yaml", "b.vpn.yaml", "a.vpn.yaml"]))
    pairs = x_pairs(forward, code)
    assert len(pairs) == 1
    assert x_pairs(backward, code) == pairs
    [first], [second] = found(forward, code), found(backward, code)
    assert first.path != second.path, "the diagnostic moves to the connection that is now later"


def test_summaries_computed_file_by_file_give_the_same_diagnostics():
    files = _colliding_run(["a.vpn.yaml", "b.vpn.yaml", "c.vpn.yaml"])
    whole = [d for d in lint_bytes(files).diagnostics if d.code.startswith("X")]
    eng = engine()
    summaries = []
    for path, raw in files.items():
        result = engine().check_bytes(path, raw)  # as a worker process would: its own engine
        summaries += pickle.loads(pickle.dumps(result.summaries))
    split = eng.check_run(summaries)
    assert {d.code for d in whole} == {"X001", "X002", "X005", "X007"}
    assert sorted(split, key=lambda d: d.sort_key) == whole


def test_notes_made_as_files_are_checked_match_what_the_run_would_compute():
    # X005 and X006 note what they need of each connection where it is checked
    # (RunRule.note); a summary without notes makes them compute it from `data`
    files = _colliding_run(["a.vpn.yaml", "b.vpn.yaml", "c.vpn.yaml"])
    files["d.vpn.yaml"] = yaml_text(conn(7, userGwCidrBlock=["192.168.7.0/24", "192.168.8.0/24"])).encode()
    eng = engine(rule_options={"X006": {"max": 1}})
    summaries = [s for path, raw in files.items() for s in eng.check_bytes(path, raw).summaries]
    assert all({"X005", "X006"} <= set(s.notes) for s in summaries)
    first = summaries[0].notes
    assert first["X005"] == (("10.1.0.0/16", int.from_bytes(bytes([10, 1, 0, 0]), "big"), 16),)  # no ipaddress objects
    assert first["X006"] == ("/spdAcl", 1)
    assert summaries[-1].notes["X006"] == ("/userGwCidrBlock", 2)
    noted = eng.check_run(summaries)
    assert {d.code for d in noted} >= {"X005", "X006"}
    # summaries that keep every field (as when a plugin's run rule does not say
    # what it reads), without notes: the rules compute them from `data`
    whole = engine(rule_options={"X006": {"max": 1}})
    whole.summary_fields = None
    bare = [dataclasses.replace(s, notes={})
            for path, raw in files.items() for s in whole.check_bytes(path, raw).summaries]
    assert "spdAcl" in bare[0].data
    assert eng.check_run(bare) == noted


def test_summaries_keep_only_the_fields_the_run_rules_read():
    from vpnlint.engine import Engine
    from vpnlint.registry import load_registry
    from vpnlint.rules import RunRule
    from vpnlint.settings import Settings

    text = yaml_text(conn(1, extraKey="x")).encode()
    builtin = engine().check_bytes("a.vpn.yaml", text).summaries[0]
    assert set(builtin.data) == {"vpcId", "vpnConnName", "vpnGwId", "userGwId"}
    assert {"/spdAcl", "/preSharedKey", "/extraKey"} <= set(builtin.places), "places of every field stay"

    class ReadsAll(RunRule):  # a plugin that does not say what it reads
        code, name = "X904", "reads-all"

        def check_run(self, summaries):
            return iter(())

    registry = load_registry(entry_points=False)
    registry.add(ReadsAll, "test plugin")
    everything = Engine(registry, Settings()).check_bytes("a.vpn.yaml", text).summaries[0]
    assert set(everything.data) == {k for k in conn(1, extraKey="x") if k not in ("IKESet", "IPsecSet", "preSharedKey")}


def test_values_of_the_wrong_type_are_skipped_silently():
    odd = dict(vpcId=None, vpnGwId={"id": 1}, userGwId=["cgw-conn0001"], vpnConnName=3.5,
               preSharedKey=True, spdAcl=["10.0.0.0/24"], userGwCidrBlock="192.168.1.0/24")
    text = yaml_text(conn(1, **odd), conn(2, **odd))
    report = lint_text(text, rule_options={code: {"max": 0} for code in ("X003", "X004", "X006")})
    assert [d for d in report.diagnostics if d.code.startswith("X")] == []
    assert any(d.code.startswith("A") for d in report.diagnostics), "the schema rules report them instead"


def test_a_clean_run_of_many_distinct_connections_has_no_across_diagnostic():
    report = lint_text(yaml_text(*(conn(n) for n in range(1, 11))))
    assert [d for d in report.diagnostics if d.severity >= Severity.WARNING] == []


# -- the rules' own documentation ---------------------------------------------------------

RULES = {rule.code: rule for rule in load_registry() if rule.code in X_CODES}


def test_every_x_rule_is_registered():
    assert sorted(RULES) == X_CODES


@pytest.mark.parametrize("code", X_CODES)
def test_doc_examples_are_runs_of_several_clean_specs(code):
    rule = RULES[code]
    bad, good = rule.example("Example"), rule.example("Use instead")
    options = {"rule_options": {code: dict(rule.example_options)}}
    assert bad.count("\n---\n") >= 1 and good.count("\n---\n") >= 1
    assert code in {d.code for d in lint_text(bad, **options).diagnostics}
    noisy = [f"{d.line} {d.code} {d.message}" for d in lint_text(good, **options).diagnostics
             if d.severity >= Severity.WARNING]
    assert noisy == []
    others = [f"{d.line} {d.code} {d.message}" for d in lint_text(bad, **options).diagnostics
              if d.severity >= Severity.WARNING and d.code != code]
    assert others == [], "the bad example should show this rule's problem and no other"


def test_text_groups_skip_values_that_are_no_text_and_are_shared_within_a_run(monkeypatch):
    from vpnlint.rules.across import _common
    from vpnlint.summary import ConnectionSummary, RunSummaries

    datas = [{"vpnGwId": "g1"}, {"vpnGwId": "g1", "userGwId": "c1"}, {"vpnGwId": 5}, {"vpnGwId": "g2"},
             {}, {"vpnGwId": ""}, {"vpnGwId": ["g1"]}, {"vpnGwId": "g1"}]
    s = [ConnectionSummary(path=f"{i}.vpn.yaml", document=0, base="", data=data) for i, data in enumerate(datas)]
    run = RunSummaries(s)
    by_gateway = _common.text_groups(run, "vpnGwId")
    assert by_gateway == {"g1": [s[0], s[1], s[7]], "g2": [s[3]]}
    assert _common.text_groups(run, "userGwId") == {"c1": [s[1]]}
    assert _common.text_groups(run, "vpnGwId") is by_gateway  # computed once per run
    plain = _common.text_groups(list(s), "vpnGwId")  # a plain list: computed each time
    assert plain == by_gateway and plain is not by_gateway

    # the engine hands the X rules one RunSummaries: X003, X005 and X006 group by vpnGwId once
    asked = []
    grouping = _common._text_groups
    monkeypatch.setattr(_common, "_text_groups", lambda summaries, name: asked.append(name) or grouping(summaries, name))
    report = lint_text(yaml_text(conn(1, userGwId="cgw-office01"), conn(2, userGwId="cgw-office01")))
    assert sorted(asked) == ["userGwId", "vpnGwId"]
    assert len(found(report, "X002")) == 1
