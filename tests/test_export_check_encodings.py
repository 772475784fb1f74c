"""`zaitaku export --check FILE` on a published table whose bytes are not what `-o` wrote: Excel
saved it again as Shift_JIS, an editor dropped the BOM, it was saved as UTF-16, or as an old
workbook. The file's real encoding is named, its content compared as decoded (no mojibake diff),
and only real differences fail the check."""

from __future__ import annotations

import csv
import io

import pytest

from test_export_cli import zaitaku
from zaitaku_cli.writers.readback import compare, decode

ARGS = ["export", "hubs", "--as-of", "2025-07-21"]
MATCH_NOTE = "内容は一致しています（{ja}の違いは無視しました） / the content matches ({en} ignored)"
EXCEL_SJIS = ("Excel で Shift_JIS として保存し直されています（BOM 付き UTF-8で書き出した表です）。内容は Shift_JIS として"
              "読んで比べました / Excel re-saved it as Shift_JIS (cp932); the table is written as UTF-8 with BOM."
              " Its content was read as Shift_JIS and compared")


@pytest.fixture
def published(tmp_path):
    """hubs.csv as `-o` writes it (UTF-8 with BOM, CRLF); returns its path."""
    out = tmp_path / "hubs.csv"
    code, _, err = zaitaku(*ARGS, "-o", str(out))
    assert code == 0, err
    return out


def _rows(path, encoding="utf-8-sig"):
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding), newline="")))


def _write_rows(path, rows, encoding, quoting=csv.QUOTE_MINIMAL, line_end="\r\n"):
    buffer = io.StringIO()
    csv.writer(buffer, quoting=quoting, lineterminator=line_end).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def test_a_csv_that_excel_saved_as_shift_jis_matches_and_is_named(published):
    _write_rows(published, _rows(published), "cp932")
    code, _, err = zaitaku(*ARGS, "--check", str(published))
    assert code == 0, err
    assert err.splitlines() == [
        f"zaitaku: {published}: {EXCEL_SJIS}",
        f"zaitaku: {published}: " + MATCH_NOTE.format(ja="文字コード（Shift_JIS（cp932） → BOM 付き UTF-8）",
                                                      en="encoding (Shift_JIS (cp932) → UTF-8 with BOM)")]


def test_a_shift_jis_csv_with_a_changed_cell_shows_only_that_row_readably(published):
    rows = _rows(published)
    old_name = rows[1][2]
    rows[1][2] = "札幌市在宅医療連携センター"
    _write_rows(published, rows, "cp932")
    code, _, err = zaitaku(*ARGS, "--check", str(published))
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == f"zaitaku: {published}: {EXCEL_SJIS}"
    removed = [l for l in lines if l.startswith("  -") and not l.startswith("  ---")]
    added = [l for l in lines if l.startswith("  +") and not l.startswith("  +++")]
    assert removed == ["  -" + ",".join(rows[1])]
    assert len(added) == 1 and old_name in added[0]
    assert "(ほかに文字コード（Shift_JIS（cp932） → BOM 付き UTF-8）が違いますが、これは比べていません" in err


def test_a_shift_jis_csv_that_lost_a_character_to_excel_is_a_real_difference(published):
    """Excel writes '?' for a character Shift_JIS cannot hold: that is a real difference."""
    rows = _rows(published)
    rows[1][0] = rows[1][0].replace("札幌", "?幌")
    _write_rows(published, rows, "cp932")
    code, _, err = zaitaku(*ARGS, "--check", str(published))
    assert code == 1 and "?幌市在宅医療圏" in err and "札幌市在宅医療圏" in err


def test_a_csv_quoted_differently_matches_by_its_cells(published):
    _write_rows(published, _rows(published), "utf-8-sig", quoting=csv.QUOTE_ALL)
    code, _, err = zaitaku(*ARGS, "--check", str(published))
    assert code == 0, err
    assert err.splitlines() == [f"zaitaku: {published}: " + MATCH_NOTE.format(
        ja="引用符・最後の改行など書き方", en="quoting or a final line end")]


def test_a_utf8_csv_without_bom_is_named_as_mojibake_in_excel(published):
    published.write_bytes(published.read_bytes()[3:])
    code, _, err = zaitaku(*ARGS, "--check", str(published))
    assert code == 0, err
    assert err.splitlines() == [
        f"zaitaku: {published}: BOM がありません。このままでは Excel で開くと文字化けします（作り直すと BOM が付きます）"
        " / it has no BOM: Excel will show mojibake (regenerating adds the BOM)",
        f"zaitaku: {published}: " + MATCH_NOTE.format(ja="BOM（なし → あり）", en="BOM (absent → present)")]


def test_a_utf8_csv_checked_against_a_shift_jis_export(published):
    code, _, err = zaitaku(*ARGS, "--encoding", "cp932", "--check", str(published))
    assert code == 0, err
    assert err.splitlines()[0] == (
        f"zaitaku: {published}: BOM 付き UTF-8で保存されています（Shift_JIS（cp932）で書き出した表です）。"
        "内容はBOM 付き UTF-8として読んで比べました / saved as UTF-8 with BOM (the table is written as"
        " Shift_JIS (cp932)); its content was read as such")


