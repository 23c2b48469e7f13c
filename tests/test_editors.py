"""The editor recipes of docs/editors.md work on real vpnlint output.

The patterns are read FROM docs/editors.md (the VS Code problem matcher's
regexp, Vim's errorformat, flycheck's rx pattern), translated to Python regular
expressions here, and checked against ``--format concise`` output of vpnlint run
as a separate process on a bad spec given on stdin with ``--stdin-filename``.
Where Vim and Emacs with flycheck are installed, the recipes also run in the
real editors, on a saved file and on an unsaved buffer.

The schema tests check what yaml-language-server needs from ``vpnlint schema``.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator

import vpnlint

REPO = Path(__file__).resolve().parents[1]
EDITORS_MD = REPO / "docs" / "editors.md"
EXAMPLES = REPO / "examples"
#: where the vpnlint under test was imported from (the checkout, or site-packages in CI)
VPNLINT_ROOT = Path(vpnlint.__file__).resolve().parent.parent

# A spec with findings whose positions are known: DES on line 8 (col 24), a
# misspelt enum value on line 10 (col 17) and an unknown key on line 17 (col 3).
BAD_SPEC = """\
vpcId: vpc-amhnnao5
vpnGwId: vpngw-dystbrkv
userGwId: cgw-e098slul
vpnConnName: hq-to-office
preSharedKey: ${VPN_PSK_HQ}
spdAcl: '{"10.0.0.0/24": ["192.168.10.0/24"]}'
IKESet:
  propoEncryAlgorithm: des-cbc
  propoAuthenAlgorithm: sha
  exchangeMode: aggresive
  remoteAddress: 203.0.113.10
  dhGroupName: group14
  encryptAlgorithm: aes-cbc-256
IPsecSet:
  integrityAlgorith: sha
  pfsDhGroup: dh-group14
  ipsecSaLifetimeSecond: 3600
"""
KNOWN = {("S001", 8, 24), ("A003", 10, 17), ("A006", 17, 3)}

#: --stdin-filename values: plain, with spaces, Windows-style with a drive-letter colon
NAMES = ["specs/hq.vpn.yaml", "my specs/hq office.vpn.yaml", "C:\\specs\\hq office.vpn.yaml"]


# -- helpers ------------------------------------------------------------------

def vpnlint_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(VPNLINT_ROOT), env.get("PYTHONPATH")]))
    env.pop("GITHUB_ACTIONS", None)
    env["NO_COLOR"] = "1"
    return env


def run_vpnlint(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vpnlint", *args], input=stdin, capture_output=True,
                          text=True, encoding="utf-8", env=vpnlint_env(), cwd=cwd, timeout=120)


@functools.lru_cache(maxsize=None)
def lint_stdin(name: str, text: str = BAD_SPEC, fmt: str = "concise") -> str:
    result = run_vpnlint("check", "--format", fmt, "--stdin-filename", name, "-", stdin=text)
    assert result.returncode == 1, result.stderr
    return result.stdout


def expected(name: str, text: str = BAD_SPEC) -> list[tuple[str, int, int, str, str]]:
    """(file, line, column, code, message) of every diagnostic, from the JSON format."""
    report = json.loads(lint_stdin(name, text, "json"))
    rows = [(d["path"], d["line"], d["column"], d["code"], d["message"]) for d in report["diagnostics"]]
    if text is BAD_SPEC:
        assert {(code, line, col) for _, line, col, code, _ in rows} >= KNOWN
    return rows


def doc() -> str:
    return EDITORS_MD.read_text(encoding="utf-8")


def blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", doc(), re.MULTILINE | re.DOTALL)


def make_shim(tmp_path: Path) -> Path:
    """A ``vpnlint`` command on PATH for the editors, running the vpnlint under test."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "vpnlint"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m vpnlint "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return bin_dir


def editor_env(bin_dir: Path) -> dict[str, str]:
    env = vpnlint_env()
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["HOME"] = str(bin_dir.parent)  # no user vimrc / init.el
    return env


