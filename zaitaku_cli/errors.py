"""Errors that stop a command with a message for the user (exit 2), in Japanese and English.

Imported at start-up by command modules: nothing but the standard library here."""

from __future__ import annotations


class UserError(Exception):
    """A condition the user must fix before the command can run: the registry or a revision cannot
    be read. `message(lang)` gives the Japanese (default) or English text; str() gives both, for
    callers that do not know the language. An error built from one text shows it in both."""

    def __init__(self, ja: str, en: str | None = None):
        super().__init__(ja if en is None else f"{ja} / {en}")
        self.ja, self.en = ja, (ja if en is None else en)

    def message(self, lang: str = "ja") -> str:
        return self.en if lang == "en" else self.ja


def os_error_text(err: OSError) -> tuple[str, str]:
    """(Japanese, English) for why a file or folder could not be read or written: the common
    causes in the officer's words, else the system's own text."""
    import errno

    en = err.strerror or str(err)
    ja = {errno.EACCES: "読み取り・書き込みの権限がありません", errno.EPERM: "操作が許可されていません",
          errno.ENOENT: "ありません", errno.ENOTDIR: "フォルダではありません", errno.EISDIR: "フォルダです",
          errno.ENOSPC: "ディスクの空きがありません", errno.EROFS: "読み取り専用の場所です",
          errno.ELOOP: "リンクが循環しています", errno.ENAMETOOLONG: "名前が長すぎます",
          errno.EIO: "入出力エラーです"}.get(err.errno)
    return (f"{ja}（{en}）" if ja else en), en
