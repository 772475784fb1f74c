"""`zaitaku import institutions FILE` (issue 15): survey sheets made here with openpyxl or as CSV,
imported into a temporary copy of the embedded registry (plus the edit fixtures)."""

from __future__ import annotations

import csv
import datetime
import hashlib
from pathlib import Path

import openpyxl
import pytest
import yaml

from edit_support import CLINIC, make_registry, zaitaku
from zaitaku_cli.rules.medical_institution_code import luhn_digit

ON = "2025-08-01"
REQUIREMENT_IDS = ("after_hours_support", "care_coordination", "family_support_referral", "training", "disaster_plan")


def code(n: int) -> str:
    """A valid 10-digit medical institution code (Hokkaido's 01, then n, then the Luhn digit)."""
    body = f"01{n:07d}"
    return body + str(luhn_digit(body))


def headers(base: Path) -> list[str]:
    """The survey template's headers, the requirement texts read from the copy's prefecture.yaml."""
    scheme = yaml.safe_load((base / "registry" / "prefecture.yaml").read_text(encoding="utf-8"))
    requirements = [f"{r['mark']}{r['text']}" for r in scheme["institution"]["requirements"]]
    return ["医療機関コード（10桁）", "医療機関名", "医療機関名のよみ（カタカナ）", "所在市町村", "医療機関の種類",
            "意向（医療計画に掲載されることを希望する）", *requirements, "連携している医療機関",
            "連携している訪問看護事業所", "開設者", "医療情報ネット（ナビイ）のID"]


def row(code_="", name="", town="", kind="在支診", intent="はい", answers=("○", "○", "○", "", ""), linked="",
        stations="", operator="", kana="") -> list:
    return [code_, name, kana, town, kind, intent, *answers, linked, stations, operator, ""]


