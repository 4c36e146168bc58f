"""Scorecards benchmark (issue 16): a person's and a unit's scorecard page, a scorecard's PDF, the data builder's
statements, and an OPD's 1,000 scorecards issued in bulk.

    python bench/scorecards.py                                                # SQLite, bench/out/scorecards.db
    python bench/scorecards.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/kinerja_bench_scorecards
    python bench/scorecards.py --profile                                      # where the time goes, too

The database is emptied first (PostgreSQL: schema public dropped), migrated, and filled by ``bench/generate.py``
with ``--people`` people in OPDs of 20 units (sekretariat with 2 subbagian, 4 bidang with 3 seksi) and
``--opd-people`` people in each (default 2,000 and 1,000: two OPDs), then, in bulk and from a seeded random, for
the first OPD and 2018 (the year the scorecards are read for):

- every unit head (20) is PIHAK PERTAMA of an agreement in force (PIHAK KEDUA the head of the parent unit) with
  3 sasaran × 3 indicators: one "higher is better" and one "lower is better" reported by quarter (Tw I–III
  accepted, Tw IV submitted), one reported monthly and summed (January–September accepted, October–December
  submitted); about half the reported values have an evidence row. Each unit has 2 KPIs of its own with four
  quarterly values. The per-unit figures are then built by ``monitoring.stats.refresh_all`` (what
  ``flask monitoring-refresh`` does);
- everyone has a rating for each of the 12 months and a derived monthly attendance recap (``attendance_months``,
  what the attendance pass writes) for each; 1 % of the people, and the measured head, have a sanction;
- the TPP: the shipped presets, then the OPD's 12 ``tpp_periods`` rows inserted directly (January–November
  closed, December open, so the year's scorecards are provisional and its quarters I–III closed) with one
  ``tpp_results`` row per person and month (base by kelas, cuts, total and a ``detail`` shaped like the
  calculation's), not calculated (``bench/tpp.py`` times the calculation);
- awards: a person category and a unit category, 12 decided monthly rounds of each, one winner each; the
  measured head wins May's round, the measured bidang May's unit round.

Measured, each request through the Flask test client by the OPD's HR user (``hr``), each in its own app context
and session as when served (``bench/monitoring.py``'s ``_get``: one request counting SQL statements, then 30
timed; p50, p95): (1) the data builder alone (``data.person`` / ``data.unit``, fresh session each run, median of
5) for a month, a quarter and the year, with its statements; (2) the scorecard pages of the head of a bidang
(the year and a month), of a staff member without an agreement, of the bidang and of the OPD; (3) the
provisional PDF route of the head's year (``/scorecards/people/<id>/pdf?year=2018``: December is open), and its
phases done directly (build, Jinja, WeasyPrint layout, write; median of 5); (4) one bulk chunk (the OPD's first
``bulk.CHUNK`` people, Tw I, with QR blocks) laid out and written in this process as a worker does, in CPU
seconds, and ``document.render_chunk`` on two scorecards of which one has two pages (does it find two?);
(5) ``bulk.print_all`` of every person of the OPD for Tw I (closed) with 2 worker processes, pinned to 2 CPUs,
committing after each chunk as the consumer does, the joined PDF and the ZIP written out, in an app context of
its own; its steps in this process timed by wrapping them, the worker processes' CPU time from ``getrusage``;
then the same again (every scorecard issued before: read back, joined, zipped); then the OPD's 20 unit
scorecards. Targets: page p95 < 100 ms, PDF < 1 s, 1,000 people in bulk < 60 s on 2 cores. The output is a
table; the last line printed is the summary.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import random
import resource
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select, text  # noqa: E402

from app.extensions import db  # noqa: E402
from bench.awards import PUBLIC_URL, _cores  # noqa: E402
from bench.generate import NOW, PASSWORD, pdf_pages, profile_text  # noqa: E402
from bench.monitoring import _get, _next_id  # noqa: E402
from bench.tpp import _verdict  # noqa: E402
from bench.workers import counting, timing  # noqa: E402

YEAR = 2018
OPEN_MONTH = 12  # December's TPP is still open: the year's scorecards are provisional
SEED = 16
CORES = 2
SASARAN, PER_SASARAN, KPIS = 3, 3, 2
BUILDER_RUNS = 5
PAGE_TARGET, PDF_TARGET, BULK_TARGET = 100, 1.0, 60.0  # ms (p95), s, s
OUT = Path(__file__).resolve().parent / "out"
STAMP = {"created_at": NOW, "updated_at": NOW, "version": 1}
BASE = {11: 8_500_000, 7: 4_200_000}  # a month's TPP base by kelas jabatan (rupiah)
TABLES = ("agreements", "agreement_versions", "agreement_sasaran", "unit_kpis", "realisations", "evidence")


def _opd():
    from app.org.models import Unit

    return db.session.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))


def _agreements(rng: random.Random, units: list, heads: dict[int, int]) -> dict:
    """An agreement in force for every unit head, with realisations; two KPIs per unit with theirs."""
    from app.agreements.models import Agreement, AgreementVersion, Indicator, Sasaran
    from app.monitoring.models import Evidence, Realisation, UnitKpi

    first_agreement, first_sasaran, first_kpi = _next_id(Agreement), _next_id(Sasaran), _next_id(UnitKpi)
    first_version, first_realisation = _next_id(AgreementVersion), _next_id(Realisation)
    first_evidence = _next_id(Evidence)
    agreements, versions, sasaran, indicators, kpis, values, evidence = [], [], [], [], [], [], []

    def realise(subject: dict, unit_id: int, kind: str, periods: int, target: Decimal) -> None:
        for period in range(1, periods + 1):
            accepted = period <= periods * 3 // 4
            rid = first_realisation + len(values)
            values.append({"id": rid, **subject, "unit_id": unit_id, "year": YEAR, "period_kind": kind,
                           "period": period, "note": "", "status": "accepted" if accepted else "submitted",
                           "value": (target * rng.randint(70, 115) / 100).quantize(Decimal("0.01")),
                           "late": False, "returned_note": "", "entered_by_id": 1,
                           "verified_by_id": 1 if accepted else None, "verified_at": NOW if accepted else None,
                           **STAMP})
            if rng.random() < 0.5:
                evidence.append({"id": first_evidence + len(evidence), "realisation_id": rid,
                                 "file_name": f"{uuid.uuid4().hex}.pdf", "original_name": "bukti.pdf",
                                 "mime": "application/pdf", "size": 120_000, "uploaded_by_id": 1,
                                 "uploaded_at": NOW})

    for n, (unit_id, parent_id, _kind) in enumerate(units):
        aid, vid = first_agreement + n, first_version + n
        agreements.append({"id": aid, "year": YEAR, "unit_id": unit_id, "first_party_id": heads[unit_id],
                           "created_at": NOW, "updated_at": NOW})
        versions.append({"id": vid, "agreement_id": aid, "number": 1, "status": "in_force",
                         "second_party_id": heads.get(parent_id), "second_party_name": "" if parent_id else "Gubernur",
                         "second_party_position": "", "place": "Jakarta", "revision_note": "", "returned_note": "",
                         "signed_on": date(YEAR, 2, 1), **STAMP})
        for s in range(SASARAN):
            sid = first_sasaran + n * SASARAN + s
            sasaran.append({"id": sid, "version_id": vid, "position": s + 1,
                            "text": f"Meningkatnya kualitas layanan {s + 1} unit {unit_id}"})
            for k in range(PER_SASARAN):
                key = uuid.uuid4().hex
                monthly, lower = k == 2, k == 1
                target = Decimal(120) if monthly else Decimal(10) if lower else Decimal(100)
                quarters = (30, 30, 30, 30) if monthly else (10, 10, 10, 10) if lower else (25, 50, 75, 100)
                indicators.append({"version_id": vid, "sasaran_id": sid, "position": k + 1, "key": key,
                                   "name": f"Persentase capaian layanan {s + 1}.{k + 1} unit {unit_id}",
                                   "satuan": "kegiatan" if monthly else "%", "polarity": "lower" if lower else "higher",
                                   "target": target, "tw1": quarters[0], "tw2": quarters[1], "tw3": quarters[2],
                                   "tw4": quarters[3], "aggregation": "sum" if monthly else "last",
                                   "period_kind": "month" if monthly else "quarter",
                                   "month_targets": ["10"] * 12 if monthly else None, "cap_pct": 120,
                                   "quarter_note": "", "definition": "", "data_source": ""})
                subject = {"agreement_id": aid, "kpi_id": None, "indicator_key": key}
                if monthly:
                    realise(subject, unit_id, "month", 12, Decimal(10))
                else:
                    realise(subject, unit_id, "quarter", 4, Decimal(quarters[1]))
        for k in range(KPIS):
            kid = first_kpi + n * KPIS + k
            key = uuid.uuid4().hex
            kpis.append({"id": kid, "unit_id": unit_id, "year": YEAR, "key": key, "name": f"KPI {k + 1} unit {unit_id}",
                         "satuan": "orang", "polarity": "higher", "target": 400, "tw1": 100, "tw2": 100, "tw3": 100,
                         "tw4": 100, "aggregation": "sum", "period_kind": "quarter", "cap_pct": 120,
                         "definition": "", "data_source": "", "position": k + 1, "active": True, **STAMP})
            realise({"agreement_id": None, "kpi_id": kid, "indicator_key": key}, unit_id, "quarter", 4, Decimal(100))
    for model, rows in ((Agreement, agreements), (AgreementVersion, versions), (Sasaran, sasaran),
                        (Indicator, indicators), (UnitKpi, kpis), (Realisation, values), (Evidence, evidence)):
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(model), rows[start:start + 5000])
    return {"agreements": len(agreements), "indicators": len(indicators), "kpis": len(kpis),
            "realisations": len(values), "evidence": len(evidence)}


def _monthly(rng: random.Random, people: list, head: int) -> dict:
    """Ratings, attendance recaps and a few sanctions of everyone, for the 12 months."""
    from app.discipline.models import AttendanceMonth, Sanction
    from app.tpp.models import Rating

    ratings, recaps, sanctions = [], [], []
    for employee_id, _unit_id, _kelas in people:
        for month in range(1, 13):
            hasil = rng.choices(("atas", "sesuai", "bawah"), weights=(15, 80, 5))[0]
            predikat = {"atas": "sangat_baik", "sesuai": "baik", "bawah": "butuh_perbaikan"}[hasil]
            ratings.append({"employee_id": employee_id, "year": YEAR, "month": month, "hasil_kerja": hasil,
                            "perilaku": "sesuai", "predikat": predikat, "note": "", "rated_by_id": 1, **STAMP})
            late = rng.choices((0, 1, 2, 3), weights=(70, 15, 10, 5))[0]
            absent = 1 if rng.random() < 0.05 else 0
            leave = rng.choice((0, 0, 0, 1, 2))
            recaps.append({"employee_id": employee_id, "year": YEAR, "month": month, "source": "derived",
                           "present_days": 21 - absent - leave, "late_arrivals": late,
                           "early_leaves": 1 if rng.random() < 0.1 else 0, "absent_days": absent, "leave_days": leave,
                           "missed_roll_calls": 1 if rng.random() < 0.05 else 0, **STAMP})
        if rng.random() < 0.01 or employee_id == head:
            starts = date(YEAR, rng.randint(1, 9), 1)
            sanctions.append({"employee_id": employee_id, "level": "light", "kind": "teguran tertulis",
                              "decision_number": f"800/{employee_id}/BKD/{YEAR}", "decision_date": starts,
                              "starts_on": starts, "ends_on": date(YEAR, starts.month + 3, 28), "note": "", **STAMP})
    for model, rows in ((Rating, ratings), (AttendanceMonth, recaps), (Sanction, sanctions)):
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(model), rows[start:start + 5000])
    return {"ratings": len(ratings), "recaps": len(recaps), "sanctions": len(sanctions)}


def _tpp(rng: random.Random, opd_id: int, people: list) -> dict:
    """The OPD's 12 TPP months (all closed but December) with a result per person, inserted directly."""
    from app.tpp.models import Period, Preset, Result
    from app.tpp.services import presets

    presets.install_presets()
    preset = db.session.scalar(select(Preset.id).where(Preset.family == "A"))
    rows, totals = [], {}
    for month in range(1, 13):
        for employee_id, unit_id, kelas in people:
            base = BASE.get(kelas, 5_000_000)
            cuts = {"performance_cut": base * 4 // 10 * rng.choice((0, 0, 0, 10)) // 100,
                    "discipline_cut": base * 6 // 10 * rng.choice((0, 0, 1, 2, 3)) // 100, "leave_cut": 0,
                    "sanction_cut": 0}
            cut = sum(cuts.values())
            totals[month] = totals.get(month, 0) + base - cut
            rows.append({"month": month, "employee_id": employee_id, "unit_id": unit_id, "kelas": kelas,
                         "base": base, "cuts": cut, "total": base - cut, "unrated": False,
                         "detail": {**cuts, "kelas": kelas, "predikat": "baik", "base": base, "total": base - cut,
                                    "performance_part": base * 4 // 10, "discipline_part": base * 6 // 10,
                                    "lines": [[f"{YEAR}-{month:02d}-05", "TL1", "0.5", base * 6 // 1000, False]],
                                    "days": 21, "typed": None, "problem": None, "unrated": False}})
    closed_at = datetime(YEAR, 1, 10, tzinfo=UTC)
    db.session.execute(insert(Period), [
        {"opd_id": opd_id, "year": YEAR, "month": m, "preset_id": preset,
         "state": "open" if m == OPEN_MONTH else "closed",
         "people": len(people), "total": totals[m], "calculated_at": closed_at, "calculated_by_id": 1,
         "closed_at": None if m == OPEN_MONTH else closed_at, "closed_by_id": None if m == OPEN_MONTH else 1,
         "reopen_reason": "", **STAMP} for m in range(1, 13)])
    ids = dict(db.session.execute(select(Period.month, Period.id).where(Period.opd_id == opd_id,
                                                                        Period.year == YEAR)).all())
    for row in rows:
        row["period_id"] = ids[row.pop("month")]
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(Result), rows[start:start + 5000])
    return {"tpp_results": len(rows)}


def _awards(rng: random.Random, opd_id: int, people: list, units: list, head: int, bidang: int) -> dict:
    """12 decided monthly rounds of a person and of a unit category, one winner each."""
    from app.awards.models import Category, Instrument, Nomination, Round

    instrument = Instrument(opd_id=opd_id, family="bench", name="Instrumen Pegawai Teladan")
    db.session.add(instrument)
    db.session.flush()
    categories = [Category(opd_id=opd_id, name=name, nominee_kind=kind, instrument_id=instrument.id)
                  for name, kind in (("Pegawai Teladan", "person"), ("Unit Kerja Terbaik", "unit"))]
    db.session.add_all(categories)
    db.session.flush()
    unit_of = {employee_id: unit_id for employee_id, unit_id, _kelas in people}
    for category in categories:
        for month in range(1, 13):
            round_ = Round(category_id=category.id, opd_id=opd_id, year=YEAR, month=month, instrument_id=instrument.id,
                           nomination_opens=date(YEAR, month, 1), nomination_closes=date(YEAR, month, 20),
                           status="decided", decision_number=f"800/{month}/KEP/{YEAR}",
                           decision_date=date(YEAR, month, 25))
            db.session.add(round_)
            db.session.flush()
            if category.nominee_kind == "person":
                winner = head if month == 5 else rng.choice(people)[0]
                nomination = Nomination(round_id=round_.id, employee_id=winner, unit_id=unit_of[winner],
                                        justification="Kinerja terbaik", rank=1, winner=True)
            else:
                winner = bidang if month == 5 else rng.choice(units)[0]
                nomination = Nomination(round_id=round_.id, unit_id=winner, justification="Respons cepat", rank=1,
                                        winner=True)
            db.session.add(nomination)
    db.session.flush()
    return {"rounds": 24}


def generate(people: int, opd_people: int) -> dict:
    """The base installation, then the first OPD's 2018 (see the module's docstring). Commits."""
    from app.monitoring import stats
    from app.org.models import Employee, Position, Unit
    from bench.generate import generate as base

    rng = random.Random(SEED)
    made = base(people, opds=max(1, round(people / opd_people)))
    opd = _opd()
    units = db.session.execute(select(Unit.id, Unit.parent_id, Unit.kind).where(
        Unit.path.startswith(opd.path)).order_by(Unit.id)).all()
    unit_ids = [u for u, _p, _k in units]
    heads = dict(db.session.execute(select(Employee.unit_id, Employee.id).join(
        Position, Employee.position_id == Position.id).where(Position.is_head, Employee.unit_id.in_(unit_ids))).all())
    staff = db.session.execute(select(Employee.id, Employee.unit_id, Position.kelas_jabatan).join(
        Position, Employee.position_id == Position.id).where(Employee.unit_id.in_(unit_ids))
        .order_by(Employee.id)).all()
    bidang = next(u for u, _p, kind in units if kind == "bidang")
    head = heads[bidang]
    made.update(opd_id=opd.id, opd_people=len(staff), opd_units=len(units), bidang=bidang, head=head,
                staff=next(e for e, u, _k in staff if u == bidang and e != head))
    made.update(_agreements(rng, units, heads))
    made.update(_monthly(rng, staff, head))
    made.update(_tpp(rng, opd.id, staff))
    made.update(_awards(rng, opd.id, staff, units, head, bidang))
    if db.engine.dialect.name == "postgresql":
        for table in TABLES:
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                                    f"COALESCE((SELECT MAX(id) FROM {table}), 1))"))
    db.session.commit()
    made["unit_years"] = stats.refresh_all(db.session)
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return made


