"""SQLAlchemy 2.0 models of the local store.

Every replicated table carries the sync columns of docs/sync.md (``SyncColumns``): a UUID made
on the device, timestamps, the author of the last change, a hybrid logical clock (HLC) for
the row and one per field (``field_clocks``), a tombstone flag, and the sequence number the
central store gave the row (``server_seq``; NULL until the row has been pushed).  A per-field
clock is what makes the three-way merge per field possible without keeping old copies.

Local-only tables (``change_log``, ``outbox``, ``sync_state``, ``conflicts``, ``local_meta``)
never leave the laptop.
"""

from __future__ import annotations

import os
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

LIVE = text("deleted IS 0")
"""Condition of the partial indexes over live rows (queries repeat it: deleted.is_(False))."""


def new_id() -> str:
    """A random (version 4) UUID made on the device: rows created offline never collide.

    Formatted by hand: ``str(uuid.uuid4())`` costs several times more, which shows in bulk
    imports of a hundred thousand rows.
    """
    h = os.urandom(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


COMPANY_NAMESPACE = uuid.UUID("6f1c2b0e-5d1a-4c53-9a57-3b0b8f0e1a11")


def company_id_for(uscc: str | None) -> str:
    """The id of a new company: derived from its USCC when it has one (uuid5).

    Two offices that create the same company offline then make the same row, which the
    central store merges field by field instead of keeping two.
    """
    return str(uuid.uuid5(COMPANY_NAMESPACE, uscc)) if uscc else new_id()


class Base(DeclarativeBase):
    pass


class SyncColumns:
    """Columns every replicated row carries (see docs/sync.md)."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str | None] = mapped_column(String(36))
    hlc: Mapped[str] = mapped_column(String(40), default="")
    field_clocks: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    server_seq: Mapped[int | None] = mapped_column(BigInteger)


def field_clock(row: SyncColumns, field: str) -> str:
    """The HLC stamp of the last change to ``field`` of ``row``."""
    clocks = row.field_clocks or {}
    return clocks.get(field) or clocks.get("*", row.hlc)


class Office(SyncColumns, Base):
    __tablename__ = "offices"

    name: Mapped[str] = mapped_column(String(100))
    sort_key: Mapped[str] = mapped_column(String(400), default="")  # see SORT_KEY_SOURCES
    region: Mapped[str] = mapped_column(String(50), default="")
    city: Mapped[str] = mapped_column(String(50), default="")


class Staff(SyncColumns, Base):
    __tablename__ = "staff"

    name: Mapped[str] = mapped_column(String(50))
    sort_key: Mapped[str] = mapped_column(String(400), default="")  # see SORT_KEY_SOURCES
    office_id: Mapped[str | None] = mapped_column(ForeignKey("offices.id"))
    role: Mapped[str] = mapped_column(String(20), default="staff")
    username: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")


class Company(SyncColumns, Base):
    __tablename__ = "companies"

    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    sort_key: Mapped[str] = mapped_column(String(400), default="")  # see SORT_KEY_SOURCES
    uscc: Mapped[str | None] = mapped_column(String(18))
    industry_chain: Mapped[str] = mapped_column(String(50), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    listed: Mapped[bool] = mapped_column(Boolean, default=False)
    foreign_funded: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_companies_uscc", "uscc"),
        # Not partial: a sort of visits by company walks every company in this order.
        Index("ix_companies_sort_key", "sort_key"),
    )


class Contact(SyncColumns, Base):
    __tablename__ = "contacts"

    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"), index=True)
    office_id: Mapped[str | None] = mapped_column(ForeignKey("offices.id"))
    name: Mapped[str] = mapped_column(String(50))
    sort_key: Mapped[str] = mapped_column(String(400), default="")  # see SORT_KEY_SOURCES
    title: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_contacts_live_sort", "sort_key", sqlite_where=LIVE),)


class Visit(SyncColumns, Base):
    __tablename__ = "visits"

    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"))
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"), index=True)
    visit_date: Mapped[date] = mapped_column(Date)
    mode: Mapped[str] = mapped_column(String(20), default="onsite")
    people_met: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    next_follow_up: Mapped[date | None] = mapped_column(Date)
    review_state: Mapped[str] = mapped_column(String(20), default="draft")
    reviewer_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))
    review_comment: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_visits_follow_up", "next_follow_up"),
        Index("ix_visits_live_company", "company_id", "office_id", "visit_date", sqlite_where=LIVE),
        # Each company's latest visit and its follow-up, from the index alone (migration 0007).
        Index(
            "ix_visits_live_company_date",
            "company_id",
            "visit_date",
            "next_follow_up",
            "office_id",
            sqlite_where=LIVE,
        ),
        Index(
            "ix_visits_live_office_company",
            "office_id",
            "company_id",
            "visit_date",
            sqlite_where=LIVE,
        ),
        # Partial indexes of live rows for the list views (migration 0003).
        Index("ix_visits_live_date", "visit_date", sqlite_where=LIVE),
        Index("ix_visits_live_office", "office_id", "visit_date", sqlite_where=LIVE),
        Index("ix_visits_live_staff", "staff_id", "visit_date", sqlite_where=LIVE),
        Index(
            "ix_visits_live_review", "review_state", "office_id", "visit_date", sqlite_where=LIVE
        ),
    )


class Lead(SyncColumns, Base):
    __tablename__ = "leads"

    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"))
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"), index=True)
    source_visit_id: Mapped[str | None] = mapped_column(ForeignKey("visits.id"))
    title: Mapped[str] = mapped_column(String(200))
    sort_key: Mapped[str] = mapped_column(String(400), default="")  # see SORT_KEY_SOURCES
    found_on: Mapped[date] = mapped_column(Date)
    industry_chain: Mapped[str] = mapped_column(String(50), default="")
    chain_role: Mapped[str | None] = mapped_column(String(20))
    investment_yuan: Mapped[int | None] = mapped_column(BigInteger)
    stage: Mapped[str] = mapped_column(String(20), default="contact")
    is_valid: Mapped[bool] = mapped_column(Boolean, default=False)
    intended_park: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    lost_reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index(
            "ix_leads_live_stats", "deleted", "office_id", "found_on", "is_valid", "investment_yuan"
        ),
        Index("ix_leads_stage", "stage", "office_id"),
        Index("ix_leads_live_found", "found_on", sqlite_where=LIVE),
    )


class Deal(SyncColumns, Base):
    __tablename__ = "deals"

    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"))
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))
    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id"), index=True)
    lead_id: Mapped[str | None] = mapped_column(ForeignKey("leads.id"))
    title: Mapped[str] = mapped_column(String(200))
    sort_key: Mapped[str] = mapped_column(String(400), default="")  # see SORT_KEY_SOURCES
    signed_on: Mapped[date] = mapped_column(Date)
    signing_mode: Mapped[str] = mapped_column(String(20), default="onsite")
    investment_yuan: Mapped[int] = mapped_column(BigInteger)
    industry_chain: Mapped[str] = mapped_column(String(50), default="")
    responsible_unit: Mapped[str] = mapped_column(String(200), default="")
    task_force: Mapped[str] = mapped_column(String(200), default="")
    advancement_plan: Mapped[str] = mapped_column(Text, default="")
    carrier_park: Mapped[str] = mapped_column(String(100), default="")
    groundbreaking_on: Mapped[date | None] = mapped_column(Date)
    production_on: Mapped[date | None] = mapped_column(Date)
    funds_in_place_yuan: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(20), default="signed")

    __table_args__ = (
        Index("ix_deals_office_signed", "office_id", "signed_on"),
        Index("ix_deals_status", "status"),
        Index("ix_deals_live_signed", "signed_on", sqlite_where=LIVE),
    )


SORT_KEY_SOURCES: dict[str, str] = {
    "office": "name",
    "staff": "name",
    "company": "name",
    "contact": "name",
    "lead": "title",
    "deal": "title",
}
"""Entity -> the field whose pinyin key (``domain.sort_key``) its ``sort_key`` column holds.

Local: computed on every write (records, the sync's apply), never sent (``DERIVED_FIELDS``).
Lists order by it, so Chinese names sort by pinyin in SQL, through an index.
"""

SYNCED_MODELS: tuple[type[SyncColumns], ...] = (Office, Staff, Company, Contact, Visit, Lead, Deal)
"""Replicated tables, parents before children (the order pushes and restores follow)."""


class ChangeLog(Base):
    """One row per changed field: the record-history view and the audit trail."""

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch_id: Mapped[str] = mapped_column(String(36))
    entity: Mapped[str] = mapped_column(String(20))
    row_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(50))
    old_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    changed_by: Mapped[str | None] = mapped_column(String(36))
    changed_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_change_log_row", "entity", "row_id", "seq"),)


class Outbox(Base):
    """A local edit waiting to be pushed: written in the same transaction as the edit.

    One entry per record at most while unsent: a new edit merges into it (``db.outbox``), so
    fifty edits of one lead push as one operation. ``base`` holds the values the edit
    started from (first base kept), ``base_seq`` the row's ``server_seq`` then; the values
    sent are read from the row at push time, so ``changes`` only names the fields (inserts
    send the whole row and keep ``{}``). ``id`` is the operation id the central store
    remembers, so a replayed batch is harmless; ``in_flight`` marks entries a push has
    started sending, which later edits must not merge into. ``error`` is set when the
    central store refused the operation (kept, never dropped).
    """

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    entity: Mapped[str] = mapped_column(String(20))
    row_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(10))  # insert / update / delete
    base: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    hlc: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    base_seq: Mapped[int | None] = mapped_column(BigInteger)
    in_flight: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_outbox_row", "entity", "row_id"),
        Index("ix_outbox_pending", "entity", "error"),
    )


class Conflict(Base):
    """A value that lost a true conflict during a merge, kept to be shown to the user.

    Made by the central store's merge and pulled (``central_id`` makes the pull idempotent).
    """

    __tablename__ = "conflicts"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(20))
    row_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(50))
    kept_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    lost_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    lost_hlc: Mapped[str] = mapped_column(String(40))
    detected_at: Mapped[datetime] = mapped_column(DateTime)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
    central_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    office_id: Mapped[str | None] = mapped_column(String(36))
    base_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    kept_hlc: Mapped[str] = mapped_column(String(40), default="")
    lost_device: Mapped[str] = mapped_column(String(40), default="")
    lost_login: Mapped[str] = mapped_column(String(100), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolution_sent: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_conflicts_row", "entity", "row_id"),)


class SyncState(Base):
    """Pull cursor per central store, keyed by the store's own id (made at ``central init``).

    A central store re-created from scratch has a new id: its old cursor is never trusted.
    """

    __tablename__ = "sync_state"

    store_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    url: Mapped[str] = mapped_column(String(500), default="")
    cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime)


class LocalMeta(Base):
    """Small key/value facts about this laptop's database (device id, current user)."""

    __tablename__ = "local_meta"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


ENTITY_MODELS: dict[str, type[SyncColumns]] = {
    "office": Office,
    "staff": Staff,
    "company": Company,
    "contact": Contact,
    "visit": Visit,
    "lead": Lead,
    "deal": Deal,
}
