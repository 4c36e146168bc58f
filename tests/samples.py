"""Sample records for the tests generated from the URL map (access, hostile input).

``samples()`` builds two OPDs (``build_world``) and, in each, one record of every kind a URL can name: ``own``
(OPD A, reachable by the test users) and ``other`` (OPD B). ``url(app, rule, samples, side)`` fills a rule's
values with them. A new route whose URL takes a value these samples cannot fill fails
``tests/accounts/test_access_generated.py::test_every_url_value_has_a_sample``: add a sample here.

``states()`` adds records in the other states pages show forms for (a draft agreement, a round taking
nominations, ...), for the hostile-input suite (``tests/test_hostile_generated.py``): a new form that only
appears in a state none of these records is in fails its ``test_every_post_endpoint_has_a_form``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import url_for
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app.accounts.models import User
from app.agreements.models import Agreement, AgreementVersion, BudgetLine, Indicator, Sasaran
from app.core.clock import agency_today
from app.documents.models import IssuedDocument
from app.extensions import db
from app.imports.models import ImportBatch
from app.jobs.models import Job
from app.monitoring.models import UnitKpi
from app.org.models import Employee, Position, Unit
from tests.factories import PASSWORD, build_world, make_employee, make_position, make_user


def sample_document(unit: Unit, source_id: int) -> IssuedDocument:
    import hashlib

    from app.core import files

    pdf = b"%PDF-1.4 sample " + str(source_id).encode()
    return IssuedDocument(code=f"sample{source_id}", kind="perjanjian_kinerja", title="PK", unit_id=unit.id,
                          sha256=hashlib.sha256(pdf).hexdigest(), file_name=files.store(pdf, "pdf"), size=len(pdf),
                          source_type="sample", source_id=source_id)


def _finished_job(owner: User) -> Job:
    """A done job with its result file, so its download link answers."""
    from app.core.files import files_dir

    job = Job(id="sampleownjob", owner_id=owner.id, kind="export", title="own", status="done", progress=100,
              result_name="own.xlsx", result_path="jobs/sampleownjob/own.xlsx")
    (files_dir() / "jobs" / "sampleownjob").mkdir(parents=True, exist_ok=True)
    (files_dir() / job.result_path).write_bytes(b"PK sample")
    return job


def _agreement(unit: Unit, person: Employee) -> dict:
    """An agreement with one sasaran, indicator and budget line (built directly: samples need no workflow)."""
    agreement = Agreement(year=2018, unit_id=unit.id, first_party_id=person.id)
    version = AgreementVersion(number=1, status="in_force", second_party_name="Gubernur")
    agreement.versions.append(version)
    sasaran = Sasaran(text="Sasaran", position=1)
    version.sasaran.append(sasaran)
    indicator = Indicator(agreement_version=version, name="Indikator", satuan="%", target=100, position=1, key="k")
    sasaran.indicators.append(indicator)
    line = BudgetLine(level="program", name="Program", amount=1, position=1)
    version.budget_lines.append(line)
    db.session.add(agreement)
    return {Agreement: agreement, Sasaran: sasaran, Indicator: indicator, BudgetLine: line}


def _monitoring(unit: Unit, agreement: Agreement, user: User, n: int) -> dict:
    """A unit KPI, a realisation with one evidence file, and a correction request."""
    from app.core import files
    from app.monitoring.models import Evidence, Realisation, RealisationChange

    kpi = UnitKpi(unit_id=unit.id, year=2018, name="KPI", satuan="orang", target=10, key=f"kpi{n}")
    realisation = Realisation(agreement=agreement, indicator_key="k", period_kind="quarter", period=1,
                              unit_id=unit.id, year=2018, value=5, status="accepted")
    pdf = b"%PDF-1.4 evidence " + str(n).encode()
    evidence = Evidence(realisation=realisation, file_name=files.store(pdf, "pdf"), original_name="bukti.pdf",
                        mime="application/pdf", size=len(pdf), uploaded_by_id=user.id)
    change = RealisationChange(realisation=realisation, old_value=5, new_value=6, reason="r", requested_by_id=user.id)
    db.session.add_all([kpi, realisation, evidence, change])
    return {UnitKpi: kpi, Realisation: realisation, Evidence: evidence, RealisationChange: change}


# -- discipline samples (sanctions, monthly attendance recap) ------------------------------------------------

def _discipline(person: Employee) -> dict:
    """A medium sanction of ``person`` and their attendance recap of one month."""
    from datetime import date

    from app.discipline.models import AttendanceMonth, Sanction

    sanction = Sanction(employee=person, level="medium", kind="Pemotongan tunjangan kinerja 25% selama 6 bulan",
                        decision_number="800/SK/1", decision_date=date(2018, 1, 5), starts_on=date(2018, 1, 8),
                        ends_on=date(2018, 7, 7), note="")
    recap = AttendanceMonth(employee=person, year=2018, month=1, absent_days=1)
    db.session.add_all([sanction, recap])
    return {Sanction: sanction, AttendanceMonth: recap}

# -- end of discipline samples --------------------------------------------------------------------------------


# -- attendance samples (calendar, schedule, check-ins, leave, an excuse waiting for a decision) ---------------

def _attendance(unit: Unit, person: Employee, user: User, n: int) -> dict:
    """One record of every attendance kind at ``unit`` (holidays belong to the whole pemda: admin only)."""
    from datetime import UTC, datetime, time

    from app.attendance.models import (
        AttendanceDay,
        CheckIn,
        CheckInSource,
        Excuse,
        Holiday,
        Leave,
        MachineUser,
        RollCall,
        Shift,
        ShiftAssignment,
        WorkSchedule,
    )

    holiday = Holiday(day=date(2018, 8, 17) if n == 1 else date(2018, 12, 25), kind="national",
                      name="Hari Kemerdekaan" if n == 1 else "Hari Raya Natal")
    schedule = WorkSchedule(unit=unit, days_per_week=5)
    shift = Shift(schedule=schedule, code="pagi", name="Pagi", starts=time(7), ends=time(15), is_default=True)
    night = Shift(schedule=schedule, code="malam", name="Malam", starts=time(23), ends=time(7))
    roster = ShiftAssignment(employee=person, shift=night, starts_on=date(2018, 2, 1), ends_on=date(2018, 2, 28))
    roll_call = RollCall(unit=unit, day=date(2018, 2, 19), at=time(7, 30), kind="apel", name="Apel pagi")
    source = CheckInSource(name=f"Mesin {n}", unit=unit, person_key="machine",
                           columns={"person": "No", "datetime": "Waktu"})
    machine_user = MachineUser(source=source, number=str(100 + n), employee=person)
    check_in = CheckIn(employee=person, at=datetime(2018, 2, 5, 0, 25, tzinfo=UTC), direction="in", device="M1",
                       entered_by=user, note="Mesin rusak")
    leave = Leave(employee=person, kind="annual", starts_on=date(2018, 2, 12), ends_on=date(2018, 2, 14),
                  decision_number=f"850/{n}/CT")
    excuse = Excuse(employee=person, kind="permit", starts_on=date(2018, 2, 6), ends_on=date(2018, 2, 6),
                    reason="Mengurus KTP", requested_by=user)
    day = AttendanceDay(employee=person, day=date(2018, 2, 5), status="present", late_code=0, early_code=0,
                        missed_roll_call=False)
    records = {Holiday: holiday, WorkSchedule: schedule, Shift: shift, ShiftAssignment: roster, RollCall: roll_call,
               CheckInSource: source, MachineUser: machine_user, CheckIn: check_in, Leave: leave, Excuse: excuse,
               AttendanceDay: day}
    db.session.add_all([*records.values(), night])
    return records

# -- end of attendance samples --------------------------------------------------------------------------------


# -- award samples (instrument, category, a decided round with a nomination and its certificate) -----------

def _awards(opd: Unit, person: Employee, user: User, n: int) -> dict:
    from datetime import date

    from app.awards.models import Category, Certificate, Criterion, Instrument, Nomination, Round
    from app.core import files

    instrument = Instrument(opd=opd, family=f"fam{n}", number=1, name="Instrumen")
    instrument.criteria.append(Criterion(name="Nilai", weight=100, scale_min=1, scale_max=5, source="assessor"))
    category = Category(opd=opd, name="Teladan", instrument=instrument)
    award_round = Round(category=category, opd=opd, year=2018, month=2, instrument=instrument, rules={
        "nominee_kind": "person", "winners": 1, "quota_per_unit": 1, "own_unit_conflict": True},
        nomination_opens=date(2018, 3, 1), nomination_closes=date(2018, 3, 9), status="decided",
        decision_number="SK", decision_date=date(2018, 3, 5))
    evidence = b"%PDF-1.4 nomination " + str(n).encode()
    nomination = Nomination(round=award_round, employee=person, unit=person.unit, justification="baik",
                            evidence_file=files.store(evidence, "pdf"), evidence_name="bukti.pdf", winner=True, rank=1)
    certificate = Certificate(nomination=nomination, opd_id=opd.id, year=2018, seq=n, number=f"800/{n}/X/III/2018",
                              code=f"cert{n}", issued_on=date(2018, 3, 5), content={})
    db.session.add_all([instrument, category, award_round, nomination, certificate])
    db.session.flush()
    return {Instrument: instrument, Category: category, Round: award_round, Nomination: nomination,
            Certificate: certificate}

# -- end of award samples -------------------------------------------------------------------------------------


# -- TPP samples (a preset, an OPD's month with one result, a rating) -----------------------------------------

def _tpp(opd: Unit, person: Employee, n: int) -> dict:
    from datetime import UTC, datetime

    from app.tpp import shipped
    from app.tpp.models import Objection, Period, Preset, Rating, Result

    preset = Preset(family=f"sample{n}", number=1, name=f"Preset {n}", source="Perbup", notes=[],
                    rules=dict(shipped.A["rules"], amounts={str(k): v for k, v in shipped.EXAMPLE_AMOUNTS.items()}),
                    valid_from=date(2018, 1, 1))
    period = Period(opd=opd, year=2018, month=2, preset=preset, state="open", people=1, total=3_000_000,
                    calculated_at=datetime(2018, 3, 1, tzinfo=UTC))
    result = Result(period=period, employee=person, unit_id=person.unit_id, kelas=7, base=3_000_000, cuts=0,
                    total=3_000_000, unrated=False, detail={
                        "kelas": 7, "predikat": "baik", "problem": "", "unrated": False, "base": 3_000_000,
                        "performance_part": 1_800_000, "discipline_part": 1_200_000, "performance_pct": "100",
                        "performance_from": "predikat:baik", "performance_cut": 0, "scope_amount": 1_200_000,
                        "cap_amount": 1_200_000, "lines": [], "discipline_cut": 0, "absent_month_cut": 0,
                        "leave_pct": "100", "leave": None, "leave_cut": 0, "sanction_pct": "0", "sanction": None,
                        "sanction_cut": 0, "total": 3_000_000, "days": 0, "typed": None})
    rating = Rating(employee=person, year=2018, month=2, hasil_kerja="sesuai", perilaku="sesuai", predikat="baik")
    objection = Objection(period=period, employee=person, reason="Saya hadir", state="open")
    db.session.add_all([preset, period, result, rating, objection])
    return {Preset: preset, Period: period, Result: result, Rating: rating, Objection: objection}

# -- end of TPP samples ---------------------------------------------------------------------------------------


def _workers(opd: Unit, unit: Unit, n: int) -> dict:
    """A THL worker of ``unit`` with a signed contract, a warning, an evaluation, the OPD's rules and a closed
    honorarium month with the contract's line."""
    from datetime import UTC, datetime

    from app.core import files
    from app.workers import shipped
    from app.workers.models import Contract, Evaluation, HonorLine, HonorMonth, RuleVersion, WorkerWarning

    worker = make_employee(unit, f"Petugas {n}", employment_type="thl")
    contract = Contract(employee_id=worker.id, unit_id=unit.id, year=2018, number=f"SPK/{n}/2018",
                        starts_on=date(2018, 1, 2), ends_on=date(2018, 12, 31), position="Petugas P3S",
                        pay_basis="monthly", rate=3_648_035, state="active", signed_on=date(2018, 1, 2))
    db.session.add(contract)
    db.session.flush()
    warning = WorkerWarning(contract_id=contract.id, employee_id=worker.id, level="lisan", given_on=date(2018, 2, 5),
                            reason="Terlambat", attachment=files.store(b"%PDF-1.4\n%%EOF\n", "pdf"),
                            attachment_name="teguran.pdf")
    evaluation = Evaluation(contract_id=contract.id, employee_id=worker.id, period=1, points={"a": 4}, scale=5,
                            score=80, result="baik", evaluated_on=date(2018, 4, 2))
    rules = RuleVersion(opd_id=opd.id, valid_from=date(2000, 1, 1), rules=shipped.DEFAULT, notes=[])
    month = HonorMonth(opd_id=opd.id, year=2018, month=2, state="closed", people=1, total=3_648_035,
                       closed_at=datetime(2018, 3, 1, tzinfo=UTC))
    db.session.add_all([warning, evaluation, rules, month])
    db.session.flush()
    month.rules_id = rules.id
    line = HonorLine(month_id=month.id, contract_id=contract.id, employee_id=worker.id, unit_id=unit.id,
                     pay_basis="monthly", rate=3_648_035, working=19, contract_days=19, paid=19, absent=0, late=0,
                     early=0, gross=3_648_035, penalty=0, net=3_648_035,
                     detail={"name": worker.name, "nik": worker.nik, "number": contract.number,
                             "position": "Petugas P3S", "unit": unit.name, "penalty_pct": "0"})
    db.session.add(line)
    return {Contract: contract, WorkerWarning: warning, Evaluation: evaluation, RuleVersion: rules,
            HonorMonth: month, HonorLine: line}

