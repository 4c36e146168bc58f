"""The work calendar: national holidays, cuti bersama and regional holidays of the pemda.

The official days of a year ship as CSV files in ``app/attendance/data/holidays_<year>.csv`` (date, kind,
name, source: the SKB of the Ministers of Religious Affairs, Manpower and PANRB, or the Keppres, that declares
them). ``load_official(year)`` inserts those not yet present. Services flush; the route commits; a change
to the calendar is followed by a recompute of the months it touches (``months_of``).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.attendance.models import HOLIDAY_KINDS, Holiday
from app.extensions import db

DATA = Path(__file__).parent / "data"
OFFICIAL_KINDS = ("national", "collective")


def _data_file(year: int) -> Path:
    return DATA / f"holidays_{int(year)}.csv"


def shipped_years() -> list[int]:
    """The years whose official holidays ship with Kinerja."""
    years = []
    for path in DATA.glob("holidays_*.csv"):
        suffix = path.stem.removeprefix("holidays_")
        if suffix.isdigit():
            years.append(int(suffix))
    return sorted(years)


def official(year: int) -> list[dict]:
    """The shipped national holidays and cuti bersama of ``year`` (empty when none ship): dicts of day, kind,
    name and source."""
    path = _data_file(year)
    if not path.exists():
        return []
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            day = date.fromisoformat(row["date"].strip())
            kind = row["kind"].strip()
            if day.year != year or kind not in OFFICIAL_KINDS:
                raise ValueError(f"{path.name}: bad row {row!r}")
            rows.append({"day": day, "kind": kind, "name": row["name"].strip(), "source": row["source"].strip()})
    return rows


def load_official(year: int) -> int:
    """Insert the shipped holidays of ``year`` whose day is not in the calendar yet; return how many were added.

    A day already present (typed by hand, a regional holiday, an earlier load) is left as it is, so loading
    twice adds nothing."""
    rows = official(year)
    if not rows:
        return 0
    present = set(db.session.scalars(select(Holiday.day).where(
        Holiday.day.between(date(year, 1, 1), date(year, 12, 31)))))
    added = 0
    for row in rows:
        if row["day"] in present:
            continue
        db.session.add(Holiday(**row))
        present.add(row["day"])
        added += 1
    db.session.flush()
    return added


def months_of(*days: date | None) -> list[tuple[int, int]]:
    """The (year, month) pairs these days fall in, each once, in order."""
    return sorted({(day.year, day.month) for day in days if day is not None})


assert set(OFFICIAL_KINDS) <= set(HOLIDAY_KINDS)
