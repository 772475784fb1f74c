"""`zaitaku check` as CI and hooks run it: the paths a hook passes (outside the registry, deleted,
relative to another folder, with spaces and Japanese), and GitHub annotations and SARIF naming
files relative to the repository's top folder when the registry is in a subfolder."""

from __future__ import annotations

import io
import json
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

import pytest

from history_repo import Repo
from registry_builder import DEFAULT_AS_OF, INVALID, SUPPORT, build_registry, load_case
from run_cli import locations, run, run_json

AS_OF = ["--as-of", DEFAULT_AS_OF.isoformat()]
SUBFOLDER = "道庁 地域医療課/北海道"
CLINIC = "registry/institutions/sample-clinic.yaml"
INTENT_JA = ("医療計画に位置付けられ公表されることについての意向（intent）が true ではありません（false）。"
             "意向のない医療機関は指定できません。")
NOTHING = "0 ファイルを検査しました: エラー 0 件、警告 0 件、情報 0 件\n"
NOTHING_NOTE = ("zaitaku: 登録簿の中のファイルが指定されていないため、検査するものはありません"
                " / no file inside the registry was named: nothing to check")
NO_WORKSPACE = {"GITHUB_WORKSPACE": ""}  # the tests' own CI may set it


def _registry_with(base: Path, *fixtures: str) -> Path:
    """base/registry with the named invalid fixtures placed; returns the registry folder."""
    files = {}
    for name in fixtures:
        case = load_case(INVALID / name)
        files[case.place] = case.path
        files.update({w: SUPPORT / w for w in case.withs})
    return build_registry(base, files)


@pytest.fixture
def subfolder_repo(tmp_path):
    """A git repository whose registry is `道庁 地域医療課/北海道/registry`, its clinic with
    `intent: false` (line 12, column 9), and a workflow file beside it."""
    repo = tmp_path / "repo"
    root = _registry_with(repo / SUBFOLDER, "institutions/sample-clinic_intent-false.yaml")
    (repo / ".git").mkdir()  # the top level is found on disk, as git would
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yaml").write_text("on: push\n", encoding="utf-8")
    return repo, root


# --- the paths a hook passes ----------------------------------------------------------------------

def test_a_commit_touching_only_the_workflow_file_passes(subfolder_repo):
    repo, root = subfolder_repo  # the registry has an error, but the commit does not touch it
    proc = run(["check", *AS_OF, "--registry", str(root), ".github/workflows/ci.yaml"], repo)
    assert proc.returncode == 0
    assert proc.stdout == NOTHING
    assert proc.stderr.splitlines() == [
        f"zaitaku: 登録簿（{SUBFOLDER}/registry）の外のため検査しません: .github/workflows/ci.yaml"
        f" / outside the registry ({SUBFOLDER}/registry), not checked: .github/workflows/ci.yaml",
        NOTHING_NOTE]
    status, report = run_json([*AS_OF, "--registry", str(root), ".github/workflows/ci.yaml"], repo)
    assert (status, report) == (0, {"findings": [], "summary": {"files": 0, "errors": 0, "warnings": 0}})


def test_many_outside_files_are_named_in_one_note(subfolder_repo):
    repo, root = subfolder_repo
    names = [f"docs/note-{i}.md" for i in range(7)]
    proc = run(["check", *AS_OF, "--registry", str(root), *names], repo)
    assert proc.returncode == 0
    first = proc.stderr.splitlines()[0]
    assert first.startswith("zaitaku: 登録簿（") and "docs/note-4.md ほか 2 件 /" in first
    assert first.endswith("docs/note-4.md and 2 more") and "note-5" not in first


def test_paths_from_the_repository_top_with_spaces_and_japanese(subfolder_repo):
    """pre-commit's cwd is the top folder; paths are relative to it. Text and JSON keep the
    findings' paths relative to the registry's parent (DESIGN §3)."""
    repo, root = subfolder_repo
    named = f"{SUBFOLDER}/{CLINIC}"
    proc = run(["check", *AS_OF, "--registry", f"{SUBFOLDER}/registry", named, "README.md"], repo)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [f"{CLINIC}:12:9  エラー  institution-intent  {INTENT_JA}",
                                        "1 ファイルを検査しました: エラー 1 件、警告 0 件、情報 0 件"]
    assert "README.md" in proc.stderr