# -- end of non-ASN samples ------------------------------------------------------------------------------------


@dataclass
class Samples:
    own: dict
    other: dict
    extra: dict
    users: dict
    world: object = None  # the World of tests/factories.py the samples were built in


def samples() -> Samples:
    w = build_world()
    position_own = make_position(w.seksi_a, "Penyuluh Sosial")
    person_own = make_employee(w.seksi_a, "Rina Marlina", position_own, sex="P")
    person_other = w.person_b
    user_own = make_user("rina", [("employee", w.seksi_a)], employee=person_own)
    user_other = make_user("joko", [("employee", w.bidang_b)], employee=person_other)
    admin = w.users["admin"]
    own = {
        Unit: w.seksi_a,
        Position: position_own,
        Employee: person_own,
        User: user_own,
        Job: _finished_job(admin),
        ImportBatch: ImportBatch(owner_id=admin.id, kind="people", filename="own.csv", rows=[]),
        IssuedDocument: sample_document(w.seksi_a, 1),
    }
    other_owner = w.users["hr"]
    other = {
        Unit: w.bidang_b,
        Position: w.position_b,
        Employee: person_other,
        User: user_other,
        Job: Job(owner_id=other_owner.id, kind="export", title="other"),
        ImportBatch: ImportBatch(owner_id=other_owner.id, kind="people", filename="other.csv", rows=[]),
        IssuedDocument: sample_document(w.bidang_b, 2),
    }
    db.session.add_all([own[Job], own[ImportBatch], own[IssuedDocument], other[Job], other[ImportBatch],
                        other[IssuedDocument]])
    own.update(_agreement(w.seksi_a, person_own))
    other.update(_agreement(w.bidang_b, person_other))
    db.session.flush()
    own.update(_monitoring(w.seksi_a, own[Agreement], admin, 1))
    other.update(_monitoring(w.bidang_b, other[Agreement], admin, 2))
    own.update(_discipline(person_own))  # discipline samples
    other.update(_discipline(person_other))
    own.update(_attendance(w.seksi_a, person_own, admin, 1))  # attendance samples
    other.update(_attendance(w.bidang_b, person_other, admin, 2))
    own.update(_awards(w.opd_a, person_own, admin, 1))  # award samples
    other.update(_awards(w.opd_b, person_other, admin, 2))
    own.update(_tpp(w.opd_a, person_own, 1))  # TPP samples
    other.update(_tpp(w.opd_b, person_other, 2))
    own.update(_workers(w.opd_a, w.seksi_a, 1))  # non-ASN samples
    other.update(_workers(w.opd_b, w.bidang_b, 2))
    db.session.flush()
    # A user who holds every role but admin on OPD A: allowed everywhere in A, sees nothing of B.
    all_a = make_user("all_a", [(r, w.opd_a) for r in ("hr", "leader", "operator", "assessor", "employee")])
    db.session.flush()
    extra = {"assignment_id": user_own.roles[0].id, "kind": "people", "code": "sample1", "period": 1, "key": "k",
             "ref": f"kpi:{own[UnitKpi].id}"}
    users = dict(w.users, all_a=all_a, other_owner=other_owner)
    return Samples(own, other, extra, users, w)


