"""A person's status on one day: a pure function of the day's calendar, shift, check-ins, leave, excuses and
roll call. No database, no clock: the caller says what "now" is.

The rules, in order (docs/attendance.md shows them with worked days):

1. A day off (weekend of the unit's week, national holiday, cuti bersama) is that, whatever else happened.
2. Leave covering the day gives the leave's kind; an approved surat tugas gives official travel (counted as
   present); an approved izin gives an excused day.
3. Otherwise the check-ins decide. Those within the shift's window (``WINDOW_BEFORE`` before its start to
   ``WINDOW_AFTER`` after its end) count; the first is the arrival and the last the departure. When the
   machine says in or out, an "out" is never taken for the arrival and an "in" never for the departure. A lone
   check-in without a direction is the arrival when it is before the middle of the shift, else the departure;
   a departure is always after the arrival.
   An approved forgotten-check-in excuse stands for the missing side, on time.
   * no check-in at all: TK (absent without a reason);
   * only a departure: ``no_in`` (counts as TL4); only an arrival: ``no_out`` (counts as PSW4);
   * both: present, late by the whole minutes after the start (TL1–TL4 by ``LATE_BANDS``) and early by the
     whole minutes before the end (PSW1–PSW4).
4. On a roll-call day, someone who came in (present, no_in, no_out) but did not check in by the roll call's
   time missed it. A roll call is for the people whose working day it is held in (from an hour before the
   shift's start, ``ROLL_CALL_BEFORE``, to its end): not for a shift that starts later (10.00–18.00 or
   15.00–23.00 with apel at 07.30) nor for a night shift that ended before it.

A day whose window has not closed yet ("now" before the end of the window) has no status.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import NamedTuple

# TL1: late 1–30 minutes, TL2: 31–60, TL3: 61–90, TL4: 91 or more (and no check-in). PSW alike for leaving
# early. The bands every deduction table of DOMAIN.md §4 uses (Perbup Tebo 1/2022, Permentan 68/2012).
LATE_BANDS = (30, 60, 90)
WINDOW_BEFORE = timedelta(hours=4)
ROLL_CALL_BEFORE = timedelta(hours=1)  # a roll call up to an hour before a shift's start is for its people
WINDOW_AFTER = timedelta(hours=8)

DAYS_OFF = ("weekend", "holiday", "collective")
CAME_IN = ("present", "no_in", "no_out")


class ShiftTimes(NamedTuple):
    """A shift's wall-clock hours; it crosses midnight when ``ends`` is not after ``starts``."""

    starts: time
    ends: time

    def on(self, day: date, zone: tzinfo) -> tuple[datetime, datetime]:
        return _bounds(self, day, zone)[:2]

    def window(self, day: date, zone: tzinfo) -> tuple[datetime, datetime]:
        return _bounds(self, day, zone)[2:]


@lru_cache(maxsize=8192)
def _bounds(shift: ShiftTimes, day: date, zone: tzinfo) -> tuple[datetime, datetime, datetime, datetime]:
    """Start, end, and the window's first and last instant of ``shift`` on ``day``, as UTC instants (compared
    with check-ins in UTC without converting them; the same for everyone who works the shift: computed once)."""
    start = datetime.combine(day, shift.starts, zone)
    end = datetime.combine(day, shift.ends, zone)
    if end <= start:
        end += timedelta(days=1)
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    return start, end, start - WINDOW_BEFORE, end + WINDOW_AFTER


class Punch(NamedTuple):
    at: datetime  # aware
    direction: str | None = None  # "in", "out" or unknown


class DayInput(NamedTuple):
    day: date
    zone: tzinfo
    off: str | None = None  # "weekend", "holiday", "collective" or None for a working day
    shift: ShiftTimes | None = None
    punches: tuple[Punch, ...] = ()
    leave: str | None = None  # a LEAVE_KINDS value
    excuses: frozenset[str] = frozenset()  # approved: "permit", "travel", "forgot_in", "forgot_out"
    roll_call: time | None = None


class DayStatus(NamedTuple):
    status: str
    late_minutes: int | None = None
    early_minutes: int | None = None
    late_code: int = 0
    early_code: int = 0
    missed_roll_call: bool = False
    first_in: datetime | None = None
    last_out: datetime | None = None
    # Why: (reason code, values) pairs the person's page puts into words (app/attendance/explain.py); only
    # when asked for (``explain=True``), the monthly pass does not need them.
    why: tuple[tuple[str, dict], ...] = ()


TL_NONE = len(LATE_BANDS) + 1  # no check-in counts as TL4, no check-out as PSW4


def band(minutes: int) -> int:
    """0 for no minutes, else 1–4: TL1–TL4 (or PSW1–PSW4) by ``LATE_BANDS``."""
    return bisect_left(LATE_BANDS, minutes) + 1 if minutes > 0 else 0


_MINUTE = timedelta(minutes=1)


