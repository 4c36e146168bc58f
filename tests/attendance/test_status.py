"""The day-status function against hand-worked days (docs/attendance.md), and its invariants (hypothesis)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.attendance.status import (
    DayInput,
    Punch,
    ShiftTimes,
    band,
    closes_at,
    day_status,
    longest_absent_run,
)

WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")
MONDAY = date(2018, 2, 5)
OFFICE = ShiftTimes(time(7, 30), time(16, 0))
NIGHT = ShiftTimes(time(23, 0), time(7, 0))
LATER = datetime(2019, 1, 1, tzinfo=UTC)  # every 2018 day's window has closed


def at(day: date, hh: int, mm: int, ss: int = 0, zone=WIB) -> datetime:
    return datetime.combine(day, time(hh, mm, ss), zone)


def workday(*punches, shift=OFFICE, day=MONDAY, zone=WIB, **extra) -> DayInput:
    return DayInput(day, zone, None, shift, tuple(punches), **extra)


def office(arrive: tuple[int, int, int] | None, leave: tuple[int, int, int] | None, **extra):
    punches = []
    if arrive:
        punches.append(Punch(at(MONDAY, *arrive), "in"))
    if leave:
        punches.append(Punch(at(MONDAY, *leave), "out"))
    return day_status(workday(*punches, **extra), LATER)


# -- lateness: 07:30 start -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("arrive", "minutes", "code"), [
    ((7, 30, 0), 0, 0),
    ((7, 30, 59), 0, 0),  # whole minutes: 59 seconds is not a minute late
    ((7, 31, 0), 1, 1),
    ((8, 0, 0), 30, 1),
    ((8, 1, 0), 31, 2),
    ((8, 30, 0), 60, 2),
    ((8, 31, 0), 61, 3),
    ((9, 0, 0), 90, 3),
    ((9, 1, 0), 91, 4),
    ((6, 55, 0), 0, 0),  # early arrival is on time
])
def test_late_arrival_bands(arrive, minutes, code):
    found = office(arrive, (16, 5, 0))
    assert (found.status, found.late_minutes, found.late_code, found.early_code) == ("present", minutes, code, 0)


@pytest.mark.parametrize(("leave", "minutes", "code"), [
    ((16, 0, 0), 0, 0),
    ((15, 59, 1), 0, 0),
    ((15, 59, 0), 1, 1),
    ((15, 30, 0), 30, 1),
    ((15, 29, 0), 31, 2),
    ((15, 0, 0), 60, 2),
    ((14, 59, 0), 61, 3),
    ((14, 30, 0), 90, 3),
    ((14, 29, 0), 91, 4),
])
def test_early_leave_bands(leave, minutes, code):
    found = office((7, 20, 0), leave)
    assert (found.status, found.early_minutes, found.early_code, found.late_code) == ("present", minutes, code, 0)


def test_late_and_early_on_the_same_day():
    found = office((8, 1, 0), (15, 0, 0))
    assert (found.late_code, found.early_code, found.late_minutes, found.early_minutes) == (2, 2, 31, 60)


def test_no_check_out_counts_as_psw4():
    found = office((7, 25, 0), None)
    assert (found.status, found.early_code, found.early_minutes, found.late_code) == ("no_out", 4, None, 0)


def test_no_check_in_counts_as_tl4():
    found = office(None, (16, 10, 0))
    assert (found.status, found.late_code, found.late_minutes, found.early_code) == ("no_in", 4, None, 0)


def test_nothing_is_absent_without_reason():
    assert office(None, None).status == "absent"


def test_a_lone_check_in_without_direction_is_taken_by_the_clock():
    morning = day_status(workday(Punch(at(MONDAY, 7, 40))), LATER)
    afternoon = day_status(workday(Punch(at(MONDAY, 16, 2))), LATER)
    assert (morning.status, morning.late_minutes) == ("no_out", 10)
    assert (afternoon.status, afternoon.early_minutes) == ("no_in", 0)


def test_first_and_last_check_ins_count_without_direction():
    found = day_status(workday(Punch(at(MONDAY, 7, 35)), Punch(at(MONDAY, 12, 0)), Punch(at(MONDAY, 16, 1))), LATER)
    assert (found.status, found.late_minutes, found.early_minutes) == ("present", 5, 0)


def test_an_out_is_never_the_arrival():
    found = day_status(workday(Punch(at(MONDAY, 7, 0), "out"), Punch(at(MONDAY, 16, 0), "out")), LATER)
    assert found.status == "no_in"


def test_check_ins_outside_the_window_do_not_count():
    # the window is 03:30 to 00:00 the next day; a check-in at 02:00 belongs to no shift of this day
    found = day_status(workday(Punch(at(MONDAY, 2, 0), "in"), Punch(at(MONDAY, 16, 0), "out")), LATER)
    assert found.status == "no_in"


# -- shifts crossing midnight ----------------------------------------------------------------------------------

def test_night_shift_crossing_midnight():
    item = workday(Punch(at(MONDAY, 23, 10), "in"), Punch(at(MONDAY + timedelta(days=1), 6, 30), "out"),
                   shift=NIGHT)
    found = day_status(item, LATER)
    assert (found.status, found.late_minutes, found.late_code, found.early_minutes, found.early_code) == \
        ("present", 10, 1, 30, 1)


def test_night_shift_is_pending_until_its_window_closes():
    item = workday(Punch(at(MONDAY, 23, 0), "in"), shift=NIGHT)
    closes = closes_at(item)
    assert closes == at(MONDAY + timedelta(days=1), 15, 0)
    assert day_status(item, closes - timedelta(seconds=1)) is None
    assert day_status(item, closes).status == "no_out"


def test_p3s_afternoon_shift():
    item = workday(Punch(at(MONDAY, 15, 0), "in"), Punch(at(MONDAY, 23, 1), "out"),
                   shift=ShiftTimes(time(15), time(23)))
    assert day_status(item, LATER).status == "present"


# -- days off, leave, excuses ------------------------------------------------------------------------------------

@pytest.mark.parametrize("off", ["weekend", "holiday", "collective"])
def test_a_day_off_is_off_whatever_happened(off):
    item = DayInput(MONDAY, WIB, off, OFFICE, (Punch(at(MONDAY, 9, 0), "in"),), leave="annual")
    assert day_status(item, LATER).status == off


def test_leave_covering_a_weekend_leaves_the_weekend_off():
    saturday = MONDAY + timedelta(days=5)
    assert day_status(DayInput(saturday, WIB, "weekend", OFFICE, leave="annual"), LATER).status == "weekend"
    assert day_status(workday(leave="annual"), LATER).status == "leave_annual"


@pytest.mark.parametrize(("excuses", "status"), [
    ({"permit"}, "permit"),
    ({"travel"}, "travel"),
    ({"travel", "permit"}, "travel"),
])
def test_approved_excuses_replace_absence(excuses, status):
    assert day_status(workday(excuses=frozenset(excuses)), LATER).status == status


def test_leave_wins_over_an_excuse():
    assert day_status(workday(leave="sick", excuses=frozenset({"travel"})), LATER).status == "leave_sick"


def test_forgotten_check_in_is_on_time():
    item = workday(Punch(at(MONDAY, 16, 5), "out"), excuses=frozenset({"forgot_in"}))
    found = day_status(item, LATER)
    assert (found.status, found.late_code, found.late_minutes, found.first_in) == ("present", 0, 0, None)


def test_forgotten_both_is_a_whole_day_on_time():
    found = day_status(workday(excuses=frozenset({"forgot_in", "forgot_out"})), LATER)
    assert (found.status, found.late_code, found.early_code) == ("present", 0, 0)


# -- roll calls ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("arrive", "missed"), [((7, 29, 0), False), ((7, 30, 0), False), ((7, 30, 1), True)])
def test_roll_call(arrive, missed):
    found = office(arrive, (16, 0, 0), roll_call=time(7, 30))
    assert found.missed_roll_call is missed


@pytest.mark.parametrize(("shift", "arrive"), [(ShiftTimes(time(10), time(18)), (9, 55)),
                                               (ShiftTimes(time(15), time(23)), (14, 55)), (NIGHT, (22, 50))])
def test_a_roll_call_is_not_for_a_shift_it_is_not_held_in(shift, arrive):
    """Apel at 07.30 is not missed by someone whose shift starts at 10.00, 15.00 or 23.00, though they checked in
    after 07.30; a day starting at 08.00 is called to it (up to an hour before the start)."""
    found = day_status(workday(Punch(at(MONDAY, *arrive), "in"), shift=shift, roll_call=time(7, 30)), LATER)
    assert found.status in ("present", "no_out") and found.missed_roll_call is False
    assert not any(reason == "roll_call" for reason, _ in found.why)
    early = ShiftTimes(time(8), time(16, 30))  # an office day starting after the apel: still called to it
    assert office_like(early, (7, 45)).missed_roll_call is True


def office_like(shift: ShiftTimes, arrive: tuple[int, int]):
    return day_status(workday(Punch(at(MONDAY, *arrive), "in"), Punch(at(MONDAY, 17, 0), "out"), shift=shift,
                              roll_call=time(7, 30)), LATER)


def test_no_roll_call_on_leave_or_absence():
    assert day_status(workday(roll_call=time(7, 30), leave="annual"), LATER).missed_roll_call is False
    assert day_status(workday(roll_call=time(7, 30)), LATER).missed_roll_call is False


# -- time zones and boundaries --------------------------------------------------------------------------------------

@pytest.mark.parametrize("zone", [WIB, WITA, WIT])
def test_wall_clock_in_each_zone(zone):
    # 07:31 local is 1 minute late in every zone, whatever its UTC offset
    arrive = at(MONDAY, 7, 31, zone=zone).astimezone(UTC)
    leave = at(MONDAY, 16, 0, zone=zone).astimezone(UTC)
    found = day_status(workday(Punch(arrive, "in"), Punch(leave, "out"), zone=zone), LATER)
    assert (found.status, found.late_minutes) == ("present", 1)


def test_a_check_in_just_before_midnight_belongs_to_its_own_day():
    # last day of February 2018, 23:59 WIB (16:59 UTC): the departure of a long day, not March's arrival
    last = date(2018, 2, 28)
    item = DayInput(last, WIB, None, OFFICE, (Punch(at(last, 7, 30), "in"), Punch(at(last, 23, 59).astimezone(UTC))))
    found = day_status(item, LATER)
    assert (found.status, found.early_minutes) == ("present", 0)
    march = DayInput(date(2018, 3, 1), WIB, None, OFFICE, (Punch(at(last, 23, 59).astimezone(UTC)),))
    assert day_status(march, LATER).status == "absent"


def test_the_day_is_pending_until_the_window_closes():
    item = workday(Punch(at(MONDAY, 7, 30), "in"))
    assert day_status(item, at(MONDAY, 23, 59)) is None
    assert day_status(item, at(MONDAY + timedelta(days=1), 0, 0)).status == "no_out"


# -- counters ----------------------------------------------------------------------------------------------------------

def test_longest_absent_run_skips_days_off():
    days = [date(2018, 3, 1) + timedelta(days=n) for n in range(16)]
    statuses = []
    for day in days:
        if day.weekday() >= 5:
            statuses.append((day, "weekend"))
        elif day == date(2018, 3, 2):
            statuses.append((day, "present"))
        elif day == date(2018, 3, 6):
            statuses.append((day, "holiday"))
        else:
            statuses.append((day, "absent"))
    # 5, 7, 8, 9, 12, 13, 14, 15, 16 March: nine working days in a row (the weekend and the 6th do not break it)
    assert longest_absent_run(statuses) == (9, date(2018, 3, 16))


def test_any_other_working_status_breaks_the_run():
    days = [(date(2018, 3, n), "absent") for n in (5, 6, 7)] + [(date(2018, 3, 8), "permit")] + \
        [(date(2018, 3, n), "absent") for n in (9, 12)]
    assert longest_absent_run(days) == (3, date(2018, 3, 7))


# -- properties ----------------------------------------------------------------------------------------------------

minutes_of_day = st.integers(min_value=0, max_value=24 * 60 - 1)
directions = st.sampled_from([None, "in", "out"])


@given(st.lists(st.tuples(minutes_of_day, directions), max_size=6),
       st.sets(st.sampled_from(["forgot_in", "forgot_out"])), st.sampled_from([WIB, WITA, WIT]))
def test_status_invariants(punches, excuses, zone):
    item = workday(*(Punch(at(MONDAY, m // 60, m % 60, zone=zone), d) for m, d in punches), zone=zone,
                   excuses=frozenset(excuses), roll_call=time(7, 30))
    found = day_status(item, LATER)
    assert found.status in ("present", "no_in", "no_out", "absent")
    assert 0 <= found.late_code <= 4 and 0 <= found.early_code <= 4
    if found.late_minutes is not None:
        assert found.late_code == band(found.late_minutes)
    if found.early_minutes is not None:
        assert found.early_code == band(found.early_minutes)
    if found.status == "absent":
        assert not punches or all(not (3 * 60 + 30 <= m) for m, _ in punches)
    if found.first_in is not None and found.last_out is not None:
        assert found.first_in <= found.last_out
    assert (found.status == "no_in") == (found.late_code == 4 and found.late_minutes is None)


@given(st.integers(min_value=0, max_value=600))
def test_later_never_means_a_lower_band(minutes):
    assert band(minutes) <= band(minutes + 1)


@given(st.lists(st.sampled_from(["absent", "present", "weekend", "holiday", "permit"]), max_size=40))
def test_run_never_exceeds_the_absent_days(statuses):
    days = [(date(2018, 1, 1) + timedelta(days=n), s) for n, s in enumerate(statuses)]
    run, _ = longest_absent_run(days)
    assert 0 <= run <= statuses.count("absent")
