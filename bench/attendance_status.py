"""Status benchmark: one month of daily statuses for N people, computed by the monthly pass (issue 13).

    python bench/attendance_status.py                                   # SQLite, 10,000 people
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/kinerja_bench_att python bench/attendance_status.py
    python bench/attendance_status.py --database-url sqlite:////tmp/att.db --people 2000 --profile

The database is emptied first (PostgreSQL: schema public dropped), migrated, and filled by ``bench/generate.py``
(OPDs of 20 units, people spread evenly), then, in bulk: 2018's official holidays, an apel every Monday at 07:30
for every OPD, annual leave for 1 % of the people (three days), an approved surat tugas for 0.5 % and a
forgotten check-out excused for 0.5 %, and March 2018's check-ins (21 working days; Good Friday 30 March is a
holiday): two a working day for nearly everyone, 5 % of the arrivals late (TL1–TL4), 3 % of the departures
early, 0.5 % without a check-out, 0.3 % of the days without any check-in (TK). PostgreSQL gets the rows by
COPY, then ANALYZE.

Measured: ``app.attendance.compute.recompute(2018, 3, parallel=True)`` for everyone and the commit, as the job
``attendance.recompute`` runs it (worker processes compute the chunks, this process writes them; wall time, and
this process's CPU time, which holds neither the workers' nor the database server's); its SQL statements; the
rows written (working days only: days off are not stored). Targets (issue 13, on 2 cores):
< 10 s for 10,000 people on SQLite, < 60 s for 100,000 on PostgreSQL. ``--profile`` prints where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, func, insert, select, text  # noqa: E402

from app.extensions import db  # noqa: E402

YEAR, MONTH = 2018, 3
WIB = ZoneInfo("Asia/Jakarta")
SEED = 13
BATCH = 50_000
TARGETS = {"sqlite": (10_000, 10.0), "postgresql": (100_000, 60.0)}  # people, seconds
OUT = Path(__file__).resolve().parent / "out"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
STAMP = {"created_at": NOW, "updated_at": NOW, "version": 1}
EXCUSE = {"reason": "", "letter_number": "", "attachment_name": "", "decision_note": ""}


def _working_days(first: date, last: date, holidays: set[date]) -> list[date]:
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [d for d in days if d.weekday() < 5 and d not in holidays]


def _check_ins(rng: random.Random, employee_id: int, days: list[date], away: set[date]):
    """One person's check-ins of the month as (employee_id, at naive UTC, direction, device) tuples."""
    for day in days:
        if day in away or rng.random() < 0.003:  # on leave or travel; or TK
            continue
        start = datetime.combine(day, clock(7, 30), WIB)
        end = datetime.combine(day, clock(16, 30) if day.weekday() == 4 else clock(16, 0), WIB)
        arrive = start - timedelta(seconds=rng.randint(60, 2700))
        if rng.random() < 0.05:
            arrive = start + timedelta(seconds=rng.randint(60, 9000))
        device = f"FP-{employee_id % 50}"
        yield employee_id, arrive.astimezone(UTC).replace(tzinfo=None), "in", device
        if rng.random() < 0.005:
            continue  # no check-out
        leave = end + timedelta(seconds=rng.randint(0, 4800))
        if rng.random() < 0.03:
            leave = end - timedelta(seconds=rng.randint(60, 7200))
        yield employee_id, leave.astimezone(UTC).replace(tzinfo=None), "out", device


def _copy(rows: list[tuple], created: datetime) -> None:
    """PostgreSQL: the rows by COPY (the driver's connection inside the session's transaction)."""
    raw = db.session.connection().connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(
            "COPY check_ins (employee_id, at, direction, device, note, created_at) FROM STDIN") as copy:
        for employee_id, at, direction, device in rows:
            copy.write_row((employee_id, at, direction, device, "", created))


def generate(people: int) -> dict:
    """The month's inputs for ``people`` people (the base installation exists already)."""
    from app.attendance import holidays
    from app.attendance.models import CheckIn, Excuse, Leave, RollCall
    from app.org.models import Employee, Unit

    rng = random.Random(SEED)
    holidays.load_official(YEAR)
    first = date(YEAR, MONTH, 1)
    last = date(YEAR, MONTH + 1, 1) - timedelta(days=1)
    days_off = {row["day"] for row in holidays.official(YEAR)}
    days = _working_days(first, last, days_off)
    opds = list(db.session.scalars(select(Unit.id).where(Unit.parent_id.is_(None))))
    mondays = [d for d in days if d.weekday() == 0]
    db.session.execute(insert(RollCall), [{"unit_id": u, "day": d, "at": clock(7, 30), "kind": "apel", "name": "Apel",
                                           "created_at": NOW, "updated_at": NOW, "version": 1}
                                          for u in opds for d in mondays])
    ids = list(db.session.scalars(select(Employee.id).order_by(Employee.id)))
    away: dict[int, set[date]] = {}
    leaves, excuses = [], []
    for employee_id in ids:
        draw = rng.random()
        if draw < 0.02:
            starts = rng.choice(days[:-3])
            span = {starts + timedelta(days=n) for n in range(3)}
            if draw < 0.01:
                leaves.append({"employee_id": employee_id, "kind": "annual", "starts_on": starts,
                               "ends_on": starts + timedelta(days=2), "decision_number": "", "note": "", **STAMP})
                away[employee_id] = span
            elif draw < 0.015:
                excuses.append({"employee_id": employee_id, "kind": "travel", "starts_on": starts,
                                "ends_on": starts + timedelta(days=2), "state": "approved", **EXCUSE, **STAMP})
                away[employee_id] = span
            else:
                excuses.append({"employee_id": employee_id, "kind": "forgot", "forgot": "out", "starts_on": starts,
                                "ends_on": starts, "state": "approved", **EXCUSE, **STAMP})
    if leaves:
        db.session.execute(insert(Leave), leaves)
    if excuses:
        db.session.execute(insert(Excuse), excuses)
    postgres = db.engine.dialect.name == "postgresql"
    written, batch = 0, []
    for employee_id in ids:
        batch.extend(_check_ins(rng, employee_id, days, away.get(employee_id, set())))
        if len(batch) >= BATCH or employee_id == ids[-1]:
            if postgres:
                _copy(batch, NOW.replace(tzinfo=None))
            else:
                db.session.execute(insert(CheckIn.__table__), [
                    {"employee_id": e, "at": at.replace(tzinfo=UTC), "direction": d, "device": dev, "note": "",
                     "created_at": NOW} for e, at, d, dev in batch])
            written += len(batch)
            batch = []
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return {"people": len(ids), "check_ins": written, "working_days": len(days), "leaves": len(leaves),
            "excuses": len(excuses), "check_ins_in_db": db.session.scalar(select(func.count(CheckIn.id)))}


