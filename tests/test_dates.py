import datetime

import pytest

from zaitaku_cli.dates import ERAS, DateError, PartialDate, parse_date, parse_partial_date, to_era

D = datetime.date

FIRST_DAY = D(1926, 12, 25)
LAST_DAY = D(2030, 12, 31)


def _all_days():
    d, one = FIRST_DAY, datetime.timedelta(days=1)
    while d <= LAST_DAY:
        yield d
        d += one


def _expected_short(d):
    """Independent oracle: era letter and year written out from hard-coded boundaries."""
    if d >= D(2019, 5, 1):
        letter, year = "R", d.year - 2018
    elif d >= D(1989, 1, 8):
        letter, year = "H", d.year - 1988
    else:
        letter, year = "S", d.year - 1925
    return f"{letter}{year}.{d.month}.{d.day}"


def test_eras_table():
    assert ERAS == (
        ("昭和", "S", D(1926, 12, 25)),
        ("平成", "H", D(1989, 1, 8)),
        ("令和", "R", D(2019, 5, 1)),
    )


@pytest.mark.parametrize("style", ["kanji", "short", "kanji_fullwidth"])
def test_daily_round_trip(style):
    for d in _all_days():
        assert parse_date(to_era(d, style)) == d, d


def test_daily_short_matches_oracle_and_iso_round_trip():
    for d in _all_days():
        assert to_era(d, "short") == _expected_short(d), d
        assert parse_date(d.isoformat()) == d, d


@pytest.mark.parametrize(
    "d, kanji, short, fullwidth",
    [
        (D(1926, 12, 25), "昭和元年12月25日", "S1.12.25", "昭和元年１２月２５日"),
        (D(1989, 1, 7), "昭和64年1月7日", "S64.1.7", "昭和６４年１月７日"),
        (D(1989, 1, 8), "平成元年1月8日", "H1.1.8", "平成元年１月８日"),
        (D(2019, 4, 30), "平成31年4月30日", "H31.4.30", "平成３１年４月３０日"),
        (D(2019, 5, 1), "令和元年5月1日", "R1.5.1", "令和元年５月１日"),
        (D(2025, 4, 1), "令和7年4月1日", "R7.4.1", "令和７年４月１日"),
    ],
)
def test_to_era_boundaries(d, kanji, short, fullwidth):
    assert to_era(d) == kanji
    assert to_era(d, style="short") == short
    assert to_era(d, style="kanji_fullwidth") == fullwidth
    for text in (kanji, short, fullwidth):
        assert parse_date(text) == d


def test_to_era_errors():
    with pytest.raises(DateError) as e:
        to_era(D(1926, 12, 24))
    assert e.value.reason == "unsupported-era"
    with pytest.raises(ValueError):
        to_era(D(2025, 4, 1), style="western")
    assert to_era(datetime.datetime(2025, 4, 1, 12, 0)) == "令和7年4月1日"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("令和7年4月1日", D(2025, 4, 1)),
        ("令和元年5月1日", D(2019, 5, 1)),
        ("令和1年5月1日", D(2019, 5, 1)),
        ("令和７年４月１日", D(2025, 4, 1)),
        ("令和 7 年 4 月 1 日", D(2025, 4, 1)),
        ("\u3000令和7年4月1日\u3000", D(2025, 4, 1)),
        ("  2025-04-01\n", D(2025, 4, 1)),
        ("2025-04-01", D(2025, 4, 1)),
        ("2025-4-1", D(2025, 4, 1)),
        ("2025/4/1", D(2025, 4, 1)),
        ("２０２５－０４－０１", D(2025, 4, 1)),
        ("２０２５／４／１", D(2025, 4, 1)),
        ("2025年4月1日", D(2025, 4, 1)),
        ("R7.4.1", D(2025, 4, 1)),
        ("r7.4.1", D(2025, 4, 1)),
        ("Ｒ７．４．１", D(2025, 4, 1)),
        ("R07.04.01", D(2025, 4, 1)),
        ("R7/4/1", D(2025, 4, 1)),
        ("R7-4-1", D(2025, 4, 1)),
        ("令7.4.1", D(2025, 4, 1)),
        ("R元.5.1", D(2019, 5, 1)),
        ("H31.4.30", D(2019, 4, 30)),
        ("平31.4.30", D(2019, 4, 30)),
        ("h1.1.8", D(1989, 1, 8)),
        ("S64.1.7", D(1989, 1, 7)),
        ("昭64.1.7", D(1989, 1, 7)),
        ("S1.12.25", D(1926, 12, 25)),
        ("平成28年2月29日", D(2016, 2, 29)),
    ],
)
def test_parse_date_accepts(text, expected):
    assert parse_date(text) == expected


