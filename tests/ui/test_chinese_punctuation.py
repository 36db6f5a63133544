"""Chinese text uses Chinese punctuation: no half-width ? ! : ; inside or at the end of a
Chinese sentence, and no half-width comma beside a Chinese character ("关闭前是否保存?"
reads as a typo). Covers the zh_CN translation file and the messages of domain.i18n."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from liaison_app.domain.fields import FIELDS
from liaison_app.domain.i18n import MESSAGES
from liaison_app.services.report_text import FIGURE_LABELS
from liaison_app.ui.translations import translations_dir

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# A neighbour that makes the text around a mark Chinese: Han characters, Chinese
# punctuation and quotes, full-width forms.
CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e“”‘’…—]")
MARKS = re.compile(r"[?!:;,]")


def half_width_marks(text: str) -> list[str]:
    """Each half-width mark in a Chinese text that has a Chinese neighbour (spaces
    skipped), or that ends the text or a line (all but the comma), with its context."""
    if not HAN.search(text):
        return []
    found = []
    for match in MARKS.finditer(text):
        at, mark = match.start(), match.group()
        before = text[:at].rstrip(" ")[-1:]
        after = text[at + 1 :].lstrip(" ")[:1]
        beside = bool(CHINESE.match(before)) or bool(CHINESE.match(after))
        ends = mark != "," and after in ("", "\n")
        if beside or ends:
            found.append(text[max(0, at - 10) : at + 10])
    return found


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("关闭前是否保存?", True),
        ("企业: 必填", True),
        ("确定删除选中的 {0} 条记录吗?", True),
        ("第 1 行,第 2 列", True),
        ("请检查网络;稍后重试", True),
        ("关闭前是否保存？", False),
        ("企业：必填", False),
        ("连接 https://example.com 失败", False),
        ("12:30 开会", False),
        ("{field}：{problem}", False),
        ("共 1,234 条", False),
        ("Save them before closing?", False),
    ],
)
def test_the_check_finds_half_width_marks(text: str, bad: bool) -> None:
    assert bool(half_width_marks(text)) is bad


def zh_translations() -> list[tuple[str, str]]:
    root = ET.parse(translations_dir() / "liaison_zh_CN.ts").getroot()
    pairs = []
    for message in root.iter("message"):
        translation = message.find("translation")
        if translation is None:
            continue
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        pairs += [(message.findtext("source") or "", form) for form in forms]
    return pairs


def test_the_translation_file_uses_chinese_punctuation() -> None:
    pairs = zh_translations()
    assert len(pairs) > 300
    found = {source: marks for source, text in pairs if (marks := half_width_marks(text))}
    assert not found


def test_messages_and_labels_use_chinese_punctuation() -> None:
    texts = {f"msg {code}": zh for code, (zh, _en) in MESSAGES.items()}
    texts |= {f"figure {key}": zh for key, (zh, _en) in FIGURE_LABELS.items()}
    for entity, specs in FIELDS.items():
        texts |= {f"field {entity}.{spec.name}": spec.zh for spec in specs}
    found = {name: marks for name, text in texts.items() if (marks := half_width_marks(text))}
    assert not found
