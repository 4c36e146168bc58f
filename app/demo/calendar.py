"""The demo's calendar: its story happens in 2018, on office days in Jakarta (WIB), in the order it happened.

Each part of the demo (the organisation, the agreements, the reporting, the awards) is a script: a generator
that yields the moment of its next step and who takes it, then does that step. ``play`` runs the steps of all
scripts by their moments, with the clock set to each (``app.core.clock.set_to``) and the step's user as the
audit trail's actor, so every record, audit entry and document carries the day it happened on and who did it,
and the audit trail reads in order, whatever day the demo is loaded.
"""

from __future__ import annotations

import heapq
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from itertools import count
from typing import NamedTuple
from zoneinfo import ZoneInfo

from flask import g
from sqlalchemy import select

from app.accounts.models import User
from app.core.clock import set_to
from app.extensions import db

WIB = ZoneInfo("Asia/Jakarta")
YEAR = 2018
LOADED_ON = date(YEAR, 1, 2)  # the day the agency's data was entered into Kinerja; the story runs to July



class Moment(NamedTuple):
    when: datetime
    by: str | None  # the username taking the step (the audit trail's actor); None: the system


Script = Generator[Moment, None, None]


def at(day: date, clock_time: str = "09:00", by: str | None = None) -> Moment:
    """``day`` at ``clock_time`` (HH:MM) in Jakarta, on an office day, the step taken by user ``by``."""
    if day.weekday() > 4:
        raise ValueError(f"{day} is not an office day")
    return Moment(datetime.combine(day, time.fromisoformat(clock_time), tzinfo=WIB), by)


def play(scripts: Iterable[Script]) -> None:
    """Run the scripts' steps in the order of their moments (ties: in the order the scripts are given)."""
    order = count()
    queue: list[tuple[datetime, int, int, str | None, Script]] = []
    for n, script in enumerate(scripts):
        _push(queue, n, next(order), script, None)
    while queue:
        when, n, _, by, script = heapq.heappop(queue)
        with set_to(when), _acting(by):
            _push(queue, n, next(order), script, when)


def _push(queue: list, n: int, seq: int, script: Script, now: datetime | None) -> None:
    moment = next(script, None)
    if moment is None:
        return
    if now is not None and moment.when < now:
        raise ValueError(f"a demo script went back in time, from {now} to {moment.when}")
    heapq.heappush(queue, (moment.when, n, seq, moment.by, script))


@contextmanager
def _acting(username: str | None) -> Iterator[None]:
    """The audit trail's actor for one step (as a request sets it for the signed-in user)."""
    before = g.get("audit_actor")
    g.audit_actor = db.session.scalar(select(User).where(User.username == username)) if username else None
    try:
        yield
    finally:
        g.audit_actor = before
