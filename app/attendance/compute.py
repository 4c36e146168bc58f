"""The monthly pass: every person's daily status for a month, stored set-based, and the derived recap.

``recompute(year, month, ...)`` reads the month's calendar once, then per chunk of people their rosters,
leave, approved excuses and check-ins (one query each), runs ``status.day_status`` for each day, deletes the
chunk's old statuses and inserts the new ones in bulk. A person's statuses exist only when their unit records
attendance that month (someone in it has a check-in); the others keep the recap HR types.

For those people the pass also writes the month's ``AttendanceMonth`` recap as ``derived`` (the award
instrument reads it; HR cannot type over it). Call it whenever an input changes: check-ins imported or
entered, leave, an excuse decided, the calendar, a schedule, a roster or a roll call.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import String, bindparam, delete, insert, select, type_coerce, update

from app.attendance import calendar as work_calendar
from app.attendance.models import AttendanceDay, CheckIn, Excuse, Leave
from app.attendance.status import DayInput, DayStatus, Punch, day_status
from app.core.clock import agency_timezone, utcnow
from app.core.formatting import month_bounds
from app.discipline.models import AttendanceMonth
from app.extensions import db
from app.org.models import Employee, Unit

CHUNK = 2000
RECORDED_STATUSES = ("aktif", "cuti")  # people whose days are kept (as the typed recap's)
PRESENT = ("present", "no_in", "no_out", "travel")


def _utc(day: date, zone) -> datetime:
    return datetime.combine(day, time(0), zone).astimezone(UTC)


def recording_units(first: date, last: date, zone, unit_ids: Iterable[int] | None = None) -> set[int]:
    """The units where someone has a check-in in the month: their people's days are derived."""
    low, high = _utc(first, zone), _utc(last + timedelta(days=1), zone)
    stmt = (select(Employee.unit_id).join(CheckIn, CheckIn.employee_id == Employee.id)
            .where(CheckIn.at >= low, CheckIn.at < high).distinct())
    if unit_ids is not None:
        stmt = stmt.where(Employee.unit_id.in_(list(unit_ids)))
    return set(db.session.scalars(stmt))


def _people(year: int, month: int, employee_ids, unit: Unit | None) -> list[tuple[int, int, str]]:
    stmt = (select(Employee.id, Employee.unit_id, Unit.path).join(Unit, Employee.unit_id == Unit.id)
            .where(Employee.status.in_(RECORDED_STATUSES)).order_by(Unit.path, Employee.id))
    if employee_ids is not None:
        stmt = stmt.where(Employee.id.in_(list(employee_ids)))
    if unit is not None:
        stmt = stmt.where(Unit.path.startswith(unit.path, autoescape=True))
    return [tuple(row) for row in db.session.execute(stmt)]


def _by_person(rows) -> dict[int, list]:
    found: dict[int, list] = defaultdict(list)
    for row in rows:
        found[row[0]].append(row[1:])
    return found


