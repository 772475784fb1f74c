"""The catalogue of finding types: a stable code, a default severity, a title and a message
template in Japanese and English, and the passage of the source it enforces.

File-level and schema entries live here; each rule module declares its own entry (see rules/).
This module imports no rule: findings.entry(code) finds a code's entry in either, and messages
are rendered (findings.render) only by reporters.
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
        if "{t_" in template:  # the scheme's words (check.py adds them); the national ones by default
            params = {**params, **_term_placeholders(params)}
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return template


def national_term_params() -> dict:
    """{t_zone}, {t_hub}, … and {t_zone_en}, …: the national words (model.NATIONAL_TERMS)."""
    from zaitaku_cli.model import NATIONAL_TERMS, as_term_params

    return as_term_params(NATIONAL_TERMS["ja"], NATIONAL_TERMS["en"])


# Where messages have always said a national word otherwise than the tables do, they keep saying
# it so: English running text says "zone" (tables: "home-care zone"), Japanese 二次医療圏 and
# 三次医療圏 (tables: 第二次医療圏, 第三次医療圏). A scheme's own word is used as written.
_MESSAGE_FORMS = {"ja": {"secondary_area": "二次医療圏", "tertiary_area": "三次医療圏"},
                  "en": {"zone": "zone"}}


def message_terms(terms: dict, lang: str = "ja") -> dict:
    """The words a message uses for a scheme's terms (model.Scheme.terms(lang)): the national
    words in their message forms, a scheme's own as written. In English also `<key>_plural`
    ("zones") and `<key>_a` ("a zone", "an area")."""
    from zaitaku_cli.model import NATIONAL_TERMS

    lang = "en" if lang == "en" else "ja"
    national, forms = NATIONAL_TERMS[lang], _MESSAGE_FORMS[lang]
    words = {k: forms[k] if k in forms and v == national.get(k) else v for k, v in terms.items()}
    if lang == "en":
        for k, v in list(words.items()):
            words[f"{k}_plural"], words[f"{k}_a"] = _plural(v), _with_article(v)
    return words


def _plural(word: str) -> str:
    """An English noun phrase in the plural: its last word takes the ending ("home-care zones";
    "municipalities" stays as it is)."""
    if word.endswith(("ss", "sh", "ch", "x")):
        return word + "es"
    if word.endswith("s"):
        return word
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def counted(n: int, noun: str) -> str:
    """An English count: "1 error", "2 errors", "1 row" (Japanese counts take no plural)."""
    return f"{n} {noun if n == 1 else _plural(noun)}"


def _with_article(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


_PLACEHOLDERS: dict = {}


def _term_placeholders(params: dict) -> dict:
    """{t_zone}, {t_zone_en}, {t_zone_en_plural}, {t_zone_en_a}, … in their message forms, from
    the t_ params (the scheme's words, Scheme.term_params) over the national ones. Kept by the
    scheme's words: a report renders thousands of messages with the same few."""
    key = tuple(sorted((k, v) for k, v in params.items() if k.startswith("t_") and isinstance(v, str)))
    if key not in _PLACEHOLDERS:
        raw = {**national_term_params(), **dict(key)}
        ja = {k[2:]: v for k, v in raw.items() if not k.endswith("_en")}
        en = {k[2:-3]: v for k, v in raw.items() if k.endswith("_en")}
        placeholders = {f"t_{k}": v for k, v in message_terms(ja, "ja").items()}
        for k, v in en.items():
            word = message_terms({k: v}, "en")
            placeholders.update({f"t_{k}_en": word[k], f"t_{k}_en_plural": word[f"{k}_plural"],
                                 f"t_{k}_en_a": word[f"{k}_a"]})
        _PLACEHOLDERS[key] = placeholders
    return _PLACEHOLDERS[key]


def _e(code, severity, title_ja, title_en, ja, en, source="", example=""):
    return Entry(code, severity, {"ja": title_ja, "en": title_en}, {"ja": ja, "en": en}, source, example)


DESIGN_FILES = "DESIGN §4 Files"

FILE_ENTRIES = [
    _e("file-encoding", "error", "文字コード", "File encoding",
       "UTF-8 として読めません（{detail}）。{advice}",
       "Not valid UTF-8 ({detail_en}). {advice_en}", DESIGN_FILES,
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
       "登録簿のフォルダの外を指すリンクです（{target}）。リンクは辿りません。",
       "This link points outside the registry folder ({target}); links are not followed.", DESIGN_FILES),
    _e("file-extension", "warning", "ファイル名の拡張子", "File extension",
       "{which}ファイルは読み込みません。記録は .yaml で保存し、記録でないファイルは登録簿の外に置いてください。",
       "{which_en} are not read; save records as .yaml and keep other files outside the registry.",
       DESIGN_FILES, "institutions/tanaka-iin.json"),
    _e("record-not-read", "error", "読み込まれない記録", "Record not read",
       "このファイルは記録として読み込まれません（{reason}）。{advice}",
       "This file is not read as a record ({reason_en}). {advice_en}",
       "DESIGN §3: institutions/<id>.yaml … one record each; nothing under registry/ is skipped silently",
       "institutions/tanaka-iin.YML, institutions/archive/old-clinic.yaml, hospitals/x.yaml"),
    _e("file-not-read", "warning", "読み込まれないファイル", "File not read",
       "このファイルは読み込まれません（{reason}）。{advice}", "This file is not read ({reason_en}). {advice_en}",
       "DESIGN §3: the registry's folders; nothing under registry/ is skipped silently",
       "reference/population-2025-01-01.csv   # prefecture.yaml の reference: にない"),
    _e("file-temporary", "warning", "書き込み途中の一時ファイル", "Temporary file",
       "zaitaku の書き込みが中断されて残った一時ファイルです（{original} の書き込み中）。{original} は書き込み前か後の"
       "どちらかの内容のまま完全に残っています。内容を確かめてから、この一時ファイルを削除してください"
       "（次に zaitaku が {original} に書き込むときにも削除されます）。",
       "A temporary file left by an interrupted write of {original}; {original} itself holds either its old or its "
       "new content, complete. Check it, then delete this temporary file (the next write of {original} by zaitaku "
       "removes it too).",
       "DESIGN §7: edits … are written atomically", "institutions/.sato.yaml.4242-k2j4x9ab.zaitaku-tmp"),
    _e("file-unreadable", "error", "読み込めないファイル", "Unreadable file",
       "ファイルを読み込めません: {detail}", "The file cannot be read: {detail_en}", DESIGN_FILES),
    _e("folder-unreadable", "error", "読み込めないフォルダ", "Unreadable folder",
       "フォルダを読み込めません（{detail}）。中のファイルは検査されていません。フォルダのアクセス権を確かめてください。",
       "The folder cannot be read ({detail_en}); nothing in it was checked. Check the folder's permissions.",
       "DESIGN §7: bad input gets a clear message, never a traceback", "chmod 000 registry/hubs"),
    _e("file-too-large", "error", "大きすぎるファイル", "File too large",
       "ファイルが大きすぎます（{size:,} バイト、上限 {limit:,} バイト）。1ファイルには1件の記録だけを書いてください。",
       "The file is too large ({size:,} bytes; the limit is {limit:,}); keep one record per file.", DESIGN_FILES),
    _e("yaml-too-deep", "error", "入れ子が深すぎる", "Nesting too deep",
       "入れ子（[ ] や {{ }} や字下げ）が深すぎます（{depth} 段を超えています）。記録の形を確認してください。",
       "The nesting ([ ], {{ }} or indentation) is too deep (over {depth} levels); check the record's shape.",
       DESIGN_FILES, "note: [[[[[[[[ … ]]]]]]]]"),
    _e("yaml-syntax", "error", "YAML の書式", "YAML syntax",
       "YAML として読めません。{hint}（{detail}）", "Not valid YAML: {detail}", DESIGN_FILES, "name: [a"),
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
       "The top level must be a mapping of 'key: value' (found {found_en}).", DESIGN_FILES, "- a\n- b"),
    _e("record-id-mismatch", "error", "id とファイル名", "id and file name",
       "id「{id}」がファイル名「{stem}」と一致しません。id はファイル名（拡張子なし）と同じにしてください。",
       "id '{id}' does not match the file name '{stem}'; the id must equal the file name without .yaml.",
       "DESIGN §3: Record ids … equal the file's stem", "id: other-name"),
    _e("record-id-invalid-stem", "error", "ファイル名", "File name",
       "ファイル名「{stem}」は記録の id として使えません（半角英小文字・数字・ハイフン）。",
       "The file name '{stem}' cannot be a record id (lowercase a-z, 0-9 and hyphens).",
       "DESIGN §3: Record ids and file stems: [a-z0-9][a-z0-9-]*"),
    _e("yaml-unquoted-code", "error", "引用符のない数字", "Unquoted number",
       "{field}は引用符がないため数値として読まれます（{raw}）。引用符で囲んでください: \"{raw}\"",
       "{field_en} is written as a bare number and is read as a number ({raw}); quote it: \"{raw}\"",
       "DESIGN §3: Codes are strings (quote them: YAML reads 011002 as a number)",
       "municipality: 012050"),
    _e("yaml-boolean-1-1", "error", "YAML 1.1 の真偽値", "YAML 1.1 boolean",
       "{field}の「{raw}」は、YAML 1.1 を読むソフト（このツールなど）では {value}、YAML 1.2 を読むソフト"
       "（エディタ、yamllint など）では文字として読まれ、意味が一つに決まりません。{advice}",
       "{field_en}: '{raw}' is {value} to a YAML 1.1 reader (such as this tool) but text to a YAML 1.2 "
       "reader (editors, yamllint), so its meaning is not fixed. {advice_en}",
       "DESIGN §4 Files: a value must mean the same to every reader (as bare-digit codes)",
       "intent: yes"),
    _e("yaml-number-1-1", "error", "YAML 1.1 の数の書き方", "YAML 1.1 number",
       "{field}の「{raw}」は YAML 1.1 だけの数の書き方です。YAML 1.1 では {value}、YAML 1.2 では{reading}と"
       "読まれます。数は 0 以外の数字で始め、「_」や「:」を使わずに書いてください（例: 100000）。",
       "{field_en}: '{raw}' is a number only in YAML 1.1, which reads {value}; YAML 1.2 reads {reading_en}. "
       "Write the number plainly, without a leading 0, '_' or ':' (e.g. 100000).",
       "DESIGN §4 Files: a value must mean the same to every reader (as bare-digit codes)",
       "population_threshold: 100_000"),
    _e("date-invalid", "error", "日付", "Date",
       "{field}「{text}」は日付として読めません。{hint}",
       "{field_en} '{text}' is not a date. {hint_en}",
       "DESIGN §3: Dates are written ISO (2025-04-01) or as Japanese era dates", "designated_on: 2025-02-30"),
    _e("date-outside-era", "error", "元号の期間外", "Date outside its era",
       "{field}「{text}」は{era}の期間外です（{era}は{span}）。",
       "{field_en} '{text}' is outside the {era} era ({span_en}).",
       "DESIGN §2: 和暦; 元年 for year 1", "designated_on: 平成31年5月1日"),
    _e("date-month-only", "error", "日付（日が不明）", "Date without a day",
       "{field}「{text}」には日がありません。年月日で書いてください。",
       "{field_en} '{text}' has no day; write year, month and day.", "DESIGN §3", "withdrawn_on: 令和7年8月"),
]

