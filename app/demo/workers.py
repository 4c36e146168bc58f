"""The demo's non-ASN workers: the P3S officers of Suku Dinas Sosial Jakarta Selatan as THL on 2018 contracts and
shifts, and a 2018 contract for every other THL and PJLP of the Dinas (DOMAIN.md §5).

A script of the demo's calendar (``app.demo.calendar``). On the day the data is entered, the personnel records
bring the eleven P3S officers (pelayanan, pengawasan dan pengendalian sosial) recruited as THL for 2018. On 3
January HR gives Suku Dinas Jakarta Selatan its own schedule with two shifts, Shift Pagi 07:00–15:00 and Shift
Siang 15:00–23:00, drafts the officers' contracts (SPK) and records them signed by the Kepala Dinas on 2 January:
each contract puts its officer on its shift for the year, one morning and one afternoon officer at each of six
hotspots (titik rawan PMKS) of South Jakarta, paid Rp3.648.035 a month (the UMP DKI 2018). On 4 January the other
THL (Rp165.820 a working day) and PJLP (the UMP a month) of the Dinas get theirs. A twelfth officer starts on 15
February.

Their check-ins are the shift's (``check_ins``, called by ``app.demo.attendance`` with everyone else's before
each month's pass): in within ten minutes before the shift (06:49–07:00, 14:49–15:00), out a few minutes after
its end; a few arrive a little late, two miss a day. (The pass counts the OPD's Monday apel at 07:30 for the
afternoon shift too: its officers "miss" it.) One officer is late often: a teguran lisan on 12 February, a teguran tertulis on 9
March. Another misses days and leaves the post early: SP1 on 9 February, SP2 on 26 February, SP3 on 8 March, the
contract terminated on 14 March with 13 March its last day (the renewal decision "end"). HR closes February's
honorarium on 5 March (March's stays open, as March's TPP) and evaluates ten officers' first quarter on 4 April;
the others' renewal decisions wait. The demo's "thl" account is the first officer: "Kontrak saya".
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from functools import partial

from sqlalchemy import func, select

from app.accounts.models import User
from app.attendance import calendar as work_calendar
from app.attendance import schedules
from app.core.clock import utcnow
from app.core.formatting import month_bounds
from app.demo.calendar import LOADED_ON, WIB, YEAR, Script, at
from app.demo.people import People
from app.extensions import db
from app.org import services as org
from app.org.models import Employee, Position, Unit
from app.workers.services import conduct, contracts, honor

SEED = 201803
P3S_UNIT = "SUDIN-JS"
UMP_DKI = 3_648_035  # rupiah a month: UMP DKI Jakarta 2018
THL_DAILY = 165_820  # rupiah a working day
SIGNED_ON = date(YEAR, 1, 2)  # the Kepala Dinas signed the year's SPKs on their first day
ENDS_ON = date(YEAR, 12, 31)
SHIFTS = (  # (code, name, starts, ends)
    ("pagi", "Shift Pagi", time(7), time(15)),
    ("siang", "Shift Siang", time(15), time(23)),
)
# (kecamatan, the spots watched): a morning and an afternoon officer at each.
HOTSPOTS = (
    ("Pasar Minggu", "Perempatan Pasar Minggu, Stasiun Pasar Minggu"),
    ("Pancoran", "Perempatan Pancoran, Jalan Raya Kalibata"),
    ("Kebayoran Baru", "Terminal Blok M, Jalan Panglima Polim"),
    ("Setiabudi", "Perempatan Kuningan, Jalan Casablanca"),
    ("Tebet", "Stasiun Tebet, Pasar Manggarai"),
    ("Mampang Prapatan", "Perempatan Mampang Prapatan, Jalan Warung Buncit Raya"),
)
POSITION = "Petugas P3S"
DUTIES = ("Penjangkauan PMKS (gelandangan, pengemis, pengamen, anak jalanan, manusia gerobak) di titik rawan; "
          "respons cepat laporan warga di media sosial dan aplikasi CRM/Qlue; pendataan dan pengantaran PMKS ke "
          "panti sosial; laporan harian kepada Kepala Suku Dinas Sosial Kota Administrasi Jakarta Selatan.")
OFFICERS = 11  # from 2 January; the twelfth from 15 February (the sixth hotspot's afternoon)
FIRST_SERIAL, LATE_SERIAL = 27, 52
LATE_START = date(YEAR, 2, 15)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

# The officers' parts, by their place in the list (officer n: hotspot n // 2, the morning shift when n is even).
ACCOUNT, WARNED, TERMINATED = 0, 2, 7
LAST_DAY = date(YEAR, 3, 13)  # of the terminated officer's contract
# officer → the days they did not come (TK)
ABSENT = {TERMINATED: {date(YEAR, 2, 7), date(YEAR, 2, 8), date(YEAR, 3, 6), date(YEAR, 3, 7), date(YEAR, 3, 12),
                       date(YEAR, 3, 13)},
          4: {date(YEAR, 2, 22)}, 9: {date(YEAR, 3, 20)}}
# officer → day → the wall-clock time they checked in (late) or out (early)
LATE = {WARNED: {date(YEAR, 2, 1): time(7, 14), date(YEAR, 2, 5): time(7, 22), date(YEAR, 2, 7): time(7, 9),
                 date(YEAR, 2, 9): time(7, 26), date(YEAR, 3, 1): time(7, 18), date(YEAR, 3, 5): time(7, 35),
                 date(YEAR, 3, 6): time(7, 12), date(YEAR, 3, 8): time(7, 41)}}
EARLY = {TERMINATED: {date(YEAR, 2, 22): time(19, 40)}}
LATE_NOW_AND_THEN = 0.04  # the others: a few minutes late on this share of days
# (officer, level, day, letter number, reason)
WARNINGS = (
    (TERMINATED, "sp1", date(YEAR, 2, 9), "800/SP1/P3S/SUDIN-JS/II/2018",
     "Tidak masuk kerja tanpa keterangan pada 7 dan 8 Februari 2018: pos Shift Siang kosong dua hari."),
    (WARNED, "lisan", date(YEAR, 2, 12), "",
     "Terlambat datang ke titik tugas empat kali dalam dua minggu (1, 5, 7 dan 9 Februari 2018)."),
    (TERMINATED, "sp2", date(YEAR, 2, 26), "800/SP2/P3S/SUDIN-JS/II/2018",
     "Meninggalkan titik tugas sebelum jam tugas berakhir pada 22 Februari 2018 (pulang pukul 19.40) tanpa izin "
     "koordinator lapangan."),
    (TERMINATED, "sp3", date(YEAR, 3, 8), "800/SP3/P3S/SUDIN-JS/III/2018",
     "Kembali tidak masuk kerja tanpa keterangan pada 6 dan 7 Maret 2018 setelah SP1 dan SP2."),
    (WARNED, "tertulis", date(YEAR, 3, 9), "800/TT/P3S/SUDIN-JS/III/2018",
     "Setelah teguran lisan 12 Februari 2018 kembali terlambat datang empat kali (1, 5, 6 dan 8 Maret 2018)."),
)
TERMINATION = ("Pemutusan perjanjian kerja setelah SP3 (8 Maret 2018): kembali tidak masuk kerja tanpa keterangan "
               "pada 12 dan 13 Maret 2018.")
NOT_EVALUATED = {TERMINATED, OFFICERS}  # the terminated officer; the one who started in February (from Tw II)
# officer → points of the five shipped criteria (attendance, quality, speed, teamwork, attitude): mostly 4s
POINTS = {ACCOUNT: (4, 5, 5, 4, 4), 1: (4, 4, 4, 4, 4), WARNED: (3, 4, 4, 4, 3), 3: (4, 4, 5, 4, 4),
          4: (4, 4, 4, 4, 4), 5: (4, 3, 4, 4, 4), 6: (5, 4, 4, 4, 4), 8: (4, 4, 4, 5, 4), 9: (4, 4, 4, 4, 4),
          10: (4, 4, 3, 4, 4)}
NOTES = {WARNED: "Ketepatan waktu perlu diperbaiki (teguran lisan dan tertulis triwulan ini).",
         ACCOUNT: "Respons laporan warga di media sosial cepat dan tuntas."}
# Everyone else's contract, by the unit where they work: (position, duties)
WORK = {
    "satpel": ("Petugas Pendamping Sosial Kecamatan", "Pendataan dan pendampingan PMKS serta penyaluran bantuan "
               "sosial di wilayah kecamatan."),
    "suku_dinas": ("Petugas Lapangan Suku Dinas", "Penjangkauan dan pendataan PMKS, dukungan kegiatan lapangan "
                   "Suku Dinas Sosial."),
    "panti": ("Pramu Sosial", "Pengasuhan, perawatan dan pendampingan warga binaan sosial panti."),
    "upt": ("Operator Data", "Entri, pemutakhiran dan verifikasi data jaminan sosial."),
    "office": ("Tenaga Administrasi", "Administrasi perkantoran, pengarsipan dan pelayanan surat-menyurat."),
}


def _number(serial: int, month: int) -> str:
    return f"{serial:03d}/SPK-P3S/{P3S_UNIT}/{ROMAN[month - 1]}/{YEAR}"


def _hotspot(n: int) -> tuple[str, str]:
    kecamatan, spots = HOTSPOTS[n // 2]
    return f"Titik rawan PMKS Kecamatan {kecamatan} ({spots})", SHIFTS[n % 2][0]


def script(keyed: dict) -> Script:
    yield at(LOADED_ON, "11:00")  # the P3S officers recruited for 2018, from the personnel records
    unit = db.session.scalar(select(Unit).where(Unit.code == P3S_UNIT))
    people = People(SEED)
    people.serial = 5000  # NIK serials apart from the other people's
    post = org.create_position(unit, {"name": POSITION, "type": "non_asn", "eselon": None, "kelas_jabatan": 1,
                                      "is_head": False})
    officers = [_officer(people, unit, post, LOADED_ON) for _ in range(OFFICERS)]
    keyed["p3s"] = officers[ACCOUNT]  # the demo's "thl" account

    yield at(date(YEAR, 1, 3), "09:00", by="hr")  # the Suku Dinas's own schedule, with the two shifts
    hr = db.session.scalar(select(User).where(User.username == "hr"))
    schedule = schedules.create_own(unit, hr).record
    for code, name, starts, ends in SHIFTS:
        schedules.add_shift(schedule, {"code": code, "name": name, "starts": starts, "ends": ends,
                                       "friday_ends": None, "is_default": False}, hr)
    shifts = {s.code: s for s in schedule.shifts}

    yield at(date(YEAR, 1, 3), "10:00", by="hr")  # the officers' contracts drafted…
    drafts = [_draft(officer, unit, FIRST_SERIAL + n, date(YEAR, 1, 2), shifts, n, hr)
              for n, officer in enumerate(officers)]
    yield at(date(YEAR, 1, 3), "14:00", by="hr")  # …and recorded as signed on 2 January: SPKs, shift rosters
    signed = [contracts.sign(c, c.version, hr, signed_on=SIGNED_ON) for c in drafts]

    yield at(date(YEAR, 1, 4), "10:00", by="hr")  # every other THL and PJLP of the Dinas
    _others(hr)

    # Then, in the order they happened: the warnings, the twelfth officer, February's honorarium closed (its days
    # were derived on 1 March by app.demo.attendance), the termination, the first quarter's evaluations (March's
    # days derived on 2 April).
    steps = [(at(warning[2], "10:00", by="hr"), partial(_warn, signed, warning, hr)) for warning in WARNINGS]
    steps += [(at(LATE_START - timedelta(days=1), "09:00", by="hr"),
               lambda: signed.append(_late(people, unit, post, shifts, hr))),
              (at(date(YEAR, 3, 5), "11:00", by="hr"),
               lambda: honor.close(db.session.get(Unit, unit.opd_id), YEAR, 2, None, hr)),
              (at(LAST_DAY + timedelta(days=1), "10:00", by="hr"), lambda: contracts.terminate(
                  signed[TERMINATED], LAST_DAY, TERMINATION, signed[TERMINATED].version, hr)),
              (at(date(YEAR, 4, 4), "10:00", by="hr"), lambda: _evaluate(signed, hr))]
    for moment, step in sorted(steps, key=lambda s: s[0].when):
        yield moment
        step()


def _warn(signed: list, warning: tuple, hr: User) -> None:
    officer, level, day, letter, reason = warning
    conduct.warn(signed[officer], {"level": level, "given_on": day, "reason": reason, "letter_number": letter}, None, hr)


def _late(people: People, unit: Unit, post: Position, shifts: dict, hr: User):
    """The twelfth officer, hired from 15 February: the sixth hotspot's afternoon."""
    officer = _officer(people, unit, post, LATE_START)
    contract = _draft(officer, unit, LATE_SERIAL, LATE_START, shifts, OFFICERS, hr)
    return contracts.sign(contract, contract.version, hr)


