"""What the tables share: area look-ups and order, names as 名称（市町村）, the order of
institutions (よみ, else name, in 五十音順), titles, ナビイ links, labels in Japanese and English, and what
counts as designated or pending on the as-of date."""

from __future__ import annotations

import datetime
import re

from zaitaku_cli import navii
from zaitaku_cli.collation import sort_key
from zaitaku_cli.dates import DateError, to_era
from zaitaku_cli.model import NATIONAL_TERMS
from zaitaku_cli.tables import Link, Links

FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
MARK = "○"  # U+25CB, as in seed 001's tables
NONE = "―"  # U+2015, an empty optional cell in seed 004's table
LIST_SEPARATOR = "、"

# Column keys -> headers and notes; {zone}, {hub}, … are the scheme's words (model.Scheme.terms;
# {Zone} capitalised), so another prefecture's tables speak its own terms. prefecture.yaml
# `tables.<table>.headers` replaces single headers by key.
LABELS = {
    "ja": {
        "tertiary": "{tertiary_area}", "secondary": "{secondary_area}", "zone": "{zone}",
        "municipalities": "{municipalities}",
        "institution": "医療機関名", "linked_institutions": "連携している医療機関",
        "linked_nursing_stations": "連携している訪問看護事業所", "function": "在宅医療の機能",
        "hub_zone": "{zone}（{municipalities}）", "designated_on": "指定年月日", "hub_name": "{hub}の名称",
        "hub_type": "類型",
        "implementing_bodies": "実施主体", "joint_bodies": "共同実施主体", "core_hub": "基幹拠点",
        "area_hubs": "区域拠点", "active_institutions": "{institution}",
        "planned_tertiary": "三次医療圏", "planned_zone": "{zone}", "planned_municipalities": "市町村",
        "planned_hub": "{hub}（予定）", "planned_institutions": "積極的（予定）",
        "coordinating": "（調整中）", "by": "{date}以前",
        # seed 004 marks the rows whose application is under review (a legend under its table)
        "applied_mark": "※", "applied_note": "※ 申請書提出済（審査中）", "coordinating_mark": "（調整中）",
        "unknown_note": "○ この日の段階が分からないもの（分かっている最初の段階がこの日より後）：{items}",
        "unknown_item": "{name}（{date}以前に{status}）",
        # the count as a native counter (１つ…９つ) up to 9, a bare number (１０) from 10
        "summary": "○ {total}の{zone}のうち、{count}の{zone}で{hub}を指定済み。",
        "summary_none": "○ {total}の{zone}のうち、{hub}を指定済みの{zone}はまだない。",
        # within an area (--health-center, ...): the area named, its recorded zones counted
        "summary_area": "○ {area}の{total}の{zone}のうち、{count}の{zone}で{hub}を指定済み。",
        "summary_area_none": "○ {area}の{total}の{zone}のうち、{hub}を指定済みの{zone}はまだない。",
        "summary_area_empty": "○ {area}の{zone}は、まだ登録簿にない。",
        "summary_zone": "○ {area}では{hub}を指定済み。", "summary_zone_none": "○ {area}では{hub}をまだ指定していない。",
        "area_title": "【{area}】", "health_center_area": "{name}管内",
        # the designations in preparation (export pending), as the health centres follow them
        "pending_title": "指定に向けて準備中の{hub}・{institution}", "sheet_pending": "準備中の指定",
        "pending_health_center": "{health_center}", "pending_zone": "{zone}", "pending_kind": "区分",
        "pending_name": "名称", "pending_status": "状況", "pending_step_date": "その段階の日付",
        "pending_shared_on": "{health_center}への共有日", "unknown": "不明", "not_shared": "未共有",
        "prefecture_wide": "○ {label}：{names}",
        "sheet_regional": "{zone}別", "sheet_functional": "機能別", "sheet_hubs": "{hub}の指定状況",
        "sheet_hubs_planned": "指定に向けた調整状況",
        # the grants of a fiscal year against the budget (export grants; issue 14)
        "grants_title": "補助金の交付決定と予算", "sheet_grants": "補助金", "fiscal_year": "{year}",
        "grant_tertiary": "{tertiary_area}", "grant_menu": "補助メニュー", "grant_target": "補助対象",
        "grant_body": "実施主体", "grant_route": "経路", "grant_category": "{label}（千円）",
        "grant_applied": "申請額計（千円）", "grant_decided": "交付決定額計（千円）", "grant_note": "備考",
        "subtotal": "小計", "total": "合計", "budget": "予算額", "budget_unknown": "予算額：不明",
        "balance": "差引（予算額 − 交付決定額計）",
        "per_place": "1か所あたり {unit}千円 × {places}か所 = {product}千円",
        "per_place_difference": "（予算額 {total}千円との差 {difference}千円）",
        "route_direct": "直接補助", "route_indirect": "間接補助", "route_commissioned": "委託",
        "route_via": "{route}（{municipality}）",
        "municipal_section": "【市町村の{label}（参考）】", "municipal_note": "{prefecture}の予算に含めない",
        "grants_note": "※ 金額は千円（記録の円単位の額をそのまま換算し、端数を丸めない）。",
        "grants_category_note": "※ 区分の列は交付決定額。",
        "grants_sum_note": "※ 小計・合計・予算額・差引の行も金額の列にあるため、表計算ソフトで列を合計するときは補助金の行だけを選ぶ。",
        "grants_area_note": "※ 予算額は{prefecture}全体のもので、地域を絞った表には示さない。",
        "grants_none_note": "※ この年度の補助金の記録も予算額の記録もない（registry/grants/ と prefecture.yaml の grants.menus の budgets）。",
        "grants_none_area_note": "※ この地域のこの年度の補助金の記録はない（registry/grants/）。",
    },
    "en": {
        "tertiary": "{Tertiary_area}", "secondary": "{Secondary_area}", "zone": "{Zone}",
        "municipalities": "{Municipalities}", "institution": "Institution",
        "linked_institutions": "Linked institutions", "linked_nursing_stations": "Linked visiting-nurse stations",
        "function": "Function", "hub_zone": "{Zone} (municipalities)", "designated_on": "Designated on",
        "hub_name": "{Hub}", "hub_type": "Type", "implementing_bodies": "Implementing bodies",
        "joint_bodies": "Joint bodies", "core_hub": "Core hub", "area_hubs": "Area hubs",
        "active_institutions": "{Institution}s",
        "planned_tertiary": "Tertiary area", "planned_zone": "{Zone}",
        "planned_municipalities": "Municipalities", "planned_hub": "{Hub} (planned)",
        "planned_institutions": "Active-role institutions (planned)",
        "coordinating": "(in coordination)", "by": "by {date}",
        "applied_mark": "*", "applied_note": "* applied (under review)", "coordinating_mark": " (in coordination)",
        "unknown_note": "○ Not known on this date (the first known step is later): {items}",
        "unknown_item": "{name} ({status} by {date})",
        "summary": "○ {Hub}s designated in {count} of the {total} {zone}s.",
        "summary_one": "○ {Hub}s designated in 1 of the {total} {zone}s.",
        "summary_none": "○ No {hub} designated yet in any of the {total} {zone}s.",
        "summary_area": "○ In {area}, {hub}s designated in {count} of the {total} {zone}s.",
        "summary_area_none": "○ In {area}, no {hub} designated yet in any of the {total} {zone}s.",
        "summary_area_empty": "○ No {zone} of {area} is recorded in the registry yet.",
        "summary_zone": "○ In {area}, a {hub} is designated.", "summary_zone_none": "○ In {area}, no {hub} designated yet.",
        "area_title": " — {area}", "health_center_area": "{name}",
        "pending_title": "{Hub}s and {institution}s in preparation", "sheet_pending": "In preparation",
        "pending_health_center": "{Health_center}", "pending_zone": "{Zone}", "pending_kind": "Kind",
        "pending_name": "Name", "pending_status": "Status", "pending_step_date": "Date of the step",
        "pending_shared_on": "Shared with the {health_center}", "unknown": "unknown", "not_shared": "not yet shared",
        "prefecture_wide": "○ {label}: {names}",
        "sheet_regional": "By zone", "sheet_functional": "By function", "sheet_hubs": "{Hub}s",
        "sheet_hubs_planned": "{Hub}s in preparation",
        "grants_title": "Grants decided against the budget", "sheet_grants": "Grants", "fiscal_year": "{year}",
        "grant_tertiary": "{Tertiary_area}", "grant_menu": "Menu", "grant_target": "Funded",
        "grant_body": "Implementing body", "grant_route": "Route", "grant_category": "{label} (¥1,000)",
        "grant_applied": "Applied for (¥1,000)", "grant_decided": "Decided (¥1,000)", "grant_note": "Note",
        "subtotal": "Subtotal", "total": "Total", "budget": "Budget", "budget_unknown": "Budget: unknown",
        "balance": "Balance (budget − decided)",
        "per_place": "{unit} thousand yen per place × {places} places = {product} thousand yen",
        "per_place_difference": " (budget {total} thousand yen: difference {difference})",
        "route_direct": "direct", "route_indirect": "indirect", "route_commissioned": "commissioned",
        "route_via": "{route} ({municipality})",
        "municipal_section": "[Municipal {label} (for reference)]", "municipal_note": "not in the {prefecture} budget",
        "grants_note": "* Amounts in thousand yen, converted exactly from the recorded yen (never rounded).",
        "grants_category_note": "* The category columns are the amounts decided.",
        "grants_sum_note": "* Subtotal, total, budget and balance rows share the amount columns: when summing a column "
                           "in a spreadsheet, select the grant rows only.",
        "grants_area_note": "* The budget is the whole {prefecture}'s: not shown for one area.",
        "grants_none_note": "* No grant and no budget is recorded for this year (registry/grants/, the budgets of prefecture.yaml grants.menus).",
        "grants_none_area_note": "* No grant of this area is recorded for this year (registry/grants/).",
    },
}

