"""全国地方公共団体コード (JIS X 0402 municipality codes and JIS X 0401 prefecture codes written
as local-government codes): six digits, the sixth a check digit over the first five.

The check digit (総務省「全国地方公共団体コード」): multiply the five digits by 6, 5, 4, 3, 2, add
the products, take the remainder modulo 11; the digit is 11 minus the remainder, with 10 written
as 0 and 11 as 1 — that is, (11 - sum % 11) % 10. 札幌市 01100 → 011002, 熊本県 43000 → 430005.
"""

from __future__ import annotations

_WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(first_five: str) -> int:
    """The check digit of a five-digit code body ("01100" -> 2). ValueError if it is not five
    ASCII digits."""
    if len(first_five) != 5 or not (first_five.isascii() and first_five.isdigit()):
        raise ValueError(f"not five digits: {first_five!r}")
    total = sum(int(d) * w for d, w in zip(first_five, _WEIGHTS))
    return (11 - total % 11) % 10


def is_six_digits(code) -> bool:
    return isinstance(code, str) and len(code) == 6 and code.isascii() and code.isdigit()


def expected_code(code: str) -> str:
    """The six-digit code with the check digit the first five call for ("011009" -> "011002")."""
    return code[:5] + str(check_digit(code[:5]))


def check_digit_ok(code) -> bool:
    """True when `code` is six ASCII digits whose last is the check digit of the first five."""
    return is_six_digits(code) and code == expected_code(code)


def prefecture_number(code) -> str | None:
    """The two-digit prefecture number a code begins with ("430005" -> "43"), or None."""
    if isinstance(code, str) and len(code) >= 2 and code[:2].isascii() and code[:2].isdigit():
        return code[:2]
    return None