def check_captures(captured: list[tuple], name: str, text: str = BAD_SPEC) -> None:
    want = expected(name, text)
    assert len(want) >= len(KNOWN)
    assert captured == want


# -- the output the recipes read ------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_concise_output_names_the_stdin_file(name):
    lines = lint_stdin(name).splitlines()
    assert lines and all(line.startswith(f"{name}:") for line in lines)
    for code, line, col in KNOWN:
        assert any(f"{name}:{line}:{col}: {code} " in out for out in lines), (code, lines)


# -- VS Code --------------------------------------------------------------------

def vscode_tasks() -> list[dict]:
    docs = [json.loads(block) for block in blocks("json")]
    tasks = [task for d in docs if isinstance(d, dict) for task in d.get("tasks", [])]
    assert tasks, "docs/editors.md has no tasks.json block"
    return tasks


def test_vscode_tasks_run_concise_output():
    for task in vscode_tasks():
        assert task["command"] == "vpnlint"
        assert task["args"][:3] == ["check", "--format", "concise"], task["label"]
        matcher = task["problemMatcher"]
        assert isinstance(matcher, dict), f"{task['label']}: problemMatcher must be spelt out"
        assert matcher["fileLocation"][0] in ("relative", "autoDetect")
        assert matcher["owner"] == "vpnlint"


@pytest.mark.parametrize("name", NAMES)
def test_vscode_problem_matcher_captures_every_field(name):
    for task in vscode_tasks():
        pattern = task["problemMatcher"]["pattern"]
        source = pattern["regexp"]
        # JavaScript and Python agree on this subset; refuse anything else
        assert not re.search(r"\(\?[<P=!]|\\[pPk]", source), source
        regexp = re.compile(source)
        captured = []
        for line in lint_stdin(name).splitlines():
            match = regexp.search(line)
            assert match, line
            captured.append((match.group(pattern["file"]), int(match.group(pattern["line"])),
                             int(match.group(pattern["column"])), match.group(pattern["code"]),
                             match.group(pattern["message"])))
        check_captures(captured, name)
        # what vpnlint prints when it cannot run is not a problem in a file
        assert not regexp.search("vpnlint: error: path not found: specs/x.vpn.yaml")


def test_vscode_settings_map_the_generated_schema():
    settings = [json.loads(b) for b in blocks("json") if '"yaml.schemas"' in b]
    assert len(settings) == 1
    (command,) = [line for b in blocks("sh") for line in b.splitlines() if line.startswith("vpnlint schema >")]
    target = command.split(">", 1)[1].strip()
    schemas = settings[0]["yaml.schemas"]
    assert list(schemas) == [f"./{target}"]
    globs = schemas[f"./{target}"]
    assert {g.rsplit("/", 1)[-1] for g in globs} == {"*.vpn.yaml", "*.vpn.yml"}
    json_schemas = settings[0]["json.schemas"]
    assert json_schemas[0]["url"] == f"./{target}" and json_schemas[0]["fileMatch"] == ["*.vpn.json"]


# -- Vim ------------------------------------------------------------------------

def vim_recipe() -> str:
    (block,) = blocks("vim")
    return block


def vim_efm() -> str:
    match = re.search(r"^let g:vpnlint_efm = '((?:[^']|'')*)'$", vim_recipe(), re.MULTILINE)
    assert match, "docs/editors.md: no `let g:vpnlint_efm = '...'`"
    return match.group(1).replace("''", "'")


