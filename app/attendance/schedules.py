"""Units' working weeks and shifts, the roster that puts people on a shift, and roll calls (apel, upacara).

A unit's own schedule holds for its whole subtree unless a sub-unit has its own; without any up the tree the
default of ``app.attendance.calendar`` holds (5 days, 07:30–16:00, Friday to 16:30). A schedule has shifts: the
default one is everyone's, the others are given by the roster for a period. A shift whose end is not after
its start crosses midnight (23:00–07:00 ends the next morning). Services flush; the route commits. Each change
recomputes the months it touches: a job for a unit's subtree, or at once for one person's roster entry.
"""

from __future__ import annotations

import calendar as monthly
from dataclasses import dataclass
from datetime import date, time

from flask_babel import format_date, lazy_ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from app.attendance import compute
from app.attendance.calendar import DEFAULT_DAYS_PER_WEEK, DEFAULT_HOURS
from app.attendance.holidays import Change, months_of, recorded_months, start_recompute
from app.attendance.models import ROLL_CALL_KINDS, Holiday, RollCall, Shift, ShiftAssignment, WorkSchedule
from app.core.clock import agency_today
from app.core.db import check_version
from app.core.errors import Refused
from app.discipline.models import AttendanceMonth
from app.extensions import db
from app.org.models import Employee, Unit
from app.org.years import FIRST_YEAR, LAST_YEAR

SHIFT_FIELDS = ("code", "name", "starts", "ends", "friday_ends", "is_default")
CODE_MAX, NAME_MAX, ROLL_CALL_NAME_MAX = 20, 100, 150


def crosses_midnight(starts: time, ends: time | None) -> bool:
    """A shift whose end is not after its start ends the next day."""
    return ends is not None and ends <= starts


# -- the schedule in force ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class InForce:
    """The schedule a unit works to: its own, an ancestor's (``schedule.unit`` is that ancestor), or the
    default (``schedule`` None)."""

    unit: Unit
    schedule: WorkSchedule | None

    @property
    def own(self) -> bool:
        return self.schedule is not None and self.schedule.unit_id == self.unit.id

    @property
    def inherited(self) -> bool:
        return self.schedule is not None and self.schedule.unit_id != self.unit.id

    @property
    def days_per_week(self) -> int:
        return self.schedule.days_per_week if self.schedule is not None else DEFAULT_DAYS_PER_WEEK

    @property
    def shifts(self) -> list:
        """The schedule's shifts (``Shift`` records), or the default hours (``calendar.Hours``)."""
        return list(self.schedule.shifts) if self.schedule is not None else [DEFAULT_HOURS]

    @property
    def roster_shifts(self) -> list[Shift]:
        return [s for s in self.shifts if isinstance(s, Shift) and not s.is_default]


def in_force(unit: Unit) -> InForce:
    """The nearest schedule up the tree from ``unit`` (itself first): one query."""
    ids = [unit.id, *reversed(unit.ancestor_ids)]
    found = {s.unit_id: s for s in db.session.scalars(select(WorkSchedule).where(WorkSchedule.unit_id.in_(ids)))}
    return InForce(unit, next((found[i] for i in ids if i in found), None))


def _recompute_subtree(owner, unit: Unit, record=None, months: list[tuple[int, int]] | None = None) -> Change:
    """Recompute the subtree's ``months`` (by default the latest months it has statuses in)."""
    recorded = months is None
    months = recorded_months(unit) if recorded else months
    return Change(record, 0, months, start_recompute(owner, months, unit, checked=recorded))


def create_own(unit: Unit, owner) -> Change:
    """Give the unit a schedule of its own, a copy of the one it worked to (inherited or the default)."""
    current = in_force(unit)
    if current.own:
        raise Refused(_l("This unit already has its own schedule."))
    schedule = WorkSchedule(unit=unit, days_per_week=current.days_per_week)
    for order, shift in enumerate(current.shifts):
        is_default = shift.is_default if isinstance(shift, Shift) else True
        schedule.shifts.append(Shift(code=shift.code, name=getattr(shift, "name", "") or shift.code.capitalize(),
                                     starts=shift.starts, ends=shift.ends, friday_ends=shift.friday_ends,
                                     is_default=is_default, sort_order=order))
    db.session.add(schedule)
    db.session.flush()
    return Change(schedule)  # the same hours as before: nothing to recompute


