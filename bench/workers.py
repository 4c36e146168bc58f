"""Non-ASN honorarium benchmark: the month of an OPD of 5,000 contract workers, and its recap (XLSX and PDF).

    python bench/workers.py                                              # SQLite, bench/out/workers.db
    python bench/workers.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/kinerja_bench_workers
    python bench/workers.py --workers 1000 --no-opd-pdf --profile

The database is emptied first (PostgreSQL: schema public dropped), migrated, and filled by ``bench/generate.py``
with one OPD of 20 units (sekretariat with 2 subbagian, 4 bidang with 3 seksi) and its ``--asn`` ASN staff (the
unit heads sign the recap; one of them holds a "Bendahara Pengeluaran" position, the treasurer), then, in bulk
and from a seeded random: ``--workers`` non-ASN workers (70 % THL, 30 % PJLP, each with a NIK) spread evenly over
the 20 units, each with a signed 2018 contract (SPK): 60 % monthly at Rp 3,648,035, 40 % daily at Rp 165,820; 4 %
start in the middle of March (their attendance begins that day), 2 % are terminated in the middle of March (the
attendance pass went on marking them TK after it, which the honorarium must not count). 2018's official
holidays; March 2018's stored daily statuses (``attendance_days``, the 21 working days; Good Friday 30 March is a
holiday): 3 % TK, 1 % izin, 1 % surat tugas, 0.5 % sick leave, 0.3 % without a check-in (TL4), 0.3 % without a
check-out (PSW4), and of the days present 6 % late (TL1–TL4) and 3 % early (PSW1–PSW4). PostgreSQL gets the day
rows by COPY; then ANALYZE. The OPD's rules are the shipped ones (stored before the timing). "Now" is
2 April 2018, 09:00 WIB (``app.core.clock.set_to``), so March has ended and can be closed.

Measured, each in a fresh session, with its SQL statements: (1) ``honor.work_out`` of the whole OPD for March,
what the open month page computes on every request (median of ``--runs``), and the same for one seksi (250
workers); (2) ``honor.close`` + commit (the month's lines stored, one per contract); (3) ``recap.workbook`` of the
closed month for the OPD and for the seksi; ``recap.lines`` of the OPD alone, which ``recap.start_issue`` loads
(5,000 ORM rows) only to count them before starting the job; (4) ``recap.issue`` (build, render with the QR block,
store, as the job ``workers.recap_pdf`` runs it) for the seksi, then for the whole OPD (skipped with
``--no-opd-pdf``), each split into build and render (the bench wraps ``recap.build`` and ``recap.render`` to time
them), with its pages, size and this process's peak memory. The lines are checked against sums kept while
generating (days paid, TK, TL, PSW and the gross pay of every contract). The output is a table; the last line
printed is the summary.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import random
import resource
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, func, insert, select, text, update  # noqa: E402

from app.extensions import db  # noqa: E402
from bench.generate import DAY_COLUMNS, copy_days, month_days, pdf_pages, profile_text  # noqa: E402

YEAR, MONTH = 2018, 3
SEED = 18
BATCH = 50_000
MONTHLY, DAILY = 3_648_035, 165_820  # rupiah: a month's honorarium, a day's
OUT = Path(__file__).resolve().parent / "out"
NOW = datetime(2026, 1, 1, tzinfo=UTC)  # the rows' timestamps
CLOCK = datetime(2018, 4, 2, 2, 0, tzinfo=UTC)  # "now" for the measurements: 2 April 2018, 09:00 WIB
STAMP = {"created_at": NOW, "updated_at": NOW, "version": 1}
PAID = ("present", "no_in", "no_out", "travel")  # the shipped rules' paid statuses (app/workers/shipped.py)
POSITIONS = ("Petugas P3S", "Pramu Kantor", "Petugas Kebersihan", "Pengemudi", "Operator Komputer", "Satpam",
             "Petugas Lapangan")


class Statements:
    def __init__(self):
        self.n = 0

    def __call__(self, *args):
        self.n += 1


@contextmanager
def counting():
    """The SQL statements run inside the block (``counter.n``)."""
    counter = Statements()
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)


@contextmanager
def timing(module, name: str, spent: dict):
    """``module.name`` wrapped for the block: the seconds of its calls add up in ``spent[name]``."""
    original = getattr(module, name)

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - started

    setattr(module, name, timed)
    try:
        yield spent
    finally:
        setattr(module, name, original)



def _day(rng: random.Random) -> tuple[str, int, int]:
    """A working day's (status, late code, early code)."""
    draw = rng.random()
    if draw < 0.03:
        return "absent", 0, 0
    if draw < 0.04:
        return "permit", 0, 0
    if draw < 0.05:
        return "travel", 0, 0
    if draw < 0.055:
        return "leave_sick", 0, 0
    if draw < 0.058:
        return "no_in", 4, 0  # a missing check-in is stored as TL4
    if draw < 0.061:
        return "no_out", 0, 4  # a missing check-out as PSW4
    late = rng.choices((1, 2, 3, 4), weights=(50, 25, 15, 10))[0] if rng.random() < 0.06 else 0
    early = rng.choices((1, 2, 3, 4), weights=(50, 25, 15, 10))[0] if rng.random() < 0.03 else 0
    return "present", late, early



