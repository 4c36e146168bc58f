"""The work calendar as the monthly pass reads it: days off, each unit's week and shifts, rosters, roll calls.

Everything here is read for a whole month in a handful of queries; ``Calendar`` then answers per person and
day without the database.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.attendance.models import Holiday, RollCall, Shift, ShiftAssignment, WorkSchedule
from app.attendance.status import ShiftTimes
from app.core.db import among
from app.extensions import db
from app.org.models import Unit

# When no unit up the tree has a schedule: five days, 07:30–16:00, Friday to 16:30 (37.5 hours a week,
# Perpres 21/2023 art. 4). A unit's own schedule replaces it for its subtree.
DEFAULT_DAYS_PER_WEEK = 5
DEFAULT_STARTS, DEFAULT_ENDS, DEFAULT_FRIDAY_ENDS = time(7, 30), time(16, 0), time(16, 30)


@dataclass(frozen=True)
class Hours:
    """A shift as the pass uses it (the default one has ``id`` None)."""

    id: int | None
    code: str
    starts: time
    ends: time
    friday_ends: time | None = None

    def on(self, day: date) -> ShiftTimes:
        ends = self.friday_ends if self.friday_ends is not None and day.weekday() == 4 else self.ends
        return ShiftTimes(self.starts, ends)


DEFAULT_HOURS = Hours(None, "reguler", DEFAULT_STARTS, DEFAULT_ENDS, DEFAULT_FRIDAY_ENDS)


@dataclass(frozen=True)
class Week:
    days_per_week: int
    hours: Hours  # the default shift


@lru_cache(maxsize=65536)
def _ancestry(path: str) -> tuple[str, ...]:
    """``/1/5/9/`` -> ``['/1/5/9/', '/1/5/', '/1/']``: the unit's path and its ancestors', nearest first."""
    parts = [p for p in path.strip("/").split("/") if p]
    return tuple("/" + "/".join(parts[:n]) + "/" for n in range(len(parts), 0, -1))


class Calendar:
    """The month's calendar for everyone: ``off(day, path)``, ``hours(employee, day, path)``, ``roll_call``."""

    def __init__(self, first: date, last: date, zone: ZoneInfo, holidays: dict[date, str],
                 weeks: dict[str, Week], shifts: dict[int, Hours], roll_calls: dict[str, dict[date, time]]):
        self.first, self.last, self.zone = first, last, zone
        self.holidays = holidays
        self.weeks = weeks  # unit path -> its own schedule
        self.shifts = shifts
        self.roll_calls = roll_calls  # unit path -> day -> time
        self._week_cache: dict[str, Week] = {}
        self._plans: dict[str, list[tuple]] = {}
        self.rosters: dict[int, list[tuple[date, date | None, int]]] = {}
        # person -> the spans of the month they are employed in, for the people an area bounds (a non-ASN worker:
        # their contracts); their days outside these are not recorded. Everyone else: every day.
        self.employed: dict[int, list[tuple[date, date]]] = {}

    def employs(self, employee_id: int, day: date) -> bool:
        spans = self.employed.get(employee_id)
        return spans is None or any(starts <= day <= ends for starts, ends in spans)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def week(self, path: str) -> Week:
        found = self._week_cache.get(path)
        if found is None:
            found = next((self.weeks[p] for p in _ancestry(path) if p in self.weeks),
                         Week(DEFAULT_DAYS_PER_WEEK, DEFAULT_HOURS))
            self._week_cache[path] = found
        return found

    def off(self, day: date, path: str) -> str | None:
        """'holiday', 'collective' (cuti bersama), 'weekend' or None for a working day of the unit."""
        kind = self.holidays.get(day)
        if kind is not None:
            return "collective" if kind == "collective" else "holiday"
        if day.weekday() == 6 or (day.weekday() == 5 and self.week(path).days_per_week == 5):
            return "weekend"
        return None

    def hours(self, employee_id: int, day: date, path: str) -> Hours:
        for starts_on, ends_on, shift_id in self.rosters.get(employee_id, ()):
            if starts_on <= day and (ends_on is None or day <= ends_on) and shift_id in self.shifts:
                return self.shifts[shift_id]
        return self.week(path).hours

    def plan(self, path: str) -> list[tuple[date, str | None, ShiftTimes, time | None, datetime, datetime]]:
        """Each day of the month for the people of the unit at ``path`` who follow its default shift: the day,
        whether it is off, the hours, the roll call and the window's bounds (worked out once per unit)."""
        found = self._plans.get(path)
        if found is None:
            hours = self.week(path).hours
            found = []
            for day in self.days:
                off = self.off(day, path)
                shift = hours.on(day)
                found.append((day, off, shift, None if off else self.roll_call(day, path),
                              *shift.window(day, self.zone)))
            self._plans[path] = found
        return found

    def roll_call(self, day: date, path: str) -> time | None:
        for prefix in _ancestry(path):
            found = self.roll_calls.get(prefix, {}).get(day)
            if found is not None:
                return found
        return None

    def load_rosters(self, employee_ids: list[int], connection) -> None:
        """The roster entries of these people that touch the month (latest first, so the newest wins)."""
        self.rosters = {}
        if not employee_ids:
            return
        roster = ShiftAssignment.__table__.c  # the table, not the ORM: the pass's worker processes map nothing
        rows = connection.execute(
            select(roster.employee_id, roster.starts_on, roster.ends_on, roster.shift_id)
            .where(among(roster.employee_id, employee_ids, connection.dialect.name), roster.starts_on <= self.last,
                   (roster.ends_on.is_(None)) | (roster.ends_on >= self.first))
            .order_by(roster.starts_on.desc(), roster.id.desc()))
        for employee_id, starts_on, ends_on, shift_id in rows:
            self.rosters.setdefault(employee_id, []).append((starts_on, ends_on, shift_id))


