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
import multiprocessing
import os
from collections import defaultdict, deque
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice

from flask import current_app, has_app_context
from sqlalchemy import String, bindparam, delete, func, insert, select, type_coerce, update

from app.attendance import calendar as work_calendar
from app.attendance.models import AttendanceDay, CheckIn, Excuse, Leave
from app.attendance.status import DayInput, Punch, day_status
from app.core.clock import agency_timezone, utcnow
from app.core.db import among
from app.core.formatting import month_bounds
from app.discipline.models import AttendanceMonth
from app.extensions import db
from app.org.models import Employee, Unit

CHUNK = 2000  # people; ``ATTENDANCE_CHUNK``
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


def _punches(connection, ids: list[int], low: datetime, high: datetime) -> dict[int, list[Punch]]:
    """The check-ins of these people from ``low`` to ``high``, each person's in time order, read on
    ``connection`` (no ORM rows)."""
    checkins = CheckIn.__table__
    dialect = connection.dialect.name
    # PostgreSQL hands the naive UTC column as an aware instant (in a worker's session, whose zone is UTC,
    # with the same tzinfo as the shift bounds: compared without converting); SQLite hands text, read by the
    # C parser rather than the type's regex
    at = func.timezone("UTC", checkins.c.at) if dialect == "postgresql" else type_coerce(checkins.c.at, String())
    rows = connection.execute(
        select(checkins.c.employee_id, at, checkins.c.direction)
        .where(among(checkins.c.employee_id, ids, dialect), checkins.c.at >= low, checkins.c.at < high)
        .order_by(checkins.c.employee_id, checkins.c.at)).fetchall()
    found: dict[int, list[Punch]] = {}
    current = None
    theirs: list[Punch] = []
    parse = datetime.fromisoformat
    for employee_id, at, direction in rows:
        if employee_id != current:
            current, theirs = employee_id, []
            found[employee_id] = theirs
        if isinstance(at, str):
            at = parse(at + "+00:00")
        elif at.tzinfo is not UTC:
            at = at.astimezone(UTC)
        theirs.append(Punch(at, direction))
    return found


def _days(cal: work_calendar.Calendar, people: list[tuple[int, int, str]], connection):
    """Each person's days as the status function reads them, as ``(employee_id, [DayInput, ...])``: four
    queries on ``connection`` for the whole list."""
    ids = [person[0] for person in people]
    first, last, zone = cal.first, cal.last, cal.zone
    cal.load_rosters(ids, connection)
    dialect = connection.dialect.name
    leave, excuse = Leave.__table__.c, Excuse.__table__.c  # tables, not the ORM: a worker process maps nothing
    leaves = _by_person(connection.execute(
        select(leave.employee_id, leave.kind, leave.starts_on, leave.ends_on)
        .where(among(leave.employee_id, ids, dialect), leave.starts_on <= last, leave.ends_on >= first)))
    excuses = _by_person(connection.execute(
        select(excuse.employee_id, excuse.kind, excuse.forgot, excuse.starts_on, excuse.ends_on)
        .where(among(excuse.employee_id, ids, dialect), excuse.state == "approved", excuse.starts_on <= last,
               excuse.ends_on >= first)))
    punches = _punches(connection, ids, _utc(first - timedelta(days=1), zone), _utc(last + timedelta(days=2), zone))
    none: list[Punch] = []
    for employee_id, _unit_id, path in people:
        theirs = punches.get(employee_id, none)
        times = [p.at for p in theirs]
        their_leaves, their_excuses = leaves.get(employee_id), excuses.get(employee_id)
        rostered = employee_id in cal.rosters
        days = []
        bounded = employee_id in cal.employed
        for day, off, hours, roll_call, low_at, high_at in cal.plan(path):
            if bounded and not cal.employs(employee_id, day):
                continue  # outside their contracts: not one of their days
            if rostered:
                hours = cal.hours(employee_id, day, path).on(day)
                low_at, high_at = hours.window(day, zone)
            within = tuple(theirs[bisect.bisect_left(times, low_at):bisect.bisect_left(times, high_at)]) if times else ()
            leave = None
            if their_leaves:
                leave = next((kind for kind, starts, ends in their_leaves if starts <= day <= ends), None)
            excused = _excused(their_excuses, day) if their_excuses else NO_EXCUSE
            days.append(DayInput(day, zone, off, hours, within, leave, excused, roll_call))
        yield employee_id, days


NO_EXCUSE: frozenset[str] = frozenset()


def inputs(cal: work_calendar.Calendar, people: list[tuple[int, int, str]]) -> dict[int, list[DayInput]]:
    """Each person's days as the status function reads them: four queries for the whole list."""
    return dict(_days(cal, people, db.session.connection()))


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
RECAP_COUNTS = ("present_days", "leave_days", "absent_days", "late_arrivals", "early_leaves", "missed_roll_calls")


