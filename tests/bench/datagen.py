"""A large, realistic data set for benchmarks: built through the app's bulk path.

``build(services, visits=..., companies=..., leads=..., deals=...)`` inserts through
``RecordService.insert_many`` (rows + history + outbox, FTS triggers on), the path imports
use. ``rows(...)`` gives the same rows as plain tuples for a bare sqlite3 baseline.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from liaison_app.domain.uscc import make_uscc
from liaison_app.services.actor import SYSTEM
from liaison_app.services.context import AppServices

SYLLABLES = "华信达科创源瑞泰嘉联宏盛恒通博远安智芯能启明海天宇航凯越捷锐鑫鼎晟卓汇中润德为奇尔"
CITIES = ("上海", "深圳", "北京", "苏州", "杭州", "广州", "合肥", "武汉")
TRADES = ("新能源", "半导体", "生物医药", "智能装备", "新材料", "显示科技", "汽车电子")
TEXTS = (
    "座谈投资计划，企业拟在中西部布局产能，关注用地和能耗指标",
    "视频洽谈，介绍我市产业链配套和园区政策，约定实地考察",
    "参加产业招商推介会，交换联系方式，企业关注供应链配套",
    "回访跟进前期项目，企业已完成内部立项，正在比选落地城市",
)
BATCH = 5000


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def company_rows(n: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for i in range(n):
        brand = "".join(rng.sample(SYLLABLES, 2))
        yield {
            "name": f"{rng.choice(CITIES)}{brand}{rng.choice(TRADES)}有限公司{i}",
            "uscc": make_uscc("91310115" + "".join(rng.choice(alphabet) for _ in range(9))),
            "industry_chain": rng.choice(TRADES),
            "region": rng.choice(CITIES),
            "address": "",
            "listed": rng.random() < 0.2,
            "foreign_funded": False,
            "notes": "",
        }


def build(
    services: AppServices,
    *,
    visits: int,
    companies: int,
    leads: int,
    deals: int,
    seed: int = 1,
    people: tuple[list[str], list[str]] | None = None,
) -> dict[str, list[str]]:
    """Insert the data set; returns ids per entity.

    ``people`` (3 office ids, staff ids by office) uses existing offices and staff, e.g. a
    central store's, instead of making 3 offices and 30 staff.
    """
    rng = random.Random(seed)
    ids: dict[str, list[str]] = {}
    if people is not None:
        ids["office"], ids["staff"] = people
    else:
        _people(services, ids, rng)
    _fill(services, ids, rng, visits=visits, companies=companies, leads=leads, deals=deals)
    return ids


def _people(services: AppServices, ids: dict[str, list[str]], rng: random.Random) -> None:
    records = services.records
    with services.store.write() as session:
        ids["office"] = records.insert_many(
            session,
            "office",
            [{"name": f"{c}联络办", "region": "", "city": c} for c in CITIES[:3]],
            SYSTEM,
            ids=[_uuid(rng) for _ in range(3)],
        )
        ids["staff"] = records.insert_many(
            session,
            "staff",
            [
                {
                    "name": f"员工{i}",
                    "office_id": ids["office"][i % 3],
                    "role": "staff",
                    "username": "",
                    "phone": "",
                }
                for i in range(30)
            ],
            SYSTEM,
            ids=[_uuid(rng) for _ in range(30)],
        )


def _fill(
    services: AppServices,
    ids: dict[str, list[str]],
    rng: random.Random,
    *,
    visits: int,
    companies: int,
    leads: int,
    deals: int,
) -> None:
    ids["company"] = _batched(services, "company", list(company_rows(companies, rng)), rng)
    start = date(2015, 1, 1)

    def visit(i: int) -> dict[str, Any]:
        office = i % 3
        return {
            "visit_date": start + timedelta(days=rng.randrange(365 * 10)),
            "company_id": rng.choice(ids["company"]),
            "office_id": ids["office"][office],
            "staff_id": ids["staff"][(office + 3 * rng.randrange(10)) % len(ids["staff"])],
            "mode": rng.choice(("onsite", "hosted", "video", "fair")),
            "people_met": "",
            "summary": rng.choice(TEXTS) + f"（第{i}次）",
            "outcome": "",
            "next_step": "",
            "next_follow_up": None,
        }

    ids["visit"] = _batched(services, "visit", [visit(i) for i in range(visits)], rng)

    def lead(i: int) -> dict[str, Any]:
        return {
            "title": f"{rng.choice(TRADES)}项目{i}",
            "company_id": rng.choice(ids["company"]),
            "office_id": ids["office"][i % 3],
            "staff_id": None,
            "found_on": start + timedelta(days=rng.randrange(3650)),
            "industry_chain": rng.choice(TRADES),
            "chain_role": "fill",
            "investment_yuan": rng.randrange(1, 500) * 10_000_000,
            "stage": rng.choice(("contact", "negotiation", "inspection", "advanced")),
            "is_valid": rng.random() < 0.6,
            "source_visit_id": None,
            "intended_park": "",
            "description": rng.choice(TEXTS),
            "lost_reason": "",
        }

    ids["lead"] = _batched(services, "lead", [lead(i) for i in range(leads)], rng)

    def deal(i: int) -> dict[str, Any]:
        signed = start + timedelta(days=rng.randrange(3650))
        return {
            "title": f"签约项目{i}",
            "company_id": rng.choice(ids["company"]),
            "office_id": ids["office"][i % 3],
            "staff_id": None,
            "lead_id": None,
            "signed_on": signed,
            "signing_mode": "onsite",
            "investment_yuan": rng.randrange(1, 500) * 10_000_000,
            "industry_chain": "",
            "responsible_unit": "",
            "task_force": "",
            "advancement_plan": "",
            "carrier_park": "",
            "groundbreaking_on": signed + timedelta(days=60) if rng.random() < 0.5 else None,
            "production_on": None,
            "funds_in_place_yuan": 0,
            "status": "signed",
        }

    ids["deal"] = _batched(services, "deal", [deal(i) for i in range(deals)], rng)


def _batched(
    services: AppServices, entity: str, rows: list[dict[str, Any]], rng: random.Random
) -> list[str]:
    out: list[str] = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        with services.store.write() as session:
            out += services.records.insert_many(
                session, entity, chunk, SYSTEM, ids=[_uuid(rng) for _ in chunk]
            )
    return out
