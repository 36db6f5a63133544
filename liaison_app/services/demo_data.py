"""The sample data's fixed parts: the three offices' plans (what each must add up to) and
the words its companies, people and visits are made of (``demo.py`` builds from them)."""

from __future__ import annotations

from dataclasses import dataclass

from liaison_app.domain.money import YUAN_PER_YI

TOTAL_COMPANIES_VISITED = 219
TOTAL_VALID_LEADS = 52
VALID_LEAD_INVESTMENT_YUAN = 131 * YUAN_PER_YI
TOTAL_SIGNED_DEALS = 17
PLURAL = {
    "office": "offices",
    "staff": "staff",
    "company": "companies",
    "contact": "contacts",
    "visit": "visits",
    "lead": "leads",
    "deal": "deals",
}


@dataclass(frozen=True)
class OfficePlan:
    name: str
    region: str
    city: str
    region_code: str  # the six-digit administrative code inside a USCC
    companies: int
    valid_leads: int
    invalid_leads: int
    deals: int
    staff: tuple[str, ...]  # the first one is the manager
    parks: tuple[str, ...]


OFFICES = (
    OfficePlan(
        "上海联络办",
        "长三角",
        "上海",
        "310115",
        80,
        20,
        6,
        7,
        ("陈卫东", "李晓燕", "王浩然", "周敏"),
        ("经开区新能源产业园", "高新区集成电路产业园"),
    ),
    OfficePlan(
        "深圳联络办",
        "珠三角",
        "深圳",
        "440300",
        75,
        18,
        5,
        6,
        ("刘建国", "黄思琪", "张博文", "吴婷"),
        ("临空经济区智能终端产业园", "高新区机器人产业园"),
    ),
    OfficePlan(
        "北京联络办",
        "京津冀",
        "北京",
        "110108",
        64,
        14,
        4,
        4,
        ("赵志刚", "孙雅琳", "马俊杰", "郑宇"),
        ("生物医药产业园", "数字经济产业园"),
    ),
)
assert sum(o.companies for o in OFFICES) == TOTAL_COMPANIES_VISITED
assert sum(o.valid_leads for o in OFFICES) == TOTAL_VALID_LEADS
assert sum(o.deals for o in OFFICES) == TOTAL_SIGNED_DEALS

BRAND_SYLLABLES = "华信达科创源瑞泰嘉联宏盛恒通博远安智芯能启明海天宇航凯越捷锐鑫鼎晟卓汇中润德"
INDUSTRIES: dict[str, tuple[str, ...]] = {
    "新能源汽车": ("新能源汽车", "汽车电子", "智能驾驶"),
    "动力电池": ("动力电池", "储能科技", "锂电材料"),
    "集成电路": ("半导体", "微电子", "芯片设计"),
    "新型显示": ("光电显示", "显示科技", "触控技术"),
    "机器人": ("机器人", "智能装备", "自动化"),
    "生物医药": ("生物医药", "医疗器械", "基因科技"),
    "人工智能": ("人工智能", "数据科技", "云计算"),
    "新材料": ("新材料", "复合材料", "高分子材料"),
}
SUFFIXES = ("有限公司", "股份有限公司", "科技有限公司", "集团有限公司")
TITLES = ("董事长", "总经理", "副总经理", "投资总监", "战略发展部总监", "行政总监")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "霞",
)
PLANS = (
    "新建{x}生产基地，分两期建设",
    "设立{x}区域总部及研发中心",
    "扩建{x}产线，新增产能",
    "建设{x}智能制造项目",
)
SUMMARIES = (
    "与{p}座谈，介绍我市{c}产业链配套和园区政策，企业表示有在中西部布局产能的意向。",
    "陪同{p}考察意向园区，重点了解用地、能耗指标和人才政策，企业对交通区位较为满意。",
    "视频洽谈：{p}介绍企业2020年投资计划，受疫情影响项目推进放缓，约定复工后再次对接。",
    "参加{c}产业招商推介会，与{p}交换联系方式，企业关注供应链配套和物流成本。",
    "回访{p}，跟进前期洽谈项目，企业已完成内部立项，正在比选落地城市。",
)
OUTCOMES = ("企业有明确投资意向", "需进一步跟进", "暂无投资计划", "形成项目线索", "已约定实地考察")
NEXT_STEPS = (
    "报送项目信息至投促中心",
    "邀请企业来我市实地考察",
    "对接园区提供用地方案",
    "持续跟踪",
)