# -- measuring ---------------------------------------------------------------------------------------------------


def measure_builder(made: dict) -> list[tuple[str, dict]]:
    """``data.person`` / ``data.unit`` alone, in a fresh session each run: statements and median time."""
    from app.core.clock import agency_today
    from app.org.models import Employee, Unit
    from app.scorecards import data
    from app.scorecards.periods import Period

    month, quarter, year = Period(YEAR, "month", 3), Period(YEAR, "quarter", 1), Period(YEAR, "year")
    may = Period(YEAR, "month", 5)  # the month of the head's award: the award's selectin loads fire
    cases = [("head of a bidang", data.person, Employee, made["head"], p) for p in (month, may, quarter, year)]
    cases += [("staff member, no agreement", data.person, Employee, made["staff"], p) for p in (month, year)]
    cases += [("the bidang", data.unit, Unit, made["bidang"], p) for p in (month, year)]
    cases += [("the OPD", data.unit, Unit, made["opd_id"], p) for p in (month, year)]
    found = []
    today = agency_today()
    for label, build, model, subject_id, period in cases:
        times, statements, card = [], 0, {}
        for _n in range(BUILDER_RUNS):
            db.session.remove()
            subject = db.session.get(model, subject_id)
            with counting() as counter:
                started = time.perf_counter()
                card = build(subject, period, today)
                times.append((time.perf_counter() - started) * 1000)
            statements = counter.n
        found.append((f"{label}, {period.label_id}", {
            "ms": statistics.median(times), "statements": statements, "indicators": len(card["indicators"]),
            "awards": len(card["awards"]), "sanctions": len(card.get("sanctions", ())),
            "months": len(period.months)}))
    db.session.remove()
    return found