def _ids_after(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def workers(count: int) -> dict:
    """The non-ASN workers, their contracts and March's statuses (the base installation exists already)."""
    from app.attendance.models import AttendanceDay
    from app.org.models import Employee, Position, Unit
    from app.workers.models import Contract
    from bench.generate import FAMILY, NAMES

    rng = random.Random(SEED)
    first, last, days = month_days(YEAR, MONTH)
    opd = db.session.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))
    units = list(db.session.scalars(select(Unit.id).where(Unit.path.startswith(opd.path)).order_by(Unit.id)))
    # the treasurer: an ASN of the sekretariat moves to a "Bendahara Pengeluaran" position
    sekretariat = units[1]
    treasurer = _ids_after(Position)
    db.session.execute(insert(Position), [{"id": treasurer, "unit_id": sekretariat, "type": "pelaksana",
                                           "name": "Bendahara Pengeluaran", "eselon": None, "kelas_jabatan": 8,
                                           "is_head": False, "created_at": NOW, "updated_at": NOW, "version": 1}])
    someone = db.session.scalar(select(Employee.id).where(Employee.unit_id == sekretariat,
                                                          ~Employee.position.has(Position.is_head))
                                .order_by(Employee.id).limit(1))
    db.session.execute(update(Employee).where(Employee.id == someone).values(position_id=treasurer))
    first_emp, first_contract = _ids_after(Employee), _ids_after(Contract)
    people, contracts, expected, away = [], [], [], {}
    mid = days[6:14]  # the middle of the month: a contract starts, or is terminated, on one of these days
    counts = {"monthly": 0, "daily": 0, "mid_start": 0, "terminated": 0, "thl": 0, "pjlp": 0}
    for n in range(count):
        eid = first_emp + n
        kind = "thl" if rng.random() < 0.7 else "pjlp"
        counts[kind] += 1
        name = f"{NAMES[n % len(NAMES)]} {FAMILY[(n // len(NAMES)) % len(FAMILY)]} NA{n}"
        birth = date(1975, 1, 1) + timedelta(days=n % 9000)
        people.append({"id": eid, "employment_type": kind, "nip": None, "nik": f"3171{birth:%d%m%y}{n:06d}",
                       "name": name, "name_search": name.lower(), "front_title": "", "back_title": "",
                       "sex": "L" if n % 2 == 0 else "P", "birth_date": birth, "golongan": None,
                       "unit_id": units[n % len(units)], "position_id": None, "status": "aktif", "email": "",
                       "phone": "", **STAMP})
        monthly = rng.random() < 0.6
        basis, rate = ("monthly", MONTHLY) if monthly else ("daily", DAILY)
        counts[basis] += 1
        starts, terminated, state = date(YEAR, 1, 2), None, "active"
        draw = rng.random()
        if draw < 0.04:
            starts = rng.choice(mid)
            counts["mid_start"] += 1
        elif draw < 0.06:
            terminated, state = rng.choice(mid), "terminated"
            counts["terminated"] += 1
        contracts.append({"id": first_contract + n, "employee_id": eid, "unit_id": units[n % len(units)],
                          "year": YEAR, "number": f"027/SPK-NA/{n + 1:05d}/{YEAR}", "starts_on": starts,
                          "ends_on": date(YEAR, 12, 31), "position": POSITIONS[n % len(POSITIONS)], "duties": "",
                          "pay_basis": basis, "rate": rate, "shift_id": None, "workplace": "", "state": state,
                          "signed_on": starts - timedelta(days=3), "document_id": None,
                          "terminated_on": terminated,
                          "termination_reason": "Mengundurkan diri" if terminated else "", "renewal": None,
                          "renewal_note": "", "renewal_by_id": None, "renewed_from_id": None, "created_by_id": 1,
                          **STAMP})
        expected.append((eid, basis, rate, starts, terminated or date(YEAR, 12, 31)))
        away[eid] = terminated
    for model, rows in ((Employee, people), (Contract, contracts)):
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(model), rows[start:start + 5000])
    postgres = db.engine.dialect.name == "postgresql"
    written, batch = 0, []
    sums = {"paid": 0, "absent": 0, "late": 0, "early": 0, "gross": 0, "contract_days": 0}
    for eid, basis, rate, starts, ends in expected:
        paid = 0
        for day in days:
            if day < starts:
                continue  # a new worker has no statuses before the contract
            if away[eid] is not None and day > ends:
                status, late, early = "absent", 0, 0  # terminated, still marked TK by the pass
            else:
                status, late, early = _day(rng)
                sums["contract_days"] += 1
                paid += status in PAID
                sums["absent"] += status == "absent"
                sums["late"] += late > 0
                sums["early"] += early > 0
            batch.append((eid, day, status, late, early, False))
        sums["paid"] += paid
        sums["gross"] += paid * rate if basis == "daily" else int((Decimal(rate) * paid / len(days))
                                                                  .quantize(Decimal(1), ROUND_HALF_UP))
        if len(batch) >= BATCH or eid == expected[-1][0]:
            if postgres:
                copy_days(batch)
            else:
                db.session.execute(insert(AttendanceDay.__table__), [dict(zip(DAY_COLUMNS, row, strict=True))
                                                                     for row in batch])
            written += len(batch)
            batch = []
    if postgres:
        for table in ("positions", "employees", "worker_contracts"):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                                    f"(SELECT MAX(id) FROM {table}))"))
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return {"opd_id": opd.id, "units": len(units), "workers": count, "day_rows": written,
            "working_days": len(days), "expected": sums, **counts}


