"""TPP benchmark: a month's TPP for every OPD of N people, and the payment list PDF of one OPD (issue 14).

    python bench/tpp.py                                                 # SQLite, 10,000 people
    python bench/tpp.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/kinerja_tpp --people 100000
    python bench/tpp.py --database-url sqlite:////tmp/tpp.db --people 2000 --pdf-people 500 --profile

The database is emptied first (PostgreSQL: schema public dropped), migrated, and filled by ``bench/generate.py``
with OPDs of ``--pdf-people`` people each (20 units, people spread evenly; every position has a kelas jabatan:
11 for the heads, 7 for the others), then, in bulk and from a seeded random: 2018's official holidays; March
2018's stored daily statuses (``attendance_days``, the 21 working days; Good Friday 30 March is a holiday):
present nearly always, 5 % of the days late (TL1–TL4), 3 % early (PSW1–PSW4), 0.5 % TK, 0.3 % without a
check-in, 0.3 % without a check-out, 1 % izin or surat tugas, 2 % of the Monday apel missed; leave for 1.5 % of
the people (annual, sick, a few unpaid) with its days so marked; a sanction for 0.7 % (medium, in force all
month, or light); a rating (hasil kerja and perilaku "sesuai": predikat "baik") for 90 %, the rest unrated.
PostgreSQL gets the day rows by COPY; then ANALYZE. Each OPD's month is prepared with preset A
(``periods.prepare``, not timed: the page does it before starting the job).

Measured: (1) ``app.tpp.services.calculation.calculate`` and the commit, for every OPD's period one after the
other, as the job ``tpp.calculate`` runs each (wall time and this process's CPU time, which holds neither the
database server's), its SQL statements in all and per OPD, and the total TPP; (2) the payment list of the first
OPD: its period is set closed directly (``periods.close`` refuses while people are unrated, and recalculates to
compare: that comparison, ``periods.changes``, is timed on its own), then ``payment.render(payment.build(period,
None))`` (no treasurer, no QR verification), its statements and pages. Targets (issue 14, on 2 cores): the month
for 10,000 people < 10 s on SQLite and for 100,000 < 60 s on PostgreSQL (a run of another size is scaled
linearly to them), with a statement count that does not grow with the people of a unit; the payment list PDF
of 1,000 people < 10 s. ``--profile`` prints where the time goes. The last line printed is the summary.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, func, insert, select, text  # noqa: E402

from app.extensions import db  # noqa: E402
from bench.generate import DAY_COLUMNS, copy_days, month_days, pdf_pages, profile_text  # noqa: E402

YEAR, MONTH = 2018, 3
FAMILY = "A"  # the shipped preset the months are calculated with
SEED = 14
BATCH = 50_000
TARGETS = {"sqlite": (10_000, 10.0), "postgresql": (100_000, 60.0)}  # people, seconds
PDF_TARGET = (1_000, 10.0)  # people, seconds
OUT = Path(__file__).resolve().parent / "out"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
STAMP = {"created_at": NOW, "updated_at": NOW, "version": 1}



def _days(rng: random.Random, employee_id: int, days: list[date], away: dict[date, str]):
    """One person's stored statuses of the month as tuples in ``DAY_COLUMNS`` order."""
    for day in days:
        if day in away:
            yield employee_id, day, away[day], 0, 0, False
            continue
        draw = rng.random()
        late = early = 0
        if draw < 0.005:
            status = "absent"
        elif draw < 0.015:
            status = "permit" if draw < 0.01 else "travel"
        elif draw < 0.018:
            status, late = "no_in", 4  # a missing check-in is stored as TL4
        elif draw < 0.021:
            status, early = "no_out", 4  # a missing check-out as PSW4
        else:
            status = "present"
            if rng.random() < 0.05:
                late = rng.choices((1, 2, 3, 4), weights=(50, 25, 15, 10))[0]
            if rng.random() < 0.03:
                early = rng.choices((1, 2, 3, 4), weights=(50, 25, 15, 10))[0]
        apel = day.weekday() == 0 and status in ("present", "no_in", "no_out") and rng.random() < 0.02
        yield employee_id, day, status, late, early, apel



