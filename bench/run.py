"""``make bench``: time the pages users wait on, on generated data, for SQLite and PostgreSQL.

For each database: a fresh schema, 10,000 generated people (100,000 in 3,340 units with ``BENCH_LARGE=1 make
bench``, a province) and an OPD whose 500 unit heads each have an agreement; then every page is requested 30
times after a warm-up through the Flask test client, each request with its own app context and database session
as when served, recording server time (p50, p95) and SQL statements per request (admin and an OPD's HR: lists,
home page, task inbox, reminders). Then the monitoring
benchmark (``bench/monitoring.py``) adds an OPD of 300 units with 24,000 quarterly values to the same
database and times its dashboards, grid, grid save and reminders. Then the certificate benchmark
(``bench/awards.py``) prints 1,000 numbered certificates in bulk on 2 cores, 300 of them against headless
Chromium printing the same HTML, and 10,000 in one worker process for its memory. Then the attendance scripts (``bench/attendance_status.py``: the monthly pass for 10,000 people on
SQLite and 100,000 on PostgreSQL, and the month grid; ``bench/attendance_import.py``: a million check-ins
imported on PostgreSQL). Then the TPP script (``bench/tpp.py``: a month's TPP of every OPD for 10,000 people on
SQLite and 100,000 on PostgreSQL, and the payment list PDF of an OPD of 1,000 people). Then the non-ASN honorarium
script (``bench/workers.py``: an OPD of 5,000 contract workers, its month worked out and closed, its recap as a
workbook and as PDFs of one seksi and of the whole OPD). Then the scorecards script (``bench/scorecards.py``: an
OPD of 1,000 people with a year of agreements, ratings, attendance recaps, TPP results and awards; the person's and
the unit's scorecard pages, the provisional PDF, and the OPD's 1,000 scorecards issued in bulk). Writes
docs/benchmarks.md.

The PostgreSQL database (BENCH_PG_URL) is created when missing; its schema ``public`` is dropped first.
"""

from __future__ import annotations

import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, select, text  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from bench import awards, monitoring  # noqa: E402
from bench.generate import generate  # noqa: E402

