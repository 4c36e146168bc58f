"""Leave (cuti) granted by a decision, as HR records it for a person of its scope.

A leave is corrected in place (versioned: a form opened on an older version is refused with ``Conflict``) and
cancelled by deleting it; the audit trail keeps every earlier value and the deleted record. Every change
recomputes the person's daily statuses in the months it touches (``compute.recompute_for``), the months of the
old dates as well as the new.

Rules: the last day is not before the first; a person's leave never overlaps another leave of theirs; leave
lasts at most a year, except cuti besar and cuti di luar tanggungan negara (CLTN: three years, extended by one
at most, PP 11/2017 art. 335), which one decision may grant for up to four years. Weekends and holidays inside
a leave stay days off (``status.day_status``). Services flush; the route commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from app.attendance import compute
from app.attendance.models import LEAVE_KINDS, Leave
from app.core.db import check_version
from app.core.errors import Refused
from app.extensions import db
from app.org.models import Employee, Unit

LEAVE_FIELDS = ("kind", "starts_on", "ends_on", "decision_number", "decision_date", "note")
LONG_KINDS = ("long", "unpaid")  # may last longer than a year
LONGEST_YEARS = {"long": 4, "unpaid": 4}


def leave_kind_labels() -> dict[str, str]:
    return {"annual": _l("Annual leave"), "long": _l("Long service leave"), "sick": _l("Sick leave"),
            "maternity": _l("Maternity leave"), "important": _l("Leave for an important reason"),
            "unpaid": _l("Unpaid leave")}


def _day(value: date) -> str:
    return format_date(value, "d MMMM y")


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def last_allowed_day(kind: str, starts_on: date) -> date:
    """The last day a leave of ``kind`` starting on ``starts_on`` may run to."""
    return _years_later(starts_on, LONGEST_YEARS.get(kind, 1)) - timedelta(days=1)


def overlapping(employee_id: int, starts_on: date, ends_on: date, leave_id: int | None = None) -> Leave | None:
    """Another leave of the person with a day in common with ``starts_on``–``ends_on`` (the earliest)."""
    stmt = (select(Leave).where(Leave.employee_id == employee_id, Leave.starts_on <= ends_on,
                                Leave.ends_on >= starts_on).order_by(Leave.starts_on, Leave.id).limit(1))
    if leave_id is not None:
        stmt = stmt.where(Leave.id != leave_id)
    return db.session.scalar(stmt)


def describe(leave: Leave) -> str:
    """'Cuti tahunan 12 Februari 2018 – 14 Februari 2018 (SK 850/1/CT)': how a refusal names another leave."""
    text = _l("%(kind)s from %(start)s to %(end)s", kind=leave_kind_labels().get(leave.kind, leave.kind),
              start=_day(leave.starts_on), end=_day(leave.ends_on))
    if leave.decision_number:
        return str(_l("%(leave)s (decision %(number)s)", leave=text, number=leave.decision_number))
    return str(text)


def problem(employee: Employee, data: dict, leave: Leave | None = None) -> Refused | None:
    """The first thing wrong with a leave's values (a refusal naming its field), or None."""
    kind = data.get("kind")
    if kind not in LEAVE_KINDS:
        return Refused(_l("Choose the kind of leave."), "kind")
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts is None:
        return Refused(_l("Enter the first day of the leave."), "starts_on")
    if ends is None:
        return Refused(_l("Enter the last day of the leave."), "ends_on")
    if ends < starts:
        return Refused(_l("The last day cannot be before the first day."), "ends_on")
    last = last_allowed_day(kind, starts)
    if ends > last:
        values = {"kind": leave_kind_labels()[kind], "start": _day(starts), "last": _day(last)}
        if kind in LONG_KINDS:
            return Refused(_l("One decision grants %(kind)s for at most four years: from %(start)s the last day "
                              "is %(last)s at the latest.", **values), "ends_on")
        return Refused(_l("%(kind)s lasts at most a year: from %(start)s the last day is %(last)s at the latest.",
                          **values), "ends_on")
    other = overlapping(employee.id, starts, ends, leave.id if leave is not None else None)
    if other is not None:
        return Refused(_l("%(name)s already has leave on some of these days: %(other)s. Correct or cancel that "
                          "leave first.", name=employee.display_name, other=describe(other)), "starts_on")
    return None


