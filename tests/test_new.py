"""`zaitaku new institution|hub|zone ID`: a commented template that `zaitaku check` reports as
incomplete, with findings on the lines still to be written; never a crash, never an overwrite."""

from __future__ import annotations

import json
import re

import pytest

from edit_support import REPO, make_registry, zaitaku
from zaitaku_cli.load.document import read_document

FOLDERS = {"institution": "institutions", "hub": "hubs", "zone": "zones"}


@pytest.fixture
def base(tmp_path):
    return make_registry(tmp_path)


def _schema(kind):
    return json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", ["institution", "hub", "zone"])
def test_new_writes_a_commented_template_that_check_reports_on_its_lines(base, kind):
    rel = f"registry/{FOLDERS[kind]}/sample-{kind}.yaml"
    proc = zaitaku(["new", kind, f"sample-{kind}"], base)
    assert proc.returncode == 0, proc.out + proc.err
    assert rel in proc.out
    text = (base / rel).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
    schema = _schema(kind)
    for key, spec in schema["properties"].items():  # every field, in order, under its Japanese comment
        index = next(i for i, line in enumerate(lines) if re.match(rf"{key}:( |$)", line))
        above = [line for line in lines[:index] if line.startswith("#")]
        assert spec["title"] in lines[index - 1] or any(spec["title"] in line for line in above[-8:]), key
    keys = [line.split(":")[0] for line in lines if re.match(r"[a-z_]+:", line)]
    assert keys == list(schema["properties"])
    assert f"id: sample-{kind}" in lines
    assert not read_document(rel, text.encode("utf-8")).problems

    check = zaitaku(["check", rel, "--format", "json"], base)
    assert check.returncode == 1, check.out
    findings = json.loads(check.out)["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert errors
    for f in findings:
        assert f["file"] == rel
        key = f["path"].split(".")[-1].split("[")[0]
        assert lines[f["line"] - 1].strip().startswith(f"{key}:"), (f, lines[f["line"] - 1])
        assert re.search(r":\s*(null|\[\])\s*$", lines[f["line"] - 1]), f  # an empty value still to write


def test_the_institution_template_lists_the_schemes_requirements(base):
    zaitaku(["new", "institution", "sato-naika"], base)
    text = (base / "registry/institutions/sato-naika.yaml").read_text(encoding="utf-8")
    for item, mark in [("after_hours_support", "① 必須"), ("care_coordination", "② 必須"),
                       ("family_support_referral", "③ 必須"), ("training", "④ 任意"), ("disaster_plan", "⑤ 任意")]:
        assert re.search(rf"  # {mark}：.+\n  {item}: null\n", text), item
    assert "  status: planned\n" in text


def test_a_filled_in_template_passes_check(base):
    rel = "registry/institutions/sato-naika.yaml"
    zaitaku(["new", "institution", "sato-naika"], base)
    path = base / rel
    text = path.read_text(encoding="utf-8")
    for old, new in [("name: null", "name: 佐藤内科"), ("municipality: null", 'municipality: "012084"'),
                     ("zone: null", "zone: kitami"), ("kind: null", "kind: zaitaku_clinic"),
                     ("intent: null", "intent: true")]:
        assert text.count(f"\n{old}\n") == 1
        text = text.replace(f"\n{old}\n", f"\n{new}\n")
    path.write_text(text, encoding="utf-8")
    check = zaitaku(["check", rel, "--format", "json"], base)
    assert check.returncode == 0, check.out
    assert not [f for f in json.loads(check.out)["findings"] if f["severity"] == "error"]


@pytest.mark.parametrize("args", [["new", "institution", "tanaka-iin"], ["new", "hub", "muroran"],
                                  ["new", "zone", "muroran"]])
def test_an_existing_record_is_never_overwritten(base, args):
    path = base / "registry" / FOLDERS[args[1]] / f"{args[2]}.yaml"
    before = path.read_bytes()
    proc = zaitaku(args, base)
    assert proc.returncode == 1
    assert "既にあります" in proc.err
    assert path.read_bytes() == before


def test_new_twice_refuses_the_second_time(base):
    assert zaitaku(["new", "hub", "sample"], base).returncode == 0
    path = base / "registry/hubs/sample.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: null", "name: 記入済み"), encoding="utf-8")
    before = path.read_bytes()
    assert zaitaku(["new", "hub", "sample", "--lang", "en"], base).returncode == 1
    assert path.read_bytes() == before


