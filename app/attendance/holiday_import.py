"""Importing days off from a file (CSV or XLSX): every row checked first, then all written or none.

The file has a header row naming its columns (Indonesian or English): tanggal, jenis, nama and optionally
sumber. A date reads as 2018-08-17, 17/08/2018 or 17-08-2018 (or a date cell of Excel); the kind as libur
nasional, cuti bersama or libur daerah (or national, collective, regional). A row whose date is already in the
calendar replaces that day's entry (the preview says so); a row that repeats it exactly is skipped. The batch
is an ``ImportBatch`` of kind ``holidays``: its rows carry what was typed, the values read, the errors and
the action (create, update or skip).
"""

from __future__ import annotations

import re
from datetime import date

from flask import current_app
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.attendance import holidays as calendar
from app.attendance.models import Holiday
from app.core.clock import utcnow
from app.core.errors import Refused
from app.extensions import db
from app.imports.models import ImportBatch
from app.imports.parse import ImportProblem, header_problems, read_table
from app.org.years import FIRST_YEAR, LAST_YEAR

KIND = "holidays"
COLUMNS = ("day", "kind", "name", "source")
REQUIRED = ("day", "kind", "name")
HEADERS = {"day": "tanggal", "kind": "jenis", "name": "nama", "source": "sumber"}  # the template's header row
_HEADER_WORDS = {
    "day": ("tanggal", "tgl", "date", "day", "hari tanggal"),
    "kind": ("jenis", "jenis libur", "kind", "type"),
    "name": ("nama", "nama hari libur", "keterangan", "name", "description"),
    "source": ("sumber", "dasar", "dasar hukum", "source"),
}
_KIND_WORDS = {
    "national": ("national", "nasional", "libur nasional", "hari libur nasional", "national holiday"),
    "collective": ("collective", "cuti bersama", "bersama", "collective leave"),
    "regional": ("regional", "daerah", "libur daerah", "hari libur daerah", "regional holiday"),
}
KIND_WORDS = {"national": "libur nasional", "collective": "cuti bersama", "regional": "libur daerah"}  # as exported
_DAY_PATTERNS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), (0, 1, 2)),
    (re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"), (2, 1, 0)),
)