def write_xlsx(path: Path, head: list, rows: list, before: list | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "回答"
    for line in before or []:
        sheet.append(line)
    sheet.append(head)
    for r in rows:
        sheet.append(r)
    book.save(path)
    return path


def tree(base: Path) -> dict:
    """Every file of the registry copy: path -> sha256 (bytes identical or not)."""
    root = base / "registry"
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def record(base: Path, record_id: str) -> dict:
    return yaml.safe_load((base / "registry" / "institutions" / f"{record_id}.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def base(tmp_path):
    return make_registry(tmp_path / "work")


# --- the done-when: 30 rows -------------------------------------------------------------

TOWNS = ["函館市", "室蘭市", "北見市", "帯広市", "札幌市", "芽室町", "登別市"]
ZONES = {"函館市": ("012025", "hakodate"), "室蘭市": ("012050", "muroran"), "北見市": ("012084", "kitami"),
         "帯広市": ("012076", "obihiro"), "札幌市": ("011002", "sapporo"), "芽室町": ("016373", "nishi-tokachi"),
         "登別市": ("012301", "muroran")}
KINDS = [("在支診", "zaitaku_clinic"), ("在宅療養支援病院", "zaitaku_hospital"), ("訪問診療を実施", "home_visit_provider")]
BAD_LUHN = code(9001)[:-1] + str((int(code(9001)[-1]) + 1) % 10)


def thirty_rows() -> list:
    """25 new institutions, 2 known records, an unknown municipality, a bad code, a duplicate."""
    rows = []
    for i in range(25):
        town = TOWNS[i % len(TOWNS)]
        kind_word = KINDS[i % 3][0]
        answers = ("○", "はい", "〇", "×" if i % 2 else "", "実施している" if i % 3 == 0 else "いいえ")
        rows.append(row(code(100 + i), f"テスト在宅クリニック{i + 1:02d}", town, kind_word, "はい", answers,
                        linked="連携内科医院（函館市）、連携外科医院" if i == 0 else ""))
    # the known clinic of the edit fixtures (北見市, code null): matched by name and municipality
    rows.append(row("", "北見サンプル在宅クリニック", "北見市", "在支診", "はい", ("はい", "はい", "はい", "はい", "○"),
                    stations="北見サンプル訪問看護ステーション（北見市）", kana="キタミサンプルザイタククリニック"))
    # 田中医院 (municipality null in the record): matched by name alone
    rows.append(row(code(300), "田中医院", "北見市", "訪問診療を実施", "", ("", "", "", "", "")))
    rows.append(row(code(400), "架空町クリニック", "架空町", "在支診"))  # row 31: unknown municipality
    rows.append(row(BAD_LUHN, "検査数字違いクリニック", "函館市", "在支診"))  # row 32: bad code
    # row 33: the code of row 9 with another name: the two disagree, so neither is taken
    rows.append(row(code(105), "テスト在宅クリニック06 重複", "函館市", "在支診"))
    return rows


def thirty(base: Path) -> Path:
    title = [["令和7年度 在宅医療に関する調査（回答の集計）"], []]  # the header is on row 3
    return write_xlsx(base / "調査票.xlsx", headers(base), thirty_rows(), before=title)


EXPECTED_ROW_ERRORS = [  # (code, row, column): data rows start on row 4
    ("import-duplicate-row", 9, 1),
    ("import-municipality-unknown", 31, 4),
    ("import-code-invalid", 32, 1),
    ("import-duplicate-row", 33, 1),
]


def _row_errors(out: str) -> list:
    found = []
    for line in out.splitlines():
        parts = line.split("  ")
        if len(parts) >= 3 and parts[0].startswith("調査票.xlsx:") and parts[1] in ("エラー", "error") \
                and parts[2].startswith("import-"):
            _, r, c = parts[0].rsplit(":", 2)
            found.append((parts[2], int(r), int(c)))
    return found


def test_thirty_rows_with_errors_write_nothing(base):
    survey = thirty(base)
    before = tree(base)
    proc = zaitaku(["import", "institutions", survey.name, "--on", ON], cwd=base)
    assert proc.returncode == 1, proc.out + proc.err
    assert _row_errors(proc.out) == EXPECTED_ROW_ERRORS
    assert [c for c, _, _ in _row_errors(proc.out)] == ["import-duplicate-row", "import-municipality-unknown",
                                                        "import-code-invalid", "import-duplicate-row"]
    assert "4 行を取り込めません" in proc.err and "何も書き込んでいません" in proc.err
    assert "3 行目を見出しとして読みました" in proc.out
    assert tree(base) == before
    assert ("9 行目と同じ医療機関です（医療機関コード " + code(105) + "、回答が食い違うため、どちらも取り込みません）"
            in proc.out)
    assert ("調査票.xlsx:9:1  エラー  import-duplicate-row  A列「医療機関コード（10桁）」: 33 行目と同じ医療機関です（医療機関コード "
            + code(105) + "、回答が 33 行目と食い違うため、どちらも取り込みません）") in proc.out
    assert "「架空町」という市町村は参照データ" in proc.out
    assert f"検査数字が合いません（末尾は {code(9001)[-1]} のはずです）" in proc.out


def test_thirty_rows_take_good_rows_then_again_is_a_no_op(base):
    survey = thirty(base)
    clinic_before = (base / CLINIC).read_text(encoding="utf-8")
    before = tree(base)
    proc = zaitaku(["import", "institutions", survey.name, "--on", ON, "--take-good-rows"], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert _row_errors(proc.out) == EXPECTED_ROW_ERRORS
    assert "新しい記録 24 件、更新 2 件" in proc.out
    after = tree(base)
    added = sorted(set(after) - set(before))
    taken = [i for i in range(25) if i != 5]  # row 9 (i = 5) disagrees with row 33: neither is taken
    assert added == sorted(f"institutions/mic-{code(100 + i)}.yaml" for i in taken)
    changed = sorted(p for p in before if before[p] != after[p])
    assert changed == ["institutions/kitami-sample-clinic.yaml", "institutions/tanaka-iin.yaml"]

    # a new record: every field from its row, planned with one step on --on, the survey as source
    first = record(base, f"mic-{code(100)}")
    assert first["name"] == "テスト在宅クリニック01" and first["medical_institution_code"] == code(100)
    assert (first["municipality"], first["zone"], first["kind"], first["intent"]) == ("012025", "hakodate", "zaitaku_clinic", True)
    assert first["requirements"] == {"after_hours_support": True, "care_coordination": True,
                                     "family_support_referral": True, "training": None, "disaster_plan": True}
    assert first["linked_institutions"] == [{"name": "連携内科医院", "municipality": "012025"},
                                            {"name": "連携外科医院", "municipality": None}]
    assert first["designation"]["status"] == "planned"
    assert first["designation"]["steps"] == [{"status": "planned", "date": datetime.date(2025, 8, 1)}]
    assert first["designation"]["designated_on"] is None
    assert first["sources"] == [{"title": "調査票（調査票.xlsx）", "url": None, "published": None, "locator": "回答 4行目"}]
    text = (base / "registry" / "institutions" / f"mic-{code(100)}.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/institution.schema.json")
    assert "# ① 必須：医療機関（特に一人の医師が開業している診療所）" in text  # the template's comments
    for i in taken:
        r = record(base, f"mic-{code(100 + i)}")
        assert (r["municipality"], r["zone"]) == ZONES[TOWNS[i % len(TOWNS)]]
        assert r["kind"] == KINDS[i % 3][1]
        assert r["requirements"]["training"] is (False if i % 2 else None)
        assert r["requirements"]["disaster_plan"] is (i % 3 == 0)

    # the known clinic: answers updated through the round-trip editor; comments and designation kept
    clinic = (base / CLINIC).read_text(encoding="utf-8")
    old_lines, new_lines = clinic_before.splitlines(), clinic.splitlines()
    assert [l for l in old_lines if l.lstrip().startswith("#")] == [l for l in new_lines if l.lstrip().startswith("#")]
    assert "  training: true                     # ④ 任意" in new_lines
    assert "  disaster_plan: true                # ⑤ 任意：分からない" in new_lines
    assert "kana: キタミサンプルザイタククリニック" in new_lines
    assert '  - {name: 北見サンプル訪問看護ステーション, municipality: "012084"}' in clinic or \
        'linked_nursing_stations: [{name: 北見サンプル訪問看護ステーション, municipality: "012084"}]' in clinic
    design = lambda t: t[t.index("designation:"):t.index("sources:")]  # noqa: E731
    assert design(clinic) == design(clinic_before)
    data = yaml.safe_load(clinic)
    assert data["requirements"]["after_hours_support"] == {"met": True, "evidence": "申請書 別紙1"}
    assert data["medical_institution_code"] is None  # the row gave none
    tanaka = record(base, "tanaka-iin")
    assert (tanaka["municipality"], tanaka["kind"], tanaka["medical_institution_code"]) == ("012084", "home_visit_provider", code(300))
    assert tanaka["designation"]["steps"] == [{"status": "planned", "by": datetime.date(2025, 7, 21)}]
    assert "名称だけで照合しました" in proc.out

    check = zaitaku(["check", "--as-of", "2025-12-01"], cwd=base)
    assert check.returncode == 0, check.out

    # the same import again: nothing changes, not even a byte, and it says so
    written = tree(base)
    again = zaitaku(["import", "institutions", survey.name, "--on", ON, "--take-good-rows"], cwd=base)
    assert again.returncode == 0, again.out + again.err
    assert "変更はありません" in again.out
    assert tree(base) == written


def test_dry_run_writes_nothing_and_shows_the_diff(base):
    survey = thirty(base)
    before = tree(base)
    proc = zaitaku(["import", "institutions", survey.name, "--on", ON, "--take-good-rows", "--dry-run"], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert tree(base) == before
    assert "登録簿 → 取り込み後 (--dry-run)" in proc.out
    assert f"  追加  mic-{code(100)}  テスト在宅クリニック01" in proc.out
    assert "  変更  kitami-sample-clinic  北見サンプル在宅クリニック" in proc.out
    assert "--dry-run のため、何も書き込んでいません。" in proc.out
    assert not list((base / "registry").glob(".zaitaku-lock"))


def test_a_clean_sheet_imports_with_exit_0_and_english(base):
    survey = write_xlsx(base / "s.xlsx", headers(base), [row(code(1), "英語テスト医院", "函館市")])
    proc = zaitaku(["import", "institutions", "s.xlsx", "--on", ON, "--lang", "en"], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert "Written: 1 new, 0 updated records." in proc.out
    assert record(base, f"mic-{code(1)}")["zone"] == "hakodate"
    assert survey.exists()


# --- siblings -------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding, named", [("cp932", "Shift_JIS（cp932）"), ("utf-8-sig", "BOM 付き UTF-8"),
                                             ("utf-8", "UTF-8（BOM なし）")])
def test_csv_encodings_are_detected_and_named(base, encoding, named):
    path = base / "survey.csv"
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows([headers(base), row(code(7), "文字コード医院", "室蘭市", "在支病")])
    proc = zaitaku(["import", "institutions", "survey.csv", "--on", ON], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert f"文字コード: {named}として読みました。" in proc.out
    r = record(base, f"mic-{code(7)}")
    assert (r["name"], r["kind"], r["zone"]) == ("文字コード医院", "zaitaku_hospital", "muroran")


def test_numbers_full_width_digits_and_municipality_codes(base):
    """A code Excel stored as a number lost its leading zero; full-width digits; a float; a
    municipality as its 6-digit code (a number too)."""
    rows = [row(int(code(11)), "数値コード医院", 12025), row("０" + "".join(chr(ord(c) + 0xFEE0) for c in code(12)[1:]),
            "全角コード医院", "帯広市"), row(float(int(code(13))), "浮動小数コード医院", "012050")]
    write_xlsx(base / "n.xlsx", headers(base), rows)
    proc = zaitaku(["import", "institutions", "n.xlsx", "--on", ON], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert record(base, f"mic-{code(11)}")["municipality"] == "012025"
    assert record(base, f"mic-{code(12)}")["medical_institution_code"] == code(12)
    assert record(base, f"mic-{code(13)}")["zone"] == "muroran"


def test_unknown_answer_word_is_a_row_error_at_its_column(base):
    rows = [row(code(21), "回答語医院", "函館市", answers=("たぶん", "○", "○", "", "")),
            row(code(22), "種類語医院", "函館市", kind="診療所みたいなもの")]
    write_xlsx(base / "a.xlsx", headers(base), rows)
    proc = zaitaku(["import", "institutions", "a.xlsx", "--on", ON], cwd=base)
    assert proc.returncode == 1
    assert "a.xlsx:2:7  エラー  import-answer-unknown  G列「①医療機関（特に一人の医師が" in proc.out
    assert "「たぶん」を回答として読めません" in proc.out
    assert "a.xlsx:3:5  エラー  import-answer-unknown  E列「医療機関の種類」" in proc.out
    assert [c for c, _, _ in _row_errors(proc.out.replace("a.xlsx:", "調査票.xlsx:"))] == ["import-answer-unknown"] * 2
    en = zaitaku(["import", "institutions", "a.xlsx", "--on", ON, "--lang", "en"], cwd=base)
    assert en.returncode == 1
    assert "a.xlsx:2:7  error  import-answer-unknown  column G '①医療機関（特に一人の医師が" in en.out
    assert "'たぶん' is not an answer (e.g. はい, いいえ, ○, ×)" in en.out
    assert "zaitaku: not imported: 2 rows cannot be taken (above); nothing was written." in en.err


def test_every_row_error_code_at_its_row_and_column(base):
    """import-name-missing, import-code-missing, import-zone-unknown, import-value-invalid and
    import-ambiguous-match, each at its cell."""
    rows = [row(code(31), "", "函館市"),                                 # 2: no name
            row("", "コードなし新規医院", "函館市"),                      # 3: new, no code
            row(code(32), "圏域なし医院", "旭川市"),                      # 4: 旭川市 is in no zone of the copy
            row(code(33), "よみ違い医院", "函館市", kana="abc"),          # 5: not kana
            row(code(34), "x" * 2001, "函館市"),                          # 6: a very long cell
            row(code(35), "北見サンプル在宅クリニック", "北見市")]        # 7: name of a record, code of none
    write_xlsx(base / "e.xlsx", headers(base), rows)
    proc = zaitaku(["import", "institutions", "e.xlsx", "--on", ON], cwd=base)
    assert proc.returncode == 1
    found = [(c, r, col) for c, r, col in _row_errors(proc.out.replace("e.xlsx:", "調査票.xlsx:"))]
    assert found == [("import-name-missing", 2, 2), ("import-code-missing", 3, 1), ("import-zone-unknown", 4, 4),
                     ("import-value-invalid", 5, 3), ("import-value-invalid", 6, 2)]
    # the last row: the clinic's record has no code, so the row's code is taken for it
    assert "import-ambiguous-match" not in proc.out
    assert "長すぎます（2001 文字。2000 文字まで）" in proc.out


def test_a_second_valid_code_for_a_record_s_name_is_another_institution(base):
    """Was: a code contradicting the record of the same name and municipality was ambiguous. But a
    valid medical institution code names one institution, and two institutions of one name in one
    municipality exist (a clinic and its hospital): two valid codes are two institutions, so the
    row becomes a new record, with a note naming the namesake (name + municipality is a key only
    where the row or the record has no code)."""
    first = write_xlsx(base / "one.xlsx", headers(base), [row(code(41), "北見サンプル在宅クリニック", "北見市")])
    assert zaitaku(["import", "institutions", first.name, "--on", ON], cwd=base).returncode == 0
    write_xlsx(base / "two.xlsx", headers(base), [row(code(42), "北見サンプル在宅クリニック", "北見市")])
    proc = zaitaku(["import", "institutions", "two.xlsx", "--on", ON], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert "import-ambiguous-match" not in proc.out
    assert [line.split("  ")[2] for line in proc.out.splitlines() if line.startswith("two.xlsx:2:")] == ["import-same-name"]
    assert (f"two.xlsx:2:1  情報  import-same-name  A列「医療機関コード（10桁）」: 同じ名称・市町村の記録 kitami-sample-clinic は"
            f"医療機関コードが {code(41)} の別の医療機関のため") in proc.out
    assert record(base, f"mic-{code(42)}")["name"] == "北見サンプル在宅クリニック"
    assert record(base, "kitami-sample-clinic")["medical_institution_code"] == code(41)


def test_a_code_and_a_namesake_without_a_code_are_ambiguous(base):
    """The row's code finds one record, its name and municipality another that has no code: which
    one the row means cannot be told."""
    first = write_xlsx(base / "one.xlsx", headers(base), [row(code(43), "北見別名医院", "北見市")])
    assert zaitaku(["import", "institutions", first.name, "--on", ON], cwd=base).returncode == 0
    write_xlsx(base / "two.xlsx", headers(base), [row(code(43), "北見サンプル在宅クリニック", "北見市")])
    proc = zaitaku(["import", "institutions", "two.xlsx", "--on", ON], cwd=base)
    assert proc.returncode == 1
    assert _row_errors(proc.out.replace("two.xlsx:", "調査票.xlsx:")) == [("import-ambiguous-match", 2, 2)]
    assert f"当てはまる記録が一つに決まりません（mic-{code(43)}、kitami-sample-clinic）" in proc.out


def test_a_name_only_match_needs_the_row_s_municipality_in_the_record_s_zone(base):
    """tanaka-iin (北見, no municipality): a 田中医院 in 函館市 is another institution, a new
    record; one in 北見市 (the record's zone) is matched by name alone."""
    write_xlsx(base / "t.xlsx", headers(base), [row(code(44), "田中医院", "函館市")])
    tanaka = (base / "registry" / "institutions" / "tanaka-iin.yaml").read_bytes()
    proc = zaitaku(["import", "institutions", "t.xlsx", "--on", ON], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert "名称だけで照合しました" not in proc.out
    assert (record(base, f"mic-{code(44)}")["zone"], record(base, f"mic-{code(44)}")["municipality"]) == ("hakodate", "012025")
    assert (base / "registry" / "institutions" / "tanaka-iin.yaml").read_bytes() == tanaka
    write_xlsx(base / "k.xlsx", headers(base), [row("", "田中医院", "北見市")])
    proc = zaitaku(["import", "institutions", "k.xlsx", "--on", ON], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert "k.xlsx:2: registry/institutions/tanaka-iin.yaml は所在市町村が空のため、名称だけで照合しました。" in proc.out
    assert record(base, "tanaka-iin")["municipality"] == "012084"


def test_two_rows_of_one_name_and_town_with_two_valid_codes_are_two_institutions(base):
    rows = [row(code(45), "同名医院", "函館市"), row(code(46), "同名医院", "函館市", kind="在支病"),
            row("", "同名医院", "函館市")]  # no code: it could be either, so it repeats the first
    write_xlsx(base / "s.xlsx", headers(base), rows)
    proc = zaitaku(["import", "institutions", "s.xlsx", "--on", ON, "--take-good-rows"], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert _row_errors(proc.out.replace("s.xlsx:", "調査票.xlsx:")) == [("import-duplicate-row", 2, 2),
                                                                       ("import-duplicate-row", 4, 2)]
    assert record(base, f"mic-{code(46)}")["kind"] == "zaitaku_hospital"
    assert not (base / "registry" / "institutions" / f"mic-{code(45)}.yaml").exists()  # row 4 disagrees with it


def test_a_code_match_whose_name_or_town_differs_is_noted_and_the_record_kept(base):
    write_xlsx(base / "one.xlsx", headers(base), [row(code(47), "元の名前医院", "函館市")])
    assert zaitaku(["import", "institutions", "one.xlsx", "--on", ON], cwd=base).returncode == 0
    write_xlsx(base / "two.xlsx", headers(base), [row(code(47), "新しい名前医院", "室蘭市", kind="在支病")])
    for lang, words in (("ja", ["two.xlsx:2:2  情報  import-record-differs  B列「医療機関名」: 医療機関コードで記録 "
                                f"mic-{code(47)} と照合しましたが、記録では「元の名前医院」、調査票では「新しい名前医院」です。記録の値のまま",
                                "two.xlsx:2:4  情報  import-record-differs  D列「所在市町村」: 医療機関コードで記録 "
                                f"mic-{code(47)} と照合しましたが、記録では「函館市（012025）」、調査票では「室蘭市（012050）」です。"]),
                        ("en", ["two.xlsx:2:2  info  import-record-differs  column B '医療機関名': matched record "
                                f"mic-{code(47)} by its medical institution code, but the record says '元の名前医院' and the "
                                "survey '新しい名前医院'; the record's value is kept",
                                "column D '所在市町村': matched record "
                                f"mic-{code(47)} by its medical institution code, but the record says '函館市 (012025)' and "
                                "the survey '室蘭市 (012050)'"])):
        proc = zaitaku(["import", "institutions", "two.xlsx", "--on", ON, "--lang", lang, "--dry-run"], cwd=base)
        assert proc.returncode == 0, proc.out + proc.err
        for w in words:
            assert w in proc.out, proc.out
    proc = zaitaku(["import", "institutions", "two.xlsx", "--on", ON], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert [line.split("  ")[2] for line in proc.out.splitlines() if line.startswith("two.xlsx:2:")] == \
        ["import-record-differs", "import-record-differs"]
    r = record(base, f"mic-{code(47)}")
    assert (r["name"], r["municipality"], r["kind"]) == ("元の名前医院", "012025", "zaitaku_hospital")


def test_a_mapping_file_names_columns_and_words(base):
    write_xlsx(base / "m.xlsx", ["番号", "施設名", "所在地", "区分", "問1", "問2", "問3"],
               [[code(51), "対応表医院", "函館市", "強化型", "可", "可", "否"]])
    (base / "map.yaml").write_text(
        "columns:\n  medical_institution_code: A\n  name: 施設名\n  municipality: 所在地\n  kind: 区分\n"
        "  requirements:\n    after_hours_support: 問1\n    care_coordination: 問2\n    family_support_referral: 問3\n"
        "answers:\n  yes_words: [可]\n  no_words: [否]\nkinds:\n  強化型: zaitaku_clinic\n", encoding="utf-8")
    proc = zaitaku(["import", "institutions", "m.xlsx", "--mapping", "map.yaml", "--on", ON], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    r = record(base, f"mic-{code(51)}")
    assert r["kind"] == "zaitaku_clinic"
    assert [r["requirements"][k] for k in REQUIREMENT_IDS[:3]] == [True, True, False]


@pytest.mark.parametrize("text, line, words", [
    ("columns:\n  name: 施設名\nsheeet: x\n", 3, "「sheeet」という項目はありません"),
    ("columns:\n  name: 施設名\n  municipality: 住所\n", 3, "見出し「住所」の列が 1 行目にありません"),
    ("columns:\n  name: [\n", 3, ""),
    ("columns:\n  requirements:\n    after_hour_support: 問1\n", 3, "要件ID「after_hour_support」は prefecture.yaml にありません"),
    # the YAML 1.1 message has every parameter filled (it printed {field}, {raw} and {advice})
    ("answers:\n  yes_words: [on, yes]\n", 2, 'answers.yes_words[0]の「on」は、YAML 1.1 を読むソフト（このツールなど）では true、'
     'YAML 1.2 を読むソフト（エディタ、yamllint など）では文字として読まれ、意味が一つに決まりません。文字として書くなら引用符で囲んでください: "on"'),
    ("answers:\n  yes_words: [可]\n  no_words: [否, 可]\n", 3, "「可」が answers の yes_words と no_words の両方にあります"),
    ("answers:\n  unknown_words: [OK]\n  yes_words: [ｏｋ]\n", 3, "「ｏｋ」が answers の unknown_words と yes_words の両方にあります"),
    ("columns:\n  name: 施設名\n  kana: 施設名\n", 3, "columns.kana: 列「施設名」は columns.name と同じ列です"),
    ("columns:\n  name: A\n  kana: 施設名\n", 3, "columns.kana: 列「施設名」は columns.name と同じ列です"),
    ("", 1, "対応表が空です（コメントしかありません）。sheet、header_row、columns、answers、kinds のうち必要なものを"),
    ("# 列はまだ\n", 1, "対応表が空です"),
])
def test_a_bad_mapping_file_is_named_with_its_line(base, text, line, words):
    write_xlsx(base / "m.xlsx", ["施設名", "所在地"], [["対応表医院", "函館市"]])
    (base / "map.yaml").write_text(text, encoding="utf-8")
    before = tree(base)
    proc = zaitaku(["import", "institutions", "m.xlsx", "--mapping", "map.yaml"], cwd=base)
    assert proc.returncode == 2, proc.out + proc.err
    assert f"zaitaku: map.yaml:{line}: " in proc.err
    assert words in proc.err
    assert tree(base) == before


def test_an_import_that_breaks_the_check_is_refused(base):
    """A designated record whose survey says a mandatory requirement is not met: the import
    would make it an error, so nothing is written."""
    write_xlsx(base / "d.xlsx", headers(base),
               [row("", "本輪西ファミリークリニック", "室蘭市", answers=("×", "○", "○", "", ""))])
    before = tree(base)
    proc = zaitaku(["import", "institutions", "d.xlsx", "--on", ON], cwd=base)
    assert proc.returncode == 1, proc.out + proc.err
    # said at the survey row and the answer's column, with the check's finding at the record's line
    assert ("d.xlsx:2:7  エラー  import-record-invalid  G列「①医療機関（特に一人の医師が開業している診療所）が必ずしも"
            in proc.out)
    assert ("この行を取り込むと、記録が検査でエラーになります（registry/institutions/motowanishi-family-clinic.yaml:18:5  "
            "institution-mandatory-requirement  必須要件①「医療機関") in proc.out
    assert "1 行を取り込めません" in proc.err and "何も書き込んでいません" in proc.err
    assert tree(base) == before


@pytest.mark.parametrize("make, words", [
    (lambda p: p.write_bytes(b""), "見出しの行が見つかりません"),
    (lambda p: p.mkdir(), "フォルダです"),
    (lambda p: None, "ファイルがありません"),
    (lambda p: p.write_bytes(b"PK\x03\x04 not really a workbook"), "Excel ブック（.xlsx）として読めません"),
])
def test_unreadable_surveys_exit_2_without_a_traceback(base, make, words):
    path = base / ("empty.csv" if "見出し" in words else "broken.xlsx")
    make(path)
    proc = zaitaku(["import", "institutions", path.name], cwd=base)
    assert proc.returncode == 2, proc.out + proc.err
    assert words in proc.err


def test_other_formats_and_no_header_exit_2(base):
    (base / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    proc = zaitaku(["import", "institutions", "old.xls"], cwd=base)
    assert proc.returncode == 2 and ".xls 形式は読めません" in proc.err
    write_xlsx(base / "h.xlsx", ["a", "b"], [["1", "2"]])
    proc = zaitaku(["import", "institutions", "h.xlsx"], cwd=base)
    assert proc.returncode == 2 and "見出しの行が見つかりません" in proc.err


def test_merged_cells_and_formulas_do_not_crash(base):
    path = write_xlsx(base / "f.xlsx", headers(base), [row(code(61), "数式医院", "函館市"), row(code(62), "結合医院", "函館市")])
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet["L2"] = "=B3"  # never computed: an empty cell
    sheet.merge_cells("C2:C3")
    book.save(path)
    proc = zaitaku(["import", "institutions", "f.xlsx", "--on", ON], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert record(base, f"mic-{code(61)}")["linked_institutions"] == []


def test_csv_codes_that_lost_their_leading_zero(base):
    """Excel saves a code typed as a number without its zero, in CSV too: 9 digits (and a 5-digit
    municipality code) get it back."""
    path = base / "z.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([headers(base), row(code(71)[1:], "ゼロ落ち医院", "12025")])
    proc = zaitaku(["import", "institutions", "z.csv", "--on", ON], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert record(base, f"mic-{code(71)}")["municipality"] == "012025"


def test_two_rows_for_one_record_are_duplicates(base):
    """Two rows for one record would write the same file. When their answers differ (the kind
    here) neither can be trusted, so both are reported; identical rows: the first is taken."""
    rows = [row("", "北見サンプル在宅クリニック", "北見市"), row("", "北見サンプル在宅クリニック ", "北見市", kind="在支病")]
    write_xlsx(base / "d.xlsx", headers(base), rows)
    proc = zaitaku(["import", "institutions", "d.xlsx", "--on", ON], cwd=base)
    assert proc.returncode == 1
    assert _row_errors(proc.out.replace("d.xlsx:", "調査票.xlsx:")) == [("import-duplicate-row", 2, 2),
                                                                       ("import-duplicate-row", 3, 2)]
    assert "2 行を取り込めません" in proc.err
    write_xlsx(base / "same.xlsx", headers(base), [rows[1], rows[1]])
    proc = zaitaku(["import", "institutions", "same.xlsx", "--on", ON, "--take-good-rows"], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert _row_errors(proc.out.replace("same.xlsx:", "調査票.xlsx:")) == [("import-duplicate-row", 3, 2)]
    assert record(base, "kitami-sample-clinic")["kind"] == "zaitaku_hospital"


def test_a_planned_date_in_the_future_is_refused(base):
    write_xlsx(base / "f.xlsx", headers(base), [row(code(81), "未来日医院", "函館市")])
    before = tree(base)
    proc = zaitaku(["import", "institutions", "f.xlsx", "--on", "2099-01-01"], cwd=base)
    assert proc.returncode == 1, proc.out + proc.err
    assert "f.xlsx:2:2  エラー  import-record-invalid  B列「医療機関名」: この行を取り込むと、記録が検査でエラーになります（" \
        f"registry/institutions/mic-{code(81)}.yaml:" in proc.out
    assert "designation-step-future" in proc.out
    assert tree(base) == before


def test_take_good_rows_leaves_out_a_record_the_check_refuses(base):
    write_xlsx(base / "d.xlsx", headers(base),
               [row("", "本輪西ファミリークリニック", "室蘭市", answers=("×", "○", "○", "", "")),
                row(code(91), "検査通過医院", "室蘭市")])
    motowanishi = (base / "registry" / "institutions" / "motowanishi-family-clinic.yaml").read_bytes()
    proc = zaitaku(["import", "institutions", "d.xlsx", "--on", ON, "--take-good-rows"], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert "institution-mandatory-requirement" in proc.out
    assert "--take-good-rows: 検査でエラーになる 1 行（2 行目）は取り込みません。" in proc.out
    assert (base / "registry" / "institutions" / "motowanishi-family-clinic.yaml").read_bytes() == motowanishi
    assert record(base, f"mic-{code(91)}")["zone"] == "muroran"


def test_a_prefecture_s_own_answer_words_come_from_prefecture_yaml(base):
    scheme = base / "registry" / "prefecture.yaml"
    scheme.write_text(scheme.read_text(encoding="utf-8") + "\nsurvey:\n  yes_words: [対応可]\n  no_words: [対応不可]\n"
                      "  kinds: {強化型在支診: zaitaku_clinic}\n", encoding="utf-8")
    assert zaitaku(["check", "--as-of", "2025-12-01"], cwd=base).returncode == 0
    write_xlsx(base / "p.xlsx", headers(base),
               [row(code(95), "道の語医院", "函館市", kind="強化型在支診", answers=("対応可", "対応可", "対応可", "対応不可", ""))])
    proc = zaitaku(["import", "institutions", "p.xlsx", "--on", ON], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    r = record(base, f"mic-{code(95)}")
    assert (r["kind"], r["requirements"]["after_hours_support"], r["requirements"]["training"]) == ("zaitaku_clinic", True, False)


def test_an_unknown_key_under_survey_is_a_scheme_error(base):
    scheme = base / "registry" / "prefecture.yaml"
    text = scheme.read_text(encoding="utf-8") + "\nsurvey:\n  yes: [対応可]\n"
    scheme.write_text(text, encoding="utf-8")
    proc = zaitaku(["check", "--as-of", "2025-12-01"], cwd=base)
    assert proc.returncode == 2
    assert f"registry/prefecture.yaml:{len(text.splitlines())}:3" in proc.out


# --- review and officer trial (issue 15 follow-up) --------------------------------------------------

def _in_process(base: Path, *args, lang: str = "ja", **options):
    """import_institutions run in this process (so that a write can be made to fail), its
    (exit status, stdout, stderr)."""
    import io

    from zaitaku_cli.survey.run import Request, import_institutions

    out, err = io.StringIO(), io.StringIO()
    request = Request(file=str(base / args[0]), mapping=options.get("mapping"), dry_run=options.get("dry_run", False),
                      take_good_rows=options.get("take_good_rows", False), on=datetime.date(2025, 8, 1), lang=lang,
                      registry_dir=str(base / "registry"), wait=0, today=datetime.date(2025, 8, 1), out=out, err=err)
    return import_institutions(request), out.getvalue(), err.getvalue()


def _three_new(base: Path) -> list[Path]:
    write_xlsx(base / "w.xlsx", headers(base), [row(code(1000 + i), f"書込医院{i}", "函館市") for i in range(3)])
    return [base / "registry" / "institutions" / f"mic-{code(1000 + i)}.yaml" for i in range(3)]


def test_a_failure_staging_the_second_file_writes_none(base, monkeypatch):
    """Every file is staged before the first is moved into place: a full disk on the 2nd of 3
    leaves the registry as it was, and the message says so truthfully."""
    import errno

    from zaitaku_cli.edit import atomic

    paths = _three_new(base)
    before = tree(base)
    real, calls = atomic._stage, []

    def stage(target, data):
        calls.append(target.shown)
        if len(calls) == 2:
            raise atomic.failed(target.shown, OSError(errno.ENOSPC, "No space left on device"))
        return real(target, data)

    monkeypatch.setattr(atomic, "_stage", stage)
    status, out, err = _in_process(base, "w.xlsx")
    assert status == 2, out + err
    assert tree(base) == before and not any(p.exists() for p in paths)
    assert f"{calls[1]}: 書き込めません（ディスクの空きがありません" in err and "何も書き込んでいません。" in err
    assert not list((base / "registry" / "institutions").glob(".*zaitaku-tmp"))


@pytest.mark.parametrize("lang, words", [("ja", "失敗の前に書き込み済み: registry/institutions/mic-{}.yaml（ほかは書き込んでいません）"),
                                         ("en", "Already written before the failure: registry/institutions/mic-{}.yaml")])
def test_a_move_failing_midway_names_the_files_already_written(base, monkeypatch, lang, words):
    import errno

    from zaitaku_cli.edit import atomic

    paths = _three_new(base)
    real, calls = atomic._create, []

    def create(tmp, target, given):
        calls.append(target.shown)
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error")
        return real(tmp, target, given)

    monkeypatch.setattr(atomic, "_create", create)
    status, out, err = _in_process(base, "w.xlsx", lang=lang)
    assert status == 2, out + err
    assert [p.exists() for p in paths] == [True, False, False]
    assert words.format(code(1000)) in err
    assert "何も書き込んでいません" not in err and "Nothing was written" not in err
    assert not list((base / "registry" / "institutions").glob(".*zaitaku-tmp"))


def test_a_file_changed_before_its_move_is_refused_before_any_is_written(base, monkeypatch):
    """Expected old bytes are checked for every file: a record edited by someone else meanwhile."""
    from zaitaku_cli.edit import atomic

    write_xlsx(base / "u.xlsx", headers(base), [row(code(1100), "変更医院", "函館市"),
                                                row("", "北見サンプル在宅クリニック", "北見市", kind="在支病")])
    clinic = base / CLINIC
    real = atomic._stage

    def stage(target, data):
        if target.path.name == clinic.name:
            clinic.write_text(clinic.read_text(encoding="utf-8") + "# edited meanwhile\n", encoding="utf-8")
        return real(target, data)

    monkeypatch.setattr(atomic, "_stage", stage)
    status, out, err = _in_process(base, "u.xlsx")
    assert status == 1, out + err
    assert "取り込みを中断しました" in err and "編集の準備中に変更されました" in err
    assert clinic.read_text(encoding="utf-8").endswith("# edited meanwhile\n")
    assert not (base / "registry" / "institutions" / f"mic-{code(1100)}.yaml").exists()


def _damage(path: Path, how: str) -> None:
    """Rewrite the workbook with its sheet's XML cut short (a ParseError) or its compressed
    bytes scrambled (a zlib error)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {i: z.read(i.filename) for i in z.infolist()}
    with zipfile.ZipFile(path, "w") as out:
        for info, data in parts.items():
            if info.filename == "xl/worksheets/sheet1.xml":
                if how == "xml":
                    out.writestr(info.filename, data[: len(data) // 2], zipfile.ZIP_DEFLATED)
                    continue
                out.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
                continue
            out.writestr(info, data)
    if how == "zlib":  # scramble the deflated bytes of the sheet in place (the CRC is checked later)
        raw = bytearray(path.read_bytes())
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("xl/worksheets/sheet1.xml")
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        for i in range(start, start + min(info.compress_size, 40)):
            raw[i] = 0xFF
        path.write_bytes(bytes(raw))


@pytest.mark.parametrize("how", ["xml", "zlib"])
@pytest.mark.parametrize("lang, words", [("ja", "壊れている"), ("en", "damaged")])
def test_a_damaged_workbook_is_told_not_a_traceback(base, how, lang, words):
    path = write_xlsx(base / "broken.xlsx", headers(base), [row(code(1200), "壊れ医院", "函館市")])
    _damage(path, how)
    before = tree(base)
    proc = zaitaku(["import", "institutions", path.name, "--on", ON, "--lang", lang], cwd=base)
    assert proc.returncode == 2, proc.out + proc.err
    assert "broken.xlsx: " in proc.err and words in proc.err
    assert tree(base) == before


@pytest.mark.parametrize("value", ["[zaitaku_clinic]", "{a: zaitaku_clinic}", "[]"])
def test_a_mapping_kind_that_is_a_list_or_mapping_is_a_mapping_error(base, value):
    write_xlsx(base / "m.xlsx", ["施設名", "所在地"], [["対応表医院", "函館市"]])
    (base / "map.yaml").write_text(f"columns:\n  name: 施設名\nkinds:\n  在支診: {value}\n", encoding="utf-8")
    proc = zaitaku(["import", "institutions", "m.xlsx", "--mapping", "map.yaml"], cwd=base)
    assert proc.returncode == 2, proc.out + proc.err
    assert "zaitaku: map.yaml:4: kinds の「在支診」には種類のIDを一つ書いてください" in proc.err


def test_rows_the_check_refuses_are_reported_with_row_errors_and_counted_as_not_taken(base):
    """One pass: a row error and a row whose record would fail the check are both reported (at
    their survey rows) before the refusal; with --take-good-rows both count as not taken, never
    as unchanged."""
    rows = [row("", "本輪西ファミリークリニック", "室蘭市", answers=("×", "○", "○", "", "")),  # 2: fails the check
            row(code(1300), "", "函館市"),                                                  # 3: no name
            row(code(1301), "計数医院", "函館市")]                                          # 4: taken
    write_xlsx(base / "c.xlsx", headers(base), rows)
    before = tree(base)
    proc = zaitaku(["import", "institutions", "c.xlsx", "--on", ON, "--lang", "en"], cwd=base)
    assert proc.returncode == 1, proc.out + proc.err
    assert "import-record-invalid" in proc.out
    assert [line.split("  ")[:3] for line in proc.out.splitlines() if line.startswith("c.xlsx:") and "  " in line] == [
        ["c.xlsx:2:7", "error", "import-record-invalid"], ["c.xlsx:3:2", "error", "import-name-missing"]]
    assert "zaitaku: not imported: 2 rows cannot be taken (above)" in proc.err
    assert tree(base) == before
    proc = zaitaku(["import", "institutions", "c.xlsx", "--on", ON, "--take-good-rows"], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert "調査票 3 行: 新しい記録 1 件、更新 0 件、変更なし 0 件、取り込めない行 2 行。" in proc.out
    assert "--take-good-rows: 検査でエラーになる 1 行（2 行目）は取り込みません。" in proc.out
    en = zaitaku(["import", "institutions", "c.xlsx", "--on", ON, "--take-good-rows", "--lang", "en"], cwd=base)
    assert "Survey rows 3: 0 new records, 0 updated, 1 unchanged, 2 rows not taken." in en.out
    assert "--take-good-rows: 1 row failing the check left out (rows 2)." in en.out
    assert "No changes to write (the rows that can be taken are recorded already; 2 rows cannot be taken)." in en.out
    write_xlsx(base / "none.xlsx", headers(base), rows[:2])
    proc = zaitaku(["import", "institutions", "none.xlsx", "--on", ON, "--take-good-rows"], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert "取り込める行がありません（2 行とも上のとおり取り込めません）。" in proc.out


@pytest.mark.parametrize("intent", ["いいえ", "×", "希望しない"])
def test_a_new_institution_that_does_not_wish_to_be_listed_gets_no_record(base, intent):
    """手挙げ方式 (seed 004 ＜選定方法＞; seed 001 4「意向があり」): a new row whose intent is no
    is said as info at its intent cell and makes no record; a known record's intent is updated."""
    rows = [row(code(1400), "意向なし医院", "函館市", intent=intent), row(code(1401), "意向あり医院", "函館市"),
            row("", "北見サンプル在宅クリニック", "北見市", intent=intent)]
    write_xlsx(base / "i.xlsx", headers(base), rows)
    proc = zaitaku(["import", "institutions", "i.xlsx", "--on", ON], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert (f"i.xlsx:2:6  情報  import-no-intent  F列「意向（医療計画に掲載されることを希望する）」: 登録簿にない医療機関で、"
            f"意向が「{intent}」のため、記録を作りません") in proc.out
    assert [line.split("  ")[2] for line in proc.out.splitlines() if line.startswith("i.xlsx:2:")] == ["import-no-intent"]
    assert not (base / "registry" / "institutions" / f"mic-{code(1400)}.yaml").exists()
    assert record(base, f"mic-{code(1401)}")["intent"] is True
    assert record(base, "kitami-sample-clinic")["intent"] is False
    assert "調査票 3 行: 新しい記録 1 件、更新 1 件、変更なし 0 件、意向なし（記録を作らない）1 行、取り込めない行 0 行。" in proc.out


def test_prefecture_survey_words_that_cannot_be_read_are_check_errors_at_their_line(base):
    """survey.kinds naming no kind was ignored without a word; a word under yes_words and
    no_words meant whichever list came last: zaitaku check says both at their line and column."""
    scheme = base / "registry" / "prefecture.yaml"
    text = scheme.read_text(encoding="utf-8") + ("\nsurvey:\n  yes_words: [対応可, OK]\n  no_words: [対応不可, ｏｋ]\n"
                                                 "  kinds: {強化型在支診: zaitaku_clinc, 在支診: zaitaku_clinic}\n")
    scheme.write_text(text, encoding="utf-8")
    n = len(text.splitlines())
    proc = zaitaku(["check", "--as-of", "2025-12-01"], cwd=base)
    assert proc.returncode == 1, proc.out
    lines = [line for line in proc.out.splitlines() if line.split("  ")[2:3] == ["scheme-survey"]]
    assert lines[0].startswith(f"registry/prefecture.yaml:{n - 1}:20  エラー  scheme-survey  ")  # at ｏｋ
    assert "「ｏｋ」が survey の yes_words と no_words の両方にあります。一つの語の意味は一つにしてください。" in lines[0]
    assert lines[1].startswith(f"registry/prefecture.yaml:{n}:19  エラー  scheme-survey  ")  # at zaitaku_clinc
    assert "survey.kinds の「強化型在支診」の種類のID「zaitaku_clinc」はありません" in lines[1]
    assert len(lines) == 2
    en = zaitaku(["check", "--as-of", "2025-12-01", "--lang", "en"], cwd=base)
    assert "survey.kinds: '強化型在支診' names no kind id 'zaitaku_clinc'" in en.out


def test_a_sheet_without_answer_columns_is_refused_and_missing_answers_are_named(base):
    """Without --mapping, a sheet none of whose answer columns is recognised would make records
    without a single answer: exit 2, naming the columns not read; some missing: named."""
    write_xlsx(base / "q.xlsx", ["医療機関コード", "医療機関名", "所在市町村", "問1", "問2"],
               [[code(1500), "問番号医院", "函館市", "○", "×"]])
    before = tree(base)
    proc = zaitaku(["import", "institutions", "q.xlsx", "--on", ON], cwd=base)
    assert proc.returncode == 2, proc.out + proc.err
    assert ("zaitaku: q.xlsx: 回答の列（意向・医療機関の種類・要件）の見出しが一つも分かりません（読まない列: 「問1」、「問2」）。"
            "何も書き込んでいません。--mapping の対応表で") in proc.err
    assert tree(base) == before
    en = zaitaku(["import", "institutions", "q.xlsx", "--on", ON, "--lang", "en"], cwd=base)
    assert en.returncode == 2 and "columns not read: '問1', '問2'" in en.err
    head = headers(base)
    keep = [i for i, h in enumerate(head) if not h.startswith(("意向", "④", "⑤"))]
    write_xlsx(base / "p.xlsx", [head[i] for i in keep], [[row(code(1501), "一部医院", "函館市")[i] for i in keep]])
    proc = zaitaku(["import", "institutions", "p.xlsx", "--on", ON], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert "列のない回答（記録の値を変えません）: 意向、④" in proc.out and "、⑤" in proc.out


def test_a_header_only_sheet_says_it_has_no_answer_rows(base):
    write_xlsx(base / "h.xlsx", headers(base), [])
    proc = zaitaku(["import", "institutions", "h.xlsx", "--on", ON], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert "調査票に回答の行がありません（見出しの行だけです）。" in proc.out
    assert "記録済み" not in proc.out


def test_linked_lists_split_on_every_separator_and_refuse_numbers_and_times(base):
    """Half-width brackets as full-width; ／ separates; ・ separates only right after a closing
    bracket (it also joins words inside a name); a number, date or time cell is no list of names
    (import-value-invalid); items without （市町村） are taken and said once for the row."""
    rows = [row(code(1600), "区切り医院", "函館市",
                linked="甲病院(函館市)／乙医院（室蘭市）・丙クリニック (北見市)\nいろは・にほ診療所",
                stations="訪問看護ステーションＡ、訪問看護ステーションＢ（函館市）"),
            row(code(1601), "時刻医院", "函館市"), row(code(1602), "数値医院", "函館市")]
    path = write_xlsx(base / "l.xlsx", headers(base), rows)
    book = openpyxl.load_workbook(path)
    head = headers(base)
    linked = head.index("連携している医療機関") + 1
    book.active.cell(row=3, column=linked, value=datetime.time(10, 30))
    book.active.cell(row=4, column=head.index("連携している訪問看護事業所") + 1, value=12)
    book.save(path)
    proc = zaitaku(["import", "institutions", "l.xlsx", "--on", ON, "--take-good-rows"], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    letter = openpyxl.utils.get_column_letter(linked)
    assert f"l.xlsx:3:{linked}  エラー  import-value-invalid  {letter}列「連携している医療機関」: 「10:30:00」は数値か日時で、名称の一覧ではありません。" in proc.out
    assert f"l.xlsx:4:{linked + 1}  エラー  import-value-invalid" in proc.out and "「12」は数値か日時で" in proc.out
    notes = [line for line in proc.out.splitlines() if line.split("  ")[2:3] == ["import-linked-municipality-missing"]]
    assert notes == [f"l.xlsx:2:{linked}  情報  import-linked-municipality-missing  {letter}列「連携している医療機関」: "
                     "「いろは・にほ診療所」、「訪問看護ステーションＡ」 は「名称（市町村）」の形でなく、市町村が書かれていません。"
                     "市町村なしで記録します（同じ名称の医療機関を見分けられるよう、分かれば書いてください）。"]
    r = record(base, f"mic-{code(1600)}")
    assert r["linked_institutions"] == [{"name": "甲病院", "municipality": "012025"}, {"name": "乙医院", "municipality": "012050"},
                                        {"name": "丙クリニック", "municipality": "012084"},
                                        {"name": "いろは・にほ診療所", "municipality": None}]
    assert r["linked_nursing_stations"] == [{"name": "訪問看護ステーションＡ", "municipality": None},
                                            {"name": "訪問看護ステーションＢ", "municipality": "012025"}]


@pytest.mark.parametrize("as_number", [True, False])
def test_a_negative_code_is_not_10_digits_and_counts_are_english(base, as_number):
    """-1 (a number cell, or text in a CSV) is no code: told "not 10 digits", not a check digit
    error of 0000000001; hyphens between digits are still dropped. One row: "1 row"."""
    rows = [row(-1 if as_number else "-1", "負数医院", "函館市"),
            row("01-" + code(1700)[2:6] + "-" + code(1700)[6:], "区切りコード医院", "函館市")]
    if as_number:
        write_xlsx(base / "n.xlsx", headers(base), rows)
        name = "n.xlsx"
    else:
        with open(base / "n.csv", "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([headers(base), *rows])
        name = "n.csv"
    proc = zaitaku(["import", "institutions", name, "--on", ON, "--lang", "en"], cwd=base)
    assert proc.returncode == 1, proc.out + proc.err
    assert f"{name}:2:1  error  import-code-invalid  column A '医療機関コード（10桁）': medical institution code '-1' is not 10 digits" \
        in proc.out
    assert "zaitaku: not imported: 1 row cannot be taken (above); nothing was written." in proc.err
    proc = zaitaku(["import", "institutions", name, "--on", ON, "--lang", "en", "--take-good-rows"], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    assert "Survey rows 2: 1 new record, 0 updated, 0 unchanged, 1 row not taken." in proc.out
    assert record(base, f"mic-{code(1700)}")["name"] == "区切りコード医院"


def test_a_refusal_by_the_check_prints_its_findings_without_a_files_summary(base):
    """The check's findings on the registry are printed as lines; its "N files checked: 1 errors"
    summary (about the registry, not the survey) is not."""
    write_xlsx(base / "d.xlsx", headers(base), [row("", "本輪西ファミリークリニック", "室蘭市", answers=("×", "○", "○", "", ""))])
    proc = zaitaku(["import", "institutions", "d.xlsx", "--on", ON, "--lang", "en"], cwd=base)
    assert proc.returncode == 1
    assert "files checked" not in proc.out and "1 errors" not in proc.out + proc.err


def test_a_huge_csv_cell_is_told_too_long_at_its_cell(base):
    """The csv module's own limit (131072 characters) made the whole file unreadable; the cell is
    read and told too long at its row and column, like a workbook's."""
    with open(base / "big.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([headers(base), row(code(1800), "巨大セル医院", "函館市", linked="あ" * 200000),
                                 row(code(1801), "普通医院", "函館市")])
    proc = zaitaku(["import", "institutions", "big.csv", "--on", ON, "--take-good-rows"], cwd=base)
    assert proc.returncode == 0, proc.out + proc.err
    column = headers(base).index("連携している医療機関") + 1
    assert f"big.csv:2:{column}  エラー  import-value-invalid" in proc.out and "長すぎます（200000 文字。2000 文字まで）" in proc.out
    assert record(base, f"mic-{code(1801)}")["name"] == "普通医院"
    import csv as module
    assert module.field_size_limit() == 131072  # the process-wide limit is put back


@pytest.mark.parametrize("value", ["#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?"])
def test_excel_error_values_are_errors_not_names(base, value):
    write_xlsx(base / "x.xlsx", headers(base), [row(code(1900), value, "函館市"),
                                                row(code(1901), "エラー値医院", "函館市", answers=(value, "○", "○", "", ""))])
    proc = zaitaku(["import", "institutions", "x.xlsx", "--on", ON], cwd=base)
    assert proc.returncode == 1, proc.out + proc.err
    assert f"x.xlsx:2:2  エラー  import-value-invalid  B列「医療機関名」: 「{value}」は Excel のエラー値です（数式の結果を確かめてください）。" in proc.out
    assert "x.xlsx:3:7  エラー  import-value-invalid" in proc.out
    assert "2 行を取り込めません" in proc.err


def test_a_record_that_cannot_be_read_is_said_in_japanese(base, monkeypatch):
    """An OSError while reading a record for its update: the reason in Japanese
    (errors.os_error_text), never the system's English alone; English with --lang en."""
    import errno

    clinic = (base / CLINIC).resolve()
    real = Path.read_bytes

    def read_bytes(self):
        if self.resolve() == clinic:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(self)

    write_xlsx(base / "r.xlsx", headers(base), [row("", "北見サンプル在宅クリニック", "北見市", kind="在支病")])
    before = tree(base)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    status, out, err = _in_process(base, "r.xlsx")
    assert status == 1, out + err
    assert (f"{base / 'r.xlsx'}:2: 記録 registry/institutions/kitami-sample-clinic.yaml を読めません"
            "（読み取り・書き込みの権限がありません（Permission denied））。") in out
    status, out, err = _in_process(base, "r.xlsx", lang="en")
    assert "the record registry/institutions/kitami-sample-clinic.yaml cannot be read (Permission denied)." in out
    monkeypatch.undo()
    assert tree(base) == before


def test_dry_run_does_not_wait_for_the_edit_lock(base):
    """Another edit holds the registry's lock: --dry-run (which writes nothing) runs at once,
    with the default wait of 10 s, and says nothing of waiting; a real import waits and gives up."""
    import time

    from zaitaku_cli.edit.lock import registry_lock

    survey = thirty(base)
    with registry_lock(base / "registry", 0):
        start = time.monotonic()
        proc = zaitaku(["import", "institutions", survey.name, "--on", ON, "--take-good-rows", "--dry-run"], cwd=base)
        took = time.monotonic() - start
        assert proc.returncode == 0, proc.out + proc.err
        assert "--dry-run のため、何も書き込んでいません。" in proc.out
        assert "待" not in proc.err  # no waiting message
        assert took < 10, took  # the lock's default wait is 10 s
        held = zaitaku(["import", "institutions", survey.name, "--on", ON, "--take-good-rows", "--wait", "0.5"], cwd=base)
        assert held.returncode == 2, held.out + held.err
        assert "取り込みませんでした" in held.err
    assert not (base / "registry" / "institutions" / f"mic-{code(100)}.yaml").exists()


def test_an_answer_that_flips_a_requirement_with_evidence_is_named(base):
    """Only met changes; the evidence stays (left for a later issue), so the flip is named."""
    write_xlsx(base / "f.xlsx", headers(base),
               [row("", "北見サンプル在宅クリニック", "北見市", answers=("×", "○", "○", "", ""))])
    proc = zaitaku(["import", "institutions", "f.xlsx", "--on", ON, "--dry-run"], cwd=base)
    assert ("f.xlsx:2: registry/institutions/kitami-sample-clinic.yaml の要件①（after_hours_support）がはいからいいえに"
            "変わります。根拠（evidence）「申請書 別紙1」はそのままです。確かめてください。") in proc.out
    en = zaitaku(["import", "institutions", "f.xlsx", "--on", ON, "--dry-run", "--lang", "en"], cwd=base)
    assert ("f.xlsx:2: registry/institutions/kitami-sample-clinic.yaml: requirement ① (after_hours_support) changes from "
            "true to false; its evidence '申請書 別紙1' is kept as it was: check it.") in en.out
    same = write_xlsx(base / "s.xlsx", headers(base), [row("", "北見サンプル在宅クリニック", "北見市", kind="在支病")])
    proc = zaitaku(["import", "institutions", same.name, "--on", ON, "--dry-run"], cwd=base)
    assert "根拠（evidence）" not in proc.out  # ① answered はい as recorded: no flip


def test_csv_bytes_no_survey_encoding_reads_are_refused_with_where(base):
    """One strict ladder for CSV (writers/readback.decode): bytes that cp932 would take only as
    control or private-use characters, and a UTF-16 file, are told, not read as a survey."""
    junk = base / "junk.csv"
    junk.write_bytes(b"A\xa0clinic,\x80yes\xfd\r\n")
    proc = zaitaku(["import", "institutions", junk.name], cwd=base)
    assert proc.returncode == 2 and "UTF-8 でも Shift_JIS（cp932）でもないため読めません（1 行目のバイト 0x" in proc.err
    wide = base / "wide.csv"
    wide.write_bytes("医療機関名\tはい\r\n".encode("utf-16"))
    proc = zaitaku(["import", "institutions", wide.name, "--lang", "en"], cwd=base)
    assert proc.returncode == 2 and "saved as UTF-16" in proc.err


def test_on_takes_a_day_as_designate_does(base):
    """One parser for a day option (commands.options.parse_day): a month alone asks for the day."""
    proc = zaitaku(["import", "institutions", "any.xlsx", "--on", "2025-08"], cwd=base)
    assert proc.returncode == 2 and "日まで書いてください / give the day too: '2025-08'" in proc.err
