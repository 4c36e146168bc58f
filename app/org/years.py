"""The working year: the year every year-bound page opens on, and the year the user picked.

An OPD's working year is a setting (``Unit.working_year`` on the OPD); without it, the latest year in which
the user's scope has something in force (each area registers where to look: ``register_year_source``), and
only when there is nothing at all, the agency's current year. A user who picks a year (``?year=`` on any
year-bound page) keeps it as they move between pages, until they pick another or log out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, g, request, session
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, union_all

from app.core.clock import agency_today
from app.core.db import check_version
from app.core.errors import Refused
from app.extensions import db
from app.org.models import Unit

FIRST_YEAR, LAST_YEAR = 2000, 2100
# user -> a SELECT of one column of years in the user's scope in which something is in force.
YEAR_SOURCES: list[Callable[[Any], Any]] = []


def register_year_source(source: Callable[[Any], Any]) -> None:
    YEAR_SOURCES.append(source)


def _opd_ids(user) -> set[int] | None:
    """The OPDs the user works in (their roles' units and their own unit); None: every OPD (the admin)."""
    paths = [r.unit_path for r in user.roles]
    if "" in paths:
        return None
    if user.employee is not None and user.employee.unit is not None:
        paths.append(user.employee.unit.path)
    return {int(path.strip("/").split("/")[0]) for path in paths if path.strip("/")}


def working_year(user) -> int:
    """The year pages open on for ``user`` (at most two statements, once per request)."""
    if "working_year" in g:
        return g.working_year
    opds = _opd_ids(user)
    setting = select(func.max(Unit.working_year)).where(Unit.parent_id.is_(None))
    if opds is not None:
        setting = setting.where(Unit.id.in_(opds or {0}))
    year = db.session.scalar(setting)
    if year is None and YEAR_SOURCES:
        years = union_all(*(source(user) for source in YEAR_SOURCES)).subquery()
        year = db.session.scalar(select(func.max(years.c[0])))
    g.working_year = year or agency_today().year
    return g.working_year


def year_asked(user) -> int:
    """The year of a year-bound page: the one asked for (the address, or a form that posts to the page's
    year; kept for the next pages), else the one the user picked before, else the working year."""
    asked = request.values.get("year", type=int)
    if asked is not None:
        if not FIRST_YEAR <= asked <= LAST_YEAR:
            abort(404)  # no record has such a year
        session["year"] = asked
        return asked
    kept = session.get("year")
    if isinstance(kept, int) and FIRST_YEAR <= kept <= LAST_YEAR:
        return kept
    return working_year(user)


def year_choices(user, year: int) -> list[int]:
    """The years the picker offers: around the working year, the current year, and the one shown."""
    working, today = working_year(user), agency_today().year
    years = set(range(working - 2, working + 2)) | {today, today + 1, year}
    return sorted(y for y in years if FIRST_YEAR <= y <= LAST_YEAR)


def set_working_year(opd: Unit, year: int | None, version: int | None = None) -> Unit:
    """An OPD's working year (None: the latest year with an agreement in force)."""
    check_version(opd, version)
    if opd.parent_id is not None:
        raise Refused(_l("Only an OPD has a working year."))
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise Refused(_l("Choose a year between %(a)s and %(b)s.", a=FIRST_YEAR, b=LAST_YEAR), "working_year")
    opd.working_year = year
    db.session.flush()
    return opd