def test_a_path_relative_to_a_folder_inside_the_registry(tmp_path):
    root = _registry_with(tmp_path, "institutions/sample-clinic_intent-false.yaml")
    status, report = run_json([*AS_OF, "sample-clinic.yaml", "../hubs"], root / "institutions")
    assert status == 1
    assert locations(report) == [("institution-intent", CLINIC, 12, 9)]
    assert report["summary"]["files"] == 2  # the clinic and the one hub


def test_a_deleted_record_is_named_but_not_an_error(tmp_path):
    """A hand-written hook (`git diff --name-only`) passes deleted files; pre-commit does not."""
    build_registry(tmp_path)
    proc = run(["check", *AS_OF, "registry/institutions/gone.yaml"], tmp_path)
    assert proc.returncode == 0
    assert proc.stdout == NOTHING
    assert proc.stderr == ("zaitaku: registry/institutions/gone.yaml: ファイルがありません（削除されたファイルは検査しません。"
                           "指定の記録を消していないかは --base で検査します）"
                           "/ no such file (a deleted file is not checked; --base checks what a deletion loses)\n")


def test_a_mistyped_record_name_gets_a_suggestion_and_the_others_are_checked(tmp_path):
    _registry_with(tmp_path, "institutions/sample-clinic_intent-false.yaml")
    proc = run(["check", *AS_OF, "registry/institutions/sample-clinc.yaml", CLINIC], tmp_path)
    assert proc.returncode == 1
    assert f"{CLINIC}:12:9  エラー  institution-intent  {INTENT_JA}" in proc.stdout.splitlines()
    assert proc.stderr.splitlines()[-1] == f"  もしかして / did you mean: {CLINIC}"


def test_a_deleted_designated_record_named_with_base_is_reported(tmp_path):
    repo = Repo(tmp_path / "repo")
    repo.commit("基準")
    repo.remove("institutions/clinic-a.yaml")
    proc = run(["check", "--as-of", "2026-06-30", "--base", "HEAD", "--format", "json",
                "registry/institutions/clinic-a.yaml"], repo.path)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert locations(report) == [("history-designation-deleted", "registry/institutions/clinic-a.yaml", 1, 1)]
    assert "ファイルがありません" in proc.stderr


@pytest.mark.parametrize("named", ["registry/prefecture.yaml", "registry/reference/municipalities.csv",
                                   "registry/reference"])
def test_naming_the_rule_set_reports_on_the_whole_registry(tmp_path, named):
    """A change to prefecture.yaml or the reference data can break any record."""
    _registry_with(tmp_path, "institutions/sample-clinic_intent-false.yaml")
    proc = run(["check", *AS_OF, "--format", "json", named], tmp_path)
    assert proc.returncode == 1
    assert ("institution-intent", CLINIC, 12, 9) in locations(json.loads(proc.stdout))
    assert proc.stderr == (f"zaitaku: {named} は制度設定・参照データで、どの記録の検査結果も変わりうるため、登録簿全体について報告します"
                           " / the rule set or reference data changed: reporting on the whole registry\n")


def test_a_missing_path_outside_the_registry_is_only_outside(tmp_path):
    build_registry(tmp_path)
    proc = run(["check", *AS_OF, "no/such/file.txt"], tmp_path)
    assert proc.returncode == 0 and proc.stdout == NOTHING
    assert "ファイルがありません" not in proc.stderr and "no/such/file.txt" in proc.stderr


def test_a_broken_registry_still_fails_when_a_record_is_named(subfolder_repo):
    """Only paths that name nothing in the registry skip the check; a missing prefecture.yaml
    is still exit 2 even then (a misconfigured hook must be noticed)."""
    repo, root = subfolder_repo
    proc = run(["check", *AS_OF, "--registry", str(repo / "nowhere"), ".github/workflows/ci.yaml"], repo)
    assert proc.returncode == 2 and "prefecture.yaml" in proc.stderr


# --- GitHub annotations -----------------------------------------------------------------------------

