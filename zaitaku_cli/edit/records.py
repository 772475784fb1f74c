"""RECORD on the command line -> the record's file.

Accepted (DESIGN §6): the file's path (`registry/institutions/x.yaml`, relative to the current
folder or absolute) or `KIND/ID` (`institutions/x`; the singular `institution/x` too). A bare ID
(`x`) is accepted when exactly one kind has it. The registry is the one that holds the file; for
KIND/ID, `registry/` in the current folder or the nearest parent (or --registry).
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from zaitaku_cli.errors import UserError
from zaitaku_cli.load.registry import KIND_OF_FOLDER, KINDS, RegistryNotFound, _inside, find_registry

FOLDER_OF = {**{folder: folder for folder in KINDS}, **{kind: folder for folder, kind in KIND_OF_FOLDER.items()}}
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
NAME_MAX = 255  # bytes in one file name on common file systems (ext4, APFS, NTFS: 255 units)
PATH_MAX = 4096


class RecordError(UserError):
    """RECORD names no record (a usage error, exit 2). Carries Japanese and English messages."""


@dataclass(frozen=True)
class RecordRef:
    root: Path  # the registry folder
    kind: str  # institution | hub | zone
    id: str
    path: Path  # absolute

    @property
    def rel(self) -> str:
        """The path as findings name it: relative to the folder that holds registry/."""
        return self.path.relative_to(self.root.parent).as_posix()


def _ids(root: Path, folder: str) -> list[str]:
    directory = root / folder
    if not directory.is_dir():
        return []
    return sorted(p.stem for p in directory.glob("*.yaml") if not p.name.startswith("."))


def _not_found(root: Path, folder: str | None, record_id: str, shown: str, kinds=KINDS) -> RecordError:
    hints_ja, hints_en = [], []
    folders = [folder] if folder else list(kinds)
    close = []
    for f in folders:
        close += [f"{f}/{i}" for i in difflib.get_close_matches(record_id, _ids(root, f), n=5, cutoff=0.6)]
    elsewhere = [f"{f}/{record_id}" for f in KINDS if f not in folders and (root / f / f"{record_id}.yaml").is_file()]
    if elsewhere:
        hints_ja.append("別の種類にあります: " + "、".join(elsewhere))
        hints_en.append("It exists as another kind: " + ", ".join(elsewhere))
    if close:
        hints_ja.append("似た記録: " + "、".join(close))
        hints_en.append("Similar records: " + ", ".join(close))
    if not close and not elsewhere:
        hints_ja.append("記録の一覧は registry/institutions/、registry/hubs/、registry/zones/ のファイル名です")
        hints_en.append("The records are the files in registry/institutions/, registry/hubs/ and registry/zones/")
    return RecordError(f"{shown}: その記録はありません。" + "。".join(hints_ja) + "。",
                       f"{shown}: no such record. " + ". ".join(hints_en) + ".")


def resolve_record(text: str, registry_dir: str | None = None, cwd: Path | None = None,
                   kinds: tuple[str, ...] = KINDS) -> RecordRef:
    """Raises RecordError (no such record) or RegistryNotFound. A bare ID is looked up in the
    folders `kinds` (designate, withdraw, step, share: institutions and hubs, since zones are not
    designated)."""
    cwd = (cwd or Path.cwd()).resolve()
    spec = text.strip()
    _check_length(text, spec)
    if spec.endswith((".yaml", ".yml", ".YAML")) or Path(spec).is_absolute() or spec.count("/") > 1 or "\\" in spec:
        return _from_path(spec, registry_dir, cwd)
    parts = spec.split("/")
    if len(parts) == 2:
        kind_text, record_id = parts
        folder = FOLDER_OF.get(kind_text.lower())
        if folder is None:
            if (cwd / spec).is_file():
                return _from_path(spec, registry_dir, cwd)
            raise RecordError(
                f"{text}: 種類「{kind_text}」はありません。institutions/ID、hubs/ID、zones/ID のように書いてください。",
                f"{text}: unknown kind '{kind_text}'; write institutions/ID, hubs/ID or zones/ID.")
    elif len(parts) == 1:
        folder, record_id = None, parts[0]
    else:
        raise RecordError(f"{text}: 記録の指定として読めません（例: institutions/tanaka-iin）。",
                          f"{text}: not a record (e.g. institutions/tanaka-iin).")
    root = find_registry(start=cwd, explicit=registry_dir)
    if not _ID.fullmatch(record_id):
        raise _not_found(root, folder, record_id, text)
    if folder is None:
        found = [f for f in kinds if (root / f / f"{record_id}.yaml").is_file()]
        if len(found) > 1:
            raise RecordError(
                f"{text}: 同じIDの記録が複数あります（{'、'.join(f + '/' + record_id for f in found)}）。種類を付けて指定してください。",
                f"{text}: several records have this id ({', '.join(f + '/' + record_id for f in found)}); add the kind.")
        if not found:
            raise _not_found(root, None, record_id, text, kinds)
        folder = found[0]
    path = root / folder / f"{record_id}.yaml"
    _check_link(path, root, text)
    if not path.is_file():
        raise _not_found(root, folder, record_id, text)
    return RecordRef(root, KIND_OF_FOLDER[folder], record_id, path)


def _check_link(path: Path, root: Path, shown: str) -> None:
    """A record file that is a link is edited through it (edit.atomic writes the file it points
    to, and the link stays) when that file is in the registry; a link out of the registry, a
    dangling one or a loop is refused (check names an outside link file-symlink)."""
    if not path.is_symlink():
        return
    target = os.readlink(path)
    try:
        os.stat(path)
    except OSError:
        raise RecordError(f"{shown}: リンクですが、リンク先（{target}）がありません（または循環しています）。リンクを直してください。",
                          f"{shown}: is a link to {target}, which does not exist (or loops); fix the link.") from None
    if not _inside(path, root):
        raise RecordError(f"{shown}: 登録簿の外を指すリンク（{target}）です。登録簿の外のファイルは編集しません"
                          "（zaitaku check が file-symlink として示します）。記録のファイルを登録簿の中に置いてください。",
                          f"{shown}: is a link to {target}, outside the registry; files outside it are not edited "
                          "(zaitaku check names it file-symlink). Keep the record's file inside the registry.")


def _check_length(text: str, spec: str) -> None:
    """RECORD too long to name a file (a usage error, not an OSError from the file system)."""
    parts = re.split(r"[/\\]", spec)
    longest = max((len(part.encode("utf-8")) for part in parts), default=0)
    if longest + len(".yaml") > NAME_MAX or len(spec.encode("utf-8")) > PATH_MAX:
        shown = text if len(text) <= 60 else text[:40] + "…" + text[-10:]
        raise RecordError(
            f"{shown}: 長すぎて記録のファイル名になりえません（{len(text)} 文字）。"
            "institutions/ID、hubs/ID またはファイルのパスで指定してください。",
            f"{shown}: too long to name a record file ({len(text)} characters); give institutions/ID, hubs/ID "
            "or the file's path.")


def _from_path(spec: str, registry_dir: str | None, cwd: Path) -> RecordRef:
    given = Path(spec)
    path = given if given.is_absolute() else cwd / given
    folder_path = path.parent.resolve() if path.parent.exists() else path.parent
    folder = folder_path.name
    if folder not in KINDS or not (folder_path.parent / "prefecture.yaml").is_file():
        raise RecordError(
            f"{spec}: 登録簿の記録ファイルではありません（registry/institutions/、registry/hubs/、registry/zones/ の .yaml）。",
            f"{spec}: not a record file of a registry (a .yaml in registry/institutions/, hubs/ or zones/).")
    root = folder_path.parent
    if registry_dir is not None:
        explicit = find_registry(explicit=registry_dir)
        if explicit.resolve() != root.resolve():
            raise RecordError(f"{spec}: --registry {registry_dir} の中のファイルではありません。",
                              f"{spec}: is not inside --registry {registry_dir}.")
    if path.suffix != ".yaml":
        raise RecordError(f"{spec}: 記録のファイル名は .yaml で終わります。", f"{spec}: record files end in .yaml.")
    path = folder_path / path.name
    _check_link(path, root, spec)
    if not path.is_file():
        raise _not_found(root, folder, path.stem, spec)
    return RecordRef(root, KIND_OF_FOLDER[folder], path.stem, path)


__all__ = ["RecordError", "RecordRef", "RegistryNotFound", "resolve_record", "FOLDER_OF"]
