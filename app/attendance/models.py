"""Attendance: the work calendar, schedules and shifts, check-ins, leave and excuses, and each person's daily status.

Inputs are what people and machines record (holidays, schedules, roll calls, check-ins, leave, excuses); the
daily status (``AttendanceDay``) is derived from them by ``app.attendance.status`` in a set-based monthly pass
(``app.attendance.compute``) and never typed. Times are stored as UTC instants; a schedule's hours are wall-clock
times in the agency's time zone (WIB/WITA/WIT).
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import TimestampMixin, UTCDateTime, VersionedMixin, utcnow
from app.extensions import db

HOLIDAY_KINDS = ("national", "collective", "regional")  # libur nasional, cuti bersama, libur daerah
ROLL_CALL_KINDS = ("apel", "upacara")
DIRECTIONS = ("in", "out")
PERSON_KEYS = ("machine", "nip")  # how a check-in file names the person: machine user number, or NIP
# cuti tahunan, besar, sakit, melahirkan, alasan penting, di luar tanggungan negara (PP 11/2017 art. 310)
LEAVE_KINDS = ("annual", "long", "sick", "maternity", "important", "unpaid")
EXCUSE_KINDS = ("permit", "travel", "forgot")  # izin, surat tugas (dinas luar), lupa absen
FORGOT_SIDES = ("in", "out", "both")
EXCUSE_STATES = ("requested", "approved", "refused", "withdrawn")
# A day's status; leave days carry the leave kind (leave_annual, …, leave_sick).
DAY_STATUSES = ("present", "no_in", "no_out", "absent", "permit", "travel", "weekend", "holiday", "collective",
                *(f"leave_{kind}" for kind in LEAVE_KINDS))


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _one_of(column: str, values: tuple[str, ...]) -> str:
    """``_in`` written as ORs, for a table written in bulk: SQLite checked a constant IN list once per row
    at the cost of a temporary table, which doubled the monthly pass's insert (0.5 ms per 100 rows)."""
    return " OR ".join(f"{column} = {value!r}" for value in values)


class Holiday(TimestampMixin, VersionedMixin, db.Model):
    """A day off for the whole pemda: a national holiday, a cuti bersama day or a regional holiday."""

    __tablename__ = "holidays"
    __table_args__ = (UniqueConstraint("day"), CheckConstraint(_in("kind", HOLIDAY_KINDS), name="kind"))

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(150))
    source: Mapped[str] = mapped_column(String(200), default="")  # e.g. the SKB that declares it


class WorkSchedule(TimestampMixin, VersionedMixin, db.Model):
    """A unit's working week; it holds for the unit's whole subtree unless a sub-unit has its own."""

    __tablename__ = "work_schedules"
    __table_args__ = (UniqueConstraint("unit_id"), CheckConstraint("days_per_week IN (5, 6)", name="week"))

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    days_per_week: Mapped[int] = mapped_column(Integer, default=5)

    unit = relationship("Unit")
    shifts: Mapped[list[Shift]] = relationship(back_populates="schedule", order_by="Shift.sort_order, Shift.id",
                                               cascade="all, delete-orphan")


