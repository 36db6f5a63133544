"""The fields of each record: label (zh/en), kind and whether it is required.

One table serves the services' validation, the forms' labels and the Excel headers, so a
field is named, parsed and checked the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from liaison_app.domain import enums
from liaison_app.domain.dates import parse_date
from liaison_app.domain.errors import ParseError
from liaison_app.domain.i18n import label
from liaison_app.domain.money import parse_money
from liaison_app.domain.uscc import validate_uscc

Kind = Literal["text", "longtext", "money", "date", "uscc", "bool", "enum", "ref"]

_TEXT_KINDS = frozenset({"text", "longtext"})
_TRUE = {"1", "true", "yes", "y", "是", "√", "✓", "t"}
_FALSE = {"0", "false", "no", "n", "否", "×", "f", ""}


def parse_bool(value: Any) -> bool:
    """是/否, Y/N, true/false, 1/0 as people write them in forms and spreadsheets."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, int | float):
        return value != 0
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ParseError("bool_invalid", text=str(value))


@dataclass(frozen=True)
class FieldSpec:
    name: str
    zh: str
    en: str
    kind: Kind = "text"
    required: bool = False
    max_len: int | None = None
    enum: type[StrEnum] | None = None
    ref: str | None = None  # entity a "ref" field points to

    @property
    def label(self) -> str:
        return label(self.zh, self.en)

    def parse(self, value: Any) -> Any:
        """The stored form of ``value``, or ParseError with the reason."""
        if isinstance(value, str):
            value = value.strip()
        empty = value is None or value == ""
        if self.kind in _TEXT_KINDS:  # most fields: checked first
            if empty:
                if self.required:
                    raise ParseError("required")
                return ""
            text = str(value)
            if self.max_len is not None and len(text) > self.max_len:
                raise ParseError("text_too_long", max_len=self.max_len, length=len(text))
            return text
        if self.kind == "money":
            return parse_money(value, required=self.required)
        if self.kind == "date":
            return parse_date(value, required=self.required)
        if self.kind == "uscc":
            return validate_uscc(value, required=self.required)
        if self.kind == "bool":
            return parse_bool(value)
        if empty:
            if self.required:
                raise ParseError("required")
            return None if self.kind in ("enum", "ref") else ""
        if self.kind == "enum":
            assert self.enum is not None
            return self.enum.from_text(str(value)).value  # type: ignore[attr-defined]
        text = str(value)
        if self.max_len is not None and len(text) > self.max_len:
            raise ParseError("text_too_long", max_len=self.max_len, length=len(text))
        return text


def F(name: str, zh: str, en: str, kind: Kind = "text", **kw: Any) -> FieldSpec:
    return FieldSpec(name, zh, en, kind, **kw)


FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "office": (
        F("name", "联络办名称", "Office", required=True, max_len=100),
        F("region", "区域", "Region", max_len=50),
        F("city", "所在城市", "City", max_len=50),
    ),
    "staff": (
        F("name", "姓名", "Name", required=True, max_len=50),
        F("office_id", "所属联络办", "Office", "ref", ref="office"),
        F("role", "角色", "Role", "enum", required=True, enum=enums.Role),
        F("username", "登录名", "User name", max_len=100),
        F("phone", "电话", "Phone", max_len=50),
    ),
    "company": (
        F("name", "企业名称", "Company", required=True, max_len=200),
        F("uscc", "统一社会信用代码", "USCC", "uscc"),
        F("industry_chain", "产业链", "Industry chain", max_len=50),
        F("region", "所在地区", "Region", max_len=100),
        F("address", "地址", "Address", max_len=300),
        F("listed", "上市企业", "Listed", "bool"),
        F("foreign_funded", "外资企业", "Foreign-funded", "bool"),
        F("notes", "备注", "Notes", "longtext", max_len=5000),
    ),
    "contact": (
        F("company_id", "企业", "Company", "ref", required=True, ref="company"),
        F("name", "姓名", "Name", required=True, max_len=50),
        F("title", "职务", "Title", max_len=100),
        F("phone", "电话", "Phone", max_len=50),
        F("email", "邮箱", "Email", max_len=100),
        F("office_id", "联络办", "Office", "ref", ref="office"),
        F("notes", "备注", "Notes", "longtext", max_len=5000),
    ),
    "visit": (
        F("visit_date", "拜访日期", "Date", "date", required=True),
        F("company_id", "企业", "Company", "ref", required=True, ref="company"),
        F("office_id", "联络办", "Office", "ref", required=True, ref="office"),
        F("staff_id", "拜访人", "Visited by", "ref", ref="staff"),
        F("mode", "拜访方式", "Mode", "enum", required=True, enum=enums.VisitMode),
        F("people_met", "会见人员", "People met", max_len=300),
        F("summary", "洽谈内容", "Summary", "longtext", required=True, max_len=20000),
        F("outcome", "拜访成效", "Outcome", "longtext", max_len=20000),
        F("next_step", "下步计划", "Next step", "longtext", max_len=5000),
        F("next_follow_up", "下次跟进日期", "Next follow-up", "date"),
    ),
    "lead": (
        F("title", "线索名称", "Lead", required=True, max_len=200),
        F("company_id", "企业", "Company", "ref", required=True, ref="company"),
        F("office_id", "联络办", "Office", "ref", required=True, ref="office"),
        F("staff_id", "负责人", "Owner", "ref", ref="staff"),
        F("found_on", "获取日期", "Found on", "date", required=True),
        F("industry_chain", "产业链", "Industry chain", max_len=50),
        F("chain_role", "链上定位", "Chain role", "enum", enum=enums.ChainRole),
        F("investment_yuan", "预计投资额", "Estimated investment", "money"),
        F("stage", "阶段", "Stage", "enum", required=True, enum=enums.LeadStage),
        F("is_valid", "有效线索", "Valid lead", "bool"),
        F("source_visit_id", "来源拜访", "Source visit", "ref", ref="visit"),
        F("intended_park", "意向园区", "Intended park", max_len=100),
        F("description", "线索说明", "Description", "longtext", max_len=20000),
        F("lost_reason", "终止原因", "Reason dropped", "longtext", max_len=5000),
    ),
    "deal": (
        F("title", "项目名称", "Project", required=True, max_len=200),
        F("company_id", "企业", "Company", "ref", required=True, ref="company"),
        F("office_id", "联络办", "Office", "ref", required=True, ref="office"),
        F("staff_id", "负责人", "Owner", "ref", ref="staff"),
        F("lead_id", "来源线索", "Source lead", "ref", ref="lead"),
        F("signed_on", "签约日期", "Signed on", "date", required=True),
        F(
            "signing_mode",
            "签约方式",
            "Signing mode",
            "enum",
            required=True,
            enum=enums.SigningMode,
        ),
        F("investment_yuan", "总投资", "Total investment", "money", required=True),
        F("industry_chain", "产业链", "Industry chain", max_len=50),
        F("responsible_unit", "责任主体", "Responsible unit", max_len=200),
        F("task_force", "工作专班", "Task force", max_len=200),
        F("advancement_plan", "推进计划", "Advancement plan", "longtext", max_len=20000),
        F("carrier_park", "承载园区", "Carrier park", max_len=100),
        F("groundbreaking_on", "开工日期", "Groundbreaking", "date"),
        F("production_on", "投产日期", "Production start", "date"),
        F("funds_in_place_yuan", "实际到位资金", "Funds in place", "money"),
        F("status", "项目状态", "Status", "enum", required=True, enum=enums.DealStatus),
    ),
}

ENTITY_LABELS: dict[str, tuple[str, str]] = {
    "office": ("联络办", "Office"),
    "staff": ("人员", "Staff"),
    "company": ("企业", "Company"),
    "contact": ("联系人", "Contact"),
    "visit": ("拜访记录", "Visit"),
    "lead": ("项目线索", "Lead"),
    "deal": ("签约项目", "Deal"),
}

DATE_FIELDS: dict[str, str] = {"visit": "visit_date", "lead": "found_on", "deal": "signed_on"}
"""The date of each dated record: what a period selects, what lists and exports order by."""

DEFAULTS: dict[str, dict[str, Any]] = {
    "visit": {"mode": enums.VisitMode.onsite.value},
    "lead": {"stage": enums.LeadStage.contact.value, "is_valid": False},
    "deal": {
        "signing_mode": enums.SigningMode.onsite.value,
        "status": enums.DealStatus.signed.value,
        "funds_in_place_yuan": 0,
    },
    "staff": {"role": enums.Role.staff.value},
}


def entity_label(entity: str) -> str:
    return label(*ENTITY_LABELS[entity])


def field_spec(entity: str, name: str) -> FieldSpec:
    for spec in FIELDS[entity]:
        if spec.name == name:
            return spec
    raise KeyError(f"{entity}.{name}")


Check = Callable[[dict[str, Any]], list[tuple[str, str, dict[str, Any]]]]


def _dates_in_order(first: str, second: str, code: str) -> Check:
    def check(values: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
        a, b = values.get(first), values.get(second)
        if isinstance(a, date) and isinstance(b, date) and b < a:
            return [(second, code, {"other": a.isoformat()})]
        return []

    return check


def _lost_needs_reason(values: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    if values.get("stage") == enums.LeadStage.lost.value and not values.get("lost_reason"):
        return [("lost_reason", "lost_reason_required", {})]
    return []


CROSS_CHECKS: dict[str, tuple[Check, ...]] = {
    "visit": (_dates_in_order("visit_date", "next_follow_up", "follow_up_before_visit"),),
    "lead": (_lost_needs_reason,),
    "deal": (
        _dates_in_order("signed_on", "groundbreaking_on", "groundbreaking_before_signing"),
        _dates_in_order("groundbreaking_on", "production_on", "production_before_groundbreaking"),
    ),
}
"""Rules across fields, run on the whole record after each field parsed."""
