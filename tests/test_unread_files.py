"""Nothing under registry/ vanishes silently (issue 11, kind 4): every file that is not read is named
in a finding, at the file, line 1, column 1 — a YAML file (a lost record: error), anything else
(a warning), a temporary file an interrupted write left (a warning). The same files are named when
the registry is read at a git revision. Housekeeping (README, .gitkeep, .DS_Store, .git/) is not."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess

import pytest

from registry_builder import EMBEDDED, REPO, VALID, build_registry
from run_cli import locations, run, run_json
from zaitaku_cli.findings import render
from zaitaku_cli.check import check_registry, load_checked

AS_OF = datetime.date(2025, 12, 31)
NEW_CODES = {"record-not-read", "file-not-read", "file-temporary", "folder-unreadable", "file-extension"}
CLINIC = (VALID / "institutions" / "sample-clinic.yaml").read_bytes()


def _record(record_id: str) -> bytes:
    return CLINIC.replace(b"id: sample-clinic", f"id: {record_id}".encode())


def _unread(result) -> list[tuple]:
    return sorted((f.code, f.severity, f.file, f.line, f.column) for f in result.findings if f.code in NEW_CODES)


def _only(result, file: str):
    [finding] = [f for f in result.findings if f.file == file]
    return finding


@pytest.mark.parametrize("name", ["tanaka-iin.Yaml", "tanaka-iin.YML", "tanaka-iin.YAML", "tanaka-iin.yml",
                                  "tanaka-iin.yAml"])
def test_a_record_with_its_extension_in_another_case_is_an_error(tmp_path, name):
    root = build_registry(tmp_path, {f"institutions/{name}": _record("tanaka-iin")})
    result = check_registry(root, AS_OF)
    assert _unread(result) == [("record-not-read", "error", f"registry/institutions/{name}", 1, 1)]
    suffix = name.split(".")[1]
    assert render(_only(result, f"registry/institutions/{name}"), "ja") == (
        f"このファイルは記録として読み込まれません（拡張子が小文字の .yaml でなく .{suffix}）。"
        "記録ならファイル名を tanaka-iin.yaml にしてください。")
    assert render(_only(result, f"registry/institutions/{name}"), "en") == (
        f"This file is not read as a record (it ends in .{suffix}, not .yaml in lower case). "
        "If it is a record, rename it to tanaka-iin.yaml.")
    assert result.exit_code() == 1


def test_a_yml_copy_beside_its_yaml_says_to_keep_one(tmp_path):
    root = build_registry(tmp_path, {"institutions/sample-clinic.yml": CLINIC})
    finding = _only(check_registry(root, AS_OF), "registry/institutions/sample-clinic.yml")
    assert render(finding, "ja").endswith(
        "同じ名前の institutions/sample-clinic.yaml が既にあります。どちらが正しいか確かめ、もう一方を削除してください。")
    assert render(finding, "en").endswith(
        "institutions/sample-clinic.yaml exists as well: keep the right one and delete the other.")


def test_a_record_moved_into_an_archive_folder(tmp_path):
    root = build_registry(tmp_path, {"institutions/archive/old-clinic.yaml": _record("old-clinic"),
                                     "hubs/2024/old/old-hub.yml": b"id: old-hub\n"})
    result = check_registry(root, AS_OF)
    assert _unread(result) == [
        ("record-not-read", "error", "registry/hubs/2024/old/old-hub.yml", 1, 1),
        ("record-not-read", "error", "registry/institutions/archive/old-clinic.yaml", 1, 1),
    ]
    finding = _only(result, "registry/institutions/archive/old-clinic.yaml")
    assert render(finding, "ja") == (
        "このファイルは記録として読み込まれません（institutions/ の中のフォルダ archive/ にある）。"
        "記録は institutions/ の直下に置きます（institutions/old-clinic.yaml）。指定を取り消した・辞退した記録も、"
        "移したり消したりせず、designation.status を withdrawn にして残します。")
    assert render(_only(result, "registry/hubs/2024/old/old-hub.yml"), "en") == (
        "This file is not read as a record (it is in the subfolder 2024/old/ of hubs/). Records go directly in "
        "hubs/ (hubs/old-hub.yaml). A withdrawn designation stays there too, with designation.status: withdrawn.")


def test_a_copy_in_a_subfolder_of_a_record_that_is_read_is_not_moved_over_it(tmp_path):
    """The advice never says to move a file onto the record that is read under that name."""
    root = build_registry(tmp_path, {"institutions/archive/sample-clinic.yaml": _record("sample-clinic")})
    finding = _only(check_registry(root, AS_OF), "registry/institutions/archive/sample-clinic.yaml")
    assert (finding.code, finding.line, finding.column) == ("record-not-read", 1, 1)
    assert render(finding, "ja") == (
        "このファイルは記録として読み込まれません（institutions/ の中のフォルダ archive/ にある）。"
        "同じ名前の institutions/sample-clinic.yaml が既にあり、読み込まれています。移さずに内容を見比べ、必要なことをその記録に書いてから、このファイルを削除してください。")
    assert render(finding, "en").endswith(
        "institutions/sample-clinic.yaml exists and is read: do not move this file over it; compare the two, "
        "write what is needed into that record, then delete this file.")


def test_records_in_a_folder_the_registry_does_not_have(tmp_path):
    root = build_registry(tmp_path, {"hospitals/tanaka-byoin.yaml": _record("tanaka-byoin"),
                                     "hospitals/memo.txt": "メモ".encode(),
                                     "tanaka-iin.yaml": _record("tanaka-iin")})
    result = check_registry(root, AS_OF)
    assert _unread(result) == [
        ("file-not-read", "warning", "registry/hospitals/memo.txt", 1, 1),
        ("record-not-read", "error", "registry/hospitals/tanaka-byoin.yaml", 1, 1),
        ("record-not-read", "error", "registry/tanaka-iin.yaml", 1, 1),
    ]
    assert render(_only(result, "registry/hospitals/tanaka-byoin.yaml"), "ja") == (
        "このファイルは記録として読み込まれません（hospitals/ は記録のフォルダでない）。記録は zones/・institutions/・hubs/・grants/ の"
        "いずれかの直下に置きます。記録でなければ registry/ の外に移してください。")
    assert render(_only(result, "registry/tanaka-iin.yaml"), "en") == (
        "This file is not read as a record (it is directly in registry/). Records go directly in zones/, "
        "institutions/, hubs/, grants/; move anything else out of registry/.")
    assert render(_only(result, "registry/hospitals/memo.txt"), "en") == (
        "This file is not read (neither a record, prefecture.yaml nor reference data). If it is not registry "
        "data, move it out of registry/.")


def test_a_hidden_record_file(tmp_path):
    root = build_registry(tmp_path, {"zones/.muroran-old.yaml": b"id: muroran-old\n"})
    finding = _only(check_registry(root, AS_OF), "registry/zones/.muroran-old.yaml")
    assert (finding.code, finding.severity) == ("record-not-read", "error")
    assert render(finding, "ja") == ("このファイルは記録として読み込まれません（名前が「.」で始まる隠しファイル）。"
                                     "記録ならファイル名を muroran-old.yaml にしてください。")


@pytest.mark.parametrize("name, which_ja, which_en", [
    ("tanaka-iin.json", "拡張子が .json の", "Files ending in .json"),
    ("tanaka-iin.txt", "拡張子が .txt の", "Files ending in .txt"),
    ("tanaka-iin", "拡張子のない", "Files without an extension"),
    ("一覧.xlsx", "拡張子が .xlsx の", "Files ending in .xlsx"),
    ("sample-clinic.yaml.bak", "拡張子が .bak の", "Files ending in .bak"),
])
def test_other_files_in_a_record_folder_are_warnings(tmp_path, name, which_ja, which_en):
    root = build_registry(tmp_path, {f"institutions/{name}": b"x\n"})
    result = check_registry(root, AS_OF)
    assert _unread(result) == [("file-extension", "warning", f"registry/institutions/{name}", 1, 1)]
    finding = _only(result, f"registry/institutions/{name}")
    assert render(finding, "ja") == (f"{which_ja}ファイルは読み込みません。記録は .yaml で保存し、"
                                     "記録でないファイルは登録簿の外に置いてください。")
    assert render(finding, "en") == f"{which_en} are not read; save records as .yaml and keep other files outside the registry."
    assert result.exit_code() == 0


def test_reference_data_that_prefecture_yaml_does_not_name(tmp_path):
    population = (EMBEDDED / "reference" / "population-2024-01-01.csv").read_bytes()
    root = build_registry(tmp_path, {"reference/population-2025-01-01.csv": population})
    result = check_registry(root, AS_OF)
    assert _unread(result) == [("file-not-read", "warning", "registry/reference/population-2025-01-01.csv", 1, 1)]
    assert render(_only(result, "registry/reference/population-2025-01-01.csv"), "ja") == (
        "このファイルは読み込まれません（prefecture.yaml の reference: に書かれていない参照データ）。"
        "使うなら prefecture.yaml の reference: に加え、使わないなら削除するか registry/ の外に移してください。")
    # named in prefecture.yaml, it is read: no finding
    listed = build_registry(tmp_path / "listed", {"reference/population-2025-01-01.csv": population}, scheme=[(
        "    - reference/population-2024-01-01.csv",
        "    - reference/population-2024-01-01.csv\n    - reference/population-2025-01-01.csv")])
    assert _unread(check_registry(listed, AS_OF)) == []


def test_a_temporary_file_left_by_an_interrupted_write(tmp_path):
    name = ".sample-clinic.yaml.k2j4x9ab.zaitaku-tmp"  # as written before the writer's pid was in the name
    root = build_registry(tmp_path, {f"institutions/{name}": CLINIC[:40],
                                     "reference/.municipalities.csv.q1w2e3r4.zaitaku-tmp": b"",
                                     "hubs/.sample-hub.yaml.4242-ab_c9xyz.zaitaku-tmp": b"id: sam"})
    result = check_registry(root, AS_OF)
    assert _unread(result) == [
        ("file-temporary", "warning", "registry/hubs/.sample-hub.yaml.4242-ab_c9xyz.zaitaku-tmp", 1, 1),
        ("file-temporary", "warning", f"registry/institutions/{name}", 1, 1),
        ("file-temporary", "warning", "registry/reference/.municipalities.csv.q1w2e3r4.zaitaku-tmp", 1, 1),
    ]
    finding = _only(result, f"registry/institutions/{name}")
    assert render(finding, "ja") == (
        "zaitaku の書き込みが中断されて残った一時ファイルです（sample-clinic.yaml の書き込み中）。sample-clinic.yaml は"
        "書き込み前か後のどちらかの内容のまま完全に残っています。内容を確かめてから、この一時ファイルを削除してください"
        "（次に zaitaku が sample-clinic.yaml に書き込むときにも削除されます）。")
    assert render(finding, "en") == (
        "A temporary file left by an interrupted write of sample-clinic.yaml; sample-clinic.yaml itself holds either "
        "its old or its new content, complete. Check it, then delete this temporary file (the next write of "
        "sample-clinic.yaml by zaitaku removes it too).")
    assert render(_only(result, "registry/hubs/.sample-hub.yaml.4242-ab_c9xyz.zaitaku-tmp"), "en").startswith(
        "A temporary file left by an interrupted write of sample-hub.yaml; ")
    assert result.exit_code() == 0


def test_housekeeping_and_documentation_are_not_named(tmp_path):
    root = build_registry(tmp_path, {"README.md": b"# notes\n", "institutions/.gitkeep": b"", ".DS_Store": b"\0",
                                     "hubs/Thumbs.db": b"\0", "reference/README": b"x", ".gitattributes": b"* text\n",
                                     "zones/README.txt": b"x", "docs/howto.md": b"x",
                                     # an editor's files beside a record it has open
                                     "institutions/.sample-clinic.yaml.swp": b"\0", "hubs/sample-hub.yaml~": b"x",
                                     "reference/.~lock.municipalities.csv#": b"x", "institutions/~$一覧.xlsx": b"x"})
    try:
        os.symlink("user@host.1234", root / "institutions" / ".#sample-clinic.yaml")  # Emacs: a dangling link
    except OSError:
        pass
    (root / ".git" / "objects").mkdir(parents=True)
    (root / ".git" / "objects" / "ab").write_bytes(b"\0")
    result = check_registry(root, AS_OF)
    assert _unread(result) == []
    assert {f.code for f in result.findings} == {"zone-count", "zone-coverage", "zone-designations"}


def test_links_to_folders(tmp_path):
    root = build_registry(tmp_path / "work")
    outside = tmp_path / "shared"
    outside.mkdir()
    (outside / "x.yaml").write_bytes(_record("x"))
    try:
        os.symlink(outside, root / "shared")
        os.symlink(root / "zones", root / "reference" / "zones-link")
    except OSError:
        pytest.skip("cannot create symlinks here")
    result = check_registry(root, AS_OF)
    assert _unread(result) == [("file-not-read", "warning", "registry/shared", 1, 1)]  # inside: its target is read
    assert render(_only(result, "registry/shared"), "en") == (
        "This file is not read (a link to a folder outside registry/, not followed). Copy what is needed into registry/.")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_named_and_never_opened(tmp_path):
    root = build_registry(tmp_path)
    os.mkfifo(root / "hubs" / "pipe.yaml")
    status, report = run_json(["--as-of", "2025-12-31"], tmp_path, timeout=30)  # opening it would block
    assert status == 0
    assert locations(report, "file-not-read") == [("file-not-read", "registry/hubs/pipe.yaml", 1, 1)]


def test_a_file_named_on_the_command_line_that_is_not_read(tmp_path):
    build_registry(tmp_path, {"institutions/archive/old-clinic.yaml": _record("old-clinic"),
                              "hospitals/a.yaml": _record("a"), "reference/README.md": b"# x\n"})
    status, report = run_json(["--as-of", "2025-12-31", "registry/institutions/archive/old-clinic.yaml"], tmp_path)
    assert status == 1
    assert locations(report) == [("record-not-read", "registry/institutions/archive/old-clinic.yaml", 1, 1)]
    assert report["summary"] == {"files": 0, "errors": 1, "warnings": 0}
    status, report = run_json(["--as-of", "2025-12-31", "registry/hospitals"], tmp_path)
    assert status == 1 and locations(report) == [("record-not-read", "registry/hospitals/a.yaml", 1, 1)]
    proc = run(["check", "registry/reference/README.md"], tmp_path)
    assert proc.returncode == 0
    assert "registry/reference/README.md は登録簿のデータとして読むファイルではないため、検査しません" in proc.stderr
    proc = run(["check", "--lang", "en", "registry/reference/README.md"], tmp_path)
    assert "registry/reference/README.md: registry data is not read from this file: not checked" in proc.stderr


def test_export_refuses_a_registry_that_lost_a_record(tmp_path):
    build_registry(tmp_path, {"institutions/tanaka-iin.YML": _record("tanaka-iin")})
    proc = run(["export", "regional"], tmp_path)
    assert proc.returncode == 1 and proc.stdout == ""
    assert "registry/institutions/tanaka-iin.YML:1:1  エラー  record-not-read" in proc.stderr


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"})


def test_a_git_revision_names_the_same_files(tmp_path):
    population = (EMBEDDED / "reference" / "population-2024-01-01.csv").read_bytes()
    root = build_registry(tmp_path, {
        "institutions/tanaka-iin.Yaml": _record("tanaka-iin"), "institutions/archive/old.yaml": _record("old"),
        "institutions/notes.txt": b"x", "hospitals/a.yml": b"id: a\n", "hospitals/deep/b.csv": b"a,b\n",
        "reference/population-2025-01-01.csv": population, "README.md": b"# x\n", "institutions/.gitkeep": b"",
        "hubs/.sample-hub.yaml.abcd1234.zaitaku-tmp": b"", "extra.yaml": b"a: 1\n"})
    try:
        os.symlink("../zones", root / "reference" / "zones-link")  # inside: skipped by both
    except OSError:
        pass
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "registry")
    in_folder = _unread(check_registry(root, AS_OF))
    at_revision = _unread(load_checked(root, AS_OF, at="HEAD")[1])
    assert in_folder == at_revision
    assert sorted(f[:3] for f in in_folder) == sorted([
        ("record-not-read", "error", "registry/extra.yaml"),
        ("record-not-read", "error", "registry/hospitals/a.yml"),
        ("file-not-read", "warning", "registry/hospitals/deep/b.csv"),
        ("file-temporary", "warning", "registry/hubs/.sample-hub.yaml.abcd1234.zaitaku-tmp"),
        ("record-not-read", "error", "registry/institutions/archive/old.yaml"),
        ("file-extension", "warning", "registry/institutions/notes.txt"),
        ("record-not-read", "error", "registry/institutions/tanaka-iin.Yaml"),
        ("file-not-read", "warning", "registry/reference/population-2025-01-01.csv"),
    ])
    proc = run(["export", "regional", "--at", "HEAD"], tmp_path)
    assert proc.returncode == 1 and "registry/institutions/tanaka-iin.Yaml:1:1" in proc.stderr


def test_a_designated_record_moved_to_an_archive_folder_under_base(tmp_path):
    """The history rule names the record lost from its old place; the file finding names where it went."""
    build_registry(tmp_path)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "registry")
    (tmp_path / "registry" / "institutions" / "archive").mkdir()
    shutil.move(tmp_path / "registry" / "institutions" / "sample-clinic.yaml",
                tmp_path / "registry" / "institutions" / "archive" / "sample-clinic.yaml")
    status, report = run_json(["--as-of", "2025-12-31", "--base", "HEAD"], tmp_path)
    assert status == 1
    got = set(locations(report))
    assert ("history-designation-deleted", "registry/institutions/sample-clinic.yaml", 1, 1) in got
    assert ("record-not-read", "registry/institutions/archive/sample-clinic.yaml", 1, 1) in got


@pytest.mark.parametrize("root", [EMBEDDED, *sorted(REPO.glob("examples/*/registry"))],
                         ids=lambda p: p.relative_to(REPO).as_posix())
def test_shipped_registries_have_no_unread_files(root):
    assert _unread(check_registry(root, AS_OF)) == []
