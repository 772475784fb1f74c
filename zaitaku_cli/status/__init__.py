"""Progress towards the plan's targets (`zaitaku status`, DESIGN §5): what counts, per zone and
per fiscal year, as of a date (progress.py, pure over the typed registry), and its text,
Markdown and JSON forms (render.py)."""

from zaitaku_cli.money import fiscal_year_label
from zaitaku_cli.money import fiscal_year_of as fiscal_year
from zaitaku_cli.status.progress import build_status

__all__ = ["build_status", "fiscal_year", "fiscal_year_label"]