_TERM = re.compile(r"\{([A-Za-z_]+)\}")


def with_capitals(words: dict) -> dict:
    """{"zone": "home-care zone"} and also {"Zone": "Home-care zone"}, for a word that opens a
    header or a sentence."""
    return {**words, **{k[:1].upper() + k[1:]: v[:1].upper() + v[1:] for k, v in words.items()}}


def fill_terms(text: str, words: dict) -> str:
    """{zone}, {Hub}, … in `text` replaced by `words` (with_capitals); other braces stay."""
    return _TERM.sub(lambda m: words.get(m.group(1), m.group(0)), text)


def labels(lang: str, scheme=None, table: str | None = None) -> dict:
    """Headers and notes in `lang`, the scheme's words filled in (national words without a
    scheme) and `tables.<table>.headers` applied; {total}, {count}, {date}, … stay for format()."""
    lang = lang if lang in LABELS else "ja"
    words = with_capitals(scheme.terms(lang) if scheme is not None else NATIONAL_TERMS[lang])
    out = {key: fill_terms(text, words) for key, text in LABELS[lang].items()}
    if scheme is not None and table is not None and lang != "en":
        spec = (scheme.data.get("tables") or {}).get(table) or {}
        out.update({k: fill_terms(v, words) for k, v in (spec.get("headers") or {}).items()
                    if isinstance(v, str) and override_problem(k, v) is None})  # else scheme-table-headers says why
    return out