def _annotation(file: str) -> str:
    return f"::error file={file},line=12,col=9,title=institution-intent::{INTENT_JA}"


def test_annotations_are_relative_to_the_git_top_level(subfolder_repo):
    repo, root = subfolder_repo
    for cwd in (repo, root / "institutions", repo.parent):  # wherever the command runs
        proc = run(["check", *AS_OF, "--registry", str(root), "--format", "github"], cwd, env=NO_WORKSPACE)
        assert proc.returncode == 1
        assert proc.stdout.splitlines()[0] == _annotation(f"{SUBFOLDER}/{CLINIC}"), cwd


def test_annotations_are_relative_to_github_workspace(tmp_path):
    """In an Actions job the runner makes annotation paths relative to GITHUB_WORKSPACE; it is
    used even without a .git folder (an artifact, a container that refuses the repository)."""
    workspace = tmp_path / "work" / "repo"
    root = _registry_with(workspace / SUBFOLDER, "institutions/sample-clinic_intent-false.yaml")
    proc = run(["check", *AS_OF, "--registry", str(root), "--format", "github"], tmp_path,
               env={"GITHUB_WORKSPACE": str(workspace)})
    assert proc.stdout.splitlines()[0] == _annotation(f"{SUBFOLDER}/{CLINIC}")
    # a workspace that does not hold the registry is passed over for the git top level
    (tmp_path / "other").mkdir()
    (workspace / ".git").mkdir()
    proc = run(["check", *AS_OF, "--registry", str(root), "--format", "github"], tmp_path,
               env={"GITHUB_WORKSPACE": str(tmp_path / "other")})
    assert proc.stdout.splitlines()[0] == _annotation(f"{SUBFOLDER}/{CLINIC}")


def test_annotations_when_the_registry_is_the_repository(tmp_path):
    root = _registry_with(tmp_path, "institutions/sample-clinic_intent-false.yaml")
    (root / ".git").write_text("gitdir: ../elsewhere\n", encoding="utf-8")  # as in a worktree
    proc = run(["check", *AS_OF, "--format", "github"], tmp_path, env=NO_WORKSPACE)
    assert proc.stdout.splitlines()[0] == _annotation("institutions/sample-clinic.yaml")


def test_annotations_without_a_repository_are_relative_to_the_current_folder(tmp_path):
    root = _registry_with(tmp_path / "a b", "institutions/sample-clinic_intent-false.yaml")
    proc = run(["check", *AS_OF, "--registry", "a b/registry", "--format", "github"], tmp_path, env=NO_WORKSPACE)
    assert proc.stdout.splitlines()[0] == _annotation(f"a b/{CLINIC}")
    # outside the current folder too: the absolute path
    (tmp_path / "elsewhere").mkdir()
    proc = run(["check", *AS_OF, "--registry", str(root), "--format", "github"], tmp_path / "elsewhere",
               env=NO_WORKSPACE)
    assert proc.stdout.splitlines()[0] == _annotation(f"{(root.parent / CLINIC).as_posix()}")


def test_annotation_properties_escape_commas_and_colons_in_folder_names(tmp_path):
    repo = tmp_path / "repo"
    root = _registry_with(repo / "道庁,地域:医療課", "institutions/sample-clinic_intent-false.yaml")
    (repo / ".git").mkdir()
    proc = run(["check", *AS_OF, "--registry", str(root), "--format", "github"], repo, env=NO_WORKSPACE)
    assert proc.stdout.splitlines()[0] == _annotation(f"道庁%2C地域%3A医療課/{CLINIC}")


def test_annotation_data_and_properties_are_escaped():
    from zaitaku_cli.findings import CheckResult, Finding
    from zaitaku_cli.report.github import report

    out = io.StringIO()
    finding = Finding("file-symlink", "warning", "registry/a,b:c%.yaml", 3, 5, "", {"target": "50%\r\n::error x"})
    report(CheckResult([finding], 1), out, "en")
    assert out.getvalue().splitlines() == [
        "::warning file=registry/a%2Cb%3Ac%25.yaml,line=3,col=5,title=file-symlink::"
        "This link points outside the registry folder (50%25%0D%0A::error x); links are not followed.",
        "1 file, 0 errors, 1 warning"]