def measure_pages(app, made: dict) -> list[tuple[str, dict]]:
    """The pages through the test client as the OPD's HR user, outside any app context (as served)."""
    app.config["WTF_CSRF_ENABLED"] = False  # the benchmark logs in with a plain POST
    client = app.test_client()
    login = client.post("/login", data={"identifier": "hr", "password": PASSWORD})
    assert login.status_code in (302, 303), login.status_code
    with app.app_context():
        engine = db.engine
    head, staff, bidang, opd = made["head"], made["staff"], made["bidang"], made["opd_id"]
    gc.collect()
    return [
        (f"person, head of a bidang ({SASARAN * PER_SASARAN} indicators), year {YEAR}",
         _get(client, f"/scorecards/people/{head}?year={YEAR}", engine)),
        (f"person, head of a bidang, March {YEAR}",
         _get(client, f"/scorecards/people/{head}?year={YEAR}&month=3", engine)),
        (f"person, staff member without an agreement, year {YEAR}",
         _get(client, f"/scorecards/people/{staff}?year={YEAR}", engine)),
        (f"unit, the bidang (4 sub-units), year {YEAR}",
         _get(client, f"/scorecards/units/{bidang}?year={YEAR}", engine)),
        (f"unit, the OPD ({made['opd_units'] - 1} sub-units, {made['opd_people']:,} people), year {YEAR}",
         _get(client, f"/scorecards/units/{opd}?year={YEAR}", engine)),
        (f"provisional PDF route, head of a bidang, year {YEAR}",
         _get(client, f"/scorecards/people/{head}/pdf?year={YEAR}", engine)),
    ]


