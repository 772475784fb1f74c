"""An institution's ナビイ id (`navii_id`), and those of its linked institutions and nursing
stations, must fill prefecture.yaml's `tables.navii_url`: with the template in parts
(`{pref_cd}`, `{kikan_kbn}`, `{kikan_cd}`), 13 ASCII digits. Otherwise the tables print the name
without its link (seed 001: 「医療機能情報システムの各医療機関のページにリンク」), which no one notices
until a resident misses it. A warning: the tables are still right, only the link is missing. No
template: ids are not used, and not checked."""

import functools

from zaitaku_cli import navii
from zaitaku_cli.model import linked_items
from zaitaku_cli.rules.base import Report, rule_entry
from zaitaku_cli.rules.institution_code_prefecture import LINKED

TARGET = ("institution",)
SCOPE = "record"  # reads only the record and the scheme
ENTRY = rule_entry(
    "institution-navii-id", "warning", "ナビイのページを作れないID", "Navii id that makes no address",
    "{what}のナビイのID「{navii_id}」からはナビイのページのアドレスを作れません（prefecture.yaml の tables.navii_url は"
    "13桁の数字：都道府県2桁・機関区分1桁・機関コード10桁を使います）。一覧表ではリンクなしで載ります。"
    "ナビイのその医療機関のページのアドレスから、ID を写し直してください。",
    "The navii id '{navii_id}' of {what_en} makes no ナビイ address (prefecture.yaml tables.navii_url takes 13 digits: "
    "prefecture 2, kind 1, institution code 10); the tables list it without a link. Copy the id again from the "
    "address of the institution's ナビイ page.",
    "seed 001 一覧表の注：「医療機能情報システムの各医療機関のページにリンク」",
    "navii_id: \"011019000001\"   # 12桁")


def check(record, registry):
    template = navii.template(registry.scheme)
    if template is None:
        return
    navii_id = record.get("navii_id")
    if _unfit(template, navii_id):
        yield Report(("navii_id",), {"navii_id": navii_id, "what": "この医療機関", "what_en": "this institution"})
    for key, i, item in linked_items(record.data):
        navii_id = item.get("navii_id")
        if _unfit(template, navii_id):  # the labels are made only for a report
            label, label_en = LINKED[key]
            yield Report((key, i, "navii_id"), {"navii_id": navii_id, "what": f"{label}「{item.get('name')}」",
                                                "what_en": f"{label_en} ('{item.get('name')}')"})


def _unfit(template, navii_id) -> bool:
    return isinstance(navii_id, str) and bool(navii_id) and not _fills(template, navii_id)


@functools.lru_cache(maxsize=1 << 16)
def _fills(template: str, navii_id: str) -> bool:
    """navii.url makes an address of it (the same partners' ids recur across records)."""
    return navii.url(template, navii_id) is not None