def efm_to_regex(efm: str) -> re.Pattern:
    """Vim's translation of one errorformat entry (quickfix.c, efm_to_regpat), for
    the items the recipe may use: a %f followed by a literal character becomes the
    shortest match of at least one character, %l and %c digits, %m the rest."""
    assert "," not in efm.replace("\\,", ""), "one errorformat entry expected"
    out, i = ["^"], 0
    while i < len(efm):
        char = efm[i]
        if char == "%":
            item = efm[i + 1]
            if item == "f":
                following = efm[i + 2:i + 3]
                assert following and following not in "\\%", "%f must be followed by a literal"
                out.append(r"(?P<file>.+?)")
            elif item in "lc":
                out.append(rf"(?P<{'line' if item == 'l' else 'col'}>\d+)")
            elif item == "m":
                out.append(r"(?P<message>.+)")
            elif item == "%":
                out.append("%")
            else:
                raise AssertionError(f"errorformat item %{item} not understood by this test")
            i += 2
        elif char == "\\":
            out.append(re.escape(efm[i + 1]))
            i += 2
        else:
            out.append(re.escape(char))
            i += 1
    return re.compile("".join(out) + "$")


def test_vim_recipe_uses_one_errorformat_and_concise_output():
    recipe = vim_recipe()
    makeprg = re.search(r"setlocal makeprg=((?:\\ |\S)+)", recipe).group(1).replace("\\ ", " ")
    assert makeprg.startswith("vpnlint check --format concise ")
    assert "let &l:errorformat = g:vpnlint_efm" in recipe
    assert "'efm': g:vpnlint_efm" in recipe
    assert "--format concise --stdin-filename" in recipe


@pytest.mark.parametrize("name", NAMES)
def test_vim_errorformat_captures_every_field(name):
    regexp = efm_to_regex(vim_efm())
    captured = []
    for line in lint_stdin(name).splitlines():
        match = regexp.match(line)
        assert match, line
        code, message = match.group("message").split(" ", 1)
        captured.append((match.group("file"), int(match.group("line")), int(match.group("col")), code, message))
    check_captures(captured, name)


VIM_SCRIPT = r"""
source {recipe}
edit {spec}
silent make!
call writefile([json_encode(map(getqflist(), {{_, e -> [fnamemodify(bufname(e.bufnr), ':p'), e.lnum, e.col, e.text, e.valid]}}))], '{saved}')
call setline(8, '  propoEncryAlgorithm: aes-cbc-256')
call setline(12, '  dhGroupName: group2')
VpnlintBuffer
call writefile([json_encode(map(getqflist(), {{_, e -> [fnamemodify(bufname(e.bufnr), ':p'), e.lnum, e.col, e.text, e.valid]}}))], '{unsaved}')
qa!
"""


def qf_rows(path: Path) -> list[tuple]:
    rows = []
    for file, lnum, col, text, valid in json.loads(path.read_text(encoding="utf-8")):
        assert valid == 1, text
        code, message = text.split(" ", 1)
        rows.append((file, lnum, col, code, message))
    return rows


def needs_tool(available: bool, what: str) -> None:
    """Skip where a developer lacks an editor; in CI (.ci/run installs them) fail instead,
    so a missing tool can never hide a broken recipe."""
    if not available:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is not installed, though .ci/run installs it")
        pytest.skip(f"{what} is not installed")


def test_vim_recipe_in_vim(tmp_path):
    needs_tool(shutil.which("vim") is not None, "vim")
    bin_dir = make_shim(tmp_path)
    folder = tmp_path / "my specs"
    folder.mkdir()
    spec = folder / "hq office.vpn.yaml"
    spec.write_text(BAD_SPEC, encoding="utf-8")
    recipe = tmp_path / "recipe.vim"
    recipe.write_text(vim_recipe(), encoding="utf-8")
    saved, unsaved = tmp_path / "saved.json", tmp_path / "unsaved.json"
    script = tmp_path / "run.vim"
    vim_path = lambda p: str(p).replace(" ", "\\ ")  # noqa: E731
    script.write_text(VIM_SCRIPT.format(recipe=vim_path(recipe), spec=vim_path(spec),
                                        saved=saved, unsaved=unsaved), encoding="utf-8")
    result = subprocess.run(["vim", "-N", "-u", "NONE", "-i", "NONE", "-es", "-S", str(script)],
                            cwd=tmp_path, env=editor_env(bin_dir), capture_output=True, text=True,
                            timeout=120, stdin=subprocess.DEVNULL)
    assert saved.exists() and unsaved.exists(), (result.stdout, result.stderr)

    # :make on the saved file: vpnlint names the file as makeprg's %:S gave it
    want = [(str(spec), line, col, code, message) for _, line, col, code, message in expected(str(spec))]
    assert qf_rows(saved) == want

    # :VpnlintBuffer on the edited, unsaved buffer: DES gone, group2 new
    edited = BAD_SPEC.replace("propoEncryAlgorithm: des-cbc", "propoEncryAlgorithm: aes-cbc-256")
    edited = edited.replace("dhGroupName: group14", "dhGroupName: group2")
    want = [(str(spec), line, col, code, message)
            for _, line, col, code, message in expected("x.vpn.yaml", edited)]
    got = qf_rows(unsaved)
    assert got == want
    assert "S001" not in {row[3] for row in got} and "S007" in {row[3] for row in got}


