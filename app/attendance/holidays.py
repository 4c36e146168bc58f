"""The work calendar: national holidays, cuti bersama and regional holidays of the pemda.

The official days of a year ship as CSV files in ``app/attendance/data/holidays_<year>.csv`` (date, kind,
name, source: the SKB of the Ministers of Religious Affairs, Manpower and PANRB, or the Keppres, that declares
them). ``load_official(year)`` inserts those not yet present. Services flush; the route commits; a change
to the calendar is followed by a recompute of the months it touches (``months_of``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from app.attendance.models import HOLIDAY_KINDS, AttendanceDay, CheckIn, Holiday
from app.core.clock import agency_timezone, agency_today, utcnow
from app.core.db import check_version
from app.core.errors import Refused
from app.core.formatting import month_bounds
from app.discipline.models import AttendanceMonth
from app.extensions import db
from app.jobs import services as jobs
from app.org.models import Employee, Unit
from app.org.years import FIRST_YEAR, LAST_YEAR

DATA = Path(__file__).parent / "data"
OFFICIAL_KINDS = ("national", "collective")
NAME_MAX, SOURCE_MAX = 150, 200
RECOMPUTE_MONTHS = 12  # a change without a date (a schedule, a shift) recomputes at most the latest 12 months


def _data_file(year: int) -> Path:
    return DATA / f"holidays_{int(year)}.csv"


def shipped_years() -> list[int]:
    """The years whose official holidays ship with Kinerja."""
    years = []
    for path in DATA.glob("holidays_*.csv"):
        suffix = path.stem.removeprefix("holidays_")
        if suffix.isdigit():
            years.append(int(suffix))
    return sorted(years)


def official(year: int) -> list[dict]:
    """The shipped national holidays and cuti bersama of ``year`` (empty when none ship): dicts of day, kind,
    name and source."""
    path = _data_file(year)
    if not path.exists():
        return []
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            day = date.fromisoformat(row["date"].strip())
            kind = row["kind"].strip()
            if day.year != year or kind not in OFFICIAL_KINDS:
                raise ValueError(f"{path.name}: bad row {row!r}")
            rows.append({"day": day, "kind": kind, "name": row["name"].strip(), "source": row["source"].strip()})
    return rows


def load_official(year: int) -> int:
    """Insert the shipped holidays of ``year`` whose day is not in the calendar yet; return how many were added.

    A day already present (typed by hand, a regional holiday, an earlier load) is left as it is, so loading
    twice adds nothing."""
    rows = official(year)
    if not rows:
        return 0
    present = set(db.session.scalars(select(Holiday.day).where(
        Holiday.day.between(date(year, 1, 1), date(year, 12, 31)))))
    added = 0
    for row in rows:
        if row["day"] in present:
            continue
        db.session.add(Holiday(**row))
        present.add(row["day"])
        added += 1
    db.session.flush()
    return added




# -- recomputing what a change touches -------------------------------------------------------------------------

@dataclass
class Change:
    """What a calendar or schedule change did: the record, how many days it wrote, and the recompute jobs it
    started (one per month that has statuses; the route launches them once committed)."""

    record: object | None = None
    count: int = 0
    months: list[tuple[int, int]] = field(default_factory=list)
    jobs: list = field(default_factory=list)


def months_of(*days: date | None) -> list[tuple[int, int]]:
    """The (year, month) pairs these days fall in, each once, in order."""
    return sorted({(day.year, day.month) for day in days if day is not None})


def month_label(year: int, month: int) -> str:
    return format_date(date(year, month, 1), "MMMM y")


def _has_attendance(year: int, month: int) -> bool:
    """Does the month hold statuses or check-ins (two indexed look-ups)? A month without either has nothing
    to recompute."""
    first, last = month_bounds(year, month)
    if db.session.scalar(select(exists().where(AttendanceDay.day.between(first, last)))):
        return True
    zone = agency_timezone()
    low = datetime.combine(first, time(0), zone).astimezone(UTC)
    high = datetime.combine(last + timedelta(days=1), time(0), zone).astimezone(UTC)
    return bool(db.session.scalar(select(exists().where(CheckIn.at >= low, CheckIn.at < high))))


def recorded_months(unit: Unit, limit: int = RECOMPUTE_MONTHS) -> list[tuple[int, int]]:
    """The latest months (at most ``limit``) with derived recaps in the unit's subtree: the months a change of
    its schedule, shifts or roll calls without a date of its own reaches."""
    rows = db.session.execute(
        select(AttendanceMonth.year, AttendanceMonth.month).distinct()
        .join(Employee, AttendanceMonth.employee_id == Employee.id).join(Unit, Employee.unit_id == Unit.id)
        .where(AttendanceMonth.source == "derived", Unit.path.startswith(unit.path, autoescape=True))
        .order_by(AttendanceMonth.year.desc(), AttendanceMonth.month.desc()).limit(limit))
    return sorted((year, month) for year, month in rows)


def start_recompute(owner, months: list[tuple[int, int]], unit: Unit | None = None,
                    checked: bool = False) -> list:
    """Start the job ``attendance.recompute`` for each month that has attendance (everyone's, or the unit
    subtree's); months after the current one are skipped (nobody has checked in yet). The route commits, then
    enqueues the jobs (``app.jobs.services.enqueue``)."""
    this_month = months_of(agency_today())[0]
    started = []
    for year, month in months:
        if (year, month) > this_month or not (checked or _has_attendance(year, month)):
            continue
        title = (_("Attendance recalculation: %(unit)s, %(month)s", unit=unit.name, month=month_label(year, month))
                 if unit is not None else _("Attendance recalculation: %(month)s", month=month_label(year, month)))
        started.append(jobs.start(owner, "attendance.recompute", title[:200],
                                  {"year": year, "month": month, "unit_id": unit.id if unit is not None else None}))
    return started


def changed(owner, record, *days: date | None, count: int = 0) -> Change:
    months = months_of(*days)
    return Change(record, count, months, start_recompute(owner, months))


# -- the calendar: one day off at a time ---------------------------------------------------------------------

def holidays_of(year: int) -> list[Holiday]:
    return list(db.session.scalars(select(Holiday).where(Holiday.day.between(date(year, 1, 1), date(year, 12, 31)))
                                   .order_by(Holiday.day)))


def holiday_problem(data: dict, holiday: Holiday | None = None) -> Refused | None:
    """The first thing wrong with a day off's values (a refusal naming its field), or None."""
    day = data.get("day")
    if day is None:
        return Refused(_l("Enter the date."), "day")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return Refused(_l("Choose a date between %(a)s and %(b)s.", a=FIRST_YEAR, b=LAST_YEAR), "day")
    if data.get("kind") not in HOLIDAY_KINDS:
        return Refused(_l("Choose the kind of day off."), "kind")
    name = (data.get("name") or "").strip()
    if not name:
        return Refused(_l("Enter the name of the day off."), "name")
    if len(name) > NAME_MAX:
        return Refused(_l("The name is longer than %(n)s characters.", n=NAME_MAX), "name")
    if len(data.get("source") or "") > SOURCE_MAX:
        return Refused(_l("The source is longer than %(n)s characters.", n=SOURCE_MAX), "source")
    with db.session.no_autoflush:
        other = db.session.scalar(select(Holiday).where(Holiday.day == day,
                                                        Holiday.id != (holiday.id if holiday else 0)))
    if other is not None:
        return Refused(_l("%(date)s is already in the calendar: %(name)s.", date=format_date(day, "d MMMM y"),
                          name=other.name), "day")
    return None


def _values(data: dict) -> dict:
    return {"day": data["day"], "kind": data["kind"], "name": data["name"].strip(),
            "source": (data.get("source") or "").strip()}


def add_holiday(data: dict, owner) -> Change:
    """Add a day off; the month's statuses are recomputed (a job)."""
    problem = holiday_problem(data)
    if problem is not None:
        raise problem
    holiday = Holiday(**_values(data))
    db.session.add(holiday)
    db.session.flush()
    return changed(owner, holiday, holiday.day)


def update_holiday(holiday: Holiday, data: dict, expected: int | None, owner) -> Change:
    """Correct a day off (the audit trail keeps what it said); a new date or kind recomputes both months."""
    check_version(holiday, expected)
    problem = holiday_problem(data, holiday)
    if problem is not None:
        raise problem
    before = (holiday.day, holiday.kind)
    for name, value in _values(data).items():
        setattr(holiday, name, value)
    db.session.flush()
    if before == (holiday.day, holiday.kind):
        return Change(holiday)
    return changed(owner, holiday, before[0], holiday.day)


def delete_holiday(holiday: Holiday, expected: int | None, owner) -> Change:
    """Remove a day off: it becomes a working day (or a weekend) again for everyone."""
    check_version(holiday, expected)
    day = holiday.day
    db.session.delete(holiday)
    db.session.flush()
    return changed(owner, None, day)


def load_official_year(year: int, owner) -> Change:
    """``load_official`` from a page: the months of the days added are recomputed."""
    if year not in shipped_years():
        raise Refused(_l("Kinerja does not ship the official holidays of %(year)s: add them by hand or import "
                         "them from a file.", year=year))
    before = {h.day for h in holidays_of(year)}
    count = load_official(year)
    added = [h.day for h in holidays_of(year) if h.day not in before]
    return changed(owner, None, *added, count=count)


def recent_jobs(owner, minutes: int = 15) -> list:
    """The owner's recalculations started in the last minutes: the calendar and schedule pages show them."""
    from app.jobs.models import Job

    since = utcnow() - timedelta(minutes=minutes)
    return list(db.session.scalars(select(Job).where(Job.owner_id == owner.id, Job.kind == "attendance.recompute",
                                                     Job.created_at >= since)
                                   .order_by(Job.created_at.desc()).limit(6)))