def set_days(schedule: WorkSchedule, days_per_week: int | None, expected: int | None, owner) -> Change:
    check_version(schedule, expected)
    if days_per_week not in (5, 6):
        raise Refused(_l("A working week has 5 or 6 days."), "days_per_week")
    if days_per_week == schedule.days_per_week:
        return Change(schedule)
    schedule.days_per_week = days_per_week
    db.session.flush()
    return _recompute_subtree(owner, schedule.unit, schedule)


def _rostered(shift_ids: list[int]) -> int:
    if not shift_ids:
        return 0
    return db.session.scalar(select(func.count()).select_from(ShiftAssignment)
                             .where(ShiftAssignment.shift_id.in_(shift_ids))) or 0


def remove_own(schedule: WorkSchedule, expected: int | None, owner) -> Change:
    """Remove the unit's own schedule: the unit works to the inherited one (or the default) again."""
    check_version(schedule, expected)
    rostered = _rostered([s.id for s in schedule.shifts])
    if rostered:
        raise Refused(lazy_ngettext("%(num)s roster entry uses this schedule's shifts: remove it first.",
                                    "%(num)s roster entries use this schedule's shifts: remove them first.",
                                    rostered))
    unit = schedule.unit
    db.session.delete(schedule)
    db.session.flush()
    return _recompute_subtree(owner, unit)


# -- shifts --------------------------------------------------------------------------------------------------

def shift_problem(schedule: WorkSchedule, data: dict, shift: Shift | None = None) -> Refused | None:
    code, name = (data.get("code") or "").strip(), (data.get("name") or "").strip()
    if not code:
        return Refused(_l("Enter a short code for the shift (pagi, siang, malam)."), "code")
    if len(code) > CODE_MAX:
        return Refused(_l("The code is longer than %(n)s characters.", n=CODE_MAX), "code")
    if any(s.code.lower() == code.lower() and s is not shift for s in schedule.shifts):
        return Refused(_l("This schedule already has a shift with the code %(code)s.", code=code), "code")
    if not name:
        return Refused(_l("Enter the name of the shift."), "name")
    if len(name) > NAME_MAX:
        return Refused(_l("The name is longer than %(n)s characters.", n=NAME_MAX), "name")
    starts, ends, friday = data.get("starts"), data.get("ends"), data.get("friday_ends")
    if starts is None:
        return Refused(_l("Enter the time the shift starts."), "starts")
    if ends is None:
        return Refused(_l("Enter the time the shift ends."), "ends")
    if ends == starts:
        return Refused(_l("A shift cannot end at the time it starts."), "ends")
    if friday is not None and friday == starts:
        return Refused(_l("A shift cannot end at the time it starts."), "friday_ends")
    if friday is not None and crosses_midnight(starts, ends) != crosses_midnight(starts, friday):
        return Refused(_l("On Friday the shift must end on the same day as on other days."), "friday_ends")
    if shift is not None and shift.is_default and not data.get("is_default"):
        return Refused(_l("A schedule needs a default shift: make another shift the default instead."),
                       "is_default")
    return None


def _apply_shift(schedule: WorkSchedule, shift: Shift, data: dict) -> None:
    shift.code, shift.name = data["code"].strip(), data["name"].strip()
    shift.starts, shift.ends, shift.friday_ends = data["starts"], data["ends"], data.get("friday_ends")
    if data.get("is_default"):
        for other in schedule.shifts:
            if other is not shift and other.is_default:
                other.is_default = False
        shift.is_default = True


def add_shift(schedule: WorkSchedule, data: dict, owner) -> Change:
    problem = shift_problem(schedule, data)
    if problem is not None:
        raise problem
    shift = Shift(is_default=False, sort_order=max((s.sort_order for s in schedule.shifts), default=-1) + 1)
    schedule.shifts.append(shift)
    _apply_shift(schedule, shift, data)
    db.session.flush()
    return _recompute_subtree(owner, schedule.unit, shift) if shift.is_default else Change(shift)


def update_shift(shift: Shift, data: dict, expected: int | None, owner) -> Change:
    check_version(shift, expected)
    schedule = shift.schedule
    problem = shift_problem(schedule, data, shift)
    if problem is not None:
        raise problem
    _apply_shift(schedule, shift, data)
    db.session.flush()
    return _recompute_subtree(owner, schedule.unit, shift)