_FIELD = re.compile(r"\{(\w*)\}")


def override_problem(key, text) -> tuple[str, str, bool] | None:
    """Why a `tables.<table>.headers` override cannot replace LABELS[key]: (ja, en, about the
    key itself), or None. Its {placeholders} must be among those of the text it replaces."""
    if key not in LABELS["ja"]:
        return (f"「{key}」という見出しのキーはありません。", f"There is no header key '{key}'.", True)
    if not isinstance(text, str):
        return None  # the schema says what to write
    allowed = set(_FIELD.findall(LABELS["ja"][key]))
    extra = sorted(set(_FIELD.findall(text)) - allowed)
    if extra:
        shown = "、".join("{" + f + "}" for f in sorted(allowed)) or "（なし）"
        return (f"「{{{extra[0]}}}」は埋められません。この見出しで使えるのは {shown} です。",
                f"'{{{extra[0]}}}' cannot be filled in; this header takes {', '.join('{' + f + '}' for f in sorted(allowed)) or 'none'}.",
                False)
    return None


def scheme_notes(scheme, table: str, lang: str) -> list[str]:
    """prefecture.yaml `tables.<table>.notes` (the ※ notes the plan prints under that table),
    printed after the tool's own notes, {zone}, {hub}, … filled with the scheme's words. In
    English `notes_en`, else the Japanese notes (the plan's own words rather than none). A note
    with a placeholder that cannot be filled is left out (scheme-table-headers says why)."""
    spec = (scheme.data.get("tables") or {}).get(table)
    if not isinstance(spec, dict):
        return []
    notes, words_lang = spec.get("notes"), "ja"
    if lang == "en" and spec.get("notes_en"):
        notes, words_lang = spec.get("notes_en"), "en"
    if not isinstance(notes, list):
        return []
    words = with_capitals(scheme.terms(words_lang))
    return [fill_terms(n, words) for n in notes if isinstance(n, str) and note_problem(n, words) is None]


