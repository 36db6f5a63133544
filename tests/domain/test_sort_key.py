"""Pinyin sort keys: Chinese names order as Excel and WPS users expect."""

from __future__ import annotations

from liaison_app.domain.sort_key import sort_key


def ordered(*names: str) -> list[str]:
    return sorted(names, key=sort_key)


def test_chinese_names_sort_by_pinyin_not_code_point() -> None:
    # By code point: 航 (U+822A) < 通 (U+901A) < 鼎 (U+9F0E).
    names = ("苏州通达电子有限公司", "苏州航天科技有限公司", "苏州鼎信材料有限公司")
    assert sorted(names) == ["苏州航天科技有限公司", "苏州通达电子有限公司", "苏州鼎信材料有限公司"]
    assert ordered(*names) == [
        "苏州鼎信材料有限公司",  # ding
        "苏州航天科技有限公司",  # hang
        "苏州通达电子有限公司",  # tong
    ]


def test_syllable_by_syllable_like_a_dictionary() -> None:
    assert ordered("先锋", "西安", "北京", "阿里巴巴") == ["阿里巴巴", "北京", "西安", "先锋"]
    assert ordered("苏州", "苏") == ["苏", "苏州"]
    assert ordered("速达", "苏达") == ["苏达", "速达"]  # su1 before su4


def test_polyphonic_characters_take_their_reading_in_a_word() -> None:
    assert sort_key("重庆").startswith("chong2")
    assert sort_key("银行").startswith("yin2银hang2")
    assert ordered("重庆银行", "中国银行") == ["重庆银行", "中国银行"]  # chong before zhong


def test_latin_letters_and_full_width_forms() -> None:
    assert sort_key("ＡＢＢ（中国）") == sort_key("abb(中国)")
    assert sort_key("A B B") == sort_key("abb")
    assert ordered("北京", "ABB中国", "阿特斯") == ["阿特斯", "ABB中国", "北京"]


def test_characters_that_read_alike_stay_apart() -> None:
    assert sort_key("航") != sort_key("行")
    assert sort_key("") == "" and sort_key(None) == ""