def rules_stored(opd_id: int) -> None:
    """The rules in force in March (the shipped ones, the OPD's first version) stored before the timing, as after
    the OPD's first closed month or its first own version; else ``close`` would store them."""
    from app.org.models import Unit
    from app.workers.services import honor

    version = honor.rules_version(db.session.get(Unit, opd_id), YEAR, MONTH)
    if version.id is None:
        db.session.add(version)
    db.session.commit()


def _seksi(opd_id: int):
    """The first seksi of the OPD (a leaf: its subtree holds its own workers only)."""
    from app.org.models import Unit

    return db.session.scalar(select(Unit.id).where(Unit.kind == "seksi", Unit.path.like(f"/{opd_id}/%"))
                             .order_by(Unit.id).limit(1))



def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024



def measure_work_out(unit_id: int, runs: int, profile: list | None = None) -> dict:
    """``honor.work_out`` of the unit's subtree for March, in a fresh session each time (as each request)."""
    from app.org.models import Unit
    from app.workers.rules import Rules
    from app.workers.services import honor

    times, statements, lines = [], 0, []
    for n in range(runs):
        db.session.remove()
        unit = db.session.get(Unit, unit_id)
        opd = unit if unit.parent_id is None else db.session.get(Unit, unit.opd_id)
        rules = Rules.read(honor.rules_version(opd, YEAR, MONTH).rules)  # what the page reads first
        profiler = cProfile.Profile() if profile is not None and n == 0 else None
        with counting() as counter:
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            lines = honor.work_out(unit, YEAR, MONTH, rules)
            if profiler:
                profiler.disable()
            times.append(time.perf_counter() - started)
        statements = counter.n
        if profiler:
            profile.append(profile_text(profiler, f"work_out of unit {unit_id}", 25))
    db.session.remove()
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "runs": runs,
            "statements": statements, "lines": len(lines), "unknown": sum(line.unknown for line in lines),
            "net": sum(line.pay.net for line in lines),
            "sums": {"paid": sum(line.month.paid for line in lines),
                     "absent": sum(line.month.absent for line in lines),
                     "late": sum(line.month.late for line in lines),
                     "early": sum(line.month.early for line in lines),
                     "gross": sum(line.pay.gross for line in lines),
                     "contract_days": sum(line.month.contract for line in lines)}}