def measure_pdf_phases(made: dict) -> dict:
    """The provisional PDF's steps done directly (what the route and ``document.provisional`` do), median of 5."""
    from app.core.clock import agency_today
    from app.documents.context import letterhead
    from app.documents.render import layout
    from app.org.models import Employee
    from app.scorecards import data, document
    from app.scorecards.periods import Period

    spent: dict[str, list[float]] = {"build": [], "jinja": [], "layout": [], "write": []}
    pages, size = 0, 0
    for _n in range(5):
        db.session.remove()
        employee = db.session.get(Employee, made["head"])
        started = time.perf_counter()
        card = data.person(employee, Period(YEAR, "year"), agency_today())
        built = time.perf_counter()
        html = document.html([document.entry(card, letterhead(employee.unit))])
        rendered = time.perf_counter()
        laid = layout(html, document.PAPER)
        laid_out = time.perf_counter()
        pdf = laid.write_pdf()
        done = time.perf_counter()
        for key, seconds in (("build", built - started), ("jinja", rendered - built), ("layout", laid_out - rendered),
                             ("write", done - laid_out)):
            spent[key].append(seconds * 1000)
        pages, size = len(laid.pages), len(pdf)
    (OUT / "scorecard_person_year.pdf").write_bytes(pdf)
    db.session.remove()
    return {**{key: statistics.median(values) for key, values in spent.items()}, "pages": pages, "kb": size / 1024}