class Shift(TimestampMixin, VersionedMixin, db.Model):
    """Working hours of a schedule. The first (``is_default``) is everyone's; the others are given by roster.
    A shift whose end is not after its start crosses midnight (23:00–07:00)."""

    __tablename__ = "shifts"
    __table_args__ = (UniqueConstraint("schedule_id", "code"), CheckConstraint("starts <> ends", name="length"))

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("work_schedules.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)
    friday_ends: Mapped[time | None] = mapped_column(Time)  # many pemda work half an hour longer on Friday
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    schedule: Mapped[WorkSchedule] = relationship(back_populates="shifts")


class ShiftAssignment(TimestampMixin, VersionedMixin, db.Model):
    """The roster: a person works ``shift`` from ``starts_on`` to ``ends_on`` (open-ended when None)."""

    __tablename__ = "shift_assignments"
    __table_args__ = (CheckConstraint("ends_on IS NULL OR starts_on <= ends_on", name="order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"), index=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    employee = relationship("Employee")
    shift: Mapped[Shift] = relationship()


class RollCall(TimestampMixin, VersionedMixin, db.Model):
    """An apel or upacara for a unit's subtree on a day, at a wall-clock time: who checks in later misses it."""

    __tablename__ = "roll_calls"
    __table_args__ = (UniqueConstraint("unit_id", "day"), CheckConstraint(_in("kind", ROLL_CALL_KINDS), name="kind"))

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    at: Mapped[time] = mapped_column(Time)
    kind: Mapped[str] = mapped_column(String(10), default="apel")
    name: Mapped[str] = mapped_column(String(150), default="")

    unit = relationship("Unit")


class CheckInSource(TimestampMixin, VersionedMixin, db.Model):
    """An attendance machine (or a family of them) and how its export reads: the saved column mapping.

    ``columns`` maps our field to the file's header: person, datetime (or date and time), direction, device.
    ``in_values``/``out_values`` are the direction column's spellings (comma-separated). ``timezone`` is the
    machine's wall clock (WIB/WITA/WIT; empty: the agency's)."""

    __tablename__ = "checkin_sources"
    __table_args__ = (UniqueConstraint("name"), CheckConstraint(_in("person_key", PERSON_KEYS), name="person_key"))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    person_key: Mapped[str] = mapped_column(String(10), default="machine")
    columns: Mapped[dict] = mapped_column(JSON, default=dict)
    in_values: Mapped[str] = mapped_column(String(200), default="")
    out_values: Mapped[str] = mapped_column(String(200), default="")
    date_format: Mapped[str] = mapped_column(String(40), default="")  # empty: recognised from the values
    timezone: Mapped[str] = mapped_column(String(4), default="")

    unit = relationship("Unit")


class MachineUser(TimestampMixin, db.Model):
    """A machine's user number for a person (the number enrolled on the fingerprint or face reader)."""

    __tablename__ = "machine_users"
    __table_args__ = (UniqueConstraint("source_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("checkin_sources.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(30))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"), index=True)

    source: Mapped[CheckInSource] = relationship()
    employee = relationship("Employee")


class CheckIn(db.Model):
    """One check-in: from a machine's export (``source_id``, ``batch_id``) or entered by hand (``entered_by_id``,
    ``note``).

    (employee, instant) is unique: the same check-in imported twice is kept once."""

    __tablename__ = "check_ins"
    __table_args__ = (UniqueConstraint("employee_id", "at"), Index("ix_check_ins_at", "at"),
                      CheckConstraint("direction IS NULL OR " + _in("direction", DIRECTIONS), name="direction"))

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    direction: Mapped[str | None] = mapped_column(String(3))
    device: Mapped[str] = mapped_column(String(60), default="")
    # provenance as plain numbers: a key checked per row would double the import's bulk insert (batches and
    # machines are never deleted)
    source_id: Mapped[int | None] = mapped_column(Integer)  # checkin_sources.id
    batch_id: Mapped[int | None] = mapped_column(Integer)  # import_batches.id
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    employee = relationship("Employee")
    entered_by = relationship("User")


class StagedCheckIn(db.Model):
    """A check-in of an import waiting for confirmation (the preview reads them; commit copies them over and
    removes them, as discarding does). Keyed by the batch and the file's row, without a foreign key: the bulk
    insert would check it once per row."""

    __tablename__ = "staged_check_ins"

    batch_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # import_batches.id
    row: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    direction: Mapped[str | None] = mapped_column(String(3))
    device: Mapped[str] = mapped_column(String(60), default="")


class Leave(TimestampMixin, VersionedMixin, db.Model):
    """Leave granted by a decision, from ``starts_on`` to ``ends_on`` (weekends and holidays inside stay days off)."""

    __tablename__ = "leaves"
    __table_args__ = (CheckConstraint(_in("kind", LEAVE_KINDS), name="kind"),
                      CheckConstraint("starts_on <= ends_on", name="order"),
                      Index("ix_leaves_employee_days", "employee_id", "starts_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(12))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    decision_number: Mapped[str] = mapped_column(String(120), default="")
    decision_date: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    employee = relationship("Employee")


class Excuse(TimestampMixin, VersionedMixin, db.Model):
    """A request to excuse days: izin, official travel with a surat tugas, or a forgotten check-in (``forgot``
    says which side). Requested by the person or an operator, decided by the superior; only an approved
    excuse changes a day's status."""

    __tablename__ = "excuses"
    __table_args__ = (CheckConstraint(_in("kind", EXCUSE_KINDS), name="kind"),
                      CheckConstraint(_in("state", EXCUSE_STATES), name="state"),
                      CheckConstraint("forgot IS NULL OR " + _in("forgot", FORGOT_SIDES), name="forgot"),
                      CheckConstraint("starts_on <= ends_on", name="order"),
                      Index("ix_excuses_employee_days", "employee_id", "starts_on"),
                      Index("ix_excuses_state", "state"))  # the excuses waiting for a decision, first

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(10))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    forgot: Mapped[str | None] = mapped_column(String(4))
    reason: Mapped[str] = mapped_column(Text, default="")
    letter_number: Mapped[str] = mapped_column(String(120), default="")  # the surat tugas, when there is one
    attachment: Mapped[str | None] = mapped_column(String(100))  # stored file name
    attachment_name: Mapped[str] = mapped_column(String(200), default="")  # as uploaded
    state: Mapped[str] = mapped_column(String(10), default="requested")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str] = mapped_column(Text, default="")

    employee = relationship("Employee")
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])


class AttendanceDay(db.Model):
    """One person's status on one day, derived (``app.attendance.status``); rewritten by each monthly pass.

    ``late_code``/``early_code`` are TL1–TL4 and PSW1–PSW4 (0: none); a missing check-in counts as TL4 and a
    missing check-out as PSW4, with no minutes."""

    __tablename__ = "attendance_days"
    __table_args__ = (CheckConstraint(_one_of("status", DAY_STATUSES), name="status"),
                      CheckConstraint("late_code BETWEEN 0 AND 4 AND early_code BETWEEN 0 AND 4", name="codes"),
                      Index("ix_attendance_days_day", "day"))

    # No foreign key: a key check per row doubled the monthly pass's bulk insert (the pass writes the rows of
    # the people it has just read, in the same transaction, and rewrites them each time; people are never
    # deleted, they leave by their status). ``docs/attendance.md``, "Speed".
    employee_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    late_minutes: Mapped[int | None] = mapped_column(Integer)
    early_minutes: Mapped[int | None] = mapped_column(Integer)
    late_code: Mapped[int] = mapped_column(SmallInteger, default=0)
    early_code: Mapped[int] = mapped_column(SmallInteger, default=0)
    missed_roll_call: Mapped[bool] = mapped_column(Boolean, default=False)
    first_in: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_out: Mapped[datetime | None] = mapped_column(UTCDateTime)

    employee = relationship("Employee", primaryjoin="foreign(AttendanceDay.employee_id) == Employee.id")