SCHEMA_ENTRIES = [
    _e("schema-required", "error", "必須項目", "Required field",
       "必須項目「{key}」（{title}）がありません。{example}", "The required field '{key}' ({title_en}) is missing.{example_en}",
       "schemas/*.schema.json: required", "(designation を削除)"),
    _e("schema-unknown-key", "error", "未知の項目", "Unknown field",
       "「{key}」という項目はありません。{suggestion}", "There is no field '{key}'. {suggestion_en}",
       "schemas/*.schema.json: additionalProperties false", "desgnated_on: 2025-04-01"),
    _e("schema-type", "error", "値の型", "Value type",
       "{field}は{expected}で書いてください（今は{now}です）。{null_ok}",
       "{field_en} must be {expected_en} (found {now_en}).{null_ok_en}", "schemas/*.schema.json: type", "intent: はい"),
    _e("schema-enum", "error", "選択肢", "Allowed values",
       "{field}「{value}」は使えません。{suggestion}次のいずれかを書いてください: {allowed}",
       "{field_en} '{value}' is not allowed.{suggestion_en} Use one of: {allowed}", "schemas/*.schema.json: enum",
       "status: planed"),
    _e("schema-format", "error", "値の書式", "Value format",
       "{field}「{value}」の書式が正しくありません。{hint}",
       "{field_en} '{value}' is not in the expected form. {hint_en}", "schemas/*.schema.json: pattern",
       "medical_institution_code: \"０１１０３１２３４５\""),
    _e("schema-min-items", "error", "空のリスト", "Empty list",
       "{field}には少なくとも{minimum}つ書いてください。", "{field_en} needs at least {minimum} item(s).",
       "schemas/*.schema.json: minItems", "zones: []"),
    _e("schema-unique-items", "error", "重複した値", "Repeated value",
       "{field}に同じ値「{value}」が2回以上書かれています。1回にしてください。",
       "{field_en} lists the same value '{value}' more than once.",
       "schemas/*.schema.json: uniqueItems", "zones: [muroran, muroran]"),
    _e("schema-invalid", "error", "値", "Value",
       "{field}の値が正しくありません: {detail}", "{field_en} is not valid: {detail}", "schemas/*.schema.json"),
]

