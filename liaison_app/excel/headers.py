"""Sheet names and column headers: what the export writes and what the import recognises.

The export writes each field's label (``domain.fields``) in the user's language, money with
its unit ("总投资（万元）"), and hidden columns named ``_id``, ``_company_id``... that carry
the record ids the import needs for an exact round trip. The import recognises a column by
the labels of both languages and by the aliases people use in their own ledgers (企业名称 /
公司名称 / company, 拜访日期 / 走访日期 / date, 投资额 / 总投资 / 计划投资...).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from liaison_app.domain.fields import ENTITY_LABELS, FIELDS
from liaison_app.domain.i18n import label
from liaison_app.domain.money import Unit

# Sheets of the export, in the order they appear (after the summary).
EXPORT_ENTITIES = ("visit", "lead", "deal", "company", "contact", "office", "staff")
# Parents before children: the order an import resolves and writes.
IMPORT_ORDER = ("office", "staff", "company", "contact", "visit", "lead", "deal")

SHEET_NAMES: dict[str, tuple[str, str]] = {
    "visit": ("拜访记录", "Visits"),
    "lead": ("项目线索", "Leads"),
    "deal": ("签约项目", "Deals"),
    "company": ("企业", "Companies"),
    "contact": ("联系人", "Contacts"),
    "office": ("联络办", "Offices"),
    "staff": ("人员", "Staff"),
}
SUMMARY_SHEET = ("统计汇总", "Summary")

ID_HEADER = "_id"
UNIT_LABEL: dict[Unit, str] = {"yuan": "元", "wan": "万元", "yi": "亿元"}
EXPORT_MONEY_UNIT: Unit = "wan"

# Extra read-only columns of the export (not fields; ignored by the import).
REVIEW_STATE_HEADER = ("审核状态", "Review state")
# Columns the import knows and leaves out on purpose (never listed as unrecognised).
IGNORED_HEADERS = (*REVIEW_STATE_HEADER, "序号", "编号", "行号", "No", "No.", "#")


def sheet_name(entity: str) -> str:
    return label(*SHEET_NAMES[entity])


def hidden_header(field: str) -> str:
    """Header of the hidden column holding the id a reference field points to."""
    return f"_{field}"


def money_header(field_label: str, unit: Unit = EXPORT_MONEY_UNIT) -> str:
    return label(f"{field_label}（{UNIT_LABEL[unit]}）", f"{field_label} ({UNIT_LABEL[unit]})")


# --- recognising headers ----------------------------------------------------------------

_UNIT_SUFFIX = re.compile(
    r"^(?P<name>.*?)[\s/:：]*[(\[（【]?\s*(?:单位\s*[:：]?\s*)?"
    r"(?P<unit>万元|亿元|元|万|亿|rmb|yuan|cny|10k ?yuan|100m ?yuan)\s*[)\]）】]?$",
    re.IGNORECASE,
)
_NOISE = re.compile(r"[\s*＊:：。.、_\-—()（）\[\]【】/\\]+")
_UNIT_WORDS: dict[str, Unit] = {
    "万元": "wan",
    "万": "wan",
    "10kyuan": "wan",
    "亿元": "yi",
    "亿": "yi",
    "100myuan": "yi",
    "元": "yuan",
    "rmb": "yuan",
    "yuan": "yuan",
    "cny": "yuan",
}


@dataclass(frozen=True)
class Header:
    """A header cell read from a workbook: its key for matching and any money unit."""

    text: str
    key: str
    unit: Unit | None


def normalize_key(text: str) -> str:
    """A header reduced for matching: NFKC, lower case, no spaces or punctuation."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text).casefold())