# -- Emacs (flycheck) -------------------------------------------------------------

def elisp_recipe() -> str:
    (block,) = blocks("elisp")
    return block


def read_sexp(text: str, start: int = 0):
    """A minimal Emacs Lisp reader: lists, strings and atoms. Returns (form, end)."""
    token = re.compile(r'\s*(?:;[^\n]*\n\s*)*(\(|\)|"(?:[^"\\]|\\.)*"|\'|[^\s()"\']+)', re.DOTALL)
    match = token.match(text, start)
    tok, end = match.group(1), match.end()
    if tok == "(":
        items = []
        while True:
            close = token.match(text, end)
            if close.group(1) == ")":
                return items, close.end()
            item, end = read_sexp(text, end)
            items.append(item)
    if tok == "'":
        item, end = read_sexp(text, end)
        return ["quote", item], end
    if tok.startswith('"'):
        return ("str", re.sub(r"\\(.)", r"\1", tok[1:-1])), end
    return tok, end


def checker_definition() -> list:
    recipe = elisp_recipe()
    start = recipe.index("(flycheck-define-checker")
    form, _ = read_sexp(recipe, start)
    assert form[:2] == ["flycheck-define-checker", "vpnlint"]
    props = form[3:]
    return dict(zip(props[::2], props[1::2]))


def rx_to_regex(form) -> str:
    """flycheck's rx forms (flycheck-rx-to-string) for what the recipe may use."""
    if isinstance(form, tuple):
        return re.escape(form[1])
    if isinstance(form, str):
        simple = {"line-start": "^", "line-end": "$", "digit": r"\d",
                  "line": r"(?P<line>\d+)", "column": r"(?P<col>\d+)"}
        assert form in simple, f"rx symbol {form} not understood by this test"
        return simple[form]
    head, args = form[0], form[1:]
    if head == "file-name":
        return "(?P<file>" + ("".join(map(rx_to_regex, args)) if args else ".+?") + ")"
    if head == "message":
        return "(?P<message>" + ("".join(map(rx_to_regex, args)) if args else ".+") + ")"
    if head == "id":
        return "(?P<id>" + "".join(map(rx_to_regex, args)) + ")"
    if head == "any":
        return "[" + "".join(a[1] for a in args) + "]"
    if head == "=":
        return "(?:" + "".join(map(rx_to_regex, args[1:])) + "){" + args[0] + "}"
    raise AssertionError(f"rx form {head} not understood by this test")


def test_flycheck_checker_reads_the_unsaved_buffer_through_stdin():
    props = checker_definition()
    command = [item[1] if isinstance(item, tuple) else item for item in props[":command"]]
    assert command == ["vpnlint", "check", "--format", "concise", "--stdin-filename", "source-original", "-"]
    assert props[":standard-input"] == "t"


