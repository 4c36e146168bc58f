"""Check-in import benchmark: a machine's export of N rows for M people, staged and committed (issue 13).

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/kinerja_bench_import python bench/attendance_import.py
    python bench/attendance_import.py --database-url sqlite:////tmp/import.db --rows 200000 --people 2000
    python bench/attendance_import.py --rows 100000 --profile

The database is emptied first (PostgreSQL: schema public dropped), migrated, and filled by ``bench/generate.py``
(OPDs of 20 units, people spread evenly). Then one attendance machine at the first OPD, every person enrolled
under a user number (bulk), and the export as a CSV in memory (``No,Waktu,Status,Mesin``, as a ZKTeco-style
machine writes it): two check-ins per person and working day from 2 January 2018 on (in around 07:15, out
around 16:10 WIB), until N rows; a third of the rows write the date as 02/01/2018, the rest as 2018-01-02; every
1,000th row is repeated (a duplicate the import counts and leaves out).

Measured, each phase committed as the import's jobs do (``app.attendance.checkin_import.stage``, then
``checkin_commit.commit``): (1) reading the file (``imports.parse.read_table``); (2) checking every row and
writing the staged rows (COPY on PostgreSQL, one INSERT per 5,000 rows on SQLite) and counting those already
stored; (3) the commit: INSERT … SELECT … ON CONFLICT DO NOTHING into check_ins, removing the staged rows;
(4) recomputing the affected months' daily statuses of everyone imported; then the same file again (all
already stored: 0 new, nothing recomputed). Target (issue 13, 2 cores): importing 1,000,000 rows < 60 s on
PostgreSQL (stage + commit, the recompute reported beside it).
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, func, insert, select, text  # noqa: E402

from app.extensions import db  # noqa: E402

ROWS = 1_000_000
PEOPLE = 10_000
TARGET = 60.0  # seconds for 1,000,000 rows on PostgreSQL, stage + commit
SEED = 13
OUT = Path(__file__).resolve().parent / "out"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _working_days(start: date):
    day = start
    while True:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def export(numbers: list[str], rows: int) -> bytes:
    """The machine's CSV: in and out for every person and working day until ``rows`` rows (and repeats)."""
    rng = random.Random(SEED)
    lines = ["No,Waktu,Status,Mesin"]
    written = 0
    for day in _working_days(date(2018, 1, 2)):
        iso, dmy = day.isoformat(), day.strftime("%d/%m/%Y")
        for n, number in enumerate(numbers):
            written_day = dmy if n % 3 == 0 else iso
            device = f"FP-{n % 20:02d}"
            arrive = 7 * 3600 + rng.randint(-1800, 2400)
            leave = 16 * 3600 + rng.randint(-900, 3600)
            for seconds, status in ((arrive, "C/In"), (leave, "C/Out")):
                line = (f"{number},{written_day} {seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d},"
                        f"{status},{device}")
                lines.append(line)
                written += 1
                if written % 1000 == 0:
                    lines.append(line)  # repeated in the file
                if written >= rows:
                    return ("\n".join(lines) + "\n").encode()


def prepare(people: int, rows: int) -> dict:
    """The base installation, a machine with every person enrolled, and the export (in the app context)."""
    from app.accounts.models import User
    from app.attendance.models import CheckInSource, MachineUser
    from app.org.models import Employee, Unit
    from bench.generate import generate

    generate(people)
    opd = db.session.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id).limit(1))
    source = CheckInSource(name="Mesin Bench", unit_id=opd.id, person_key="machine",
                           columns={"person": "No", "datetime": "Waktu", "direction": "Status", "device": "Mesin"},
                           in_values="C/In, 0", out_values="C/Out, 1")
    db.session.add(source)
    db.session.flush()
    ids = list(db.session.scalars(select(Employee.id).order_by(Employee.id)))
    numbers = [str(1000 + n) for n in range(len(ids))]
    db.session.execute(insert(MachineUser), [{"source_id": source.id, "number": number, "employee_id": employee_id,
                                              "created_at": NOW, "updated_at": NOW}
                                             for number, employee_id in zip(numbers, ids, strict=True)])
    admin = db.session.scalar(select(User).order_by(User.id).limit(1))
    db.session.commit()
    started = time.perf_counter()
    data = export(numbers, rows)
    return {"source_id": source.id, "owner_id": admin.id, "people": len(ids), "data": data,
            "export_seconds": time.perf_counter() - started}


