"""Why a day got its status, in words (app/attendance/explain.py): a sentence for every reason the status function
gives, on days worked by hand; the grid's codes and colour families."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale

from app.attendance import explain
from app.attendance.models import DAY_STATUSES
from app.attendance.status import DayInput, Punch, ShiftTimes, day_status

WIB = ZoneInfo("Asia/Jakarta")
DAY = date(2018, 3, 5)  # a Monday
LATER = datetime(2019, 1, 1, tzinfo=UTC)
OFFICE = ShiftTimes(time(7, 30), time(16, 0))


def at(hh: int, mm: int, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hh, mm), WIB)


def words(item: DayInput, holiday: str | None = None) -> list[str]:
    found = day_status(item, LATER)
    with force_locale("id"):
        return explain.sentences(found.why, item.day, holiday)


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():
        yield


def test_late_and_early_with_their_bands():
    item = DayInput(DAY, WIB, shift=OFFICE, punches=(Punch(at(7, 52), "in"), Punch(at(15, 10), "out")))
    assert words(item) == ["Jam kerja 07.30–16.00.",
                           "Masuk 07.52, terlambat 22 menit dari jam masuk 07.30 (TL1).",
                           "Pulang 15.10, 50 menit sebelum jam pulang 16.00 (PSW2)."]


@pytest.mark.parametrize("minutes, code", [(1, 1), (30, 1), (31, 2), (60, 2), (61, 3), (90, 3), (91, 4)])
def test_each_late_band(minutes, code):
    arrival = at(7, 30) + timedelta(minutes=minutes)
    item = DayInput(DAY, WIB, shift=OFFICE, punches=(Punch(arrival, "in"), Punch(at(16, 0), "out")))
    late = [s for s in words(item) if s.startswith("Masuk")]
    assert late == [f"Masuk {arrival:%H.%M}, terlambat {minutes} menit dari jam masuk 07.30 (TL{code})."]


def test_on_time_both_ways_and_the_roll_call():
    item = DayInput(DAY, WIB, shift=OFFICE, punches=(Punch(at(7, 20), "in"), Punch(at(16, 5), "out")),
                    roll_call=time(7, 30))
    assert words(item)[1:] == ["Masuk 07.20, tepat waktu untuk jam masuk 07.30.",
                               "Pulang 16.05, tidak sebelum jam pulang 16.00.",
                               "Absen masuk sebelum apel pukul 07.30."]
    late = DayInput(DAY, WIB, shift=OFFICE, punches=(Punch(at(7, 40), "in"), Punch(at(16, 5), "out")),
                    roll_call=time(7, 30))
    assert words(late)[-1] == "Tidak mengikuti apel pukul 07.30: belum absen masuk saat itu."


def test_missing_sides_and_absence():
    no_out = DayInput(DAY, WIB, shift=OFFICE, punches=(Punch(at(7, 25), "in"),))
    assert words(no_out)[-1] == "Tidak ada absen pulang hari ini: dihitung PSW4."
    no_in = DayInput(DAY, WIB, shift=OFFICE, punches=(Punch(at(16, 10), "out"),))
    assert words(no_in)[1] == "Tidak ada absen masuk hari ini: dihitung TL4."
    absent = DayInput(DAY, WIB, shift=OFFICE)
    assert words(absent)[-1] == ("Tidak ada absen masuk maupun pulang, dan tidak ada cuti, izin, atau surat tugas: "
                                 "tanpa keterangan (TK).")


def test_forgotten_check_ins_excused():
    item = DayInput(DAY, WIB, shift=OFFICE, excuses=frozenset({"forgot_in", "forgot_out"}))
    assert words(item)[1:3] == ["Lupa absen masuk (disetujui): dianggap masuk tepat waktu.",
                                "Lupa absen pulang (disetujui): dianggap pulang tepat waktu."]


def test_days_off_leave_and_excuses():
    assert words(DayInput(date(2018, 3, 3), WIB, off="weekend")) == ["Akhir pekan: bukan hari kerja unit."]
    assert words(DayInput(date(2018, 3, 30), WIB, off="holiday"), "Wafat Isa Almasih") == [
        "Hari libur: Wafat Isa Almasih."]
    assert words(DayInput(date(2018, 6, 11), WIB, off="collective")) == ["Cuti bersama."]
    assert words(DayInput(DAY, WIB, shift=OFFICE, leave="sick")) == ["Cuti sakit (CS) pada hari ini."]
    assert words(DayInput(DAY, WIB, shift=OFFICE, excuses=frozenset({"travel"}))) == [
        "Dinas luar dengan surat tugas yang disetujui (DL): dihitung hadir."]
    assert words(DayInput(DAY, WIB, shift=OFFICE, excuses=frozenset({"permit"}))) == [
        "Izin yang disetujui untuk hari ini."]


def test_a_night_shift_ends_the_next_day():
    night = ShiftTimes(time(23, 0), time(7, 0))
    item = DayInput(DAY, WIB, shift=night, punches=(Punch(at(22, 55), "in"),
                                                   Punch(datetime.combine(date(2018, 3, 6), time(7, 2), WIB), "out")))
    assert words(item) == ["Jam kerja 23.00–07.00 (hari berikutnya).",
                           "Masuk 22.55, tepat waktu untuk jam masuk 23.00.",
                           "Pulang 07.02 (hari berikutnya), tidak sebelum jam pulang 07.00 (hari berikutnya)."]


def test_english_uses_the_colon_and_plural():
    item = DayInput(DAY, WIB, shift=OFFICE, punches=(Punch(at(7, 31), "in"), Punch(at(16, 0), "out")))
    found = day_status(item, LATER)
    with force_locale("en"):
        assert explain.sentences(found.why, DAY)[1] == "Arrived 07:31, 1 minute late for the start at 07:30 (TL1)."


def test_every_reason_has_a_sentence():
    reasons = {"weekend": {}, "holiday": {}, "collective": {}, "leave": {"kind": "annual"}, "travel": {},
               "permit": {}, "shift": {"starts": at(7, 30), "ends": at(16, 0)}, "forgot_in": {}, "forgot_out": {},
               "absent": {}, "no_in": {"out": at(16, 0)}, "no_out": {"at": at(7, 0)},
               "in": {"at": at(7, 0), "minutes": 0, "code": 0}, "out": {"at": at(16, 0), "minutes": 0, "code": 0},
               "roll_call": {"at": at(7, 30), "missed": False}}
    with force_locale("id"):
        for reason, values in reasons.items():
            assert explain.sentence(reason, values, DAY, {}), reason


def test_codes_and_families():
    assert explain.codes("present", 0, 0) == ["H"]
    assert explain.codes("present", 1, 2) == ["TL1", "PSW2"]
    assert explain.codes("no_out", 3, 4) == ["TL3", "TAP"]
    assert explain.codes("no_in", 4, 2) == ["TAM", "PSW2"]
    assert explain.codes("no_in", 4, 0) == ["TAM"]
    assert explain.codes("leave_unpaid", 0, 0) == ["CLTN"]
    assert explain.codes("collective", 0, 0) == ["CBR"]
    assert explain.family("present", 0, 0) == "ok" and explain.family("present", 0, 1) == "late"
    assert explain.family("absent") == "bad" and explain.family("leave_sick") == "leave"
    for status in DAY_STATUSES:  # every status has a code, a name and a colour family
        assert explain.STATUS_CODES[status] and explain.FAMILIES[status]
        assert status in explain.status_labels()
    codes = [code for code, _family, _meaning in explain.legend()]
    assert len(codes) == len(set(codes))  # one meaning per code