def _values(data: dict) -> dict:
    values = {name: data.get(name) for name in LEAVE_FIELDS}
    values["decision_number"] = values["decision_number"] or ""
    values["note"] = values["note"] or ""
    return values


def record(employee: Employee, data: dict) -> Leave:
    """Record a leave of ``employee`` and recompute the months it covers."""
    refused = problem(employee, data)
    if refused is not None:
        raise refused
    leave = Leave(employee=employee, **_values(data))
    db.session.add(leave)
    db.session.flush()
    compute.recompute_for(employee.id, leave.starts_on, leave.ends_on)
    return leave


def update(leave: Leave, data: dict, expected: int | None) -> Leave:
    """Correct a leave opened at version ``expected``; the months of its old and new dates are recomputed."""
    check_version(leave, expected)
    refused = problem(leave.employee, data, leave)
    if refused is not None:
        raise refused
    first, last = leave.starts_on, leave.ends_on
    for name, value in _values(data).items():
        setattr(leave, name, value)
    db.session.flush()
    _recompute(leave.employee_id, (first, last), (leave.starts_on, leave.ends_on))
    return leave


def cancel(leave: Leave, expected: int | None) -> None:
    """Cancel a leave (the audit trail keeps it) and recompute the months it covered."""
    check_version(leave, expected)
    employee_id, first, last = leave.employee_id, leave.starts_on, leave.ends_on
    db.session.delete(leave)
    db.session.flush()
    compute.recompute_for(employee_id, first, last)


def _recompute(employee_id: int, before: tuple[date, date], after: tuple[date, date]) -> None:
    """The months of both periods (not the months between two periods far apart)."""
    if before[0] <= after[1] and after[0] <= before[1]:
        compute.recompute_for(employee_id, min(before[0], after[0]), max(before[1], after[1]))
    else:
        compute.recompute_for(employee_id, *before)
        compute.recompute_for(employee_id, *after)


# -- reading -----------------------------------------------------------------------------------------------------

def of_person(employee: Employee) -> list[Leave]:
    """The person's leave, latest first."""
    return list(db.session.scalars(select(Leave).where(Leave.employee_id == employee.id)
                                   .order_by(Leave.starts_on.desc(), Leave.id.desc())))


def days(leave: Leave) -> int:
    return (leave.ends_on - leave.starts_on).days + 1


@dataclass(frozen=True)
class MonthRow:
    leave: Leave
    first: date  # the leave's days within the month
    last: date


def unit_month_query(unit: Unit, first: date, last: date):
    """The leave of the people of ``unit``'s subtree with a day in ``first``–``last``, with person and unit."""
    return (select(Leave).join(Leave.employee).join(Employee.unit)
            .options(contains_eager(Leave.employee).contains_eager(Employee.unit))
            .where(Unit.path.startswith(unit.path, autoescape=True), Leave.starts_on <= last, Leave.ends_on >= first)
            .order_by(Employee.name_search, Employee.id, Leave.starts_on))


def month_rows(leaves: list[Leave], first: date, last: date) -> list[MonthRow]:
    return [MonthRow(leave, max(leave.starts_on, first), min(leave.ends_on, last)) for leave in leaves]


def latest_month(unit: Unit, year: int) -> int | None:
    """The latest month of ``year`` in which someone of the unit's subtree starts a leave."""
    found = db.session.scalar(
        select(func.max(Leave.starts_on)).join(Employee, Leave.employee_id == Employee.id)
        .join(Unit, Employee.unit_id == Unit.id)
        .where(Unit.path.startswith(unit.path, autoescape=True), Leave.starts_on >= date(year, 1, 1),
               Leave.starts_on <= date(year, 12, 31)))
    return found.month if found is not None else None