def note_problem(text, words: dict) -> tuple[str, str] | None:
    """Why a `tables.<table>.notes` text cannot be printed: (ja, en), or None. Its {placeholders}
    must be the scheme's words (`words`: with_capitals of Scheme.terms)."""
    if not isinstance(text, str):
        return None  # the schema says what to write
    unknown = [f for f in _FIELD.findall(text) if f not in words]
    if not unknown:
        return None
    shown = "、".join("{" + w + "}" for w in sorted(k for k in words if k[:1].islower()))
    return (f"注の「{{{unknown[0]}}}」は埋められません。注で使えるのは {shown} です。",
            f"'{{{unknown[0]}}}' in a note cannot be filled in; a note takes {shown.replace('、', ', ')}.")


def without_tertiary(scheme, headers: list, rows: list, column: int = 0) -> tuple[list, list]:
    """A scheme without tertiary areas (Kumamoto) has no tertiary column: drop it."""
    if scheme.has_tertiary_areas:
        return headers, rows
    return headers[:column] + headers[column + 1:], [r[:column] + r[column + 1:] for r in rows]


def fullwidth(n) -> str:
    return str(n).translate(FULLWIDTH_DIGITS)


def era_or_iso(day: datetime.date, style: str = "kanji") -> str:
    """The era date (令和7年4月1日, R7.4.1, 令和７年４月１日); ISO for a day before 昭和, which has no
    era form here (`--as-of 1900-01-01` must not crash)."""
    try:
        return to_era(day, style)
    except DateError:
        return day.isoformat()


def summary_note(covered: int, total: int, lang: str, scheme=None, area=None) -> str:
    """「○ ３９の在宅医療圏のうち、２つの在宅医療圏で拠点を指定済み。」: つ only for 1–9 (１０の在宅医療圏で),
    and a sentence of its own when no zone has a hub yet; in the scheme's words. Within an `area`
    (tables.areas.Area) the sentence names it: 「○ 十勝（第三次医療圏）の５つの在宅医療圏のうち、…」."""
    L = labels(lang, scheme)
    if area is not None:
        return _area_summary(covered, total, lang, scheme, area, L)
    if lang == "en":
        if covered == 0:
            return L["summary_none"].format(total=total)
        return (L["summary_one"] if covered == 1 else L["summary"]).format(count=covered, total=total)
    if covered == 0:
        return L["summary_none"].format(total=fullwidth(total))
    count = fullwidth(covered) + ("つ" if 1 <= covered <= 9 else "")
    return L["summary"].format(total=fullwidth(total), count=count)


