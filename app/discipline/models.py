"""What HR records about discipline: sanctions imposed by a decision (SK) and each month's attendance recap.

Awards read both (eligibility, the attendance criterion); TPP will read the same rows.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import TimestampMixin, VersionedMixin
from app.extensions import db

SANCTION_LEVELS = ("light", "medium", "heavy")  # ringan, sedang, berat (PP 94/2021)
RECAP_SOURCES = ("typed", "derived")  # typed by HR, or derived from the daily statuses (app.attendance)


class Sanction(TimestampMixin, VersionedMixin, db.Model):
    """A disciplinary sanction in force from ``starts_on`` to ``ends_on`` (open-ended when None)."""

    __tablename__ = "sanctions"
    __table_args__ = (
        CheckConstraint(f"level IN {SANCTION_LEVELS}", name="level"),
        CheckConstraint("ends_on IS NULL OR starts_on <= ends_on", name="order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"), index=True)
    level: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(150))  # e.g. "pemotongan tunjangan kinerja 25% selama 6 bulan"
    decision_number: Mapped[str] = mapped_column(String(120))
    decision_date: Mapped[date] = mapped_column(Date)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    employee = relationship("Employee")

    def in_force(self, first: date, last: date) -> bool:
        """Does the sanction cover any day from ``first`` to ``last``?"""
        return self.starts_on <= last and (self.ends_on is None or self.ends_on >= first)


class AttendanceMonth(TimestampMixin, VersionedMixin, db.Model):
    """One employee's attendance recap for one month: the counts the award instrument and TPP use."""

    __tablename__ = "attendance_months"
    __table_args__ = (
        UniqueConstraint("employee_id", "year", "month"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month"),
        CheckConstraint(f"source IN {RECAP_SOURCES}", name="source"),
        CheckConstraint("leave_days >= 0 AND absent_days >= 0 AND early_leaves >= 0 AND late_arrivals >= 0 "
                        "AND missed_roll_calls >= 0", name="counts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    leave_days: Mapped[int] = mapped_column(Integer, default=0)  # izin/cuti days
    absent_days: Mapped[int] = mapped_column(Integer, default=0)  # TK: absent without a reason
    early_leaves: Mapped[int] = mapped_column(Integer, default=0)  # PSW
    late_arrivals: Mapped[int] = mapped_column(Integer, default=0)  # TL
    missed_roll_calls: Mapped[int] = mapped_column(Integer, default=0)  # apel
    # "derived": written by the attendance pass from check-ins (read-only on the recap screen); "typed": by HR
    source: Mapped[str] = mapped_column(String(8), default="typed", server_default="typed")
    present_days: Mapped[int | None] = mapped_column(Integer)  # known only when derived

    employee = relationship("Employee")