def inputs(cal: work_calendar.Calendar, people: list[tuple[int, int, str]]) -> dict[int, list[DayInput]]:
    """Each person's days as the status function reads them: four queries for the whole list."""
    ids = [person[0] for person in people]
    first, last, zone = cal.first, cal.last, cal.zone
    cal.load_rosters(ids)
    leaves = _by_person(db.session.execute(
        select(Leave.employee_id, Leave.kind, Leave.starts_on, Leave.ends_on)
        .where(Leave.employee_id.in_(ids), Leave.starts_on <= last, Leave.ends_on >= first)))
    excuses = _by_person(db.session.execute(
        select(Excuse.employee_id, Excuse.kind, Excuse.forgot, Excuse.starts_on, Excuse.ends_on)
        .where(Excuse.employee_id.in_(ids), Excuse.state == "approved", Excuse.starts_on <= last,
               Excuse.ends_on >= first)))
    low, high = _utc(first - timedelta(days=1), zone), _utc(last + timedelta(days=2), zone)
    # The instants as the driver gives them (SQLite: text), read with the C parser rather than the type's regex
    punches = _by_person(db.session.execute(
        select(CheckIn.employee_id, type_coerce(CheckIn.at, String()), CheckIn.direction)
        .where(CheckIn.employee_id.in_(ids), CheckIn.at >= low, CheckIn.at < high)
        .order_by(CheckIn.employee_id, CheckIn.at)))
    result = {}
    for employee_id, _unit_id, path in people:
        theirs = [Punch(_instant(at), direction) for at, direction in punches.get(employee_id, ())]
        times = [p.at for p in theirs]
        their_leaves, their_excuses = leaves.get(employee_id, ()), excuses.get(employee_id, ())
        rostered = employee_id in cal.rosters
        days = []
        for day, off, hours, roll_call in cal.plan(path):
            if rostered:
                hours = cal.hours(employee_id, day, path).on(day)
            low_at, high_at = hours.window(day, zone)
            within = tuple(theirs[bisect.bisect_left(times, low_at):bisect.bisect_left(times, high_at)])
            leave = None
            if their_leaves:
                leave = next((kind for kind, starts, ends in their_leaves if starts <= day <= ends), None)
            excused = _excused(their_excuses, day) if their_excuses else frozenset()
            days.append(DayInput(day, zone, off, hours, within, leave, excused, roll_call))
        result[employee_id] = days
    return result


def _instant(value) -> datetime:
    """A stored check-in time as an aware UTC instant (SQLite hands text, PostgreSQL a naive datetime)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC)


def _excused(excuses, day: date) -> frozenset[str]:
    """What a person's approved excuses say about ``day``."""
    found = set()
    for kind, forgot, starts, ends in excuses:
        if starts <= day <= ends:
            if kind == "forgot":
                found.update(("forgot_in", "forgot_out") if forgot == "both" else (f"forgot_{forgot}",))
            else:
                found.add(kind)
    return frozenset(found)


COLUMNS = ("employee_id", "day", "status", "late_minutes", "early_minutes", "late_code", "early_code",
           "missed_roll_call", "first_in", "last_out")


def _naive(instant: datetime | None) -> datetime | None:
    """The naive UTC the database keeps (``UTCDateTime``), for the bulk insert that bypasses the type."""
    return None if instant is None else instant.astimezone(UTC).replace(tzinfo=None)


def _row(employee_id: int, day: date, found: DayStatus) -> tuple:
    """A day row (``COLUMNS``); its check-in times are the UTC instants the check-ins were read as."""
    return (employee_id, day, found.status, found.late_minutes, found.early_minutes, found.late_code,
            found.early_code, found.missed_roll_call, found.first_in, found.last_out)


