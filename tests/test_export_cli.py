"""`zaitaku export` through the installed command: the README's commands on the embedded registry,
the registry gate, --check, --as-of, -o and the usage errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from run_cli import run_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "seed-sample" / "registry"


def zaitaku(*args, cwd=ROOT):
    return run_bytes(args, cwd)


def institution(record_id, name, **fields) -> str:
    data = {
        "id": record_id, "name": name, "municipality": "012025", "zone": "hakodate", "kind": "zaitaku_clinic",
        "intent": True,
        "requirements": {"after_hours_support": True, "care_coordination": True, "family_support_referral": True,
                         "training": None, "disaster_plan": {"met": True, "evidence": "計画書"}},
        "designation": {"status": "designated", "designated_on": "2024-10-01", "withdrawn_on": None},
    }
    data.update(fields)
    return "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in data.items())


@pytest.fixture
def sample(tmp_path):
    root = tmp_path / "registry"
    shutil.copytree(SAMPLE, root)
    return root


def add(root, record_id, text):
    (root / "institutions" / f"{record_id}.yaml").write_text(text, encoding="utf-8")


# --- the README's commands on the embedded registry --------------------------------------------

README_COMMANDS = [
    ["export", "regional"],
    ["export", "functional"],
    ["export", "hubs"],
    ["export", "hubs", "--include-planned"],
    ["export", "hubs", "--as-of", "令和7年7月21日"],
    ["export", "regional", "--format", "csv"],
    ["export", "functional", "--format", "csv", "--encoding", "cp932"],
    ["export", "hubs", "--lang", "en"],
]


@pytest.mark.parametrize("args", README_COMMANDS, ids=" ".join)
def test_readme_commands_run_on_the_embedded_registry(args):
    code, out, err = zaitaku(*args)
    assert code == 0, err
    assert out


def test_readme_commands_are_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for args in README_COMMANDS:
        assert "zaitaku " + " ".join(args) in readme, args


def test_readme_file_commands(tmp_path):
    for args in (["export", "regional", "-o", str(tmp_path / "regional.xlsx")],
                 ["export", "hubs", "--include-planned", "-o", str(tmp_path / "hubs.xlsx")],
                 ["export", "hubs", "--include-planned", "-o", str(tmp_path / "hubs.csv")]):
        code, out, err = zaitaku(*args)
        assert code == 0, err
        assert out == b""
    assert (tmp_path / "hubs-planned.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hubs-planned.csv", "hubs.csv", "hubs.xlsx",
                                                           "regional.xlsx"]


def test_help_lists_export():
    code, out, _ = zaitaku("--help")
    assert code == 0 and b"export" in out
    code, out, _ = zaitaku("export", "--help")
    assert code == 0
    for name in (b"regional", b"functional", b"hubs"):
        assert name in out
    code, out, _ = zaitaku("export", "hubs", "--help")
    assert b"--include-planned" in out and b"--as-of" in out and b"--check" in out


# --- the gate: never publish from a broken registry --------------------------------------------

def test_refuses_a_registry_with_errors(sample, tmp_path):
    add(sample, "broken", institution("broken", "壊れた診療所", zone="no-such-zone"))
    out = tmp_path / "regional.csv"
    code, stdout, err = zaitaku("export", "regional", "--registry", str(sample), "-o", str(out))
    assert code == 1
    assert not out.exists() and stdout == b""
    assert "registry/institutions/broken.yaml" in err
    assert "エラー" in err and "一覧表を作成しません" in err
    code, _, err = zaitaku("export", "regional", "--registry", str(sample), "--lang", "en")
    assert code == 1 and "no table was written" in err and "error" in err


def test_checks_against_today_but_builds_as_of(sample):
    """A past --as-of does not turn later designations into 'future date' errors."""
    add(sample, "later", institution("later", "後の診療所",
                                     designation={"status": "designated", "designated_on": "2025-08-01"}))
    code, out, err = zaitaku("export", "regional", "--registry", str(sample), "--as-of", "2025-07-31",
                             "--format", "csv")
    assert code == 0, err
    assert "後の診療所" not in out.decode("utf-8-sig")
    code, out, err = zaitaku("export", "regional", "--registry", str(sample), "--as-of", "2025-08-01",
                             "--format", "csv")
    assert code == 0, err
    assert "後の診療所（函館市）" in out.decode("utf-8-sig")


def test_withdrawn_institutions(sample):
    add(sample, "gone", institution("gone", "辞退した診療所", designation={
        "status": "withdrawn", "designated_on": "2024-10-01", "withdrawn_on": "2025-03-31"}))

    def names(as_of):
        code, out, err = zaitaku("export", "regional", "--registry", str(sample), "--as-of", as_of, "--format", "csv")
        assert code == 0, err
        return [row[4] for row in csv.reader(io.StringIO(out.decode("utf-8-sig")))][1:]

    assert "辞退した診療所（函館市）" in names("2025-03-30")
    assert "辞退した診療所（函館市）" not in names("2025-03-31")


def test_registry_not_found(tmp_path):
    code, _, err = zaitaku("export", "regional", cwd=tmp_path)
    assert code == 2 and "registry" in err
    code, _, err = zaitaku("export", "regional", "--registry", str(tmp_path / "none"))
    assert code == 2


# --- usage -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["export", "regional", "--format", "xlsx"],
    ["export", "regional", "-o", "a.md", "--check", "b.md"],
    ["export", "regional", "--encoding", "cp932"],
    ["export", "hubs", "--format", "csv", "--include-planned"],
    ["export", "regional", "--as-of", "2025-02-30"],
    ["export", "regional", "--format", "pdf"],
    ["export", "nothing"],
])
def test_usage_errors(args):
    code, stdout, err = zaitaku(*args)
    assert code == 2, err
    assert stdout == b""


def test_format_from_the_file_name(tmp_path):
    for suffix, start in (("csv", b"\xef\xbb\xbf"), ("md", "## ".encode()), ("xlsx", b"PK")):
        out = tmp_path / f"hubs.{suffix}"
        code, _, err = zaitaku("export", "hubs", "-o", str(out))
        assert code == 0, err
        assert out.read_bytes().startswith(start), suffix


def test_output_replaces_the_file_atomically(tmp_path):
    out = tmp_path / "hubs.md"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    code, _, err = zaitaku("export", "hubs", "-o", str(out))
    assert code == 0, err
    assert out.read_text(encoding="utf-8").startswith("## 在宅医療に必要な連携を担う拠点の指定状況")
    assert out.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["hubs.md"]


def test_output_folder_missing(tmp_path):
    code, _, err = zaitaku("export", "hubs", "-o", str(tmp_path / "no" / "hubs.md"))
    assert code == 2 and "hubs.md" in err


# --- --check ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["md", "csv", "xlsx"])
def test_check_passes_on_a_fresh_export_and_fails_when_stale(sample, tmp_path, suffix):
    out = tmp_path / f"regional.{suffix}"
    base = ["export", "regional", "--registry", str(sample), "--as-of", "2024-12-31"]
    code, _, err = zaitaku(*base, "-o", str(out))
    assert code == 0, err
    code, stdout, err = zaitaku(*base, "--check", str(out))
    assert code == 0, err
    assert stdout == b""
    before = out.read_bytes()

    add(sample, "new-clinic", institution("new-clinic", "新しい在宅クリニック",
                                          designation={"status": "designated", "designated_on": "2024-12-01"}))
    code, stdout, err = zaitaku(*base, "--check", str(out))
    assert code == 1
    assert "一致しません" in err
    assert "+" in err and "新しい在宅クリニック（函館市）" in err  # the diff shows the new row
    assert f"zaitaku export regional --as-of 2024-12-31 --format {suffix} --registry {sample} -o {out}" in err
    assert out.read_bytes() == before  # --check never writes
    assert len([line for line in err.splitlines() if line.startswith("  ")]) <= 22


def test_check_ignores_later_designations_when_as_of_is_fixed(sample, tmp_path):
    out = tmp_path / "regional.csv"
    base = ["export", "regional", "--registry", str(sample), "--as-of", "2024-12-31"]
    assert zaitaku(*base, "-o", str(out))[0] == 0
    add(sample, "next-year", institution("next-year", "翌年の診療所",
                                         designation={"status": "designated", "designated_on": "2025-06-01"}))
    code, _, err = zaitaku(*base, "--check", str(out))
    assert code == 0, err


def test_check_ignores_bom_and_line_ends_but_mentions_them(tmp_path):
    """A table committed through git's autocrlf (LF) or saved without its BOM still matches."""
    out = tmp_path / "hubs.csv"
    assert zaitaku("export", "hubs", "--as-of", "2025-07-21", "-o", str(out))[0] == 0
    out.write_bytes(out.read_bytes()[3:].replace(b"\r\n", b"\n"))
    code, _, err = zaitaku("export", "hubs", "--as-of", "2025-07-21", "--check", str(out))
    assert code == 0, err
    assert "BOM（なし → あり）" in err and "改行（LF → CRLF）" in err and "一致しています" in err


