"""The scheme as data (issue 10): hub requirement items, designation types, per-zone count
overrides and the prefecture-wide tier, each rule proven on the Hokkaido base registry with
prefecture.yaml patched as another prefecture would write it (Kumamoto's items of seed 003)."""

from __future__ import annotations

import datetime

from registry_builder import build_registry

AS_OF = datetime.date(2025, 12, 31)

HUB_ITEMS = """  requirements:
    - {id: emergency_response, mark: "(1)", mandatory: true, text: 急変時対応の取組み, column: 急変時対応}
    - {id: discharge_support, mark: "(2)", mandatory: true, text: 入退院支援の取組み, column: 入退院支援}
    - {id: daily_care, mark: "(3)", mandatory: false, text: 日常の療養支援の取組み, column: 日常の療養支援}
    - {id: end_of_life, mark: "(4)", mandatory: false, text: 看取りに関する取組み, column: 看取り}
  optional_minimum: 1
  types:
    - {id: kikan, label: 基幹型, min_bodies: 1, representative: false}
    - {id: renkei, label: 連携型, min_bodies: 2, representative: true}
  prefecture_wide: {label: 県在宅医療サポートセンター, max: 1}
  count_rule:
"""
SCHEME = [("  count_rule:\n", HUB_ITEMS),
          ("    population_threshold: 100000\n", "    population_threshold: null\n    overrides: {sapporo: 2}\n")]

HUB = """id: {id}
name: {name}
zones: [{zones}]
{tier}type: {type}
implementing_bodies:
{bodies}
requirements:
  emergency_response: {e}
  discharge_support: true
  daily_care: {d}
  end_of_life: false
designation:
  status: designated
  designated_on: {on}
"""
ONE_BODY = "  - {name: A医院, type: medical_institution}"
GROUP = "  - {name: A医院, type: medical_institution, representative: true}\n  - {name: B医院, type: medical_institution}"


def hub(id="sample-hub", name="テストセンター", zones="muroran", tier="", type="kikan", bodies=ONE_BODY, e="true",
        d="true", on="2025-07-01") -> bytes:
    return HUB.format(id=id, name=name, zones=zones, tier=tier, type=type, bodies=bodies, e=e, d=d, on=on).encode()


def check(tmp_path, files, scheme=SCHEME):
    from zaitaku_cli.check import check_registry

    root = build_registry(tmp_path, files, scheme=scheme)
    result = check_registry(root, AS_OF)
    return [(f.code, f.file, f.line, f.column) for f in result.findings if f.severity == "error"]


def test_a_general_scheme_checks_clean(tmp_path):
    assert check(tmp_path, {"hubs/sample-hub.yaml": hub()}) == []


def test_hub_mandatory_requirement_false(tmp_path):
    found = check(tmp_path, {"hubs/sample-hub.yaml": hub(e="false")})
    assert found == [("hub-mandatory-requirement", "registry/hubs/sample-hub.yaml", 8, 23)]


def test_hub_optional_minimum_none_met(tmp_path):
    found = check(tmp_path, {"hubs/sample-hub.yaml": hub(d="false")})
    assert found == [("hub-optional-minimum", "registry/hubs/sample-hub.yaml", 8, 3)]


def test_hub_requirement_id_typo(tmp_path):
    text = hub().replace(b"end_of_life:", b"end_of_lif:")
    found = check(tmp_path, {"hubs/sample-hub.yaml": text})
    assert found == [("hub-requirement-id", "registry/hubs/sample-hub.yaml", 11, 3)]


def test_hub_requirement_unknown_is_a_warning(tmp_path):
    from zaitaku_cli.check import check_registry

    root = build_registry(tmp_path, {"hubs/sample-hub.yaml": hub().replace(b"end_of_life: false", b"end_of_life: null")},
                          scheme=SCHEME)
    found = [(f.code, f.line, f.column) for f in check_registry(root, AS_OF).findings if f.code == "hub-requirement-unknown"]
    assert found == [("hub-requirement-unknown", 11, 16)]


def test_renkei_without_representative(tmp_path):
    bodies = GROUP.replace(", representative: true", "")
    found = check(tmp_path, {"hubs/sample-hub.yaml": hub(type="renkei", bodies=bodies)})
    assert found == [("hub-representative", "registry/hubs/sample-hub.yaml", 6, 3)]


