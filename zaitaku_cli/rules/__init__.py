"""The rules `zaitaku check` applies to the typed registry, one module each (see base.py for the
interface). The list is explicit: a rule exists when it is registered here, in the order its
findings are documented in docs/rules.md."""

from zaitaku_cli.rules import (
    designation_before_scheme,
    designation_date_missing,
    designation_date_unknown,
    designation_future,
    designation_status_date,
    designation_type,
    designation_withdrawal,
    hub_active_institution,
    hub_active_institution_status,
    hub_body_count,
    hub_body_type,
    hub_core_area,
    hub_count,
    hub_designated_fields,
    hub_joint_bodies,
    hub_mandatory_requirement,
    hub_optional_minimum,
    hub_population_basis,
    hub_population_unknown,
    hub_prefecture_wide_count,
    hub_representative,
    hub_requirement_id,
    hub_requirement_unknown,
    hub_role_id,
    hub_tier,
    hub_zone,
    institution_code_prefecture,
    institution_intent,
    institution_kind,
    institution_mandatory_requirement,
    institution_municipality,
    institution_municipality_missing,
    institution_optional_minimum,
    institution_requirement_id,
    institution_requirement_unknown,
    institution_zone,
    linked_municipality,
    medical_institution_code,
    scheme_reference,
    zone_count,
    zone_coverage,
    zone_designations,
    zone_health_center,
    zone_municipality,
    zone_overlap,
    zone_secondary_area,
)

RULES = (
    # institutions (seed 001)
    institution_kind,
    institution_intent,
    institution_mandatory_requirement,
    institution_optional_minimum,
    institution_requirement_id,
    institution_requirement_unknown,
    institution_zone,
    institution_municipality,
    institution_municipality_missing,
    linked_municipality,
    medical_institution_code,
    institution_code_prefecture,
    # hubs (seed 004)
    hub_body_type,
    hub_joint_bodies,
    hub_zone,
    hub_count,
    hub_core_area,
    hub_population_unknown,
    hub_population_basis,
    hub_active_institution,
    hub_active_institution_status,
    hub_designated_fields,
    hub_role_id,
    hub_tier,
    hub_prefecture_wide_count,
    hub_mandatory_requirement,
    hub_optional_minimum,
    hub_requirement_id,
    hub_requirement_unknown,
    hub_representative,
    hub_body_count,
    # designations of institutions and hubs
    designation_date_missing,
    designation_date_unknown,
    designation_withdrawal,
    designation_status_date,
    designation_future,
    designation_before_scheme,
    designation_type,
    # zones
    zone_secondary_area,
    zone_health_center,
    zone_municipality,
    zone_overlap,
    zone_coverage,
    zone_count,
    zone_designations,
    # prefecture.yaml against the registry
    scheme_reference,
)

RULES_BY_CODE = {rule.ENTRY.code: rule for rule in RULES}


def is_record_rule(rule) -> bool:
    """SCOPE "record": the rule reads only the record, the scheme and reference data (base.py);
    the default, "registry", may read other records."""
    return getattr(rule, "SCOPE", "registry") == "record"
