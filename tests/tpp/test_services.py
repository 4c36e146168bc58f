"""TPP services on the database: presets installed and versioned, ratings, an OPD's month calculated from the
stored inputs, closed (frozen), reopened with a reason."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.attendance.models import AttendanceDay, Leave
from app.core.errors import Conflict, Refused
from app.discipline.models import AttendanceMonth, Sanction
from app.extensions import db
from app.org import services as org
from app.tpp.models import Period, Preset, Rating, Result
from app.tpp.services import periods, presets, ratings
from tests.factories import make_employee, make_position

# kelas 7 (the factories' position): Rp3.000.000 in the shipped example table; under A the discipline part is
# 40 % = 1.200.000.
BASE_7 = 3_000_000


@pytest.fixture
def shipped():
    presets.install_presets()
    return {p.family: p for p in db.session.scalars(select(Preset))}


def rate(person, user, year=2018, month=3, hasil="sesuai", perilaku="sesuai"):
    return ratings.save(person, year, month, {"hasil_kerja": hasil, "perilaku": perilaku, "note": ""}, user,
                        ratings.find(person, year, month).version if ratings.find(person, year, month) else None,
                        {})


def day(person, n, status="present", late=0, early=0, apel=False, month=3):
    db.session.add(AttendanceDay(employee_id=person.id, day=date(2018, month, n), status=status, late_code=late,
                                 early_code=early, missed_roll_call=apel))
    db.session.flush()


def result_of(period, person) -> Result:
    return db.session.scalar(select(Result).where(Result.period_id == period.id, Result.employee_id == person.id))


def test_shipped_presets_are_installed_once(shipped):
    assert set(shipped) == {"A", "B", "C"}
    assert presets.install_presets() == 0
    assert shipped["A"].source and shipped["A"].notes and shipped["A"].rules["amounts"]["7"] == BASE_7


def test_a_month_is_calculated_from_the_stored_days_ratings_and_leave(world, shipped):
    hr = world.users["hr"]
    rate(world.person_a, hr)
    day(world.person_a, 5, late=2)
    day(world.person_a, 6, status="absent")
    period = periods.start(world.opd_a, 2018, 3, "A", hr)
    found = result_of(period, world.person_a)
    # TL2 1 % and TK 3 % of 1.200.000: 12.000 + 36.000
    assert (found.kelas, found.base, found.cuts, found.total) == (7, BASE_7, 48_000, BASE_7 - 48_000)
    assert [line[1:4] for line in found.detail["lines"]] == [["TL2", "1", 12_000], ["TK", "3", 36_000]]
    assert (period.people, period.total, period.state) == (1, BASE_7 - 48_000, "open")
    assert result_of(period, world.person_b) is None  # another OPD


def test_typed_recap_and_sanctions_and_leave_are_read(world, shipped):
    hr = world.users["hr"]
    rate(world.person_a, hr)
    db.session.add(AttendanceMonth(employee_id=world.person_a.id, year=2018, month=3, absent_days=1))
    db.session.add(Sanction(employee_id=world.person_a.id, level="medium", kind="Pemotongan 25% 6 bulan",
                            decision_number="800/1/2018", decision_date=date(2018, 3, 1),
                            starts_on=date(2018, 3, 1), ends_on=date(2018, 8, 31)))
    db.session.add(Leave(employee_id=world.person_a.id, kind="sick", starts_on=date(2018, 3, 12),
                         ends_on=date(2018, 3, 16), decision_number="851/3/2018"))
    db.session.flush()
    period = periods.start(world.opd_a, 2018, 3, "B", hr)
    found = result_of(period, world.person_a)
    # B: TK 4 % of 3.000.000 = 120.000 → 2.880.000; sick 5 days pays 75 % → 2.160.000; sanction 25 % → 1.620.000
    assert found.detail["lines"] == [[None, "TK", "4", 120_000, False]]
    assert (found.detail["leave_cut"], found.detail["sanction_cut"], found.total) == (720_000, 540_000, 1_620_000)
    assert found.detail["sanction"]["ref"] == "800/1/2018" and found.detail["leave"]["kind"] == "sick"


def test_the_kelas_in_force_on_the_first_day_of_the_month_applies(world, shipped):
    hr = world.users["hr"]
    senior = make_position(world.bidang_a, "Analis Madya", kelas_jabatan=9)
    org.update_employee(world.person_a, {"position_id": senior.id}, world.person_a.version, date(2020, 3, 15))
    for month in (3, 4):
        rate(world.person_a, hr, year=2020, month=month)
    march = result_of(periods.start(world.opd_a, 2020, 3, "A", hr), world.person_a)
    april = result_of(periods.start(world.opd_a, 2020, 4, "A", hr), world.person_a)
    assert (march.kelas, march.total) == (7, BASE_7)
    assert (april.kelas, april.total) == (9, 3_800_000)


def test_closing_needs_ratings_and_current_results_then_freezes_the_month(world, shipped):
    hr = world.users["hr"]
    period = periods.start(world.opd_a, 2018, 3, "A", hr)
    with pytest.raises(Refused, match="belum dinilai"):
        periods.close(period, hr, period.version)
    rate(world.person_a, hr)
    with pytest.raises(Refused, match="Data berubah"):  # the rating came after the calculation
        periods.close(period, hr, period.version)
    periods.start(world.opd_a, 2018, 3, "A", hr)
    periods.close(period, hr, period.version)
    frozen = (result_of(period, world.person_a).total, dict(result_of(period, world.person_a).detail))

    # later edits to attendance and to the preset leave the closed month as it was
    day(world.person_a, 7, status="absent")
    preset = period.preset
    with pytest.raises(Refused):  # a version used by a closed month changes only as a new version
        presets.edit(preset, {"name": preset.name, "source": preset.source,
                              "rules": {**preset.rules, "performance_share": "50"},
                              "valid_from": preset.valid_from}, world.users["admin"], preset.version)
    newer = presets.edit(preset, {"name": preset.name, "source": preset.source,
                                  "rules": {**preset.rules, "performance_share": "50"},
                                  "valid_from": date(2018, 4, 1)}, world.users["admin"], preset.version)
    assert (newer.family, newer.number, preset.rules["performance_share"]) == ("A", 2, "60")
    with pytest.raises(Refused, match="ditutup"):
        periods.start(world.opd_a, 2018, 3, "A", hr)
    with pytest.raises(Refused, match="ditutup"):
        rate(world.person_a, hr, hasil="atas")
    assert (result_of(period, world.person_a).total, result_of(period, world.person_a).detail) == frozen
    # April takes the new version
    assert periods.start(world.opd_a, 2018, 4, "A", hr).preset_id == newer.id


def test_reopening_needs_a_reason_and_shows_what_would_change(world, shipped):
    hr = world.users["hr"]
    rate(world.person_a, hr)
    period = periods.start(world.opd_a, 2018, 3, "A", hr)
    periods.close(period, hr, period.version)
    with pytest.raises(Refused) as refused:
        periods.reopen(period, "  ", hr, period.version)
    assert refused.value.field == "reason"
    periods.reopen(period, "Koreksi absensi 7 Maret", hr, period.version)
    assert (period.state, period.reopen_reason) == ("open", "Koreksi absensi 7 Maret")
    day(world.person_a, 7, status="absent")
    assert periods.changes(period) == [periods.Change(world.person_a.id, BASE_7, BASE_7 - 36_000)]
    assert result_of(period, world.person_a).total == BASE_7  # nothing written until it is calculated again
    with pytest.raises(Conflict):
        periods.close(period, hr, period.version - 1)


def test_an_open_preset_version_is_edited_in_place_and_bad_rules_are_refused(world, shipped):
    admin = world.users["admin"]
    mine = presets.copy(shipped["A"], "Perbup Contoh 2018", admin)
    assert mine.family == f"copy-{mine.id}" and mine.rules == shipped["A"].rules
    edited = presets.edit(mine, {"name": mine.name, "source": "Perbup 7/2018",
                                 "rules": {**mine.rules, "scope": "whole"}, "valid_from": mine.valid_from},
                          admin, mine.version)
    assert edited is mine and mine.rules["scope"] == "whole"
    with pytest.raises(Refused) as refused:
        presets.edit(mine, {"name": mine.name, "source": "", "rules": {**mine.rules, "scope": "half"},
                            "valid_from": mine.valid_from}, admin, mine.version)
    assert "scope" in str(refused.value.message)
    assert mine.rules["scope"] == "whole"


def test_ratings_follow_the_matrix_and_the_units_cap(world, shipped):
    hr = world.users["hr"]
    others = [make_employee(world.bidang_a, f"Pegawai {n}", make_position(world.bidang_a, f"Analis {n}"))
              for n in range(2)]
    caps = presets.rules_of(shipped["A"]).predikat_caps  # Sangat Baik: at most 70 % of 3 people = 2
    for person in (world.person_a, others[0]):
        ratings.save(person, 2018, 3, {"hasil_kerja": "atas", "perilaku": "atas"}, hr, None, caps)
    assert ratings.find(world.person_a, 2018, 3).predikat == "sangat_baik"
    with pytest.raises(Refused, match="70"):
        ratings.save(others[1], 2018, 3, {"hasil_kerja": "atas", "perilaku": "atas"}, hr, None, caps)
    assert ratings.save(others[1], 2018, 3, {"hasil_kerja": "bawah", "perilaku": "atas"}, hr, None,
                        caps).predikat == "butuh_perbaikan"
    with pytest.raises(Conflict):  # shown unrated, rated meanwhile by someone else
        ratings.save(others[1], 2018, 3, {"hasil_kerja": "sesuai", "perilaku": "sesuai"}, hr, None, caps)
    with pytest.raises(Refused):
        ratings.save(others[1], 2018, 3, {"hasil_kerja": "great", "perilaku": "sesuai"}, hr, 1, caps)


def test_the_calculation_reads_a_fixed_number_of_statements(world, shipped, count_queries):
    hr = world.users["hr"]

    def statements() -> int:
        period = periods.period_of(world.opd_a, 2018, 3)
        with count_queries() as counted:
            periods.start(world.opd_a, 2018, 3, "A", hr) if period is None else periods.start(
                world.opd_a, 2018, 3, "A", hr)
        return counted.n

    rate(world.person_a, hr)
    day(world.person_a, 5, late=1)
    statements()  # creates the period
    few = statements()
    for n in range(12):
        person = make_employee(world.seksi_a, f"Pegawai {n}", make_position(world.seksi_a, f"Staf {n}"))
        rate(person, hr)
        day(person, 5, status="absent")
        db.session.add(Leave(employee_id=person.id, kind="annual", starts_on=date(2018, 3, 12),
                             ends_on=date(2018, 3, 13)))
    db.session.flush()
    assert statements() == few
    assert db.session.scalar(select(Period.people)) == 13
    assert db.session.scalar(select(Rating.id).limit(1)) is not None


def test_a_preset_paying_by_achievement_reads_the_units_figure(world, shipped):
    from decimal import Decimal

    from app.monitoring.models import UnitStat

    admin = world.users["admin"]
    mine = presets.copy(shipped["A"], "Kinerja dari capaian", admin)
    presets.edit(mine, {"name": mine.name, "source": "", "valid_from": mine.valid_from,
                        "rules": {**mine.rules, "performance_source": "achievement"}}, admin, mine.version)
    db.session.add(UnitStat(unit_id=world.bidang_a.id, year=2018, quarter=1, achievement_pct=Decimal("87.50")))
    db.session.flush()
    period = periods.start(world.opd_a, 2018, 3, mine.family, world.users["hr"])
    found = result_of(period, world.person_a)
    # D 1.200.000 + 87,5 % of P 1.800.000 = 1.575.000
    assert (found.total, found.detail["performance_from"], found.unrated) == (2_775_000, "achievement", False)
