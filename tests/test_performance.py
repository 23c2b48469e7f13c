"""Performance fixes that must not change what vpnlint says (docs/performance.md).

No timings here: each test pins the output or the behaviour a faster path
must keep.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from vpnlint import parallel
from vpnlint.engine import Engine, lint
from vpnlint.formats import json as json_format
from vpnlint.model import Diagnostic, Severity
from vpnlint.registry import load_registry
from vpnlint.report import Report
from vpnlint.settings import Settings

REPO = Path(__file__).resolve().parents[1]


def _whole(report: Report) -> str:
    """The json format as it was written first: one json.dumps of the whole document."""
    document = {"version": report.version, "diagnostics": [d.as_dict() for d in report.diagnostics],
                "summary": report.summary()}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _diagnostic(**changes) -> Diagnostic:
    base = dict(path="a.vpn.yaml", document=0, pointer="/IKESet", line=3, column=5, end_line=3, end_column=9,
                code="S001", name="des-encryption", category="security", severity=Severity.ERROR,
                message="IKE encryption uses DES")
    return Diagnostic(**{**base, **changes})


@pytest.mark.parametrize("diagnostics", [
    [],
    [_diagnostic()],
    [_diagnostic(message="名称 \"quoted\"\nand a line break\tand\u2028", hint="café – ok",
                 fix={"replace": {"with": ["a", {"b": None}], "empty": {}, "none": []}, "n": 1.5}),
     _diagnostic(line=4, api_error="InvalidParameterValue", hint=None, fix={})],
    [_diagnostic(fix={"on": True, "off": False, 1: "an int key"}, message="\x00\x1f\\ \ud83d\ude00 😀"),
     _diagnostic(fix={"nested": {"inf": float("inf"), "half": 0.5, "sev": Severity.INFO, "yes": True},
                      "deep": [[], [{}], {"x": [1, 2.0, None]}], "empty": {}})],
])
def test_json_chunks_are_one_json_dumps_of_the_document(diagnostics):
    report = Report(diagnostics=diagnostics, files=2, documents=3)
    assert json_format.render(report) == _whole(report)
    assert "".join(json_format.chunks(report)) == _whole(report)


def test_json_diagnostics_that_say_the_same_thing_differ_only_where_they_are():
    # the json format writes what a diagnostic says once for all that say it:
    # each field that says something must still tell two diagnostics apart
    said = [_diagnostic(), _diagnostic(code="S002"), _diagnostic(name="other-name"),
            _diagnostic(category="api"), _diagnostic(severity=Severity.INFO), _diagnostic(message="other"),
            _diagnostic(hint="a hint"), _diagnostic(hint="another hint"), _diagnostic(api_error="E"),
            _diagnostic(fix={"replace": "x"}), _diagnostic(fix={"replace": "y"})]
    diagnostics = [replace_where(d, i) for i, d in enumerate(said + said)]
    report = Report(diagnostics=diagnostics, files=1, documents=1)
    assert json_format.render(report) == _whole(report)
    assert json_format.render(report) == _whole(report)  # and again, from the cache


def replace_where(d: Diagnostic, i: int) -> Diagnostic:
    from dataclasses import replace
    return replace(d, path=f"f{i % 3}.vpn.yaml", line=i + 1, end_line=i + 1, pointer=f"/x/{i}")


def test_json_chunks_match_on_real_reports():
    engine = Engine(load_registry(), Settings())
    paths = sorted(str(p) for p in (REPO / "examples").rglob("*.vpn.*"))
    paths += sorted(str(p) for p in (REPO / "tests" / "fixtures" / "rules").rglob("*.vpn.*"))
    report = lint(paths, engine)
    assert len(report.diagnostics) > 50
    assert json_format.render(report) == _whole(report)


@pytest.mark.parametrize("enabled", [True, False])
def test_no_cyclic_gc_collects_nothing_during_a_run_and_restores_the_collector(enabled):
    (gc.enable if enabled else gc.disable)()
    try:
        class Node:
            pass
        before = gc.get_count()[0]
        with pytest.raises(KeyError), parallel.no_cyclic_gc():
            assert not gc.isenabled()
            for _ in range(10_000):  # cycles, well past the default threshold of 700
                a, b = Node(), Node()
                a.other, b.other = b, a
            assert gc.get_count()[0] >= before + 20_000  # no collection ran
            raise KeyError("a run that fails restores the collector too")
        assert gc.isenabled() is enabled
        # what the run made is moved to the oldest generation, not left young,
        # and not frozen for good: a full collection still frees its cycles
        assert gc.get_count()[0] < 700 and gc.get_freeze_count() == 0
        gc.disable()
        assert gc.collect() >= 20_000
    finally:
        gc.enable()
        gc.collect()


def test_quick_init_makes_the_same_frozen_dataclass():
    import dataclasses
    import inspect
    import pickle

    from vpnlint.model import Finding, quick_init

    def declare():
        @dataclasses.dataclass(frozen=True, slots=True)
        class Sample:
            a: str
            b: int
            c: tuple = ()
            d: object = None
        return Sample

    plain, quick = declare(), quick_init(declare())
    assert inspect.signature(quick) == inspect.signature(plain)
    for args, kwargs in [(("x", 1), {}), (("x",), {"b": 2, "d": {}}), ((), {"a": "y", "b": 3, "c": (1,)}),
                         (("x", 1, (2,), "z"), {})]:
        made, expected = quick(*args, **kwargs), plain(*args, **kwargs)
        assert dataclasses.astuple(made) == dataclasses.astuple(expected)
        assert repr(made).replace("quick", "plain") == repr(expected).replace("quick", "plain")
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.a = "changed"
        assert dataclasses.replace(made, b=9).b == 9 and made.b != 9
    with pytest.raises(TypeError):
        quick("x")  # b has no default, as in the dataclass
    with pytest.raises(TypeError):
        quick("x", 1, e=2)
    # the classes the engine makes per diagnostic, pickled as --jobs sends them
    finding = Finding("/a", "message", hint="hint")
    assert (finding.part, finding.span) == ("value", None)
    diagnostic = _diagnostic(hint="h", fix={"a": 1})
    assert pickle.loads(pickle.dumps(diagnostic)) == diagnostic
    # and those a run makes by the ten thousand, which a plugin's note may hold
    from vpnlint.document import Node
    from vpnlint.model import Span
    from vpnlint.netaddr import parse_cidr, selectors
    from vpnlint.connection import Connection

    conn = Connection("p", 0, "", {"userGwCidrBlock": ["10.0.0.0/8"], "spdAcl": '{"10.1.0.0/16": ["10.2.0.0/16"]}'})
    for value in (Span(1, 2, 3, 4), Node(None, Span(1, 1, 1, 2), ("int", "1")), parse_cidr("10.0.0.0/8"),
                  *selectors(conn)):
        assert pickle.loads(pickle.dumps(value)) == value
        assert not hasattr(value, "__dict__")  # slots: see quick_init


def test_quick_init_refuses_what_it_cannot_copy():
    import dataclasses

    from vpnlint.model import quick_init

    @dataclasses.dataclass(frozen=True, slots=True)
    class Factory:
        items: list = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Post:
        a: int

        def __post_init__(self):
            pass

    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    for cls, reason in ((Factory, "default factory"), (Post, "__post_init__"), (NoSlots, "no slots")):
        with pytest.raises(TypeError, match=reason):
            quick_init(cls)


def test_checking_files_leaves_no_reference_cycles():
    """A file's check leaves no garbage that only the cyclic collector frees
    (which is off while a run lasts: see parallel.no_cyclic_gc): every object
    it makes dies by reference counting.  Over the examples, every rule's
    fixtures and hostile texts, in both kinds of run (with and without source
    lines)."""
    engines = [Engine(load_registry(), Settings(source_lines=shown)) for shown in (True, False)]
    paths = sorted(str(p) for p in (REPO / "examples").rglob("*.vpn.*"))
    paths += sorted(str(p) for p in (REPO / "tests" / "fixtures" / "rules").rglob("*.vpn.*"))
    hostile = {
        "recursive-alias.vpn.yaml": b"a: &x [1, *x]\n",
        "alias-bomb.vpn.yaml": b'a: &a ["x", "x"]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n',
        "tags-and-merge.vpn.yaml": b"vpcId: !!python/object:os.system x\npreSharedKey: &k Zq012345\n"
                                   b"vpnConnName: *k\n<<: {a: 1}\n",
        "deep.vpn.json": b"[" * 5000 + b"]" * 5000,
        "deep.vpn.yaml": b"- " * 2000 + b"x\n",
        "broken.vpn.yaml": b"a: [1, 2\nb: }\n",
        "broken.vpn.json": b'{"a": 1, "a": 2, "preSharedKey": "x\\ud800"',
        "not-utf8.vpn.yaml": b"\xff\xfe\x00bad",
        "empty.vpn.yaml": b"",
        "request.txt": b"https://vpc.tencentcloudapi.com/?Action=AddVpnConnEx&VpcId=vpc-1&PreSharedKey=Zq012345",
    }
    for engine in engines:  # caches filled, validator built: not the files' garbage
        engine.check_file(paths[0])
        for path, raw in hostile.items():
            engine.check_bytes(path, raw)
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        results = [engine.check_file(path) for engine in engines for path in paths]
        results += [engine.check_bytes(path, raw) for engine in engines for path, raw in hostile.items()]
        gc.collect()
        garbage = [type(o).__name__ for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()
    assert sum(len(r.diagnostics) for r in results) > 50
    assert garbage == []


def test_no_cyclic_gc_leaves_what_a_caller_froze_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with parallel.no_cyclic_gc():
            made = [[] for _ in range(1000)]
        assert gc.get_freeze_count() >= frozen + len(made)
    finally:
        gc.unfreeze()