DESIGN_TEXT = "DESIGN §4 Files; §5 (the text reaches tables, CSV, XLSX and the terminal)"

# Characters inside values (load/text.py value_faults), however written: literally or as a
# YAML escape in a double-quoted value ("\v", "\x1b", "\u202E").
TEXT_ENTRIES = [
    _e("text-control-character", "error", "値の中の制御文字", "Control character in a value",
       "{field}に制御文字 {chars} があります（「{shown}」）。画面・CSV・Excel の表示を乱すので削除してください"
       "（\\v や \\x1b のような書き方も同じです）。",
       "{field_en} contains the control character {chars_en} ('{shown}'); it corrupts the terminal, CSV and "
       "Excel output. Delete it (escapes such as \\v and \\x1b count too).",
       DESIGN_TEXT, 'name: "佐藤内科\\vクリニック"'),
    _e("text-noncharacter", "error", "文字でない符号", "Noncharacter",
       "{field}に文字として使えない符号 {chars} があります（「{shown}」）。Excel（XLSX）などに書き出せないので"
       "削除してください。",
       "{field_en} contains {chars_en}, which is not a character ('{shown}'); it cannot be written to Excel "
       "(XLSX) or other files. Delete it.",
       DESIGN_TEXT, 'name: "佐藤内科\\uFFFE"'),
    _e("text-bidi-control", "error", "表示順を変える制御文字", "Bidirectional control",
       "{field}に文字の表示順を入れ替える制御文字 {chars} があります（「{shown}」）。見た目と中身が食い違うので"
       "削除してください。",
       "{field_en} contains the bidirectional control {chars_en} ('{shown}'): what is shown differs from what "
       "is stored. Delete it.",
       DESIGN_TEXT, 'name: "\\u202Eクリニック"'),
    _e("text-invisible-character", "error", "見えない文字", "Invisible character",
       "{field}に見えない文字 {chars} があります（「{shown}」）。検索・照合・並べ替えが合わなくなるので"
       "削除してください。",
       "{field_en} contains the invisible character {chars_en} ('{shown}'); searching, matching and sorting "
       "go wrong. Delete it.",
       DESIGN_TEXT, 'name: "佐藤\\u200B内科"'),
    _e("text-private-use", "warning", "外字（私用領域の文字）", "Private-use character",
       "{field}に外字（私用領域の文字）{chars} があります（「{shown}」）。このパソコン以外では別の文字や"
       "空白で表示されます。標準の文字（異体字は標準の字体）に置き換えてください。",
       "{field_en} contains the private-use character {chars_en} ('{shown}'); other computers show another "
       "character or a blank. Replace it with a standard character.",
       DESIGN_TEXT, 'name: "\\uE000田医院"'),
    _e("text-decomposed", "warning", "分かれた濁点・半濁点", "Decomposed character",
       "{field}「{shown}」は、濁点・半濁点などが前の文字と別の文字（{chars}）で書かれています（Mac で作った"
       "ファイルに多い形）。読み込むときに1文字にしました。ファイルも入力し直して直してください。",
       "{field_en} '{shown}' is written with separate combining marks ({chars_en}), as Macs often save it; "
       "it was composed when read. Retype it in the file.",
       DESIGN_TEXT, "kana: カ + U+3099（ガ）"),
    _e("text-combining-mark", "error", "合成できない濁点・半濁点", "Stray combining mark",
       "{field}の濁点・半濁点 {chars} が前の文字と1文字になりません（「{shown}」）。濁点・半濁点の付いた文字を"
       "入力し直してください。",
       "{field_en}: the combining mark {chars_en} cannot be composed with the character before it "
       "('{shown}'). Retype the character with its mark.",
       DESIGN_TEXT, "name: ア + U+3099"),
    _e("text-line-break", "error", "1行の項目の改行", "Line break in a one-line field",
       "{field}に改行があります（「{shown}」）。この項目は1行で書いてください（「|」「>」で書いた値の末尾の"
       "改行も含みます）。改行は note（備考）などに書けます。",
       "{field_en} contains a line break ('{shown}'); write it on one line (a value written with | or > "
       "ends with one). Line breaks belong in fields such as note.",
       DESIGN_TEXT, "name: |\n  佐藤内科\n  クリニック"),
    _e("text-surrounding-space", "warning", "前後の空白", "Leading or trailing space",
       "{field}「{shown}」の先頭か末尾に空白 {chars} があります。並べ替えや照合が合わなくなるので、空白を"
       "削除してください。",
       "{field_en} '{shown}' begins or ends with the space {chars_en}; sorting and matching go wrong. "
       "Delete it.",
       DESIGN_TEXT, "name: 佐藤内科　（末尾に全角スペース）"),
]