@pytest.mark.parametrize("name", NAMES)
def test_flycheck_pattern_captures_every_field(name):
    (pattern,) = checker_definition()[":error-patterns"]
    assert pattern[0] == "error"
    regexp = re.compile("".join(rx_to_regex(part) for part in pattern[1:]))
    captured = []
    for line in lint_stdin(name).splitlines():
        match = regexp.match(line)
        assert match, line
        captured.append((match.group("file"), int(match.group("line")), int(match.group("col")),
                         match.group("id"), match.group("message")))
    check_captures(captured, name)


EMACS_SCRIPT = r"""
(require 'package)
(package-initialize)
(unless (require 'flycheck nil t) (princ "NO-FLYCHECK\n") (kill-emacs 0))
(load-file "{recipe}")
(find-file "{spec}")
(setq major-mode 'yaml-mode)
(goto-char (point-min)) (forward-line 7)
(delete-region (line-beginning-position) (line-end-position))
(insert "  propoEncryAlgorithm: aes-cbc-256")
(flycheck-mode 1)
(flycheck-buffer)
(let ((n 0)) (while (and (flycheck-running-p) (< n 600)) (accept-process-output nil 0.1) (setq n (1+ n))))
(princ (format "STATUS %S\n" flycheck-last-status-change))
(dolist (e flycheck-current-errors)
  (princ (concat "ERROR " (json-encode (list (flycheck-error-filename e) (flycheck-error-line e)
                                             (flycheck-error-column e) (flycheck-error-id e)
                                             (flycheck-error-message e)))
                 "\n")))
"""


