"""Award rounds (DOMAIN.md §6): who may be nominated, how nominees are scored, who won, what was printed.

An instrument is versioned: editing one that a round already used makes a new version, so a round keeps the
criteria it started with. A decided round is frozen; its certificates are numbered from one counter per OPD
and year (``CertificateCounter``), so numbers have no gaps and no duplicates.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
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

from app.core.db import TimestampMixin, UTCDateTime, VersionedMixin, utcnow
from app.extensions import db

NOMINEE_KINDS = ("person", "unit")
CRITERION_SOURCES = ("assessor", "attendance", "achievement")  # the last two are filled from data
ROUND_STATUSES = ("nominating", "scoring", "decided")
CERTIFICATE_KINDS = ("winner", "appreciation")
DEFAULT_NUMBER_PATTERN = "800/{seq}/{unit}/{month_roman}/{year}"
# What a winner is named on the piagam and the announcement when the category does not say otherwise.
DEFAULT_AWARDS = {"person": "Pegawai Terbaik", "unit": "Unit Kerja Terbaik"}


def default_award(nominee_kind: str) -> str:
    return DEFAULT_AWARDS.get(nominee_kind, DEFAULT_AWARDS["person"])


class Instrument(TimestampMixin, VersionedMixin, db.Model):
    """An assessment instrument: criteria whose weights total 100. Never edited once a round used it."""

    __tablename__ = "award_instruments"
    __table_args__ = (UniqueConstraint("opd_id", "family", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opd_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    family: Mapped[str] = mapped_column(String(32))  # the same for every version of one instrument
    number: Mapped[int] = mapped_column(Integer, default=1)  # version number within the family
    name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)

    opd = relationship("Unit")
    criteria: Mapped[list[Criterion]] = relationship(back_populates="instrument", order_by="Criterion.position",
                                                     cascade="all, delete-orphan")

    @property
    def total_weight(self) -> Decimal:
        return sum((c.weight for c in self.criteria), Decimal(0))


class Criterion(db.Model):
    __tablename__ = "award_criteria"
    __table_args__ = (
        CheckConstraint(f"source IN {CRITERION_SOURCES}", name="source"),
        CheckConstraint("weight > 0 AND weight <= 100", name="weight"),
        CheckConstraint("scale_min < scale_max", name="scale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("award_instruments.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")  # guidance for assessors
    weight: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    scale_min: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(1))
    scale_max: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(5))
    source: Mapped[str] = mapped_column(String(12), default="assessor")

    instrument: Mapped[Instrument] = relationship(back_populates="criteria")

    @property
    def automatic(self) -> bool:
        return self.source != "assessor"


class Category(TimestampMixin, VersionedMixin, db.Model):
    """An award category of one OPD, with its eligibility rules (data, editable per category)."""

    __tablename__ = "award_categories"
    __table_args__ = (
        CheckConstraint(f"nominee_kind IN {NOMINEE_KINDS}", name="nominee_kind"),
        CheckConstraint("winners >= 1 AND quota_per_unit >= 1", name="counts"),
        CheckConstraint("cooldown_months >= 0", name="cooldown"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opd_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    nominee_kind: Mapped[str] = mapped_column(String(6), default="person")
    # The award's wording on the piagam and the announcement ("Pegawai Terbaik", "Panti Sosial Terbaik");
    # empty: the default of the nominee kind (DEFAULT_AWARDS).
    award_title: Mapped[str] = mapped_column(String(120), default="", server_default="")
    # Eligible position types (person) or unit kinds (unit); empty = any.
    eligible_position_types: Mapped[list] = mapped_column(JSON, default=list)
    eligible_unit_kinds: Mapped[list] = mapped_column(JSON, default=list)
    winners: Mapped[int] = mapped_column(Integer, default=1)
    quota_per_unit: Mapped[int] = mapped_column(Integer, default=1)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("award_instruments.id", ondelete="RESTRICT"))
    # Eligibility rules.
    exclude_sanctioned: Mapped[bool] = mapped_column(Boolean, default=True)  # medium or heavy sanction in force
    exclude_absent: Mapped[bool] = mapped_column(Boolean, default=True)  # any TK day that month
    cooldown_months: Mapped[int] = mapped_column(Integer, default=3)  # not a winner in the last N months
    exclude_heads: Mapped[bool] = mapped_column(Boolean, default=False)  # unit heads (is_head positions)
    # Conflict of interest: may an assessor score a nominee of their own unit?
    own_unit_conflict: Mapped[bool] = mapped_column(Boolean, default=True)
    number_pattern: Mapped[str] = mapped_column(String(120), default=DEFAULT_NUMBER_PATTERN)
    signer_position_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    opd = relationship("Unit")
    instrument: Mapped[Instrument] = relationship()
    signer_position = relationship("Position")

    @property
    def award(self) -> str:
        return self.award_title or default_award(self.nominee_kind)


class Round(TimestampMixin, VersionedMixin, db.Model):
    """One month's round of one category. Decided → frozen."""

    __tablename__ = "award_rounds"
    __table_args__ = (
        UniqueConstraint("category_id", "year", "month"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month"),
        CheckConstraint(f"status IN {ROUND_STATUSES}", name="status"),
        CheckConstraint("nomination_opens <= nomination_closes", name="window"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("award_categories.id", ondelete="RESTRICT"), index=True)
    opd_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("award_instruments.id", ondelete="RESTRICT"))
    # The category's rules as they were when the round started.
    rules: Mapped[dict] = mapped_column(JSON, default=dict)
    nomination_opens: Mapped[date] = mapped_column(Date)
    nomination_closes: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="nominating")
    appreciation: Mapped[bool] = mapped_column(Boolean, default=False)  # certificates for every nominee
    decision_number: Mapped[str] = mapped_column(String(120), default="")
    decision_date: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The ranking as decided: [{"nomination_id", "rank", "total", "winner", ...}], frozen with the round.
    result: Mapped[list] = mapped_column(JSON, default=list)

    category: Mapped[Category] = relationship()
    opd = relationship("Unit")
    instrument: Mapped[Instrument] = relationship()
    assessors: Mapped[list[Assessor]] = relationship(back_populates="round", cascade="all, delete-orphan",
                                                     order_by="Assessor.id")
    nominations: Mapped[list[Nomination]] = relationship(back_populates="round", order_by="Nomination.id")

    @property
    def frozen(self) -> bool:
        return self.status == "decided"

    def takes_nominations(self, today) -> bool:
        """Nominations are made on ``today`` (the round nominating and its window open)."""
        return self.status == "nominating" and self.nomination_opens <= today <= self.nomination_closes

    @property
    def category_name(self) -> str:
        """The category's name when the round started (a later rename does not change past rounds)."""
        return (self.rules or {}).get("category_name") or self.category.name

    @property
    def award(self) -> str:
        """The award's wording when the round started ("Unit Kerja Terbaik"); rounds started before categories
        had a wording use the category's."""
        return (self.rules or {}).get("award_title") or self.category.award


