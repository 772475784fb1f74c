"""Reading a revision in bulk (issue 16): one `git ls-tree` and one `git cat-file --batch` per
revision give the same documents, values, problems, unread files and findings as the reading
through GitPython trees did (tests/git_oracle.py keeps it), on revisions with links, Japanese
names, names with pattern characters, nested and stray files, and records added, deleted and
renamed."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import git_oracle
from history_repo import EMBEDDED, hub, institution
from zaitaku_cli.check import load_checked
from zaitaku_cli.load import git_source
from zaitaku_cli.load.git_source import RevisionError, fetching, open_registry_at, read_blob
from zaitaku_cli.load.registry import read_records

AS_OF = datetime.date(2026, 3, 31)
FOLDER = "自治体 [北海道]*"  # the registry's parent: Japanese, a space and pattern characters


@pytest.fixture(autouse=True)
def _no_git_left_running():
    yield
    git_oracle.close_all()



def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A repository whose registry (under FOLDER) changes over five commits; core.quotePath is
    on (git's default), so a reading without -z would see escaped names."""
    repo = tmp_path_factory.mktemp("bulk")
    git(repo, "init", "-q", "-b", "main")
    for key, value in (("user.name", "試験"), ("user.email", "test@example.invalid"), ("commit.gpgsign", "false"),
                       ("core.quotePath", "true"), ("core.symlinks", "true")):
        git(repo, "config", key, value)
    root = repo / FOLDER / "registry"
    root.mkdir(parents=True)
    shutil.copy(EMBEDDED / "prefecture.yaml", root / "prefecture.yaml")
    shutil.copytree(EMBEDDED / "reference", root / "reference")
    shutil.copytree(EMBEDDED / "zones", root / "zones")
    write(root, "hubs/muroran.yaml", hub("muroran", "室蘭拠点", designated_on="2025-07-01"))
    write(root, "hubs/kitami.yaml", hub("kitami", "北見拠点", status="planned"))
    write(root, "institutions/clinic-a.yaml", institution("clinic-a", "Aクリニック", designated_on="2025-07-01"))
    write(root, "institutions/clinic-b.yaml", institution("clinic-b", "Bクリニック", status="planned"))
    write(root, "institutions/函館クリニック.yaml", institution("hakodate", "函館クリニック"))  # id ≠ name: a finding
    write(root, "institutions/bad-yaml.yaml", "id: bad-yaml\nname: [unclosed\n")
    write(root, "institutions/archive/old-clinic.yaml", institution("old-clinic"))  # a lost record
    write(root, "institutions/メモ.txt", "覚え書き\n")
    write(root, "institutions/.gitkeep", "")
    write(root, "README.md", "# 登録簿\n")
    write(root, "資料/会議 [第1回]*.txt", "議事録\n")
    write(root, "extra.csv", "code,name\n")
    commit(repo, "基準")
    # links: a record pointing out of the registry, one to a folder inside (skipped), one to a
    # folder outside (named), one to a file inside (named); and a changed record
    (root / "institutions/linked.yaml").symlink_to("../../../outside.yaml")
    (root / "zones-link").symlink_to("zones")
    (root / "out-link").symlink_to("../..")
    (root / "資料/リンク.txt").symlink_to("会議 [第1回]*.txt")
    text = (root / "institutions/clinic-b.yaml").read_text(encoding="utf-8")
    (root / "institutions/clinic-b.yaml").write_text(text.replace("Bクリニック", "B診療所"), encoding="utf-8")
    commit(repo, "リンク")
    git(repo, "mv", f"{FOLDER}/registry/institutions/clinic-a.yaml", f"{FOLDER}/registry/institutions/clinic-c.yaml")
    (root / "hubs/kitami.yaml").unlink()
    write(root, "hubs/nemuro.yaml", hub("nemuro", "根室拠点", zones=["kushiro-nemuro"]))
    commit(repo, "改名と削除と追加")
    write(root, "prefecture.yaml", (root / "prefecture.yaml").read_text(encoding="utf-8") + "\n# 注記\n")
    commit(repo, "prefecture.yaml の注記")
    return repo


REVISIONS = ["HEAD~3", "HEAD~2", "HEAD~1", "HEAD"]



def read_registry_at(root: Path, rev: str):
    """The registry at `rev`, every record read in this process by the bulk reading
    (open_registry_at, fetching, read_blob): what check.load_checked reads, without the checks."""
    raw, jobs = open_registry_at(root, rev)
    try:
        read_records(raw, jobs, fetching(lambda items, _root: [read_blob(b, rel, rev) for _, b, rel in items]))
    finally:
        raw.close()
    return raw

def _registry(repo: Path) -> Path:
    return repo / FOLDER / "registry"


def _shape(raw) -> tuple:
    """Everything a reading gives, as plain values (its reader's git process ended after)."""
    shape = (raw.root, raw.base, raw.prefecture.__getstate__(),
             {folder: [doc.__getstate__() for doc in docs] for folder, docs in raw.documents.items()},
             list(raw.unread), raw.read("reference/municipalities.csv"), raw.read("nothing.csv"),
             raw.read("資料/会議 [第1回]*.txt"), raw.read("資料/リンク.txt"), raw.read("zones-link/x.yaml"))
    raw.close()
    return shape


@pytest.mark.parametrize("rev", REVISIONS)
def test_the_bulk_reading_gives_what_gitpython_gave(repo, rev):
    root = _registry(repo)
    assert _shape(read_registry_at(root, rev)) == _shape(git_oracle.read_registry_at(root, rev))


