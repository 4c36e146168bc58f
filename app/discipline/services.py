"""Recording discipline: sanctions imposed by a decision (SK) and each month's attendance recap.

Services flush; the route commits. A sanction is an official record: it is corrected in place (the audit
trail keeps every earlier value) and never deleted. An attendance recap is one row per employee and month,
created on its first save.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from app.core.db import check_shown, check_version, flush_unique
from app.core.errors import Refused
from app.core.formatting import month_bounds
from app.discipline import queries
from app.discipline.models import SANCTION_LEVELS, AttendanceMonth, Sanction
from app.extensions import db
from app.org.models import Employee, Unit

SANCTION_FIELDS = ("level", "kind", "decision_number", "decision_date", "starts_on", "ends_on", "note")
COUNTS = ("leave_days", "absent_days", "early_leaves", "late_arrivals", "missed_roll_calls")
RECAP_STATUSES = ("aktif", "cuti")  # who still has a working month to recap (on leave: the leave days count)
DERIVED_REFUSAL = _l("This month's recap is computed from the attendance data (check-ins, leave and excuses) and "
                     "cannot be typed over: correct the check-ins, leave or excuses instead.")

# The kinds of PP 94/2021 art. 8, offered as suggestions: the SK's own wording is what is recorded.
SANCTION_KINDS = {
    "light": ("Teguran lisan", "Teguran tertulis", "Pernyataan tidak puas secara tertulis"),
    "medium": ("Pemotongan tunjangan kinerja 25% selama 6 bulan", "Pemotongan tunjangan kinerja 25% selama 9 bulan",
               "Pemotongan tunjangan kinerja 25% selama 12 bulan"),
    "heavy": ("Penurunan jabatan setingkat lebih rendah selama 12 bulan",
              "Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan",
              "Pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS"),
}


# -- sanctions -------------------------------------------------------------------------------------------------

def sanction_problem(data: dict) -> Refused | None:
    """The first thing wrong with a sanction's values (a refusal naming its field); None when they are fine."""
    if data.get("level") not in SANCTION_LEVELS:
        return Refused(_l("Choose the level of the sanction."), "level")
    for name in ("kind", "decision_number", "decision_date", "starts_on"):
        if not data.get(name):
            return Refused(_l("This field is required."), name)
    starts, ends = data["starts_on"], data.get("ends_on")
    if starts < data["decision_date"]:
        return Refused(_l("A sanction cannot take effect before the date of the decision that imposes it."),
                       "starts_on")
    if data["level"] == "medium" and ends is None:
        return Refused(_l("A medium sanction runs for a set period (6, 9 or 12 months): give its last day."),
                       "ends_on")
    if ends is not None and ends < starts:
        return Refused(_l("The last day cannot be before the first day."), "ends_on")
    return None


def _check_sanction(employee: Employee, data: dict) -> None:
    if not employee.is_asn:
        raise Refused(_l("Disciplinary sanctions under PP 94/2021 apply to ASN (PNS and PPPK) only."))
    problem = sanction_problem(data)
    if problem is not None:
        raise problem


def record_sanction(employee: Employee, data: dict) -> Sanction:
    """Record a sanction that a decision (SK) imposed on ``employee``."""
    _check_sanction(employee, data)
    sanction = Sanction(employee=employee, **{name: data.get(name) for name in SANCTION_FIELDS})
    sanction.note = sanction.note or ""
    db.session.add(sanction)
    db.session.flush()
    return sanction


def update_sanction(sanction: Sanction, data: dict, expected: int | None) -> Sanction:
    """Correct a recorded sanction (the audit trail keeps what it said before)."""
    check_version(sanction, expected)
    _check_sanction(sanction.employee, data)
    for name in SANCTION_FIELDS:
        setattr(sanction, name, data.get(name))
    sanction.note = sanction.note or ""
    db.session.flush()
    return sanction


