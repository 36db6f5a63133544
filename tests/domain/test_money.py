from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liaison_app.domain.errors import ParseError
from liaison_app.domain.i18n import set_language
from liaison_app.domain.money import (
    MAX_YUAN,
    YUAN_PER_WAN,
    YUAN_PER_YI,
    format_money,
    parse_money,
    unit_name,
    yuan_to_wan,
    yuan_to_yi,
)


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("5000万", 50_000_000),
        ("1.2亿", 120_000_000),
        ("11.2亿元", 1_120_000_000),
        ("3,000万元", 30_000_000),
        ("1200000000", 1_200_000_000),
        ("120,000.00 万元", 1_200_000_000),
        ("1.5 亿", 150_000_000),
        ("500元", 500),
        ("１．２亿", 120_000_000),
        ("３，０００万元", 30_000_000),
        ("３，０００　万元", 30_000_000),
        ("3，000万元", 30_000_000),
        ("¥500", 500),
        ("￥1.2亿", 120_000_000),
        ("RMB 3000万", 30_000_000),
        ("rmb5000", 5000),
        ("CNY 2亿", 200_000_000),
        ("人民币5000万元", 50_000_000),
        ("  8亿  ", 800_000_000),
        ("1,234,567", 1_234_567),
        ("1,234,567.49", 1_234_567),
        ("1,234,567.50", 1_234_568),
        ("0.4", 0),
        ("0.5", 1),
        ("0.00005万", 1),
        ("0.00004万", 0),
        ("5千万", 50_000_000),
        ("3百万", 3_000_000),
        ("10万亿", MAX_YUAN),
        ("0", 0),
        ("-0", 0),
        ("12.3456789亿", 1_234_567_890),
    ],
)
def test_accepted_texts(text: str, yuan: int) -> None:
    assert parse_money(text) == yuan


@pytest.mark.parametrize(
    ("value", "unit", "yuan"),
    [
        ("5000", "wan", 50_000_000),
        ("1.2", "yi", 120_000_000),
        (5000, "wan", 50_000_000),
        (1.2, "yi", 120_000_000),
        (0.1, "wan", 1_000),
        (123.45, "wan", 1_234_500),
        (Decimal("2.5"), "yuan", 3),
        (Decimal("0.00015"), "wan", 2),
        ("500元", "wan", 500),  # an explicit unit beats the column's unit
        ("3亿", "wan", 300_000_000),
        (1_200_000_000, "yuan", 1_200_000_000),
    ],
)
def test_bare_numbers_use_default_unit(value: object, unit: str, yuan: int) -> None:
    assert parse_money(value, default_unit=unit) == yuan  # type: ignore[arg-type]


def test_float_is_read_through_its_repr_not_its_binary_value() -> None:
    # 0.1 + 0.2 is 0.30000000000000004; binary 1.15 is 1.149999...; both must not drift.
    assert parse_money(1.15, default_unit="wan") == 11_500
    assert parse_money(0.1 + 0.2, default_unit="wan") == 3_000


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000"])
def test_empty_is_none_unless_required(value: str | None) -> None:
    assert parse_money(value) is None
    with pytest.raises(ParseError) as info:
        parse_money(value, required=True)
    assert info.value.code == "required"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("-5", "money_negative"),
        ("-5万", "money_negative"),
        ("－３亿", "money_negative"),
        ("¥-5", "money_negative"),
        ("-0.4", "money_negative"),
        (-1, "money_negative"),
        (-0.5, "money_negative"),
        (Decimal("-1"), "money_negative"),
        ("abc", "money_invalid"),
        ("5000万美元", "money_invalid"),
        ("1,2亿", "money_invalid"),
        ("12,34", "money_invalid"),
        ("1 2万", "money_invalid"),
        ("1.2.3", "money_invalid"),
        ("亿", "money_invalid"),
        ("元", "money_invalid"),
        (".5", "money_invalid"),
        ("5.", "money_invalid"),
        ("1e9", "money_invalid"),
        ("--5", "money_invalid"),
        ("约5亿", "money_invalid"),
        (float("nan"), "money_invalid"),
        (float("inf"), "money_invalid"),
        (Decimal("NaN"), "money_invalid"),
        (Decimal("-Infinity"), "money_invalid"),
        (True, "money_invalid"),
        ("10000001亿", "money_too_large"),
        ("10.00000001万亿", "money_too_large"),
        (MAX_YUAN + 1, "money_too_large"),
        (1e30, "money_too_large"),
        ("9" * 30, "money_too_large"),
        (Decimal("1E+100000"), "money_too_large"),
        ("9" * 100_000, "money_too_large"),
        ("-" + "9" * 100, "money_negative"),
        ("0." + "0" * 50 + "1", "money_invalid"),
    ],
)
def test_refusals(value: object, code: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_money(value)  # type: ignore[arg-type]
    assert info.value.code == code


def test_refusal_quotes_the_text_in_both_languages() -> None:
    with pytest.raises(ParseError) as info:
        parse_money("五千万")
    assert (
        info.value.message == "无法识别的金额“五千万”，请按 5000万、1.2亿 或 1200000000 的格式填写"
    )
    set_language("en")
    assert info.value.message.startswith('cannot read the amount "五千万"')
    assert str(info.value) == info.value.message


def test_too_large_message_names_the_limit() -> None:
    with pytest.raises(ParseError) as info:
        parse_money("20万亿")
    assert "10 万亿元" in info.value.message
    assert "20万亿" in info.value.message


def test_unknown_default_unit_is_a_bug() -> None:
    with pytest.raises(ValueError, match="unit"):
        parse_money("5", default_unit="jiao")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("yuan", "unit", "text"),
    [
        (1_200_000_000, "wan", "120,000.00 万元"),
        (1_200_000_000, "yi", "12.00 亿元"),
        (120_000_000, "yi", "1.20 亿元"),
        (1_234_567_890, "yi", "12.35 亿元"),
        (1_234_499_999, "yi", "12.34 亿元"),
        (1_235_000_000, "yi", "12.35 亿元"),
        (1_200_000_000, "yuan", "1,200,000,000 元"),
        (12_345, "wan", "1.2345 万元"),
        (12_340, "wan", "1.234 万元"),
        (12_300, "wan", "1.23 万元"),
        (1, "wan", "0.0001 万元"),
        (0, "wan", "0.00 万元"),
        (0, "yi", "0.00 亿元"),
        (0, "yuan", "0 元"),
        (MAX_YUAN, "yi", "100,000.00 亿元"),
    ],
)
def test_format(yuan: int, unit: str, text: str) -> None:
    assert format_money(yuan, unit) == text  # type: ignore[arg-type]