def test_renkei_with_two_representatives(tmp_path):
    bodies = GROUP.replace("type: medical_institution}", "type: medical_institution, representative: true}")
    found = check(tmp_path, {"hubs/sample-hub.yaml": hub(type="renkei", bodies=bodies)})
    assert found == [("hub-representative", "registry/hubs/sample-hub.yaml", 7, 60)]


def test_kikan_with_a_representative(tmp_path):
    found = check(tmp_path, {"hubs/sample-hub.yaml": hub(bodies=GROUP)})
    assert found == [("hub-representative", "registry/hubs/sample-hub.yaml", 6, 60)]


def test_renkei_of_one_body(tmp_path):
    bodies = "  - {name: A医院, type: medical_institution, representative: true}"
    found = check(tmp_path, {"hubs/sample-hub.yaml": hub(type="renkei", bodies=bodies)})
    assert found == [("hub-body-count", "registry/hubs/sample-hub.yaml", 6, 3)]


def test_renkei_group_is_clean(tmp_path):
    assert check(tmp_path, {"hubs/sample-hub.yaml": hub(type="renkei", bodies=GROUP)}) == []


def test_designation_type_unknown(tmp_path):
    found = check(tmp_path, {"hubs/sample-hub.yaml": hub(type="rennkei")})
    assert found == [("designation-type", "registry/hubs/sample-hub.yaml", 4, 7)]


def test_designation_type_in_a_scheme_without_types(tmp_path):
    """Hokkaido's scheme has no types: a `type` is refused rather than ignored."""
    text = (b"id: sample-hub\nname: X\nzones: [muroran]\ntype: kikan\nimplementing_bodies:\n"
            b"  - {name: A, type: medical_association}\ndesignation: {status: planned}\n")
    found = check(tmp_path, {"hubs/sample-hub.yaml": text}, scheme=())
    assert found == [("designation-type", "registry/hubs/sample-hub.yaml", 4, 7)]


def test_count_override_allows_two_and_refuses_a_third(tmp_path):
    files = {"hubs/sample-hub.yaml": None,
             "hubs/s1.yaml": hub(id="s1", zones="sapporo", on="2025-04-01"),
             "hubs/s2.yaml": hub(id="s2", zones="sapporo", on="2025-05-01")}
    assert check(tmp_path, files) == []
    files["hubs/s3.yaml"] = hub(id="s3", zones="sapporo", on="2025-06-01")
    assert check(tmp_path / "3", files) == [("hub-count", "registry/hubs/s3.yaml", 3, 9)]


def test_the_default_count_still_holds_elsewhere(tmp_path):
    files = {"hubs/sample-hub.yaml": hub(), "hubs/m2.yaml": hub(id="m2", on="2025-08-01")}
    assert check(tmp_path, files) == [("hub-count", "registry/hubs/m2.yaml", 3, 9)]


def test_prefecture_wide_hub_raises_nothing_and_counts_for_no_zone(tmp_path):
    files = {"hubs/sample-hub.yaml": hub(),
             "hubs/pref.yaml": hub(id="pref", zones="", tier="tier: prefecture\n", on="2025-04-01")}
    assert check(tmp_path, files) == []


def test_a_second_prefecture_wide_hub(tmp_path):
    files = {"hubs/sample-hub.yaml": hub(),
             "hubs/pref.yaml": hub(id="pref", zones="", tier="tier: prefecture\n", on="2025-04-01"),
             "hubs/pref2.yaml": hub(id="pref2", zones="", tier="tier: prefecture\n", on="2025-05-01")}
    assert check(tmp_path, files) == [("hub-prefecture-wide-count", "registry/hubs/pref2.yaml", 4, 7)]


def test_prefecture_wide_hub_with_zones(tmp_path):
    files = {"hubs/sample-hub.yaml": hub(),
             "hubs/pref.yaml": hub(id="pref", zones="muroran", tier="tier: prefecture\n", on="2025-04-01")}
    assert check(tmp_path, files) == [("hub-tier", "registry/hubs/pref.yaml", 3, 8)]


def test_prefecture_wide_tier_in_a_scheme_without_one(tmp_path):
    text = (b"id: pref\nname: X\ntier: prefecture\nimplementing_bodies:\n"
            b"  - {name: A, type: medical_association}\ndesignation: {status: planned}\n")
    found = check(tmp_path, {"hubs/pref.yaml": text}, scheme=())
    assert found == [("hub-tier", "registry/hubs/pref.yaml", 3, 7)]