def sanctions_of(employee: Employee) -> list[Sanction]:
    return list(db.session.scalars(select(Sanction).where(Sanction.employee_id == employee.id)
                                   .order_by(Sanction.starts_on.desc(), Sanction.id.desc())))


def sanction_state(sanction: Sanction, today: date) -> str:
    """'upcoming', 'ended', 'imposed' (a light sanction without a period: a reprimand given once) or 'in_force'."""
    if sanction.starts_on > today:
        return "upcoming"
    if not sanction.in_force(today, today):
        return "ended"
    if sanction.level == "light" and sanction.ends_on is None:
        return "imposed"
    return "in_force"


# -- the monthly attendance recap -------------------------------------------------------------------------------

def count_problems(year: int, month: int, counts: dict[str, int | None]) -> dict[str, str]:
    """What is wrong with each count, by field (empty when all are fine). A count is 0 to the month's days."""
    days = calendar.monthrange(year, month)[1]
    problems = {}
    for name in COUNTS:
        value = counts.get(name)
        if value is None:
            continue
        if value < 0:
            problems[name] = str(_l("Enter a whole number of 0 or more."))
        elif value > days:
            problems[name] = str(_l("At most %(n)s in this month.", n=days))
    return problems


def find_attendance(employee: Employee, year: int, month: int) -> AttendanceMonth | None:
    return db.session.scalar(select(AttendanceMonth).where(
        AttendanceMonth.employee_id == employee.id, AttendanceMonth.year == year, AttendanceMonth.month == month))


def save_attendance(employee: Employee, year: int, month: int, counts: dict[str, int | None],
                    expected: int | None) -> AttendanceMonth:
    """Create or change one employee's typed recap of one month; an empty count is 0. A recap derived from the
    daily statuses (``source == "derived"``, written by ``app.attendance.compute``) is never typed over.

    ``expected`` is the version the row was shown with (None: it was shown without a recap). If another
    user created or changed the recap meanwhile, ``Conflict``.
    """
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Refused(_l("There is no such month."), "month")
    problems = count_problems(year, month, counts)
    if problems:
        name = next(iter(problems))
        raise Refused(problems[name], name)
    record = find_attendance(employee, year, month)
    if record is not None and record.source == "derived":
        raise Refused(DERIVED_REFUSAL)
    check_shown(record, expected)
    if record is None:
        record = AttendanceMonth(employee=employee, year=year, month=month)
        db.session.add(record)
    for name in COUNTS:
        setattr(record, name, counts.get(name) or 0)
    flush_unique()
    return record


@dataclass(frozen=True)
class RecapRow:
    employee: Employee
    record: AttendanceMonth | None
    sanctioned: bool  # a medium or heavy sanction covers part of the month


def recap_query(unit: Unit):
    """The employees whose month is recapped under ``unit`` (its whole subtree), in name order, with their unit."""
    return (select(Employee).join(Employee.unit).options(contains_eager(Employee.unit))
            .where(Unit.path.startswith(unit.path, autoescape=True), Employee.status.in_(RECAP_STATUSES))
            .order_by(Employee.name_search, Employee.id))


def recap_rows(employees: list[Employee], year: int, month: int) -> list[RecapRow]:
    """One row per employee with their recap of the month: two queries whatever the number of employees."""
    ids = [employee.id for employee in employees]
    records = queries.attendance(ids, year, month)
    sanctioned = queries.sanctions_in_force(ids, *month_bounds(year, month))
    return [RecapRow(employee, records.get(employee.id), bool(sanctioned.get(employee.id))) for employee in employees]


def recap_row(employee: Employee, year: int, month: int) -> RecapRow:
    return recap_rows([employee], year, month)[0]


def attendance_history(employee: Employee, limit: int = 12) -> list[AttendanceMonth]:
    """The employee's latest recaps, newest first."""
    return list(db.session.scalars(select(AttendanceMonth).where(AttendanceMonth.employee_id == employee.id)
                                   .order_by(AttendanceMonth.year.desc(), AttendanceMonth.month.desc())
                                   .limit(limit)))