REGISTRY_ENTRIES = [
    _e("registry-missing", "error", "登録簿が見つからない", "Registry not found",
       "{path} がありません。", "{path} does not exist.", "DESIGN §3"),
    _e("reference-invalid", "error", "参照データ", "Reference data",
       "参照データの行が正しくありません: {detail}", "Invalid reference data row: {detail}", "DESIGN §3 reference/"),
    _e("reference-code-check-digit", "error", "コードの検査数字", "Code check digit",
       "{what}「{code}」の検査数字（6桁目）が合いません。前の5桁からは「{expected}」になるはずです。"
       "総務省の全国地方公共団体コードの一覧と照らして、写し間違いを直してください。",
       "The check digit (6th digit) of {what_en} '{code}' is wrong: the first five digits give '{expected}'. "
       "Compare it with the official list of local government codes (MIC) and correct the copying error.",
       "DESIGN §4 Reference data: every municipality code's check digit (JIS X 0402)",
       "011009,札幌市,サッポロシ,0104   # 正しくは 011002"),
    _e("reference-code-prefecture", "error", "他の都道府県のコード", "Code of another prefecture",
       "{what}「{code}」は{prefecture}のものではありません（{prefecture}のコードは「{number}」で始まります。"
       "prefecture.yaml の code による）。",
       "{what_en} '{code}' does not belong to {prefecture}: its codes begin with '{number}' "
       "(prefecture.yaml `code`).",
       "DESIGN §4 Reference data: codes … that belong to the prefecture",
       "431001,熊本市,クマモトシ,0104   # 北海道の登録簿に"),
    _e("reference-secondary-area", "error", "存在しない二次医療圏", "Unknown secondary area",
       "{name}（{code}）の二次医療圏「{area}」は prefecture.yaml の secondary_areas にありません"
       "（あるのは {known}）。コードを直すか、secondary_areas に二次医療圏を加えてください。",
       "The secondary area '{area}' of {name} ({code}) is not in prefecture.yaml secondary_areas "
       "({known_en}); correct the code or add the area to secondary_areas.",
       "DESIGN §4 Reference data: areas that exist", "012050,室蘭市,ムロランシ,0199"),
    _e("reference-secondary-area-missing", "error", "二次医療圏が未記入", "Secondary area not filled in",
       "{name}（{code}）の二次医療圏（secondary_area の列）が空です。prefecture.yaml の secondary_areas の"
       "コードのうち、この市町村が属するものを書いてください。",
       "{name} ({code}) has no secondary area (the secondary_area column is empty); write the code, "
       "from prefecture.yaml secondary_areas, of the area it belongs to.",
       "DESIGN §3 reference/: municipalities.csv (code, name, kana, secondary area)",
       "431001,熊本市,クマモトシ,"),
    _e("reference-secondary-area-empty", "warning", "市町村のない二次医療圏", "Secondary area with no municipality",
       "二次医療圏「{name}」（{area}）に属する市町村が参照データ（municipalities.csv の secondary_area の列）に"
       "ありません。二次医療圏のコードと、各市町村の secondary_area を確かめてください。",
       "No municipality of the reference table (municipalities.csv, column secondary_area) is in the "
       "secondary area '{name}' ({area}); check the area's code and each municipality's secondary_area.",
       "DESIGN §4 Reference data: areas that exist",
       "secondary_areas: [{code: \"4301\", name: 熊本・上益城, …}]   # 市町村の列には 4301 がない"),
    _e("prefecture-placeholder", "error", "未記入の設定", "Setting not filled in",
       "{field} は zaitaku init のひな形のままです（「{text}」）。【要記入】の指示に従って、この都道府県の値を書いてください。",
       "{field} is still as zaitaku init wrote it; replace the placeholder marked 【要記入】 (to fill in) "
       "with the prefecture's value.",
       "DESIGN §6: zaitaku init — prefecture.yaml commented where the officer must decide",
       "plan: {name: 【要記入】熊本県の医療計画の正式な名称, …}"),
]

