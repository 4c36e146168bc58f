"""The demo's TPP: February 2018 rated, calculated with preset A and closed; March rated in part and calculated,
still open.

A script of the demo's calendar (``app.demo.calendar``). On the day the data is entered the administrator
installs the shipped presets. February's days are derived on 1 March (``app.demo.attendance``); on 2 March HR
enters the monthly ratings the unit heads handed in: most people Baik (as expected on both), one in ten Sangat
Baik, one in twenty Butuh Perbaikan (work results below expectations), within preset A's cap of 70 % Sangat Baik
per unit. On 5 March HR calculates February and closes it on 6 March. March's days are derived on 2 April; HR
enters the ratings of all but the Sekretariat's people on 3 April and calculates March on 4 April: the month
stays open, with the Sekretariat not rated yet. On 5 April the demo's "pegawai" contests March as a whole (their
rating): the objection waits for HR.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.accounts.models import User
from app.demo.calendar import LOADED_ON, Script, at
from app.extensions import db
from app.org.models import Employee, Unit
from app.org.rules import ASN_TYPES
from app.tpp.models import Result
from app.tpp.services import objections, periods, presets, ratings


def _asn(opd: Unit) -> list[Employee]:
    return list(db.session.scalars(
        select(Employee).join(Unit, Employee.unit_id == Unit.id)
        .where(Unit.path.startswith(opd.path), Employee.employment_type.in_(ASN_TYPES),
               Employee.status == "aktif").order_by(Employee.id)))


def _rating(n: int) -> tuple[str, str]:
    if n % 20 == 7:
        return "bawah", "sesuai"  # Butuh Perbaikan
    if n % 10 == 3:
        return "atas", "atas"  # Sangat Baik
    return "sesuai", "sesuai"  # Baik


def _rate(opd: Unit, year: int, month: int, hr: User, skip_unit: str | None = None) -> None:
    caps = presets.rules_of(presets.in_force("A", date(year, month, 1))).predikat_caps
    for n, person in enumerate(_asn(opd)):
        if skip_unit and person.unit.code == skip_unit:
            continue
        hasil, perilaku = _rating(n)
        ratings.save(person, year, month, {"hasil_kerja": hasil, "perilaku": perilaku, "note": ""}, hr, None, caps)


def script() -> Script:
    yield at(LOADED_ON, "15:30", by="admin")
    presets.install_presets()

    opd = db.session.scalar(select(Unit).where(Unit.code == "DINSOS", Unit.parent_id.is_(None)))
    hr = db.session.scalar(select(User).where(User.username == "hr"))
    yield at(date(2018, 3, 2), "10:00", by="hr")  # February's ratings
    _rate(opd, 2018, 2, hr)
    yield at(date(2018, 3, 5), "13:00", by="hr")  # February calculated with preset A…
    february = periods.start(opd, 2018, 2, "A", hr)
    yield at(date(2018, 3, 6), "10:00", by="hr")  # …and closed
    periods.close(february, hr, february.version)

    yield at(date(2018, 4, 3), "10:00", by="hr")  # March's ratings, the Sekretariat's not yet in
    _rate(opd, 2018, 3, hr, skip_unit="SEK")
    yield at(date(2018, 4, 4), "13:00", by="hr")
    march = periods.start(opd, 2018, 3, "A", hr)

    # The Kepala Satpel Mampang Prapatan (the demo's "pegawai" account, no deduction in March) contests the
    # month as a whole: their rating. HR has not decided yet.
    yield at(date(2018, 4, 5), "09:30", by="pegawai")
    pegawai = db.session.scalar(select(User).where(User.username == "pegawai"))
    result = db.session.scalar(select(Result).where(Result.period_id == march.id,
                                                    Result.employee_id == pegawai.employee_id))
    objections.lodge(result, pegawai, {"line": "", "reason": (
        "Predikat bulan Maret tertulis Baik, padahal hasil kerja saya di atas ekspektasi: pendataan PMKS "
        "Kecamatan Mampang Prapatan selesai 100 % sebelum tenggat. Mohon penilaiannya ditinjau kembali.")})
