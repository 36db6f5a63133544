from __future__ import annotations

from enum import StrEnum

import pytest

from liaison_app.domain.enums import (
    INDUSTRY_CHAINS,
    ChainRole,
    DealStatus,
    Labelled,
    LeadStage,
    ReviewState,
    Role,
    SigningMode,
    VisitMode,
)
from liaison_app.domain.errors import ParseError
from liaison_app.domain.i18n import set_language

ALL = (VisitMode, LeadStage, ChainRole, SigningMode, DealStatus, ReviewState, Role)


def test_values_are_the_stored_code_names() -> None:
    assert [m.value for m in VisitMode] == ["onsite", "hosted", "video", "fair"]
    assert [m.value for m in LeadStage] == [
        "contact",
        "negotiation",
        "inspection",
        "advanced",
        "signed",
        "lost",
    ]
    assert [m.value for m in ChainRole] == ["build", "fill", "strengthen"]
    assert [m.value for m in SigningMode] == ["onsite", "online", "video"]
    assert [m.value for m in DealStatus] == [
        "signed",
        "groundbroken",
        "producing",
        "stalled",
        "cancelled",
    ]
    assert [m.value for m in ReviewState] == ["draft", "submitted", "approved", "returned"]
    assert [m.value for m in Role] == ["staff", "manager", "hq"]


def test_members_are_plain_strings() -> None:
    assert isinstance(VisitMode.onsite, StrEnum)
    assert VisitMode.onsite == "onsite"
    assert str(VisitMode.onsite) == "onsite"
    assert f"{ReviewState.approved}" == "approved"
    assert VisitMode("video") is VisitMode.video


def test_labels_follow_the_language() -> None:
    assert VisitMode.onsite.label == "上门拜访"
    assert ChainRole.fill.label == "补链"
    assert Role.hq.label == "投资促进中心"
    assert LeadStage.labels() == ["初步对接", "洽谈", "考察", "在谈", "已签约", "已终止"]
    set_language("en")
    assert VisitMode.onsite.label == "On-site visit"
    assert ChainRole.fill.label == "Fill gap"
    assert Role.hq.label == "Head office"
    assert VisitMode.onsite.label_zh == "上门拜访"
    assert VisitMode.onsite.label_en == "On-site visit"


@pytest.mark.parametrize(
    ("cls", "text", "member"),
    [
        (VisitMode, "上门拜访", VisitMode.onsite),
        (VisitMode, "视频洽谈", VisitMode.video),
        (VisitMode, "Trade fair", VisitMode.fair),
        (VisitMode, "trade FAIR", VisitMode.fair),
        (VisitMode, "hosted", VisitMode.hosted),
        (VisitMode, " 展会 ", VisitMode.fair),
        (VisitMode, "ｆａｉｒ", VisitMode.fair),
        (LeadStage, "在谈", LeadStage.advanced),
        (LeadStage, "Under negotiation", LeadStage.advanced),
        (LeadStage, "negotiation", LeadStage.negotiation),
        (LeadStage, "Dropped", LeadStage.lost),
        (ChainRole, "强链", ChainRole.strengthen),
        (ChainRole, "build chain", ChainRole.build),
        (SigningMode, "网络签约", SigningMode.online),
        (SigningMode, "ON-SITE", SigningMode.onsite),
        (DealStatus, "已投产", DealStatus.producing),
        (DealStatus, "Under construction", DealStatus.groundbroken),
        (ReviewState, "待审核", ReviewState.submitted),
        (ReviewState, "RETURNED", ReviewState.returned),
        (Role, "负责人", Role.manager),
        (Role, "staff", Role.staff),
        (VisitMode, VisitMode.video, VisitMode.video),
    ],
)
def test_from_text(cls: type[Labelled], text: str, member: Labelled) -> None:
    assert cls.from_text(text) is member


def test_from_text_is_independent_of_the_current_language() -> None:
    set_language("en")
    assert VisitMode.from_text("上门拜访") is VisitMode.onsite
    assert VisitMode.from_text("On-site visit") is VisitMode.onsite


def test_from_text_refusal_lists_allowed_labels() -> None:
    with pytest.raises(ParseError) as info:
        VisitMode.from_text("电话联系")
    assert info.value.code == "enum_invalid"
    assert info.value.message == (
        "“电话联系”不是有效的拜访方式，可选：上门拜访、来访接待、视频洽谈、展会"
    )
    set_language("en")
    assert info.value.message == (
        '"电话联系" is not a valid visit mode; '
        "choose one of: On-site visit, Hosted visit, Video call, Trade fair"
    )


def test_from_text_empty_is_required() -> None:
    with pytest.raises(ParseError) as info:
        ChainRole.from_text("  ")
    assert info.value.code == "required"


@pytest.mark.parametrize("cls", ALL)
def test_every_text_names_one_member(cls: type[Labelled]) -> None:
    seen: dict[str, Labelled] = {}
    for member in cls:
        for text in (member.value, member.label_zh, member.label_en):
            assert seen.setdefault(text.casefold(), member) is member, text
            assert cls.from_text(text) is member


def test_industry_chains() -> None:
    for chain in ("新能源汽车", "动力电池", "机器人", "新型显示", "集成电路", "生物医药"):
        assert chain in INDUSTRY_CHAINS
    assert len(set(INDUSTRY_CHAINS)) == len(INDUSTRY_CHAINS)