class Statements:
    def __init__(self):
        self.n = 0

    def __call__(self, *args):
        self.n += 1


def measure(profile: bool = False) -> dict:
    """The monthly pass for everyone, and the commit (what the job does), timed once."""
    from app.attendance import compute
    from app.attendance.models import AttendanceDay

    db.session.remove()
    counter = Statements()
    event.listen(db.engine, "before_cursor_execute", counter)
    profiler = cProfile.Profile() if profile else None
    started, cpu = time.perf_counter(), time.process_time()
    try:
        if profiler:
            profiler.enable()
        written = compute.recompute(YEAR, MONTH, parallel=True)
        db.session.commit()
        if profiler:
            profiler.disable()
    finally:
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        event.remove(db.engine, "before_cursor_execute", counter)
    found = {"seconds": seconds, "cpu": cpu, "load": os.getloadavg()[0], "rows": written, "statements": counter.n,
             "absent": db.session.scalar(select(func.count()).select_from(AttendanceDay)
                                         .where(AttendanceDay.status == "absent"))}
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        found["profile"] = out.getvalue()
    return found


def grid_page(app) -> dict:
    """The month grid of the unit with the most people (at most 40 shown of a page of 50) as admin: p50/p95 of
    30 requests through the test client and the statements of one, as ``bench/run.py`` measures pages."""
    from app.org.models import Employee
    from bench.generate import PASSWORD
    from bench.run import _measure

    unit_id, people = db.session.execute(
        select(Employee.unit_id, func.count()).group_by(Employee.unit_id).order_by(func.count().desc()).limit(1)).one()
    db.session.remove()
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    assert client.post("/login", data={"identifier": "admin", "password": PASSWORD}).status_code in (302, 303)
    found = _measure(client, f"/attendance/units/{unit_id}?year={YEAR}&month={MONTH}", db.engine)
    found["people"] = min(people, 50)
    return found


def run(app, people: int, profile: bool = False) -> dict:
    """Generate and measure in ``app``'s database (emptied and migrated, no installation yet)."""
    from bench.generate import generate as base

    with app.app_context(), app.test_request_context():
        started = time.perf_counter()
        base(people)
        made = generate(people)
        made["generate_seconds"] = time.perf_counter() - started
        made.update(measure(profile))
        made["dialect"] = db.engine.dialect.name
        db.session.remove()
    with app.app_context():
        made["grid"] = grid_page(app)
        db.session.remove()
    return made


def describe(made: dict) -> str:
    target_people, target = TARGETS[made["dialect"]]
    verdict = ("within" if made["seconds"] < target else "OVER") if made["people"] == target_people else "not measured"
    return (f"{made['dialect']}: March {YEAR} for {made['people']:,} people ({made['check_ins']:,} check-ins, "
            f"{made['working_days']} working days, {made['leaves']} leaves, {made['excuses']} excuses): "
            f"recompute + commit {made['seconds']:.1f} s ({made['cpu']:.1f} s CPU in this process; load average "
            f"{made['load']:.1f}), {made['rows']:,} day rows, {made['statements']} statements "
            f"({made['absent']:,} TK days); target < {target:.0f} s for {target_people:,} people: {verdict}; "
            f"data generated in {made['generate_seconds']:.1f} s. Month grid of {made['grid']['people']} people × 31 "
            f"days: p50 {made['grid']['p50']:.1f} ms, p95 {made['grid']['p95']:.1f} ms, "
            f"{made['grid']['statements']} statements (target p95 < 100 ms)")


def main() -> None:
    from bench.generate import empty_app

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", f"sqlite:///{OUT / 'attendance.db'}"),
                        help="emptied first (default: DATABASE_URL, else bench/out/attendance.db)")
    parser.add_argument("--people", type=int, help="default: 10,000 on SQLite, 100,000 on PostgreSQL")
    parser.add_argument("--profile", action="store_true", help="print the 30 costliest calls of the pass")
    args = parser.parse_args()
    url = args.database_url
    dialect = "postgresql" if url.startswith("postgresql") else "sqlite"
    people = args.people or TARGETS[dialect][0]
    app = empty_app(url)
    made = run(app, people, args.profile)
    print(describe(made))
    if args.profile:
        print(made["profile"])


if __name__ == "__main__":
    main()