def _evaluate(signed: list, hr: User) -> None:
    for n, contract in enumerate(signed):
        if n not in NOT_EVALUATED:
            criteria = conduct.form_of(contract).criteria
            conduct.evaluate(contract, 1, dict(zip(criteria, POINTS[n], strict=True)), NOTES.get(n, ""), None, hr)


def _officer(people: People, unit: Unit, post: Position, since: date) -> Employee:
    name, _title, sex = people.person(None)
    return org.create_employee({"employment_type": "thl", "name": name, "sex": sex, "unit_id": unit.id,
                                "position_id": post.id, "status": "aktif", "nik": people.nik(sex)},
                               since, f"Kontrak THL {POSITION} {YEAR}")


def _draft(officer: Employee, unit: Unit, serial: int, starts: date, shifts: dict, n: int, hr: User):
    workplace, shift = _hotspot(n)
    return contracts.create(officer, unit, {
        "year": YEAR, "number": _number(serial, starts.month), "starts_on": starts, "ends_on": ENDS_ON,
        "position": POSITION, "duties": DUTIES, "pay_basis": "monthly", "rate": UMP_DKI, "workplace": workplace,
        "shift": shifts[shift]}, hr)


def _work(unit: Unit) -> tuple[str, str]:
    if unit.kind in ("satpel", "suku_dinas"):
        return WORK[unit.kind]
    if unit.kind == "upt":
        return WORK["panti" if unit.name.startswith("Panti") else "upt"]
    return WORK["office"]


