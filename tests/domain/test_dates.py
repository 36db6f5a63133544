from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liaison_app.domain.dates import format_date, format_date_long, parse_date
from liaison_app.domain.errors import ParseError
from liaison_app.domain.i18n import set_language

JUNE_11 = date(2020, 6, 11)


@pytest.mark.parametrize(
    "text",
    [
        "2020-06-11",
        "2020-6-11",
        "2020/6/11",
        "2020/06/11",
        "2020.6.11",
        "2020年6月11日",
        "2020年06月11日",
        "2020 年 6 月 11 日",
        "2020年6月11号",
        "2020年6月11",
        "20200611",
        "２０２０－０６－１１",
        "２０２０年６月１１日",
        "  2020-06-11\u3000",
        "2020-06-11 00:00:00",
        "2020-06-11T09:30",
        "2020/6/11 9:30:15.5",
    ],
)
def test_accepted_forms(text: str) -> None:
    assert parse_date(text) == JUNE_11


def test_date_and_datetime_values() -> None:
    assert parse_date(JUNE_11) == JUNE_11
    result = parse_date(datetime(2020, 6, 11, 23, 59))
    assert result == JUNE_11
    assert type(result) is date


@pytest.mark.parametrize("value", [None, "", "   "])
def test_empty(value: str | None) -> None:
    assert parse_date(value) is None
    with pytest.raises(ParseError) as info:
        parse_date(value, required=True)
    assert info.value.code == "required"


@pytest.mark.parametrize(
    "text",
    [
        "2020-02-30",
        "2021-02-29",
        "2020-13-01",
        "2020-00-10",
        "2020/6/31",
        "20201340",
        "2020-6/11",
        "11/06/2020",
        "2020-06",
        "六月十一日",
        "yesterday",
        "2020-06-11 25:00x",
        "202006111",
    ],
)
def test_invalid_dates_name_the_text(text: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_date(text)
    assert info.value.code == "date_invalid"
    assert info.value.params == {"text": text}
    assert f"“{text}”" in info.value.message


def test_leap_day_is_valid() -> None:
    assert parse_date("2020-02-29") == date(2020, 2, 29)


@pytest.mark.parametrize(
    "value", ["1899-12-31", "2201-01-01", "0202-06-11", "2202年1月1日", date(1800, 1, 1)]
)
def test_years_out_of_range(value: str | date) -> None:
    with pytest.raises(ParseError) as info:
        parse_date(value)
    assert info.value.code == "date_out_of_range"
    assert "1900 至 2200" in info.value.message


def test_range_bounds_are_inclusive() -> None:
    assert parse_date("1900-01-01") == date(1900, 1, 1)
    assert parse_date("2200-12-31") == date(2200, 12, 31)


def test_non_text_values_are_refused() -> None:
    with pytest.raises(ParseError) as info:
        parse_date(43993)  # type: ignore[arg-type]
    assert info.value.code == "date_invalid"


def test_format() -> None:
    assert format_date(JUNE_11) == "2020-06-11"
    assert format_date(datetime(2020, 6, 11, 8, 0)) == "2020-06-11"
    assert format_date_long(JUNE_11) == "2020年6月11日"
    assert format_date_long(date(2021, 12, 1)) == "2021年12月1日"
    set_language("en")
    assert format_date_long(JUNE_11) == "11 Jun 2020"
    assert format_date_long(date(2021, 12, 1)) == "1 Dec 2021"


def test_invalid_date_message_in_english() -> None:
    set_language("en")
    with pytest.raises(ParseError) as info:
        parse_date("2020-02-30")
    assert (
        info.value.message == 'cannot read the date "2020-02-30"; write a real date like 2020-06-11'
    )


days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@given(days)
def test_iso_round_trip(d: date) -> None:
    assert parse_date(format_date(d)) == d


@given(days)
def test_long_chinese_round_trip(d: date) -> None:
    set_language("zh_CN")
    assert parse_date(format_date_long(d)) == d
    assert parse_date(f"{d.year}/{d.month}/{d.day}") == d
    assert parse_date(d.strftime("%Y%m%d")) == d
