"""Cell-level rules: what counts as risky text, what XML cannot hold, atomic writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from liaison_app.excel.cells import (
    cell_text,
    display_width,
    needs_protection,
    text_value,
    unescape,
    xml_safe,
)
from liaison_app.excel.files import atomic_target


@pytest.mark.parametrize(
    "text", ["=A1", "+1", "-1", "@SUM(1)", "\tx", "#N/A", "#REF!", "=", "\r=cmd"]
)
def test_risky_text(text: str) -> None:
    assert needs_protection(text)


@pytest.mark.parametrize("text", ["华为", "1+1", "a=b", "", "#1 项目", "email@x.cn"])
def test_ordinary_text(text: str) -> None:
    assert not needs_protection(text)


def test_xml_safe_keeps_tab_and_line_breaks() -> None:
    assert xml_safe("a\tb\nc\rd") == "a\tb\nc\rd"
    assert xml_safe("".join(map(chr, range(32)))) == "\t\n\r"
    assert xml_safe("x\ufffey\uffffz\U0001f600") == "xyz\U0001f600"


def test_escape_like_text_is_escaped() -> None:
    assert cell_text("_x0041_") == "_x005F_x0041_"
    assert cell_text("a_x00e9_b_X0041_") == "a_x005F_x00e9_b_X0041_"
    assert unescape(cell_text("_x0041_ and _x005f_")) == "_x0041_ and _x005f_"


def test_display_width_counts_chinese_double() -> None:
    assert display_width("abc") == 3
    assert display_width("华为abc") == 7
    assert display_width("第一行\n很长很长很长的第二行") == 6
    assert display_width(None) == 0


def test_risky_cell_in_write_only_mode(tmp_path: Path) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("s")
    ws.append(
        [text_value(ws, "\t=cmd|' /C calc'!A0"), text_value(ws, "=1+1"), text_value(ws, "ok")]
    )
    wb.save(tmp_path / "t.xlsx")
    row = load_workbook(tmp_path / "t.xlsx")["s"][1]
    assert [c.data_type for c in row] == ["s", "s", "s"]
    assert [c.value for c in row] == ["\t=cmd|' /C calc'!A0", "=1+1", "ok"]
    assert row[0].quotePrefix and row[1].quotePrefix and not row[2].quotePrefix


def test_atomic_target(tmp_path: Path) -> None:
    target = tmp_path / "a.xlsx"
    with atomic_target(target) as temp:
        assert temp.parent == tmp_path and temp != target
        temp.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    with pytest.raises(RuntimeError), atomic_target(target) as temp:
        temp.write_bytes(b"half")
        raise RuntimeError
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]
