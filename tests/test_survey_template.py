"""`zaitaku export survey-template` (issue 15): the Excel sheet that `zaitaku import institutions`
reads without a mapping file. The tests fill it in with openpyxl and import it."""

from __future__ import annotations

import openpyxl
import pytest
import yaml

from edit_support import make_registry, zaitaku
from zaitaku_cli.rules.medical_institution_code import luhn_digit


def code(n: int) -> str:
    body = f"01{n:07d}"
    return body + str(luhn_digit(body))


@pytest.fixture
def base(tmp_path):
    return make_registry(tmp_path / "work")


def _template(base):
    proc = zaitaku(["export", "survey-template", "-o", "調査票.xlsx"], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert "調査票.xlsx を書き出しました。" in proc.out
    return base / "調査票.xlsx"


def test_headers_are_the_scheme_s_requirement_texts(base):
    book = openpyxl.load_workbook(_template(base))
    assert book.sheetnames == ["回答", "記入方法", "種類", "市町村"]
    sheet = book["回答"]
    headers = [c.value for c in sheet[1]]
    scheme = yaml.safe_load((base / "registry" / "prefecture.yaml").read_text(encoding="utf-8"))
    texts = [f"{r['mark']}{r['text']}" for r in scheme["institution"]["requirements"]]
    assert headers == ["医療機関コード（10桁）", "医療機関名", "医療機関名のよみ（カタカナ）", "所在市町村", "医療機関の種類",
                       "意向（医療計画に掲載されることを希望する）", *texts, "連携している医療機関",
                       "連携している訪問看護事業所", "開設者", "医療情報ネット（ナビイ）のID"]
    assert headers[6].startswith("①医療機関（特に一人の医師が")  # seed 001「4 選定要件」①
    assert sheet["G1"].comment.text.startswith("必須要件①")
    assert sheet["J1"].comment.text.startswith("任意要件④")
    assert sheet["A2"].number_format == "@"  # codes keep their leading zeros


def test_drop_down_lists_for_answers_kinds_and_municipalities(base):
    book = openpyxl.load_workbook(_template(base))
    sheet = book["回答"]
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["F2:F501 G2:G501 H2:H501 I2:I501 J2:J501 K2:K501"] == '"はい,いいえ"'
    kinds = book["種類"]  # a list typed into the validation may hold only 255 characters
    assert kinds.sheet_state == "hidden"
    assert [r[0] for r in kinds.iter_rows(values_only=True)] == ["在宅療養支援診療所", "在宅療養支援病院",
                                                                 "訪問診療を実施する医療機関", "その他"]
    assert lists["E2:E501"] == "'種類'!$A$1:$A$4"
    towns = book["市町村"]
    assert towns.sheet_state == "hidden"
    names = [r[0] for r in towns.iter_rows(values_only=True)]
    assert "函館市" in names and len(names) == len(set(names))
    assert lists["D2:D501"] == f"'市町村'!$A$1:$A${len(names)}"
    help_text = [r[0] for r in book["記入方法"].iter_rows(values_only=True) if r[0]]
    assert help_text[0] == "北海道「在宅医療において積極的役割を担う医療機関」についての調査票"
    assert any(line.startswith("① 必須：医療機関（特に一人の医師が") for line in help_text)
    assert "選定要件（必須要件はすべて満たすことが必要です）:" in help_text
    assert "医療機関の種類（一覧から選んでください）: 在宅療養支援診療所、在宅療養支援病院、訪問診療を実施する医療機関、その他" in help_text


def test_the_filled_in_template_imports_without_a_mapping(base):
    path = _template(base)
    book = openpyxl.load_workbook(path)
    sheet = book["回答"]
    filled = [
        [code(1), "ひな形テスト診療所", "ヒナガタテストシンリョウジョ", "函館市", "在宅療養支援診療所", "はい",
         "はい", "はい", "はい", "いいえ", "はい", "ひな形連携病院（函館市）\nひな形連携医院（室蘭市）", "", "医療法人ひな形会"],
        [code(2), "ひな形テスト病院", None, "帯広市", "在宅療養支援病院", "はい", "はい", "はい", "はい"],
        [code(3), "ひな形訪問診療医院", None, "北見市", "訪問診療を実施する医療機関", "いいえ"],
    ]
    for r, values in enumerate(filled, start=2):
        for c, value in enumerate(values, start=1):
            sheet.cell(row=r, column=c, value=value)
    book.save(path)
    proc = zaitaku(["import", "institutions", path.name, "--on", "2025-08-01"], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    # the third does not wish to be listed (意向 いいえ): a new institution, so no record (手挙げ方式)
    assert "新しい記録 2 件、更新 0 件" in proc.out
    assert "調査票.xlsx:4:6  情報  import-no-intent" in proc.out
    first = yaml.safe_load((base / "registry" / "institutions" / f"mic-{code(1)}.yaml").read_text(encoding="utf-8"))
    assert (first["kana"], first["operator"], first["zone"]) == ("ヒナガタテストシンリョウジョ", "医療法人ひな形会", "hakodate")
    assert first["requirements"] == {"after_hours_support": True, "care_coordination": True,
                                     "family_support_referral": True, "training": False, "disaster_plan": True}
    assert first["linked_institutions"] == [{"name": "ひな形連携病院", "municipality": "012025"},
                                            {"name": "ひな形連携医院", "municipality": "012050"}]
    second = yaml.safe_load((base / "registry" / "institutions" / f"mic-{code(2)}.yaml").read_text(encoding="utf-8"))
    assert (second["kind"], second["intent"], second["requirements"]["training"]) == ("zaitaku_hospital", True, None)
    assert not (base / "registry" / "institutions" / f"mic-{code(3)}.yaml").exists()
    assert zaitaku(["check", "--as-of", "2025-12-01"], cwd=base).returncode == 0


def test_the_output_must_be_xlsx_and_writable(base):
    proc = zaitaku(["export", "survey-template", "-o", "調査票.csv"], cwd=base)
    assert proc.returncode == 2 and ".xlsx にしてください" in proc.err
    proc = zaitaku(["export", "survey-template", "-o", "registry/x.xlsx"], cwd=base)
    assert proc.returncode == 2 and "書き出せません" in proc.err
    proc = zaitaku(["export", "survey-template"], cwd=base)
    assert proc.returncode == 2


def test_an_existing_file_is_not_overwritten_without_force(base):
    """A filled-in survey of the same name is not replaced by an empty template."""
    path = _template(base)
    book = openpyxl.load_workbook(path)
    book["回答"]["B2"] = "記入済み医院"
    book.save(path)
    filled = path.read_bytes()
    for lang, words in (("ja", "zaitaku: 調査票.xlsx はすでにあります（記入済みの調査票かもしれません）。上書きしていません。"
                                "上書きするなら --force を付けてください。"),
                        ("en", "zaitaku: 調査票.xlsx already exists (perhaps a filled-in survey); it was not overwritten. "
                               "To overwrite it, add --force.")):
        proc = zaitaku(["export", "survey-template", "-o", "調査票.xlsx", "--lang", lang], cwd=base)
        assert proc.returncode == 2, proc.out + proc.err
        assert words in proc.err
        assert path.read_bytes() == filled
    proc = zaitaku(["export", "survey-template", "-o", "調査票.xlsx", "--force"], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert openpyxl.load_workbook(path)["回答"]["B2"].value is None


def test_the_template_s_words_are_the_scheme_s(base):
    """Kumamoto-like terms (必須項目/任意項目), its title from terms.institution, six kinds: the
    comments, the instructions and the kind list say them, not Hokkaido's or a fixed three."""
    scheme = base / "registry" / "prefecture.yaml"
    data = scheme.read_text(encoding="utf-8")
    data = data.replace("  eligible_kinds: [", "  kinds:\n"
                        "    - {id: zaitaku_clinic, label: 在宅療養支援診療所}\n"
                        "    - {id: zaitaku_hospital, label: 在宅療養支援病院}\n"
                        "    - {id: home_visit_provider, label: 訪問診療を実施する医療機関}\n"
                        "    - {id: backup_hospital, label: 在宅療養後方支援病院}\n"
                        "    - {id: community_care_ward_hospital, label: 地域包括ケア病棟を有する医療機関}\n"
                        "    - {id: other, label: その他}\n"
                        "  eligible_kinds: [", 1)
    data += "\nterms:\n  mandatory: 必須項目\n  optional: 任意項目\n  institution: 在宅医療の協力医療機関\n"
    scheme.write_text(data, encoding="utf-8")
    book = openpyxl.load_workbook(_template(base))
    sheet = book["回答"]
    assert sheet["G1"].comment.text.startswith("必須項目①")
    assert sheet["J1"].comment.text.startswith("任意項目④")
    assert [r[0] for r in book["種類"].iter_rows(values_only=True)] == [
        "在宅療養支援診療所", "在宅療養支援病院", "訪問診療を実施する医療機関", "在宅療養後方支援病院",
        "地域包括ケア病棟を有する医療機関", "その他"]
    help_text = [r[0] for r in book["記入方法"].iter_rows(values_only=True) if r[0]]
    assert help_text[0] == "北海道「在宅医療の協力医療機関」についての調査票"
    assert "選定要件（必須項目はすべて満たすことが必要です）:" in help_text
    assert any(line.startswith("① 必須項目：医療機関（特に一人の医師が") for line in help_text)
    assert any(line.startswith("④ 任意項目：") for line in help_text)


def test_an_unusable_prefecture_yaml_is_shown_at_its_line(tmp_path):
    """The template is refused like every product of the registry (commands.gate): the scheme's
    findings at their line, then why nothing was made (exit 2)."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    root = tmp_path / "registry"
    shutil.copytree(Path(__file__).resolve().parent.parent / "registry", root)
    (root / "prefecture.yaml").write_text("id: [hokkaido\n", encoding="utf-8")
    zaitaku = Path(sys.executable).parent / "zaitaku"
    proc = subprocess.run([str(zaitaku), "export", "survey-template", "-o", str(tmp_path / "s.xlsx"),
                           "--registry", str(root)], capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "prefecture.yaml:2:1" in proc.stderr and "prefecture.yaml を読めないため調査票を作れません" in proc.stderr
    assert not (tmp_path / "s.xlsx").exists()
