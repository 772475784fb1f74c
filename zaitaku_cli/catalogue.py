"""The catalogue of finding types: a stable code, a default severity, a title and a message
template in Japanese and English, and the passage of the source it enforces.

File-level and schema entries live here; each rule module declares its own entry (see rules/),
and `entry(code)` finds either. Messages are rendered only by reporters.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    code: str
    severity: str
    title: dict  # {"ja": ..., "en": ...}
    message: dict  # {"ja": template, "en": template}; str.format with the finding's params
    source: str = ""
    example: str = ""  # a minimal bad input, shown in docs/rules.md

    def render(self, lang: str, params: dict) -> str:
        template = self.message.get(lang) or self.message["ja"]
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return template


def _e(code, severity, title_ja, title_en, ja, en, source="", example=""):
    return Entry(code, severity, {"ja": title_ja, "en": title_en}, {"ja": ja, "en": en}, source, example)


DESIGN_FILES = "DESIGN §4 Files"

FILE_ENTRIES = [
    _e("file-encoding", "error", "文字コード", "File encoding",
       "UTF-8 として読めません（{detail}）。{advice}",
       "Not valid UTF-8 ({detail}). {advice_en}", DESIGN_FILES,
       "Shift_JIS で保存された institutions/x.yaml"),
    _e("file-control-character", "error", "制御文字", "Control character",
       "使用できない制御文字 {char} があります。削除してください。",
       "Control character {char} is not allowed; delete it.", DESIGN_FILES, "name: \"abc\\0\""),
    _e("file-tab-indent", "error", "タブによる字下げ", "Tab indentation",
       "字下げにタブ文字が使われています。YAML の字下げは半角スペースで行ってください。",
       "A tab is used for indentation; YAML indentation must use spaces.", DESIGN_FILES,
       "designation:\n\tstatus: planned"),
    _e("file-empty", "error", "空のファイル", "Empty file",
       "ファイルが空です（コメントしかありません）。記録の項目を書いてください。",
       "The file is empty (comments only); write the record's fields.", DESIGN_FILES, "# comment only"),
    _e("file-symlink", "error", "登録簿外へのリンク", "Link outside the registry",
       "registry/ の外を指すリンクです（{target}）。リンクは辿りません。",
       "This link points outside registry/ ({target}); links are not followed.", DESIGN_FILES),
    _e("file-extension", "warning", "ファイル名の拡張子", "File extension",
       "拡張子 {suffix} のファイルは読み込みません。記録は .yaml で保存してください。",
       "Files ending in {suffix} are not read; save records as .yaml.", DESIGN_FILES),
    _e("file-unreadable", "error", "読み込めないファイル", "Unreadable file",
       "ファイルを読み込めません: {detail}", "The file cannot be read: {detail}", DESIGN_FILES),
    _e("yaml-syntax", "error", "YAML の書式", "YAML syntax",
       "YAML として読めません: {detail}", "Not valid YAML: {detail}", DESIGN_FILES, "name: [a"),
    _e("yaml-duplicate-key", "error", "重複したキー", "Duplicate key",
       "キー「{key}」が {first_line} 行目と {line} 行目の2回書かれています。どちらか一方にしてください。",
       "Key '{key}' is written twice, on lines {first_line} and {line}; keep one.", DESIGN_FILES,
       "name: A\nname: B"),
    _e("yaml-alias", "error", "アンカー・エイリアス", "Anchor or alias",
       "エイリアス（*名前）は使えません。値をそのまま書いてください。",
       "Aliases (*name) are not allowed; write the value out.", DESIGN_FILES, "a: &x 1\nb: *x"),
    _e("yaml-merge-key", "error", "マージキー", "Merge key",
       "マージキー（<<）は使えません。項目をそのまま書いてください。",
       "Merge keys (<<) are not allowed; write the fields out.", DESIGN_FILES, "<<: *base"),
    _e("yaml-tag", "error", "タグ", "Tag",
       "タグ {tag} は使えません（何も構築しません）。タグを削除してください。",
       "The tag {tag} is not allowed (nothing is constructed); remove it.", DESIGN_FILES,
       "name: !!python/object/apply:os.system [ls]"),
    _e("yaml-complex-key", "error", "キーの書式", "Key form",
       "キーには単純な文字列を書いてください。", "Keys must be plain strings.", DESIGN_FILES, "? [a, b]\n: 1"),
    _e("yaml-multiple-documents", "error", "複数の文書", "More than one document",
       "1つのファイルに複数の文書（---）があります。1ファイル1記録にしてください。",
       "The file holds more than one document (---); keep one record per file.", DESIGN_FILES,
       "id: a\n---\nid: b"),
    _e("yaml-root-not-mapping", "error", "記録の形", "Record shape",
       "ファイルの最上位は「キー: 値」の形（マッピング）にしてください（今は{found}です）。",
       "The top level must be a mapping of 'key: value' (found {found}).", DESIGN_FILES, "- a\n- b"),
    _e("record-id-mismatch", "error", "id とファイル名", "id and file name",
       "id「{id}」がファイル名「{stem}」と一致しません。id はファイル名（拡張子なし）と同じにしてください。",
       "id '{id}' does not match the file name '{stem}'; the id must equal the file name without .yaml.",
       "DESIGN §3: Record ids … equal the file's stem", "id: other-name"),
    _e("record-id-invalid-stem", "error", "ファイル名", "File name",
       "ファイル名「{stem}」は記録の id として使えません（半角英小文字・数字・ハイフン）。",
       "The file name '{stem}' cannot be a record id (lowercase a-z, 0-9 and hyphens).",
       "DESIGN §3: Record ids and file stems: [a-z0-9][a-z0-9-]*"),
    _e("yaml-unquoted-code", "error", "引用符のない数字", "Unquoted number",
       "{field}は数字だけで書かれているため数値として読まれます（{raw}）。引用符で囲んでください: \"{raw}\"",
       "{field} is written as a bare number and is read as a number ({raw}); quote it: \"{raw}\"",
       "DESIGN §3: Codes are strings (quote them: YAML reads 011002 as a number)",
       "municipality: 012050"),
    _e("date-invalid", "error", "日付", "Date",
       "{field}「{text}」は日付として読めません。{hint}",
       "{field} '{text}' is not a date. {hint_en}",
       "DESIGN §3: Dates are written ISO (2025-04-01) or as Japanese era dates", "designated_on: 2025-02-30"),
    _e("date-outside-era", "error", "元号の期間外", "Date outside its era",
       "{field}「{text}」は{era}の期間外です（{era}は{start}から{end}）。",
       "{field} '{text}' is outside the {era} era ({start} to {end}).",
       "DESIGN §2: 和暦; 元年 for year 1", "designated_on: 平成31年5月1日"),
    _e("date-month-only", "error", "日付（日が不明）", "Date without a day",
       "{field}「{text}」には日がありません。年月日で書いてください。",
       "{field} '{text}' has no day; write year, month and day.", "DESIGN §3", "withdrawn_on: 令和7年8月"),
]

SCHEMA_ENTRIES = [
    _e("schema-required", "error", "必須項目", "Required field",
       "必須項目「{key}」（{title}）がありません。", "The required field '{key}' ({title_en}) is missing.",
       "schemas/*.schema.json: required", "(designation を削除)"),
    _e("schema-unknown-key", "error", "未知の項目", "Unknown field",
       "「{key}」という項目はありません。{suggestion}", "There is no field '{key}'. {suggestion_en}",
       "schemas/*.schema.json: additionalProperties false", "desgnated_on: 2025-04-01"),
    _e("schema-type", "error", "値の型", "Value type",
       "{field}は{expected}で書いてください（今は{found}です）。",
       "{field} must be {expected_en} (found {found_en}).", "schemas/*.schema.json: type", "intent: はい"),
    _e("schema-enum", "error", "選択肢", "Allowed values",
       "{field}「{value}」は使えません。次のいずれかを書いてください: {allowed}",
       "{field} '{value}' is not allowed; use one of: {allowed}", "schemas/*.schema.json: enum",
       "status: done"),
    _e("schema-format", "error", "値の書式", "Value format",
       "{field}「{value}」の書式が正しくありません。{title}",
       "{field} '{value}' is not in the expected form. {title_en}", "schemas/*.schema.json: pattern",
       "municipality: \"12050\""),
    _e("schema-invalid", "error", "値", "Value",
       "{field}の値が正しくありません: {detail}", "{field} is not valid: {detail}", "schemas/*.schema.json"),
]

REGISTRY_ENTRIES = [
    _e("registry-missing", "error", "登録簿が見つからない", "Registry not found",
       "{path} がありません。", "{path} does not exist.", "DESIGN §3"),
    _e("reference-invalid", "error", "参照データ", "Reference data",
       "参照データの行が正しくありません: {detail}", "Invalid reference data row: {detail}", "DESIGN §3 reference/"),
]


def _index(entries):
    return {e.code: e for e in entries}


BUILTIN = _index(FILE_ENTRIES + SCHEMA_ENTRIES + REGISTRY_ENTRIES)


def entry(code: str) -> Entry:
    if code in BUILTIN:
        return BUILTIN[code]
    from zaitaku_cli.rules import RULES_BY_CODE

    return RULES_BY_CODE[code].ENTRY


def all_entries() -> list[Entry]:
    from zaitaku_cli.rules import RULES

    return list(BUILTIN.values()) + [r.ENTRY for r in RULES]


def render(finding, lang: str = "ja") -> str:
    return entry(finding.code).render(lang, finding.params)