class Clock:
    """The time of each progress report of a phase, and the SQL statements run."""

    def __init__(self):
        self.marks: list[tuple[str, float]] = []
        self.statements = 0

    def __call__(self, pct, message=""):
        self.marks.append((str(message), time.perf_counter()))

    def count(self, *args):
        self.statements += 1


def _import(made: dict, profile: bool) -> dict:
    """Stage and commit the export once, timing each phase."""
    from app.accounts.models import User
    from app.attendance import checkin_commit, checkin_import
    from app.attendance.models import CheckIn, CheckInSource
    from app.imports.models import ImportBatch

    db.session.remove()
    owner = db.session.get(User, made["owner_id"])
    source = db.session.get(CheckInSource, made["source_id"])
    batch = ImportBatch(owner_id=owner.id, kind="checkins", filename="bench.csv", rows=[],
                        meta={"source_id": source.id, "state": "staging", "size": len(made["data"])})
    db.session.add(batch)
    db.session.commit()
    clock = Clock()
    event.listen(db.engine, "before_cursor_execute", clock.count)
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    try:
        started = time.perf_counter()
        checkin_import.stage(batch, made["data"], owner, progress=clock)
        db.session.commit()
        staged = time.perf_counter()
        read = clock.marks[0][1]  # the file read, its rows about to be checked
        clock.marks.clear()
        counts = dict(batch.meta["counts"])
        assert batch.error_count == 0, batch.meta["errors"][:5]
        inserted = checkin_commit.commit(batch, progress=clock)
        db.session.commit()
        done = time.perf_counter()
    finally:
        if profiler:
            profiler.disable()
        event.remove(db.engine, "before_cursor_execute", clock.count)
    copied = clock.marks[0][1]
    found = {"read": read - started, "stage": staged - read, "copy": copied - staged, "recompute": done - copied,
             "total": done - started, "import": copied - started, "counts": counts, "inserted": inserted,
             "months": batch.meta["months"], "recomputed": batch.meta["recomputed"], "statements": clock.statements,
             "check_ins": db.session.scalar(select(func.count(CheckIn.id)))}
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        found["profile"] = out.getvalue()
    return found


def run(app, rows: int = ROWS, people: int = PEOPLE, profile: bool = False) -> dict:
    """Prepare and measure in ``app``'s database (emptied and migrated, no installation yet)."""
    with app.app_context(), app.test_request_context():
        made = prepare(people, rows)
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        made["first"] = _import(made, profile)
        made["again"] = _import(made, False)
        made["dialect"] = db.engine.dialect.name
        made["bytes"] = len(made.pop("data"))
        made["rows"] = rows
        db.session.remove()
    return made


def _phase(found: dict) -> str:
    counts = found["counts"]
    return (f"read {found['read']:.1f} s, check + stage {found['stage']:.1f} s ({counts['staged']:,} staged, "
            f"{counts['existing']:,} already stored, {counts['duplicates']:,} repeats), copy into check_ins "
            f"{found['copy']:.1f} s ({found['inserted']:,} new), recompute {found['recompute']:.1f} s "
            f"({found['recomputed']:,} people × {len(found['months'])} months); import {found['import']:.1f} s, "
            f"with the recompute {found['total']:.1f} s, {found['statements']:,} SQL statements")


def describe(made: dict) -> str:
    first, again = made["first"], made["again"]
    verdict = ""
    if made["dialect"] == "postgresql":
        scaled = first["import"] * ROWS / made["rows"]
        verdict = f"; target < {TARGET:.0f} s for {ROWS:,} rows: {'within' if scaled < TARGET else 'OVER'}"
    return (f"{made['dialect']}: {made['rows']:,} rows ({made['bytes'] / 2**20:.1f} MB CSV) for {made['people']:,} "
            f"people{verdict}\n  first import: {_phase(first)}\n  the same file again: {_phase(again)}\n"
            f"  check_ins stored: {again['check_ins']:,}; export generated in {made['export_seconds']:.1f} s")


def main() -> None:
    from bench.generate import empty_app

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url",
                        default=os.environ.get("DATABASE_URL", f"sqlite:///{OUT / 'attendance_import.db'}"),
                        help="emptied first (default: DATABASE_URL, else bench/out/attendance_import.db)")
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--profile", action="store_true", help="print the 30 costliest calls of the first import")
    args = parser.parse_args()
    url = args.database_url
    app = empty_app(url, CHECKIN_MAX_ROWS=max(args.rows * 2, 2_000_000))
    made = run(app, args.rows, args.people, args.profile)
    print(describe(made))
    if args.profile:
        print(made["first"]["profile"])


if __name__ == "__main__":
    main()