def hours_of(shift: Shift) -> Hours:
    return Hours(shift.id, shift.code, shift.starts, shift.ends, shift.friday_ends)


# Areas above attendance that bound when a person is employed (the non-ASN workers' contracts) register
# ``spans(first, last) -> {employee_id: [(from, to), ...]}`` here; a person it names is recorded on those days only.
EMPLOYMENT: list[Callable[[date, date], dict[int, list[tuple[date, date]]]]] = []


def register_employment(spans: Callable[[date, date], dict[int, list[tuple[date, date]]]]) -> None:
    if spans not in EMPLOYMENT:
        EMPLOYMENT.append(spans)


def load(first: date, last: date, zone: ZoneInfo) -> Calendar:
    """The calendar from ``first`` to ``last``: three queries, whatever the size of the installation, and one per
    registered source of employment spans."""
    holidays = dict(db.session.execute(select(Holiday.day, Holiday.kind).where(Holiday.day.between(first, last))).all())
    weeks, shifts = {}, {}
    for schedule, path in db.session.execute(
            select(WorkSchedule, Unit.path).join(Unit, WorkSchedule.unit_id == Unit.id)
            .options(selectinload(WorkSchedule.shifts))).tuples():
        default = next((s for s in schedule.shifts if s.is_default), schedule.shifts[0] if schedule.shifts else None)
        weeks[path] = Week(schedule.days_per_week, hours_of(default) if default else DEFAULT_HOURS)
        shifts.update({s.id: hours_of(s) for s in schedule.shifts})
    roll_calls: dict[str, dict[date, time]] = {}
    for path, day, at in db.session.execute(select(Unit.path, RollCall.day, RollCall.at)
                                            .join(Unit, RollCall.unit_id == Unit.id)
                                            .where(RollCall.day.between(first, last))):
        roll_calls.setdefault(path, {})[day] = at
    found = Calendar(first, last, zone, holidays, weeks, shifts, roll_calls)
    for spans in EMPLOYMENT:
        found.employed.update(spans(first, last))
    return found


def working_days(cal: Calendar, path: str) -> list[date]:
    return [day for day in cal.days if cal.off(day, path) is None]


def window_slice(times: list, low, high) -> slice:
    """The slice of the sorted ``times`` within [low, high)."""
    return slice(bisect.bisect_left(times, low), bisect.bisect_left(times, high))