def inputs(people: int) -> dict:
    """The month's inputs for everyone (the base installation exists already)."""
    from app.attendance.models import AttendanceDay, Leave
    from app.discipline.models import Sanction
    from app.org.models import Employee
    from app.tpp.models import Rating

    rng = random.Random(SEED)
    first, last, days = month_days(YEAR, MONTH)
    ids = list(db.session.scalars(select(Employee.id).order_by(Employee.id)))
    leaves, sanctions, ratings, away = [], [], [], {}
    for employee_id in ids:
        draw = rng.random()
        if draw < 0.015:
            if draw < 0.01:
                kind, length = "annual", 3
            elif draw < 0.014:
                kind, length = "sick", 5
            else:
                kind, length = "unpaid", 10
            starts = rng.choice(days[:-length])
            ends = starts + timedelta(days=length - 1)
            leaves.append({"employee_id": employee_id, "kind": kind, "starts_on": starts, "ends_on": ends,
                           "decision_number": f"800/{employee_id}/CUTI/2018", "note": "", **STAMP})
            away[employee_id] = {d: f"leave_{kind}" for d in days if starts <= d <= ends}
        draw = rng.random()
        if draw < 0.007:
            medium = draw < 0.005
            sanctions.append({"employee_id": employee_id, "level": "medium" if medium else "light",
                              "kind": "pemotongan tunjangan kinerja 25% selama 6 bulan" if medium else "teguran lisan",
                              "decision_number": f"862/{employee_id}/HD/2018", "decision_date": date(2018, 1, 15),
                              "starts_on": date(2018, 2, 1), "ends_on": date(2018, 7, 31) if medium else None,
                              "note": "", **STAMP})
        if rng.random() < 0.9:
            ratings.append({"employee_id": employee_id, "year": YEAR, "month": MONTH, "hasil_kerja": "sesuai",
                            "perilaku": "sesuai", "predikat": "baik", "note": "", "rated_by_id": 1, **STAMP})
    for model, rows in ((Leave, leaves), (Sanction, sanctions), (Rating, ratings)):
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(model), rows[start:start + 5000])
    postgres = db.engine.dialect.name == "postgresql"
    written, batch = 0, []
    for employee_id in ids:
        batch.extend(_days(rng, employee_id, days, away.get(employee_id, {})))
        if len(batch) >= BATCH or employee_id == ids[-1]:
            if postgres:
                copy_days(batch)
            else:
                db.session.execute(insert(AttendanceDay.__table__), [dict(zip(DAY_COLUMNS, row, strict=True))
                                                                     for row in batch])
            written += len(batch)
            batch = []
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return {"people": len(ids), "day_rows": written, "working_days": len(days), "leaves": len(leaves),
            "sanctions": len(sanctions), "ratings": len(ratings),
            "absent_days": db.session.scalar(select(func.count()).select_from(AttendanceDay)
                                             .where(AttendanceDay.status == "absent"))}


def periods_of_month() -> list[int]:
    """Every OPD's period of the month, open with preset A (what the page does before the job), committed."""
    from app.org.models import Unit
    from app.tpp.services import periods, presets

    presets.install_presets()
    ids = []
    for opd in db.session.scalars(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id)):
        ids.append(periods.prepare(opd, YEAR, MONTH, FAMILY).id)
    db.session.commit()
    return ids


class Statements:
    def __init__(self):
        self.n = 0

    def __call__(self, *args):
        self.n += 1



def measure_calculation(period_ids: list[int], profile: bool = False) -> dict:
    """Each OPD's month calculated and committed, one after the other (one job each), timed in all."""
    from app.tpp.models import Period, Result
    from app.tpp.services import calculation

    db.session.remove()
    counter = Statements()
    per_opd: list[tuple[int, int]] = []  # (people, statements)
    profiler = cProfile.Profile() if profile else None
    load = os.getloadavg()[0]
    event.listen(db.engine, "before_cursor_execute", counter)
    started, cpu = time.perf_counter(), time.process_time()
    try:
        if profiler:
            profiler.enable()
        for period_id in period_ids:
            before = counter.n
            period = db.session.get(Period, period_id)
            calculation.calculate(period, None)
            people = period.people
            db.session.commit()
            per_opd.append((people, counter.n - before))
        if profiler:
            profiler.disable()
    finally:
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        event.remove(db.engine, "before_cursor_execute", counter)
    db.session.remove()
    r = Result.__table__.c
    problems = dict(db.session.execute(select(r.kelas.is_(None), func.count()).group_by(r.kelas.is_(None))).all())
    found = {"seconds": seconds, "cpu": cpu, "load": (load, os.getloadavg()[0]), "statements": counter.n,
             "opds": len(per_opd), "per_opd": per_opd,
             "results": db.session.scalar(select(func.count()).select_from(Result)),
             "total": db.session.scalar(select(func.sum(Period.total))) or 0,
             "people_paid": db.session.scalar(select(func.sum(Period.people))) or 0,
             "no_kelas": problems.get(True, 0),
             "unrated": db.session.scalar(select(func.count()).select_from(Result).where(r.unrated.is_(True))),
             "zero": db.session.scalar(select(func.count()).select_from(Result).where(r.total == 0))}
    if profiler:
        found["profile"] = profile_text(profiler, "calculation of every OPD + commits")
    return found



