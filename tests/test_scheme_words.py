"""The scheme's words in the rules' messages (issue 10): prefecture.yaml `terms` / `terms_en`
replace the national words (在宅医療圏, 拠点, 積極的役割を担う医療機関, …) in every message that
names them, and with the national defaults every message is as it always was.

Each fault is checked on the Hokkaido base registry twice: as it is (national words) and with
prefecture.yaml naming its zones 圏域, its hubs 地域在宅医療サポートセンター and its institutions
在宅医療推進医療機関 (English: area, regional home-care support centre, home-care promotion
institution)."""

from __future__ import annotations

import datetime
import re

import pytest
from registry_builder import VALID, build_registry

from zaitaku_cli.catalogue import message_terms
from zaitaku_cli.findings import render
from zaitaku_cli.check import check_registry, load_checked

AS_OF = datetime.date(2025, 12, 31)

TERMS = ("name: 北海道\n",
         "name: 北海道\n"
         "terms: {zone: 圏域, hub: 地域在宅医療サポートセンター, institution: 在宅医療推進医療機関}\n"
         "terms_en: {zone: area, hub: regional home-care support centre, institution: home-care promotion institution}\n")
NO_POPULATION_EXCEPTION = ("    population_threshold: 100000\n", "    population_threshold: null\n")

NATIONAL_JA = ("在宅医療圏", "拠点", "積極的役割を担う医療機関")
NATIONAL_EN = re.compile(r"home-care zone|active-role institution|\bhubs?\b|\bzones?\b(?!/)")  # not zones/x.yaml
HUB_NAME = "サンプル在宅医療連携拠点"  # the valid hub's name: data, not the scheme's word


def _valid(rel: str) -> bytes:
    return (VALID / rel).read_bytes()


# The valid zones are named 札幌市在宅医療圏 and 室蘭在宅医療圏: data, not the scheme's word.
ZONES = {"zones/sapporo.yaml": _valid("zones/sapporo.yaml").replace("札幌市在宅医療圏".encode(), "札幌市".encode()),
         "zones/muroran.yaml": _valid("zones/muroran.yaml").replace("室蘭在宅医療圏".encode(), "室蘭".encode())}

SECOND_HUB = _valid("hubs/sample-hub.yaml").replace(b"id: sample-hub", b"id: second-hub").replace(
    "サンプル在宅医療連携拠点".encode(), "第二サンプル".encode()).replace(b"2025-07-01", b"2025-08-01")