def delete_shift(shift: Shift, expected: int | None, owner) -> Change:
    check_version(shift, expected)
    if shift.is_default:
        raise Refused(_l("The default shift cannot be removed: make another shift the default first."))
    rostered = _rostered([shift.id])
    if rostered:
        raise Refused(lazy_ngettext("%(num)s roster entry uses this shift: remove it first.",
                                    "%(num)s roster entries use this shift: remove them first.", rostered))
    schedule = shift.schedule
    schedule.shifts.remove(shift)
    db.session.flush()
    return Change(schedule)  # nobody was on it


# -- the roster ------------------------------------------------------------------------------------------------

def people_of(unit: Unit) -> list[Employee]:
    """The active people of the unit's subtree, by name (the roster's choice)."""
    return list(db.session.scalars(
        select(Employee).join(Employee.unit).options(contains_eager(Employee.unit))
        .where(Unit.path.startswith(unit.path, autoescape=True), Employee.status.in_(compute.RECORDED_STATUSES))
        .order_by(Employee.name, Employee.id)))


def roster_of(unit: Unit):
    """The roster entries of the subtree's people, latest first (a query to paginate)."""
    return (select(ShiftAssignment).join(ShiftAssignment.employee).join(Employee.unit)
            .options(contains_eager(ShiftAssignment.employee).contains_eager(Employee.unit),
                     joinedload(ShiftAssignment.shift))
            .where(Unit.path.startswith(unit.path, autoescape=True))
            .order_by(ShiftAssignment.starts_on.desc(), ShiftAssignment.id.desc()))


def _recompute_person(employee_id: int, starts_on: date, ends_on: date | None) -> None:
    """Recompute now the person's months of a roster period that have statuses (an open period runs to
    today): one query, then ``compute.recompute_for`` month by month."""
    last = ends_on if ends_on is not None else max(starts_on, agency_today())
    rows = db.session.execute(select(AttendanceMonth.year, AttendanceMonth.month).where(
        AttendanceMonth.employee_id == employee_id, AttendanceMonth.source == "derived",
        AttendanceMonth.year.between(starts_on.year, last.year)))
    for year, month in sorted(rows):
        if (starts_on.year, starts_on.month) <= (year, month) <= (last.year, last.month):
            compute.recompute_for(employee_id, date(year, month, 1), date(year, month, 1))


