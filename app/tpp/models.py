"""The monthly TPP: each ASN's monthly rating, the dated rule presets, and each OPD's month with one result per
person (DOMAIN.md §3–4). ``docs/tpp.md`` tells the whole story."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import TimestampMixin, UTCDateTime, VersionedMixin
from app.extensions import db
from app.tpp.rules import EXPECTATIONS, PREDIKATS

PERIOD_STATES = ("open", "closed")
OBJECTION_STATES = ("open", "accepted", "rejected")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Rating(TimestampMixin, VersionedMixin, db.Model):
    """The superior's monthly rating of one person: hasil kerja and perilaku (the seven BerAKHLAK values), each
    above, as or below expectations; the predikat follows (PermenPANRB 6/2022) and is stored for the unit's
    shares."""

    __tablename__ = "tpp_ratings"
    __table_args__ = (UniqueConstraint("employee_id", "year", "month"),
                      CheckConstraint("month BETWEEN 1 AND 12", name="month"),
                      CheckConstraint(_in("hasil_kerja", EXPECTATIONS), name="hasil_kerja"),
                      CheckConstraint(_in("perilaku", EXPECTATIONS), name="perilaku"),
                      CheckConstraint(_in("predikat", PREDIKATS), name="predikat"))

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    hasil_kerja: Mapped[str] = mapped_column(String(6))
    perilaku: Mapped[str] = mapped_column(String(6))
    predikat: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    rated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    employee = relationship("Employee")
    rated_by = relationship("User")


class Preset(TimestampMixin, VersionedMixin, db.Model):
    """One version of a TPP rule preset, in force from ``valid_from``. Versions of one preset share ``family``;
    a version used by a closed month is never edited (an edit makes the next version)."""

    __tablename__ = "tpp_presets"
    __table_args__ = (UniqueConstraint("family", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family: Mapped[str] = mapped_column(String(40))  # "A", "B", "C" as shipped; "copy-<id>" for a copy
    number: Mapped[int] = mapped_column(Integer, default=1)  # the version within the family
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(300), default="")  # the regulation it comes from
    notes: Mapped[list] = mapped_column(JSON, default=list)  # what is confirmed [C] and what is not [U]
    rules: Mapped[dict] = mapped_column(JSON)  # ``app.tpp.rules.Rules.read`` reads it
    valid_from: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    created_by = relationship("User")


class Period(TimestampMixin, VersionedMixin, db.Model):
    """An OPD's TPP month: calculated with one preset version, then closed (frozen) by HR; reopened only with a
    reason."""

    __tablename__ = "tpp_periods"
    __table_args__ = (UniqueConstraint("opd_id", "year", "month"),
                      CheckConstraint("month BETWEEN 1 AND 12", name="month"),
                      CheckConstraint(_in("state", PERIOD_STATES), name="state"))

    id: Mapped[int] = mapped_column(primary_key=True)
    opd_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    preset_id: Mapped[int] = mapped_column(ForeignKey("tpp_presets.id", ondelete="RESTRICT"), index=True)
    state: Mapped[str] = mapped_column(String(6), default="open")
    people: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(BigInteger, default=0)  # Σ TPP in rupiah
    calculated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    calculated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reopen_reason: Mapped[str] = mapped_column(Text, default="")  # the last reopening's (the audit keeps all)

    opd = relationship("Unit")
    preset: Mapped[Preset] = relationship()
    calculated_by = relationship("User", foreign_keys=[calculated_by_id])
    closed_by = relationship("User", foreign_keys=[closed_by_id])


class Result(db.Model):
    """One person's TPP in a period, with everything it was computed from (``detail``: the inputs and every
    component, as the explanation shows them). Rewritten by each calculation of an open period; a closed
    period's rows never change."""

    __tablename__ = "tpp_results"
    __table_args__ = (UniqueConstraint("period_id", "employee_id"), Index("ix_tpp_results_employee", "employee_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("tpp_periods.id", ondelete="CASCADE"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    unit_id: Mapped[int] = mapped_column(Integer)  # the person's unit when calculated (units.id)
    kelas: Mapped[int | None] = mapped_column(Integer)
    base: Mapped[int] = mapped_column(Integer)
    cuts: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    unrated: Mapped[bool] = mapped_column(Boolean, default=False)  # no rating: the performance part unpaid
    detail: Mapped[dict] = mapped_column(JSON)

    period: Mapped[Period] = relationship()
    employee = relationship("Employee")
    unit = relationship("Unit", primaryjoin="foreign(Result.unit_id) == Unit.id")


class Objection(TimestampMixin, VersionedMixin, db.Model):
    """A person's objection to their TPP of an open month: to one day's deduction (``day``, ``code``) or to the
    month as a whole. HR accepts it (the source data is then corrected through the attendance screens and the
    month calculated again) or rejects it, with a note. Kept by period and person, so a recalculation (which
    rewrites the results) keeps it."""

    __tablename__ = "tpp_objections"
    __table_args__ = (CheckConstraint(_in("state", OBJECTION_STATES), name="state"),
                      Index("ix_tpp_objections_period_employee", "period_id", "employee_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("tpp_periods.id", ondelete="CASCADE"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"), index=True)
    day: Mapped[date | None] = mapped_column(Date)
    code: Mapped[str | None] = mapped_column(String(8))  # the deduction's code (app.tpp.rules.DEDUCTION_CODES)
    reason: Mapped[str] = mapped_column(Text)
    attachment: Mapped[str | None] = mapped_column(String(100))  # stored file name
    attachment_name: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str] = mapped_column(String(8), default="open")
    resolution: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    period: Mapped[Period] = relationship()
    employee = relationship("Employee")
    created_by = relationship("User", foreign_keys=[created_by_id])
    resolved_by = relationship("User", foreign_keys=[resolved_by_id])