def measure_close(opd_id: int, profile: list | None = None) -> dict:
    """``honor.close`` of the OPD's March, then the commit (what the route does), timed and counted."""
    from app.accounts.models import User
    from app.org.models import Unit
    from app.workers.models import HonorLine
    from app.workers.services import honor

    db.session.remove()
    opd, user = db.session.get(Unit, opd_id), db.session.get(User, 1)
    profiler = cProfile.Profile() if profile is not None else None
    with counting() as counter:
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        found = honor.close(opd, YEAR, MONTH, None, user)
        closed = time.perf_counter()
        db.session.commit()
        if profiler:
            profiler.disable()
        done = time.perf_counter()
    if profiler:
        profile.append(profile_text(profiler, "close + commit", 25))
    month_id = found.id
    db.session.remove()
    stored = db.session.scalar(select(func.count()).select_from(HonorLine).where(HonorLine.month_id == month_id))
    return {"seconds": done - started, "close": closed - started, "commit": done - closed,
            "statements": counter.n, "month_id": month_id, "stored": stored,
            "people": found.people, "total": found.total}


def measure_workbook(month_id: int, unit_id: int, runs: int = 3) -> dict:
    from app.org.models import Unit
    from app.workers import recap
    from app.workers.models import HonorMonth

    times, statements, data = [], 0, b""
    for _n in range(runs):
        db.session.remove()
        found, unit = db.session.get(HonorMonth, month_id), db.session.get(Unit, unit_id)
        with counting() as counter:
            started = time.perf_counter()
            data = recap.workbook(found, unit)
            times.append(time.perf_counter() - started)
        statements = counter.n
    db.session.remove()
    (OUT / f"workers_recap_{unit_id}.xlsx").write_bytes(data)
    return {"median": statistics.median(times), "runs": runs, "statements": statements, "kb": len(data) / 1024}


def measure_lines(month_id: int, unit_id: int, runs: int = 3) -> dict:
    """``recap.lines``: what ``recap.start_issue`` loads to count the workers before it starts the job."""
    from app.org.models import Unit
    from app.workers import recap
    from app.workers.models import HonorMonth

    times, statements, count = [], 0, 0
    for _n in range(runs):
        db.session.remove()
        found, unit = db.session.get(HonorMonth, month_id), db.session.get(Unit, unit_id)
        with counting() as counter:
            started = time.perf_counter()
            count = len(recap.lines(found, unit))
            times.append(time.perf_counter() - started)
        statements = counter.n
    db.session.remove()
    return {"median": statistics.median(times), "statements": statements, "count": count}


def measure_issue(month_id: int, unit_id: int, profile: list | None = None) -> dict:
    """``recap.issue`` + commit, as the job runs it; build and render timed by wrapping them."""
    from app.accounts.models import User
    from app.documents.services import read_pdf
    from app.org.models import Unit
    from app.workers import recap
    from app.workers.models import HonorMonth

    db.session.remove()
    found, unit, user = db.session.get(HonorMonth, month_id), db.session.get(Unit, unit_id), db.session.get(User, 1)
    spent: dict[str, float] = {}
    profiler = cProfile.Profile() if profile is not None else None
    load = os.getloadavg()[0]
    with timing(recap, "build", spent), timing(recap, "render", spent), counting() as counter:
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        document = recap.issue(found, unit, user)
        db.session.commit()
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - started
    if profiler:
        profile.append(profile_text(profiler, f"issue of unit {unit_id}", 25))
    pdf = read_pdf(document)
    (OUT / f"workers_recap_{unit_id}.pdf").write_bytes(pdf)
    found_rows = len(recap.lines(found, unit))
    db.session.remove()
    return {"seconds": seconds, "build": spent.get("build", 0.0), "render": spent.get("render", 0.0),
            "statements": counter.n, "pages": pdf_pages(pdf), "kb": len(pdf) / 1024, "rows": found_rows,
            "peak_mb": _peak_mb(), "load": (load, os.getloadavg()[0])}