@pytest.mark.parametrize("record_id", ["Sato", "sato_naika", "-sato", "佐藤", "sato.yaml", "../escape"])
def test_an_id_that_is_not_a_slug_is_a_usage_error(base, record_id):
    proc = zaitaku(["new", "institution", record_id], base)
    assert proc.returncode == 2
    expected = [p.name for p in (REPO / "registry/institutions").iterdir()] + ["kitami-sample-clinic.yaml"]
    assert sorted(p.name for p in (base / "registry/institutions").iterdir()) == sorted(expected)


def test_unknown_kind_is_a_usage_error(base):
    assert zaitaku(["new", "clinic", "x"], base).returncode == 2


def test_without_a_schemas_folder_the_template_has_no_machine_specific_schema_line(tmp_path):
    """No schemas/ beside registry/ and zaitaku's own schemas outside this folder: no `$schema` line
    (a file:///…/site-packages/… path would hold on one machine only); a hint says how to add one."""
    import shutil

    shutil.copytree(REPO / "registry", tmp_path / "registry")
    proc = zaitaku(["new", "zone", "sample"], tmp_path)
    assert proc.returncode == 0, proc.err
    text = (tmp_path / "registry/zones/sample.yaml").read_text(encoding="utf-8")
    assert "$schema" not in text and "file://" not in text
    assert text.splitlines()[0] == "# " + _schema("zone")["title"]
    assert "schemas/" in proc.err and "# yaml-language-server: $schema=../../schemas/zone.schema.json" in proc.err
    check = zaitaku(["check", "registry/zones/sample.yaml", "--format", "json"], tmp_path)
    assert check.returncode == 1  # still a template to fill in, with located findings
    assert json.loads(check.out)["findings"]


def test_schemas_inside_the_repository_are_linked_relatively(tmp_path, monkeypatch):
    """zaitaku's schemas in the same git repository as the registry (an editable checkout whose
    registry lives in a subfolder): a relative path, the same on every machine."""
    from zaitaku_cli.edit import templates

    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    packaged = repo / "tools" / "zaitaku" / "schemas"
    packaged.mkdir(parents=True)
    root = repo / "data" / "registry"
    root.mkdir(parents=True)
    monkeypatch.setattr(templates, "schema_dir", lambda: packaged)
    assert templates.schema_link(root, "hub") == "../../../tools/zaitaku/schemas/hub.schema.json"
    outside = tmp_path / "elsewhere" / "registry"
    outside.mkdir(parents=True)
    assert templates.schema_link(outside, "hub") is None
    (outside.parent / "schemas").mkdir()
    (outside.parent / "schemas" / "hub.schema.json").write_text("{}", encoding="utf-8")
    assert templates.schema_link(outside, "hub") == "../../schemas/hub.schema.json"


@pytest.mark.parametrize("length, code", [(64, 0), (65, 2), (300, 2)])
def test_ids_are_at_most_64_characters(base, length, code):
    record_id = ("sato-naika-clinic-" * 20)[: length - 1] + "x"
    proc = zaitaku(["new", "institution", record_id], base)
    assert proc.returncode == code, proc.err
    if code:
        assert "64" in proc.err and "OSError" not in proc.err
        assert sorted(p.name for p in (base / "registry/institutions").iterdir() if "sato" in p.name) == []
    else:
        assert (base / "registry/institutions" / f"{record_id}.yaml").is_file()


def test_registry_option_from_another_folder(base, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    proc = zaitaku(["new", "zone", "sample", "--registry", str(base / "registry")], elsewhere)
    assert proc.returncode == 0, proc.err
    assert (base / "registry/zones/sample.yaml").is_file()


def test_the_registry_option_is_defined_once():
    """--registry reads the same in every command module (zaitaku_cli/commands/options.py)."""
    import click

    from zaitaku_cli.commands.diff import diff
    from zaitaku_cli.commands.edit import designate, withdraw
    from zaitaku_cli.commands.export import export
    from zaitaku_cli.commands.new import new
    from zaitaku_cli.commands.options import REGISTRY_HELP
    from zaitaku_cli.commands.status import status

    commands = [diff, designate, withdraw, new, status, *export.commands.values()]
    for command in commands:
        (option,) = [p for p in command.params if isinstance(p, click.Option) and "--registry" in p.opts]
        assert option.name == "registry_dir" and option.help == REGISTRY_HELP and option.metavar == "DIR", command.name
    for module in ("diff", "edit", "export", "new", "status"):
        source = (REPO / "zaitaku_cli" / "commands" / f"{module}.py").read_text(encoding="utf-8")
        assert 'click.option("--registry"' not in source, module