def test_flycheck_recipe_in_emacs(tmp_path):
    needs_tool(shutil.which("emacs") is not None, "emacs")
    bin_dir = make_shim(tmp_path)
    folder = tmp_path / "my specs"
    folder.mkdir()
    spec = folder / "hq office.vpn.yaml"
    spec.write_text(BAD_SPEC, encoding="utf-8")
    recipe = tmp_path / "recipe.el"
    recipe.write_text(elisp_recipe(), encoding="utf-8")
    script = tmp_path / "run.el"
    script.write_text("(require 'json)\n" + EMACS_SCRIPT.format(recipe=recipe, spec=spec), encoding="utf-8")
    result = subprocess.run(["emacs", "--batch", "-l", str(script)], cwd=tmp_path, env=editor_env(bin_dir),
                            capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    needs_tool("NO-FLYCHECK" not in result.stdout, "flycheck for emacs")
    assert "STATUS finished" in result.stdout, (result.stdout, result.stderr)
    got = [tuple(json.loads(line[len("ERROR "):])) for line in result.stdout.splitlines()
           if line.startswith("ERROR ")]
    # the unsaved buffer was linted: DES is gone, the rest is there, in the buffer's file
    edited = BAD_SPEC.replace("propoEncryAlgorithm: des-cbc", "propoEncryAlgorithm: aes-cbc-256")
    want = expected(str(spec), edited)
    assert sorted(got) == sorted(want)
    assert "S001" not in {row[3] for row in got} and "A003" in {row[3] for row in got}


# -- the JSON Schema for yaml-language-server ------------------------------------

#: Draft 7's keywords: yaml-language-server implements draft 7 ("Supports JSON
#: Schema 7 and below"); anything newer in the schema would be silently ignored
#: in the editor.
DRAFT7_KEYWORDS = {
    "$schema", "$id", "$ref", "$comment", "title", "description", "default", "examples",
    "readOnly", "writeOnly", "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum",
    "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "items", "additionalItems",
    "maxItems", "minItems", "uniqueItems", "contains", "maxProperties", "minProperties", "required",
    "properties", "patternProperties", "additionalProperties", "dependencies", "propertyNames",
    "if", "then", "else", "allOf", "anyOf", "oneOf", "not", "format", "contentMediaType",
    "contentEncoding", "definitions",
    # yaml-language-server / VS Code extensions for hover and completion
    "markdownDescription", "enumDescriptions", "markdownEnumDescriptions", "deprecationMessage",
    "errorMessage", "doNotSuggest", "defaultSnippets",
}
_MAPS_OF_SCHEMAS = {"properties", "patternProperties", "$defs", "definitions", "dependencies"}


@pytest.fixture(scope="module")
def schema() -> dict:
    result = run_vpnlint("schema")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def subschemas(node, keyword_path=()):
    """Every schema object in the schema, with the keywords leading to it."""
    if not isinstance(node, dict):
        return
    yield keyword_path, node
    for key, value in node.items():
        if key in _MAPS_OF_SCHEMAS and isinstance(value, dict):
            for name, sub in value.items():
                yield from subschemas(sub, keyword_path + (key, name))
        elif isinstance(value, dict) and key not in ("enum", "const", "default", "examples"):
            yield from subschemas(value, keyword_path + (key,))
        elif isinstance(value, list) and key in ("anyOf", "allOf", "oneOf", "items"):
            for index, sub in enumerate(value):
                yield from subschemas(sub, keyword_path + (key, str(index)))


def resolve(schema: dict, ref: str) -> dict:
    """A local JSON Pointer reference: resolves without $id and without network."""
    assert ref.startswith("#/"), ref
    target = schema
    for part in ref[2:].split("/"):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    return target


def error_paths(errors) -> set[tuple]:
    """Where errors are, looking inside anyOf's alternatives."""
    paths = set()
    for error in errors:
        paths.add(tuple(error.absolute_path))
        paths |= error_paths(error.context or [])
    return paths


def test_schema_is_a_valid_2020_12_schema(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["title"].strip() and schema["description"].strip()
    bundled = json.loads((REPO / "schemas" / "add-vpn-conn-ex.schema.json").read_text(encoding="utf-8"))
    assert schema == bundled


def test_schema_reads_the_same_as_draft_7(schema):
    Draft7Validator.check_schema(schema)
    for path, node in subschemas(schema):
        unknown = set(node) - DRAFT7_KEYWORDS - {"$defs"}
        assert not unknown, f"{'/'.join(path)}: {unknown} (not in draft 7: yaml-language-server ignores it)"
        if "$ref" in node:
            assert isinstance(resolve(schema, node["$ref"]), dict)


def test_every_property_has_hover_documentation(schema):
    properties = [(path, node) for path, node in subschemas(schema) if len(path) >= 2 and path[-2] == "properties"]
    assert len(properties) >= 20
    for path, node in properties:
        if "$ref" in node and "description" not in node:
            node = resolve(schema, node["$ref"])  # the editor shows the target's description
        assert node.get("description", "").strip(), f"{'/'.join(path)} has no description"


def nested_examples() -> list[Path]:
    """The bundled examples written in the nested form (what the schema describes)."""
    files = sorted(p for p in (EXAMPLES / "clean").glob("*.vpn.*") if p.suffix in (".yaml", ".yml", ".json"))
    files.append(EXAMPLES / "api-page" / "nested.vpn.yaml")
    return [p for p in files if p.exists()]


def load_documents(path: Path) -> list:
    text = path.read_text(encoding="utf-8")
    return [json.loads(text)] if path.suffix == ".json" else list(yaml.safe_load_all(text))


def test_schema_accepts_the_bundled_nested_examples(schema):
    files = nested_examples()
    assert any(p.parent.name == "clean" for p in files), "no examples/clean/*.vpn.* to validate"
    for validator in (Draft202012Validator(schema), Draft7Validator(schema)):
        for path in files:
            for document in load_documents(path):
                errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                          for e in validator.iter_errors(document)]
                assert errors == [], f"{path.relative_to(REPO)}: {errors}"


def test_schema_flags_what_an_editor_should_underline(schema):
    errors = error_paths(Draft7Validator(schema).iter_errors(yaml.safe_load(BAD_SPEC)))
    assert ("IKESet", "exchangeMode") in errors
    assert ("IPsecSet",) in errors  # the unknown key ipsecSaLifetimeSecond


def test_check_jsonschema_validates_examples_with_the_printed_schema(schema, tmp_path):
    """An independent YAML-aware validator (check-jsonschema, from the test extra)
    takes the schema as printed and the example files as written."""
    schema_file = tmp_path / "vpnlint.schema.json"
    schema_file.write_text(json.dumps(schema), encoding="utf-8")
    files = [str(p) for p in nested_examples()]
    assert files
    ok = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema_file), *files],
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = tmp_path / "bad.vpn.yaml"
    bad.write_text(BAD_SPEC, encoding="utf-8")
    failed = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema_file), str(bad)],
                            capture_output=True, text=True, timeout=120)
    assert failed.returncode == 1 and "exchangeMode" in failed.stdout + failed.stderr


