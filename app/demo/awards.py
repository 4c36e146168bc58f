"""The demo's awards: the February 2018 best employees of Dinas Sosial DKI (DOMAIN.md §8), decided and numbered
on 5 March 2018, and June 2018's round with nominations open in July, which HR, the assessor and the Kepala Dinas
can carry on in the browser (HR extends the nomination window to add nominees).

Scores, June's attendance recaps and the one sanction are invented (February's recaps are derived from the
demo's check-ins, app.demo.attendance); the winners are those of the news reports.
The demo's emblem (``emblem.svg``: a shield with a star, rice and cotton, a pendopo and waves) was drawn for the
demo; it is no real region's coat of arms.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.accounts.models import User
from app.awards import services
from app.awards.presets import INSTRUMENT_DINSOS_DKI
from app.awards.printing import print_certificates
from app.core.files import store
from app.demo.calendar import Script, at
from app.discipline.models import AttendanceMonth, Sanction
from app.extensions import db
from app.org.models import Employee, Position, Unit
from app.org.services import get_pemda

EMBLEM = Path(__file__).with_name("emblem.svg")

UNIT_CRITERIA = [
    {"name": "Respons dan layanan kepada warga", "weight": 40, "source": "assessor", "scale_min": 1, "scale_max": 5,
     "description": "Kecepatan menanggapi laporan warga (termasuk media sosial) dan mutu layanan."},
    {"name": "Capaian kinerja unit", "weight": 40, "source": "achievement",
     "description": "Capaian rata-rata indikator unit sampai triwulan berjalan (otomatis)."},
    {"name": "Inovasi", "weight": 20, "source": "assessor", "scale_min": 1, "scale_max": 5,
     "description": "Cara kerja baru yang terbukti memperbaiki layanan."},
]
PERSON_DESCRIPTIONS = {
    "BerAKHLAK": "Berorientasi pelayanan, akuntabel, kompeten, harmonis, loyal, adaptif, kolaboratif (1–5).",
    "Kehadiran": "100 dikurangi potongan rekap kehadiran bulan itu (otomatis).",
    "Kinerja (CKP)": "Capaian Kinerja Pegawai bulan itu dari atasan langsung (0–100).",
}


def _person_criteria() -> list[dict]:
    return [{"name": c["name"], "weight": int(c["weight"]), "source": c["source"],
             "scale_min": int(c["scale"][0]), "scale_max": int(c["scale"][1]),
             "description": PERSON_DESCRIPTIONS.get(c["name"], "")} for c in INSTRUMENT_DINSOS_DKI["criteria"]]


def install_emblem() -> None:
    """The pemda's emblem: the demo's own drawing (before any document is issued, so each one shows it)."""
    get_pemda().logo_file = store(EMBLEM.read_bytes(), "svg")
    db.session.flush()


def _category(opd: Unit, instrument, name: str, kind: str, **rules):
    data = {"name": name, "nominee_kind": kind, "award_title": "", "eligible_position_types": [],
            "eligible_unit_kinds": [], "winners": 1, "quota_per_unit": 1, "instrument_id": instrument.id,
            "exclude_sanctioned": True, "exclude_absent": True, "cooldown_months": 3, "exclude_heads": False,
            "own_unit_conflict": True, "number_pattern": "800/{seq}/-1.853/{month_roman}/{year}",
            "signer_position_id": None, "active": True}
    data.update(rules)
    return services.save_category(opd, data)


def _score(award_round, values: dict[int, dict[str, str]], user: User) -> None:
    criteria = {c.name: c.id for c in services.assessor_criteria(award_round)}
    for nomination in services.active_nominations(award_round):
        key = nomination.employee_id or nomination.unit_id
        for seat in award_round.assessors:
            if seat.user_id == user.id and not services.conflict_of(seat, nomination):
                services.save_scores(nomination, seat, {criteria[k]: v for k, v in values[key].items()})


def script() -> Script:
    """A script of the demo's calendar (``app.demo.calendar``): each ``yield`` is the moment of the next step."""
    yield at(date(2018, 1, 3), "10:00", by="hr")  # HR records the sanction decided in December
    by_code = {u.code: u for u in db.session.scalars(select(Unit))}
    users = {u.username: u for u in db.session.scalars(select(User))}
    opd = by_code["DINSOS"]
    heads = {code: db.session.scalar(select(Employee).join(Position, Employee.position_id == Position.id).where(
        Position.unit_id == by_code[code].id, Position.is_head.is_(True))) for code in (
        "SATPEL-MAMPANG", "SATPEL-KEBAYORAN", "SATPEL-TEBET", "SATPEL-GAMBIR")}
    db.session.add(Sanction(employee_id=heads["SATPEL-GAMBIR"].id, level="medium",
                            kind="Pemotongan tunjangan kinerja 25% selama 6 bulan", decision_number="800/SK-HD/04/2018",
                            decision_date=date(2017, 12, 20), starts_on=date(2018, 1, 1), ends_on=date(2018, 6, 30)))
    db.session.flush()

    yield at(date(2018, 2, 26), "10:00", by="hr")  # HR sets up the instruments and categories
    person_instrument = services.save_instrument(opd, INSTRUMENT_DINSOS_DKI["name"], INSTRUMENT_DINSOS_DKI["source"],
                                                 _person_criteria())
    unit_instrument = services.save_instrument(opd, "Penilaian Unit Kerja Terbaik", "Instrumen demo.", UNIT_CRITERIA)
    satpel = _category(opd, person_instrument, "Kepala Satuan Pelaksana Sosial Kecamatan", "person",
                       eligible_position_types=["pengawas"])
    p3s = _category(opd, unit_instrument, "Petugas P3S", "unit", eligible_unit_kinds=["suku_dinas"])
    panti = _category(opd, unit_instrument, "Panti Sosial", "unit", eligible_unit_kinds=["upt"],
                      award_title="Panti Sosial Terbaik")
    staff = _category(opd, person_instrument, "Pelaksana Teladan", "person", quota_per_unit=2, exclude_heads=True,
                      eligible_position_types=["pelaksana", "fungsional"], award_title="Pelaksana Teladan")
    panel = [users["penilai"].id, users["kabid"].id]
    hr, kadis = users["hr"], users["kadis"]

    # February 2018: three satpel heads, three Suku Dinas, three panti; decided on 5 March 2018.
    # The month's attendance recaps are derived from the check-ins brought in at 08:00 (app.demo.attendance):
    # Mampang Prapatan and Gambir spotless, Kebayoran Baru late once, Tebet three days of annual leave.
    yield at(date(2018, 3, 1), "08:30", by="hr")  # the rounds, the nominations
    opens, closes, decided = date(2018, 3, 1), date(2018, 3, 3), date(2018, 3, 5)
    rounds = []
    for category, nominees, values in (
        (satpel, [heads[c] for c in ("SATPEL-MAMPANG", "SATPEL-KEBAYORAN", "SATPEL-TEBET")],
         {"SATPEL-MAMPANG": ("5", "95"), "SATPEL-KEBAYORAN": ("4", "90"), "SATPEL-TEBET": ("4", "88")}),
        (p3s, [by_code[c] for c in ("SUDIN-JS", "SUDIN-JP", "SUDIN-JB")],
         {"SUDIN-JS": ("5", "4"), "SUDIN-JP": ("4", "3"), "SUDIN-JB": ("4", "4")}),
        (panti, [by_code[c] for c in ("PSTW3", "PSTW1", "PSBI2")],
         {"PSTW3": ("5", "5"), "PSTW1": ("4", "3"), "PSBI2": ("3", "4")}),
    ):
        award_round = services.start_round(category, 2018, 2, opens, closes, panel)
        for nominee in nominees:
            person = isinstance(nominee, Employee)
            services.nominate(award_round, hr, justification=_why(nominee), today=opens,
                              employee=nominee if person else None, unit=None if person else nominee)
        rounds.append((award_round, nominees, values))
    yield at(decided, "08:00", by="hr")  # Monday: HR closes the nominations, the panel scores before the decision
    for award_round, *_ in rounds:
        services.close_nominations(award_round, award_round.version)
    for assessor, clock_time in ((users["penilai"], "08:30"), (users["kabid"], "10:00")):
        yield at(decided, clock_time, by=assessor.username)
        for award_round, nominees, values in rounds:
            names = [c.name for c in services.assessor_criteria(award_round)]
            codes = {n.id: (n.unit.code if isinstance(n, Employee) else n.code) for n in nominees}
            _score(award_round, {key: dict(zip(names, values[codes[key]], strict=True)) for key in codes}, assessor)
    yield at(decided, "11:00", by="kadis")
    for award_round, *_ in rounds:
        services.decide(award_round, kadis, "800/SK-PT/017/2018", decided, award_round.version)
    yield at(decided, "11:30", by="hr")
    printed = []
    for award_round, *_ in rounds:
        printed.extend(services.issue_certificates(award_round))
    print_certificates(printed)  # the three piagam, rendered and issued (verifiable by their QR code)

    # June's "Pelaksana Teladan" round, nominations open from 2 to 13 July: two nominees already in.
    yield at(date(2018, 7, 2), "09:00", by="hr")
    current = services.start_round(staff, 2018, 6, date(2018, 7, 2), date(2018, 7, 13), panel)
    sudin_js = by_code["SUDIN-JS"]
    people = list(db.session.scalars(select(Employee).join(Position, Employee.position_id == Position.id).where(
        Employee.unit_id == sudin_js.id, Position.is_head.is_(False),
        Position.type.in_(("pelaksana", "fungsional"))).order_by(Employee.id).limit(3)))
    for employee, counts in zip(people, ({}, {"late_arrivals": 2}, {"absent_days": 1}), strict=False):
        db.session.add(AttendanceMonth(employee_id=employee.id, year=2018, month=6, **counts))
    db.session.flush()
    for day, employee in zip((date(2018, 7, 3), date(2018, 7, 4)), people[:2], strict=True):
        yield at(day, "10:00", by="operator")
        services.nominate(current, users["operator"], justification=_why(employee), employee=employee)


def _why(nominee) -> str:
    if isinstance(nominee, Employee):
        return (f"{nominee.name} menuntaskan seluruh tugas bulan ini tepat waktu dan menanggapi laporan warga "
                "dengan cepat.")
    return f"{nominee.name} merespons cepat laporan warga melalui media sosial sepanjang bulan."
