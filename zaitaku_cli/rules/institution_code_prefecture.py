"""An institution's codes belong to the prefecture: the 医療機関コード (10 digits) and the
ナビイ id (13 digits: prefecture 2, kind 1, institution code 10) both begin with the two-digit
prefecture number, the first two digits of prefecture.yaml `code` (北海道 01, 熊本県 43). The
ナビイ ids of linked institutions and nursing stations too (seed 001 links them): the plan lists
only partners in the prefecture's own zones (linked-municipality)."""

from zaitaku_cli.codes import prefecture_number
from zaitaku_cli.model import linked_items
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution",)
SCOPE = "record"  # reads only the record and the scheme
ENTRY = rule_entry(
    "institution-code-prefecture", "error", "他の都道府県のコード", "Code of another prefecture",
    "{field}「{code}」は上2桁が「{found}」で、{prefecture}の都道府県番号「{number}」ではありません。"
    "他の都道府県の医療機関のものか、写し間違いです。",
    "{field_en} '{code}' begins with '{found}', not {prefecture}'s prefecture number '{number}': it is "
    "another prefecture's institution, or a copying error.",
    "DESIGN §4 Reference data: codes and institution ids that belong to the prefecture",
    "medical_institution_code: \"4310312348\"   # 北海道（01）の登録簿に")

# field -> (its length when it is checked, Japanese label, English label)
FIELDS = {
    "medical_institution_code": (10, "医療機関コード", "Medical institution code"),
    "navii_id": (13, "ナビイのID（navii_id）", "Navii id (navii_id)"),
}
# the lists whose items carry a navii_id -> (Japanese label, English label)
LINKED = {
    "linked_institutions": ("連携している医療機関", "a linked institution"),
    "linked_nursing_stations": ("連携している訪問看護事業所", "a linked nursing station"),
}


def check(record, registry):
    number = prefecture_number(registry.scheme.data.get("code"))
    if number is None:
        return
    for field, (length, label, label_en) in FIELDS.items():
        if _foreign(record.get(field), length, number):
            yield _report(record.get(field), (field,), label, label_en, number, registry)
    length, label, label_en = FIELDS["navii_id"]
    for key, i, item in linked_items(record.data):
        if _foreign(item.get("navii_id"), length, number):  # the labels are made only for a report
            list_label, list_label_en = LINKED[key]
            yield _report(item.get("navii_id"), (key, i, "navii_id"), f"{list_label}「{item.get('name')}」の{label}",
                          f"{label_en} of {list_label_en} ('{item.get('name')}')", number, registry)


def _foreign(code, length, number) -> bool:
    return isinstance(code, str) and len(code) == length and code.isascii() and code.isdigit() and code[:2] != number


def _report(code, path, label, label_en, number, registry) -> Report:
    return Report(path, {"field": label, "field_en": label_en, "code": code, "found": code[:2],
                         "number": number, "prefecture": registry.scheme.name})
