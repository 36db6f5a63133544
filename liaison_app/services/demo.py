"""The sample data set: three liaison offices, January to June 2020.

Built to match the figures of a real municipal report: over all time, 3 offices visited
219 companies, obtained 52 valid leads involving 131 亿元, and signed 17 projects. Every
row goes through ``RecordService`` (validation, history, outbox) like a user's edit.
Deterministic for a given seed: the same seed gives the same rows and the same ids.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from liaison_app.db.models import Company, LocalMeta, Office, Visit
from liaison_app.domain.enums import (
    ChainRole,
    DealStatus,
    LeadStage,
    ReviewState,
    Role,
    SigningMode,
    VisitMode,
)
from liaison_app.domain.errors import KnownError
from liaison_app.domain.money import YUAN_PER_WAN, YUAN_PER_YI
from liaison_app.domain.uscc import make_uscc
from liaison_app.services.actor import SYSTEM, Actor
from liaison_app.services.clock import FixedClock, HybridClock
from liaison_app.services.context import SAMPLE_DATA_KEY, AppServices, device_id
from liaison_app.services.demo_data import (
    BRAND_SYLLABLES,
    GIVEN,
    INDUSTRIES,
    NEXT_STEPS,
    OFFICES,
    OUTCOMES,
    PLANS,
    PLURAL,
    SUFFIXES,
    SUMMARIES,
    SURNAMES,
    TITLES,
    TOTAL_VALID_LEADS,
    VALID_LEAD_INVESTMENT_YUAN,
    OfficePlan,
)
from liaison_app.services.records import RecordService


def _split(total: int, parts: int, rng: random.Random, unit: int, low: float) -> list[int]:
    """``parts`` amounts of whole ``unit`` that add up to ``total`` exactly."""
    weights = [low + rng.random() ** 2 for _ in range(parts)]
    scale = total / unit / sum(weights)
    amounts = [max(1, round(w * scale)) * unit for w in weights]
    amounts[-1] += total - sum(amounts)
    assert amounts[-1] > 0 and sum(amounts) == total
    return amounts


class DemoBuilder:
    def __init__(self, services: AppServices, seed: int) -> None:
        self.rng = random.Random(seed)
        self.clock = FixedClock(datetime(2020, 1, 2, 9, 0))
        self.records = RecordService(
            services.store, self.clock, HybridClock(self.clock, device_id(services.store))
        )
        self.store = services.store
        self.counts = dict.fromkeys(PLURAL.values(), 0)
        self._names: set[str] = set()

    def _id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _add(self, session: Any, entity: str, values: dict[str, Any], actor: Actor) -> str:
        clean = self.records.validate(entity, values)
        self.counts[PLURAL[entity]] += 1
        return self.records.insert(session, entity, clean, actor, row_id=self._id())

    def _company_name(self, city: str, chain: str) -> str:
        while True:
            brand = "".join(self.rng.sample(BRAND_SYLLABLES, 2))
            trade = self.rng.choice(INDUSTRIES[chain])
            suffix = self.rng.choice(SUFFIXES)
            if trade.endswith("科技") and suffix.startswith("科技"):
                suffix = suffix.removeprefix("科技")  # 储能科技有限公司, not 储能科技科技有限公司
            name = f"{city}{brand}{trade}{suffix}"
            if name not in self._names:
                self._names.add(name)
                return name

    def _uscc(self, region_code: str) -> str:
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        body = "".join(self.rng.choice(alphabet) for _ in range(9))
        return make_uscc("91" + region_code + body)

    def _person(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(
            self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2)))
        )

    def build(self) -> dict[str, int]:
        with self.store.write() as session:
            session.merge(LocalMeta(key=SAMPLE_DATA_KEY, value="1"))  # never pushed
            for plan in OFFICES:
                self._office(session, plan)
            self._add(
                session,
                "staff",
                {"name": "投促中心统计员", "role": Role.hq.value, "username": "hq"},
                SYSTEM,
            )
            self._targets(session)
        return dict(self.counts)

    def _office(self, session: Any, plan: OfficePlan) -> None:
        rng = self.rng
        office_id = self._add(
            session,
            "office",
            {"name": plan.name, "region": plan.region, "city": plan.city},
            SYSTEM,
        )
        staff: list[Actor] = []
        for i, name in enumerate(plan.staff):
            role = Role.manager if i == 0 else Role.staff
            pinyin = f"{plan.city}{i}"
            staff_id = self._add(
                session,
                "staff",
                {"name": name, "office_id": office_id, "role": role.value, "username": pinyin},
                SYSTEM,
            )
            staff.append(Actor(staff_id, office_id, role, name))
        manager, officers = staff[0], staff[1:]

        companies: list[tuple[str, str, str]] = []  # id, name, chain
        for _ in range(plan.companies):
            chain = rng.choice(list(INDUSTRIES))
            name = self._company_name(plan.city, chain)
            company_id = self._add(
                session,
                "company",
                {
                    "name": name,
                    "uscc": self._uscc(plan.region_code) if rng.random() < 0.93 else "",
                    "industry_chain": chain,
                    "region": f"{plan.region}·{plan.city}",
                    "listed": rng.random() < 0.2,
                    "foreign_funded": rng.random() < 0.12,
                },
                SYSTEM,
            )
            companies.append((company_id, name, chain))
            for _ in range(rng.choice((1, 1, 2))):
                self._add(
                    session,
                    "contact",
                    {
                        "company_id": company_id,
                        "office_id": office_id,
                        "name": self._person(),
                        "title": rng.choice(TITLES),
                        "phone": f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                    },
                    SYSTEM,
                )

        # Visits: every company at least once, some two or three times, Jan to Jun 2020.
        visits_by_company: dict[str, list[tuple[str, date, Actor]]] = {}
        for company_id, _name, chain in companies:
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
                day = date(2020, 1, 2) + timedelta(days=rng.randrange(180))
                covid = date(2020, 2, 1) <= day <= date(2020, 3, 31)
                mode = (
                    VisitMode.video
                    if covid and rng.random() < 0.7
                    else rng.choice(
                        [
                            VisitMode.onsite,
                            VisitMode.onsite,
                            VisitMode.hosted,
                            VisitMode.fair,
                            VisitMode.video,
                        ]
                    )
                )
                officer = rng.choice(officers)
                person = self._person()
                summary = rng.choice(SUMMARIES).format(p=person + rng.choice(TITLES), c=chain)
                if mode == VisitMode.video:
                    summary = summary if summary.startswith("视频") else "视频连线：" + summary
                follow = (
                    day + timedelta(days=rng.choice((14, 30, 45))) if rng.random() < 0.6 else None
                )
                self.clock.current = datetime.combine(day, datetime.min.time()) + timedelta(
                    hours=18
                )
                visit_id = self._add(
                    session,
                    "visit",
                    {
                        "visit_date": day,
                        "company_id": company_id,
                        "office_id": office_id,
                        "staff_id": officer.staff_id,
                        "mode": mode.value,
                        "people_met": person,
                        "summary": summary,
                        "outcome": rng.choice(OUTCOMES),
                        "next_step": rng.choice(NEXT_STEPS),
                        "next_follow_up": follow,
                    },
                    officer,
                )
                visits_by_company.setdefault(company_id, []).append((visit_id, day, officer))
                self._review(session, visit_id, day, officer, manager)

        # Leads: valid ones add up to the office's share of 131 亿元 exactly.
        lead_companies = rng.sample(companies, plan.valid_leads + plan.invalid_leads)
        share = VALID_LEAD_INVESTMENT_YUAN * plan.valid_leads // TOTAL_VALID_LEADS
        if plan is OFFICES[-1]:
            share = VALID_LEAD_INVESTMENT_YUAN - sum(
                VALID_LEAD_INVESTMENT_YUAN * o.valid_leads // TOTAL_VALID_LEADS
                for o in OFFICES[:-1]
            )
        amounts = _split(share, plan.valid_leads, rng, 100 * YUAN_PER_WAN, 0.15)
        open_stages = [
            LeadStage.contact,
            LeadStage.negotiation,
            LeadStage.inspection,
            LeadStage.advanced,
        ]
        leads: list[tuple[str, str, str, str, int, date, Actor]] = []
        for index, (company_id, name, chain) in enumerate(lead_companies):
            valid = index < plan.valid_leads
            visit_id, day, officer = min(visits_by_company[company_id], key=lambda v: v[1])
            found = day + timedelta(days=rng.randrange(0, 10))
            if valid and index < plan.deals:
                stage = LeadStage.signed
            elif valid:
                stage = open_stages[index % len(open_stages)]
            else:
                stage = rng.choice([LeadStage.lost, LeadStage.contact])
            amount = amounts[index] if valid else rng.randrange(5, 60) * 100 * YUAN_PER_WAN
            title = rng.choice(PLANS).format(x=chain)
            self.clock.current = datetime.combine(found, datetime.min.time()) + timedelta(hours=19)
            lead_id = self._add(
                session,
                "lead",
                {
                    "title": title,
                    "company_id": company_id,
                    "office_id": office_id,
                    "staff_id": officer.staff_id,
                    "found_on": found,
                    "industry_chain": chain,
                    "chain_role": rng.choice(list(ChainRole)).value,
                    "investment_yuan": amount,
                    "stage": stage.value,
                    "is_valid": valid,
                    "source_visit_id": visit_id,
                    "intended_park": rng.choice(plan.parks),
                    "description": f"{name}拟{title}，预计总投资{amount // YUAN_PER_YI}亿元以上。",
                    "lost_reason": "企业投资计划调整，项目暂缓" if stage == LeadStage.lost else "",
                },
                officer,
            )
            leads.append((lead_id, company_id, chain, title, amount, found, officer))

        # Deals: the first ``plan.deals`` valid leads were signed.
        for lead_id, company_id, chain, title, amount, found, officer in leads[: plan.deals]:
            signed = found + timedelta(days=rng.randrange(20, 90))
            signed = min(signed, date(2020, 6, 30))
            online = signed <= date(2020, 4, 30) or rng.random() < 0.3
            investment = amount + rng.choice((-1, 0, 1, 2)) * 1000 * YUAN_PER_WAN
            status, ground, production, funds = DealStatus.signed, None, None, 0
            roll = rng.random()
            if roll < 0.65:
                status = DealStatus.groundbroken
                ground = signed + timedelta(days=rng.randrange(15, 120))
                funds = investment * rng.randrange(10, 40) // 100 // YUAN_PER_WAN * YUAN_PER_WAN
                if roll < 0.25:
                    status = DealStatus.producing
                    production = ground + timedelta(days=rng.randrange(120, 300))
                    funds = investment * rng.randrange(50, 90) // 100 // YUAN_PER_WAN * YUAN_PER_WAN
            self.clock.current = datetime.combine(signed, datetime.min.time()) + timedelta(hours=20)
            self._add(
                session,
                "deal",
                {
                    "title": title,
                    "company_id": company_id,
                    "office_id": office_id,
                    "staff_id": officer.staff_id,
                    "lead_id": lead_id,
                    "signed_on": signed,
                    "signing_mode": (SigningMode.online if online else SigningMode.onsite).value,
                    "investment_yuan": investment,
                    "industry_chain": chain,
                    "responsible_unit": rng.choice(plan.parks) + "管委会",
                    "task_force": f"{title[:6]}项目工作专班",
                    "advancement_plan": "签约后30日内完成供地，90日内开工建设，次年投产。",
                    "carrier_park": rng.choice(plan.parks),
                    "groundbreaking_on": ground,
                    "production_on": production,
                    "funds_in_place_yuan": funds,
                    "status": status.value,
                },
                officer,
            )

    def _review(
        self, session: Any, visit_id: str, day: date, officer: Actor, manager: Actor
    ) -> None:
        """Older visits are mostly approved; recent ones wait, a few were returned."""
        roll = self.rng.random()
        if day > date(2020, 6, 20) and roll < 0.5:
            return  # still a draft
        visit = session.get(Visit, visit_id)
        self.records.apply(
            session, "visit", visit, {"review_state": ReviewState.submitted.value}, officer
        )
        if day > date(2020, 6, 10) and roll < 0.8:
            return
        state, comment = ReviewState.approved, ""
        if roll > 0.95:
            state, comment = ReviewState.returned, "请补充企业投资规模和下一步计划。"
        self.records.apply(
            session,
            "visit",
            visit,
            {
                "review_state": state.value,
                "reviewer_id": manager.staff_id,
                "review_comment": comment,
                "reviewed_at": self.clock.now() + timedelta(days=1),
            },
            manager,
        )

    def _targets(self, session: Any) -> None:
        """A few target companies not visited yet (the company list is more than visits)."""
        for i in range(21):
            chain = list(INDUSTRIES)[i % len(INDUSTRIES)]
            self._add(
                session,
                "company",
                {
                    "name": self._company_name(("苏州", "杭州", "东莞")[i % 3], chain),
                    "uscc": self._uscc(("320500", "330100", "441900")[i % 3]),
                    "industry_chain": chain,
                    "region": ("长三角·苏州", "长三角·杭州", "珠三角·东莞")[i % 3],
                },
                SYSTEM,
            )


def load_demo(services: AppServices, seed: int = 2020) -> dict[str, int]:
    """Fill an empty database with the sample data; refuses a database that has data."""
    with services.store.read() as session:
        existing = session.scalar(select(func.count()).select_from(Office)) or 0
        existing += session.scalar(select(func.count()).select_from(Company)) or 0
    if existing:
        raise KnownError("demo_not_empty")
    return DemoBuilder(services, seed).build()
