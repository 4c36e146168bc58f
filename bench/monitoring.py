"""Monitoring benchmark: one OPD of 300 units × 20 lines × 4 quarters of realisation (24,000 values).

Called by ``bench/run.py`` (``make bench``) on the database it has just generated; on its own it prepares a
small installation first and prints the figures without writing docs/benchmarks.md:

    python bench/monitoring.py --database-url sqlite:////tmp/monitoring.db

Data (bulk inserts, like ``bench/generate.py``): a new OPD of 300 units (the OPD, 19 bidang, 280 seksi), one
head per unit, each with a 2018 agreement in force (3 sasaran × 5 indicators; PIHAK KEDUA the head of the
parent unit) plus 5 unit KPIs; every line has a realisation for each quarter, mostly accepted early in the
year and drafts late, about 60 % of the reported values with an evidence row. An HR user scoped to the OPD
(``hr-monitoring``) makes every request. The per-unit figures are then built by
``app.monitoring.stats.refresh_all`` (what ``flask monitoring-refresh`` does), which is timed too.
"""

from __future__ import annotations

import gc
import os
import random
import re
import statistics
import sys
import time
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, func, insert, select, text  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from app.accounts.models import RoleAssignment, User  # noqa: E402
from app.agreements.models import Agreement, AgreementVersion, Indicator, Sasaran  # noqa: E402
from app.extensions import db  # noqa: E402
from app.monitoring.models import Evidence, Realisation, UnitKpi  # noqa: E402
from app.org.models import Employee, EmployeeHistory, Position, Unit  # noqa: E402
from bench.generate import NOW, PASSWORD  # noqa: E402

YEAR = 2018
UNITS = 300
BIDANG = 19
SASARAN = 3
PER_SASARAN = 5  # 15 agreement indicators per unit
KPIS = 5
RUNS = 30
HR_USERNAME = "hr-monitoring"
# Share of each status per quarter (accepted, submitted, returned; the rest are drafts).
STATUS_MIX = {1: (0.80, 0.10, 0.05), 2: (0.60, 0.20, 0.05), 3: (0.30, 0.30, 0.05), 4: (0.00, 0.40, 0.00)}
TABLES = ("units", "positions", "employees", "employee_history", "users", "role_assignments", "agreements",
          "agreement_versions", "agreement_sasaran", "agreement_indicators", "unit_kpis", "realisations", "evidence")


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def _status(rng: random.Random, quarter: int) -> str:
    accepted, submitted, returned = STATUS_MIX[quarter]
    r = rng.random()
    if r < accepted:
        return "accepted"
    if r < accepted + submitted:
        return "submitted"
    if r < accepted + submitted + returned:
        return "returned"
    return "draft"


