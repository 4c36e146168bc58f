"""Hand-built data for scorecards: the Kepala Bidang's agreement with its realisation, a quarter of monthly
records (attendance, sanctions, ratings, TPP months closed), and a decided award round in the OPD.

Mariana (Kepala Bidang Rehabilitasi Sosial) is PIHAK PERTAMA of the 2018 agreement of the bidang: one indicator,
target 276 titik a year, 60/70/70/76 a quarter, summed; Q1 realised 62 (accepted), Q2 80 (submitted)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D

import pytest

from app.discipline.models import AttendanceMonth, Sanction
from app.extensions import db
from app.monitoring import services as monitoring
from app.tpp.services import periods as tpp_periods
from app.tpp.services import presets, ratings
from tests.agreements.test_pdf import _signed
from tests.awards.conftest import build_awards, decided
from tests.factories import make_user

# (month, present, TL, PSW, TK, leave, missed roll calls) of Mariana's typed recaps
ATTENDANCE = [(1, 20, 2, 1, 1, 0, 0), (2, 17, 0, 0, 0, 2, 1), (3, 19, 1, 0, 2, 0, 0)]


@dataclass
class Cards:
    awards: object  # tests.awards.conftest.Awards: world, officials, staff, round
    kabid: object
    agreement: object
    key: str
    users: dict
    sanction: object


def _rate_everyone(opd, month: int, hr) -> None:
    from app.org.models import Employee, Unit

    people = db.session.scalars(db.select(Employee).join(Unit, Employee.unit_id == Unit.id)
                                .where(Unit.path.startswith(opd.path)))
    for person in people:
        hasil = "atas" if person.name == "Mariana" and month == 2 else "sesuai"
        ratings.save(person, 2018, month, {"hasil_kerja": hasil, "perilaku": "sesuai", "note": ""}, hr, None, {})


def build_cards(world, app) -> Cards:
    a = build_awards(world)
    o = a.officials
    version = _signed(o, app)
    agreement, key = version.agreement, version.indicators[0].key
    operator = make_user("op_bidang", [("operator", world.bidang_a)])
    q1 = monitoring.enter(agreement, key, 1, D(62), "Laporan Tw I", operator, date(2018, 4, 5))
    monitoring.submit(q1, operator)
    monitoring.verify(q1, o.users["kadis"], accept=True)
    q2 = monitoring.enter(agreement, key, 2, D(80), "Laporan Tw II", world.users["hr"], date(2018, 7, 5))
    monitoring.submit(q2, world.users["hr"])
    for month, present, late, early, absent, leave, apel in ATTENDANCE:
        db.session.add(AttendanceMonth(employee_id=o.kabid.id, year=2018, month=month, present_days=present,
                                       late_arrivals=late, early_leaves=early, absent_days=absent, leave_days=leave,
                                       missed_roll_calls=apel, source="typed"))
    sanction = Sanction(employee_id=o.kabid.id, level="light", kind="teguran tertulis",
                        decision_number="800/12/BKD/2018", decision_date=date(2018, 2, 1), starts_on=date(2018, 2, 1),
                        ends_on=date(2018, 4, 30), note="")
    db.session.add_all([sanction, Sanction(employee_id=o.kabid.id, level="light", kind="teguran lisan",
                                           decision_number="800/9/BKD/2017", decision_date=date(2017, 5, 2),
                                           starts_on=date(2017, 5, 2), ends_on=date(2017, 12, 31), note="")])
    db.session.flush()
    decided(a)  # February 2018's Pelaksana Teladan, decided 5 March 2018
    presets.install_presets()
    hr = world.users["hr"]
    for month in (1, 2, 3):
        _rate_everyone(world.opd_a, month, hr)
        period = tpp_periods.start(world.opd_a, 2018, month, "A", hr)
        if month < 3:  # March stays open: the first quarter is not closed
            tpp_periods.close(period, hr, period.version)
    db.session.flush()
    return Cards(a, o.kabid, agreement, key, dict(a.users, operator=operator), sanction)


@pytest.fixture
def cards(world, app):
    return build_cards(world, app)