def test_parse_date_passes_dates_through():
    d = D(2025, 4, 1)
    assert parse_date(d) is d
    assert parse_date(datetime.datetime(2025, 4, 1, 9, 30)) == d
    assert parse_partial_date(d) == PartialDate(2025, 4, 1)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "syntax"),
        ("   ", "syntax"),
        ("garbage", "syntax"),
        ("2025", "syntax"),
        ("20250401", "syntax"),
        ("2025-4/1", "syntax"),
        ("R7.4/1", "syntax"),
        ("R7.4.1.", "syntax"),
        ("7年4月1日", "syntax"),
        ("元年4月1日", "syntax"),
        ("令和7年4月1", "syntax"),
        ("令和七年四月一日", "syntax"),
        ("X7.4.1", "syntax"),
        ("令和123年1月1日", "syntax"),
        ("9" * 5000, "syntax"),
        ("令和7年13月1日", "invalid"),
        ("令和7年2月30日", "invalid"),
        ("2025-02-30", "invalid"),
        ("2025-13-01", "invalid"),
        ("2025-00-10", "invalid"),
        ("R7.4.0", "invalid"),
        ("令和0年5月1日", "invalid"),
        ("R0.5.1", "invalid"),
        ("平成31年2月29日", "invalid"),
        ("令和1年4月30日", "outside-era"),
        ("令和元年4月30日", "outside-era"),
        ("平成31年5月1日", "outside-era"),
        ("H31.5.1", "outside-era"),
        ("平成元年1月7日", "outside-era"),
        ("昭和64年1月8日", "outside-era"),
        ("昭和元年12月24日", "outside-era"),
        ("大正15年12月24日", "unsupported-era"),
        ("明治45年7月29日", "unsupported-era"),
        ("T15.12.24", "unsupported-era"),
        ("2025-08", "month-only"),
        ("令和7年8月", "month-only"),
        ("R7.8", "month-only"),
    ],
)
def test_parse_date_rejects(text, reason):
    with pytest.raises(DateError) as e:
        parse_date(text)
    assert e.value.reason == reason
    assert e.value.params["text"] == text
    assert isinstance(e.value, ValueError)


@pytest.mark.parametrize("value", [None, 20250401, 2025.4, b"2025-04-01", ["2025-04-01"]])
def test_non_str_input_is_syntax_error(value):
    for fn in (parse_date, parse_partial_date):
        with pytest.raises(DateError) as e:
            fn(value)
        assert e.value.reason == "syntax"


@pytest.mark.parametrize(
    "text, era, start, end",
    [
        ("令和1年4月30日", "令和", "2019-05-01", None),
        ("平成31年5月1日", "平成", "1989-01-08", "2019-04-30"),
        ("昭和64年1月8日", "昭和", "1926-12-25", "1989-01-07"),
    ],
)
def test_outside_era_params(text, era, start, end):
    with pytest.raises(DateError) as e:
        parse_date(text)
    assert e.value.params == {"text": text, "era": era, "start": start, "end": end}


def test_month_only_params():
    with pytest.raises(DateError) as e:
        parse_date("令和7年8月")
    assert e.value.reason == "month-only"
    assert e.value.params["year"] == 2025 and e.value.params["month"] == 8


@pytest.mark.parametrize(
    "text, first, last, iso",
    [
        ("2025-08", D(2025, 8, 1), D(2025, 8, 31), "2025-08"),
        ("2025/8", D(2025, 8, 1), D(2025, 8, 31), "2025-08"),
        ("2025年8月", D(2025, 8, 1), D(2025, 8, 31), "2025-08"),
        ("令和7年8月", D(2025, 8, 1), D(2025, 8, 31), "2025-08"),
        ("R7.8", D(2025, 8, 1), D(2025, 8, 31), "2025-08"),
        ("Ｒ７．８", D(2025, 8, 1), D(2025, 8, 31), "2025-08"),
        ("令和7年2月", D(2025, 2, 1), D(2025, 2, 28), "2025-02"),
        ("令和6年2月", D(2024, 2, 1), D(2024, 2, 29), "2024-02"),
        ("令和元年5月", D(2019, 5, 1), D(2019, 5, 31), "2019-05"),
        ("平成31年4月", D(2019, 4, 1), D(2019, 4, 30), "2019-04"),
        ("昭和64年1月", D(1989, 1, 1), D(1989, 1, 31), "1989-01"),
        ("令和7年4月1日", D(2025, 4, 1), D(2025, 4, 1), "2025-04-01"),
        ("R7.4.1", D(2025, 4, 1), D(2025, 4, 1), "2025-04-01"),
    ],
)
def test_parse_partial_date(text, first, last, iso):
    p = parse_partial_date(text)
    assert (p.first(), p.last(), p.iso()) == (first, last, iso)
    assert (p.day is None) == (len(iso) == 7)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("令和7年13月", "invalid"),
        ("2025-13", "invalid"),
        ("令和0年8月", "invalid"),
        ("令和元年4月", "outside-era"),
        ("平成31年5月", "outside-era"),
        ("昭和64年2月", "outside-era"),
        ("2025", "syntax"),
    ],
)
def test_parse_partial_date_rejects(text, reason):
    with pytest.raises(DateError) as e:
        parse_partial_date(text)
    assert e.value.reason == reason


def test_partial_date_value_object():
    p = PartialDate(2024, 2, None)
    assert p == parse_partial_date("2024-02")
    assert hash(p) == hash(PartialDate(2024, 2, None))
    with pytest.raises(Exception):
        p.year = 2025  # frozen
    with pytest.raises(DateError) as e:
        PartialDate(2025, 2, 30)
    assert e.value.reason == "invalid"