def add_roster(unit: Unit, employee: Employee | None, shift: Shift | None, starts_on: date | None,
               ends_on: date | None) -> ShiftAssignment:
    """Put a person of the subtree on a shift of the schedule in force from ``starts_on`` to ``ends_on``
    (open-ended when None); their months in the period that have statuses are recomputed now."""
    if employee is None or not employee.unit.path.startswith(unit.path):
        raise Refused(_l("Choose a person of this unit."), "employee_id")
    if shift is None or shift not in in_force(unit).roster_shifts:
        raise Refused(_l("Choose one of the schedule's shifts other than the default."), "shift_id")
    if starts_on is None:
        raise Refused(_l("Enter the first day."), "starts_on")
    if not FIRST_YEAR <= starts_on.year <= LAST_YEAR or (ends_on is not None and ends_on.year > LAST_YEAR):
        raise Refused(_l("Choose a date between %(a)s and %(b)s.", a=FIRST_YEAR, b=LAST_YEAR), "starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise Refused(_l("The last day cannot be before the first day."), "ends_on")
    far = date(LAST_YEAR, 12, 31)
    clash = db.session.scalar(select(ShiftAssignment).where(
        ShiftAssignment.employee_id == employee.id, ShiftAssignment.starts_on <= (ends_on or far),
        (ShiftAssignment.ends_on.is_(None)) | (ShiftAssignment.ends_on >= starts_on)).limit(1))
    if clash is not None:
        until = format_date(clash.ends_on, "d MMMM y") if clash.ends_on else _l("further notice")
        raise Refused(_l("%(name)s is already on the shift %(shift)s from %(first)s until %(last)s.",
                         name=employee.display_name, shift=clash.shift.name,
                         first=format_date(clash.starts_on, "d MMMM y"), last=until), "starts_on")
    entry = ShiftAssignment(employee=employee, shift=shift, starts_on=starts_on, ends_on=ends_on)
    db.session.add(entry)
    db.session.flush()
    _recompute_person(employee.id, starts_on, ends_on)
    return entry


def remove_roster(entry: ShiftAssignment, expected: int | None) -> Employee:
    check_version(entry, expected)
    employee, first, last = entry.employee, entry.starts_on, entry.ends_on
    db.session.delete(entry)
    db.session.flush()
    _recompute_person(employee.id, first, last)
    return employee


# -- roll calls ------------------------------------------------------------------------------------------------

def roll_calls_of(unit: Unit, year: int, month: int) -> list[RollCall]:
    """The month's roll calls of the unit and of the units above it (theirs hold for this unit too)."""
    first = date(year, month, 1)
    last = date(year, month, monthly.monthrange(year, month)[1])
    return list(db.session.scalars(select(RollCall).options(joinedload(RollCall.unit))
                                   .where(RollCall.unit_id.in_([unit.id, *unit.ancestor_ids]),
                                                          RollCall.day.between(first, last))
                                   .order_by(RollCall.day, RollCall.at)))


def last_roll_call_month(unit: Unit, year: int) -> int | None:
    """The last month of ``year`` with a roll call for the unit (its own or from above)."""
    last = db.session.scalar(select(func.max(RollCall.day)).where(
        RollCall.unit_id.in_([unit.id, *unit.ancestor_ids]), RollCall.day.between(date(year, 1, 1), date(year, 12, 31))))
    return last.month if last is not None else None


def _roll_call_values(data: dict) -> tuple[time, str, str]:
    at, kind, name = data.get("at"), data.get("kind"), (data.get("name") or "").strip()
    if at is None:
        raise Refused(_l("Enter the time of the roll call."), "at")
    if kind not in ROLL_CALL_KINDS:
        raise Refused(_l("Choose apel or upacara."), "kind")
    if len(name) > ROLL_CALL_NAME_MAX:
        raise Refused(_l("The name is longer than %(n)s characters.", n=ROLL_CALL_NAME_MAX), "name")
    return at, kind, name


def add_roll_call(unit: Unit, data: dict, owner) -> Change:
    at, kind, name = _roll_call_values(data)
    day = data.get("day")
    if day is None:
        raise Refused(_l("Enter the date."), "day")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise Refused(_l("Choose a date between %(a)s and %(b)s.", a=FIRST_YEAR, b=LAST_YEAR), "day")
    if db.session.scalar(select(RollCall.id).where(RollCall.unit_id == unit.id, RollCall.day == day)):
        raise Refused(_l("This unit already has a roll call on %(date)s.", date=format_date(day, "d MMMM y")), "day")
    roll_call = RollCall(unit=unit, day=day, at=at, kind=kind, name=name)
    db.session.add(roll_call)
    db.session.flush()
    return _recompute_subtree(owner, unit, roll_call, months_of(day))


def add_series(unit: Unit, year: int, month: int, weekday: int | None, data: dict, owner) -> Change:
    """A roll call on every ``weekday`` (0 Monday … 6 Sunday) of the month, but on days off and days that
    already have one; ``count`` says how many were added."""
    at, kind, name = _roll_call_values(data)
    if weekday not in range(7):
        raise Refused(_l("Choose the day of the week."), "weekday")
    last = monthly.monthrange(year, month)[1]
    days = [date(year, month, n) for n in range(1, last + 1) if date(year, month, n).weekday() == weekday]
    taken = set(db.session.scalars(select(RollCall.day).where(RollCall.unit_id == unit.id, RollCall.day.in_(days))))
    taken |= set(db.session.scalars(select(Holiday.day).where(Holiday.day.in_(days))))
    added = [RollCall(unit=unit, day=day, at=at, kind=kind, name=name) for day in days if day not in taken]
    if not added:
        raise Refused(_l("Every such day of the month already has a roll call or is a day off."), "weekday")
    db.session.add_all(added)
    db.session.flush()
    change = _recompute_subtree(owner, unit, None, [(year, month)])
    change.count = len(added)
    return change


def delete_roll_call(roll_call: RollCall, expected: int | None, owner) -> Change:
    check_version(roll_call, expected)
    unit, day = roll_call.unit, roll_call.day
    db.session.delete(roll_call)
    db.session.flush()
    return _recompute_subtree(owner, unit, None, months_of(day))
