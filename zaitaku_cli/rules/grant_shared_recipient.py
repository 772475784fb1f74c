"""A prefecture grant and the municipality's 在宅医療・介護連携推進事業 (a grant of a menu with
`funder: municipality`) reach the same body in the same fiscal year, and no item is found in both
(grant-double-funding would say so). Told as information: the seed expects this often — a 郡市医師会
commissioned by the municipality may also be the hub (「共同実施主体」) — and asks only that the costs
be kept apart (「最低限、補助金二重取りとならないよう留意」); the check can only compare items that
carry a content (`label`), so the officer is shown the records to confirm. One finding per grant,
naming up to three records and counting the rest."""

from zaitaku_cli.rules._grants import grant_words
from zaitaku_cli.rules.base import Report, rule_entry
from zaitaku_cli.rules.grant_double_funding import SOURCE, cost_key, fiscal_year, funder, others

TARGET = ("grant",)
ENTRY = rule_entry(
    "grant-shared-recipient", "info", "同じ主体への市町村事業", "Same body funded by the municipality",
    "{year}年度は{others}も同じ主体に交付されています（{files}）。同じ経費を両方に計上していないことを、"
    "内訳の内容（label）で確かめてください。",
    "In fiscal year {year}, {others_en} also {verb_en} the same body ({files}): make sure no cost is in "
    "both (compare the items' label).",
    SOURCE,
    "hub: obihiro   # 帯広市医師会は市の在宅医療・介護連携推進事業の委託先でもある")

_NAMED = 3  # records named in the message; the rest are counted


def check(grant, registry):
    if fiscal_year(grant) is None or funder(grant, registry) != "prefecture":
        return
    mine = {cost_key(i) for i in grant.get("items") or []} - {None}
    shared = [o for o in others(grant, registry) if funder(o, registry) == "municipality"
              and not mine & {cost_key(i) for i in o.get("items") or []}]  # a common item: grant-double-funding
    if not shared:
        return
    words = [grant_words(o, registry) for o in shared[:_NAMED]]
    rest = len(shared) - len(words)
    files = shared[0].doc.rel + (f" ほか{len(shared) - 1}件" if len(shared) > 1 else "")
    where = ("body",) if isinstance(grant.get("body"), dict) else ("hub",) if grant.get("hub") else ("institution",)
    yield Report(where, {"year": fiscal_year(grant),
                         "others": "、".join(w[0] for w in words) + (f"ほか{rest}件" if rest else ""),
                         "others_en": ", ".join(w[1] for w in words) + (f" and {rest} more" if rest else ""),
                         "verb_en": "fund" if len(shared) > 1 else "funds", "files": files})