def _key(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").split())


def _lookup(words: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {word: name for name, spellings in words.items() for word in spellings}


def read_day(text: str) -> date | None:
    """A date as people type it (or as Excel gives it), else None."""
    for pattern, order in _DAY_PATTERNS:
        found = pattern.fullmatch(text.strip())
        if found:
            parts = found.groups()
            try:
                return date(int(parts[order[0]]), int(parts[order[1]]), int(parts[order[2]]))
            except ValueError:
                return None
    return None


def _columns(header: list[str]) -> list[str | None]:
    spellings = _lookup(_HEADER_WORDS)
    columns = [spellings.get(_key(h)) if h else None for h in header]
    problems = header_problems(header, columns, HEADERS.__getitem__, REQUIRED)
    if problems:
        raise Refused(_l("The header row must name the columns tanggal, jenis, nama and (optionally) sumber "
                         "(%(p)s).", p=problems), "file")
    return columns


def stage(owner, filename: str, data: bytes) -> ImportBatch:
    """Read and check the file; keep every row with its errors for the preview. Writes no day off."""
    if len(data) > current_app.config["IMPORT_MAX_BYTES"]:
        raise Refused(_l("The file is larger than %(mb)s MB.", mb=current_app.config["IMPORT_MAX_BYTES"] // 2**20),
                      "file")
    try:
        header, table = read_table(data, current_app.config["IMPORT_MAX_ROWS"])
    except ImportProblem as problem:
        raise Refused(problem.message, "file") from None
    columns = _columns(header)
    rows = []
    for number, cells in table:
        typed = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(columns) if name}
        rows.append({"row": number, "data": {c: typed.get(c, "") for c in COLUMNS}})
    if not rows:
        raise Refused(_l("The file has no rows to import."), "file")
    batch = ImportBatch(owner_id=owner.id, kind=KIND, filename=filename[:200], rows=check(rows))
    batch.error_count = sum(1 for row in batch.rows if row["errors"])
    db.session.add(batch)
    db.session.flush()
    return batch


def _problems(typed: dict, day: date | None, kind: str | None, seen: dict[date, int]) -> list[tuple[str, object]]:
    """(column, message) for everything wrong with one row."""
    found = []
    if not typed["day"]:
        found.append(("day", _l("The date is missing.")))
    elif day is None:
        found.append(("day", _l("The date %(value)s cannot be read: write it as 2018-08-17 or 17/08/2018.",
                                value=typed["day"])))
    elif not FIRST_YEAR <= day.year <= LAST_YEAR:
        found.append(("day", _l("Choose a date between %(a)s and %(b)s.", a=FIRST_YEAR, b=LAST_YEAR)))
    elif day in seen:
        found.append(("day", _l("The date %(date)s is also in row %(row)s.", date=format_date(day, "d MMMM y"),
                                row=seen[day])))
    if not typed["kind"]:
        found.append(("kind", _l("The kind is missing.")))
    elif kind is None:
        found.append(("kind", _l("The kind %(value)s is unknown: write libur nasional, cuti bersama or libur "
                                 "daerah.", value=typed["kind"])))
    name = typed["name"].strip()
    if not name:
        found.append(("name", _l("The name is missing.")))
    elif len(name) > calendar.NAME_MAX:
        found.append(("name", _l("The name is longer than %(n)s characters.", n=calendar.NAME_MAX)))
    if len(typed["source"].strip()) > calendar.SOURCE_MAX:
        found.append(("source", _l("The source is longer than %(n)s characters.", n=calendar.SOURCE_MAX)))
    return found


def check(rows: list[dict]) -> list[dict]:
    """Every row read and judged against the calendar as it is now (one query): its errors, the values read
    and what committing it would do."""
    kinds = _lookup(_KIND_WORDS)
    read = [(row, read_day(row["data"]["day"])) for row in rows]
    days = sorted({day for _, day in read if day is not None})
    present = {h.day: h for h in db.session.scalars(select(Holiday).where(Holiday.day.in_(days)))} if days else {}
    seen: dict[date, int] = {}
    checked = []
    for row, day in read:
        typed = row["data"]
        kind = kinds.get(_key(typed["kind"]))
        problems = _problems(typed, day, kind, seen)
        if day is not None:
            seen.setdefault(day, row["row"])
        value = {"day": day.isoformat() if day else None, "kind": kind, "name": typed["name"].strip(),
                 "source": typed["source"].strip()}
        old = present.get(day)
        action, replaces = "create", None
        if old is not None:
            same = (old.kind, old.name, old.source) == (kind, value["name"], value["source"])
            action, replaces = ("skip", None) if same else ("update", old.name)
        checked.append(dict(row, value=value, errors=[str(m) for _, m in problems],
                            columns=sorted({c for c, _ in problems}), action=action, replaces=replaces))
    return checked


def commit(batch: ImportBatch, owner) -> calendar.Change:
    """Write every row, or none: the rows are checked again against today's calendar first. The months
    touched are recomputed (jobs)."""
    if batch.kind != KIND or batch.status != "preview":
        raise Refused(_l("This import has already been committed or discarded."))
    batch.rows = check(batch.rows)
    batch.error_count = sum(1 for row in batch.rows if row["errors"])
    if batch.error_count:
        raise Refused(_l("%(n)s rows have errors: nothing was imported. Correct the file and upload it again.",
                         n=batch.error_count))
    present = {h.day: h for h in db.session.scalars(select(Holiday).where(Holiday.day.in_(
        [date.fromisoformat(row["value"]["day"]) for row in batch.data_rows])))} if batch.data_rows else {}
    days = []
    for row in batch.data_rows:
        value = dict(row["value"], day=date.fromisoformat(row["value"]["day"]))
        holiday = present.get(value["day"])
        if holiday is None:
            db.session.add(Holiday(**value))
        else:
            days.append(holiday.day)
            for name, new in value.items():
                setattr(holiday, name, new)
        days.append(value["day"])
    batch.status, batch.committed_at = "committed", utcnow()
    db.session.flush()
    return calendar.changed(owner, batch, *days, count=len(batch.data_rows))


def discard(batch: ImportBatch) -> ImportBatch:
    if batch.kind != KIND or batch.status != "preview":
        raise Refused(_l("This import has already been committed or discarded."))
    batch.status = "discarded"
    db.session.flush()
    return batch
