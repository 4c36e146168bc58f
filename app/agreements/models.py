"""Perjanjian Kinerja: an agreement (one official, one unit, one year) and its versions.

Version 1 is the original; each PK Perubahan is a new version copied from the one in force, with a reason.
A version's contents (sasaran, indicators, budget lines) change only while it is a draft or returned; the
parties are frozen into snapshots when they sign, so later promotions do not change an old agreement.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import TimestampMixin, UTCDateTime, VersionedMixin
from app.extensions import db

STATUSES = ("draft", "submitted", "returned", "signed", "in_force", "superseded")
EDITABLE = ("draft", "returned")
POLARITIES = ("higher", "lower", "range")
AGGREGATIONS = ("sum", "average", "last")
PERIOD_KINDS = ("quarter", "month")
REVISION_REASONS = ("official_changed", "programme_changed", "priorities_changed")
BUDGET_LEVELS = ("program", "kegiatan", "sub_kegiatan")
TARGET = Numeric(18, 4)


class Agreement(TimestampMixin, db.Model):
    """One official's agreement for one budget year in one unit; its contents live in versions."""

    __tablename__ = "agreements"
    __table_args__ = (
        UniqueConstraint("year", "unit_id", "first_party_id"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    first_party_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"), index=True)

    unit = relationship("Unit")
    first_party = relationship("Employee")
    versions: Mapped[list[AgreementVersion]] = relationship(
        back_populates="agreement", order_by="AgreementVersion.number", cascade="all, delete-orphan")

    @property
    def latest(self) -> AgreementVersion:
        return self.versions[-1]

    @property
    def in_force(self) -> AgreementVersion | None:
        return next((v for v in reversed(self.versions) if v.status == "in_force"), None)


class AgreementVersion(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "agreement_versions"
    __table_args__ = (
        UniqueConstraint("agreement_id", "number"),
        CheckConstraint(f"status IN {STATUSES}", name="status"),
        CheckConstraint(f"revision_reason IS NULL OR revision_reason IN {REVISION_REASONS}", name="revision_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)  # 1 = original, 2.. = PK Perubahan
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    revision_reason: Mapped[str | None] = mapped_column(String(30))
    revision_note: Mapped[str] = mapped_column(Text, default="")
    # PIHAK KEDUA: an employee (the superior), or someone outside the organisation (the Kepala Daerah).
    second_party_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"), index=True)
    second_party_name: Mapped[str] = mapped_column(String(200), default="")
    second_party_position: Mapped[str] = mapped_column(String(200), default="")
    place: Mapped[str] = mapped_column(String(100), default="")
    signed_on: Mapped[date | None] = mapped_column(Date)
    # Frozen at signing: {"name", "position", "pangkat", "nip"} as they were then.
    first_party_snapshot: Mapped[dict | None] = mapped_column(JSON)
    second_party_snapshot: Mapped[dict | None] = mapped_column(JSON)
    returned_note: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    countersigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    countersigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_documents.id", ondelete="RESTRICT"))

    agreement: Mapped[Agreement] = relationship(back_populates="versions")
    second_party = relationship("Employee", foreign_keys=[second_party_id])
    document = relationship("IssuedDocument")
    sasaran: Mapped[list[Sasaran]] = relationship(
        back_populates="agreement_version", order_by="Sasaran.position", cascade="all, delete-orphan")
    budget_lines: Mapped[list[BudgetLine]] = relationship(
        back_populates="agreement_version", order_by="BudgetLine.position", cascade="all, delete-orphan")

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def budget_total(self) -> int:
        return sum(line.amount for line in self.budget_lines)

    @property
    def indicators(self) -> list[Indicator]:
        return [i for s in self.sasaran for i in s.indicators]


class Sasaran(db.Model):
    """An objective of the agreement (table 1, column Sasaran)."""

    __tablename__ = "agreement_sasaran"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("agreement_versions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(String(500))

    agreement_version: Mapped[AgreementVersion] = relationship(back_populates="sasaran")
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="sasaran", order_by="Indicator.position", cascade="all, delete-orphan")


class MeasureColumns:
    """What is measured and its targets: shared by an agreement's indicators and a unit's own KPIs.

    Quarter targets (Tw I–IV) always exist; ``period_kind`` 'month' adds twelve month targets and makes the
    unit report monthly (a quarter's value then aggregates its months). ``cap_pct`` caps the achievement.
    """

    name: Mapped[str] = mapped_column(String(500))
    satuan: Mapped[str] = mapped_column(String(50))
    polarity: Mapped[str] = mapped_column(String(6), default="higher")
    target: Mapped[Decimal | None] = mapped_column(TARGET)  # higher/lower
    target_min: Mapped[Decimal | None] = mapped_column(TARGET)  # range
    target_max: Mapped[Decimal | None] = mapped_column(TARGET)
    tw1: Mapped[Decimal | None] = mapped_column(TARGET)
    tw2: Mapped[Decimal | None] = mapped_column(TARGET)
    tw3: Mapped[Decimal | None] = mapped_column(TARGET)
    tw4: Mapped[Decimal | None] = mapped_column(TARGET)
    aggregation: Mapped[str] = mapped_column(String(8), default="sum")
    period_kind: Mapped[str] = mapped_column(String(8), default="quarter", server_default="quarter")
    month_targets: Mapped[list | None] = mapped_column(JSON)  # 12 decimal strings (or nulls) when monthly
    cap_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(120), server_default="120")
    definition: Mapped[str] = mapped_column(Text, default="")
    data_source: Mapped[str] = mapped_column(String(300), default="")

    @property
    def quarters(self) -> tuple[Decimal | None, ...]:
        return (self.tw1, self.tw2, self.tw3, self.tw4)

    @property
    def months(self) -> tuple[Decimal | None, ...]:
        values = list(self.month_targets or [])[:12]
        values += [None] * (12 - len(values))
        return tuple(Decimal(v) if v not in (None, "") else None for v in values)


def measure_constraints() -> tuple:
    return (
        CheckConstraint(f"polarity IN {POLARITIES}", name="polarity"),
        CheckConstraint(f"aggregation IN {AGGREGATIONS}", name="aggregation"),
        CheckConstraint(f"period_kind IN {PERIOD_KINDS}", name="period_kind"),
        CheckConstraint("cap_pct IN (100, 110, 120)", name="cap_pct"),
    )


class Indicator(MeasureColumns, db.Model):
    """A performance indicator with its annual and quarterly targets.

    ``key`` stays the same across versions (a revision copies it), so a subordinate's indicator can name the
    superior indicator it supports (``supports_key``) whatever version of the superior's agreement is current.
    """

    __tablename__ = "agreement_indicators"
    __table_args__ = measure_constraints()

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("agreement_versions.id", ondelete="CASCADE"), index=True)
    sasaran_id: Mapped[int] = mapped_column(ForeignKey("agreement_sasaran.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    key: Mapped[str] = mapped_column(String(32), default=lambda: uuid.uuid4().hex, index=True)
    quarter_note: Mapped[str] = mapped_column(Text, default="")  # why the quarters do not add up
    supports_key: Mapped[str | None] = mapped_column(String(32), index=True)

    agreement_version: Mapped[AgreementVersion] = relationship()
    sasaran: Mapped[Sasaran] = relationship(back_populates="indicators")


class BudgetLine(db.Model):
    """Table 2: programme / kegiatan / sub-kegiatan with its budget in whole rupiah."""

    __tablename__ = "agreement_budget_lines"
    __table_args__ = (
        CheckConstraint(f"level IN {BUDGET_LEVELS}", name="level"),
        CheckConstraint("amount >= 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("agreement_versions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    level: Mapped[str] = mapped_column(String(12), default="program")
    name: Mapped[str] = mapped_column(String(500))
    amount: Mapped[int] = mapped_column(BigInteger, default=0)  # whole rupiah
    note: Mapped[str] = mapped_column(String(300), default="")

    agreement_version: Mapped[AgreementVersion] = relationship(back_populates="budget_lines")


class AgreementDeadline(db.Model):
    """Per OPD and year: the date the budget (DPA) was approved; agreements are due one month later."""

    __tablename__ = "agreement_deadlines"
    __table_args__ = (UniqueConstraint("opd_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opd_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    dpa_date: Mapped[date] = mapped_column(Date)