@pytest.mark.parametrize("suffix", ["md", "csv"])
def test_check_of_a_crlf_or_bom_copy_matches(tmp_path, suffix):
    out = tmp_path / f"hubs.{suffix}"
    args = ["export", "hubs", "--as-of", "2025-07-21"]
    assert zaitaku(*args, "-o", str(out))[0] == 0
    data = out.read_bytes()
    if suffix == "md":  # git autocrlf on Windows checks the Markdown out with CRLF; an editor adds a BOM
        out.write_bytes(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    else:
        out.write_bytes(data.replace(b"\r\n", b"\n"))
    code, _, err = zaitaku(*args, "--check", str(out))
    assert code == 0, err
    assert "BOM" in err or "LF" in err


def test_check_stale_file_with_other_line_ends_shows_the_diff_and_the_hint(sample, tmp_path):
    out = tmp_path / "regional.csv"
    base = ["export", "regional", "--registry", str(sample), "--as-of", "2024-12-31"]
    assert zaitaku(*base, "-o", str(out))[0] == 0
    out.write_bytes(out.read_bytes()[3:].replace(b"\r\n", b"\n"))
    add(sample, "new-clinic", institution("new-clinic", "新しい在宅クリニック",
                                          designation={"status": "designated", "designated_on": "2024-12-01"}))
    code, _, err = zaitaku(*base, "--check", str(out))
    assert code == 1
    assert "+" in err and "新しい在宅クリニック（函館市）" in err
    # the byte-level difference is only a hint, and names both sides correctly (the file has no BOM)
    assert "BOM（なし → あり）" in err and "改行（LF → CRLF）" in err


def test_check_missing_file(tmp_path):
    code, _, err = zaitaku("export", "hubs", "--check", str(tmp_path / "hubs.md"))
    assert code == 1 and "hubs.md" in err


def test_check_long_diff_is_cut(sample, tmp_path):
    out = tmp_path / "regional.md"
    base = ["export", "regional", "--registry", str(sample), "--as-of", "2024-12-31"]
    assert zaitaku(*base, "-o", str(out))[0] == 0
    for i in range(30):
        add(sample, f"many-{i:02d}", institution(f"many-{i:02d}", f"追加診療所{i:02d}"))
    code, _, err = zaitaku(*base, "--check", str(out))
    assert code == 1
    assert "more lines" in err
    assert len([line for line in err.splitlines() if line.startswith("  ")]) <= 22


def test_check_xlsx_compares_cell_values(tmp_path):
    out = tmp_path / "hubs.xlsx"
    args = ["export", "hubs", "--include-planned", "--as-of", "2025-07-21"]
    assert zaitaku(*args, "-o", str(out))[0] == 0
    assert zaitaku(*args, "--check", str(out))[0] == 0  # the workbook's timestamps differ, the cells do not
    import openpyxl

    workbook = openpyxl.load_workbook(out)
    workbook["指定に向けた調整状況"]["E3"] = "別の医院"
    workbook.save(out)
    code, _, err = zaitaku(*args, "--check", str(out))
    assert code == 1 and "別の医院" in err and "[指定に向けた調整状況]" in err
    out.write_bytes(b"not a workbook")
    code, _, err = zaitaku(*args, "--check", str(out))
    assert code == 1 and "XLSX" in err


# --- --at REV ----------------------------------------------------------------------------------------

def test_at_revision(tmp_path):
    pytest.importorskip("git")
    if shutil.which("git") is None:
        pytest.skip("no git")
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLE, repo / "registry")

    def git(*args):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args], cwd=repo,
                       check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "sample")
    add(repo / "registry", "uncommitted", institution("uncommitted", "未コミット診療所"))
    code, out, err = zaitaku("export", "regional", "--as-of", "2024-12-31", cwd=repo)
    assert code == 0 and "未コミット診療所" in out.decode(), err
    code, out, err = zaitaku("export", "regional", "--as-of", "2024-12-31", "--at", "HEAD", cwd=repo)
    assert code == 0, err
    assert "未コミット診療所" not in out.decode() and "〇〇訪問診療クリニック" in out.decode()
    code, _, err = zaitaku("export", "regional", "--at", "no-such-rev", cwd=repo)
    assert code == 2