def _card_pages(laid) -> list[tuple[int, ...]]:
    """The pages of each scorecard of a laid-out chunk, as ``document.render_chunk`` splits it: each starts on the
    first page holding its ``card-<n>`` anchor (WeasyPrint lists a split box's anchor on every page it spans)."""
    seen: set[str] = set()
    starts = []
    for n, page in enumerate(laid.pages):
        names = {name for name in page.anchors if name.startswith("card-")} - seen
        if names:
            starts.append(n)
            seen |= names
    ends = [*starts[1:], len(laid.pages)]
    return [tuple(range(start, end)) for start, end in zip(starts, ends, strict=True)]


def measure_chunk(made: dict, profile: list | None = None) -> dict:
    """One bulk chunk (the OPD's first ``bulk.CHUNK`` people, Tw I, with their QR blocks) rendered in this
    process, as a worker renders it: CPU seconds of the layout, the chunk's PDF and the single PDFs."""
    from app.core.clock import agency_today
    from app.core.files import files_dir
    from app.documents.context import letterhead
    from app.documents.pages import split
    from app.documents.render import layout
    from app.documents.services import new_code, verification_url
    from app.org.models import Unit
    from app.scorecards import bulk, data, document
    from app.scorecards.periods import Period

    people = bulk.subjects(db.session.get(Unit, made["opd_id"]), "people")[:bulk.CHUNK]
    entries = []
    for employee in people:
        code = new_code()
        entries.append(document.entry(data.person(employee, Period(YEAR, "quarter", 1), agency_today()),
                                      letterhead(employee.unit), {"code": code, "url": verification_url(code)}))
    html = document.html(entries)
    db.session.remove()
    started = time.process_time()
    laid = layout(html, document.PAPER, str(files_dir()))
    laid_out = time.process_time()
    pdf = laid.write_pdf()
    written = time.process_time()
    split(pdf, _card_pages(laid))
    done = time.process_time()
    if profile is not None:  # a second layout, profiled (the figures above are not)
        profiler = cProfile.Profile()
        profiler.enable()
        layout(html, document.PAPER, str(files_dir())).write_pdf()
        profiler.disable()
        profile.append(profile_text(profiler, f"WeasyPrint layout + PDF of one chunk of {len(entries)} scorecards", 25))
    return {"cards": len(entries), "pages": len(laid.pages), "html_kb": len(html) / 1024,
            "layout": laid_out - started, "write": written - laid_out, "singles": done - written,
            "per_card": (done - started) / len(entries)}