class Assessor(db.Model):
    """A member of a round's assessor panel (a user account, linked to an employee for conflict checks)."""

    __tablename__ = "award_assessors"
    __table_args__ = (UniqueConstraint("round_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)

    round: Mapped[Round] = relationship(back_populates="assessors")
    user = relationship("User")


class Nomination(TimestampMixin, VersionedMixin, db.Model):
    """A nominee (an employee, or a unit for unit categories) with the justification and evidence."""

    __tablename__ = "award_nominations"
    __table_args__ = (
        UniqueConstraint("round_id", "employee_id"),
        CheckConstraint("withdrawn_reason IS NOT NULL OR withdrawn_at IS NULL", name="withdrawn"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="RESTRICT"), index=True)
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"), index=True)
    # The nominated unit (unit awards) or the employee's unit at nomination (person awards): quota and scope.
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    justification: Mapped[str] = mapped_column(Text)
    evidence_file: Mapped[str | None] = mapped_column(String(80))
    evidence_name: Mapped[str] = mapped_column(String(200), default="")
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    nominated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Automatic criteria, computed at nomination and shown with their inputs: {"attendance": {...}, ...}
    auto: Mapped[dict] = mapped_column(JSON, default=dict)
    # Set once, when the leader decides the round.
    rank: Mapped[int | None] = mapped_column(Integer)
    winner: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)

    round: Mapped[Round] = relationship(back_populates="nominations")
    employee = relationship("Employee")
    unit = relationship("Unit")
    scores: Mapped[list[Score]] = relationship(back_populates="nomination", cascade="all, delete-orphan")

    @property
    def display_name(self) -> str:
        return self.employee.display_name if self.employee else self.unit.name


class Score(db.Model):
    """One assessor's value for one criterion of one nominee."""

    __tablename__ = "award_scores"
    __table_args__ = (UniqueConstraint("nomination_id", "assessor_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("award_nominations.id", ondelete="CASCADE"), index=True)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("award_assessors.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("award_criteria.id", ondelete="RESTRICT"))
    value: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    nomination: Mapped[Nomination] = relationship(back_populates="scores")
    assessor: Mapped[Assessor] = relationship()


class CertificateCounter(db.Model):
    """The last certificate number used by an OPD in a year; incremented inside the issuing transaction."""

    __tablename__ = "award_certificate_counters"

    opd_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Certificate(TimestampMixin, db.Model):
    """A numbered piagam for a nomination; its PDF is an issued document (rendered once, then served as is)."""

    __tablename__ = "award_certificates"
    __table_args__ = (
        UniqueConstraint("opd_id", "year", "seq"),
        UniqueConstraint("opd_id", "number"),  # each OPD keeps its own register
        UniqueConstraint("nomination_id"),
        CheckConstraint(f"kind IN {CERTIFICATE_KINDS}", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("award_nominations.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(12), default="winner")
    opd_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(120))
    code: Mapped[str] = mapped_column(String(32), unique=True)  # verification code, fixed at numbering
    issued_on: Mapped[date] = mapped_column(Date)
    # Everything printed, frozen at numbering (names, NIP, pangkat, signer), so a reprint is identical.
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_documents.id", ondelete="RESTRICT"))

    nomination: Mapped[Nomination] = relationship()
    document = relationship("IssuedDocument")