RUNS = 30
OUT = ROOT / "bench" / "out"
# BENCH_PARTS=pages,monitoring (say) measures only those parts and writes BENCH_OUT (default: docs/benchmarks.md,
# which only a whole run should write).
ALL_PARTS = ("pages", "monitoring", "awards", "attendance", "tpp", "workers", "scorecards")
PARTS = set(filter(None, os.environ.get("BENCH_PARTS", ",".join(ALL_PARTS)).split(",")))
RESULT = Path(os.environ.get("BENCH_OUT", ROOT / "docs" / "benchmarks.md"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/kinerja_bench")


def _pg_reachable() -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", 5432)) == 0


def _ensure_pg_database(url: str) -> None:
    """Create the benchmark database if the server does not have it yet."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    target = make_url(url)
    engine = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}):
                conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    finally:
        engine.dispose()


def _prepare(url: str, people: int):
    from bench.generate import fresh_schema

    if url.startswith("postgresql"):
        _ensure_pg_database(url)

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "INSTANCE_PATH": str(OUT),
                      "FILES_DIR": str(OUT / "files"), "HUEY_IMMEDIATE": True, "RATELIMIT_ENABLED": False})
    with app.app_context():
        fresh_schema()
        started = time.perf_counter()
        made = generate(people, agreements=False)
        big = _agreement_opd(people)
        made["seconds"] = round(time.perf_counter() - started, 1)
        made.update(big)
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))  # what autovacuum does after a bulk load; SQLite runs as installed
            db.session.commit()
    return app, made


def _agreement_opd(offset: int) -> dict:
    """One more OPD of 500 units (20 bidang × 24 seksi + sekretariat...), each head with a 2018 agreement."""
    from sqlalchemy import func, insert

    from app.agreements.models import Agreement, AgreementVersion, Indicator, Sasaran
    from app.org.models import Employee, EmployeeHistory, Position, Unit
    from bench.generate import NOW

    first_unit = db.session.scalar(select(func.max(Unit.id))) + 1
    first_pos = db.session.scalar(select(func.max(Position.id))) + 1
    first_emp = db.session.scalar(select(func.max(Employee.id))) + 1
    units, positions, people, history = [], [], [], []
    opd = first_unit
    for n in range(500):
        uid = first_unit + n
        if n == 0:
            parent, path, depth, kind = None, f"/{uid}/", 0, "opd"
        elif n <= 20:
            parent, path, depth, kind = opd, f"/{opd}/{uid}/", 1, "bidang"
        else:
            bidang = first_unit + 1 + (n - 21) % 20
            parent, path, depth, kind = bidang, f"/{opd}/{bidang}/{uid}/", 2, "seksi"
        units.append({"id": uid, "parent_id": parent, "path": path, "depth": depth, "kind": kind,
                      "name": f"Unit PK {n}", "code": f"PK{n}", "sort_order": n, "kop_government": "",
                      "kop_name": "", "address": "", "phone": "", "email": "", "website": "", "postal_code": "",
                      "created_at": NOW, "updated_at": NOW, "version": 1})
        positions.append({"id": first_pos + n, "unit_id": uid, "type": "administrator", "name": f"Kepala Unit PK {n}",
                          "eselon": "III.a", "kelas_jabatan": 11, "is_head": True, "created_at": NOW,
                          "updated_at": NOW, "version": 1})
        birth = date(1970, 1, 1).toordinal() + n
        b = date.fromordinal(birth)
        people.append({"id": first_emp + n, "employment_type": "pns", "nip": f"{b:%Y%m%d}1998011{n % 999 + 1:03d}",
                       "nik": None, "name": f"Kepala PK {n}", "name_search": f"kepala pk {n}", "front_title": "",
                       "back_title": "", "sex": "L", "birth_date": b, "golongan": "IV/a", "unit_id": uid,
                       "position_id": first_pos + n, "status": "aktif", "email": "", "phone": "",
                       "created_at": NOW, "updated_at": NOW, "version": 1})
        history.append({"employee_id": first_emp + n, "valid_from": date(2017, 1, 1), "unit_id": uid,
                        "position_id": first_pos + n, "golongan": "IV/a", "note": ""})
    db.session.execute(insert(Unit), units)
    db.session.execute(insert(Position), positions)
    db.session.execute(insert(Employee), people)
    db.session.execute(insert(EmployeeHistory), history)
    first_agreement = (db.session.scalar(select(func.max(Agreement.id))) or 0) + 1
    rows_a, rows_v, rows_s, rows_i = [], [], [], []
    for n, unit in enumerate(units):
        aid = first_agreement + n
        rows_a.append({"id": aid, "year": 2018, "unit_id": unit["id"], "first_party_id": first_emp + n,
                       "created_at": NOW, "updated_at": NOW})
        parent_emp = None if unit["parent_id"] is None else first_emp + (unit["parent_id"] - first_unit)
        rows_v.append({"id": aid, "agreement_id": aid, "number": 1, "status": "draft", "second_party_id": parent_emp,
                       "second_party_name": "" if parent_emp else "Gubernur", "second_party_position": "",
                       "place": "Jakarta", "revision_note": "", "returned_note": "", "created_at": NOW,
                       "updated_at": NOW, "version": 1})
        rows_s.append({"id": aid, "version_id": aid, "position": 1, "text": f"Sasaran {n}"})
        for k in range(3):
            rows_i.append({"version_id": aid, "sasaran_id": aid, "position": k + 1, "key": f"k{unit['id']}-{k}",
                           "name": f"Indikator {k + 1} unit {n}", "satuan": "%", "polarity": "higher", "target": 100,
                           "aggregation": "last", "quarter_note": "", "definition": "", "data_source": "",
                           "supports_key": f"k{unit['parent_id']}-{k}" if unit["parent_id"] and k < 2 else None})
    db.session.execute(insert(Agreement), rows_a)
    db.session.execute(insert(AgreementVersion), rows_v)
    db.session.execute(insert(Sasaran), rows_s)
    db.session.execute(insert(Indicator), rows_i)
    if db.engine.dialect.name == "postgresql":
        for table in ("units", "positions", "employees", "employee_history", "agreements", "agreement_versions",
                      "agreement_sasaran", "agreement_indicators"):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                                    f"(SELECT MAX(id) FROM {table}))"))
    db.session.commit()
    return {"agreement_opd": opd, "agreements": len(units)}


class Counter:
    def __init__(self):
        self.n = 0

    def __call__(self, *args):
        self.n += 1


def _measure(client, url: str, engine, headers=None) -> dict:
    counter = Counter()
    event.listen(engine, "before_cursor_execute", counter)
    try:
        status = client.get(url, headers=headers).status_code
        statements = counter.n
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    assert status == 200, (url, status)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get(url, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1], "statements": statements}


def _pdf_30_indicators(app) -> float:
    """Render one agreement PDF with 30 indicators (10 sasaran × 3), median of 5 renders, in ms."""
    from decimal import Decimal as D

    from app.agreements import document
    from app.agreements.models import Agreement, Indicator, Sasaran

    with app.test_request_context():
        agreement = db.session.scalar(select(Agreement).order_by(Agreement.id.desc()).limit(1))
        version = agreement.latest
        for s in range(10):
            sasaran = Sasaran(text=f"Sasaran tambahan {s}", position=10 + s)
            version.sasaran.append(sasaran)
            for k in range(3 if s < 9 else 0):
                sasaran.indicators.append(Indicator(agreement_version=version, name=f"Indikator {s}.{k} dengan nama yang cukup panjang",
                                                    satuan="%", target=D(100), tw1=D(25), tw2=D(50), tw3=D(75), tw4=D(100),
                                                    aggregation="last", position=k))
        db.session.flush()
        count = len(version.indicators)
        times = []
        for _ in range(5):
            started = time.perf_counter()
            document.render(version)
            times.append((time.perf_counter() - started) * 1000)
        db.session.rollback()
    return statistics.median(times), count


def bench(url: str, people: int) -> tuple[dict, list[tuple[str, dict]], tuple, tuple, dict]:
    app, made = _prepare(url, people)
    results = []
    with app.app_context():  # the requests run outside it: each its own app context and session, as served
        engine = db.engine
        from app.org.models import Employee

        person = db.session.scalar(select(Employee.id).order_by(Employee.id.desc()).limit(1))
        version = db.session.execute(text("SELECT sqlite_version()" if engine.dialect.name == "sqlite"
                                          else "SHOW server_version")).scalar()
        db.session.remove()
    from bench.generate import PASSWORD

    app.config["WTF_CSRF_ENABLED"] = False  # the benchmark logs in with a plain POST
    for username, user_id in (("admin (whole installation)", 1), ("hr (one OPD)", 2)):
        client = app.test_client()
        login = client.post("/login", data={"identifier": username.split()[0], "password": PASSWORD})
        assert login.status_code in (302, 303), login.status_code
        pages = [("people list, page 1", "/people", None),
                 ("people search 'siti' (htmx fragment)", "/people?q=siti", {"HX-Request": "true"}),
                 ("people filter by unit", "/people?unit=1", None),
                 ("people list, page 50", "/people?page=50", None),
                 ("person page", f"/people/{person if user_id == 1 else 1}", None),
                 ("organisation tree", "/org", None),
                 ("unit page", "/units/5", None),
                 ("home page", "/", None),
                 ("its tiles of waiting work and the navigation's count (loaded after it)", "/tasks/tiles", None),
                 ("task inbox", "/tasks", None),
                 ("reminders", "/monitoring/reminders", None)]
        opd = made["agreement_opd"]
        pages += [("agreement tracking, OPD with 500 agreements", f"/agreements/tracking?opd={opd}&year=2018", None),
                  ("cascade tree of 500 agreements", f"/agreements/cascade?opd={opd}&year=2018", None),
                  ("agreement list 2018 (500+)", "/agreements?year=2018", None)] if user_id == 1 else []
        for label, page, headers in pages:
            results.append((f"{label} — {username}", _measure(client, page, engine, headers)))
    with app.app_context():
        pdf = _pdf_30_indicators(app)
        db.session.remove()
        engine.dispose()
    made["version"] = version
    return (made, results, pdf, monitoring.run(app) if "monitoring" in PARTS else ({}, []),
            awards.run(app) if "awards" in PARTS else None)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    return f"{cpu}, {os.cpu_count()} cores, {mem} GiB RAM, Python {platform.python_version()}, {platform.system()}"


def _monitoring_section(watched: list) -> list[str]:
    """The monitoring module's figures, one column group per database."""
    if not watched:
        return []

    def over(r: dict) -> str:
        return " \\*" if r["p95"] > r["target"] else ""

    lines = ["## Monitoring (`bench/monitoring.py`)", "",
             f"Data, added to each database above: {monitoring.describe(watched[0][2])}. Every request is made by "
             "an HR user scoped to that OPD, each in its own app context and database session as when served. "
             "The grid save changes one draft indicator value (a new value each time, with its version) and "
             "rewrites the unit's figures in `monitoring_unit_stats` in the same transaction. On PostgreSQL the "
             "tables are analysed (`ANALYZE`) after the bulk insert, as autovacuum would do in production.", ""]
    for name, version, made, _results in watched:
        lines.append(f"- {name} {version}: data inserted in {made['generate_seconds']:.1f} s; "
                     f"`stats.refresh_all` + commit (what `flask monitoring-refresh` does) rebuilt "
                     f"{made['refreshed']} unit-years (every unit and year with an agreement, a KPI or a value) in "
                     f"{made['refresh_seconds']:.1f} s; 1-minute load average "
                     f"{made['load'][0]:.1f} before the requests and {made['load'][1]:.1f} after "
                     f"({os.cpu_count()} cores).")
    head = "| request | target p95 | response KB |" + "".join(f" {n} p50 ms | {n} p95 ms | {n} SQL |"
                                                         for n, *_ in watched)
    lines += ["", head, "|---|---:|---:|" + "---:|---:|---:|" * len(watched)]
    for row, (label, first) in enumerate(watched[0][3]):
        cells = "".join(f" {r[row][1]['p50']:.1f} | {r[row][1]['p95']:.1f}{over(r[row][1])} | {r[row][1]['statements']} |"
                        for *_x, r in watched)
        lines.append(f"| {label} | {first['target']} ms | {first['kb']:,.0f} |{cells}")
    lines += ["", "\\* p95 over the target. The p95 includes Python's full garbage collections, which the "
              "requests that allocate many objects (the OPD dashboard, the reminders) trigger every few requests."]
    return [*lines, ""]


def _attendance_section(people: int, with_pg: bool) -> list[str]:
    """The attendance scripts, each on its own database: the monthly pass with the month grid
    (``bench/attendance_status.py``) and the check-in import (``bench/attendance_import.py``)."""
    runs = [("attendance_status.py", f"sqlite:///{OUT / 'attendance.db'}", people)]
    if with_pg:
        runs.append(("attendance_status.py", PG_URL + "_att", people * 10 if people == 10_000 else people))
        runs.append(("attendance_import.py", PG_URL + "_imp", None))
    lines = ["## Attendance (`bench/attendance_status.py`, `bench/attendance_import.py`)", "",
             "Each script empties its own database, migrates it and generates its data. The monthly pass: March "
             "2018's daily statuses and derived recaps for everyone, as the job `attendance.recompute` runs it, "
             "then the month grid of the largest unit as admin. The import: a machine's CSV of check-ins staged "
             "and committed (targets of issue 13).", ""]
    for script, url, count in runs:
        if not (ROOT / "bench" / script).exists():
            continue
        print(f"== {script} on {url.split('@')[-1]} …", flush=True)
        command = [sys.executable, str(ROOT / "bench" / script), "--database-url", url]
        if count:
            command += ["--people", str(count)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        output = [line for line in done.stdout.splitlines() if line.strip()]
        summary = output[-1] if done.returncode == 0 and output else f"failed: {done.stderr.strip()[-300:]}"
        print("  " + summary, flush=True)
        lines.append(f"- {summary}")
    return [*lines, ""]


def _tpp_section(people: int, with_pg: bool) -> list[str]:
    """The TPP script (``bench/tpp.py``) on its own database: a month's TPP of every OPD, and a payment list PDF."""
    runs = [(f"sqlite:///{OUT / 'tpp.db'}", people)]
    if with_pg:
        runs.append((PG_URL + "_tpp", people * 10 if people == 10_000 else people))
    lines = ["## TPP (`bench/tpp.py`)", "",
             "The script empties its own database, migrates it and generates OPDs of 1,000 people with March "
             "2018's daily statuses, leave, sanctions and ratings; then every OPD's month is calculated and "
             "committed as the job `tpp.calculate` does, and the payment list PDF of one OPD is rendered "
             "(targets of issue 14).", ""]
    for url, count in runs:
        print(f"== tpp.py on {url.split('@')[-1]} …", flush=True)
        command = [sys.executable, str(ROOT / "bench" / "tpp.py"), "--database-url", url, "--people", str(count)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        output = [line for line in done.stdout.splitlines() if line.strip()]
        summary = output[-1] if done.returncode == 0 and output else f"failed: {done.stderr.strip()[-300:]}"
        print("  " + summary, flush=True)
        lines.append(f"- {summary}")
    return [*lines, ""]


def _workers_section(with_pg: bool) -> list[str]:
    """The non-ASN honorarium script (``bench/workers.py``) on its own database: the month of an OPD of 5,000
    contract workers, its closing, and its recap (workbook, PDF)."""
    runs = [f"sqlite:///{OUT / 'workers.db'}"]
    if with_pg:
        runs.append(PG_URL + "_workers")
    lines = ["## Non-ASN honorarium (`bench/workers.py`)", "",
             "The script empties its own database, migrates it and generates one OPD of 20 units with 5,000 non-ASN "
             "workers (THL, PJLP), each with a signed 2018 contract (monthly or daily; some starting, some "
             "terminated mid-month) and March 2018's daily statuses; \"now\" is 2 April 2018. Then the open month "
             "is worked out (`honor.work_out`, what the month page computes), closed (`honor.close` + commit), and "
             "the recap made as a workbook and issued as a PDF (`recap.issue`, what the job `workers.recap_pdf` "
             "runs) for one seksi of 250 workers and for the whole OPD.", ""]
    return _script_runs("workers.py", runs, lines)


def _scorecards_section(with_pg: bool) -> list[str]:
    """The scorecards script (``bench/scorecards.py``) on its own database: the scorecard pages and PDF of an OPD
    of 1,000 people, and its 1,000 scorecards issued in bulk."""
    runs = [f"sqlite:///{OUT / 'scorecards.db'}"]
    if with_pg:
        runs.append(PG_URL + "_scorecards")
    lines = ["## Scorecards (`bench/scorecards.py`)", "",
             "The script empties its own database, migrates it and generates 2,000 people in two OPDs; the first "
             "OPD (1,000 people, 20 units) gets a year of 2018: every head an agreement in force with 9 indicators "
             "and their realisation, 2 KPIs a unit, 12 monthly ratings and attendance recaps for everyone, TPP "
             "months (inserted, January–November closed) with their results, sanctions and 24 decided award "
             "rounds. Pages are requested by the OPD's HR user; then every person's scorecard of Tw I is issued "
             "in bulk (`bulk.print_all`, 2 worker processes), again with all issued, and the units' (targets of "
             "issue 16).", ""]
    return _script_runs("scorecards.py", runs, lines)


def _script_runs(script: str, runs: list[str], lines: list[str]) -> list[str]:
    """Run ``bench/<script>`` on each database URL of ``runs`` and add its summary line and its table to
    ``lines`` (its last output line, or why it failed)."""
    for url in runs:
        print(f"== {script} on {url.split('@')[-1]} …", flush=True)
        command = [sys.executable, str(ROOT / "bench" / script), "--database-url", url]
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        output = [line for line in done.stdout.splitlines() if line.strip()]
        summary = output[-1] if done.returncode == 0 and output else f"failed: {done.stderr.strip()[-300:]}"
        print("  " + summary, flush=True)
        lines.append(f"- {summary}")
        if done.returncode == 0:
            lines += ["", *(line for line in output if line.startswith("|")), ""]
    return [*lines, ""]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    people = 100_000 if os.environ.get("BENCH_LARGE") else 10_000
    targets = [("SQLite", f"sqlite:///{OUT / 'bench.db'}")]
    if _pg_reachable():
        targets.append(("PostgreSQL", PG_URL))
    (OUT / "bench.db").unlink(missing_ok=True)
    lines = ["# Benchmarks", "", f"Measured by `make bench` (`bench/run.py`) on {date.today():%Y-%m-%d}.", "",
             f"Machine: {machine()}; 1-minute load average {os.getloadavg()[0]:.1f} at the start.", "",
             f"Each page: one request to count SQL statements, then {RUNS} timed requests through the Flask test "
             "client, one at a time: the whole request path as served (the access gate, a new app context and "
             "database session per request, the template; no network, no gunicorn), p50 and p95 in "
             "milliseconds. On PostgreSQL the tables are analysed (`ANALYZE`) after the bulk load, as autovacuum "
             "would; SQLite runs without statistics, as installed. "
             + ("The installation of a province: `BENCH_LARGE=1 make bench` (100,000 people in 3,340 units on "
                "both databases)." if people == 100_000 else
                f"Data: {people:,} people; the installation of a province is measured with `BENCH_LARGE=1 make "
                "bench` (100,000 people in 3,340 units on both databases; its pages alone: `BENCH_LARGE=1 "
                "BENCH_PARTS=pages,monitoring BENCH_OUT=docs/benchmarks-province.md make bench`, in "
                "docs/benchmarks-province.md). How bulk PDFs were made fast: docs/pdf-speed.md."), ""]
    watched, awarded = [], []
    for name, url in targets:
        print(f"== {name}: generating {people:,} people …", flush=True)
        made, results, (pdf_ms, pdf_indicators), (mon_made, mon_results), award_made = bench(url, people)
        if mon_results:
            watched.append((name, made["version"], mon_made, mon_results))
        if award_made is not None:
            awarded.append((name, made["version"], award_made))
        lines += [f"## {name} {made['version']}", "",
                  f"Data: {made['people']:,} people in {made['units']:,} units ({made['opds']} OPDs of 20 units), "
                  f"plus one OPD of {made['agreements']} units whose heads each have a 2018 agreement with 3 "
                  f"indicators (generated in {made['seconds']} s).", "",
                  "| page | p50 ms | p95 ms | SQL statements |", "|---|---:|---:|---:|"]
        for label, r in results:
            lines.append(f"| {label} | {r['p50']:.1f} | {r['p95']:.1f} | {r['statements']} |")
            print(f"  {label}: p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, {r['statements']} statements", flush=True)
        lines += ["", f"Agreement PDF with {pdf_indicators} indicators (WeasyPrint, median of 5 renders): "
                      f"{pdf_ms:.0f} ms.", ""]
        print(f"  agreement PDF ({pdf_indicators} indicators): {pdf_ms:.0f} ms", flush=True)
        if mon_results:
            print(f"  monitoring data generated in {mon_made['generate_seconds']:.1f} s; refresh_all of "
                  f"{mon_made['refreshed']} unit-years in {mon_made['refresh_seconds']:.1f} s", flush=True)
        for label, r in mon_results:
            print(f"  {label}: p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, {r['statements']} statements", flush=True)
    lines += _monitoring_section(watched)
    lines += awards.section(awarded) if awarded else []
    lines += _attendance_section(people, _pg_reachable()) if "attendance" in PARTS else []
    lines += _tpp_section(people, _pg_reachable()) if "tpp" in PARTS else []
    lines += _workers_section(_pg_reachable()) if "workers" in PARTS else []
    lines += _scorecards_section(_pg_reachable()) if "scorecards" in PARTS else []
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    lines += [f"Commit measured: {git}.", ""]
    RESULT.write_text("\n".join(lines))
    print(f"written {RESULT}")


if __name__ == "__main__":
    main()