def whole_minutes(delta: timedelta) -> int:
    """Whole minutes in ``delta`` (07:30:59 is on time for 07:30, 07:31:00 is one minute late); 0 if negative."""
    return max(0, delta // _MINUTE)


def closes_at(item: DayInput) -> datetime:
    """When the day's status is final: the end of its shift's window (or of the day, for a day off)."""
    if item.shift is None or item.off is not None:
        return _midnight_after(item.day, item.zone)
    return item.shift.window(item.day, item.zone)[1]


@lru_cache(maxsize=4096)
def _midnight_after(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), zone).astimezone(UTC)


def _pair(punches: tuple[Punch, ...], bounds: tuple[datetime, datetime, datetime, datetime]
          ) -> tuple[datetime | None, datetime | None]:
    """The arrival and the departure among ``punches`` (rule 3), the shift's ``_bounds`` given."""
    start, end, low, high = bounds
    inside = [p for p in punches if low <= p.at < high]
    if len(inside) > 1:
        inside.sort(key=_at)
    arrival = None
    for punch in inside:
        if punch.direction != "out":
            arrival = punch
            break
    last_out = None  # the last departure: the latest check-in not marked "in", after the arrival
    for punch in reversed(inside):
        if punch.direction != "in" and (arrival is None or punch.at > arrival.at):
            last_out = punch.at
            break
    if arrival is None:
        return None, last_out
    if last_out is None and arrival.direction is None and arrival.at >= start + (end - start) / 2:
        return None, arrival.at  # one check-in of no direction, after the middle of the shift: the departure
    return arrival.at, last_out


def _at(punch: Punch) -> datetime:
    return punch.at


def day_status(item: DayInput, now: datetime, explain: bool = True) -> DayStatus | None:
    """The status of ``item.day``, or None while its window is still open. ``explain``: with the reasons."""
    if item.off is not None or item.shift is None:  # closes_at(item), worked out once with the shift's bounds
        bounds = None
        if now < _midnight_after(item.day, item.zone):
            return None
    else:
        bounds = _bounds(item.shift, item.day, item.zone)
        if now < bounds[3]:
            return None
    if item.off is not None:
        return DayStatus(item.off, why=((item.off, {}),) if explain else ())
    if item.leave is not None:
        return DayStatus(f"leave_{item.leave}", why=(("leave", {"kind": item.leave}),) if explain else ())
    if "travel" in item.excuses:
        return DayStatus("travel", why=(("travel", {}),) if explain else ())
    if "permit" in item.excuses:
        return DayStatus("permit", why=(("permit", {}),) if explain else ())
    if bounds is None:
        raise ValueError("a working day needs a shift")
    start, end = bounds[0], bounds[1]
    first_in, last_out = _pair(item.punches, bounds)
    why: list[tuple[str, dict]] | None = (
        [("shift", {"starts": start.astimezone(item.zone), "ends": end.astimezone(item.zone)})] if explain else None)
    arrival, departure = first_in, last_out
    if arrival is None and "forgot_in" in item.excuses:
        arrival = start
        if why is not None:
            why.append(("forgot_in", {}))
    if departure is None and "forgot_out" in item.excuses:
        departure = end
        if why is not None:
            why.append(("forgot_out", {}))
    if arrival is None and departure is None:
        if why is not None:
            why.append(("absent", {}))
        return DayStatus("absent", why=tuple(why or ()))
    late = early = None
    late_code = early_code = 0
    status = "present"
    if arrival is None:
        status, late_code = "no_in", TL_NONE
        if why is not None:
            why.append(("no_in", {"out": departure.astimezone(item.zone)}))
    else:
        late = max(0, (arrival - start) // _MINUTE)  # whole minutes
        late_code = bisect_left(LATE_BANDS, late) + 1 if late else 0  # band()
        if why is not None:
            why.append(("in", {"at": arrival.astimezone(item.zone), "minutes": late, "code": late_code}))
    if departure is None:
        status, early_code = "no_out", TL_NONE
        if why is not None:
            why.append(("no_out", {"at": arrival.astimezone(item.zone)}))
    else:
        early = max(0, (end - departure) // _MINUTE)
        early_code = bisect_left(LATE_BANDS, early) + 1 if early else 0
        if why is not None:
            why.append(("out", {"at": departure.astimezone(item.zone), "minutes": early, "code": early_code}))
    missed = False
    call = datetime.combine(item.day, item.roll_call, item.zone) if item.roll_call is not None else None
    if call is not None and start - ROLL_CALL_BEFORE <= call < end:  # not a shift that starts well after it
        missed = arrival is None or arrival > call
        if why is not None:
            why.append(("roll_call", {"at": call, "missed": missed}))
    return DayStatus(status, late, early, late_code, early_code, missed, first_in, last_out, tuple(why or ()))


# -- counters over many days -------------------------------------------------------------------------------------

def longest_absent_run(statuses: list[tuple[date, str]]) -> tuple[int, date | None]:
    """The longest run of TK over consecutive working days (days off inside a run do not break it), and the
    day it ended. ``statuses`` in day order; a day with any other working status breaks the run."""
    best, best_end, run = 0, None, 0
    for day, status in statuses:
        if status in DAYS_OFF:
            continue
        run = run + 1 if status == "absent" else 0
        if run > best:
            best, best_end = run, day
    return best, best_end
