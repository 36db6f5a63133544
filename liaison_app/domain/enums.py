"""Closed vocabularies: English code names in the database, Chinese or English labels on
screen and in spreadsheets.

Each member is declared as ``name = value, zh_label, en_label``; the value is what the
database stores and must never change once data exists.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Any, Self, TypeVar

from liaison_app.domain.errors import ParseError
from liaison_app.domain.i18n import LocalText, label
from liaison_app.domain.text import to_halfwidth


class Labelled(StrEnum):
    """Base of the labelled enums: a label per language and lookup by any of them.

    Subclasses name what they are with ``kind=(zh, en)`` (used in error messages).
    """

    _label_zh: str
    _label_en: str
    _kind: tuple[str, str]  # set by __init_subclass__; a class-level value would be a member

    def __new__(cls, value: str, zh: str = "", en: str = "") -> Self:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj._label_zh = zh or value
        obj._label_en = en or value
        return obj

    def __init_subclass__(cls, *, kind: tuple[str, str] | None = None, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if kind is not None:
            cls._kind = kind

    @property
    def label(self) -> str:
        """The label in the current language."""
        return label(self._label_zh, self._label_en)

    @property
    def label_zh(self) -> str:
        return self._label_zh

    @property
    def label_en(self) -> str:
        return self._label_en

    @classmethod
    def labels(cls) -> list[str]:
        """Labels of all members in declaration order, in the current language."""
        return [m.label for m in cls]

    @classmethod
    def from_text(cls, text: str) -> Self:
        """Member from its value, Chinese label or English label (any case, any width).

        Spreadsheets and the CLI may use any of the three; the database uses the value.
        """
        if isinstance(text, cls):
            return text
        key = to_halfwidth(str(text)).strip().casefold()
        if not key:
            raise ParseError("required")
        member = _lookup(cls).get(key)
        if member is not None:
            return member
        raise ParseError(
            "enum_invalid",
            text=str(text).strip(),
            kind=LocalText(*getattr(cls, "_kind", ("取值", "value"))),
            allowed=LocalText(
                "、".join(m._label_zh for m in cls), ", ".join(m._label_en for m in cls)
            ),
        )


E = TypeVar("E", bound=Labelled)


@cache
def _lookup(cls: type[E]) -> dict[str, E]:
    """Casefolded value and labels -> member (the first member when two share one): an
    import looks up a value per row."""
    found: dict[str, E] = {}
    for member in cls:
        for key in (member.value, member._label_zh, member._label_en):
            found.setdefault(key.casefold(), member)
    return found


class VisitMode(Labelled, kind=("拜访方式", "visit mode")):
    onsite = "onsite", "上门拜访", "On-site visit"
    hosted = "hosted", "来访接待", "Hosted visit"
    video = "video", "视频洽谈", "Video call"
    fair = "fair", "展会", "Trade fair"


class LeadStage(Labelled, kind=("线索阶段", "lead stage")):
    contact = "contact", "初步对接", "First contact"
    negotiation = "negotiation", "洽谈", "Negotiation"
    inspection = "inspection", "考察", "Site inspection"
    advanced = "advanced", "在谈", "Under negotiation"
    signed = "signed", "已签约", "Signed"
    lost = "lost", "已终止", "Dropped"


class ChainRole(Labelled, kind=("链条作用", "chain role")):
    build = "build", "建链", "Build chain"
    fill = "fill", "补链", "Fill gap"
    strengthen = "strengthen", "强链", "Strengthen chain"


class SigningMode(Labelled, kind=("签约方式", "signing mode")):
    onsite = "onsite", "现场签约", "On-site"
    online = "online", "网络签约", "Online"
    video = "video", "视频签约", "Video"


class DealStatus(Labelled, kind=("项目状态", "deal status")):
    signed = "signed", "已签约", "Signed"
    groundbroken = "groundbroken", "已开工", "Under construction"
    producing = "producing", "已投产", "In production"
    stalled = "stalled", "推进受阻", "Stalled"
    cancelled = "cancelled", "已终止", "Cancelled"


class ReviewState(Labelled, kind=("审核状态", "review state")):
    draft = "draft", "草稿", "Draft"
    submitted = "submitted", "待审核", "Submitted"
    approved = "approved", "已通过", "Approved"
    returned = "returned", "已退回", "Returned"


class Role(Labelled, kind=("角色", "role")):
    staff = "staff", "招商人员", "Staff"
    manager = "manager", "负责人", "Manager"
    hq = "hq", "投资促进中心", "Head office"


# Industry chains are free text (each city has its own list); these are offered as choices.
INDUSTRY_CHAINS: tuple[str, ...] = (
    "新能源汽车",
    "动力电池",
    "储能",
    "光伏",
    "氢能",
    "机器人",
    "新型显示",
    "集成电路",
    "电子信息",
    "生物医药",
    "医疗器械",
    "高端装备",
    "新材料",
    "人工智能",
    "低空经济",
    "数字经济",
    "绿色食品",
    "现代服务业",
)
