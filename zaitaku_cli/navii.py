"""Addresses of 医療情報ネット (ナビイ) pages, from prefecture.yaml `tables.navii_url`: a template
with `{navii_id}`, or with the parts of the 13-digit id — `{pref_cd}` (2 digits, the
prefecture), `{kikan_kbn}` (1, the kind of institution) and `{kikan_cd}` (10, the institution
code). Shared by the tables (the links) and the check (institution-navii-id), so that an id the
check accepts always gets its link.
"""

from __future__ import annotations

import re

_PARTS = re.compile(r"(?P<pref_cd>\d{2})(?P<kikan_kbn>\d)(?P<kikan_cd>\d{10})")


def template(scheme) -> str | None:
    """prefecture.yaml `tables.navii_url`, or None (the tables then link nothing)."""
    tables = scheme.data.get("tables")
    url = tables.get("navii_url") if isinstance(tables, dict) else None
    return url if isinstance(url, str) and url else None


def url(template_text: str, navii_id) -> str | None:
    """The page of `navii_id` by `template_text`; None when the id cannot fill it (the template
    uses the parts and the id is not 13 ASCII digits, or the template names an unknown field) or
    the result is no http(s) address (an id with a space): every format then prints the name
    without a link, and the check says why."""
    values = {"navii_id": navii_id}
    match = _PARTS.fullmatch(str(navii_id)) if str(navii_id).isascii() else None
    if match:
        values.update(match.groupdict())
    try:
        return http_address(template_text.format_map(values))
    except (KeyError, IndexError, ValueError, AttributeError):
        return None


def http_address(address) -> str | None:
    """`address` when it is an http(s) address with a host and no blank or control character;
    None otherwise (javascript:, data:, relative or broken addresses)."""
    from urllib.parse import urlsplit

    if not isinstance(address, str) or not address or any(ord(c) < 0x21 or c == "\x7f" for c in address):
        return None
    try:
        parts = urlsplit(address)
    except ValueError:  # an unbalanced [ in the host
        return None
    return address if parts.scheme.lower() in ("http", "https") and parts.netloc else None