DESIGN_HISTORY = "DESIGN §4 History"

# Findings of `zaitaku check --base REV`: the current registry against the registry at REV
# (zaitaku_cli/history/rules.py). They exist only when a base revision is given.
HISTORY_ENTRIES = [
    _e("history-designation-deleted", "error", "指定の記録の削除", "Designation deleted",
       "{kind}「{name}」（{id}）は比較の基準 {base} で{status}でしたが、登録簿から削除されています。"
       "指定の記録は削除せず、designation.status を withdrawn にして withdrawn_on（取消・辞退の日）を書いてください。"
       "id（ファイル名）の変更も、削除と追加として扱われます。",
       "The {kind_en} '{name}' ({id}) was {status_en} at the base revision {base} but has been deleted "
       "from the registry. Never delete a designation: set designation.status to withdrawn and write "
       "withdrawn_on. Renaming the id (the file) counts as a deletion plus an addition.",
       DESIGN_HISTORY, "git rm registry/hubs/muroran.yaml   # 基準のリビジョンでは status: designated"),
    _e("history-date-changed", "error", "記録した日付の変更", "Recorded date changed",
       "{label}（{field}）が基準 {base} の「{old}」から「{new}」に変わっていますが、designation.corrections に"
       "説明がありません。一度記録した日付は変えません。誤りの訂正であれば、corrections に "
       "{fix} を追加してください。{hint}",
       "{field} changed from '{old}' at the base revision {base} to '{new_en}' with no entry in "
       "designation.corrections. A recorded date does not change; if this corrects an error, add "
       "{fix_en} to corrections. {hint_en}",
       DESIGN_HISTORY, "designated_on: 2025-07-15   # 基準では 2025-07-01、corrections なし"),
    _e("history-designation-reverted", "error", "未指定への戻し", "Designation undone",
       "基準 {base} で{status}だった指定が、指定状況「{new_status}」に戻されています。指定は取り消す"
       "（status: withdrawn と withdrawn_on）ことはできますが、未指定に戻すことはできません。指定の記録そのものが"
       "誤りだった場合は、corrections に {fix} を追加してください。",
       "The designation ({status_en} at the base revision {base}) has been set back to '{new_status}'. "
       "A designation can be withdrawn (status: withdrawn with withdrawn_on), never undone. If recording it "
       "was itself an error, add {fix_en} to corrections.",
       DESIGN_HISTORY, "status: planned   # 基準では status: designated, designated_on: 2025-07-01"),
    _e("history-step-changed", "error", "記録した経過の変更", "Recorded step changed",
       "基準 {base} の経過の{number}番目の段階「{old}」が「{new}」に変わっていますが、designation.corrections に"
       "説明がありません。一度記録した経過は消したり変えたりしません（新しい段階を加えるのはかまいません）。"
       "誤りの訂正であれば、corrections に {fix} を追加してください。{hint}",
       "Step {number} at the base revision {base}, '{old_en}', is now '{new_en}' with no entry in "
       "designation.corrections. A recorded step is not deleted or changed (adding steps is fine); if this "
       "corrects an error, add {fix_en} to corrections. {hint_en}",
       DESIGN_HISTORY, "steps: []   # 基準では steps: [{status: coordinating, by: 2025-07-21}]、corrections なし"),
    _e("history-steps-deleted", "warning", "経過を記録した記録の削除", "Record with steps deleted",
       "{kind}「{name}」（{id}）は比較の基準 {base} で指定に向けた経過（{steps}）が記録されていましたが、登録簿から"
       "削除されています。記録した経過は、過去の日付の表（--as-of）を作り直すのに使われます。辞退したのであれば"
       "削除せずに zaitaku withdraw で辞退の日を記録してください。誤って作った記録を消したのであれば、この警告は"
       "そのままで構いません。",
       "The {kind_en} '{name}' ({id}) had steps toward a designation at the base revision {base} ({steps_en}) but "
       "has been deleted. Recorded steps rebuild past tables (--as-of): if it declined, keep the record and record "
       "the day with zaitaku withdraw; if the record was made by mistake, this warning may stand.",
       DESIGN_HISTORY, "git rm registry/institutions/tanaka-iin.yaml   # 基準では steps: [{status: planned, by: 2025-07-21}]"),
    _e("history-grant-decided-changed", "error", "交付決定額・交付決定日の変更", "Decided grant amount changed",
       "{what}が基準 {base} の「{old}」から「{new}」に変わっていますが、corrections に説明がありません。"
       "交付決定額・交付決定日・額の確定日は、一度記録したら黙って変えたり消したりしません（決定前の申請額の変更、"
       "未記録の交付決定額の記入はかまいません）。変更交付決定や記録の誤りの訂正であれば、corrections に {fix} を"
       "追加してください。{hint}",
       "{what_en} changed from '{old_en}' at the base revision {base} to '{new_en}' with no entry in "
       "corrections. A decided amount, the decision day and the settlement day are not changed or removed "
       "silently (revising an amount applied for before the decision, or filling in a decided amount, is "
       "fine); if this records an amended decision or corrects an error, add {fix_en} to corrections. {hint_en}",
       DESIGN_HISTORY + "; issue 14",
       "- {category: office, expense_type: 需用費, applied: 1000000, decided: 900000}   # 基準では decided: 1000000、corrections なし"),
    _e("history-grant-deleted", "error", "交付決定した補助金の記録の削除", "Decided grant deleted",
       "補助金「{name}」（{id}）は比較の基準 {base} で交付決定が記録されていました（{decided}）が、登録簿から"
       "削除されています。交付決定した補助金は支払われ監査される会計上の事実なので、記録は削除しません。"
       "交付決定の取消や額の変更は、記録を残したまま交付決定額を直し（取消なら 0）、corrections に書いてください。"
       "id（ファイル名）の変更も、削除と追加として扱われます。",
       "The grant '{name_en}' ({id}) had a decision recorded at the base revision {base} ({decided_en}) but has "
       "been deleted. A decided grant was paid out and is audited: keep the record, and record a cancelled or "
       "amended decision in place (the decided amount, 0 when cancelled) with an entry in corrections. "
       "Renaming the id (the file) counts as a deletion plus an addition.",
       DESIGN_HISTORY + "; issue 14", "git rm registry/grants/muroran-2025.yaml   # 基準では decided: 2092000"),
]


