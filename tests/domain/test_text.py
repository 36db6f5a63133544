from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liaison_app.domain.errors import ParseError
from liaison_app.domain.text import clean_text, normalize_company_name, shorten, to_halfwidth


def test_to_halfwidth() -> None:
    assert to_halfwidth("１２３，４５６．７８") == "123,456.78"
    assert to_halfwidth("ＡＢＣｘｙｚ（）！～") == "ABCxyz()!~"
    assert to_halfwidth("a\u3000b") == "a b"
    # CJK text and CJK punctuation are left alone.
    assert to_halfwidth("华为技术。、“”《》") == "华为技术。、“”《》"


@given(st.text())
def test_halfwidth_keeps_length_and_is_idempotent(s: str) -> None:
    once = to_halfwidth(s)
    assert len(once) == len(s)
    assert to_halfwidth(once) == once


def test_clean_text() -> None:
    assert clean_text(None) == ""
    assert clean_text("  \u3000拜访 华为\n第二行 \t") == "拜访 华为\n第二行"
    assert clean_text("五个字以内", max_len=5) == "五个字以内"


def test_clean_text_refuses_long_text() -> None:
    with pytest.raises(ParseError) as info:
        clean_text(" 六个字的内容 ", max_len=5)
    assert info.value.code == "text_too_long"
    assert info.value.params["max_len"] == 5
    assert info.value.params["length"] == 6
    assert info.value.message == "内容过长：最多 5 个字，当前为 6 个字"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("华为技术有限责任公司 ", "华为技术有限公司"),
        ("宁德时代新能源科技股份有限公司", "宁德时代 新能源科技股份有限公司"),
        ("博世（中国）投资有限公司", "博世(中国)投资有限公司"),
        ("ABB（中国）有限公司", "abb(中国)有限公司"),
        ("ＡＢＢ（中国）有限公司", "ABB (中国) 有限公司"),
    ],
)
def test_same_company_same_key(a: str, b: str) -> None:
    assert normalize_company_name(a) == normalize_company_name(b)


def test_different_legal_forms_stay_distinct() -> None:
    assert normalize_company_name("某某科技股份有限公司") != normalize_company_name(
        "某某科技有限公司"
    )
    assert normalize_company_name("华为技术有限公司") != normalize_company_name("华为终端有限公司")


def test_key_examples() -> None:
    assert normalize_company_name(" 小米科技有限责任公司\u3000") == "小米科技有限公司"
    assert normalize_company_name("博世（中国）投资有限公司") == "博世(中国)投资有限公司"


def test_shorten() -> None:
    assert shorten("abc", 5) == "abc"
    assert shorten("abcdefgh", 5) == "abcd…"
    assert len(shorten("x" * 1000)) == 40