# fault -> (the files it writes, the finding's code, its file, ja (national, scheme), en (national, scheme))
FAULTS = {
    "zone-designations": (
        {}, "zone-designations", "registry/zones/sapporo.yaml",
        ("在宅医療圏「札幌市」には2025-12-31現在、指定済みの拠点・積極的役割を担う医療機関がありません。",
         "圏域「札幌市」には2025-12-31現在、指定済みの地域在宅医療サポートセンター・在宅医療推進医療機関がありません。"),
        ("Zone '札幌市' has no designated hub or active-role institution as of 2025-12-31.",
         "Zone '札幌市' has no designated regional home-care support centre or home-care promotion institution "
         "as of 2025-12-31.")),
    "hub-count": (
        {"hubs/second-hub.yaml": SECOND_HUB}, "hub-count", "registry/hubs/second-hub.yaml",
        ("在宅医療圏「室蘭」にはこの拠点の指定日に既に指定済みの拠点（サンプル在宅医療連携拠点）があります。"
         "この制度では、人口による例外はありません。",
         "圏域「室蘭」にはこの地域在宅医療サポートセンターの指定日に既に指定済みの地域在宅医療サポートセンター"
         "（サンプル在宅医療連携拠点）があります。この制度では、人口による例外はありません。"),
        ("Zone '室蘭' already had a designated hub (サンプル在宅医療連携拠点) when this one was designated; "
         "this scheme allows no exception to the number of hubs per zone.",
         "Zone '室蘭' already had a designated regional home-care support centre (サンプル在宅医療連携拠点) when this "
         "one was designated; this scheme allows no exception to the number of regional home-care support centres "
         "per area.")),
    "hub-zone": (
        {"hubs/sample-hub.yaml": _valid("hubs/sample-hub.yaml").replace(b"zones: [muroran]", b"zones: [muroran, nowhere]")},
        "hub-zone", "registry/hubs/sample-hub.yaml",
        ("在宅医療圏「nowhere」がありません（zones/nowhere.yaml がありません）。",
         "圏域「nowhere」がありません（zones/nowhere.yaml がありません）。"),
        ("There is no zone 'nowhere' (no zones/nowhere.yaml).",
         "There is no area 'nowhere' (no zones/nowhere.yaml).")),
    "institution-zone": (
        {"institutions/sample-clinic.yaml": _valid("institutions/sample-clinic.yaml").replace(b"zone: muroran", b"zone: nowhere")},
        "institution-zone", "registry/institutions/sample-clinic.yaml",
        ("在宅医療圏「nowhere」がありません（zones/nowhere.yaml がありません）。",
         "圏域「nowhere」がありません（zones/nowhere.yaml がありません）。"),
        ("There is no zone 'nowhere' (no zones/nowhere.yaml).",
         "There is no area 'nowhere' (no zones/nowhere.yaml).")),
    "institution-municipality": (
        {"institutions/sample-clinic.yaml": _valid("institutions/sample-clinic.yaml").replace(
            b'municipality: "012050"', b'municipality: "011002"')},
        "institution-municipality", "registry/institutions/sample-clinic.yaml",
        ("札幌市（011002）は在宅医療圏「室蘭」の構成市町村ではありません。",
         "札幌市（011002）は圏域「室蘭」の構成市町村ではありません。"),
        ("札幌市 (011002) is not in the zone 'muroran'.",
         "札幌市 (011002) is not in the area 'muroran'.")),
    "hub-active-institution": (
        {"hubs/sample-hub.yaml": _valid("hubs/sample-hub.yaml").replace(b"  - sample-clinic", b"  - sample-clinic\n  - ghost")},
        "hub-active-institution", "registry/hubs/sample-hub.yaml",
        ("積極的役割を担う医療機関「ghost」がありません（institutions/ghost.yaml がありません）。",
         "在宅医療推進医療機関「ghost」がありません（institutions/ghost.yaml がありません）。"),
        ("There is no institution 'ghost' (no institutions/ghost.yaml).",
         "There is no institution 'ghost' (no institutions/ghost.yaml).")),
    "hub-designated-fields": (
        {"hubs/sample-hub.yaml": _valid("hubs/sample-hub.yaml").replace(
            "name: サンプル在宅医療連携拠点".encode(), b"name: null")},
        "hub-designated-fields", "registry/hubs/sample-hub.yaml",
        ("指定済みの拠点には拠点の名称（name）が必要です。",
         "指定済みの地域在宅医療サポートセンターには地域在宅医療サポートセンターの名称（name）が必要です。"),
        ("A designated hub needs a name.",
         "A designated regional home-care support centre needs a name.")),
    "zone-overlap": (
        {"zones/noboribetsu.yaml": "id: noboribetsu\nname: 登別\nshort_name: 登別\nsecondary_area: \"0109\"\nmunicipalities: [\"012301\"]\n".encode()},
        "zone-overlap", "registry/zones/noboribetsu.yaml",
        ("登別市（012301）は在宅医療圏「室蘭」にも含まれています。1つの市町村は1つの在宅医療圏にだけ属します。",
         "登別市（012301）は圏域「室蘭」にも含まれています。1つの市町村は1つの圏域にだけ属します。"),
        ("登別市 (012301) is also in zone '室蘭'; a municipality belongs to one zone only.",
         "登別市 (012301) is also in area '室蘭'; a municipality belongs to one area only.")),
    "zone-count": (
        {}, "zone-count", "registry/prefecture.yaml",
        ("在宅医療圏は39圏域ありますが、登録されているのは2圏域です。",
         "圏域は39圏域ありますが、登録されているのは2圏域です。"),
        ("The prefecture has 39 zones; the registry holds 2.",
         "The prefecture has 39 areas; the registry holds 2.")),
}


def _finding(tmp_path, fault: str, scheme_words: bool):
    files, code, file, *_ = FAULTS[fault]
    scheme = [NO_POPULATION_EXCEPTION] + ([TERMS] if scheme_words else [])
    root = build_registry(tmp_path, {**ZONES, **files}, scheme=scheme)
    found = [f for f in check_registry(root, AS_OF).findings if f.code == code and f.file == file]
    assert len(found) == 1, [(f.code, f.file) for f in check_registry(root, AS_OF).findings]
    return found[0]