def generate() -> dict:
    """Insert the monitoring OPD (the schema and a pemda must exist); returns ids and counts."""
    rng = random.Random(2018)
    first_unit, first_pos, first_emp = _next_id(Unit), _next_id(Position), _next_id(Employee)
    first_user, first_agreement, first_kpi = _next_id(User), _next_id(Agreement), _next_id(UnitKpi)
    first_version, first_sasaran = _next_id(AgreementVersion), _next_id(Sasaran)
    first_realisation, first_evidence = _next_id(Realisation), _next_id(Evidence)
    opd = first_unit
    units, positions, people, history = [], [], [], []
    for n in range(UNITS):
        uid = first_unit + n
        if n == 0:
            parent, path, depth, kind = None, f"/{uid}/", 0, "opd"
        elif n <= BIDANG:
            parent, path, depth, kind = opd, f"/{opd}/{uid}/", 1, "sekretariat" if n == 1 else "bidang"
        else:
            bidang = first_unit + 1 + (n - BIDANG - 1) % BIDANG
            parent, path, depth, kind = bidang, f"/{opd}/{bidang}/{uid}/", 2, "seksi"
        units.append({"id": uid, "parent_id": parent, "path": path, "depth": depth, "kind": kind,
                      "name": f"Unit Monitoring {n}", "code": f"MON{n}", "sort_order": n, "kop_government": "",
                      "kop_name": "", "address": "", "phone": "", "email": "", "website": "", "postal_code": "",
                      "created_at": NOW, "updated_at": NOW, "version": 1})
        positions.append({"id": first_pos + n, "unit_id": uid, "type": "administrator",
                          "name": f"Kepala Unit Monitoring {n}", "eselon": "III.a", "kelas_jabatan": 11,
                          "is_head": True, "created_at": NOW, "updated_at": NOW, "version": 1})
        birth = NOW.date().replace(year=1975) + timedelta(days=n)
        people.append({"id": first_emp + n, "employment_type": "pns", "nip": f"{birth:%Y%m%d}2003011{n % 999 + 1:03d}",
                       "nik": None, "name": f"Kepala Monitoring {n}", "name_search": f"kepala monitoring {n}",
                       "front_title": "", "back_title": "", "sex": "L", "birth_date": birth, "golongan": "IV/a",
                       "unit_id": uid, "position_id": first_pos + n, "status": "aktif", "email": "", "phone": "",
                       "created_at": NOW, "updated_at": NOW, "version": 1})
        history.append({"employee_id": first_emp + n, "valid_from": NOW.date().replace(year=2017), "unit_id": uid,
                        "position_id": first_pos + n, "golongan": "IV/a", "note": ""})
    db.session.execute(insert(Unit), units)
    db.session.execute(insert(Position), positions)
    db.session.execute(insert(Employee), people)
    db.session.execute(insert(EmployeeHistory), history)

    hr, operator = first_user, first_user + 1
    password = generate_password_hash(PASSWORD, method="scrypt")
    db.session.execute(insert(User), [
        {"id": hr, "username": HR_USERNAME, "password_hash": password, "active": True,
         "must_change_password": False, "failed_logins": 0},
        {"id": operator, "username": "operator-monitoring", "password_hash": password, "active": True,
         "must_change_password": False, "failed_logins": 0}])
    db.session.execute(insert(RoleAssignment), [
        {"user_id": hr, "role": "hr", "unit_id": opd, "unit_path": f"/{opd}/"},
        {"user_id": operator, "role": "operator", "unit_id": opd, "unit_path": f"/{opd}/"}])

    agreements, versions, sasaran, indicators, kpis = [], [], [], [], []
    lines: list[tuple[int, int, dict]] = []  # (unit id, line number, realisation subject columns)
    for n, unit in enumerate(units):
        aid, vid = first_agreement + n, first_version + n
        agreements.append({"id": aid, "year": YEAR, "unit_id": unit["id"], "first_party_id": first_emp + n,
                           "created_at": NOW, "updated_at": NOW})
        superior = None if unit["parent_id"] is None else first_emp + (unit["parent_id"] - first_unit)
        versions.append({"id": vid, "agreement_id": aid, "number": 1, "status": "in_force",
                         "second_party_id": superior, "second_party_name": "" if superior else "Gubernur",
                         "second_party_position": "", "place": "Jakarta", "revision_note": "", "returned_note": "",
                         "signed_on": NOW.date().replace(year=YEAR, month=2), "created_at": NOW, "updated_at": NOW,
                         "version": 1})
        for s in range(SASARAN):
            sid = first_sasaran + n * SASARAN + s
            sasaran.append({"id": sid, "version_id": vid, "position": s + 1, "text": f"Sasaran {s + 1} unit {n}"})
            for k in range(PER_SASARAN):
                key = uuid.uuid4().hex
                lower = k == 3  # one indicator in five where lower is better
                total = k == 4  # and one that adds up over the quarters
                target = Decimal(10) if lower else Decimal(100)
                quarters = (25, 25, 25, 25) if total else (10, 10, 10, 10) if lower else (25, 50, 75, 100)
                indicators.append({"version_id": vid, "sasaran_id": sid, "position": k + 1, "key": key,
                                   "name": f"Indikator {s + 1}.{k + 1} unit {n}", "satuan": "%",
                                   "polarity": "lower" if lower else "higher", "target": target,
                                   "tw1": quarters[0], "tw2": quarters[1], "tw3": quarters[2], "tw4": quarters[3],
                                   "aggregation": "sum" if total else "last", "period_kind": "quarter",
                                   "cap_pct": 120, "quarter_note": "", "definition": "", "data_source": ""})
                lines.append((unit["id"], len(lines), {"agreement_id": aid, "kpi_id": None, "indicator_key": key,
                                                       "_quarters": quarters}))
        for k in range(KPIS):
            kid = first_kpi + n * KPIS + k
            key = uuid.uuid4().hex
            kpis.append({"id": kid, "unit_id": unit["id"], "year": YEAR, "key": key, "name": f"KPI {k + 1} unit {n}",
                         "satuan": "orang", "polarity": "higher", "target": 400, "tw1": 100, "tw2": 100, "tw3": 100,
                         "tw4": 100, "aggregation": "sum", "period_kind": "quarter", "cap_pct": 120,
                         "definition": "", "data_source": "", "position": k + 1, "active": True, "version": 1,
                         "created_at": NOW, "updated_at": NOW})
            lines.append((unit["id"], len(lines), {"agreement_id": None, "kpi_id": kid, "indicator_key": key,
                                                   "_quarters": (100, 100, 100, 100)}))
    db.session.execute(insert(Agreement), agreements)
    db.session.execute(insert(AgreementVersion), versions)
    db.session.execute(insert(Sasaran), sasaran)
    db.session.execute(insert(Indicator), indicators)
    db.session.execute(insert(UnitKpi), kpis)

    realisations, evidence = [], []
    counts = {"accepted": 0, "submitted": 0, "returned": 0, "draft": 0}
    for unit_id, _number, subject in lines:
        quarters = subject.pop("_quarters")
        for q in range(1, 5):
            status = _status(rng, q)
            counts[status] += 1
            rid = first_realisation + len(realisations)
            verified = status in ("accepted", "returned")
            value = (Decimal(quarters[q - 1]) * Decimal(rng.randint(70, 115)) / 100).quantize(Decimal("0.01"))
            realisations.append({"id": rid, **subject, "unit_id": unit_id, "year": YEAR, "period_kind": "quarter",
                                 "period": q, "value": value, "note": "", "status": status, "late": False,
                                 "returned_note": "Bukti kurang lengkap" if status == "returned" else "",
                                 "entered_by_id": operator, "verified_by_id": hr if verified else None,
                                 "verified_at": NOW if verified else None, "created_at": NOW, "updated_at": NOW,
                                 "version": 2 if status == "draft" else 3})
            if status != "draft" and rng.random() < 0.6:
                for f in range(1 + (rng.random() < 0.2)):
                    evidence.append({"id": first_evidence + len(evidence), "realisation_id": rid,
                                     "file_name": f"{uuid.uuid4().hex}.pdf", "original_name": f"bukti-{f + 1}.pdf",
                                     "mime": "application/pdf", "size": 120_000, "uploaded_by_id": operator,
                                     "uploaded_at": NOW})
    for start in range(0, len(realisations), 5000):
        db.session.execute(insert(Realisation), realisations[start:start + 5000])
    for start in range(0, len(evidence), 5000):
        db.session.execute(insert(Evidence), evidence[start:start + 5000])
    if db.engine.dialect.name == "postgresql":
        for table in TABLES:
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                                    f"COALESCE((SELECT MAX(id) FROM {table}), 1))"))
    db.session.commit()

    # The unit whose dashboard, grid and save are measured: a seksi, its first indicator's Tw IV a draft.
    unit = units[BIDANG + 1]
    target = next(s for u, _n, s in lines if u == unit["id"] and s["agreement_id"] is not None)
    db.session.execute(text("UPDATE realisations SET status = 'draft', verified_by_id = NULL, verified_at = NULL "
                            "WHERE agreement_id = :a AND indicator_key = :k AND period = 4"),
                       {"a": target["agreement_id"], "k": target["indicator_key"]})
    db.session.execute(text("DELETE FROM evidence WHERE realisation_id IN (SELECT id FROM realisations WHERE "
                            "agreement_id = :a AND indicator_key = :k AND period = 4)"),
                       {"a": target["agreement_id"], "k": target["indicator_key"]})
    db.session.commit()
    return {"opd": opd, "unit": unit["id"], "units": len(units), "lines": len(lines), "realisations": len(realisations),
            "evidence": len(evidence), "statuses": counts, "ref": f"pk:{target['agreement_id']}:{target['indicator_key']}"}