def test_modeline_example_is_a_valid_spec_and_only_a_comment_to_vpnlint(schema):
    (example,) = [b for b in blocks("yaml") if b.startswith("# yaml-language-server: $schema=")]
    assert example.splitlines()[0] == "# yaml-language-server: $schema=../.vscode/vpnlint.schema.json"
    assert list(Draft7Validator(schema).iter_errors(yaml.safe_load(example))) == []
    good = (EXAMPLES / "clean" / "hq-to-shanghai.vpn.yaml")
    text = good.read_text(encoding="utf-8") if good.exists() else example.split("\n", 1)[1]
    plain = run_vpnlint("check", "--format", "json", "--stdin-filename", "a.vpn.yaml", "-", stdin=text)
    with_modeline = run_vpnlint("check", "--format", "json", "--stdin-filename", "a.vpn.yaml", "-",
                                stdin="# yaml-language-server: $schema=../.vscode/vpnlint.schema.json\n" + text)
    codes = lambda out: [d["code"] for d in json.loads(out.stdout)["diagnostics"]]  # noqa: E731
    assert plain.returncode == with_modeline.returncode
    assert codes(plain) == codes(with_modeline)


# -- yaml-language-server itself, where installed ---------------------------------

def yaml_language_server() -> str | None:
    """``VPNLINT_YAML_LANGUAGE_SERVER`` or ``yaml-language-server`` on PATH
    (``npm install yaml-language-server`` puts it in node_modules/.bin)."""
    return os.environ.get("VPNLINT_YAML_LANGUAGE_SERVER") or shutil.which("yaml-language-server")


class LanguageServer:
    """A minimal LSP client over stdio: enough to open a document and read what
    the server publishes about it."""

    def __init__(self, command: str, workspace: Path, settings: dict) -> None:
        import queue
        import threading

        self.settings = settings
        self.messages: queue.Queue = queue.Queue()
        self.proc = subprocess.Popen([command, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        threading.Thread(target=self._read, daemon=True).start()
        self.request(1, "initialize", {"processId": None, "rootUri": workspace.as_uri(),
                                       "capabilities": {"workspace": {"configuration": True}},
                                       "workspaceFolders": [{"uri": workspace.as_uri(), "name": "ws"}]})
        self.wait(lambda m: m.get("id") == 1)
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    def _read(self) -> None:
        stream = self.proc.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if not line.strip():
                    break
                key, _, value = line.decode("ascii").partition(":")
                if key.lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.proc.stdin.flush()

    def request(self, rid: int, method: str, params: dict) -> None:
        self._send({"id": rid, "method": method, "params": params})

    def notify(self, method: str, params: dict) -> None:
        self._send({"method": method, "params": params})

    def wait(self, predicate, timeout: float = 60):
        """The first message matching ``predicate``, answering the server's own requests meanwhile."""
        import queue
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                message = self.messages.get(timeout=0.2)
            except queue.Empty:
                continue
            if "method" in message and "id" in message:  # a request from the server
                result = None
                if message["method"] == "workspace/configuration":
                    result = [self.settings.get((item.get("section") or "yaml").split(".")[0], {})
                              for item in message["params"]["items"]]
                self._send({"id": message["id"], "result": result})
            elif predicate(message):
                return message
        return None

    def diagnostics(self, path: Path, text: str, settle: float = 3.0) -> list[dict]:
        """Open ``path`` with ``text``; the last diagnostics published for it once
        the server has been quiet about it for ``settle`` seconds."""
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml",
                                                              "version": 1, "text": text}})
        is_mine = lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri  # noqa: E731
        last = self.wait(is_mine)
        assert last is not None, "yaml-language-server published nothing"
        while (newer := self.wait(is_mine, timeout=settle)) is not None:
            last = newer
        return last["params"]["diagnostics"]

    def hover(self, path: Path, line: int, character: int) -> str:
        self.request(99, "textDocument/hover", {"textDocument": {"uri": path.as_uri()},
                                                "position": {"line": line, "character": character}})
        reply = self.wait(lambda m: m.get("id") == 99)
        contents = (reply or {}).get("result") or {}
        return contents.get("contents", {}).get("value", "") if isinstance(contents, dict) else ""

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=30)


