"""What the grant rules share beyond zaitaku_cli.money: a grant's menu, the designation it funds,
who receives it, and the other grants of the same menu and recipient.

An amount written otherwise than integer yen (a float, a 千円 string) is grant-amount-yen's
finding; the other rules leave it out of their sums rather than guess what was meant.
"""

from __future__ import annotations

import re
import unicodedata

from zaitaku_cli.model import menu_label

FUNDED = (("hub", "hubs"), ("institution", "institutions"))  # grant key, registry folder
# A body's legal form, spelled out or abbreviated in brackets, before or after its name: the same
# body is written 一般社団法人十勝医師会, （一社）十勝医師会 and 十勝医師会. Longer forms first.
_FORMS = ("公益社団法人", "一般社団法人", "公益財団法人", "一般財団法人", "社会福祉法人", "社会医療法人",
          "医療法人社団", "医療法人財団", "医療法人", "特定非営利活動法人", "NPO法人", "独立行政法人",
          "地方独立行政法人", "株式会社", "有限会社", "合同会社")
_ABBREVIATED = r"\((?:公社|一社|公財|一財|社福|福|医|医社|医財|社医|特非|NPO|独|地独|株|有|合)\)"  # after NFKC
_LEGAL_FORM = re.compile(rf"^(?:{'|'.join(sorted(_FORMS, key=len, reverse=True))}|{_ABBREVIATED})+"
                         rf"|(?:{_ABBREVIATED})+$")


def menu_of(grant, registry) -> dict | None:
    """The grant's menu (prefecture.yaml grants.menus item), or None when it is not known."""
    return registry.scheme.grant_menus.get(grant.get("menu"))


def menu_words(menu) -> dict:
    """Message parameters naming a menu: {menu} in Japanese quotes (『』 when its label holds
    「」 already, as 「在宅医療に必要な連携を担う拠点」に対する補助 does), {menu_en} its English
    label (label_en, else its id) in single quotes."""
    label = menu_label(menu, "ja")
    quoted = f"『{label}』" if "「" in label else f"「{label}」"
    return {"menu": quoted, "menu_en": f"'{menu_label(menu, 'en')}'"}


def grant_words(grant, registry) -> tuple[str, str]:
    """A grant as messages name another one: 『menu』（id）, 'menu' (id)."""
    menu = menu_of(grant, registry)
    if menu is None:
        return f"「{grant.get('menu')}」（{grant.id}）", f"'{grant.get('menu')}' ({grant.id})"
    words = menu_words(menu)
    return f"{words['menu']}（{grant.id}）", f"{words['menu_en']} ({grant.id})"


def funded(grant, registry):
    """(grant key, the valid hub or institution Record the grant funds), or (None, None)."""
    for key, _ in FUNDED:
        record = registry.records(key).get(grant.get(key)) if isinstance(grant.get(key), str) else None
        if record is not None and record.valid:
            return key, record
    return None, None


def fiscal_year(grant) -> int | None:
    year = grant.get("fiscal_year")
    return year if isinstance(year, int) and not isinstance(year, bool) else None


def name_key(name) -> str:
    """A body's name as compared between grants: NFKC, no spaces, no legal form (_FORMS or its
    bracketed abbreviation) before or after it."""
    text = "".join(unicodedata.normalize("NFKC", str(name)).split())
    return _LEGAL_FORM.sub("", text) or text


def located_bodies(grant, registry) -> list[tuple[tuple, dict]]:
    """(path in the grant, body) of the bodies the money goes to: the grant's `body`, else the
    implementing bodies of the funded hub (at `hub`), else the funded institution itself (as a
    medical institution, at `institution`)."""
    body = grant.get("body")
    if isinstance(body, dict):
        return [(("body", "type"), body)]
    key, record = funded(grant, registry)
    if key == "hub":
        return [(("hub",), b) for b in record.get("implementing_bodies") or [] if isinstance(b, dict)]
    if key == "institution":
        return [(("institution",), {"name": record.get("name"), "type": "medical_institution"})]
    return []


def bodies(grant, registry) -> list[dict]:
    return [body for _, body in located_bodies(grant, registry)]


def recipient(grant, registry) -> str | None:
    return registry.memo(("grant-recipient", grant.id), lambda: _recipient(grant, registry))


def _recipient(grant, registry) -> str | None:
    """Who a grant is for, as years (max_years, first year only) and grant-duplicate count it:
    the funded record, else the body's name key with the grant's municipality; None when the
    grant names neither."""
    key, record = funded(grant, registry)
    if record is not None:
        return f"{key}:{record.id}"
    body = grant.get("body")
    if not (isinstance(body, dict) and body.get("name")):
        return None
    # a 郡市医師会 commissioned by several municipalities does separate work for each
    town = grant.get("municipality") if isinstance(grant.get("municipality"), str) else ""
    return f"body:{name_key(body.get('name'))}@{town}"


def years_of(registry, menu_id: str) -> dict[str, list[int]]:
    """recipient -> the sorted distinct fiscal years of the recorded grants of a menu."""
    def compute():
        years: dict[str, set] = {}
        for grant in registry.grants.values():
            who, year = recipient(grant, registry), fiscal_year(grant)
            if grant.valid and grant.get("menu") == menu_id and who and year is not None:
                years.setdefault(who, set()).add(year)
        return {who: sorted(ys) for who, ys in years.items()}
    return registry.memo(("grant-years", menu_id), compute)
