"""The 医療機関コード passes its check digit: the 10th digit is the Luhn (modulus 10, weights
2-1 from the right) check digit of the first nine."""

from zaitaku_cli.rules.base import Report, rule_entry

TARGET = ("institution",)
SCOPE = "record"  # reads only the record, the scheme and reference data
ENTRY = rule_entry(
    "medical-institution-code", "error", "医療機関コード", "Medical institution code",
    "医療機関コード「{code}」の検査数字が合いません（{expected} のはずです）。写し間違いがないか確認してください。",
    "The check digit of medical institution code '{code}' is wrong (expected {expected}); check for a copying error.",
    "DESIGN §2: 医療機関コード 10 digits; last digit Luhn over the first 9", "medical_institution_code: \"0110000001\"")


_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)  # a digit weighted 2, its two digits summed


def luhn_digit(digits: str) -> int:
    """The check digit of `digits` (weights 2, 1, 2, … from the right)."""
    total = sum(map(_DOUBLED.__getitem__, map(int, digits[::-1][::2]))) + sum(map(int, digits[::-1][1::2]))
    return (10 - total % 10) % 10


def check(record, registry):
    code = record.get("medical_institution_code")
    if isinstance(code, str) and len(code) == 10 and code.isdigit():
        expected = luhn_digit(code[:9])
        if int(code[9]) != expected:
            yield Report(("medical_institution_code",), {"code": code, "expected": expected})
