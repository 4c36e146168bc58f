"""What the attendance screens read: a unit's month grid (people × days), a person's month, the unit's recap.

Every function reads a fixed number of statements whatever the number of people and days: the grid's page of
people (``people_query``, paged), their day rows in one query (``cells``), the day totals of the whole subtree
in one GROUP BY (``day_totals``); the recap is one GROUP BY over ``AttendanceDay`` per person (``recap_select``)
and its totals.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Integer, case, func, select
from sqlalchemy.orm import contains_eager

from app.attendance import explain
from app.attendance.calendar import Calendar
from app.attendance.compute import PRESENT, RECORDED_STATUSES, recap_counts
from app.attendance.models import LEAVE_KINDS, AttendanceDay, CheckIn, Holiday
from app.attendance.status import DAYS_OFF
from app.extensions import db
from app.org.models import Employee, Unit

PAGE_SIZE = 50
# The per-person totals of the grid, the same counts as the derived recap (compute.recap_counts).
TOTALS = ("present_days", "late_arrivals", "early_leaves", "absent_days", "leave_days", "missed_roll_calls")
# The recap's columns, in order.
RECAP = ("workdays", "present", "tl1", "tl2", "tl3", "tl4", "psw1", "psw2", "psw3", "psw4", "absent",
         *(f"leave_{kind}" for kind in LEAVE_KINDS), "permit", "travel", "apel")


def _within(unit: Unit):
    return Unit.path.startswith(unit.path, autoescape=True)


def _days_within(unit: Unit):
    """Day rows of the people of ``unit``'s subtree, as an IN over their ids: the database then reads each
    person's month by the primary key (person, day). Joining instead let SQLite scan the whole installation's
    month by the day index (440 ms for a 30-person unit of a 10,000-person installation, 2 ms this way)."""
    people = select(Employee.id).join(Unit, Employee.unit_id == Unit.id).where(_within(unit))
    return AttendanceDay.employee_id.in_(people)


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


# -- the month and the people ----------------------------------------------------------------------------------

def latest_month(year: int, unit: Unit | None = None, employee: Employee | None = None) -> int | None:
    """The latest month of ``year`` with statuses in the unit's subtree (or of one person); None without."""
    stmt = select(func.max(AttendanceDay.day)).where(AttendanceDay.day.between(date(year, 1, 1), date(year, 12, 31)))
    if employee is not None:
        stmt = stmt.where(AttendanceDay.employee_id == employee.id)
    else:
        stmt = stmt.where(_days_within(unit))
    latest = db.session.scalar(stmt)
    return latest.month if latest is not None else None


def people_query(unit: Unit):
    """The people whose days are kept under ``unit`` (its whole subtree), in name order, with their unit."""
    return (select(Employee).join(Employee.unit).options(contains_eager(Employee.unit))
            .where(_within(unit), Employee.status.in_(RECORDED_STATUSES))
            .order_by(Employee.name_search, Employee.id))


def holiday_names(first: date, last: date) -> dict[date, str]:
    return dict(db.session.execute(select(Holiday.day, Holiday.name).where(Holiday.day.between(first, last))).all())


# -- the grid ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    status: str
    codes: tuple[str, ...]
    family: str
    apel: bool  # missed the roll call


@dataclass
class Row:
    employee: Employee
    cells: list[Cell | None]
    totals: dict[str, int] = field(default_factory=dict)


@functools.cache
def cell(status: str, late_code: int, early_code: int, missed: bool) -> Cell:
    """The grid's cell of a day (a few dozen distinct ones, shared by every row)."""
    return Cell(status, tuple(explain.codes(status, late_code, early_code)),
                explain.family(status, late_code, early_code), bool(missed))


def rows(employees: list[Employee], cal: Calendar) -> list[Row]:
    """One row per person, one cell per day of ``cal`` (None: no status that day): one query for the whole page.
    Days off are not stored (``compute._chunk``): a person with statuses that month gets them from the calendar
    of their unit."""
    if not employees:
        return []
    days = cal.days
    index = {day: n for n, day in enumerate(days)}
    found: dict[int, list[tuple]] = {e.id: [] for e in employees}
    table = AttendanceDay.__table__
    for employee_id, day, status, late_code, early_code, missed in db.session.execute(
            select(table.c.employee_id, table.c.day, table.c.status, table.c.late_code, table.c.early_code,
                   table.c.missed_roll_call)
            .where(table.c.employee_id.in_(list(found)), table.c.day.between(days[0], days[-1]))):
        found[employee_id].append((day, status, late_code, early_code, missed))
    result = []
    for employee in employees:
        cells: list[Cell | None] = [None] * len(days)
        theirs = found[employee.id]
        if theirs:
            for n, day in enumerate(days):
                off = cal.off(day, employee.unit.path)
                if off is not None:
                    cells[n] = cell(off, 0, 0, False)
        for day, status, late_code, early_code, missed in theirs:
            cells[index[day]] = cell(status, late_code, early_code, bool(missed))
        result.append(Row(employee, cells, recap_counts([r[1:] for r in theirs])))
    return result