def read_header(value: object) -> Header | None:
    """The header in a cell, or None for an empty cell."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if text.startswith("_") and text[1:].replace("_", "").isalnum() and text.isascii():
        return Header(text, text.lower(), None)  # hidden id columns keep their exact name
    unit: Unit | None = None
    name = unicodedata.normalize("NFKC", text)
    match = _UNIT_SUFFIX.match(name)
    if match and match["name"].strip():
        unit = _UNIT_WORDS[match["unit"].casefold().replace(" ", "")]
        name = match["name"]
    return Header(text, normalize_key(name), unit)


# Aliases beyond the field labels (both languages) and the field's code name.
_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "office": {
        "name": ("联络办", "名称", "联络办名", "office name", "name"),
        "region": ("地区", "所属区域", "region"),
        "city": ("城市", "city"),
    },
    "staff": {
        "name": ("名字", "人员", "name"),
        "office_id": ("联络办", "office"),
        "role": ("岗位角色", "role"),
        "username": ("用户名", "账号", "username", "login"),
        "phone": ("手机", "联系电话", "mobile", "tel"),
    },
    "company": {
        "name": ("企业", "公司名称", "公司", "单位名称", "企业全称", "company name", "name"),
        "uscc": ("社会信用代码", "信用代码", "统一代码", "credit code", "social credit code"),
        "industry_chain": ("所属产业链", "行业", "所属行业", "产业", "industry", "chain"),
        "region": ("地区", "区域", "所在地", "location"),
        "address": ("企业地址", "注册地址", "详细地址"),
        "listed": ("是否上市", "上市", "listed company"),
        "foreign_funded": ("是否外资", "外资", "foreign funded", "foreign"),
        "notes": ("说明", "remarks", "remark", "note"),
    },
    "contact": {
        "company_id": ("企业名称", "公司名称", "公司", "所在企业", "单位", "单位名称"),
        "name": ("联系人", "联系人姓名", "对接人", "contact", "contact name"),
        "title": ("职位", "position", "job title"),
        "phone": ("联系电话", "手机", "手机号", "联系方式", "mobile", "tel", "telephone"),
        "email": ("电子邮箱", "邮件", "e-mail", "mail"),
        "office_id": ("所属联络办",),
        "notes": ("说明", "remarks"),
    },
    "visit": {
        "visit_date": ("走访日期", "日期", "拜访时间", "走访时间", "时间", "visit date"),
        "company_id": ("企业名称", "公司名称", "拜访企业", "走访企业", "公司", "单位名称"),
        "office_id": ("所属联络办",),
        "staff_id": ("走访人", "拜访人", "招商人员", "经办人", "拜访人员", "走访人员", "staff"),
        "mode": ("走访方式", "方式", "visit mode"),
        "people_met": (
            "对接人",
            "联系人",
            "会见对象",
            "拜访对象",
            "走访对象",
            "企业人员",
            "接待人",
            "企业联系人",
            "企业对接人",
            "met",
        ),
        "summary": (
            "拜访内容",
            "走访内容",
            "主要内容",
            "洽谈情况",
            "拜访情况",
            "走访情况",
            "内容",
            "content",
        ),
        "outcome": ("成效", "结果", "拜访结果", "走访成效", "result"),
        "next_step": ("下一步计划", "下一步", "后续计划", "后续工作"),
        "next_follow_up": ("跟进日期", "下次跟进", "下次跟进时间", "follow-up", "follow up"),
    },
    "lead": {
        "title": ("项目名称", "项目", "线索", "project", "title", "lead title"),
        "company_id": ("企业名称", "投资方", "投资企业", "公司名称", "公司"),
        "office_id": ("所属联络办",),
        "staff_id": ("跟进人", "经办人", "staff"),
        "found_on": ("日期", "发现日期", "获取时间", "登记日期", "date"),
        "industry_chain": ("所属产业链", "行业", "所属行业", "industry"),
        "chain_role": ("链条作用", "补链强链", "建链补链强链"),
        "investment_yuan": (
            "投资额",
            "总投资",
            "计划投资",
            "预计总投资",
            "拟投资",
            "投资规模",
            "计划投资额",
            "投资金额",
            "investment",
        ),
        "stage": ("线索阶段", "进展", "进展阶段", "进度"),
        "is_valid": ("是否有效", "有效", "valid"),
        "source_visit_id": (),
        "intended_park": ("拟落户园区", "园区", "意向落户园区", "所属园区", "落户园区", "park"),
        "description": ("项目简介", "项目内容", "说明", "备注", "项目概况", "简介", "notes"),
        "lost_reason": ("终止原因说明",),
    },
    "deal": {
        "title": ("项目", "签约项目", "签约项目名称", "project name", "title"),
        "company_id": ("签约企业", "企业名称", "投资方", "公司名称", "公司"),
        "office_id": ("所属联络办",),
        "staff_id": ("经办人", "staff"),
        "lead_id": (),
        "signed_on": ("签约时间", "日期", "signing date", "date"),
        "signing_mode": ("签约形式",),
        "investment_yuan": (
            "投资额",
            "计划投资",
            "协议投资",
            "总投资额",
            "签约金额",
            "协议投资额",
            "计划总投资",
            "投资金额",
            "investment",
        ),
        "industry_chain": ("所属产业链", "行业", "所属行业", "industry"),
        "responsible_unit": ("责任单位",),
        "task_force": ("专班",),
        "advancement_plan": ("推进情况", "推进计划及进展"),
        "carrier_park": ("落户园区", "所属园区", "园区", "park"),
        "groundbreaking_on": ("开工时间",),
        "production_on": ("投产时间",),
        "funds_in_place_yuan": ("到位资金", "到资", "实际到资", "已到位资金"),
        "status": ("状态", "项目进展"),
    },
}

# A company's USCC written beside the company's name on a visit, lead, deal or contact
# sheet: used to match (or create) the company, not a field of the row itself.
COMPANY_USCC = "company_uscc"
_COMPANY_USCC_ALIASES = ("统一社会信用代码", "社会信用代码", "信用代码", "uscc", "credit code")


def _build_aliases() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for entity, specs in FIELDS.items():
        keys: dict[str, str] = {}
        for spec in specs:
            names = (spec.zh, spec.en, spec.name, *_ALIASES.get(entity, {}).get(spec.name, ()))
            for name in names:
                keys.setdefault(normalize_key(name), spec.name)
            if spec.kind == "ref":
                keys[hidden_header(spec.name)] = "_" + spec.name
        keys[ID_HEADER] = ID_HEADER
        if entity in ("contact", "visit", "lead", "deal"):
            for name in _COMPANY_USCC_ALIASES:
                keys.setdefault(normalize_key(name), COMPANY_USCC)
        table[entity] = keys
    return table


ALIASES: dict[str, dict[str, str]] = _build_aliases()
_IGNORED_KEYS = frozenset(normalize_key(text) for text in IGNORED_HEADERS) | {""}
"""entity -> normalised header -> field name (or ``_id`` / ``_<ref field>`` / company_uscc)."""

# Columns that must be present for a sheet to be taken for the entity.
ANCHORS: dict[str, tuple[frozenset[str], ...]] = {
    "deal": (frozenset({"title", "company_id", "signed_on"}),),
    "lead": (
        frozenset({"title", "company_id", "found_on"}),
        frozenset({"title", "company_id", "stage"}),
        frozenset({"title", "company_id", "is_valid"}),
    ),
    "visit": (frozenset({"visit_date", "company_id"}),),
    "contact": (
        frozenset({"name", "company_id", "phone"}),
        frozenset({"name", "company_id", "title"}),
        frozenset({"name", "company_id", "email"}),
    ),
    "staff": (frozenset({"name", "role"}), frozenset({"name", "username"})),
    "office": (frozenset({"name", "city"}), frozenset({"name", "region"})),
    "company": (frozenset({"name"}),),
}
PRIORITY = ("deal", "lead", "visit", "contact", "staff", "office", "company")

# Words in a sheet's name that say which records it holds (checked in this order).
SHEET_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("contact", ("联系人", "对接人", "contact")),
    ("visit", ("拜访", "走访", "visit")),
    ("lead", ("线索", "lead")),
    ("deal", ("签约", "deal", "项目台账")),
    ("staff", ("人员", "staff")),
    ("office", ("联络办", "office")),
    ("company", ("企业", "公司", "compan")),
)


def sheet_hint(name: str) -> str | None:
    """The entity a sheet's name suggests, if any."""
    key = normalize_key(name)
    for entity, words in SHEET_HINTS:
        if any(normalize_key(word) in key for word in words):
            return entity
    return None


def match_columns(entity: str, headers: list[Header | None]) -> dict[str, int]:
    """field (or hidden column) -> index of the first column whose header names it."""
    keys = ALIASES[entity]
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        if header is None:
            continue
        field = keys.get(header.key)
        if field is not None and field not in found:
            found[field] = index
    return found


def unrecognised(headers: list[Header | None], found: dict[str, int]) -> list[str]:
    """Headers of the row that name no field of the entity (and are not left out on purpose)."""
    used = set(found.values())
    return [
        header.text
        for index, header in enumerate(headers)
        if header is not None and index not in used and header.key not in _IGNORED_KEYS
    ]


def satisfies_anchors(entity: str, fields: set[str] | dict[str, int]) -> bool:
    return any(anchor <= set(fields) for anchor in ANCHORS[entity])


def entity_sheet_label(entity: str) -> str:
    return label(*ENTITY_LABELS[entity])
