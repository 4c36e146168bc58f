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
   time missed it.

A day whose window has not closed yet ("now" before the end of the window) has no status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

# TL1: late 1–30 minutes, TL2: 31–60, TL3: 61–90, TL4: 91 or more (and no check-in). PSW alike for leaving
# early. The bands every deduction table of DOMAIN.md §4 uses (Perbup Tebo 1/2022, Permentan 68/2012).
LATE_BANDS = (30, 60, 90)
WINDOW_BEFORE = timedelta(hours=4)
WINDOW_AFTER = timedelta(hours=8)

DAYS_OFF = ("weekend", "holiday", "collective")
CAME_IN = ("present", "no_in", "no_out")


@dataclass(frozen=True)
class ShiftTimes:
    """A shift's wall-clock hours; it crosses midnight when ``ends`` is not after ``starts``."""

    starts: time
    ends: time

    def on(self, day: date, zone: tzinfo) -> tuple[datetime, datetime]:
        start = datetime.combine(day, self.starts, zone)
        end = datetime.combine(day, self.ends, zone)
        if end <= start:
            end += timedelta(days=1)
        return start, end

    def window(self, day: date, zone: tzinfo) -> tuple[datetime, datetime]:
        start, end = self.on(day, zone)
        return start - WINDOW_BEFORE, end + WINDOW_AFTER


@dataclass(frozen=True)
class Punch:
    at: datetime  # aware
    direction: str | None = None  # "in", "out" or unknown


@dataclass(frozen=True)
class DayInput:
    day: date
    zone: tzinfo
    off: str | None = None  # "weekend", "holiday", "collective" or None for a working day
    shift: ShiftTimes | None = None
    punches: tuple[Punch, ...] = ()
    leave: str | None = None  # a LEAVE_KINDS value
    excuses: frozenset[str] = frozenset()  # approved: "permit", "travel", "forgot_in", "forgot_out"
    roll_call: time | None = None


@dataclass(frozen=True)
class DayStatus:
    status: str
    late_minutes: int | None = None
    early_minutes: int | None = None
    late_code: int = 0
    early_code: int = 0
    missed_roll_call: bool = False
    first_in: datetime | None = None
    last_out: datetime | None = None
    # Why: (reason code, values) pairs the person's page puts into words (app/attendance/explain.py)
    why: tuple[tuple[str, dict], ...] = field(default=(), compare=False)


def band(minutes: int) -> int:
    """0 for no minutes, else 1–4: TL1–TL4 (or PSW1–PSW4) by ``LATE_BANDS``."""
    if minutes <= 0:
        return 0
    for code, limit in enumerate(LATE_BANDS, start=1):
        if minutes <= limit:
            return code
    return len(LATE_BANDS) + 1


def whole_minutes(delta: timedelta) -> int:
    """Whole minutes in ``delta`` (07:30:59 is on time for 07:30, 07:31:00 is one minute late); 0 if negative."""
    return max(0, int(delta.total_seconds() // 60))


def closes_at(item: DayInput) -> datetime:
    """When the day's status is final: the end of its shift's window (or of the day, for a day off)."""
    if item.shift is None or item.off is not None:
        return datetime.combine(item.day + timedelta(days=1), time(0), item.zone)
    return item.shift.window(item.day, item.zone)[1]


def _pair(item: DayInput, start: datetime, end: datetime) -> tuple[datetime | None, datetime | None]:
    low, high = item.shift.window(item.day, item.zone)
    punches = sorted((p for p in item.punches if low <= p.at < high), key=lambda p: p.at)
    arrival = next((p for p in punches if p.direction != "out"), None)
    departures = [p.at for p in punches if p.direction != "in" and (arrival is None or p.at > arrival.at)]
    last_out = departures[-1] if departures else None
    if arrival is not None and last_out is None and arrival.direction is None and arrival.at >= start + (end - start) / 2:
        return None, arrival.at  # one check-in of no direction, after the middle of the shift: the departure
    return (arrival.at if arrival else None), last_out


def day_status(item: DayInput, now: datetime) -> DayStatus | None:
    """The status of ``item.day``, or None while its window is still open."""
    if now < closes_at(item):
        return None
    if item.off is not None:
        return DayStatus(item.off, why=((item.off, {}),))
    if item.leave is not None:
        return DayStatus(f"leave_{item.leave}", why=(("leave", {"kind": item.leave}),))
    if "travel" in item.excuses:
        return DayStatus("travel", why=(("travel", {}),))
    if "permit" in item.excuses:
        return DayStatus("permit", why=(("permit", {}),))
    if item.shift is None:
        raise ValueError("a working day needs a shift")
    start, end = item.shift.on(item.day, item.zone)
    first_in, last_out = _pair(item, start, end)
    why: list[tuple[str, dict]] = [("shift", {"starts": start, "ends": end})]
    arrival, departure = first_in, last_out
    if arrival is None and "forgot_in" in item.excuses:
        arrival = start
        why.append(("forgot_in", {}))
    if departure is None and "forgot_out" in item.excuses:
        departure = end
        why.append(("forgot_out", {}))
    if arrival is None and departure is None:
        why.append(("absent", {}))
        return DayStatus("absent", why=tuple(why))
    late = early = None
    late_code = early_code = 0
    if arrival is None:
        status, late_code = "no_in", band(10**6)
        why.append(("no_in", {"out": departure}))
    else:
        late = whole_minutes(arrival - start)
        late_code = band(late)
        why.append(("in", {"at": arrival, "minutes": late, "code": late_code}))
    if departure is None:
        status, early_code = "no_out", band(10**6)
        why.append(("no_out", {"at": arrival}))
    else:
        early = whole_minutes(end - departure)
        early_code = band(early)
        why.append(("out", {"at": departure, "minutes": early, "code": early_code}))
    if arrival is not None and departure is not None:
        status = "present"
    missed = False
    if item.roll_call is not None:
        call = datetime.combine(item.day, item.roll_call, item.zone)
        missed = arrival is None or arrival > call
        why.append(("roll_call", {"at": call, "missed": missed}))
    return DayStatus(status, late, early, late_code, early_code, missed, first_in, last_out, tuple(why))


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
