"""What the grant rules share beyond zaitaku_cli.money: a grant's menu, the designation it funds,
who receives it, and the other grants of the same menu and recipient.

An amount written otherwise than integer yen (a float, a 千円 string) is grant-amount-yen's
finding; the other rules leave it out of their sums rather than guess what was meant.
"""

from __future__ import annotations

import re
import unicodedata

FUNDED = (("hub", "hubs"), ("institution", "institutions"))  # grant key, registry folder
# A legal-form prefix such as （公社）, (一社), （医）: the same body is written with and without it.
_LEGAL_FORM = re.compile(r"^[（(][^）)]{1,4}[）)]")


def menu_of(grant, registry) -> dict | None:
    """The grant's menu (prefecture.yaml grants.menus item), or None when it is not known."""
    return registry.scheme.grant_menus.get(grant.get("menu"))


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
    """A body's name as compared between grants: NFKC, no spaces, no legal-form prefix."""
    text = "".join(unicodedata.normalize("NFKC", str(name)).split())
    return _LEGAL_FORM.sub("", text) or text


def bodies(grant, registry) -> list[dict]:
    """The bodies the money goes to: the grant's `body`, else the implementing bodies of the
    funded hub, else the funded institution itself (as a medical institution)."""
    body = grant.get("body")
    if isinstance(body, dict):
        return [body]
    key, record = funded(grant, registry)
    if key == "hub":
        return [b for b in record.get("implementing_bodies") or [] if isinstance(b, dict)]
    if key == "institution":
        return [{"name": record.get("name"), "type": "medical_institution"}]
    return []


def recipient(grant, registry) -> str | None:
    """Who the grant's years are counted for (max_years, first year only): the funded record,
    else the body's name key; None when the grant names neither."""
    key, record = funded(grant, registry)
    if record is not None:
        return f"{key}:{record.id}"
    body = grant.get("body")
    return f"body:{name_key(body.get('name'))}" if isinstance(body, dict) and body.get("name") else None


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