def _copy_line(row: tuple) -> str:
    """A day row as a line of PostgreSQL's COPY text format (NULL is ``\\N``). The instants are UTC; the
    offset their ISO form ends with is ignored by a ``timestamp without time zone`` column."""
    null = "\\N"
    late, early, first_in, last_out = row[3], row[4], row[8], row[9]
    return (f"{row[0]}\t{row[1]}\t{row[2]}\t{null if late is None else late}\t{null if early is None else early}\t"
            f"{row[5]}\t{row[6]}\t{'t' if row[7] else 'f'}\t{null if first_in is None else first_in.isoformat()}\t"
            f"{null if last_out is None else last_out.isoformat()}\n")


def _sqlite_values(rows: list[tuple]) -> list[tuple]:
    """Day rows as SQLite keeps them, the values the ORM types would have written: ISO dates, naive UTC
    date-times in SQLAlchemy's SQLite format ``YYYY-MM-DD HH:MM:SS.ffffff``."""
    return [(row[0], row[1].isoformat(), *row[2:7], int(row[7]),
             row[8] and row[8].isoformat(" ", "microseconds")[:26],
             row[9] and row[9].isoformat(" ", "microseconds")[:26]) for row in rows]


def _copy(table: str, columns: tuple[str, ...], text: str) -> None:
    """PostgreSQL: COPY of ``text`` (its text format) into ``table`` in the session's transaction."""
    with db.session.connection().connection.driver_connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write(text)