def rules(app):
    return sorted((r for r in app.url_map.iter_rules() if r.endpoint != "static"), key=lambda r: r.rule)


def url(app, rule, samples: Samples, side: str) -> str:
    view = app.view_functions[rule.endpoint]
    loaders = getattr(view, "access_loaders", {})
    objects = samples.own if side == "own" else samples.other
    values = {}
    for arg in rule.arguments:
        if arg in loaders:
            values[arg] = objects[loaders[arg]].id
        else:
            values[arg] = samples.extra[arg]
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1")

# -- records in every state (the hostile-input suite) ----------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@dataclass
class States:
    """Plain values only (tests that send thousands of requests empty the session between them)."""

    users: dict  # name -> login identity (``User.get_id()``), in the order pages are walked
    ids: dict  # model -> ids of the records URLs are filled with; the first fills the URLs of other pages
    extra: dict  # the other URL values
    pages: list  # pages to open first, beyond every route filled with the records (other query values)


def states() -> States:
    """The samples, plus records in the states the remaining forms need: unit heads with accounts, agreements
    in draft, submitted and signed, an award round taking nominations and one scored, a printed certificate,
    a value still being reported with its evidence, a value waiting for verification."""
    from decimal import Decimal

    from app.accounts.models import User
    from app.agreements import services as agreements
    from app.agreements.models import Agreement
    from app.awards import services as awards
    from app.awards.models import Certificate, Nomination, Round
    from app.monitoring import services as monitoring
    from app.monitoring.models import Evidence, Realisation
    from app.org.models import Employee, Unit
    from tests.agreements.conftest import fill
    from tests.awards.conftest import build_awards

    s = samples()
    w = s.world
    a = build_awards(w)  # the heads (kadis, kabid, kasi with leader accounts), an instrument, a category, a round
    today = agency_today()
    # The fixture's round takes nominations now; another is being scored, every score given (so it can be decided).
    a.round.nomination_opens, a.round.nomination_closes = today - timedelta(days=1), today + timedelta(days=7)
    nominated = awards.nominate(a.round, a.users["hr"], justification="Kinerja baik", employee=a.staff[2],
                                today=today)
    scoring = awards.start_round(a.category, 2018, 3, today - timedelta(days=1), today, [a.assessor.id])
    for employee in a.staff[:2]:
        awards.nominate(scoring, a.users["hr"], justification="Kinerja baik", employee=employee, today=today)
    awards.close_nominations(scoring, scoring.version)
    seat = awards.panel_seat(scoring, a.assessor)
    for nomination in awards.active_nominations(scoring):
        awards.save_scores(nomination, seat, {c.id: "3" for c in awards.assessor_criteria(scoring)})
    # The decided sample round's certificate, printed: it can be revoked.
    certificate = s.own[Certificate]
    certificate.document = sample_document(w.opd_a, 99)
    db.session.add(certificate.document)

    o = a.officials
    draft = agreements.create(2019, w.bidang_a, o.kabid)
    fill(draft, a.users["kabid"])
    submitted = agreements.create(2019, w.seksi_a, o.kasi)
    fill(submitted, a.users["kasi"])
    agreements.submit(submitted.latest, a.users["kasi"])
    signed = agreements.create(2019, w.opd_a, o.kadis, external_name="Gubernur", external_position="Gubernur")
    fill(signed, a.users["kadis"])
    agreements.submit(signed.latest, a.users["kadis"])
    agreements.sign(signed.latest, a.users["kadis"], pakta=True, on=date(2019, 1, 10), place="Jakarta")
    # A value still being reported (a draft with its evidence): evidence can be added and removed.
    admin = s.users["admin"]
    # Tw I: the indicator's value accepted (the samples), the unit KPI's waiting for verification (entered by
    # the operator, so the admin may accept or return it). Tw II: the indicator's value a draft with evidence,
    # the KPI's still to enter (in the grid or its workbook).
    kpi, operator = s.own[UnitKpi], s.users["operator"]
    submitted_value = monitoring.submit(monitoring.enter(kpi, kpi.key, 1, Decimal(4), "", operator, today), operator)
    reported = monitoring.enter(s.own[Agreement], "k", 2, Decimal(6), "", admin, today)
    evidence = monitoring.add_evidence(reported, admin, "bukti.pdf", PDF)
    pages = [url_for("monitoring.grid", unit_id=s.own[Unit].id, year=2018, kind="quarter", period=2, _external=False)]
    # Attendance calendar: a day off is corrected through its id as a parameter (a page to open), and a
    # holidays import waits for confirmation.
    from app.attendance import holiday_import
    from app.attendance.models import Holiday

    pages.append(url_for("attendance.calendar_edit", holiday_id=s.own[Holiday].id, _external=False))
    holidays_batch = holiday_import.stage(admin, "libur.csv", b"tanggal,jenis,nama\n2018-10-08,libur daerah,Hari Jadi\n")
    # Check-in imports waiting in their preview: one to commit, one with an unknown user number (its form).
    from app.attendance import checkin_commit
    from app.attendance.models import CheckInSource

    checkins_batch, _job = checkin_commit.upload(admin, s.own[CheckInSource], "absen.csv",
                                                 b"No,Waktu\n101,2018-02-05 07:31:02\n")
    unknown_batch, _job = checkin_commit.upload(admin, s.own[CheckInSource], "absen-2.csv",
                                                b"No,Waktu\n999,2018-02-05 07:31:02\n")
    # A closed TPP month (its page shows the payment list's form and the reopening link).
    from datetime import UTC, datetime

    from app.tpp.models import Period, Preset

    closed_month = Period(opd=w.opd_a, year=2018, month=1, preset=s.own[Preset], state="closed", people=0, total=0,
                          calculated_at=datetime(2018, 2, 1, tzinfo=UTC), closed_at=datetime(2018, 2, 2, tzinfo=UTC))
    db.session.add(closed_month)
    db.session.flush()
    pages.append(url_for("tpp.month", unit_id=w.opd_a.id, year=2018, month=1, _external=False))
    # Scorecards of that closed month: issued one by one, or the OPD's in bulk.
    pages.append(url_for("scorecards.person", employee_id=s.own[Employee].id, year=2018, month=1, _external=False))
    pages.append(url_for("scorecards.unit", unit_id=w.opd_a.id, year=2018, month=1, _external=False))

    # A draft non-ASN contract (edited, signed or deleted), beside the signed sample.
    from app.workers.models import Contract

    signed_contract = s.own[Contract]
    draft_contract = Contract(employee_id=signed_contract.employee_id, unit_id=signed_contract.unit_id, year=2019,
                              number="", starts_on=date(2019, 1, 2), ends_on=date(2019, 12, 31),
                              position="Petugas P3S", pay_basis="daily", rate=165_820, state="draft")
    db.session.add(draft_contract)
    db.session.flush()
    pages.append(url_for("workers.honor_month", unit_id=w.opd_a.id, year=2018, month=3, _external=False))  # to close
    pages.append(url_for("workers.honor_month", unit_id=w.opd_a.id, year=2018, month=2, _external=False))  # its PDF

    for user in db.session.scalars(select(User)):
        user.password_hash = FAST_HASH  # logins check the password: a cheap hash keeps hundreds of them quick
    db.session.flush()

    users = {"admin": admin, "hr": s.users["hr"], "assessor": a.assessor, "kasi": a.users["kasi"],
             "kabid": a.users["kabid"], "kadis": a.users["kadis"], "operator": s.users["operator"],
             "employee": s.users["employee"], "rina": s.own[User]}
    variants = {
        Unit: [s.own[Unit], w.opd_a, w.bidang_a],
        Agreement: [draft, s.own[Agreement], submitted, signed],  # the first fills the URLs of other pages
        Round: [s.own[Round], a.round, scoring],
        Nomination: [s.own[Nomination], nominated],
        Employee: [s.own[Employee], a.staff[0]],
        Realisation: [s.own[Realisation], reported, submitted_value],
        Evidence: [s.own[Evidence], evidence],
        ImportBatch: [s.own[ImportBatch], holidays_batch, checkins_batch, unknown_batch],
        Contract: [signed_contract, draft_contract],
    }
    ids = {model: [record.id] for model, record in s.own.items() if hasattr(record, "id")}  # not AttendanceDay
    ids.update({model: [record.id for record in records] for model, records in variants.items()})
    return States({name: user.get_id() for name, user in users.items()}, ids, s.extra, pages)
