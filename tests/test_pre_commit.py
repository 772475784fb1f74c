"""pre-commit for real: `git commit` in a repository whose `.pre-commit-config.yaml` is the README's,
the hook installed by `pre-commit install`. The README's configurations use `repo: local` and
`language: system` (the installed `zaitaku`), so nothing is downloaded; the shipped
`.pre-commit-hooks.yaml` (`language: python`, which pre-commit installs from the repository over
the network) is validated by pre-commit's own manifest schema and must agree with them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from registry_builder import INVALID, REPO, build_registry, load_case

pytest.importorskip("pre_commit")
if shutil.which("git") is None:
    pytest.skip("no git", allow_module_level=True)

SUBFOLDER = "道庁 地域医療課/北海道"
BROKEN = load_case(INVALID / "institutions/sample-clinic_intent-false.yaml")  # intent: false, line 12 col 9
FINDING = "registry/institutions/sample-clinic.yaml:12:9  エラー  institution-intent  "


def _readme_configs() -> list[str]:
    """The README's `.pre-commit-config.yaml` examples that run the installed command."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return [block for block in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "repo: local" in block]


class HookedRepo:
    """A git repository with a registry at `place`, the given pre-commit configuration committed
    and the hook installed. Git and pre-commit see no global or system configuration."""

    def __init__(self, path: Path, config: str, place: str = "."):
        self.path = path
        self.registry = build_registry(path / place)
        home = path.parent / "home"
        home.mkdir(exist_ok=True)
        (home / "gitconfig").write_text("[user]\n\tname = 試験\n\temail = test@example.invalid\n"
                                        "[commit]\n\tgpgsign = false\n[init]\n\tdefaultBranch = main\n",
                                        encoding="utf-8")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
        self.env.update({"GIT_CONFIG_GLOBAL": str(home / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
                         "PRE_COMMIT_HOME": str(home / "pre-commit"), "PRE_COMMIT_COLOR": "never",
                         "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
                         "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "GITHUB_WORKSPACE": ""})
        (path / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
        self.write(".github/workflows/ci.yaml", "on: pull_request\n")
        self.git("init", "-q")
        self.git("add", "-A")
        self.git("commit", "-q", "--no-verify", "-m", "基準")
        proc = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=path, env=self.env,
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr

    def git(self, *args) -> subprocess.CompletedProcess:
        proc = subprocess.run(["git", *args], cwd=self.path, env=self.env, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=120)
        assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
        return proc

    def write(self, rel: str, text: str) -> None:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str, *rels: str) -> subprocess.CompletedProcess:
        """Stage `rels` and commit them through the hook; returns git's process."""
        assert self.git("add", "--", *rels).returncode == 0
        return self.git("commit", "-m", message)

    def head_message(self) -> str:
        return self.git("log", "-1", "--format=%s").stdout.strip()


def _break_the_clinic(repo: HookedRepo) -> str:
    target = repo.registry / "institutions" / "sample-clinic.yaml"
    shutil.copyfile(BROKEN.path, target)
    return target.relative_to(repo.path).as_posix()


def test_the_readme_shows_both_configurations():
    configs = _readme_configs()
    assert len(configs) == 2
    top, subfolder = (yaml.safe_load(c)["repos"][0]["hooks"][0] for c in configs)
    assert top["files"] == "^registry/" and "args" not in top
    assert subfolder["files"] == f"^{SUBFOLDER}/registry/"
    assert subfolder["args"] == ["--registry", f"{SUBFOLDER}/registry"]


def test_the_shipped_manifest_is_valid_and_agrees_with_the_readme():
    from pre_commit.clientlib import load_manifest

    [hook] = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert (hook["id"], hook["entry"], hook["language"], hook["files"]) == (
        "zaitaku-check", "zaitaku check", "python", "^registry/")
    assert hook["pass_filenames"] is True and hook["require_serial"] is True
    local = yaml.safe_load(_readme_configs()[0])["repos"][0]["hooks"][0]
    assert {k: local[k] for k in ("id", "entry", "files", "require_serial")} == {
        k: hook[k] for k in ("id", "entry", "files", "require_serial")}


def test_registry_at_the_top(tmp_path):
    repo = HookedRepo(tmp_path / "repo", _readme_configs()[0])
    # a commit that touches only the workflow: the hook has nothing to check
    repo.write(".github/workflows/ci.yaml", "on: [pull_request, push]\n")
    proc = repo.commit("CI の設定", ".github/workflows/ci.yaml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert repo.head_message() == "CI の設定"
    # a broken record blocks the commit, with the finding's file, line and column
    clinic = _break_the_clinic(repo)
    repo.write("README.md", "# 登録簿\n")
    proc = repo.commit("医療機関の更新", clinic, "README.md")
    assert proc.returncode == 1
    assert FINDING in proc.stdout + proc.stderr
    assert repo.head_message() == "CI の設定"


def test_registry_in_a_subfolder_named_with_a_space_and_japanese(tmp_path):
    repo = HookedRepo(tmp_path / "repo", _readme_configs()[1], place=SUBFOLDER)
    repo.write(".github/workflows/ci.yaml", "on: [pull_request, push]\n")
    assert repo.commit("CI の設定", ".github/workflows/ci.yaml").returncode == 0
    clinic = _break_the_clinic(repo)
    assert clinic == f"{SUBFOLDER}/registry/institutions/sample-clinic.yaml"
    proc = repo.commit("医療機関の更新", clinic)
    assert proc.returncode == 1
    assert FINDING in proc.stdout + proc.stderr
    # fixed: the commit goes through
    shutil.copyfile(REPO / "tests/fixtures/valid/institutions/sample-clinic.yaml", repo.path / clinic)
    (repo.path / clinic).write_text((repo.path / clinic).read_text(encoding="utf-8") + "# 確認済み\n",
                                    encoding="utf-8")
    proc = repo.commit("医療機関の更新", clinic)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_hook_without_files_skips_what_is_outside_the_registry(tmp_path):
    """The set-up of the issue: a local hook with no `files` pattern gets every changed file."""
    config = yaml.safe_load(_readme_configs()[0])
    hook = config["repos"][0]["hooks"][0]
    del hook["files"]
    hook["verbose"] = True  # show zaitaku's note even when it passes
    repo = HookedRepo(tmp_path / "repo", yaml.safe_dump(config, allow_unicode=True))
    repo.write(".github/workflows/ci.yaml", "on: [pull_request, push]\n")
    proc = repo.commit("CI の設定", ".github/workflows/ci.yaml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "登録簿（registry）の外のため検査しません: .github/workflows/ci.yaml" in proc.stdout + proc.stderr
    assert "0 ファイルを検査しました" in proc.stdout + proc.stderr
    clinic = _break_the_clinic(repo)
    repo.write(".github/workflows/ci.yaml", "on: push\n")
    proc = repo.commit("医療機関の更新", clinic, ".github/workflows/ci.yaml")
    assert proc.returncode == 1 and FINDING in proc.stdout + proc.stderr