def run(app, count: int, asn: int, runs: int, opd_pdf: bool, profile: bool = False) -> dict:
    """Generate and measure in ``app``'s database (emptied and migrated, no installation yet)."""
    from app.core import clock
    from bench.generate import generate as base

    profiles: list | None = [] if profile else None
    with app.app_context(), app.test_request_context(), clock.set_to(CLOCK):
        started = time.perf_counter()
        made = base(asn, opds=1)
        made.update(workers(count))
        rules_stored(made["opd_id"])
        made["generate_seconds"] = time.perf_counter() - started
        opd_id, seksi = made["opd_id"], _seksi(made["opd_id"])
        load = os.getloadavg()[0]
        made["work_out"] = measure_work_out(opd_id, runs, profiles)
        made["work_out_seksi"] = measure_work_out(seksi, runs)
        made["close"] = measure_close(opd_id, profiles)
        month_id = made["close"]["month_id"]
        made["xlsx"] = measure_workbook(month_id, opd_id)
        made["xlsx_seksi"] = measure_workbook(month_id, seksi)
        made["lines"] = measure_lines(month_id, opd_id)
        made["pdf_seksi"] = measure_issue(month_id, seksi, profiles)
        made["pdf"] = measure_issue(month_id, opd_id) if opd_pdf else None
        made["load"] = (load, os.getloadavg()[0])
        made["dialect"] = db.engine.dialect.name
        made["version"] = db.session.execute(text("SELECT sqlite_version()" if made["dialect"] == "sqlite"
                                                  else "SHOW server_version")).scalar()
        db.session.remove()
    made["profiles"] = profiles or []
    return made


def check(made: dict) -> str:
    """The worked-out lines against the sums kept while generating."""
    got, want = made["work_out"]["sums"], made["expected"]
    wrong = [f"{key} {got[key]:,} (expected {want[key]:,})" for key in want if got[key] != want[key]]
    if made["close"]["stored"] != made["workers"]:
        wrong.append(f"{made['close']['stored']:,} lines stored for {made['workers']:,} contracts")
    return "lines checked: days paid, TK, TL, PSW, contract days and gross pay as generated" if not wrong else (
        "lines DIFFER from the generated data: " + "; ".join(wrong))


