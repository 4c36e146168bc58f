"""Non-ASN workers' records (DOMAIN.md §5): contracts (SPK), warnings, evaluations, the OPD's dated rules, and the
monthly honorarium (an OPD's month, closed and frozen, with one line per contract). ``docs/workers.md``."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import TimestampMixin, UTCDateTime, VersionedMixin
from app.extensions import db
from app.workers.rules import PAY_BASES, RESULTS, WARNING_LEVELS

CONTRACT_STATES = ("draft", "active", "terminated")  # "ended" is an active contract past its last day
RENEWAL_DECISIONS = ("renew", "end")
MONTH_STATES = ("open", "closed")
# The shipped rules' version is dated from here: in force for every month before an OPD's own first version.
SHIPPED_FROM = date(2000, 1, 1)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Contract(TimestampMixin, VersionedMixin, db.Model):
    """A worker's contract (SPK) for at most one budget year: the Kepala Dinas as Pihak Kesatu, the worker as
    Pihak Kedua. A draft is edited; signing issues the SPK PDF (once) and makes it active; a termination ends it
    early with its reason. Renewal copies it to the next year as a draft (``renewed_from_id``)."""

    __tablename__ = "worker_contracts"
    __table_args__ = (
        CheckConstraint(_in("state", CONTRACT_STATES), name="state"),
        CheckConstraint(_in("pay_basis", PAY_BASES), name="pay_basis"),
        CheckConstraint("starts_on <= ends_on", name="order"),
        CheckConstraint("rate > 0", name="rate"),
        CheckConstraint("renewal IS NULL OR " + _in("renewal", RENEWAL_DECISIONS), name="renewal"),
        Index("ix_worker_contracts_employee", "employee_id", "year"),
        Index("ix_worker_contracts_unit", "unit_id", "year"),
        Index("uq_worker_contracts_number", "year", "number", unique=True,
              sqlite_where=db.text("number <> ''"), postgresql_where=db.text("number <> ''")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))  # where the work is done
    year: Mapped[int] = mapped_column(Integer)  # the budget year
    number: Mapped[str] = mapped_column(String(100), default="")  # empty while a draft has none yet
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    position: Mapped[str] = mapped_column(String(150), default="")  # e.g. "Petugas P3S"
    duties: Mapped[str] = mapped_column(Text, default="")
    pay_basis: Mapped[str] = mapped_column(String(8))
    rate: Mapped[int] = mapped_column(BigInteger)  # rupiah, a day's or a month's
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id", ondelete="SET NULL"))
    workplace: Mapped[str] = mapped_column(String(200), default="")  # e.g. the hotspots (titik rawan)
    state: Mapped[str] = mapped_column(String(10), default="draft")
    signed_on: Mapped[date | None] = mapped_column(Date)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_documents.id", ondelete="RESTRICT"))
    terminated_on: Mapped[date | None] = mapped_column(Date)
    termination_reason: Mapped[str] = mapped_column(Text, default="")
    renewal: Mapped[str | None] = mapped_column(String(6))  # HR's decision: renew or end
    renewal_note: Mapped[str] = mapped_column(Text, default="")
    renewal_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    renewed_from_id: Mapped[int | None] = mapped_column(ForeignKey("worker_contracts.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    employee = relationship("Employee")
    unit = relationship("Unit")
    shift = relationship("Shift")
    document = relationship("IssuedDocument")
    renewed_from: Mapped[Contract | None] = relationship(remote_side=[id])

    @property
    def last_day(self) -> date:
        """The contract's last day: its end, or the day it was terminated."""
        return self.terminated_on or self.ends_on


class WorkerWarning(TimestampMixin, VersionedMixin, db.Model):
    """A warning given under a contract: teguran lisan, tertulis, SP1–SP3 (the escalation)."""

    __tablename__ = "worker_warnings"
    __table_args__ = (CheckConstraint(_in("level", WARNING_LEVELS), name="level"),
                      Index("ix_worker_warnings_contract", "contract_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("worker_contracts.id", ondelete="RESTRICT"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"), index=True)
    level: Mapped[str] = mapped_column(String(8))
    given_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    letter_number: Mapped[str] = mapped_column(String(120), default="")
    attachment: Mapped[str | None] = mapped_column(String(100))  # stored file name
    attachment_name: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    contract: Mapped[Contract] = relationship()
    employee = relationship("Employee")
    created_by = relationship("User")


