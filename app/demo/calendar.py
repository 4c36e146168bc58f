"""The demo's calendar: its story happens in 2018, on office days in Jakarta (WIB), in the order it happened.

Each part of the demo (the organisation, the agreements, the reporting, the awards) is a script: a generator
that yields the moment of its next step, then does that step. ``play`` runs the steps of all scripts by their
moments, with the clock set to each (``app.core.clock.set_to``), so every record, audit entry and document
carries the day it happened on, and the audit trail reads in order, whatever day the demo is loaded.
"""

from __future__ import annotations

import heapq
from collections.abc import Generator, Iterable
from datetime import date, datetime, time
from itertools import count
from zoneinfo import ZoneInfo

from app.core.clock import set_to

WIB = ZoneInfo("Asia/Jakarta")
YEAR = 2018
LOADED_ON = date(YEAR, 1, 2)  # the day the agency's data was entered into Kinerja
TODAY = date(YEAR, 7, 13)  # the story's last day: Tw II reported, June's award round open

Script = Generator[datetime, None, None]


def at(day: date, clock_time: str = "09:00") -> datetime:
    """``day`` at ``clock_time`` (HH:MM) in Jakarta: a moment of the story, on an office day."""
    if day.weekday() > 4:
        raise ValueError(f"{day} is not an office day")
    return datetime.combine(day, time.fromisoformat(clock_time), tzinfo=WIB)


def play(scripts: Iterable[Script]) -> None:
    """Run the scripts' steps in the order of their moments (ties: in the order the scripts are given)."""
    order = count()
    queue: list[tuple[datetime, int, int, Script]] = []
    for n, script in enumerate(scripts):
        _push(queue, n, next(order), script, None)
    while queue:
        moment, n, _, script = heapq.heappop(queue)
        with set_to(moment):
            _push(queue, n, next(order), script, moment)


def _push(queue: list, n: int, seq: int, script: Script, now: datetime | None) -> None:
    moment = next(script, None)
    if moment is None:
        return
    if now is not None and moment < now:
        raise ValueError(f"a demo script went back in time, from {now} to {moment}")
    heapq.heappush(queue, (moment, n, seq, script))
