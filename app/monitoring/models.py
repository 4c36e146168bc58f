"""Realisation reported against an agreement's indicators, per period, with evidence and verification.

An indicator is identified by its agreement and its stable ``key`` (the same across PK revisions), so a
revision does not orphan what was already reported. Accepted values freeze: a later change is a correction
request that the verifier approves, and both values stay in ``RealisationChange``.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.agreements.models import PERIOD_KINDS, MeasureColumns, measure_constraints
from app.core.db import TimestampMixin, UTCDateTime, VersionedMixin, utcnow
from app.extensions import db

REALISATION_STATUSES = ("draft", "submitted", "accepted", "returned")


class UnitKpi(TimestampMixin, VersionedMixin, MeasureColumns, db.Model):
    """A unit's own KPI for one year, outside any agreement (UPT, panti, satpel report on these)."""

    __tablename__ = "unit_kpis"
    __table_args__ = measure_constraints()

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    key: Mapped[str] = mapped_column(String(32), default=lambda: uuid.uuid4().hex, unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(default=True)

    unit = relationship("Unit")


class ReportingWindow(db.Model):
    """When units may enter the realisation of one period of a year (set by HR per OPD)."""

    __tablename__ = "reporting_windows"
    __table_args__ = (
        UniqueConstraint("opd_id", "year", "period_kind", "period"),
        CheckConstraint(f"period_kind IN {PERIOD_KINDS}", name="period_kind"),
        CheckConstraint("opens_on <= closes_on", name="order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opd_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    period_kind: Mapped[str] = mapped_column(String(8), default="quarter")
    period: Mapped[int] = mapped_column(Integer)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)


class Realisation(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "realisations"
    __table_args__ = (
        UniqueConstraint("agreement_id", "indicator_key", "period_kind", "period"),
        UniqueConstraint("kpi_id", "period_kind", "period"),
        CheckConstraint("(agreement_id IS NULL) <> (kpi_id IS NULL)", name="subject"),
        Index("ix_realisations_unit_year", "unit_id", "year"),
        CheckConstraint(f"status IN {REALISATION_STATUSES}", name="status"),
        CheckConstraint(f"period_kind IN {PERIOD_KINDS}", name="period_kind"),
        CheckConstraint("(period_kind = 'quarter' AND period BETWEEN 1 AND 4) OR "
                        "(period_kind = 'month' AND period BETWEEN 1 AND 12)", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # What is reported on: an indicator (by its stable key) of an agreement, or a unit KPI.
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id", ondelete="RESTRICT"), index=True)
    kpi_id: Mapped[int | None] = mapped_column(ForeignKey("unit_kpis.id", ondelete="RESTRICT"), index=True)
    indicator_key: Mapped[str] = mapped_column(String(32), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))  # copied, for dashboards
    year: Mapped[int] = mapped_column(Integer)
    period_kind: Mapped[str] = mapped_column(String(8), default="quarter")
    period: Mapped[int] = mapped_column(Integer)
    value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="draft")
    late: Mapped[bool] = mapped_column(default=False)
    returned_note: Mapped[str] = mapped_column(Text, default="")
    # indexed: the reminders subtract what the user entered themselves from what waits for them
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    agreement = relationship("Agreement")
    kpi = relationship(UnitKpi)
    unit = relationship("Unit")
    evidence: Mapped[list[Evidence]] = relationship(back_populates="realisation", order_by="Evidence.id")
    changes: Mapped[list[RealisationChange]] = relationship(back_populates="realisation",
                                                            order_by="RealisationChange.id")

    @property
    def subject(self):
        """The agreement or the unit KPI this value reports on."""
        return self.agreement if self.agreement_id is not None else self.kpi


# What an evidence file may be, told by its first bytes: (extension, MIME type).
EVIDENCE_TYPES = {b"%PDF-": ("pdf", "application/pdf"), b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
                  b"\xff\xd8\xff": ("jpg", "image/jpeg")}


class Evidence(db.Model):
    """A file supporting a realisation (bukti dukung), stored once by its sha256."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    realisation_id: Mapped[int] = mapped_column(ForeignKey("realisations.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(80))
    original_name: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    realisation: Mapped[Realisation] = relationship(back_populates="evidence")


class RealisationChange(db.Model):
    """A correction of an accepted value: requested with a reason, then approved or rejected."""

    __tablename__ = "realisation_changes"
    __table_args__ = (CheckConstraint("status IN ('requested', 'approved', 'rejected')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    realisation_id: Mapped[int] = mapped_column(ForeignKey("realisations.id", ondelete="CASCADE"), index=True)
    old_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    new_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="requested")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    realisation: Mapped[Realisation] = relationship(back_populates="changes")

    @property
    def subject(self):
        return self.realisation.subject


class UnitStat(db.Model):
    """Derived figures of one unit's reporting up to a quarter, kept for the dashboards (never edited).

    Rewritten in the same transaction as any change to what feeds it (see ``app.monitoring.stats``), and
    rebuilt from scratch by ``flask monitoring-refresh``. ``achievement_pct`` is the mean to-date achievement
    of the unit's measurable indicators (reported values only).
    """

    __tablename__ = "monitoring_unit_stats"
    __table_args__ = (UniqueConstraint("unit_id", "year", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    lines: Mapped[int] = mapped_column(Integer, default=0)  # indicators and KPIs reported on
    expected: Mapped[int] = mapped_column(Integer, default=0)  # values due up to this quarter
    reported: Mapped[int] = mapped_column(Integer, default=0)  # submitted or accepted
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    with_evidence: Mapped[int] = mapped_column(Integer, default=0)  # reported values with at least one file
    measurable: Mapped[int] = mapped_column(Integer, default=0)  # indicators with an achievement to date
    achievement_pct: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))


class PeriodStat(db.Model):
    """Derived counts of one unit's lines and values for one period of a year, kept for the reminders, the home
    page and the inbox (never edited; rewritten with ``UnitStat``). ``lines`` are the unit's lines reported in
    ``period_kind``; ``reported`` their values of the period submitted or accepted; ``submitted_pk`` and
    ``submitted_kpi`` the values of the period waiting for verification on agreement lines and on unit KPIs."""

    __tablename__ = "monitoring_period_stats"
    __table_args__ = (UniqueConstraint("unit_id", "year", "period_kind", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    period_kind: Mapped[str] = mapped_column(String(8))
    period: Mapped[int] = mapped_column(Integer)
    lines: Mapped[int] = mapped_column(Integer, default=0)
    reported: Mapped[int] = mapped_column(Integer, default=0)
    submitted_pk: Mapped[int] = mapped_column(Integer, default=0)
    submitted_kpi: Mapped[int] = mapped_column(Integer, default=0)