def test_refusal_lists_at_most_twenty_errors(sample):
    for i in range(25):
        add(sample, f"broken-{i:02d}", institution(f"broken-{i:02d}", f"壊れた診療所{i}", zone="no-such-zone"))
    code, _, err = zaitaku("export", "regional", "--registry", str(sample))
    assert code == 1
    assert len([line for line in err.splitlines() if "registry/institutions/broken-" in line]) == 20
    assert "ほか 5 件" in err


def test_atomic_write_all_leaves_every_file_when_one_fails(tmp_path):
    from zaitaku_cli.edit.atomic import write_atomic_all as atomic_write_all

    first = tmp_path / "a.csv"
    first.write_bytes(b"old")
    with pytest.raises(OSError):
        atomic_write_all([(first, b"new"), (tmp_path / "missing" / "b.csv", b"new")])
    assert first.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]
    atomic_write_all([(first, b"new"), (tmp_path / "b.csv", b"new too")])
    assert first.read_bytes() == b"new" and (tmp_path / "b.csv").read_bytes() == b"new too"


# --- review fixes ------------------------------------------------------------------------------------

def test_include_planned_as_of_seed_004_names_kitamis_planned_hub():
    """`export hubs --as-of 2025-07-21 --include-planned`: 北見's hub, designated 令和7年8月, is
    拠点（予定） on that date and shows 北星記念病院 as seed 004 does."""
    code, out, err = zaitaku("export", "hubs", "--as-of", "2025-07-21", "--include-planned")
    assert code == 0, err
    text = out.decode("utf-8")
    # 積極的（予定） in 五十音順 (田中 before 本間; see test_export_golden's coordination table)
    assert ("| オホーツク | 北見 | 北見市、訓子府町、置戸町、美幌町、津別町 | 北星記念病院 | "
            "オホーツク勤医協北見病院、田中医院、本間内科医院 |") in text
    assert "○ ３９の在宅医療圏のうち、２つの在宅医療圏で拠点を指定済み。" in text