DESIGN_IMPORT = "DESIGN §6 zaitaku import; issue 15"

# Row-level findings of `zaitaku import institutions` (zaitaku_cli/survey/): located at the survey
# file, its row and column ({letter}: A, B, …; {header}: the column's header).
IMPORT_ENTRIES = [
    _e("import-name-missing", "error", "医療機関名がない行", "Row without a name",
       "{letter}列「{header}」: 医療機関名がありません。名称のない行は取り込めません。",
       "column {letter} '{header}': no name; a row without a name cannot be taken.", DESIGN_IMPORT),
    _e("import-code-invalid", "error", "医療機関コードの誤り", "Invalid medical institution code",
       "{letter}列「{header}」: 医療機関コード「{value}」は{reason}。写し間違いがないか確かめてください。",
       "column {letter} '{header}': medical institution code '{value}' {reason_en}; check for a copying error.",
       DESIGN_IMPORT + "; DESIGN §2 医療機関コード (Luhn)"),
    _e("import-code-missing", "error", "新しい医療機関のコードがない", "New institution without a code",
       "{letter}列「{header}」: 登録簿にない医療機関ですが、医療機関コードがありません。新しい記録の ID は医療機関コードから"
       "作る（mic-コード）ため、コードを書いてください（登録簿にある記録とは名称と市町村でも照合します）。",
       "column {letter} '{header}': an institution the registry does not have, without a medical institution code; a "
       "new record's id is made from the code (mic-<code>), so write the code (records already in the registry are "
       "also matched by name and municipality).", DESIGN_IMPORT),
    _e("import-municipality-unknown", "error", "市町村が分からない", "Unknown municipality",
       "{letter}列「{header}」: 「{value}」という市町村は参照データ（registry/reference/municipalities.csv）にありません"
       "（同じ名前が複数ある場合も含みます）。市町村の名称か6桁のコードで書いてください。",
       "column {letter} '{header}': no municipality '{value}' in the reference data (registry/reference/"
       "municipalities.csv), or more than one of that name; write its name or 6-digit code.", DESIGN_IMPORT),
    _e("import-zone-unknown", "error", "在宅医療圏が分からない", "Zone unknown",
       "{letter}列「{header}」: 市町村「{value}」を含む{t_zone}が registry/zones/ にないため、新しい記録の{t_zone}を"
       "決められません。",
       "column {letter} '{header}': no {t_zone_en} in registry/zones/ includes the municipality '{value}', so the new "
       "record's {t_zone_en} cannot be set.", DESIGN_IMPORT),
    _e("import-answer-unknown", "error", "読めない回答", "Unknown answer",
       "{letter}列「{header}」: 「{value}」を回答として読めません（{expected}）。別の語を使う場合は --mapping の対応表の "
       "answers（種類は kinds）に加えてください。空欄は「分からない」として扱います。",
       "column {letter} '{header}': '{value}' is not an answer ({expected_en}); add other words to answers (kinds for "
       "the kind) in the --mapping file. An empty cell means unknown.", DESIGN_IMPORT),
    _e("import-value-invalid", "error", "使えない値", "Invalid value",
       "{letter}列「{header}」: {reason}。", "column {letter} '{header}': {reason_en}.", DESIGN_IMPORT),
    _e("import-duplicate-row", "error", "重複した行", "Duplicate row",
       "{letter}列「{header}」: {first} 行目と同じ医療機関です（{what}）。同じ医療機関の回答は1行にしてください。",
       "column {letter} '{header}': the same institution as row {first} ({what_en}); keep one row per institution.",
       DESIGN_IMPORT),
    _e("import-ambiguous-match", "error", "照合できない行", "Ambiguous match",
       "{letter}列「{header}」: {reason}。記録と調査票のどちらが正しいか確かめ、直してから取り込んでください。",
       "column {letter} '{header}': {reason_en}; check which of the record and the survey is right, and correct it "
       "before importing.", DESIGN_IMPORT),
    _e("import-record-invalid", "error", "検査を通らない記録になる行", "Row that would make a record fail the check",
       "{letter}列「{header}」: この行を取り込むと、記録が検査でエラーになります（{where}  {code}  {message}）。",
       "column {letter} '{header}': taking this row would make the record fail the check ({where}  {code}  "
       "{message_en}).", DESIGN_IMPORT + "; DESIGN §5 zaitaku check"),
    _e("import-no-intent", "info", "掲載の意向がない新しい医療機関", "New institution without the wish to be listed",
       "{letter}列「{header}」: 登録簿にない医療機関で、意向が「{value}」のため、記録を作りません（意向のある医療機関を選定する"
       "手挙げ方式です）。",
       "column {letter} '{header}': an institution the registry does not have, whose intent is '{value}', so no record "
       "is made (institutions are selected only if they wish to be listed).",
       DESIGN_IMPORT + "; seed 004 ＜選定方法＞「計画掲載への意向がある医療機関を指定（手挙げ方式）」; seed 001 4 選定要件「意向があり」"),
    _e("import-linked-municipality-missing", "info", "市町村のない連携先", "Linked institution without a municipality",
       "{letter}列「{header}」: {names} は「名称（市町村）」の形でなく、市町村が書かれていません。市町村なしで記録します"
       "（同じ名称の医療機関を見分けられるよう、分かれば書いてください）。",
       "column {letter} '{header}': {names_en} are not written as 名称（市町村）, without a municipality; they are "
       "recorded without one (write it where known, so that namesakes can be told apart).", DESIGN_IMPORT),
    _e("import-record-differs", "info", "記録と違う名称・市町村", "Name or municipality differs from the record",
       "{letter}列「{header}」: 医療機関コードで記録 {id} と照合しましたが、記録では「{recorded}」、調査票では「{value}」です。"
       "記録の値のまま変えません（名称の変更や移転なら、記録を手で直してください）。",
       "column {letter} '{header}': matched record {id} by its medical institution code, but the record says "
       "'{recorded_en}' and the survey '{value_en}'; the record's value is kept (for a new name or a move, edit the record "
       "by hand).", DESIGN_IMPORT),
    _e("import-same-name", "info", "同じ名称の別の医療機関", "Another institution of the same name",
       "{letter}列「{header}」: 同じ名称・市町村の記録 {id} は医療機関コードが {recorded} の別の医療機関のため、この行は"
       "新しい記録にします（同じ医療機関なら、記録か調査票のコードを直してください）。",
       "column {letter} '{header}': record {id} has the same name and municipality but the medical institution code "
       "{recorded}, so it is another institution and this row becomes a new record (if it is the same one, correct "
       "the code in the record or the survey).", DESIGN_IMPORT),
]


def _index(entries):
    return {e.code: e for e in entries}


BUILTIN = _index(FILE_ENTRIES + TEXT_ENTRIES + SCHEMA_ENTRIES + REGISTRY_ENTRIES + HISTORY_ENTRIES + IMPORT_ENTRIES)
