"""`zaitaku init PREFECTURE DIR` (DESIGN §6): a new prefecture's registry with the national
defaults and every municipality from the data package — counts, codes, designated cities once and
their wards not listed, the forms PREFECTURE may take, refusal to touch an existing registry, and
what `zaitaku check` says about the new registry before and after it is filled in."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys

import pytest
import yaml
from click.testing import CliRunner

from registry_builder import EMBEDDED, REPO
from run_cli import locations, run, run_json
from zaitaku_cli.codes import check_digit_ok
from zaitaku_cli.commands.init import init

HEADER = ["code", "name", "kana", "secondary_area"]
TOWNS = "registry/reference/municipalities.csv"
PREFECTURE = "registry/prefecture.yaml"
KATAKANA = re.compile(r"[\u30a0-\u30ff]+")


def rows_of(root):
    with (root / "reference" / "municipalities.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        return next(reader), [dict(zip(HEADER, row)) for row in reader]


def init_in_process(prefecture, directory, *args):
    """The command through click (no subprocess): (exit code, output)."""
    result = CliRunner().invoke(init, [prefecture, str(directory), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


# --- Kumamoto through the installed command ----------------------------------------------------

def test_kumamoto_writes_45_municipalities(tmp_path):
    proc = run(["init", "熊本県", str(tmp_path / "kumamoto")], tmp_path)
    assert proc.returncode == 0, proc.stderr
    root = tmp_path / "kumamoto" / "registry"
    assert proc.stdout.startswith(f"{root.as_posix()}/ を作りました（熊本県、430005：prefecture.yaml と市町村 45）。")
    header, rows = rows_of(root)
    assert header == HEADER == next(csv.reader((EMBEDDED / "reference" / "municipalities.csv").open(encoding="utf-8")))
    assert len(rows) == 45
    assert all(check_digit_ok(r["code"]) and r["code"].startswith("43") for r in rows)
    assert all(r["secondary_area"] == "" and KATAKANA.fullmatch(r["kana"]) for r in rows)
    codes = [r["code"] for r in rows]
    assert codes == sorted(codes) and len(set(codes)) == 45
    assert rows[0] == {"code": "431001", "name": "熊本市", "kana": "クマモトシ", "secondary_area": ""}
    # 熊本市's five wards (中央区 431010, 東区 431028, 西区 431036, 南区 431044, 北区 431052) are not listed
    assert not [c for c in codes if c.startswith("4310") and c != "431001"]
    assert {"432024", "435317"} <= set(codes)  # 八代市, 苓北町 (the last code)
    data = (root / "reference" / "municipalities.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r\n" not in data
    for folder in ("zones", "institutions", "hubs"):
        assert [p.name for p in (root / folder).iterdir()] == [".gitkeep"]
    assert (root / "reference" / "README.md").read_text(encoding="utf-8").startswith("# Reference data (熊本県)")


# --- a sample of other prefectures ------------------------------------------------------------

SAMPLE = [
    # (PREFECTURE, count, present, absent)
    ("北海道", 179, {"011002", "012050"}, {"011011", "011100"}),  # 札幌市 once; 中央区, 清田区 not
    ("東京都", 62, {"131016", "131237", "132012", "134210"}, set()),  # 23 特別区 (千代田区…江戸川区), 八王子市, 小笠原村
    ("大阪府", 43, {"271004", "271403"}, {"271021", "271411"}),  # 大阪市, 堺市 once; 都島区, 堺区 not
    ("沖縄県", 41, {"472018", "473821"}, set()),  # 那覇市, 与那国町
    ("新潟県", 30, {"151009", "152021"}, {"151017", "151084"}),  # 新潟市, 長岡市; 北区, 西蒲区 not
]


@pytest.mark.parametrize("prefecture,count,present,absent", SAMPLE, ids=[s[0] for s in SAMPLE])
def test_sample_of_prefectures(tmp_path, prefecture, count, present, absent):
    code, output = init_in_process(prefecture, tmp_path)
    assert code == 0, output
    _, rows = rows_of(tmp_path / "registry")
    codes = {r["code"] for r in rows}
    assert len(rows) == len(codes) == count
    number = next(iter(present))[:2]
    assert all(check_digit_ok(c) and c.startswith(number) for c in codes)
    assert present <= codes and not absent & codes


def test_tokyo_lists_the_23_special_wards_as_municipalities(tmp_path):
    init_in_process("tokyo", tmp_path)
    _, rows = rows_of(tmp_path / "registry")
    wards = [r for r in rows if r["code"].startswith("131")]
    assert len(wards) == 23 and all(r["name"].endswith("区") for r in wards)
    assert wards[0]["name"] == "千代田区" and wards[-1]["name"] == "江戸川区"


def test_hokkaido_equals_the_embedded_reference_table(tmp_path):
    """The data package gives exactly the codes, names and readings of the hand-verified table."""
    init_in_process("hokkaido", tmp_path)
    _, rows = rows_of(tmp_path / "registry")
    embedded = list(csv.DictReader((EMBEDDED / "reference" / "municipalities.csv").open(encoding="utf-8")))
    assert [(r["code"], r["name"], r["kana"]) for r in rows] == [(r["code"], r["name"], r["kana"]) for r in embedded]


def test_every_prefecture(tmp_path):
    total = 0
    for number in range(1, 48):
        target = tmp_path / str(number)
        code, output = init_in_process(str(number), target)
        assert code == 0, output
        _, rows = rows_of(target / "registry")
        assert rows and all(check_digit_ok(r["code"]) and int(r["code"][:2]) == number for r in rows)
        scheme = yaml.safe_load((target / "registry" / "prefecture.yaml").read_text(encoding="utf-8"))
        assert int(scheme["code"][:2]) == number and check_digit_ok(scheme["code"])
        total += len(rows)
    assert total == 1741  # 1,718 市町村 and Tokyo's 23 特別区


# --- PREFECTURE forms -------------------------------------------------------------------------

@pytest.mark.parametrize("form", ["熊本県", "熊本", "kumamoto", "Kumamoto", "43", "430005", "４３"])
def test_prefecture_forms(tmp_path, form):
    code, output = init_in_process(form, tmp_path)
    assert code == 0, output
    scheme = yaml.safe_load((tmp_path / "registry" / "prefecture.yaml").read_text(encoding="utf-8"))
    assert (scheme["id"], scheme["code"], scheme["name"]) == ("kumamoto", "430005", "熊本県")


@pytest.mark.parametrize("form", ["熊本市", "48", "430006", "kumamoto-ken", ""])
def test_unknown_prefecture_is_a_usage_error(tmp_path, form):
    code, output = init_in_process(form, tmp_path)
    assert code == 2
    assert output == (f"zaitaku: 「{form}」という都道府県が見つかりません。熊本県、熊本、kumamoto、43、430005 のように"
                      "書いてください。\n")
    assert not (tmp_path / "registry").exists()


def test_unknown_prefecture_in_english(tmp_path):
    code, output = init_in_process("Atlantis", tmp_path, "--lang", "en")
    assert (code, output) == (2, "zaitaku: no prefecture 'Atlantis'; write it as 熊本県, 熊本, kumamoto, 43 or 430005.\n")


# --- never over an existing registry ----------------------------------------------------------

def test_refuses_a_non_empty_registry(tmp_path):
    root = tmp_path / "registry"
    root.mkdir()
    (root / "prefecture.yaml").write_text("id: mine\n", encoding="utf-8")
    proc = run(["init", "熊本県", str(tmp_path)], tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (f"zaitaku: {root.as_posix()} は空ではありません。既にある登録簿には書き込みません"
                           "（別の DIR を指定するか、中身を移してください）。\n")
    assert [p.name for p in root.iterdir()] == ["prefecture.yaml"]
    assert (root / "prefecture.yaml").read_text(encoding="utf-8") == "id: mine\n"
    proc = run(["init", "熊本県", str(tmp_path), "--lang", "en"], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == (f"zaitaku: {root.as_posix()} is not empty; an existing registry is never written to "
                           "(choose another DIR, or move its contents).\n")


def test_a_hidden_file_makes_it_non_empty(tmp_path):
    (tmp_path / "registry").mkdir()
    (tmp_path / "registry" / ".git").mkdir()
    assert init_in_process("熊本県", tmp_path)[0] == 2


def test_an_empty_registry_folder_is_filled(tmp_path):
    (tmp_path / "registry").mkdir()
    assert init_in_process("熊本県", tmp_path)[0] == 0
    assert (tmp_path / "registry" / "prefecture.yaml").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".registry-")]  # no staging left


def test_registry_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "registry").write_text("x", encoding="utf-8")
    code, output = init_in_process("熊本県", tmp_path)
    assert code == 2 and "はフォルダではありません" in output


def test_a_registry_folder_as_dir_is_refused(tmp_path):
    """`zaitaku init 熊本県 registry` in a repository would nest a registry inside the registry."""
    (tmp_path / "prefecture.yaml").write_text("id: mine\n", encoding="utf-8")
    code, output = init_in_process("熊本県", tmp_path)
    assert code == 2
    assert output == (f"zaitaku: {tmp_path.as_posix()} は既に登録簿のフォルダです（prefecture.yaml があります）。"
                      "登録簿の外のフォルダを DIR に指定してください。\n")
    assert not (tmp_path / "registry").exists()


def test_unwritable_directory_is_a_message_not_a_traceback(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    proc = run(["init", "熊本県", str(tmp_path / "file" / "sub")], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"zaitaku: {(tmp_path / 'file' / 'sub' / 'registry').as_posix()} に書き込めません（")


# --- prefecture.yaml --------------------------------------------------------------------------

def _scheme(tmp_path, prefecture="熊本県"):
    init_in_process(prefecture, tmp_path)
    return (tmp_path / "registry" / "prefecture.yaml").read_text(encoding="utf-8")


def test_prefecture_yaml_is_valid_against_its_schema(tmp_path):
    jsonschema_rs = pytest.importorskip("jsonschema_rs")

    class TextDates(yaml.SafeLoader):
        pass

    TextDates.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    value = yaml.load(_scheme(tmp_path), Loader=TextDates)
    schema = json.loads((REPO / "schemas" / "prefecture.schema.json").read_text(encoding="utf-8"))
    assert [e.message for e in jsonschema_rs.validator_for(schema).iter_errors(value)] == []


def test_national_texts_equal_the_hokkaido_registry(tmp_path):
    new = yaml.safe_load(_scheme(tmp_path))
    hokkaido = yaml.safe_load((EMBEDDED / "prefecture.yaml").read_text(encoding="utf-8"))
    assert new["institution"]["requirements"] == hokkaido["institution"]["requirements"]
    assert new["hub"]["roles"] == hokkaido["hub"]["roles"]
    assert new["hub"]["body_types"] == hokkaido["hub"]["body_types"]
    assert new["institution"]["title"] == hokkaido["institution"]["title"]
    assert new["hub"]["title"] == hokkaido["hub"]["title"]
    # the tables' ※ notes quote Hokkaido's own document (seed 004): a new prefecture writes its own
    own_notes = ("notes", "notes_en")
    assert new["tables"] == {k: {f: v for f, v in t.items() if f not in own_notes} if isinstance(t, dict) else t
                             for k, t in hokkaido["tables"].items()}
    assert "local_name" not in new["institution"] and "joint_bodies_require" not in new["hub"]


def test_the_officer_is_told_where_to_decide(tmp_path):
    text = _scheme(tmp_path)
    lines = text.splitlines()
    for setting in ("plan:", "scheme_start:", "tertiary_areas:", "secondary_areas:", "eligible_kinds:",
                    "count_rule:", "requirements:", "roles:", "body_types:"):
        at = next(i for i, line in enumerate(lines) if line.lstrip().startswith(setting))
        comments = []
        for line in reversed(lines[:at]):
            if not line.lstrip().startswith("#"):
                break
            comments.append(line)
        assert any("【要確認】" in c or "【要記入】" in c for c in comments), setting
    assert "# zone_total:" in text and "# target:" in text


# --- zaitaku check on the new registry --------------------------------------------------------

def _line(path, needle) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_check_says_what_is_still_to_fill_in(tmp_path):
    init_in_process("熊本県", tmp_path)
    root = tmp_path / "registry"
    status, report = run_json(["--registry", str(root)], tmp_path)
    assert status == 1
    plan, area = _line(root / "prefecture.yaml", "name: 【要記入】熊本県"), _line(root / "prefecture.yaml", "- {code: \"4301\"")
    assert locations(report, file=PREFECTURE) == [
        ("prefecture-placeholder", PREFECTURE, plan, 9),
        ("reference-secondary-area-empty", PREFECTURE, area, 5),
        ("prefecture-placeholder", PREFECTURE, area, 26)]
    _, rows = rows_of(root)
    want = [("reference-secondary-area-missing", TOWNS, line, len(",".join([r["code"], r["name"], r["kana"]])) + 2)
            for line, r in enumerate(rows, 2)]
    assert locations(report, "reference-secondary-area-missing") == want
    assert report["summary"]["errors"] == 2 + 45
    messages = {f["code"]: f["message"] for f in report["findings"] if f["line"] == plan}
    assert messages["prefecture-placeholder"] == (
        "plan.name は zaitaku init のひな形のままです（「【要記入】熊本県の医療計画の正式な名称」）。"
        "【要記入】の指示に従って、この都道府県の値を書いてください。")


def test_check_is_clean_once_filled_in(tmp_path):
    """An officer's first edits: the plan's name, two secondary areas, every municipality's area."""
    init_in_process("熊本県", tmp_path)
    root = tmp_path / "registry"
    path = root / "prefecture.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("【要記入】熊本県の医療計画の正式な名称", "熊本県保健医療計画")
    text = text.replace('  - {code: "4301", name: 【要記入】二次医療圏の名称}\n',
                        '  - {code: "4301", name: 熊本・上益城}\n  - {code: "4302", name: その他}\n')
    path.write_text(text, encoding="utf-8")
    header, rows = rows_of(root)
    with (root / "reference" / "municipalities.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([r["code"], r["name"], r["kana"], "4301" if r["code"] == "431001" else "4302"] for r in rows)
    status, report = run_json(["--registry", str(root)], tmp_path)
    assert status == 0, report
    assert {f["code"] for f in report["findings"]} <= {"zone-coverage"}


def test_new_records_can_be_started_in_the_new_registry(tmp_path):
    init_in_process("熊本県", tmp_path)
    proc = run(["new", "zone", "kumamoto-kamimashiki", "--registry", str(tmp_path / "registry")], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "registry" / "zones" / "kumamoto-kamimashiki.yaml").is_file()


# --- start-up stays light -----------------------------------------------------------------------

def test_help_lists_init_without_loading_the_data_package():
    code = ("import sys\nfrom click.testing import CliRunner\nfrom zaitaku_cli.cli import main\n"
            "out = CliRunner().invoke(main, ['--help']).output\n"
            "print('init' in out, 'japancode' in sys.modules, 'zaitaku_cli.scaffold' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False", "False"]