def test_as_of_before_showa_does_not_crash(tmp_path):
    for args in (["regional"], ["functional"], ["hubs", "--include-planned"]):
        code, out, err = zaitaku("export", *args, "--as-of", "1900-01-01")
        assert code == 0, err
        assert "（1900-01-01 現在）" in out.decode("utf-8")
    out = tmp_path / "hubs.xlsx"
    code, _, err = zaitaku("export", "hubs", "--as-of", "1900-01-01", "-o", str(out))
    assert code == 0, err


def test_export_has_no_writer_of_its_own():
    import zaitaku_cli.commands.export as export

    assert not hasattr(export, "atomic_write") and not hasattr(export, "atomic_write_all")
    source = Path(export.__file__).read_text(encoding="utf-8")
    assert "write_atomic_all" in source and "__name__ ==" not in source
    gate = (Path(export.__file__).parent / "gate.py").read_text(encoding="utf-8")  # the gate export shares with site
    assert "except RevisionError" in gate


def test_output_of_two_csv_files_keeps_modes_and_leaves_no_temporary_files(tmp_path):
    out = tmp_path / "hubs.csv"
    out.write_bytes(b"old")
    out.chmod(0o600)
    code, _, err = zaitaku("export", "hubs", "--include-planned", "-o", str(out))
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hubs-planned.csv", "hubs.csv"]
    assert out.stat().st_mode & 0o777 == 0o600
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
