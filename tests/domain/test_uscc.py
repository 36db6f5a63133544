from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liaison_app.domain.errors import ParseError
from liaison_app.domain.i18n import set_language
from liaison_app.domain.uscc import (
    ALPHABET,
    WEIGHTS,
    check_digit,
    is_valid_uscc,
    make_uscc,
    normalize_uscc,
    validate_uscc,
)

# Codes published by the companies themselves (business licence / website footer).
KNOWN_VALID = [
    "91440300708461136T",  # 华为技术有限公司
    "91110000802100433B",  # 北京百度网讯科技有限公司
    "91110108551385082Q",  # 小米科技有限责任公司
    "914403001922038216",  # 深圳市腾讯计算机系统有限公司
]


def test_alphabet_and_weights_follow_gb_32100() -> None:
    assert len(ALPHABET) == 31
    assert not set("IOZSV") & set(ALPHABET)
    # Weight of position i is 3^(i-1) mod 31.
    assert [3**i % 31 for i in range(17)] == list(WEIGHTS)


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_known_real_codes_are_valid(code: str) -> None:
    assert validate_uscc(code) == code
    assert is_valid_uscc(code)
    assert check_digit(code[:17]) == code[17]
    assert make_uscc(code[:17]) == code


def test_check_digit_where_31_becomes_0() -> None:
    # All zeros: sum 0, 31 - 0 = 31, which the standard writes as 0.
    assert check_digit("0" * 17) == "0"
    # One at position 1 (weight 1): 31 - 1 = 30 -> "Y".
    assert check_digit("1" + "0" * 16) == "Y"


def test_normalize_strips_spaces_widths_and_case() -> None:
    assert normalize_uscc(" ９１４４ 0300　708461136t ") == "91440300708461136T"
    assert validate_uscc("91440300 70846113 6t") == "91440300708461136T"


@pytest.mark.parametrize("value", [None, "", "  ", "\u3000"])
def test_empty(value: str | None) -> None:
    assert validate_uscc(value) is None
    assert not is_valid_uscc(value)
    with pytest.raises(ParseError) as info:
        validate_uscc(value, required=True)
    assert info.value.code == "required"


@pytest.mark.parametrize(
    ("code", "length"), [("91440300708461136", 17), ("91440300708461136TX", 19)]
)
def test_wrong_length_says_how_many(code: str, length: int) -> None:
    with pytest.raises(ParseError) as info:
        validate_uscc(code)
    assert info.value.code == "uscc_length"
    assert info.value.params == {"length": length}
    assert info.value.message == f"应为 18 位，当前为 {length} 位"  # the form names the field


@pytest.mark.parametrize(
    ("code", "char", "position"),
    [
        ("91440300708461I36T", "I", 15),
        ("9144O300708461136T", "O", 5),
        ("s1440300708461136T", "S", 1),
        ("91440300708461136Z", "Z", 18),
        ("914403007084611V6T", "V", 16),
        ("9144030070846-136T", "-", 14),
        ("91440300华08461136T", "华", 9),
    ],
)
def test_forbidden_character_is_named_with_its_position(
    code: str, char: str, position: int
) -> None:
    with pytest.raises(ParseError) as info:
        validate_uscc(code)
    assert info.value.code == "uscc_chars"
    assert info.value.params == {"char": char, "position": position}
    assert f"第 {position} 位“{char}”" in info.value.message
    set_language("en")
    assert f'character "{char}" at position {position}' in info.value.message


def test_wrong_check_digit_says_which_was_expected() -> None:
    with pytest.raises(ParseError) as info:
        validate_uscc("91440300708461136A")
    assert info.value.code == "uscc_check_digit"
    assert info.value.params == {"expected": "T", "actual": "A"}
    assert "第 18 位应为“T”，当前为“A”" in info.value.message
    assert not is_valid_uscc("91440300708461136A")


def test_transposed_digits_are_caught() -> None:
    assert not is_valid_uscc("91440300708416136T")


def test_check_digit_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="17"):
        check_digit("123")
    with pytest.raises(ValueError, match="17"):
        check_digit("I" * 17)


first17s = st.text(alphabet=ALPHABET, min_size=17, max_size=17)


@given(first17s)
def test_made_codes_validate(first17: str) -> None:
    code = make_uscc(first17)
    assert len(code) == 18
    assert validate_uscc(code) == code
    assert validate_uscc(code.lower()) == code


@given(first17s, st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=30))
def test_any_single_substitution_is_detected(first17: str, position: int, shift: int) -> None:
    code = make_uscc(first17)
    replacement = ALPHABET[(ALPHABET.index(code[position]) + shift) % 31]
    changed = code[:position] + replacement + code[position + 1 :]
    assert changed != code
    assert not is_valid_uscc(changed)
    with pytest.raises(ParseError) as info:
        validate_uscc(changed)
    assert info.value.code == "uscc_check_digit"


@given(first17s, st.integers(min_value=0, max_value=17), st.sampled_from("IOZSV*"))
def test_any_forbidden_character_is_detected(first17: str, position: int, bad: str) -> None:
    code = make_uscc(first17)
    changed = code[:position] + bad + code[position + 1 :]
    with pytest.raises(ParseError) as info:
        validate_uscc(changed)
    assert info.value.code == "uscc_chars"
    assert info.value.params == {"char": bad, "position": position + 1}