def _old_load_checked(monkeypatch, root, rev):
    """load_checked(at=rev) with the revision read as before: every record read by the oracle,
    then checked in this process."""
    def oracle(root, rev):
        return git_oracle.read_registry_at(root, rev), []

    with monkeypatch.context() as patch:
        patch.setattr(git_source, "open_registry_at", oracle)
        return load_checked(root, AS_OF, at=rev)[1]


@pytest.mark.parametrize("rev", REVISIONS)
def test_findings_at_a_revision_are_those_of_the_old_reading(repo, rev, monkeypatch):
    root = _registry(repo)
    expected = _old_load_checked(monkeypatch, root, rev)
    found = load_checked(root, AS_OF, at=rev)[1]
    assert found.findings == expected.findings and found.files == expected.files
    codes = {f.code for f in found.findings}
    assert {"file-symlink", "record-not-read", "file-not-read", "yaml-syntax"} <= codes or rev == "HEAD~3"


def test_a_large_revision_read_in_two_processes_gives_the_same_findings(tmp_path, monkeypatch):
    """Above parallel.PARALLEL_MIN records the revision is read by two processes, from memory."""
    from zaitaku_cli import parallel

    repo = tmp_path / "large"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "試験")
    git(repo, "config", "user.email", "test@example.invalid")
    root = repo / "registry"
    root.mkdir()
    shutil.copy(EMBEDDED / "prefecture.yaml", root / "prefecture.yaml")
    shutil.copytree(EMBEDDED / "reference", root / "reference")
    shutil.copytree(EMBEDDED / "zones", root / "zones")
    for i in range(parallel.PARALLEL_MIN + 50):
        status = "designated" if i % 7 else "bogus"  # some schema findings
        write(root, f"institutions/c{i:04d}.yaml", institution(f"c{i:04d}", status=status, designated_on="2025-07-01"))
    commit(repo, "多数")
    expected = _old_load_checked(monkeypatch, root, "HEAD")
    found = load_checked(root, AS_OF, at="HEAD", jobs=2)[1]
    assert found.findings == expected.findings and found.files == expected.files
    assert any(f.code == "schema-enum" or f.file.endswith("c0000.yaml") for f in found.findings)


def _calls(monkeypatch):
    """The git commands started from now on ([args])."""
    started = []
    real = subprocess.Popen.__init__

    def spy(self, args, *rest, **kwargs):
        if isinstance(args, (list, tuple)) and args and args[0] == "git":
            started.append(list(args))
        return real(self, args, *rest, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "__init__", spy)
    return started


@pytest.mark.parametrize("rev", ["HEAD~2", "HEAD"])
def test_one_ls_tree_and_one_cat_file_per_revision(repo, rev, monkeypatch):
    started = _calls(monkeypatch)
    read_registry_at(_registry(repo), rev)
    assert sum("ls-tree" in args for args in started) == 1
    assert sum("cat-file" in args for args in started) == 1
    started.clear()
    load_checked(_registry(repo), AS_OF, at=rev)
    assert sum("ls-tree" in args for args in started) == 1
    assert sum("cat-file" in args for args in started) == 1


def test_a_registry_path_that_is_a_file_or_missing_at_a_revision(tmp_path):
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.name", "試験")
    git(tmp_path, "config", "user.email", "test@example.invalid")
    (tmp_path / "登録 簿").write_text("x", encoding="utf-8")
    (tmp_path / "x").write_text("x", encoding="utf-8")
    commit(tmp_path, "files")
    (tmp_path / "登録 簿").unlink()
    (tmp_path / "登録 簿").mkdir()
    (tmp_path / "other").mkdir()
    with pytest.raises(RevisionError) as err:
        read_registry_at(tmp_path / "登録 簿", "HEAD")
    assert "登録 簿 is not a folder" in err.value.message("en")
    with pytest.raises(RevisionError) as err:
        read_registry_at(tmp_path / "other", "HEAD")
    assert "has no other/" in err.value.message("en")


def test_a_blob_git_does_not_have_is_unreadable_not_a_traceback(repo, monkeypatch):
    """A partial clone that cannot fetch a record: file-unreadable at that record."""
    real = git_source.CatFile.read

    def lose(self, shas):
        shas = list(shas)
        found = real(self, shas)
        return {sha: data for sha, data in found.items() if b"clinic-b" not in data}

    monkeypatch.setattr(git_source.CatFile, "read", lose)
    result = load_checked(_registry(repo), AS_OF, at="HEAD~2")[1]
    lost = [f for f in result.findings if f.file.endswith("institutions/clinic-b.yaml")]
    assert [f.code for f in lost] == ["file-unreadable"]
    assert "git" in lost[0].params["detail_en"]


def test_git_that_stops_mid_batch_is_a_revision_error(tmp_path):
    git(tmp_path, "init", "-q")
    batch = git_source.CatFile(tmp_path)
    batch.read(["0" * 40])  # missing: left out
    batch._proc.kill()
    batch._proc.wait()
    with pytest.raises(RevisionError):
        batch.read(["1" * 40])
    batch.close()


@pytest.mark.parametrize("rev", ["HEAD~2", "HEAD"])
def test_check_base_and_diff_resolve_the_revision_once(repo, rev, monkeypatch):
    """check --base and diff REV resolve REV before the working tree is read (a bad one fails
    fast) and read it with that resolution: one ls-tree of the registry's path, one listing."""
    from zaitaku_cli.commands.diff import diff
    from zaitaku_cli.history.rules import check_with_base

    started = _calls(monkeypatch)
    check_with_base(_registry(repo), AS_OF, None, rev)
    assert sum("ls-tree" in args for args in started) == 2  # resolve's of the path, then the listing
    started.clear()
    result = CliRunner().invoke(diff, [rev, "--registry", str(_registry(repo))])
    assert result.exit_code == 0, result.output
    assert sum("ls-tree" in args for args in started) == 2
