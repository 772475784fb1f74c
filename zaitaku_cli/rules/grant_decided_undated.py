"""A grant with decided amounts records the day of the decision (decided_on), and a decision day
has its amounts: past tables (--as-of) count an amount as decided from that day, so an undated
decision would count on every day, and a dated one without amounts counts nothing."""

from zaitaku_cli.money import sums
from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("grant",)
SCOPE = "record"
ENTRY = rule_entry(
    "grant-decided-undated", "warning", "交付決定の日と額", "Decision date and amounts",
    "{problem}",
    "{problem_en}",
    "補助の手続き：交付決定（交付決定日と交付決定額）",
    "decided_on: null   # items[].decided: 2092000")


def check(grant, registry):
    decided = sums(grant.get("items"), "decided") is not None
    dated = grant.get("decided_on") is not None
    if decided and not dated:
        where = ("decided_on",) if "decided_on" in grant.data else ("items",)
        yield Report(where, {"problem": "交付決定額が書かれていますが、交付決定日（decided_on）がありません。過去の日付の表"
                                        "（--as-of）ではどの日にも交付決定済みとして数えられます。日付を書いてください。",
                             "problem_en": "Amounts are decided but the decision date (decided_on) is not recorded: past "
                                           "tables (--as-of) count them as decided on every day. Write the date."})
    elif dated and not decided and not any(cut[:1] == ("items",) for cut in grant.cuts):  # an item left out
        # for a fault of its own may hold the amount
        yield Report(("decided_on",), {"problem": "交付決定日がありますが、内訳に交付決定額（decided）がありません。",
                                       "problem_en": "A decision date is recorded but no item has an amount decided (decided)."})
