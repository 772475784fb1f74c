"""「在宅医療において積極的役割を担う医療機関」一覧 <積極的役割の機能別> (DESIGN §5, seed 001
機能別の一覧表).

One row per (requirement met, institution), grouped by requirement in prefecture.yaml order
(①–⑤), institutions in the regional table's order within each group. The function cell is
repeated on every row (no merged cells, so Excel's filter and sort keep working); a function no
institution meets has no rows.
"""

from __future__ import annotations

import datetime

from zaitaku_cli.tables import Table
from zaitaku_cli.tables.common import labels, title, without_tertiary
from zaitaku_cli.tables.regional import InstitutionCells, designated_institutions, met


def build_functional(registry, as_of: datetime.date, lang: str = "ja") -> Table:
    L = labels(lang, registry.scheme, "functional")
    cells = InstitutionCells(registry)
    headers = [L["function"], L["tertiary"], L["secondary"], L["zone"], L["institution"],
               L["linked_institutions"], L["linked_nursing_stations"]]
    institutions = designated_institutions(registry, as_of, cells.areas)
    shared = {r.id: [*cells.row_start(r), cells.name(r), *cells.linked(r)] for r in institutions}
    rows = []
    for requirement in registry.scheme.requirements:
        for record in institutions:
            if met(record.get("requirements"), requirement.id):
                rows.append([requirement.column, *shared[record.id]])
    headers, rows = without_tertiary(registry.scheme, headers, rows, column=1)
    return Table("functional", title(registry.scheme, "functional", as_of, lang, registry.area), headers, rows,
                 sheet=L["sheet_functional"], warnings=cells.links.warnings)