def _others(hr: User) -> None:
    """A 2018 contract, signed on 2 January, for every THL (daily) and PJLP (monthly) who has none: numbered in
    each unit's series."""
    serials: dict[int, int] = {}
    for person in db.session.scalars(
            select(Employee).where(Employee.employment_type.in_(("thl", "pjlp")), Employee.status == "aktif",
                                   Employee.position_id.not_in(select(Position.id).where(Position.name == POSITION)))
            .order_by(Employee.id)):
        unit = person.unit
        serials[unit.id] = serials.get(unit.id, 0) + 1
        position, duties = _work(unit)
        daily = person.employment_type == "thl"
        contract = contracts.create(person, unit, {
            "year": YEAR, "number": f"{serials[unit.id]:03d}/SPK-{person.employment_type.upper()}/{unit.code}/I/{YEAR}",
            "starts_on": date(YEAR, 1, 2), "ends_on": ENDS_ON, "position": position, "duties": duties,
            "pay_basis": "daily" if daily else "monthly", "rate": THL_DAILY if daily else UMP_DKI,
            "workplace": f"Kantor {unit.name}", "shift": None}, hr)
        contracts.sign(contract, contract.version, hr, signed_on=SIGNED_ON)


# -- check-ins -----------------------------------------------------------------------------------------------