def _area_summary(covered: int, total: int, lang: str, scheme, area, L) -> str:
    """The summary within an area: its recorded zones counted (つ for a total of 1–9 too); a zone
    alone says whether it has a hub."""
    where = area_label(scheme, area, lang)
    if total == 0:
        return L["summary_area_empty"].format(area=where)
    if area.kind == "zone":
        return L["summary_zone" if covered else "summary_zone_none"].format(area=where)
    if lang == "en":
        return L["summary_area" if covered else "summary_area_none"].format(area=where, count=covered, total=total)

    def counted(n):
        return fullwidth(n) + ("つ" if 1 <= n <= 9 else "")

    return L["summary_area" if covered else "summary_area_none"].format(area=where, count=counted(covered),
                                                                         total=counted(total))


def area_label(scheme, area, lang: str) -> str:
    """The area as the tables name it: 帯広保健所管内, 十勝（第三次医療圏）, 東十勝在宅医療圏."""
    label = area.label(scheme.terms(lang) if scheme is not None else NATIONAL_TERMS[lang], lang)
    if area.kind == "health_center":
        return labels(lang, scheme)["health_center_area"].format(name=label)
    return label


def title(scheme, key: str, as_of: datetime.date, lang: str, area=None, default: str | None = None,
          suffix: str = "") -> str:
    """第12表 「…」一覧 <在宅医療圏別>（R7.7.21 現在）; no 第…表 while the number is not decided.
    Within an `area`: 「…」一覧 <在宅医療圏別>【十勝（第三次医療圏）】（R7.7.21 現在）. `suffix` follows
    the name (the fiscal year of the grant table)."""
    spec = (scheme.data.get("tables") or {}).get(key) or {}
    number, name = spec.get("number"), (spec.get("title") or default or key) + suffix
    if area is not None:
        name += labels(lang, scheme)["area_title"].format(area=area_label(scheme, area, lang))
    if lang == "en":
        prefix = f"Table {number}: " if number is not None else ""
        return f"{prefix}{name} (as of {as_of.isoformat()})"
    prefix = f"第{number}表 " if number is not None else ""
    return f"{prefix}{name}（{era_or_iso(as_of, 'short')} 現在）"


def reading(record) -> str:
    """What institutions are ordered by within a zone: the よみ (`kana`) when the record has one,
    else its name (a name in kana, ひまわり診療所, then sorts among the readings)."""
    kana = record.get("kana")
    if isinstance(kana, str) and kana.strip():
        return kana.strip()
    return _name(record)


def _name(record) -> str:
    name = record.get("name")
    return name if isinstance(name, str) else ""


def institution_order(record) -> tuple:
    """The sort key of an institution within its zone: よみ (or name) in 五十音順
    (zaitaku_cli.collation: ガクエンマエ < カワイ, スーパー < スズキ), then its name, then its id."""
    return sort_key(reading(record)), sort_key(_name(record)), record.id