def split_check(made: dict) -> dict:
    """``document.render_chunk`` on a chunk of two Tw I scorecards (the head's, of two pages, and the staff
    member's): does it find two? (Until 5f9df8e it found three, and ``print_all`` stopped at the first chunk
    holding a scorecard of several pages.)"""
    from app.core.clock import agency_today
    from app.core.files import files_dir
    from app.documents.context import letterhead, verification
    from app.documents.services import new_code, verification_url
    from app.org.models import Employee
    from app.scorecards import data, document
    from app.scorecards.periods import Period

    entries = []
    for employee_id in (made["head"], made["staff"]):
        employee, code = db.session.get(Employee, employee_id), new_code()
        entries.append(document.entry(data.person(employee, Period(YEAR, "quarter", 1), agency_today()),
                                      letterhead(employee.unit), verification(code, verification_url(code))))
    _pdf, singles, pages = document.render_chunk(document.html(entries), str(files_dir()))
    db.session.remove()
    return {"cards": len(entries), "found": len(singles), "pages": [len(own) for own in pages]}


def forked_cpu() -> float:
    """CPU seconds of the fork server's children that have ended (the bulk print's workers are its forks, not
    this process's children)."""
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    if not pid or not Path(f"/proc/{pid}/stat").exists():
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")  # cutime, cstime


def measure_bulk(app, opd_id: int, what: str, period, profile: list | None = None) -> dict:
    """``bulk.print_all`` with 2 worker processes, committing after each chunk, the PDF and ZIP written out, in
    an app context of its own (as a job in the consumer); its parent-side phases timed by wrapping them."""
    from app.documents import bulk as printing
    from app.documents import services as documents
    from app.org.models import Unit
    from app.scorecards import bulk, data, document

    context = app.app_context()
    context.push()
    opd = db.session.get(Unit, opd_id)
    marks: list[tuple[float, int]] = []
    spent: dict[str, float] = {}
    profiler = cProfile.Profile() if profile is not None else None
    load = os.getloadavg()[0]
    children, cpu, forked = resource.getrusage(resource.RUSAGE_CHILDREN), time.process_time(), forked_cpu()
    with (printing.urls_for(PUBLIC_URL), _cores(CORES), timing(data, "people", spent), timing(data, "unit", spent),
          timing(document, "html", spent), timing(documents, "issue_many", spent), timing(documents, "read_pdf", spent),
          timing(printing, "join", spent), counting() as counter):
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        printed = bulk.print_all(opd, period, what, lambda pct, _message: marks.append((time.perf_counter(), pct)),
                                 commit=db.session.commit, workers=CORES)
        db.session.commit()
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers_cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime + forked_cpu() - forked
    if profiler:
        profile.append(profile_text(profiler, f"bulk.print_all {what} {period.key} (parent process)", 25))
    (OUT / f"scorecards_{what}_{period.key}.pdf").write_bytes(printed.pdf)
    (OUT / f"scorecards_{what}_{period.key}.zip").write_bytes(printed.zip)
    loaded = next((t for t, pct in marks if pct == 2), started) - started
    context.pop()
    return {"seconds": seconds, "count": printed.count, "issued": printed.issued, "reused": printed.reused,
            "load_items": loaded, "build": spent.get("people", 0.0) + spent.get("unit", 0.0),
            "jinja": spent.get("html", 0.0), "issue": spent.get("issue_many", 0.0), "read": spent.get("read_pdf", 0.0),
            "join": spent.get("join", 0.0), "cpu": cpu, "workers_cpu": max(workers_cpu, 0.0), "statements": counter.n,
            "pages": pdf_pages(printed.pdf), "pdf_mb": len(printed.pdf) / 1024 / 1024,
            "zip_mb": len(printed.zip) / 1024 / 1024, "load": (load, os.getloadavg()[0])}