def measure_pdf(period_id: int, profile: bool = False) -> dict:
    """The payment list of one OPD's month: closed directly, then built and rendered once, timed."""
    from app.tpp import payment
    from app.tpp.models import Period
    from app.tpp.services import periods

    db.session.remove()
    period = db.session.get(Period, period_id)
    started = time.perf_counter()
    moved = periods.changes(period)  # what periods.close compares before closing
    compare = time.perf_counter() - started
    period.state = "closed"  # set directly: periods.close refuses while people are unrated
    db.session.commit()
    db.session.remove()
    counter = Statements()
    profiler = cProfile.Profile() if profile else None
    load = os.getloadavg()[0]
    event.listen(db.engine, "before_cursor_execute", counter)
    started = time.perf_counter()
    try:
        if profiler:
            profiler.enable()
        period = db.session.get(Period, period_id)
        data = payment.build(period, None)
        built = time.perf_counter()
        pdf = payment.render(data)
        if profiler:
            profiler.disable()
    finally:
        done = time.perf_counter()
        event.remove(db.engine, "before_cursor_execute", counter)
    found = {"people": period.people, "build": built - started, "render": done - built, "seconds": done - started,
             "statements": counter.n, "pages": pdf_pages(pdf), "kb": len(pdf) / 1024, "compare": compare,
             "changed": len(moved), "load": (load, os.getloadavg()[0])}
    (OUT / "tpp_payment.pdf").write_bytes(pdf)
    if profiler:
        found["profile"] = profile_text(profiler, "payment list build + render")
    return found


def run(app, people: int, pdf_people: int, profile: bool = False) -> dict:
    """Generate and measure in ``app``'s database (emptied and migrated, no installation yet)."""
    from bench.generate import generate as base

    with app.app_context(), app.test_request_context():
        started = time.perf_counter()
        made = base(people, opds=max(1, round(people / pdf_people)))
        made.update(inputs(people))
        period_ids = periods_of_month()
        made["generate_seconds"] = time.perf_counter() - started
        made["calc"] = measure_calculation(period_ids, profile)
        made["pdf"] = measure_pdf(period_ids[0], profile)
        made["dialect"] = db.engine.dialect.name
        made["version"] = db.session.execute(text("SELECT sqlite_version()" if made["dialect"] == "sqlite"
                                                  else "SHOW server_version")).scalar()
        db.session.remove()
    return made


def _verdict(seconds: float, people: int, target_people: int, target: float) -> str:
    scaled = seconds * target_people / people
    how = "" if people == target_people else f" (scaled linearly from {people:,}: {scaled:.1f} s)"
    return f"target < {target:.0f} s for {target_people:,} people: {'within' if scaled < target else 'OVER'}{how}"


def describe(made: dict) -> str:
    calc, pdf = made["calc"], made["pdf"]
    target_people, target = TARGETS[made["dialect"]]
    counts = sorted({statements for _people, statements in calc["per_opd"]})
    sizes = sorted(people for people, _statements in calc["per_opd"])
    per_opd = (f"{counts[0]} per OPD" if len(counts) == 1 else f"{counts[0]}–{counts[-1]} per OPD")
    no_kelas = f", {calc['no_kelas']:,} without a kelas (no_kelas)" if calc["no_kelas"] else ", none without a kelas"
    pages = f", {pdf['pages']} pages" if pdf["pages"] is not None else ""
    return (f"{made['dialect']} {made['version']}: March {YEAR} TPP for {made['people']:,} people in {calc['opds']} "
            f"OPDs of {sizes[0]:,}–{sizes[-1]:,} ({made['units']:,} units; {made['day_rows']:,} day rows, "
            f"{made['working_days']} working days, {made['leaves']} leaves, {made['sanctions']} sanctions, "
            f"{made['ratings']:,} ratings): calculate + commit {calc['seconds']:.1f} s ({calc['cpu']:.1f} s CPU in "
            f"this process; load average {calc['load'][0]:.2f} before, {calc['load'][1]:.2f} after), "
            f"{calc['statements']:,} SQL statements ({per_opd}), {calc['results']:,} results, total TPP "
            f"Rp {calc['total']:,}, {calc['unrated']:,} unrated{no_kelas}, {calc['zero']:,} paid nothing; "
            f"{_verdict(calc['seconds'], made['people'], target_people, target)}. Payment list PDF of "
            f"{pdf['people']:,} people: {pdf['seconds']:.1f} s (build {pdf['build']:.2f} s, render "
            f"{pdf['render']:.1f} s; {pdf['statements']} statements{pages}, {pdf['kb']:,.0f} KB; load average "
            f"{pdf['load'][0]:.2f} before, {pdf['load'][1]:.2f} after); "
            f"{_verdict(pdf['seconds'], pdf['people'], *PDF_TARGET)}; close's comparison (periods.changes) "
            f"{pdf['compare']:.1f} s, {pdf['changed']} changed. Data generated in {made['generate_seconds']:.1f} s")


def main() -> None:
    from bench.generate import empty_app

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", f"sqlite:///{OUT / 'tpp.db'}"),
                        help="emptied first (default: DATABASE_URL, else bench/out/tpp.db)")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--pdf-people", type=int, default=PDF_TARGET[0],
                        help="the people of each OPD, and so of the payment list (default 1,000)")
    parser.add_argument("--profile", action="store_true", help="print the costliest calls of the calculation and PDF")
    args = parser.parse_args()
    url = args.database_url
    app = empty_app(url)
    made = run(app, args.people, args.pdf_people, args.profile)
    if args.profile:
        print(made["calc"]["profile"])
        print(made["pdf"]["profile"])
    print(describe(made))


if __name__ == "__main__":
    main()