class Evaluation(TimestampMixin, VersionedMixin, db.Model):
    """An evaluation of a contract's worker for a quarter (1–4) or the year (0): the points per criterion as the
    OPD's rules named them then, the score and the result."""

    __tablename__ = "worker_evaluations"
    __table_args__ = (UniqueConstraint("contract_id", "period"),
                      CheckConstraint("period BETWEEN 0 AND 4", name="period"),
                      CheckConstraint(_in("result", RESULTS), name="result"))

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("worker_contracts.id", ondelete="RESTRICT"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"), index=True)
    period: Mapped[int] = mapped_column(Integer)
    points: Mapped[dict] = mapped_column(JSON)  # criterion → points
    scale: Mapped[int] = mapped_column(Integer)
    score: Mapped[object] = mapped_column(Numeric(5, 2))  # % of the most points possible
    result: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
    evaluated_on: Mapped[date] = mapped_column(Date)
    evaluated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    contract: Mapped[Contract] = relationship()
    employee = relationship("Employee")
    evaluated_by = relationship("User")


class RuleVersion(TimestampMixin, VersionedMixin, db.Model):
    """One version of an OPD's rules for its non-ASN workers, in force from ``valid_from`` until the next. A
    change is always a new version: a closed month keeps the version it was closed with."""

    __tablename__ = "worker_rules"
    __table_args__ = (UniqueConstraint("opd_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opd_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    valid_from: Mapped[date] = mapped_column(Date)
    rules: Mapped[dict] = mapped_column(JSON)  # ``app.workers.rules.Rules.read`` reads it
    source: Mapped[str] = mapped_column(String(300), default="")  # the OPD's decision it rests on
    notes: Mapped[list] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    opd = relationship("Unit")

    @property
    def shipped(self) -> bool:
        return self.valid_from == SHIPPED_FROM


class HonorMonth(TimestampMixin, VersionedMixin, db.Model):
    """An OPD's honorarium month. Open, its recap is worked out from the attendance as it is now; closing stores
    one line per contract with the rules in force (frozen); reopening needs a reason."""

    __tablename__ = "honor_months"
    __table_args__ = (UniqueConstraint("opd_id", "year", "month"),
                      CheckConstraint("month BETWEEN 1 AND 12", name="month"),
                      CheckConstraint(_in("state", MONTH_STATES), name="state"))

    id: Mapped[int] = mapped_column(primary_key=True)
    opd_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    rules_id: Mapped[int | None] = mapped_column(ForeignKey("worker_rules.id", ondelete="RESTRICT"))
    state: Mapped[str] = mapped_column(String(6), default="open")
    people: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(BigInteger, default=0)  # Σ received, rupiah
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reopen_reason: Mapped[str] = mapped_column(Text, default="")

    opd = relationship("Unit")
    rules_version: Mapped[RuleVersion | None] = relationship()
    closed_by = relationship("User")


class HonorLine(db.Model):
    """One contract's honorarium in a closed month, with what it was worked out from. Rewritten by each closing;
    a closed month's lines never change."""

    __tablename__ = "honor_lines"
    __table_args__ = (UniqueConstraint("month_id", "contract_id"), Index("ix_honor_lines_employee", "employee_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    month_id: Mapped[int] = mapped_column(ForeignKey("honor_months.id", ondelete="CASCADE"))
    contract_id: Mapped[int] = mapped_column(ForeignKey("worker_contracts.id", ondelete="RESTRICT"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    unit_id: Mapped[int] = mapped_column(Integer)  # the contract's unit (units.id)
    pay_basis: Mapped[str] = mapped_column(String(8))
    rate: Mapped[int] = mapped_column(BigInteger)
    working: Mapped[int] = mapped_column(Integer)
    contract_days: Mapped[int] = mapped_column(Integer)
    paid: Mapped[int] = mapped_column(Integer)
    absent: Mapped[int] = mapped_column(Integer)
    late: Mapped[int] = mapped_column(Integer)
    early: Mapped[int] = mapped_column(Integer)
    gross: Mapped[int] = mapped_column(BigInteger)
    penalty: Mapped[int] = mapped_column(BigInteger)
    net: Mapped[int] = mapped_column(BigInteger)
    detail: Mapped[dict] = mapped_column(JSON)  # name, NIK, contract number, penalty %: as printed

    month: Mapped[HonorMonth] = relationship()
    contract: Mapped[Contract] = relationship()
    employee = relationship("Employee")
    unit = relationship("Unit", primaryjoin="foreign(HonorLine.unit_id) == Unit.id")
