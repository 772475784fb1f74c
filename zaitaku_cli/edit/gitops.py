"""`--commit`: commit the edited record, and only it (GitPython, imported when used).

Everything that could stop the commit is checked before the file is written (`preflight`): a git
repository holds the file, git knows who commits, no merge or rebase is under way, and the file is
tracked with no uncommitted change of its own (staged or not) — so the commit holds exactly the
edit. A file with such a change is refused (Uncommitted, which carries its `git diff HEAD`) unless
the officer asks for it to be committed too (--with-changes): the caller then commits it first, as
a commit of its own, so that the edit's commit still holds exactly the edit. The commit is
`git commit --only -- <file>`: files the officer has staged for something else stay staged and
are not part of it. If the commit still fails (a hook refuses it), the caller puts the file back
as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


class GitRefused(Exception):
    """Committing is not possible; nothing was (or will be) written. Japanese and English messages."""

    def __init__(self, ja: str, en: str, detail: str = ""):
        super().__init__(en)
        self.ja, self.en, self.detail = ja, en, detail

    def message(self, lang: str = "ja") -> str:
        text = self.en if lang == "en" else self.ja
        return f"{text}\n{self.detail}" if self.detail else text


class Uncommitted(GitRefused):
    """The file has changes of its own that are not committed (staged or not). `diff`: what
    `git diff HEAD` shows of them; `rel` the file relative to the working tree `worktree`."""

    def __init__(self, rel: str, worktree: Path, diff: str):
        super().__init__(
            f"{rel} にはまだコミットしていない変更があります。その変更を先にコミットするか元に戻してから実行してください"
            "（この記録と無関係な変更を同じコミットに入れないため）。",
            f"{rel} has uncommitted changes; commit or discard them first (so that the commit holds only this edit).",
            diff)
        self.rel, self.worktree, self.diff = rel, worktree, diff


@dataclass
class Target:
    repo: object  # git.Repo
    rel: str  # the file, relative to the working tree, with forward slashes
    earlier: bool = False  # the file has uncommitted changes, to be committed before the edit


def _git():
    try:
        import git
    except ImportError as err:  # GitPython missing, or no git executable on PATH
        raise GitRefused("git を使えません（git と GitPython が必要です）。--commit を付けずに実行し、git で記録してください。",
                         "git is not usable (git and GitPython are needed); run without --commit and commit with git.",
                         str(err).splitlines()[0] if str(err) else "") from None
    return git


def preflight(path: Path, with_changes: bool = False) -> Target:
    """The commit of `path` can be made; raises GitRefused (Uncommitted when the file has
    uncommitted changes and not `with_changes`)."""
    git = _git()
    path = Path(os.path.realpath(path))
    try:
        repo = git.Repo(path.parent, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitRefused(f"{path.parent} は git のリポジトリではありません。--commit を付けずに実行してください。",
                         f"{path.parent} is not in a git repository; run without --commit.") from None
    if repo.bare or repo.working_tree_dir is None:
        raise GitRefused("作業ツリーのない（bare）リポジトリには記録できません。", "The repository is bare.")
    try:
        with repo.git.custom_environment(LC_ALL="C", LANGUAGE="C"):  # git's refusal in words we know
            repo.git.rev_parse("--show-toplevel")  # git itself may refuse the repository (its owner)
    except git.GitCommandError as err:
        from zaitaku_cli.load.git_source import git_refusal

        refused = git_refusal(_output(err), Path(repo.working_tree_dir))
        if refused is not None:
            raise GitRefused(refused.ja, refused.en) from None
        raise GitRefused("git がこのリポジトリを読めません。", "git cannot read this repository.", _output(err)) from None
    rel = path.relative_to(os.path.realpath(repo.working_tree_dir)).as_posix()
    git_dir = Path(repo.git_dir)
    for marker, ja in (("MERGE_HEAD", "マージ"), ("CHERRY_PICK_HEAD", "cherry-pick"), ("REVERT_HEAD", "revert"),
                       ("rebase-merge", "rebase"), ("rebase-apply", "rebase")):
        if (git_dir / marker).exists():
            raise GitRefused(f"git の{ja}の途中です。終えてから（または中止してから）実行してください。",
                             f"A git {marker.split('_')[0].lower()} is in progress; finish or abort it first.")
    for who in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        try:
            repo.git.var(who)
        except git.GitCommandError:
            raise GitRefused(
                "git にコミットする人の名前とメールアドレスが設定されていません。"
                "git config user.name \"氏名\" と git config user.email \"アドレス\" を実行してください。",
                "git does not know who commits; run git config user.name and git config user.email.") from None
    try:
        repo.git.ls_files("--error-unmatch", "--", rel)
    except git.GitCommandError:
        raise GitRefused(f"{rel} はまだ git に登録されていません。先に git add と git commit で登録してください。",
                         f"{rel} is not tracked by git yet; add and commit it first.") from None
    status = repo.git.status("--porcelain", "--untracked-files=no", "--", rel)
    if status.strip() and not with_changes:
        raise Uncommitted(rel, Path(repo.working_tree_dir), _diff(repo, rel) or status.rstrip())
    return Target(repo, rel, earlier=bool(status.strip()))


def _diff(repo, rel: str) -> str:
    """`git diff HEAD` of one file (staged and unstaged changes together); "" when there is no HEAD."""
    git = _git()
    try:
        return repo.git.diff("--no-color", "--no-ext-diff", "HEAD", "--", rel)
    except git.GitCommandError:
        return ""


def diff_head(target: Target) -> str:
    """`git diff HEAD` of the target's file."""
    return _diff(target.repo, target.rel)


def head_bytes(target: Target) -> bytes | None:
    """The file as HEAD holds it; None when HEAD does not hold it (or there is no commit yet)."""
    try:
        return (target.repo.head.commit.tree / target.rel).data_stream.read()
    except (KeyError, ValueError):
        return None


def _output(err) -> str:
    """What git printed, without GitPython's "stderr: '...'" wrapping."""
    text = (err.stderr or err.stdout or "").strip()
    for label in ("stderr: '", "stdout: '"):
        if text.startswith(label) and text.endswith("'"):
            text = text[len(label):-1].strip()
    return text


def commit(target: Target, subject: str, body: str) -> str:
    """Commit only the target file; returns the new commit's id. Raises GitRefused."""
    git = _git()
    try:
        target.repo.git.commit("-m", subject, "-m", body, "--only", "--", target.rel)
    except git.GitCommandError as err:
        raise GitRefused("git のコミットに失敗しました（フックなどが拒否しました）。", "git commit failed (a hook may have refused it).",
                         _output(err)) from None
    return target.repo.head.commit.hexsha