def profile_requests(app, made: dict) -> list[str]:
    """cProfile of one person page and one provisional PDF request (after the measured runs: warm)."""
    client = app.test_client()
    client.post("/login", data={"identifier": "hr", "password": PASSWORD})
    found = []
    for label, url in (("person page, year", f"/scorecards/people/{made['head']}?year={YEAR}"),
                       ("OPD page, year", f"/scorecards/units/{made['opd_id']}?year={YEAR}"),
                       ("provisional PDF, year", f"/scorecards/people/{made['head']}/pdf?year={YEAR}")):
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(url)
        profiler.disable()
        found.append(profile_text(profiler, label, 25))
    return found


def _step(started: float, what: str) -> None:
    print(f"  {time.perf_counter() - started:6.1f} s  {what}", file=sys.stderr, flush=True)


def run(app, people: int, opd_people: int, profile: bool = False) -> dict:
    """Generate and measure in ``app``'s database (emptied and migrated, no installation yet)."""
    from app.scorecards.periods import Period

    profiles: list | None = [] if profile else None
    began = time.perf_counter()
    with app.app_context(), app.test_request_context():
        made = generate(people, opd_people)
        made["generate_seconds"] = time.perf_counter() - began
        _step(began, "data generated")
        made["dialect"] = db.engine.dialect.name
        made["version"] = db.session.execute(text("SELECT sqlite_version()" if made["dialect"] == "sqlite"
                                                  else "SHOW server_version")).scalar()
        made["builder"] = measure_builder(made)
        _step(began, "data builder measured")
        made["split"] = split_check(made)
        made["chunk"] = measure_chunk(made, profiles)
        _step(began, "one chunk rendered")
        db.session.remove()
    load = os.getloadavg()[0]
    made["pages"] = measure_pages(app, made)
    _step(began, "pages measured")
    with app.app_context(), app.test_request_context():
        made["pdf"] = measure_pdf_phases(made)
    if profiles is not None:
        profiles += profile_requests(app, made)
    quarter = Period(YEAR, "quarter", 1)
    made["bulk"] = measure_bulk(app, made["opd_id"], "people", quarter, profiles)
    _step(began, f"bulk of people: {made['bulk']['seconds']:.1f} s")
    made["bulk_again"] = measure_bulk(app, made["opd_id"], "people", quarter)
    made["bulk_units"] = measure_bulk(app, made["opd_id"], "units", quarter)
    _step(began, "bulk again, bulk of units")
    made["load"] = (load, os.getloadavg()[0])
    made["profiles"] = profiles or []
    return made


# -- reporting ---------------------------------------------------------------------------------------------------


def _over(value: float, target: float) -> str:
    return "within" if value < target else "**OVER**"


def table(made: dict) -> list[str]:
    """The figures as a Markdown table."""
    rows = ["| measured | time | SQL | target | notes |", "|---|---:|---:|---|---|"]
    for label, r in made["builder"]:
        rows.append(f"| builder: {label} | {r['ms']:,.1f} ms | {r['statements']} | — | median of {BUILDER_RUNS}; "
                    f"{r['indicators']} indicators, {r['months']} month(s), {r['awards']} awards, "
                    f"{r['sanctions']} sanctions |")
    for label, r in made["pages"]:
        pdf = label.startswith("provisional PDF")
        target = PDF_TARGET * 1000 if pdf else PAGE_TARGET
        rows.append(f"| page: {label} | p50 {r['p50']:,.1f} ms, p95 {r['p95']:,.1f} ms | {r['statements']} | "
                    f"p95 < {target:,.0f} ms: {_over(r['p95'], target)} | {r['kb']:,.0f} KB; 30 runs after a "
                    "warm-up |")
    p = made["pdf"]
    total = sum(p[key] for key in ("build", "jinja", "layout", "write"))
    rows.append(f"| PDF phases, head's year (direct; median of 5) | {total:,.0f} ms | — | — | "
                f"build {p['build']:,.0f} ms, Jinja {p['jinja']:,.0f} ms, WeasyPrint layout {p['layout']:,.0f} ms, "
                f"write {p['write']:,.0f} ms; {p['pages']} pages, {p['kb']:,.0f} KB |")

    def bulk_row(label: str, b: dict, target: str) -> str:
        loading = f"loading {b['load_items']:.1f} s" + (f" (stored PDFs read {b['read']:.1f} s)" if b["reused"] else "")
        return (f"| {label} | {b['seconds']:,.1f} s | {b['statements']:,} | {target} | {b['count']:,} scorecards "
                f"({b['issued']:,} issued now, {b['reused']:,} reused), {b['pages']:,} pages, joined PDF "
                f"{b['pdf_mb']:.1f} MB, ZIP {b['zip_mb']:.1f} MB; in this process {loading}, data built "
                f"{b['build']:.1f} s, Jinja {b['jinja']:.1f} s, issuing {b['issue']:.1f} s, join + ZIP "
                f"{b['join']:.1f} s ({b['cpu']:.0f} s CPU); worker processes {b['workers_cpu']:.0f} s CPU; load "
                f"average {b['load'][0]:.1f} → {b['load'][1]:.1f} |")

    b, c = made["bulk"], made["chunk"]
    rows.append(f"| one bulk chunk rendered in this process, as a worker does ({c['cards']} Tw I scorecards, "
                f"{c['pages']} pages) | {c['layout'] + c['write'] + c['singles']:.1f} s CPU | — | — | WeasyPrint "
                f"layout {c['layout']:.1f} s, the chunk's PDF {c['write']:.1f} s, {c['cards']} single PDFs cut from it "
                f"{c['singles']:.1f} s: **{c['per_card'] * 1000:.0f} ms CPU a scorecard**; HTML "
                f"{c['html_kb']:,.0f} KB |")
    rows.append(bulk_row(f"bulk: every person of the OPD, Tw I {YEAR}, {CORES} workers", b,
                         _verdict(b["seconds"], b["count"], 1000, BULK_TARGET).replace("target ", "")))
    rows.append(bulk_row("bulk: the same again (all issued before)", made["bulk_again"], "—"))
    rows.append(bulk_row("bulk: every unit of the OPD, Tw I", made["bulk_units"], "—"))
    split = made["split"]
    rows.append(f"| split check: `document.render_chunk` on {split['cards']} Tw I scorecards (the head's, a staff "
                f"member's) | — | — | found {split['cards']} | found {split['found']}, of "
                f"{' + '.join(map(str, split['pages']))} pages |")
    return rows


