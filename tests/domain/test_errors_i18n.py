from __future__ import annotations

import importlib
import pickle
import re
import string
from pathlib import Path

import pytest

import liaison_app
from liaison_app.domain.errors import (
    KnownError,
    ParseError,
    Problem,
    ProblemCollector,
    ValidationError,
)
from liaison_app.domain.i18n import (
    MESSAGES,
    LocalText,
    current_language,
    label,
    msg,
    set_language,
)
from liaison_app.domain.money import parse_money
from liaison_app.domain.uscc import validate_uscc


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("zh_CN", "zh_CN"),
        ("zh", "zh_CN"),
        ("zh-CN", "zh_CN"),
        ("zh_TW", "zh_CN"),
        ("en", "en"),
        ("en_US", "en"),
        ("en-GB", "en"),
        ("en_US.UTF-8", "en"),
        ("EN", "en"),
        ("fr_FR", "zh_CN"),
        ("C", "zh_CN"),
        ("", "zh_CN"),
    ],
)
def test_set_language(given: str, expected: str) -> None:
    set_language("en" if expected == "zh_CN" else "zh_CN")  # start from the other one
    set_language(given)
    assert current_language() == expected


def test_default_language_is_chinese() -> None:
    assert current_language() == "zh_CN"
    assert msg("required") == "必填"


def test_msg_switches_language() -> None:
    assert msg("uscc_length", length=17) == "应为 18 位，当前为 17 位"
    set_language("en")
    assert msg("required") == "is required"
    assert msg("uscc_length", length=17) == "must have 18 characters, it has 17"


def test_label_and_local_text() -> None:
    text = LocalText("拜访", "visit")
    assert label("拜访", "visit") == "拜访" == str(text)
    set_language("en")
    assert label("拜访", "visit") == "visit" == str(text)
    assert f"[{text}]" == "[visit]"


def test_msg_never_fails_while_reporting() -> None:
    assert msg("no_such_code") == "no_such_code"
    assert msg("no_such_code", x=1) == "no_such_code (x=1)"
    assert msg("db_locked") == msg("db_locked", path="{path}")


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_both_languages_take_the_same_parameters(code: str) -> None:
    zh, en = MESSAGES[code]
    assert _placeholders(zh) == _placeholders(en)
    assert re.search(r"[\u4e00-\u9fff]", zh), "the zh template should be Chinese"
    assert zh != en


def test_every_code_the_app_raises_has_a_message() -> None:
    """Each ``KnownError("code")``, ``ParseError("code")`` and ``msg("code")`` in the source
    names a message: a missing one would show the user its bare code (``demo_not_empty``)."""
    root = Path(liaison_app.__file__).parent
    call = re.compile(r'\b(?:KnownError|ParseError|msg)\(\s*"([a-z][a-z0-9_]*)"')
    raised = {code for path in root.rglob("*.py") for code in call.findall(path.read_text("utf-8"))}
    assert len(raised) > 50  # the scan found the calls
    assert raised - MESSAGES.keys() == set()


def test_parse_error_renders_at_access_time() -> None:
    error = ParseError("money_negative", text="-5万")
    assert isinstance(error, ValueError)
    assert error.code == "money_negative"
    assert error.params == {"text": "-5万"}
    assert str(error) == "金额不能为负数：“-5万”"
    set_language("en")
    assert error.message == 'the amount cannot be negative: "-5万"'
    assert str(error) == error.message


def test_errors_survive_pickling() -> None:
    error = pickle.loads(pickle.dumps(ParseError("uscc_length", length=3)))
    assert (error.code, error.params) == ("uscc_length", {"length": 3})
    known = pickle.loads(pickle.dumps(KnownError("db_locked", path="a.db")))
    assert (known.code, known.params) == ("db_locked", {"path": "a.db"})


def test_known_error_messages() -> None:
    error = KnownError("db_corrupt", path="/data/liaison.db")
    assert error.code == "db_corrupt"
    assert error.params == {"path": "/data/liaison.db"}
    assert "可在“文件 > 从备份恢复”或运行 liaison-app restore 恢复备份" in str(error)
    too_new = KnownError("db_too_new", revision="0007", head="0005")
    assert "结构版本 0007" in too_new.message
    assert "0005" in too_new.message
    set_language("en")
    assert "liaison-app restore" in error.message
    assert "schema revision 0007" in too_new.message
    assert str(too_new) == too_new.message


def test_validation_error_lists_every_problem() -> None:
    error = ValidationError(
        [
            Problem("uscc", "应为 18 位，当前为 17 位", "uscc_length"),
            Problem("name", "必填"),
        ]
    )
    assert len(error.problems) == 2
    assert str(error) == "uscc: 应为 18 位，当前为 17 位\nname: 必填"


def test_problem_collector_gathers_all_then_raises_once() -> None:
    collector = ProblemCollector()
    assert collector.with_field("investment_yuan", parse_money, "1.2亿") == 120_000_000
    assert collector.with_field("uscc", validate_uscc, "123") is None
    assert (
        collector.with_field("funds_in_place_yuan", parse_money, "-5", default_unit="wan") is None
    )
    collector.add("lost_reason", "lost_reason_required")
    collector.add("name", "text_too_long", max_len=5, length=9)
    with pytest.raises(ValidationError) as info:
        collector.raise_if_any()
    problems = info.value.problems
    assert [(p.field, p.code) for p in problems] == [
        ("uscc", "uscc_length"),
        ("funds_in_place_yuan", "money_negative"),
        ("lost_reason", "lost_reason_required"),
        ("name", "text_too_long"),
    ]
    assert problems[0].message == "应为 18 位，当前为 3 位"
    assert problems[3].message == "内容过长：最多 5 个字，当前为 9 个字"


def test_problem_collector_lets_other_errors_through() -> None:
    collector = ProblemCollector()

    def broken() -> None:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        collector.with_field("x", broken)
    collector.raise_if_any()  # nothing recorded, nothing raised
    assert collector.problems == []


def test_problem_collector_renders_in_current_language() -> None:
    set_language("en")
    collector = ProblemCollector()
    collector.with_field("visit_date", parse_money, "abc")
    assert collector.problems[0].message.startswith('cannot read the amount "abc"')


@pytest.mark.parametrize("name", ["i18n", "errors", "text", "enums", "money", "uscc", "dates"])
def test_layer_has_no_io_or_framework_imports(name: str) -> None:
    module = importlib.import_module(f"liaison_app.domain.{name}")
    source = Path(module.__file__ or "").read_text(encoding="utf-8")
    forbidden = r"^\s*(from|import)\s+(PySide6|sqlalchemy|openpyxl|python_calamine|os|sqlite3)\b"
    assert not re.search(forbidden, source, re.MULTILINE)