# --- SARIF ------------------------------------------------------------------------------------------

ENCODED = ("%E9%81%93%E5%BA%81%20%E5%9C%B0%E5%9F%9F%E5%8C%BB%E7%99%82%E8%AA%B2/%E5%8C%97%E6%B5%B7%E9%81%93/"
           "registry/institutions/sample-clinic.yaml")


def _sarif(cwd, root, env=NO_WORKSPACE):
    proc = run(["check", *AS_OF, "--registry", str(root), "--format", "sarif"], cwd, env=env)
    assert proc.returncode == 1
    return json.loads(proc.stdout)["runs"][0]


def _resolves(run_, location) -> Path:
    """The file a SARIF consumer opens for an artifactLocation."""
    base = run_["originalUriBaseIds"][location["uriBaseId"]]["uri"] if "uriBaseId" in location else ""
    uri = urlparse(base + location["uri"])
    assert uri.scheme == "file"
    return Path(url2pathname(uri.path))


def test_sarif_uris_are_percent_encoded_and_relative_to_the_top_level(subfolder_repo):
    repo, root = subfolder_repo
    sarif_run = _sarif(repo, root)
    [result] = [r for r in sarif_run["results"] if r["ruleId"] == "institution-intent"]
    physical = result["locations"][0]["physicalLocation"]
    assert physical == {"artifactLocation": {"uri": ENCODED, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": 12, "startColumn": 9}}
    assert sarif_run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": repo.resolve().as_uri() + "/"}}
    assert sarif_run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    assert _resolves(sarif_run, physical["artifactLocation"]) == (root / "institutions" / "sample-clinic.yaml").resolve()
    for r in sarif_run["results"]:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert " " not in uri and uri.isascii() and unquote(uri).startswith(SUBFOLDER + "/registry/")


def test_sarif_under_github_workspace(tmp_path):
    workspace = tmp_path / "ws"
    root = _registry_with(workspace / SUBFOLDER, "institutions/sample-clinic_intent-false.yaml")
    sarif_run = _sarif(tmp_path, root, env={"GITHUB_WORKSPACE": str(workspace)})
    location = sarif_run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": ENCODED, "uriBaseId": "%SRCROOT%"}
    assert sarif_run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == workspace.resolve().as_uri() + "/"


def test_sarif_outside_every_workspace_has_absolute_file_uris(tmp_path):
    root = _registry_with(tmp_path / "道 庁", "institutions/sample-clinic_intent-false.yaml")
    (tmp_path / "elsewhere").mkdir()
    sarif_run = _sarif(tmp_path / "elsewhere", root)
    assert "originalUriBaseIds" not in sarif_run
    location = sarif_run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert set(location) == {"uri"} and location["uri"].startswith("file:///")
    assert "%E9%81%93%20%E5%BA%81/registry/institutions/sample-clinic.yaml" in location["uri"]
    assert _resolves(sarif_run, location) == (root / "institutions" / "sample-clinic.yaml").resolve()


def test_reporters_without_a_root_keep_the_findings_paths():
    """Library use (no registry folder given): the paths as the findings have them."""
    from zaitaku_cli.findings import CheckResult, Finding
    from zaitaku_cli.report.sarif import as_dict

    finding = Finding("file-empty", "error", "registry/zones/a b.yaml", 1, 1, "", {})
    sarif_run = as_dict(CheckResult([finding], 1), "ja")["runs"][0]
    assert sarif_run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "registry/zones/a%20b.yaml"}


def test_the_registry_folder_with_outside_files_checks_everything_and_notes_the_rest(tmp_path):
    _registry_with(tmp_path, "institutions/sample-clinic_intent-false.yaml")
    proc = run(["check", *AS_OF, "--format", "json", "README.md", "registry"], tmp_path)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["summary"]["files"] == 7 and ("institution-intent", CLINIC, 12, 9) in locations(report)
    assert proc.stderr == ("zaitaku: 登録簿（registry）の外のため検査しません: README.md"
                           " / outside the registry (registry), not checked: README.md\n")