def check_ins(year: int, month: int) -> list[dict]:
    """The month's check-ins of the officers on a shift (``app.demo.attendance`` inserts them with everyone
    else's, then runs the pass): by their roster's shift, inside their contract."""
    from app.workers.models import Contract

    first, last = month_bounds(year, month)
    last_day = func.coalesce(Contract.terminated_on, Contract.ends_on)
    rows = db.session.execute(
        select(Contract.employee_id, Contract.number, Contract.starts_on, last_day, Unit.path)
        .join(Unit, Contract.unit_id == Unit.id)
        .where(Unit.code == P3S_UNIT, Contract.position == POSITION, Contract.state.in_(("active", "terminated")),
               Contract.starts_on <= last, last_day >= first)
        .order_by(Contract.employee_id)).all()
    cal = work_calendar.load(first, last, WIB)
    cal.load_rosters([row[0] for row in rows], db.session.connection())
    rng = random.Random(SEED * 100 + month)
    found = []
    for employee_id, number, starts, ends, path in rows:
        n = int(number.split("/")[0])
        n = OFFICERS if n == LATE_SERIAL else n - FIRST_SERIAL
        for day in cal.days:
            if cal.off(day, path) is not None or not starts <= day <= ends or day in ABSENT.get(n, ()):
                continue
            start, end = cal.hours(employee_id, day, path).on(day).on(day, WIB)
            arrive = start - timedelta(minutes=rng.randint(1, 10), seconds=rng.randint(0, 59))  # 06:50–06:59
            leave = end + timedelta(minutes=rng.randint(2, 25), seconds=rng.randint(0, 59))
            if day in LATE.get(n, {}):
                arrive = datetime.combine(day, LATE[n][day], WIB).astimezone(UTC)
            elif rng.random() < LATE_NOW_AND_THEN:
                arrive = start + timedelta(minutes=rng.randint(1, 12), seconds=rng.randint(0, 59))
            if day in EARLY.get(n, {}):
                leave = datetime.combine(day, EARLY[n][day], WIB).astimezone(UTC)
            device = f"Absensi mobile P3S {P3S_UNIT}"
            found += [_row(employee_id, arrive, "in", device), _row(employee_id, leave, "out", device)]
    return found


def _row(employee_id: int, at_: datetime, direction: str, device: str) -> dict:
    return {"employee_id": employee_id, "at": at_.astimezone(UTC), "direction": direction, "device": device,
            "note": "", "created_at": utcnow()}
