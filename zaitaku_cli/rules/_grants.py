"""What the grant rules share beyond zaitaku_cli.money: a grant's menu.

An amount written otherwise than integer yen (a float, a 千円 string) is grant-amount-yen's
finding; the other rules leave it out of their sums rather than guess what was meant.
"""

from __future__ import annotations


def menu_of(grant, registry) -> dict | None:
    """The grant's menu (prefecture.yaml grants.menus item), or None when it is not known."""
    return registry.scheme.grant_menus.get(grant.get("menu"))