def test_institution_kind_from_the_scheme_vocabulary(tmp_path):
    scheme = [("  eligible_kinds: [zaitaku_clinic, zaitaku_hospital, home_visit_provider]\n",
               "  kinds:\n    - {id: zaitaku_clinic, label: 在宅療養支援診療所}\n"
               "    - {id: backup_hospital, label: 在宅療養後方支援病院}\n"
               "  eligible_kinds: [zaitaku_clinic, backup_hospital]\n")]
    from registry_builder import VALID

    text = (VALID / "institutions/sample-clinic.yaml").read_bytes()
    assert check(tmp_path, {"institutions/sample-clinic.yaml": text.replace(b"kind: zaitaku_clinic", b"kind: backup_hospital")},
                 scheme=scheme) == []
    found = check(tmp_path / "2", {"institutions/sample-clinic.yaml": text.replace(b"kind: zaitaku_clinic",
                                                                                    b"kind: zaitaku_hospital")}, scheme=scheme)
    assert [f[0] for f in found] == ["institution-kind"]


def test_messages_use_the_scheme_words(tmp_path):
    from zaitaku_cli.findings import render
    from zaitaku_cli.check import check_registry

    scheme = SCHEME + [("name: 北海道\n", "name: 北海道\nterms: {zone: 圏域, hub: 地域在宅医療サポートセンター}\n")]
    root = build_registry(tmp_path, {"hubs/sample-hub.yaml": hub(), "hubs/m2.yaml": hub(id="m2", on="2025-08-01")},
                          scheme=scheme)
    finding = next(f for f in check_registry(root, AS_OF).findings if f.code == "hub-count")
    assert render(finding).startswith("圏域「室蘭」にはこの地域在宅医療サポートセンターの指定日に既に指定済みの地域在宅医療サポートセンター")
    assert "在宅医療圏" not in render(finding) and "拠点" not in render(finding)


def test_an_override_for_a_zone_that_does_not_exist(tmp_path):
    from zaitaku_cli.check import check_registry

    scheme = [SCHEME[0], ("    population_threshold: 100000\n", "    population_threshold: null\n    overrides: {sapporo: 2, satporo: 3}\n")]
    root = build_registry(tmp_path, {"hubs/sample-hub.yaml": hub()}, scheme=scheme)
    text = (root / "prefecture.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(text, 1) if "satporo" in t)
    found = [(f.code, f.file, f.line, f.column) for f in check_registry(root, AS_OF).findings if f.severity == "error"]
    assert found == [("scheme-reference", "registry/prefecture.yaml", line, text[line - 1].index("satporo") + 1)]


def test_status_shows_no_null_bounds_and_counts_designations(tmp_path):
    """Kumamoto's target: 13 centres in FY2018, about 18 in FY2019, no per-year default (null)."""
    import json

    from run_cli import run

    scheme = SCHEME + [("  per_year_min: 6\n  per_year_max: 7\n",
                        "  per_year_min: null\n  per_year_max: null\n  unit: designations\n"
                        "  per_year:\n    - {fiscal_year: 2025, min: 2, max: 2}\n")]
    build_registry(tmp_path, {"hubs/sample-hub.yaml": hub(),
                                     "hubs/pref.yaml": hub(id="pref", zones="", tier="tier: prefecture\n")},
                          scheme=scheme)
    out = run(["status", "--as-of", "2026-04-01", "--format", "md"], tmp_path).stdout
    assert "None" not in out
    assert "## 年度ごとの拠点の指定（目標：年度ごとの目標は表のとおり）" in out
    data = json.loads(run(["status", "--as-of", "2026-04-01", "--format", "json"], tmp_path).stdout)
    fy2025 = next(y for y in data["fiscal_years"] if y["fiscal_year"] == 2025)
    assert (fy2025["designations"], fy2025["count"], fy2025["target_min"], fy2025["state"]) == (["sample-hub"], 1, 2, "short")
    assert data["prefecture_wide"] == [{"id": "pref", "name": "テストセンター（A医院）"}]
    assert [z["id"] for z in data["zones"] if z["has_hub"]] == ["muroran"]