def describe(made: dict) -> str:
    person = next(r for label, r in made["pages"] if label.startswith("person, head") and "year" in label)
    pdf = next(r for label, r in made["pages"] if label.startswith("provisional PDF"))
    builder = {label: r for label, r in made["builder"]}
    head = [r["statements"] for label, r in builder.items() if label.startswith("head")]
    opd = [r["statements"] for label, r in builder.items() if label.startswith("the OPD")]
    b, again = made["bulk"], made["bulk_again"]
    return (f"{made['dialect']} {made['version']}: {made['people']:,} people, the measured OPD {made['opd_people']:,} "
            f"people in {made['opd_units']} units, {made['agreements']} agreements ({made['indicators']} indicators, "
            f"{made['kpis']} KPIs, {made['realisations']:,} values, {made['evidence']:,} evidence), "
            f"{made['ratings']:,} ratings, {made['recaps']:,} attendance recaps, {made['sanctions']} sanctions, "
            f"{made['tpp_results']:,} TPP results (11 months closed), {made['rounds']} award rounds: person page "
            f"p95 {person['p95']:.0f} ms ({person['statements']} statements; target < {PAGE_TARGET} ms: "
            f"{_over(person['p95'], PAGE_TARGET)}), provisional PDF p95 {pdf['p95']:,.0f} ms (target < 1 s: "
            f"{_over(pdf['p95'], PDF_TARGET * 1000)}); builder statements, head March/May (award)/Tw I/year "
            f"{'/'.join(map(str, head))}, OPD month/year {'/'.join(map(str, opd))}; bulk of {b['count']:,} people "
            f"{b['seconds']:.1f} s ({_verdict(b['seconds'], b['count'], 1000, BULK_TARGET)}; "
            f"{made['chunk']['per_card'] * 1000:.0f} ms of WeasyPrint CPU a scorecard), again "
            f"{again['seconds']:.1f} s. Load average {made['load'][0]:.1f} → {made['load'][1]:.1f} "
            f"({os.cpu_count()} cores). Data generated in {made['generate_seconds']:.1f} s")


def main() -> None:
    from bench.generate import empty_app

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", f"sqlite:///{OUT / 'scorecards.db'}"),
                        help="emptied first (default: DATABASE_URL, else bench/out/scorecards.db)")
    parser.add_argument("--people", type=int, default=2_000, help="people of the installation (default 2,000)")
    parser.add_argument("--opd-people", type=int, default=1_000,
                        help="people of each OPD, and so of the bulk print (default 1,000)")
    parser.add_argument("--profile", action="store_true",
                        help="print where the pages', a chunk's and the bulk's time goes (the bulk's time then "
                             "includes the profiler's overhead in this process)")
    args = parser.parse_args()
    app = empty_app(args.database_url)
    made = run(app, args.people, args.opd_people, args.profile)
    for text_ in made["profiles"]:
        print(text_)
    print("\n".join(table(made)))
    print(describe(made))


if __name__ == "__main__":
    main()