def table(made: dict) -> list[str]:
    """The figures as a Markdown table."""
    w, ws, c = made["work_out"], made["work_out_seksi"], made["close"]
    x, xs, lines_, ps, p = made["xlsx"], made["xlsx_seksi"], made["lines"], made["pdf_seksi"], made["pdf"]
    n, s = f"{made['workers']:,}", f"{ps['rows']:,}"

    def pdf_row(label: str, r: dict) -> str:
        pages = f"{r['pages']} pages, " if r["pages"] is not None else ""
        return (f"| {label} | {r['seconds']:.1f} s | {r['statements']} | build {r['build']:.2f} s, render "
                f"{r['render']:.1f} s; {pages}{r['kb']:,.0f} KB; peak memory of the process {r['peak_mb']:,.0f} MB; "
                f"load average {r['load'][0]:.1f} → {r['load'][1]:.1f} |")

    rows = ["| step | time | SQL | notes |", "|---|---:|---:|---|",
            f"| (1) `honor.work_out`, whole OPD ({n} workers) | {w['median'] * 1000:,.0f} ms | {w['statements']} | "
            f"median of {w['runs']} ({w['min'] * 1000:,.0f}–{w['max'] * 1000:,.0f} ms); {w['lines']:,} lines, "
            f"Rp {w['net']:,} |",
            f"| (1) `honor.work_out`, one seksi ({ws['lines']:,} workers) | {ws['median'] * 1000:,.0f} ms | "
            f"{ws['statements']} | median of {ws['runs']} |",
            f"| (2) `honor.close` + commit, whole OPD | {c['seconds'] * 1000:,.0f} ms | {c['statements']} | "
            f"close {c['close'] * 1000:,.0f} ms, commit {c['commit'] * 1000:,.0f} ms; {c['stored']:,} lines stored |",
            f"| (3) `recap.workbook`, whole OPD | {x['median'] * 1000:,.0f} ms | {x['statements']} | "
            f"median of {x['runs']}; {x['kb']:,.0f} KB |",
            f"| (3) `recap.workbook`, one seksi | {xs['median'] * 1000:,.0f} ms | {xs['statements']} | "
            f"median of {xs['runs']}; {xs['kb']:,.0f} KB |",
            f"| `recap.lines`, whole OPD (`start_issue` loads it to count) | {lines_['median'] * 1000:,.0f} ms | "
            f"{lines_['statements']} | {lines_['count']:,} ORM rows |",
            pdf_row(f"(4) `recap.issue` + commit, one seksi ({s} rows)", ps)]
    if p is not None:
        rows.append(pdf_row(f"(4) `recap.issue` + commit, whole OPD ({p['rows']:,} rows)", p))
    return rows


def describe(made: dict) -> str:
    w, c, x, ps, p = made["work_out"], made["close"], made["xlsx"], made["pdf_seksi"], made["pdf"]
    opd_pdf = (f"; PDF of the OPD ({p['rows']:,} rows): {p['seconds']:.1f} s (render {p['render']:.1f} s, "
               f"{p['pages']} pages, {p['kb']:,.0f} KB, peak memory {p['peak_mb']:,.0f} MB)") if p else ""
    return (f"{made['dialect']} {made['version']}: March {YEAR} honorarium of {made['workers']:,} non-ASN workers "
            f"({made['thl']:,} THL, {made['pjlp']:,} PJLP; {made['monthly']:,} monthly, {made['daily']:,} daily; "
            f"{made['mid_start']} starting and {made['terminated']} terminated mid-month) in one OPD of "
            f"{made['units']} units, {made['day_rows']:,} day rows, {made['working_days']} working days: "
            f"work_out {w['median'] * 1000:,.0f} ms ({w['statements']} statements), close + commit "
            f"{c['seconds'] * 1000:,.0f} ms ({c['statements']} statements, {c['stored']:,} lines, total "
            f"Rp {c['total']:,}), workbook {x['median'] * 1000:,.0f} ms ({x['kb']:,.0f} KB); PDF of one seksi "
            f"({ps['rows']} rows): {ps['seconds']:.1f} s (render {ps['render']:.1f} s, {ps['pages']} pages)"
            f"{opd_pdf}; {check(made)}. 1-minute load average {made['load'][0]:.1f} before the steps, "
            f"{made['load'][1]:.1f} after ({os.cpu_count()} cores). Data generated in {made['generate_seconds']:.1f} s")


def main() -> None:
    from bench.generate import empty_app

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", f"sqlite:///{OUT / 'workers.db'}"),
                        help="emptied first (default: DATABASE_URL, else bench/out/workers.db)")
    parser.add_argument("--workers", type=int, default=5_000, help="non-ASN workers of the OPD (default 5,000)")
    parser.add_argument("--asn", type=int, default=200, help="ASN staff of the OPD (heads first; default 200)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of work_out (default 5)")
    parser.add_argument("--no-opd-pdf", dest="opd_pdf", action="store_false",
                        help="skip the PDF of the whole OPD (minutes at 5,000 workers)")
    parser.add_argument("--profile", action="store_true", help="print the costliest calls of the steps")
    args = parser.parse_args()
    app = empty_app(args.database_url)
    made = run(app, args.workers, args.asn, args.runs, args.opd_pdf, args.profile)
    for text_ in made["profiles"]:
        print(text_)
    print("\n".join(table(made)))
    print(describe(made))


if __name__ == "__main__":
    main()