@pytest.mark.parametrize("fault", FAULTS)
def test_the_national_words_by_default(tmp_path, fault):
    """Without `terms` every message is as it always was."""
    finding = _finding(tmp_path, fault, scheme_words=False)
    _, _, _, ja, en = FAULTS[fault]
    assert render(finding, "ja") == ja[0]
    assert render(finding, "en") == en[0]


@pytest.mark.parametrize("fault", FAULTS)
def test_the_scheme_words(tmp_path, fault):
    """With `terms`, the scheme's words and none of the national ones (English sentences keep a
    capitalised fixed word where one starts them: "Zone '…'")."""
    finding = _finding(tmp_path, fault, scheme_words=True)
    _, _, _, ja, en = FAULTS[fault]
    assert render(finding, "ja") == ja[1]
    assert render(finding, "en") == en[1]
    assert not [w for w in NATIONAL_JA if w in render(finding, "ja").replace(HUB_NAME, "")]
    assert not NATIONAL_EN.search(render(finding, "en"))


def test_a_hub_role_of_another_word_takes_its_article(tmp_path):
    hub = _valid("hubs/sample-hub.yaml").replace(b"  training: true", b"  training: true\n  outreach: true")
    root = build_registry(tmp_path, {"hubs/sample-hub.yaml": hub}, scheme=[(
        "name: 北海道\n", "name: 北海道\nterms: {hub: 支援センター}\nterms_en: {hub: area support centre}\n")])
    finding = next(f for f in check_registry(root, AS_OF).findings if f.code == "hub-role-id")
    assert render(finding, "ja").startswith("役割「outreach」は 北海道 の支援センターの役割にありません。")
    assert render(finding, "en").startswith("'outreach' is not an area support centre role of 北海道; allowed: ")


def test_message_terms():
    """National words in their message forms; a scheme's own word as written; English plurals
    and articles."""
    from zaitaku_cli.model import NATIONAL_TERMS

    ja = message_terms(NATIONAL_TERMS["ja"], "ja")
    assert (ja["zone"], ja["secondary_area"], ja["tertiary_area"]) == ("在宅医療圏", "二次医療圏", "三次医療圏")
    en = message_terms(NATIONAL_TERMS["en"], "en")
    assert (en["zone"], en["zone_plural"], en["hub_a"], en["institution_a"]) == (
        "zone", "zones", "a hub", "an active-role institution")
    assert en["optional_plural"] == "optional requirements" and en["municipalities_plural"] == "municipalities"
    own = message_terms({**NATIONAL_TERMS["en"], "zone": "area", "hub": "support centre", "institution": "facility"}, "en")
    assert (own["zone"], own["zone_a"], own["hub_plural"], own["institution_plural"]) == (
        "area", "an area", "support centres", "facilities")
    assert message_terms({"secondary_area": "第二次保健医療圏"}, "ja") == {"secondary_area": "第二次保健医療圏"}
    assert message_terms({"zone": "home-care zone"}, "en")["zone"] == "zone"


def test_the_history_names_the_kind_in_the_scheme_words(tmp_path):
    """history-designation-deleted: the kind is the scheme's title (ja) and its terms_en word (en)."""
    from zaitaku_cli.history.rules import history_findings

    scheme = [("name: 北海道\n", "name: 北海道\nterms_en: {hub: regional home-care support centre}\n"),
              ("  title: 在宅医療に必要な連携を担う拠点\n", "  title: 地域在宅医療サポートセンター\n")]
    base, _ = load_checked(build_registry(tmp_path / "base", scheme=scheme), AS_OF)
    now, _ = load_checked(build_registry(tmp_path / "now", {"hubs/sample-hub.yaml": None}, scheme=scheme), AS_OF)
    finding = next(f for f in history_findings(base, now, "HEAD") if f.code == "history-designation-deleted")
    assert render(finding, "ja").startswith("地域在宅医療サポートセンター「サンプル在宅医療連携拠点」（sample-hub）は比較の基準 HEAD で")
    assert render(finding, "en").startswith(
        "The regional home-care support centre 'サンプル在宅医療連携拠点' (sample-hub) was designated at the base revision HEAD")