def day_totals(unit: Unit, first: date, last: date) -> dict[date, dict[str, int]]:
    """Each day's counts over the whole subtree (not only the page shown): one GROUP BY."""
    d = AttendanceDay
    stmt = (select(d.day,
                   _count(d.status.in_(PRESENT)), _count(d.late_code > 0), _count(d.early_code > 0),
                   _count(d.status == "absent"), _count(d.status.startswith("leave_") | (d.status == "permit")),
                   _count(d.missed_roll_call.is_(True)))
            .where(_days_within(unit), d.day.between(first, last)).group_by(d.day))
    return {day: dict(zip(TOTALS, (int(v or 0) for v in values), strict=True))
            for day, *values in db.session.execute(stmt)}


def sum_totals(by_day: dict[date, dict[str, int]]) -> dict[str, int]:
    return {name: sum(counts[name] for counts in by_day.values()) for name in TOTALS}


# -- a person's month ---------------------------------------------------------------------------------------------

def person_days(employee: Employee, first: date, last: date) -> dict[date, AttendanceDay]:
    return {row.day: row for row in db.session.scalars(
        select(AttendanceDay).where(AttendanceDay.employee_id == employee.id,
                                    AttendanceDay.day.between(first, last)))}


def person_check_ins(employee: Employee, low, high) -> list[CheckIn]:
    """The person's check-ins from ``low`` to ``high`` (UTC instants), in time order."""
    return list(db.session.scalars(select(CheckIn).where(CheckIn.employee_id == employee.id, CheckIn.at >= low,
                                                         CheckIn.at < high).order_by(CheckIn.at)))


# -- the unit's recap ----------------------------------------------------------------------------------------------

def _per_person(unit: Unit, first: date, last: date):
    """The GROUP BY over the month's day rows of the subtree: one row per person, the RECAP columns."""
    d = AttendanceDay
    columns = [_count(d.status.notin_(DAYS_OFF)), _count(d.status.in_(PRESENT)),
               *(_count(d.late_code == n) for n in range(1, 5)), *(_count(d.early_code == n) for n in range(1, 5)),
               _count(d.status == "absent"), *(_count(d.status == f"leave_{kind}") for kind in LEAVE_KINDS),
               _count(d.status == "permit"), _count(d.status == "travel"), _count(d.missed_roll_call.is_(True))]
    return (select(d.employee_id, *(c.cast(Integer).label(name) for c, name in zip(columns, RECAP, strict=True)))
            .where(_days_within(unit), d.day.between(first, last)).group_by(d.employee_id).subquery("per_person"))


def recap_select(unit: Unit, first: date, last: date):
    """(Employee with their unit, counts…) per person with statuses in the month, in name order: one statement."""
    sub = _per_person(unit, first, last)
    return (select(Employee, *(sub.c[name] for name in RECAP)).join(sub, sub.c.employee_id == Employee.id)
            .join(Employee.unit).options(contains_eager(Employee.unit)).order_by(Employee.name_search, Employee.id))


def recap_rows(result) -> list[tuple[Employee, dict[str, int]]]:
    return [(employee, dict(zip(RECAP, (int(v or 0) for v in values), strict=True))) for employee, *values in result]


def recap_totals(unit: Unit, first: date, last: date) -> tuple[int, dict[str, int]]:
    """The number of people and the sum of every column: one statement."""
    sub = _per_person(unit, first, last)
    people, *sums = db.session.execute(select(func.count(), *(func.sum(sub.c[name]) for name in RECAP))).one()
    return people, dict(zip(RECAP, (int(v or 0) for v in sums), strict=True))


def add_up(rows_: list[tuple[Employee, dict[str, int]]]) -> dict[str, int]:
    return {name: sum(counts[name] for _, counts in rows_) for name in RECAP}