def test_format_without_unit_and_in_english() -> None:
    assert format_money(1_200_000_000, with_unit=False) == "120,000.00"
    assert format_money(500, "yuan", with_unit=False) == "500"
    set_language("en")
    # English readers do not count in 万 and 亿: the units say what they are.
    assert format_money(120_000_000, "yi") == "1.20 × 100 million yuan"
    assert format_money(553_000_000) == "55,300.00 × 10k yuan"
    assert format_money(500, "yuan") == "500 yuan"
    assert format_money(92_615_384, with_unit=False) == "9,261.5384"
    assert unit_name("wan") == "× 10k yuan"
    set_language("zh_CN")
    assert unit_name("wan") == "万元"


@pytest.mark.parametrize(
    ("yuan", "text"),
    [
        (92_615_384, "9,261.54"),
        (553_000_000, "55,300.00"),
        (12_345, "1.23"),
        (12_350, "1.24"),  # half-up
        (49, "0.00"),
        (50, "0.01"),
        (0, "0.00"),
    ],
)
def test_format_with_fixed_decimals(yuan: int, text: str) -> None:
    """A table column shows every amount with the same two decimals."""
    assert format_money(yuan, "wan", with_unit=False, decimals=2) == text
    assert format_money(yuan, "wan", decimals=2) == f"{text} 万元"


def test_format_unknown_unit_is_a_bug() -> None:
    with pytest.raises(ValueError, match="unit"):
        format_money(5, "jiao")  # type: ignore[arg-type]


amounts = st.integers(min_value=0, max_value=MAX_YUAN)


@given(amounts)
def test_wan_round_trip(yuan: int) -> None:
    assert parse_money(format_money(yuan, "wan")) == yuan
    assert parse_money(format_money(yuan, "wan", with_unit=False), default_unit="wan") == yuan


@given(amounts)
def test_yuan_round_trip(yuan: int) -> None:
    assert parse_money(format_money(yuan, "yuan")) == yuan
    assert parse_money(format_money(yuan, "yuan", with_unit=False)) == yuan


@given(st.integers(min_value=0, max_value=MAX_YUAN // 1_000_000))
def test_yi_round_trip_for_whole_millions(millions: int) -> None:
    yuan = millions * 1_000_000
    assert parse_money(format_money(yuan, "yi")) == yuan
    assert parse_money(format_money(yuan, "yi", with_unit=False), default_unit="yi") == yuan


@given(amounts)
def test_yi_display_is_within_half_a_cent_of_a_yi(yuan: int) -> None:
    shown = parse_money(format_money(yuan, "yi"))
    assert shown is not None
    assert abs(shown - yuan) <= YUAN_PER_YI // 200


@given(amounts)
def test_exact_conversions(yuan: int) -> None:
    assert yuan_to_wan(yuan) * YUAN_PER_WAN == yuan
    assert yuan_to_yi(yuan) * YUAN_PER_YI == yuan
    assert parse_money(yuan_to_wan(yuan), default_unit="wan") == yuan
    assert parse_money(yuan_to_yi(yuan), default_unit="yi") == yuan


def test_conversion_examples() -> None:
    assert yuan_to_wan(123_450) == Decimal("12.345")
    assert yuan_to_yi(13_100_000_000) == Decimal("131")
    assert yuan_to_yi(1) == Decimal("0.00000001")