class Areas:
    """Area names and the order of zones: tertiary areas as listed in prefecture.yaml, then the
    secondary area's code, then the zone's `order` (unset last), then its id."""

    def __init__(self, registry):
        scheme = registry.scheme
        self.registry = registry
        tertiary = scheme.data.get("tertiary_areas") or []
        self._tertiary_index = {t["id"]: i for i, t in enumerate(tertiary)}
        self._tertiary_name = {t["id"]: t.get("name", t["id"]) for t in tertiary}
        self._secondary = scheme.secondary_areas
        self._towns = {code: m.name for code, m in registry.municipalities.items()}
        self._zone_keys: dict[str, tuple] = {}

    def secondary_name(self, zone) -> str:
        area = self._secondary.get(zone.get("secondary_area")) if zone is not None else None
        return area.get("name", "") if area else ""

    def tertiary_name(self, zone) -> str:
        area = self._secondary.get(zone.get("secondary_area")) if zone is not None else None
        return self._tertiary_name.get(area.get("tertiary_area"), "") if area else ""

    def zone_key(self, zone_id: str) -> tuple:
        key = self._zone_keys.get(zone_id)
        if key is None:
            zone = self.registry.zones.get(zone_id)
            if zone is None or not zone.whole:
                key = (len(self._tertiary_index) + 1, "", 1, 0, zone_id)
            else:
                code = zone.get("secondary_area") or ""
                area = self._secondary.get(code) or {}
                order = zone.get("order")
                key = (self._tertiary_index.get(area.get("tertiary_area"), len(self._tertiary_index)), code,
                       order is None, order if order is not None else 0, zone_id)
            self._zone_keys[zone_id] = key
        return key

    def own(self, zone_ids) -> list:
        """The zone ids of the registry's area (tables.areas.restrict), in the order given; all of
        them when the registry is not restricted to an area."""
        area = self.registry.area
        return list(zone_ids) if area is None else [z for z in zone_ids if z in area.zones]

    def sorted_zones(self) -> list:
        return [self.registry.zones[z] for z in sorted(
            (z for z, r in self.registry.zones.items() if r.whole), key=self.zone_key)]

    def town(self, code) -> str:
        return self._towns.get(code, "") if code else ""

    def town_names(self, zone, separator: str = LIST_SEPARATOR) -> str:
        return separator.join(self.town(c) for c in (zone.get("municipalities") or []) if self.town(c))

    def zone_short(self, zone) -> str:
        return (zone.get("short_name") or zone.get("name") or zone.id) if zone is not None else ""

    def named(self, name: str, code) -> str:
        """名称（市町村）, or the bare name when the municipality is not known."""
        town = self._towns.get(code) if code else None
        return f"{name}（{town}）" if town else name

    def named_list(self, items, links: "NaviiLinks | None" = None, where: str = "") -> Links:
        """Linked institutions or nursing stations: 名称（市町村）、名称（市町村）… in the record's
        order, each linked to its ナビイ page when it has a `navii_id` (and `links` a template);
        `where` (file and list key) names an item whose id gives no address."""
        out = []
        for i, item in enumerate(items or ()):
            text = self.named(item.get("name", ""), item.get("municipality"))
            out.append(links.link_id(item.get("navii_id"), text, f"{where}[{i}]") if links is not None else text)
        return Links(tuple(out))


def counts_as_designated(record, as_of: datetime.date) -> bool:
    """Designated on or before `as_of` and not withdrawn by then (model.Designation.counts_on)."""
    return bool(record.whole and record.designation and record.designation.counts_on(as_of))


def status_on(record, as_of: datetime.date) -> str | None:
    """The status of a whole record on `as_of` (model.Designation.status_on); None for a record
    that is not whole or has no designation."""
    if not (record.whole and record.designation):
        return None
    return record.designation.status_on(as_of)


def pending(record, as_of: datetime.date) -> bool:
    """In preparation on `as_of`: planned, coordinating or applied on that day (status_on). On
    2025-07-21 the hub of 北見, designated in 2025-08, was planned; a record withdrawn (or
    declined) by `as_of` is not pending."""
    return bool(record.whole and record.designation and record.designation.pending_on(as_of))


class NaviiLinks:
    """Links to 医療情報ネット (ナビイ) from prefecture.yaml `tables.navii_url`, a template with
    `{navii_id}` or with the parts of the 13-digit id: `{pref_cd}` (2 digits), `{kikan_kbn}` (1)
    and `{kikan_cd}` (10). No template: names are printed without links."""

    def __init__(self, scheme):
        self.template = navii.template(scheme)
        self.warnings: list[str] = []

    def link(self, record, text: str) -> Link | str:
        """`text` linked to the record's page (its `navii_id`), or `text` itself."""
        return self.link_id(record.data.get("navii_id"), text, record.rel)

    def link_id(self, navii_id, text: str, where: str) -> Link | str:
        """`text` linked to the page of `navii_id` (a record's, or a linked institution's:
        `where` names it in the warning when no address can be built), or `text` itself."""
        if not self.template or not navii_id:
            return text
        url = navii.url(self.template, navii_id)
        if url is None:  # institution-navii-id warns in zaitaku check, at the line
            self.warnings.append(
                f"{where}: navii_id「{navii_id}」からナビイのアドレスを作れないため、リンクを付けません"
                f"（13桁の数字: 都道府県2桁・機関区分1桁・機関コード10桁）"
                f" / cannot build the ナビイ link from navii_id {navii_id!r} (13 digits expected); no link")
            return text
        return Link(text, url)