def test_a_csv_saved_as_utf16_unicode_text(published):
    published.write_bytes(published.read_bytes().decode("utf-8-sig").replace(",", "\t").encode("utf-16"))
    code, _, err = zaitaku(*ARGS, "--check", str(published))
    assert code == 1
    assert "  (UTF-16 で保存されています（Excel の「Unicode テキスト」はタブ区切りです）。表を作り直してください / saved as UTF-16" \
           " (Excel's 'Unicode Text' is tab-separated); regenerate the table)" in err.splitlines(), err


def test_a_csv_in_no_known_encoding(published):
    data = published.read_bytes()
    line = data.count(b"\n") + 1  # the bad bytes start the line after the last
    published.write_bytes(data + b"\x80\xff\r\n")  # 0x80 alone is no lead byte in cp932 either
    code, _, err = zaitaku(*ARGS, "--check", str(published))
    assert code == 1
    assert (f"  (UTF-8 としても Shift_JIS としても読めません（{line} 行目のバイト 0x80）"
            f" / neither UTF-8 nor Shift_JIS (line {line}, byte 0x80))") in err.splitlines(), err


def test_a_markdown_table_saved_as_shift_jis(tmp_path):
    out = tmp_path / "hubs.md"
    assert zaitaku(*ARGS, "-o", str(out))[0] == 0
    out.write_bytes(out.read_text(encoding="utf-8").encode("cp932"))
    code, _, err = zaitaku(*ARGS, "--check", str(out))
    assert code == 0, err
    assert err.splitlines()[0] == (
        f"zaitaku: {out}: Shift_JIS（cp932）で保存されています（UTF-8（BOM なし）で書き出した表です）。"
        "内容はShift_JIS（cp932）として読んで比べました / saved as Shift_JIS (cp932) (the table is written as"
        " UTF-8 without BOM); its content was read as such")


def test_an_xlsx_saved_again_by_a_spreadsheet_matches(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "hubs.xlsx"
    assert zaitaku(*ARGS, "-o", str(out))[0] == 0
    workbook = openpyxl.load_workbook(out)  # shared strings, styles and sizes as a re-save writes them
    workbook.active.column_dimensions["A"].width = 40
    workbook.save(out)
    code, _, err = zaitaku(*ARGS, "--check", str(out))
    assert code == 0, err


@pytest.mark.parametrize("content, message", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
     "(Excel 97-2003 形式（.xls）か、パスワード付きのブックとして保存されています。XLSX の表は作り直してください"),
    ("在宅医療圏,指定年月日\r\n".encode("cp932"), "(XLSX（Excel ブック）ではありません（CSV などの文字のファイルのようです）"),
], ids=["xls-or-encrypted", "text"])
def test_an_xlsx_that_is_not_a_workbook(tmp_path, content, message):
    out = tmp_path / "hubs.xlsx"
    out.write_bytes(content)
    code, _, err = zaitaku(*ARGS, "--check", str(out))
    assert code == 1
    assert any(line.startswith("  " + message) for line in err.splitlines()), err


# --- the decode ladder itself -------------------------------------------------------------------------

@pytest.mark.parametrize("data, encoding", [
    ("表,札幌".encode("utf-8-sig"), "utf-8-sig"),
    ("表,札幌".encode("utf-8"), "utf-8"),
    ("表,札幌".encode("cp932"), "cp932"),
    ("髙橋,①".encode("cp932"), "cp932"),  # NEC and IBM extensions: cp932, not plain Shift_JIS
    ("表".encode("utf-16"), "utf-16"),
    (b"plain,ascii\r\n", "utf-8"),
    (b"", "utf-8"),
])
def test_decode_ladder(data, encoding):
    assert decode(data).encoding == encoding


def test_decode_names_the_first_bad_byte():
    found = decode("一行目\n".encode("utf-8") + b"\xff\xfe\xfd")
    assert (found.text, found.encoding, found.line, found.byte) == (None, "unknown", 2, 0xFF)


@pytest.mark.parametrize("data, line, byte", [
    ("札幌市,2025-04-01\n".encode("utf-8")[:-4] + b"\x80", 1, 0x80),  # UTF-8 cut short; cp932 would take 0x80
    ("札幌".encode("cp932") + b"\xf0\x40", 1, 0x8E),  # valid cp932, but 0xF040 is the user-defined area
])
def test_decode_does_not_take_broken_text_for_shift_jis(data, line, byte):
    found = decode(data)
    assert (found.text, found.encoding, found.line, found.byte) == (None, "unknown", line, byte)


def test_compare_ignores_a_missing_final_line_end():
    table = "a,b\r\n1,2\r\n".encode("utf-8-sig")
    result = compare(table[:-2], table, "csv", "utf-8-sig", "t.csv")
    assert result.matches and result.notes == [] and result.ignored == ("", "")
