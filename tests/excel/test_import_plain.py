"""Plain spreadsheets as staff keep them: titles, aliases, values as people write them."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from liaison_app.db.models import Company, Deal, Lead, Staff, Visit
from liaison_app.domain.enums import DealStatus, LeadStage, VisitMode
from liaison_app.domain.fields import FIELDS
from liaison_app.domain.i18n import set_language
from liaison_app.domain.money import YUAN_PER_WAN, YUAN_PER_YI
from liaison_app.domain.uscc import make_uscc
from liaison_app.excel.headers import (
    _ALIASES,
    ALIASES,
    COMPANY_USCC,
    match_columns,
    read_header,
    sheet_hint,
)
from liaison_app.excel.importer import detect_sheets
from liaison_app.excel.reading import Workbook as ReadBook
from liaison_app.services.actor import Actor
from liaison_app.services.context import AppServices
from liaison_app.services.transfer import TransferService
from tests.excel.conftest import save_workbook

HUAWEI = make_uscc("91440300" + "192203821")
BYD = make_uscc("91440300" + "192317458")


def count(services: AppServices, model) -> int:
    with services.store.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(~model.deleted))


# --- headers ------------------------------------------------------------------------------


def test_every_alias_and_label_names_its_field() -> None:
    checked = 0
    for entity, specs in FIELDS.items():
        for spec in specs:
            names = (spec.zh, spec.en, spec.name, *_ALIASES.get(entity, {}).get(spec.name, ()))
            for name in names:
                for written in (name, f" {name} ", name.upper(), f"{name}：", f"*{name}"):
                    header = read_header(written)
                    assert header is not None
                    assert ALIASES[entity].get(header.key) == spec.name, (entity, written)
                    checked += 1
    assert checked > 1000


@pytest.mark.parametrize(
    ("text", "key_of", "unit"),
    [
        ("总投资（万元）", "总投资", "wan"),
        ("计划投资(亿元)", "计划投资", "yi"),
        ("投资额/万元", "投资额", "wan"),
        ("投资额 万元", "投资额", "wan"),
        ("投资额（元）", "投资额", "yuan"),
        ("Total investment (万元)", "Total investment", "wan"),
        ("Investment (100m yuan)", "Investment", "yi"),
        ("到位资金【单位：万元】", "到位资金", "wan"),
        ("企业名称", "企业名称", None),
        ("单位名称", "单位名称", None),
    ],
)
def test_money_headers_say_their_unit(text: str, key_of: str, unit: str | None) -> None:
    header = read_header(text)
    assert header is not None and header.unit == unit
    assert header.key == read_header(key_of).key


@pytest.mark.parametrize(
    ("name", "entity"),
    [
        ("走访台账", "visit"),
        ("2020年拜访记录", "visit"),
        ("项目线索", "lead"),
        ("签约项目台账", "deal"),
        ("企业名单", "company"),
        ("联系人", "contact"),
        ("Visits", "visit"),
        ("Sheet1", None),
    ],
)
def test_sheet_names_hint(name: str, entity: str | None) -> None:
    assert sheet_hint(name) == entity


SHEETS = {
    "visit": ["拜访日期", "企业名称", "洽谈内容"],
    "lead": ["项目名称", "企业名称", "计划投资（万元）", "获取日期"],
    "deal": ["项目名称", "签约企业", "签约日期", "总投资（亿元）"],
    "company": ["企业名称", "统一社会信用代码", "所属行业"],
    "contact": ["联系人", "企业名称", "职务", "手机"],
    "staff": ["姓名", "所属联络办", "角色"],
    "office": ["联络办名称", "区域", "所在城市"],
}


@pytest.mark.parametrize("entity", list(SHEETS))
def test_a_sheet_is_recognised_by_its_headers(entity: str, tmp_path: Path) -> None:
    path = save_workbook(tmp_path / "s.xlsx", {"Sheet1": [["标题"], [], SHEETS[entity], ["x"]]})
    with ReadBook(path) as book:
        parsed = detect_sheets(book)
    assert [(s.entity, s.header_row) for s in parsed.sheets] == [(entity, 3)]


# --- a messy workbook ---------------------------------------------------------------------


def messy_workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "2020年走访台账"
    ws["A1"] = "上海联络办2020年走访企业台账"
    ws.merge_cells("A1:J1")
    ws.append([])
    ws.append(
        [
            "序号",
            "走访日期",
            "企业名称",
            "统一社会信用代码",
            "走访人",
            "走访方式",
            "对接人",
            "走访内容",
            "下一步",
            "备注（不导入）",
        ]
    )
    rows = [
        [
            1,
            datetime(2020, 6, 11),
            "华为技术有限公司",
            HUAWEI,
            "王浩然",
            "上门拜访",
            "张伟",
            "座谈投资计划",
            "持续跟踪",
            "x",
        ],
        [
            2,
            "2020年6月12日",
            "华为技术有限责任公司",
            None,
            "王浩然",
            "视频洽谈",
            None,
            "视频洽谈",
            None,
            None,
        ],
        [None] * 10,
        [
            3,
            "2020/6/13",
            "比亚迪 股份有限公司",
            BYD,
            "新同事",
            "来访接待",
            None,
            "来访接待",
            None,
            None,
        ],
        [
            4,
            "2020.6.14",
            "ＡＢＣ智能科技有限公司",
            None,
            None,
            "展会",
            None,
            "展会交流",
            None,
            None,
        ],
        [5, 20200615, "ABC智能科技有限公司", None, None, None, None, "回访", None, None],
        [6, 43998, "比亚迪股份有限公司", None, None, "video", None, "再次视频", None, None],
        ["合计", None, None, None, None, None, None, None, None, None],
    ]
    for row in rows:
        ws.append(row)
    ws[
        "B10"
    ].number_format = "0"  # 43998 (2020-06-16) typed as a serial number without a date format

    leads = wb.create_sheet("项目线索")
    leads.append(
        ["项目名称", "投资方", "计划投资（万元）", "线索阶段", "是否有效", "获取日期", "补链强链"]
    )
    for row in [
        ["动力电池项目", "比亚迪股份有限公司", 5000, "洽谈", "是", "2020-06-13", "补链"],
        ["研发中心", "华为技术有限公司", "1.2亿", "考察", "Y", "2020年6月11日", "强链"],
        ["智能工厂", "ABC智能科技有限公司", "3,000万", "初步对接", "N", "2020/6/14", None],
        ["配套项目", "比亚迪股份有限公司", "5000万元", "在谈", "√", "2020.6.15", "建链"],
        ["小项目", "ABC智能科技有限公司", 12.5, "洽谈", "否", 20200616, None],
    ]:
        leads.append(row)

    deals = wb.create_sheet("签约项目台账")
    deals.append(
        [
            "签约项目名称",
            "签约企业",
            "签约时间",
            "总投资额（亿元）",
            "责任单位",
            "工作专班",
            "推进情况",
            "状态",
        ]
    )
    deals.append(
        [
            "动力电池项目",
            "比亚迪股份有限公司",
            "2020-06-20",
            1.5,
            "经开区管委会",
            "电池专班",
            "7月开工",
            "已签约",
        ]
    )
    deals.append(["合计", None, None, 1.5, None, None, None, None])

    companies = wb.create_sheet("企业名单")
    companies.append(["企业名称", "统一社会信用代码", "所属行业", "是否上市", "外资企业"])
    companies.append(["华为技术有限公司", HUAWEI, "电子信息", "否", "N"])
    companies.append(["比亚迪股份有限公司", BYD, "新能源汽车", "是", "否"])
    wb.save(path)
    return path


def test_a_messy_workbook_imports_as_meant(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    path = messy_workbook(tmp_path / "台账.xlsx")
    outcome = TransferService(services).import_file(path, staff)
    assert outcome.ok, [p.message for p in outcome.plan.problems]
    counts = outcome.plan.counts()
    assert counts["visit"] == (6, 0, 0)
    assert counts["company"] == (3, 0, 0)  # 华为, 比亚迪, ABC: each once
    assert counts["staff"] == (1, 0, 0)  # 新同事
    assert counts["lead"] == (5, 0, 0)
    assert counts["deal"] == (1, 0, 0)
    with services.store.read() as session:
        companies = {c.name: c for c in session.scalars(select(Company))}
        assert set(companies) == {
            "华为技术有限公司",
            "比亚迪股份有限公司",
            "ＡＢＣ智能科技有限公司",
        }
        assert companies["华为技术有限公司"].uscc == HUAWEI
        assert companies["比亚迪股份有限公司"].listed is True
        assert companies["华为技术有限公司"].industry_chain == "电子信息"
        visits = session.scalars(select(Visit).order_by(Visit.visit_date)).all()
        assert [v.visit_date for v in visits] == [date(2020, 6, d) for d in range(11, 17)]
        assert {v.office_id for v in visits} == {staff.office_id}
        assert [VisitMode(v.mode) for v in visits][:4] == [
            VisitMode.onsite,
            VisitMode.video,
            VisitMode.hosted,
            VisitMode.fair,
        ]
        assert visits[4].mode == VisitMode.onsite.value  # blank: the default
        assert visits[0].staff_id == staff.staff_id
        newcomer = session.scalar(select(Staff).where(Staff.name == "新同事"))
        assert newcomer.office_id == staff.office_id and visits[2].staff_id == newcomer.id
        assert len({v.company_id for v in visits}) == 3
        leads = {lead.title: lead for lead in session.scalars(select(Lead))}
        assert leads["动力电池项目"].investment_yuan == 5000 * YUAN_PER_WAN
        assert leads["研发中心"].investment_yuan == 12 * YUAN_PER_YI // 10
        assert leads["智能工厂"].investment_yuan == 3000 * YUAN_PER_WAN
        assert leads["配套项目"].investment_yuan == 5000 * YUAN_PER_WAN
        assert leads["小项目"].investment_yuan == 125_000
        assert [
            leads[t].is_valid for t in ("动力电池项目", "研发中心", "智能工厂", "配套项目")
        ] == [True, True, False, True]
        assert leads["研发中心"].stage == LeadStage.inspection.value
        assert leads["小项目"].found_on == date(2020, 6, 16)
        deal = session.scalars(select(Deal)).one()
        assert deal.investment_yuan == 150_000_000
        assert deal.responsible_unit == "经开区管委会" and deal.task_force == "电池专班"
        assert deal.advancement_plan == "7月开工"
        assert deal.status == DealStatus.signed.value
        assert deal.company_id == companies["比亚迪股份有限公司"].id


def test_dry_run_writes_nothing(services: AppServices, staff: Actor, tmp_path: Path) -> None:
    path = messy_workbook(tmp_path / "台账.xlsx")
    outcome = TransferService(services).import_file(path, staff, dry_run=True)
    assert outcome.ok and not outcome.written and outcome.plan.created == 16
    assert count(services, Visit) == 0 and count(services, Company) == 0


def test_english_headers(services: AppServices, staff: Actor, tmp_path: Path) -> None:
    path = save_workbook(
        tmp_path / "en.xlsx",
        {
            "Visits": [
                ["Date", "Company", "Mode", "Summary", "Next step", "Next follow-up"],
                [
                    datetime(2020, 5, 1),
                    "Acme Robotics Ltd",
                    "Video call",
                    "call",
                    "visit",
                    "2020-05-20",
                ],
            ]
        },
    )
    outcome = TransferService(services).import_file(path, staff)
    assert outcome.ok, [p.message for p in outcome.plan.problems]
    with services.store.read() as session:
        visit = session.scalars(select(Visit)).one()
        assert visit.mode == VisitMode.video.value
        assert visit.next_follow_up == date(2020, 5, 20)


# --- all or nothing -----------------------------------------------------------------------


def bad_workbook(path: Path) -> Path:
    save_workbook(
        path,
        {
            "走访台账": [
                ["2020年走访企业台账"],
                ["走访日期", "企业名称", "联络办", "走访内容", "下次跟进日期"],
                ["2020-06-01", "好企业有限公司", "上海联络办", "座谈", None],
                ["2020-13-01", "华为技术有限公司", "上海联络办", "座谈", None],
                ["2020年6月11日", None, "上海联络办", "座谈", None],
                ["2020/6/11", "比亚迪股份有限公司", "广州联络办", None, "2020.6.1"],
                ["=1+1", "@公司", "上海联络办", "座谈", None],
            ]
        },
    )
    wb = load_workbook(path)
    wb.active["A7"].data_type = "s"  # typed as text in Excel, not a formula
    wb.save(path)
    return path


def test_one_bad_row_imports_nothing_and_says_where(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    path = bad_workbook(tmp_path / "坏.xlsx")
    outcome = TransferService(services).import_file(path, staff)
    assert not outcome.ok and not outcome.written
    assert count(services, Visit) == 0 and count(services, Company) == 0
    found = {(p.row, p.column): (p.value, p.reason) for p in outcome.plan.problems}
    assert set(found) == {
        (4, "走访日期"),
        (5, "企业名称"),
        (6, "联络办"),
        (6, "走访内容"),
        (6, "下次跟进日期"),
        (7, "走访日期"),
    }
    assert found[(4, "走访日期")][0] == "2020-13-01"
    assert "无法识别的日期" in found[(4, "走访日期")][1]
    assert found[(5, "企业名称")][1] == "必填"
    assert "广州联络办" in found[(6, "联络办")][1] and "上海联络办" in found[(6, "联络办")][1]
    assert "不能早于拜访日期" in found[(6, "下次跟进日期")][1]
    assert outcome.plan.problems[0].message.startswith(
        "工作表“走访台账”第 4 行“走访日期”列（A4 单元格）："
    )
    # the report beside the file
    report = outcome.errors_file
    assert report == tmp_path / "坏.errors.xlsx" and report.exists()
    ws = load_workbook(report).active
    rows = [tuple(r) for r in ws.iter_rows(min_row=5, values_only=True)]
    assert rows[0][:4] == ("走访台账", 4, "走访日期（A4）", "2020-13-01")
    assert len(rows) == 6
    formula = next(c for row in ws.iter_rows() for c in row if c.value == "=1+1")
    assert formula.data_type == "s"  # the user's text stays text in the report too


def test_the_report_speaks_english_too(services: AppServices, staff: Actor, tmp_path: Path):
    set_language("en")
    outcome = TransferService(services).import_file(bad_workbook(tmp_path / "bad.xlsx"), staff)
    assert outcome.plan.problems[0].message.startswith(
        'sheet "走访台账", row 4, column "走访日期" (cell A4)'
    )
    ws = load_workbook(outcome.errors_file).active
    assert [c.value for c in ws[4]] == ["Sheet", "Row", "Column", "Value", "Problem"]


def test_missing_required_column(services: AppServices, staff: Actor, tmp_path: Path) -> None:
    path = save_workbook(
        tmp_path / "m.xlsx", {"走访": [["走访日期", "企业名称"], ["2020-06-01", "某公司"]]}
    )
    outcome = TransferService(services).import_file(path, staff)
    assert [p.message for p in outcome.plan.problems] == ["工作表“走访”缺少“洽谈内容”列"]


def test_office_needed_when_the_user_has_none(services: AppServices, tmp_path: Path) -> None:
    path = save_workbook(
        tmp_path / "m.xlsx",
        {"走访": [["走访日期", "企业名称", "内容"], ["2020-06-01", "某公司", "x"]]},
    )
    outcome = TransferService(services).import_file(path, None)
    assert [p.message for p in outcome.plan.problems] == ["工作表“走访”缺少“联络办”列"]


def test_the_same_company_twice_in_a_list_is_refused(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    path = save_workbook(
        tmp_path / "c.xlsx",
        {
            "企业名单": [
                ["企业名称", "统一社会信用代码"],
                ["华为技术有限公司", HUAWEI],
                ["比亚迪股份有限公司", BYD],
                ["华为技术有限责任公司", None],
            ]
        },
    )
    outcome = TransferService(services).import_file(path, staff)
    assert [(p.row, p.reason) for p in outcome.plan.problems] == [
        (4, "与第 2 行是同一条记录（企业按统一社会信用代码和名称识别），请合并后再导入")
    ]


def test_a_list_updates_companies_already_here(
    services: AppServices, staff: Actor, tmp_path: Path
) -> None:
    from liaison_app.services.actor import SYSTEM

    company_id = services.records.create(
        "company", {"name": "华为技术有限公司", "address": "深圳市龙岗区"}, SYSTEM
    )
    path = save_workbook(
        tmp_path / "c.xlsx",
        {
            "企业": [
                ["企业名称", "统一社会信用代码", "地址", "是否上市"],
                ["华为技术有限公司 ", HUAWEI, None, "否"],
            ]
        },
    )
    outcome = TransferService(services).import_file(path, staff)
    assert outcome.plan.counts()["company"] == (0, 1, 0)
    company = services.records.get("company", company_id)
    assert company["uscc"] == HUAWEI
    assert company["address"] == "深圳市龙岗区"  # an empty cell of a plain list keeps the value


def test_company_uscc_beside_a_visit(services: AppServices, staff: Actor, tmp_path: Path):
    path = save_workbook(
        tmp_path / "v.xlsx",
        {
            "拜访记录": [
                ["拜访日期", "企业名称", "统一社会信用代码", "洽谈内容"],
                ["2020-06-01", "华为", HUAWEI, "a"],
                ["2020-06-02", "华为技术有限公司", HUAWEI, "b"],
                ["2020-06-03", "某公司", "91440300MA5XXXXX", "c"],
            ]
        },
    )
    outcome = TransferService(services).import_file(path, staff)
    assert [(p.row, p.column) for p in outcome.plan.problems] == [(4, "统一社会信用代码")]
    assert COMPANY_USCC in match_columns("visit", [read_header("统一社会信用代码")])
    good = save_workbook(
        tmp_path / "v2.xlsx",
        {
            "拜访记录": [
                ["拜访日期", "企业名称", "统一社会信用代码", "洽谈内容"],
                ["2020-06-01", "华为", HUAWEI, "a"],
                ["2020-06-02", "华为技术有限公司", HUAWEI, "b"],
            ]
        },
    )
    outcome = TransferService(services).import_file(good, staff)
    assert outcome.plan.counts()["company"] == (1, 0, 0)