def refresh() -> tuple[float, int]:
    """Rebuild every unit's figures as ``flask monitoring-refresh`` does; (seconds, unit-years)."""
    from app.monitoring import stats

    started = time.perf_counter()
    pairs = stats.refresh_all(db.session)
    db.session.commit()
    return time.perf_counter() - started, pairs


class _Counter:
    def __init__(self):
        self.n = 0

    def __call__(self, *args):
        self.n += 1


def _summary(times: list[float], statements: int, target: int, size: int) -> dict:
    """p50, p95 (ms), statements and response size of one request, and the design's p95 target (100 ms a page,
    50 ms a fragment)."""
    times.sort()
    return {"p50": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1], "statements": statements,
            "target": target, "kb": size / 1024}


def _get(client, url: str, engine, headers=None) -> dict:
    counter = _Counter()
    event.listen(engine, "before_cursor_execute", counter)
    try:
        response = client.get(url, headers=headers)
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get(url, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
    return _summary(times, counter.n, 50 if headers else 100, len(response.data))


VERSION = re.compile(r'name="version" value="(\d+)"')


def _save(client, url: str, engine, form: dict) -> dict:
    """POST a new value RUNS + 2 times (the first two untimed: warm-up, then the statement count)."""
    version = form["version"]
    times, statements = [], 0
    for n in range(RUNS + 2):
        counter = _Counter()
        if n == 1:
            event.listen(engine, "before_cursor_execute", counter)
        started = time.perf_counter()
        try:
            response = client.post(url, data={**form, "value": f"{40 + n}", "version": version},
                                   headers={"HX-Request": "true"})
        finally:
            if n == 1:
                event.remove(engine, "before_cursor_execute", counter)
                statements = counter.n
        elapsed = (time.perf_counter() - started) * 1000
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and 'class="row-error"' not in body, (response.status_code, body[:2000])
        assert f'value="{40 + n}' in body, body[:2000]
        version = VERSION.search(body).group(1)
        if n >= 2:
            times.append(elapsed)
    return _summary(times, statements, 50, len(body))


def measure(app, made: dict) -> list[tuple[str, dict]]:
    """Log in as the OPD's HR user and time the monitoring pages and the grid save."""
    opd, unit = made["opd"], made["unit"]
    app.config["WTF_CSRF_ENABLED"] = False  # the benchmark logs in and posts without a token
    client = app.test_client()
    login = client.post("/login", data={"identifier": HR_USERNAME, "password": PASSWORD})
    assert login.status_code in (302, 303), login.status_code
    with app.app_context():  # requests run outside it: each has its own app context and session, as served
        engine = db.engine
        version = db.session.scalar(select(Realisation.version).where(
            Realisation.agreement_id == int(made["ref"].split(":")[1]),
            Realisation.indicator_key == made["ref"].split(":")[2], Realisation.period == 4))
    results = [
        (f"OPD dashboard (ranks {made['units'] - 1} units)", _get(client, f"/monitoring/unit/{opd}?year={YEAR}", engine)),
        ("unit dashboard (one seksi, 20 lines)", _get(client, f"/monitoring/unit/{unit}?year={YEAR}", engine)),
        ("grid, Tw I of one unit (20 lines)",
         _get(client, f"/monitoring/unit/{unit}/grid?year={YEAR}&kind=quarter&period=1", engine)),
        ("grid save of one draft value (htmx; refreshes the unit's figures)",
         _save(client, f"/monitoring/unit/{unit}/cell", engine,
               {"ref": made["ref"], "kind": "quarter", "period": "4", "year": str(YEAR), "note": "",
                "version": str(version)})),
        (f"reminders, HR of the OPD ({made['lines']:,} lines): the units", _get(client, f"/monitoring/reminders?year={YEAR}", engine)),
        ("reminders of one unit (its 20 lines)", _get(client, f"/monitoring/reminders?year={YEAR}&unit={unit}", engine)),
        ("home page, HR of the OPD", _get(client, f"/?year={YEAR}", engine)),
        ("its tiles of waiting work and the navigation's count (loaded after it)", _get(client, "/tasks/tiles", engine)),
        ("task inbox, HR of the OPD", _get(client, "/tasks", engine)),
        ("task count in the navigation (htmx), HR of the OPD", _get(client, "/tasks/count", engine,
                                                                   {"HX-Request": "true"})),
    ]
    for username, who in (("admin", "admin (whole installation)"), ("operator-monitoring", "operator of the OPD")):
        other = app.test_client()
        login = other.post("/login", data={"identifier": username, "password": PASSWORD})
        assert login.status_code in (302, 303), (username, login.status_code)
        results += [(f"home page, {who}", _get(other, f"/?year={YEAR}", engine)),
                    (f"its tiles and count, {who}", _get(other, "/tasks/tiles", engine)),
                    (f"task inbox, {who}", _get(other, "/tasks", engine)),
                    (f"reminders, {who}", _get(other, f"/monitoring/reminders?year={YEAR}", engine))]
    return results


def run(app) -> tuple[dict, list[tuple[str, dict]]]:
    """Generate, rebuild the figures and measure, in ``app``'s database (already migrated, with a pemda)."""
    with app.app_context():
        started = time.perf_counter()
        made = generate()
        made["generate_seconds"] = time.perf_counter() - started
        if db.engine.dialect.name == "postgresql":
            # The planner needs statistics of the freshly loaded tables (autovacuum would gather them in
            # production; it may be off on a test server). Without them the realisation query joins every
            # evidence row to every realisation of the unit.
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        made["refresh_seconds"], made["refreshed"] = refresh()
        db.session.remove()
    gc.collect()  # measure the pages as a server serves them, not amid the generator's garbage
    load = os.getloadavg()[0]
    results = measure(app, made)
    made["load"] = (load, os.getloadavg()[0])  # the machine's 1-minute load average before and after measuring
    return made, results


def describe(made: dict) -> str:
    s = made["statuses"]
    return (f"one OPD of {made['units']} units (the OPD, {BIDANG} bidang, {made['units'] - BIDANG - 1} seksi); "
            f"each unit has an agreement in force with {SASARAN * PER_SASARAN} indicators and {KPIS} unit KPIs, "
            f"so {made['lines']:,} lines and {made['realisations']:,} quarterly values for {YEAR} "
            f"({s['accepted']:,} accepted, {s['submitted']:,} submitted, {s['returned']:,} returned, "
            f"{s['draft']:,} drafts) with {made['evidence']:,} evidence rows")


def main() -> None:
    from bench.generate import standalone_app

    app = standalone_app(__doc__)
    made, results = run(app)
    print(describe(made))
    print(f"generated in {made['generate_seconds']:.1f} s; refresh_all of {made['refreshed']} unit-years "
          f"in {made['refresh_seconds']:.1f} s")
    for label, r in results:
        print(f"  {label}: p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, {r['statements']} statements")


if __name__ == "__main__":
    main()
