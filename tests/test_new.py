"""`zaitaku new institution|hub|zone ID`: a commented template that `zaitaku check` reports as
incomplete, with findings on the lines still to be written; never a crash, never an overwrite."""

from __future__ import annotations

import json
import re

import pytest

from edit_support import REPO, make_registry, zaitaku
from zaitaku_cli.load.document import read_document

FOLDERS = {"institution": "institutions", "hub": "hubs", "zone": "zones", "grant": "grants"}
# Fields of the schemas that Hokkaido's scheme does not use, left out of its templates: hub
# requirement items (Hokkaido has roles), designation types and the prefecture-wide tier.
UNUSED_BY_HOKKAIDO = {"hub": ("requirements", "type", "tier"), "institution": ("type",)}


@pytest.fixture
def base(tmp_path):
    return make_registry(tmp_path)


def _schema(kind):
    return json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", ["institution", "hub", "zone", "grant"])
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
        if key in UNUSED_BY_HOKKAIDO.get(kind, ()):
            continue
        index = next(i for i, line in enumerate(lines) if re.match(rf"{key}:( |$)", line))
        above = [line for line in lines[:index] if line.startswith("#")]
        assert spec["title"] in lines[index - 1] or any(spec["title"] in line for line in above[-8:]), key
    keys = [line.split(":")[0] for line in lines if re.match(r"[a-z_]+:", line)]
    assert keys == [k for k in schema["properties"] if k not in UNUSED_BY_HOKKAIDO.get(kind, ())]
    assert f"id: sample-{kind}" in lines
    assert not read_document(rel, text.encode("utf-8")).problems

    check = zaitaku(["check", rel, "--format", "json"], base)
    assert check.returncode == 1, check.out
    findings = json.loads(check.out)["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert errors
    for f in findings:
        assert f["file"] == rel
        if f["code"] == "zone-designations":  # about the zone, not a field: true of a new zone
            continue
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


# A Kumamoto-like scheme (seed 003) on the Hokkaido registry: its words, hub requirement items,
# types and prefecture-wide tier, and no hub roles.
KUMAMOTO_TERMS = ("name: 北海道\n", "name: 北海道\n"
                  "terms: {zone: 圏域, hub: 地域在宅医療サポートセンター, institution: 在宅医療推進医療機関, "
                  "mandatory: 必須項目, optional: 任意項目}\n")
KUMAMOTO_HUB = ("""  roles:
    - id: coordination
      mark: （１）
      text: 関係者の定期的な会合等におけるコーディネートにより、連携体制の構築を進めること
    - id: information_network
      mark: （２）
      text: 多職種連携に向けた情報連携ネットワークの整備を行うこと
    - id: training
      mark: （３）
      text: 多職種の人材育成を行うこと
""", """  requirements:
    - {id: emergency_response, mark: "(1)", mandatory: true, text: 急変時対応の取組み, column: 急変時対応}
    - {id: discharge_support, mark: "(2)", mandatory: true, text: 入退院支援の取組み, column: 入退院支援}
    - {id: awareness, mark: "(6)", mandatory: false, text: 普及啓発に関する取組み, column: 普及啓発}
  optional_minimum: 1
  types:
    - {id: kikan, label: 基幹型, min_bodies: 1, representative: false}
    - {id: renkei, label: 連携型, min_bodies: 2, representative: true}
  type_required: true
  prefecture_wide: {label: 県在宅医療サポートセンター, max: 1}
""")
KUMAMOTO_TITLE = ("  title: 在宅医療に必要な連携を担う拠点\n", "  title: 地域在宅医療サポートセンター\n")


def _kumamoto_like(base):
    path = base / "registry/prefecture.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (KUMAMOTO_TERMS, KUMAMOTO_HUB, KUMAMOTO_TITLE):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return base


def test_the_hub_template_in_a_kumamoto_like_scheme(base):
    """The scheme's words in the comments, its hub requirement items (mark, 必須/任意, text) and
    types; no roles. check reports the template as incomplete, on the lines still to fill in."""
    _kumamoto_like(base)
    rel = "registry/hubs/kikuchi.yaml"
    proc = zaitaku(["new", "hub", "kikuchi"], base)
    assert proc.returncode == 0, proc.out + proc.err
    text = (base / rel).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[1] == "# 地域在宅医療サポートセンター"
    assert "# 1つの地域在宅医療サポートセンターが複数の圏域を担当することがある（例：十勝の4圏域）。" in lines
    assert "# この地域在宅医療サポートセンターが担当する圏域のID（registry/zones/<id>.yaml のID）の一覧。" in lines
    assert "# 地域在宅医療サポートセンターの名称（必須）" in lines
    assert "# この地域在宅医療サポートセンターと連携して活動する在宅医療推進医療機関のID（registry/institutions/<id>.yaml のID）の一覧。" in lines
    assert "# 基幹拠点" in lines and "# 区域拠点" in lines  # Hokkaido's own terms of the population exception stay
    comments = "\n".join(line for line in lines if line.startswith("#"))
    assert "在宅医療圏" not in comments and "積極的役割を担う医療機関" not in comments
    assert ("\nrequirements:\n"
            "  # (1) 必須：急変時対応の取組み\n  emergency_response: null\n"
            "  # (2) 必須：入退院支援の取組み\n  discharge_support: null\n"
            "  # (6) 任意：普及啓発に関する取組み\n  awareness: null\n") in text
    assert "\n# 北海道の類型: kikan（基幹型）、renkei（連携型）\ntype: null\n" in text
    assert not re.search(r"^roles:", text, re.M)
    assert "tier: zone" in lines  # a zone's centre unless changed to prefecture
    keys = [line.split(":")[0] for line in lines if re.match(r"[a-z_]+:", line)]
    assert keys == [k for k in _schema("hub")["properties"] if k != "roles"]

    check = zaitaku(["check", rel, "--format", "json"], base)
    assert check.returncode == 1, check.out + check.err
    assert "Traceback" not in check.err
    findings = json.loads(check.out)["findings"]
    assert [f for f in findings if f["severity"] == "error"]
    for f in findings:
        assert f["file"] == rel
        if f["code"] == "zone-designations":  # about the zone, not a field: true of a new zone
            continue
        key = f["path"].split(".")[-1].split("[")[0]
        assert lines[f["line"] - 1].strip().startswith(f"{key}:"), (f, lines[f["line"] - 1])
        assert re.search(r":\s*(null|\[\])\s*$", lines[f["line"] - 1]), f

    # filled in as a designated 連携型 centre with one item unmet: located findings, no crash
    filled = (text.replace("name: null", "name: 菊池地域在宅医療サポートセンター").replace("zones: []", "zones: [muroran]")
              .replace("implementing_bodies: []", "implementing_bodies:\n  - {name: 菊池郡市医師会, type: medical_association}")
              .replace("type: null", "type: renkei").replace("emergency_response: null", "emergency_response: false")
              .replace("discharge_support: null", "discharge_support: true").replace("awareness: null", "awareness: true")
              .replace("  status: planned", "  status: designated").replace("  designated_on: null", "  designated_on: 2025-10-01"))
    (base / rel).write_text(filled, encoding="utf-8")
    check = zaitaku(["check", rel, "--format", "json", "--lang", "en"], base)
    assert "Traceback" not in check.err
    found = {f["code"]: f for f in json.loads(check.out)["findings"]}
    assert {"hub-mandatory-requirement", "hub-body-count", "hub-representative"} <= set(found), sorted(found)
    assert found["hub-mandatory-requirement"]["line"] == filled.splitlines().index("  emergency_response: false") + 1


def test_the_institution_template_in_a_kumamoto_like_scheme(base):
    _kumamoto_like(base)
    zaitaku(["new", "institution", "sato-naika"], base)
    lines = (base / "registry/institutions/sato-naika.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[1] == "# 在宅医療において積極的役割を担う医療機関"  # the scheme's title of the kind (unchanged here)
    assert "# 圏域（必須）" in lines and "# この医療機関が属する圏域のID（registry/zones/<id>.yaml のID）。" in lines
    assert "zone: null" in lines and "type: null" not in lines


def test_the_words_of_an_unreadable_scheme_are_the_national_ones(base):
    """prefecture.yaml that is not YAML: the template still comes, in the national words."""
    (base / "registry/prefecture.yaml").write_text("name: [北海道\n", encoding="utf-8")
    proc = zaitaku(["new", "zone", "sample"], base)
    assert proc.returncode == 0, proc.err
    lines = (base / "registry/zones/sample.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[1] == "# 在宅医療圏"


def test_the_grant_template_lists_the_schemes_menus(base):
    proc = zaitaku(["new", "grant", "tokachi-2026"], base)
    assert proc.returncode == 0, proc.err
    lines = (base / "registry/grants/tokachi-2026.yaml").read_text(encoding="utf-8").splitlines()
    menu = lines.index("menu: null")
    assert lines[menu - 1].startswith("# 北海道の補助メニュー: hub-coordination（「在宅医療に必要な連携を担う拠点」に対する補助）、")
    assert "municipal-linkage（在宅医療・介護連携推進事業）" in lines[menu - 1]
    assert "# 金額は円単位の整数で書きます（資料の「2,092千円」は 2092000）。" in lines