@pytest.fixture
def yls_workspace(tmp_path):
    server = yaml_language_server()
    needs_tool(server is not None, "yaml-language-server (npm install yaml-language-server)")
    workspace = tmp_path / "ws"
    (workspace / "specs").mkdir(parents=True)
    # as docs/editors.md says: vpnlint schema > .vscode/vpnlint.schema.json
    (workspace / ".vscode").mkdir()
    result = run_vpnlint("schema")
    (workspace / ".vscode" / "vpnlint.schema.json").write_text(result.stdout, encoding="utf-8")
    return server, workspace


def yls_rows(diagnostics: list[dict]) -> set[tuple[int, int, str]]:
    """(line, column, message), 1-based like vpnlint's."""
    return {(d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1, d["message"])
            for d in diagnostics}


def test_yaml_language_server_reads_the_modeline_schema(yls_workspace, schema):
    server, workspace = yls_workspace
    (modeline,) = [b for b in blocks("yaml") if b.startswith("# yaml-language-server: $schema=")]
    modeline = modeline.splitlines()[0] + "\n"
    settings = {"yaml": {"validate": True, "hover": True, "completion": True,
                         "schemaStore": {"enable": False}}}
    client = LanguageServer(server, workspace, settings)
    try:
        bad = workspace / "specs" / "bad.vpn.yaml"
        rows = yls_rows(client.diagnostics(bad, modeline + BAD_SPEC))
        # one line down for the modeline; the same places vpnlint reports (A003, A006)
        assert any(line == 11 and col == 17 and "not accepted" in msg for line, col, msg in rows), rows
        assert any(line == 18 and col == 3 and "ipsecSaLifetimeSecond" in msg for line, col, msg in rows), rows

        good = workspace / "specs" / "good.vpn.yaml"
        good_text = BAD_SPEC.replace("aggresive", "main").replace("ipsecSaLifetimeSecond:", "ipsecSaLifetimeSeconds:")
        assert client.diagnostics(good, modeline + good_text) == []
        # hover documentation comes from the schema's descriptions
        wanted = schema["$defs"]["IKESet"]["properties"]["propoEncryAlgorithm"]["description"].splitlines()[0]
        assert wanted in client.hover(good, 8, 5)
    finally:
        client.close()


def test_yaml_language_server_uses_the_documented_vscode_settings(yls_workspace):
    server, workspace = yls_workspace
    (documented,) = [json.loads(b) for b in blocks("json") if '"yaml.schemas"' in b]
    settings = {"yaml": {"validate": True, "schemaStore": {"enable": False},
                         "schemas": documented["yaml.schemas"]}}
    client = LanguageServer(server, workspace, settings)
    try:
        rows = yls_rows(client.diagnostics(workspace / "specs" / "bad.vpn.yaml", BAD_SPEC))
        assert any(line == 10 and col == 17 for line, col, _ in rows), rows
        # a YAML file that is not a spec is left alone
        assert client.diagnostics(workspace / "specs" / "build.yaml", "jobs: {test: 1}\n") == []
    finally:
        client.close()