def _insert_days(rows: list[tuple]) -> None:
    """Bulk insert of day rows: COPY on PostgreSQL, one executemany on SQLite (the driver's own, with the
    values the ORM types would have written: dates, naive UTC date-times as SQLAlchemy's SQLite format)."""
    connection = db.session.connection()
    table = AttendanceDay.__tablename__
    if connection.dialect.name == "postgresql":
        with connection.connection.driver_connection.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row[:8], _naive(row[8]), _naive(row[9])))
        return
    stamp = "%Y-%m-%d %H:%M:%S.%f"  # the instants are UTC: their wall clock is what SQLite keeps
    values = [(row[0], row[1].isoformat(), *row[2:7], int(row[7]), row[8] and row[8].strftime(stamp),
               row[9] and row[9].strftime(stamp)) for row in rows]
    marks = ", ".join("?" * len(COLUMNS))
    # the statement is made of this module's constants only
    connection.exec_driver_sql(f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({marks})", values)  # noqa: S608


def recap_counts(rows: list[tuple]) -> dict[str, int]:
    """The derived recap of one person's month from their day rows (``COLUMNS``)."""
    counts = Counter()
    for row in rows:
        status = row[2]
        counts["present_days"] += status in PRESENT
        counts["leave_days"] += status.startswith("leave_") or status == "permit"
        counts["absent_days"] += status == "absent"
        counts["late_arrivals"] += row[5] > 0
        counts["early_leaves"] += row[6] > 0
        counts["missed_roll_calls"] += bool(row[7])
    return {name: counts[name] for name in ("present_days", "leave_days", "absent_days", "late_arrivals",
                                            "early_leaves", "missed_roll_calls")}


def recompute(year: int, month: int, employee_ids: Iterable[int] | None = None, unit: Unit | None = None,
              now: datetime | None = None, progress=None) -> int:
    """Rewrite the month's statuses (and derived recaps) of the people asked (all by default, or a unit's
    subtree); returns the number of day rows written. Flushes; the caller commits."""
    first, last = month_bounds(year, month)
    zone = agency_timezone()
    now = now or utcnow()
    people = _people(year, month, None if employee_ids is None else set(employee_ids), unit)
    recording = recording_units(first, last, zone, {p[1] for p in people}) if people else set()
    cal = work_calendar.load(first, last, zone)
    written = 0
    for start in range(0, len(people), CHUNK):
        chunk = people[start:start + CHUNK]
        kept = [p for p in chunk if p[1] in recording]
        days_table = AttendanceDay.__table__
        db.session.execute(delete(days_table).where(days_table.c.employee_id.in_([p[0] for p in chunk]),
                                                    days_table.c.day.between(first, last)))
        rows_by_person: dict[int, list[tuple]] = {}
        for employee_id, days in inputs(cal, kept).items():
            rows_by_person[employee_id] = [_row(employee_id, item.day, found) for item in days
                                           if (found := day_status(item, now, explain=False)) is not None]
        rows = [row for person in rows_by_person.values() for row in person]
        if rows:
            _insert_days(rows)
        written += len(rows)
        _write_recaps(year, month, [p[0] for p in chunk], rows_by_person)
        if progress is not None:
            progress(min(99, (start + len(chunk)) * 100 // max(1, len(people))))
    db.session.flush()
    return written


def _write_recaps(year: int, month: int, ids: list[int], rows_by_person: dict[int, list[tuple]]) -> None:
    """Derived recaps for the people with statuses; a derived recap of someone no longer recorded goes away."""
    table = AttendanceMonth.__table__
    existing = {employee_id: (recap_id, source) for recap_id, employee_id, source in db.session.execute(
        select(table.c.id, table.c.employee_id, table.c.source)
        .where(table.c.employee_id.in_(ids), table.c.year == year, table.c.month == month))}
    gone = [recap_id for employee_id, (recap_id, source) in existing.items()
            if source == "derived" and employee_id not in rows_by_person]
    if gone:
        db.session.execute(delete(table).where(table.c.id.in_(gone)))
    now = utcnow()
    updates, inserts = [], []
    for employee_id, rows in rows_by_person.items():
        counts = recap_counts(rows)
        if employee_id in existing:
            updates.append({"rid": existing[employee_id][0], **{f"v_{k}": v for k, v in counts.items()}})
        else:
            inserts.append({"employee_id": employee_id, "year": year, "month": month, "source": "derived",
                            "version": 1, "created_at": now, "updated_at": now, **counts})
    if updates:
        db.session.execute(
            update(table).where(table.c.id == bindparam("rid"))
            .values(source="derived", version=table.c.version + 1, updated_at=now,
                    **{k: bindparam(f"v_{k}") for k in recap_counts([])}), updates)
    if inserts:
        db.session.execute(insert(table), inserts)


def recompute_for(employee_id: int, first: date, last: date, with_unit: bool = False) -> None:
    """Recompute the months from ``first`` to ``last`` of one person (after their leave, excuse or check-in).

    ``with_unit``: and of everyone in their unit (a check-in by hand may be the unit's first of the month, from
    which on its people without any are TK, or its last)."""
    ids = [employee_id]
    if with_unit:
        unit_id = select(Employee.unit_id).where(Employee.id == employee_id).scalar_subquery()
        ids = list(db.session.scalars(select(Employee.id).where(Employee.unit_id == unit_id)))
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        recompute(year, month, employee_ids=ids)
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
