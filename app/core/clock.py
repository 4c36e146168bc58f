"""The one clock: "now" in UTC for the database, "today" and "now" in the agency's time zone for decisions.

Government work is decided by the agency's calendar: between 00:00 and 07:00 WIB a server in UTC is still on
yesterday. Every input window, late mark, award month and default date asks this module, never
``date.today()`` or ``datetime.now()``. The time zone is the pemda's (WIB/WITA/WIT), chosen in the settings;
the app hands it to Flask-Babel's time zone selector, so display and decisions agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

from flask import has_app_context

DEFAULT_TIMEZONE = "Asia/Jakarta"
# The instant ``set_to`` stands for, in this context only (a thread, a request, the demo's loading).
_SET_TO: ContextVar[datetime | None] = ContextVar("kinerja_clock_set_to", default=None)


def utcnow() -> datetime:
    """The current instant, timezone-aware UTC (what the database stores)."""
    return _SET_TO.get() or datetime.now(UTC)


@contextmanager
def set_to(instant: datetime) -> Iterator[None]:
    """Within the block, "now" is ``instant`` (aware) for this context only: every timestamp, audit entry and
    date-bound rule sees it. The demo acts out its 2018 story with it (``app.demo``); requests never use it."""
    if instant.tzinfo is None:
        raise ValueError("set_to needs an aware datetime")
    token = _SET_TO.set(instant.astimezone(UTC))
    try:
        yield
    finally:
        _SET_TO.reset(token)


def agency_timezone() -> tzinfo:
    """The agency's time zone: the pemda's setting (through Flask-Babel's selector), WIB without an app.

    Always a ``ZoneInfo``: Flask-Babel hands a pytz zone, with which ``datetime.combine(day, t, zone)`` takes
    the zone's first offset (Jakarta's local mean time, +07:07), so 07:30 would be 07:23 WIB."""
    if has_app_context():
        from flask_babel import get_timezone

        return ZoneInfo(str(get_timezone()))
    return ZoneInfo(DEFAULT_TIMEZONE)


def agency_now() -> datetime:
    """The current instant on the agency's wall clock (aware)."""
    return utcnow().astimezone(agency_timezone())


def agency_today() -> date:
    """The agency's date today: what every date-bound decision uses."""
    return agency_now().date()