def _insert_days(payload: str | list[tuple]) -> None:
    """Bulk insert of day rows made ready by ``_chunk``: on PostgreSQL one COPY of its text, on SQLite one
    executemany of the driver's own."""
    connection = db.session.connection()
    table = AttendanceDay.__tablename__
    if isinstance(payload, str):
        _copy(table, COLUMNS, payload)
        return
    marks = ", ".join("?" * len(COLUMNS))
    # the statement is made of this module's constants only
    connection.exec_driver_sql(f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({marks})", payload)  # noqa: S608


def recap_counts(days: Iterable[tuple]) -> dict[str, int]:
    """The derived recap of one person's month (``RECAP_COUNTS``) from their days as (status, late_code,
    early_code, missed_roll_call); the grid's totals are the same counts."""
    present = leave = absent = late = early = missed = 0
    for status, late_code, early_code, missed_roll_call in days:
        if status in PRESENT:
            present += 1
        elif status == "absent":
            absent += 1
        elif status.startswith("leave_") or status == "permit":
            leave += 1
        if late_code:
            late += 1
        if early_code:
            early += 1
        if missed_roll_call:
            missed += 1
    return dict(zip(RECAP_COUNTS, (present, leave, absent, late, early, missed), strict=True))


def _chunk(cal: work_calendar.Calendar, people: list[tuple[int, int, str]], now: datetime, connection
           ) -> tuple[str | list[tuple], int, dict[int, dict[str, int]]]:
    """The statuses of some people's working days, ready for ``_insert_days`` (COPY text on PostgreSQL, driver
    values on SQLite), their number and each person's recap counts. Reads on ``connection``, writes nothing.

    Days off are not stored: they are the calendar's (rule 1 of ``status``: a day off is that, whatever else
    happened), and the screens show them from it. A third fewer rows to compute, send and keep."""
    rows: list[tuple] = []
    counts: dict[int, dict[str, int]] = {}
    for employee_id, days in _days(cal, people, connection):
        theirs = [(employee_id, item.day, *found[:8]) for item in days
                  if item.off is None and (found := day_status(item, now, explain=False)) is not None]
        if days:  # employed on some day of the month (a worker between contracts has no recap)
            counts[employee_id] = recap_counts([(row[2], row[5], row[6], row[7]) for row in theirs])
        rows += theirs
    if connection.dialect.name == "postgresql":
        return "".join([_copy_line(row) for row in rows]), len(rows), counts
    return _sqlite_values(rows), len(rows), counts


def recompute(year: int, month: int, employee_ids: Iterable[int] | None = None, unit: Unit | None = None,
              now: datetime | None = None, progress=None, parallel: bool = False) -> int:
    """Rewrite the month's statuses (and derived recaps) of the people asked (all by default, or a unit's
    subtree); returns the number of day rows written. Flushes; the caller commits.

    ``parallel``: when the inputs are committed (a job), worker processes read and compute the chunks while
    this one writes them (``parallel_chunks``); a few people are computed here all the same."""
    first, last = month_bounds(year, month)
    zone = agency_timezone()
    now = now or utcnow()
    people = _people(year, month, None if employee_ids is None else set(employee_ids), unit)
    recording = recording_units(first, last, zone, {p[1] for p in people}) if people else set()
    cal = work_calendar.load(first, last, zone)
    size = chunk_size()
    chunks = [people[start:start + size] for start in range(0, len(people), size)]
    kept = [[p for p in chunk if p[1] in recording] for chunk in chunks]
    computed = parallel_chunks(cal, kept, now) if parallel else None
    if computed is None:
        computed = (_chunk(cal, theirs, now, db.session.connection()) for theirs in kept)
    days_table = AttendanceDay.__table__
    dialect = db.session.connection().dialect.name
    written = done = 0
    for chunk, (payload, count, counts) in zip(chunks, computed, strict=True):
        db.session.execute(delete(days_table).where(among(days_table.c.employee_id, [p[0] for p in chunk], dialect),
                                                    days_table.c.day.between(first, last)))
        if count:
            _insert_days(payload)
        written += count
        _write_recaps(year, month, [p[0] for p in chunk], counts)
        done += len(chunk)
        if progress is not None:
            progress(min(99, done * 100 // len(people)))
    db.session.flush()
    return written


# -- worker processes ----------------------------------------------------------------------------------------

def workers() -> int:
    """How many worker processes a parallel pass uses: ``ATTENDANCE_WORKERS``, by default the machine's cores,
    at most 4 (one process writes what they compute)."""
    configured = current_app.config.get("ATTENDANCE_WORKERS", 0) if has_app_context() else 0
    return configured or min(4, os.cpu_count() or 1)


def chunk_size() -> int:
    return current_app.config.get("ATTENDANCE_CHUNK", CHUNK) if has_app_context() else CHUNK


def parallel_chunks(cal: work_calendar.Calendar, chunks: list[list[tuple[int, int, str]]], now: datetime):
    """The chunks' ``_chunk`` results, in order, computed by worker processes on their own connections (they
    see committed data only); None when it would not pay (one chunk, one core) or cannot work (an in-memory
    SQLite database). The processes come from a fork server, not from forking this process and its threads."""
    url = db.engine.url
    if len(chunks) < 2 or workers() < 2 or (url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")):
        return None
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])  # the server imports the app once; each worker is a fork of it
    target = url.render_as_string(hide_password=False)

    def results():
        with ProcessPoolExecutor(max_workers=workers(), mp_context=context) as pool:
            waiting = iter(chunks)
            # a chunk ahead per worker: the workers never wait for the writer, nor pile up results before it
            running = deque(pool.submit(_worker_chunk, target, cal, theirs, now)
                            for theirs in islice(waiting, 2 * workers()))
            while running:
                result = running.popleft().result()
                following = next(waiting, None)
                if following is not None:
                    running.append(pool.submit(_worker_chunk, target, cal, following, now))
                yield result

    return results()


_engines: dict[str, object] = {}


def _worker_chunk(url: str, cal: work_calendar.Calendar, people: list[tuple[int, int, str]], now: datetime):
    """``_chunk`` in a worker process, on its own engine (one per process and database)."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = _engines.get(url)
    if engine is None:
        engine = _engines[url] = create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SET TIME ZONE 'UTC'")  # this process's own session
        return _chunk(cal, people, now, connection)


def _write_recaps(year: int, month: int, ids: list[int], counts: dict[int, dict[str, int]]) -> None:
    """Derived recaps for the people with statuses (written only where they changed); a derived recap of
    someone no longer recorded goes away."""
    table = AttendanceMonth.__table__
    existing = {row[1]: row for row in db.session.connection().execute(
        select(table.c.id, table.c.employee_id, table.c.source, *(table.c[name] for name in RECAP_COUNTS))
        .where(among(table.c.employee_id, ids, db.engine.dialect.name), table.c.year == year, table.c.month == month))}
    gone = [row[0] for employee_id, row in existing.items()
            if row[2] == "derived" and employee_id not in counts]
    if gone:
        db.session.execute(delete(table).where(table.c.id.in_(gone)))
    now = utcnow()
    updates, inserts = [], []
    for employee_id, theirs in counts.items():
        row = existing.get(employee_id)
        if row is None:
            inserts.append({"employee_id": employee_id, "year": year, "month": month, "source": "derived",
                            "version": 1, "created_at": now, "updated_at": now, **theirs})
        elif row[2] != "derived" or tuple(row[3:]) != tuple(theirs.values()):
            updates.append({"rid": row[0], **{f"v_{k}": v for k, v in theirs.items()}})
    if updates:
        db.session.execute(
            update(table).where(table.c.id == bindparam("rid"))
            .values(source="derived", version=table.c.version + 1, updated_at=now,
                    **{k: bindparam(f"v_{k}") for k in RECAP_COUNTS}), updates)
    if inserts and db.session.connection().dialect.name == "postgresql":
        columns = tuple(inserts[0])
        _copy(table.name, columns, "".join(
            ["\t".join([value.isoformat() if isinstance(value, datetime) else str(value) for value in row.values()])
             + "\n" for row in inserts]))
    elif inserts:
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
