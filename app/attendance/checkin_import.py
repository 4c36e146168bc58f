"""Check-in import, staging: a machine's export (CSV or XLSX) read with its source's column mapping into
staged check-ins (``StagedCheckIn``) and a summary on the import batch (``ImportBatch.meta``).

Nothing reaches ``check_ins`` here: the preview reads the staged rows, and ``checkin_commit`` copies them over
when the file has no error at all. The staged rows are written in bulk (COPY on PostgreSQL, one INSERT per
``CHUNK`` rows elsewhere); the people are looked up once, dates and times are cached (``checkin_parse``). Wall
times are the machine's (the source's time zone, else the agency's) and are stored as UTC. A check-in the file
repeats (same person, same instant) is counted and left out; one already stored is staged and marked.

``meta``: source_id, state (staging → ready | failed; committing), job_id, counts {rows, staged, new, existing,
duplicates, errors, unknown}, errors [[row, column, code, value]] (the first ``ERRORS_KEPT``; ``more_errors``
counts the rest), unknown [{number, count, rows}], months [[year, month]], first/last (ISO instants), problem
(why the whole file could not be read, when staged by a job).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, insert, select

from app.accounts.access import scoped
from app.attendance.checkin_parse import DAY, BadValue, Clock, directions, machine_number, utc
from app.attendance.models import CheckIn, CheckInSource, MachineUser, StagedCheckIn
from app.core.clock import agency_timezone, utcnow
from app.core.errors import Refused
from app.core.files import files_dir
from app.core.formatting import format_number
from app.extensions import db
from app.imports import parse
from app.imports.models import ImportBatch
from app.org.models import TIMEZONES, Employee
from app.org.rules import normalise_id

CHUNK = 5000  # staged rows per INSERT (SQLite); ten times as many per COPY (PostgreSQL)
ERRORS_KEPT = 500
UNKNOWN_KEPT = 500  # distinct unknown numbers kept, each with its first rows
UNKNOWN_ROWS_KEPT = 20
FIELDS = ("person", "datetime", "date", "time", "direction", "device")


def limits() -> tuple[int, int]:
    """(bytes, rows) a check-in file may have: ``CHECKIN_MAX_BYTES`` (never more than the upload limit,
    ``MAX_CONTENT_LENGTH``) and ``CHECKIN_MAX_ROWS``."""
    config = current_app.config
    most = config.get("CHECKIN_MAX_BYTES", 64 * 2**20)
    if config.get("MAX_CONTENT_LENGTH"):
        most = min(most, config["MAX_CONTENT_LENGTH"])
    return most, config.get("CHECKIN_MAX_ROWS", 2_000_000)


def zone_of(source: CheckInSource):
    return ZoneInfo(TIMEZONES[source.timezone]) if source.timezone else agency_timezone()


# -- the file -----------------------------------------------------------------------------------------------------

def read(data: bytes) -> tuple[list[str], list[tuple[int, list]]]:
    """(header, rows) of a CSV or XLSX: the imports' reader (encodings, limits, invisible characters). An XLSX
    keeps its cells' values (Excel date and time cells stay dates and times, not text cut to the day)."""
    max_rows = limits()[1]
    try:
        if not data.startswith(b"PK\x03\x04"):
            return parse.read_table(data, max_rows)
        table = [(n, [_cell(v) for v in row]) for n, row in parse._xlsx_rows(data, max_rows)]
        table = [(n, row) for n, row in table if any(v != "" for v in row)]
        parse._refuse_invisible((n, [v if isinstance(v, str) else "" for v in row]) for n, row in table)
    except parse.ImportProblem as problem:
        raise Refused(problem.message, "file") from None
    if not table:
        raise Refused(_l("The file has no rows."), "file")
    return [str(h).strip().lower() for h in table[0][1]], table[1:]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def file_path(batch: ImportBatch) -> Path:
    return files_dir() / "checkin-imports" / f"{batch.id}.bin"


def keep_file(batch: ImportBatch, data: bytes) -> None:
    path = file_path(batch)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def forget_file(batch: ImportBatch) -> None:
    file_path(batch).unlink(missing_ok=True)


def stored_file(batch: ImportBatch) -> bytes:
    try:
        return file_path(batch).read_bytes()
    except FileNotFoundError:
        raise Refused(_l("The uploaded file is no longer kept: upload it again.")) from None


# -- staging ------------------------------------------------------------------------------------------------------

def indexes(source: CheckInSource, header: list[str]) -> dict[str, int]:
    """Where each mapped field is in the file's header, or the reason the file does not fit the mapping."""
    wanted = {f: (source.columns or {}).get(f, "").strip() for f in FIELDS}
    wanted = {f: name for f, name in wanted.items() if name}
    found: dict[str, list[int]] = {}
    for i, name in enumerate(header):
        if name:
            found.setdefault(name.casefold(), []).append(i)
    missing = [name for name in wanted.values() if name.casefold() not in found]
    twice = [name for name in wanted.values() if len(found.get(name.casefold(), ())) > 1]
    if missing:
        raise Refused(_l("The file has no column %(c)s, which this machine's settings name. The file's columns: "
                         "%(h)s.", c=", ".join(f"“{m}”" for m in missing),
                         h=", ".join(f"“{h}”" for h in header if h) or "–"), "file")
    if twice:
        raise Refused(_l("The file has more than one column %(c)s.", c=", ".join(f"“{t}”" for t in twice)), "file")
    return {f: found[name.casefold()][0] for f, name in wanted.items()}


def people(source: CheckInSource, owner) -> dict[str, int]:
    """The file's person key → employee id: the machine's user numbers, or the NIP of the people the
    importing user reaches."""
    if source.person_key == "machine":
        rows = db.session.execute(select(MachineUser.number, MachineUser.employee_id)
                                  .where(MachineUser.source_id == source.id))
        return {machine_number(number): employee_id for number, employee_id in rows}
    rows = db.session.execute(select(Employee.nip, Employee.id).where(
        Employee.nip.is_not(None), scoped(owner, "attendance.import", Employee)))
    return dict(rows.all())


def _nip(value) -> str:
    return normalise_id(str(value))


class Writer:
    """Staged rows in bulk: COPY on PostgreSQL (its text format, built here), one INSERT per ``CHUNK`` rows
    elsewhere."""

    def __init__(self, batch_id: int):
        self.batch_id, self.rows, self.count = batch_id, [], 0
        self.copy = db.session.get_bind().dialect.name == "postgresql"
        self.chunk = CHUNK * 10 if self.copy else CHUNK
        self._days: dict[int, str] = {}  # day number since 1970 → "2018-02-05 "
        self._texts: dict = {}  # a direction or device → as COPY reads it

    def add(self, row: int, employee_id: int, seconds: int, direction: str | None, device: str) -> None:
        self.rows.append((row, employee_id, seconds, direction, device))
        if len(self.rows) >= self.chunk:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        if self.copy:
            raw = db.session.connection().connection.driver_connection
            with raw.cursor() as cursor, cursor.copy("COPY staged_check_ins (batch_id, row, employee_id, at, "
                                                     "direction, device) FROM STDIN") as copy:
                copy.write("".join(self._lines()))
        else:
            db.session.execute(insert(StagedCheckIn.__table__), [
                {"batch_id": self.batch_id, "row": row, "employee_id": employee_id, "at": utc(seconds),
                 "direction": direction, "device": device}
                for row, employee_id, seconds, direction, device in self.rows])
        self.count += len(self.rows)
        self.rows = []

    def _lines(self):
        days, texts, batch = self._days, self._texts, self.batch_id
        for row, employee_id, seconds, direction, device in self.rows:
            day, second = divmod(seconds, DAY)
            written = days.get(day)
            if written is None:
                written = days[day] = (date(1970, 1, 1) + timedelta(days=day)).isoformat() + " "
            minutes, second = divmod(second, 60)
            hours, minutes = divmod(minutes, 60)
            device_text = texts.get(device)
            if device_text is None:
                device_text = texts[device] = device.translate(_COPY_ESCAPES)
            yield (f"{batch}\t{row}\t{employee_id}\t{written}{hours:02d}:{minutes:02d}:{second:02d}\t"
                   f"{direction or NULL}\t{device_text}\n")


NULL = "\\N"
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def stage(batch: ImportBatch, data: bytes, owner, progress=None) -> ImportBatch:
    """Read ``data`` with the batch's source and stage its check-ins (the batch's earlier staging is
    replaced). Refused when the file as a whole cannot be read; row problems are kept in ``meta``."""
    source = db.session.get(CheckInSource, batch.meta["source_id"])
    with _bulk():
        header, table = read(data)
        columns = indexes(source, header)
        db.session.execute(delete(StagedCheckIn).where(StagedCheckIn.batch_id == batch.id))
        if progress is not None:
            progress(5, _l("Rows read: %(n)s.", n=format_number(len(table))))
        found = _stage_rows(batch, source, columns, table, people(source, owner), progress)
        del table
    s, c = StagedCheckIn.__table__, CheckIn.__table__
    existing = db.session.scalar(select(func.count()).select_from(s.join(
        c, (c.c.employee_id == s.c.employee_id) & (c.c.at == s.c.at))).where(s.c.batch_id == batch.id))
    counts = found.pop("counts")
    counts.update(existing=existing, new=counts["staged"] - existing)
    batch.meta = {key: value for key, value in batch.meta.items() if key not in ("problem", "inserted")} | found | {
        "counts": counts, "state": "ready"}
    batch.error_count = counts["errors"] + counts["unknown"]
    db.session.flush()
    return batch


@contextmanager
def _bulk():
    """Reading and checking a file makes millions of small objects (rows, cells, keys) with no cycles among
    them: the cyclic garbage collector would rescan them all at each of its thresholds (a 1,000,000-row file
    was read in 12 s with it, 5 s without). Reference counting still frees what is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _stage_rows(batch, source, columns, table, lookup, progress) -> dict:
    """The loop over the rows (kept tight: a file may have millions)."""
    clock = Clock(source.date_format, zone_of(source))
    spelled = directions(source.in_values, source.out_values)
    mapping = source.columns or {}
    person_at, device_at, direction_at = columns["person"], columns.get("device"), columns.get("direction")
    when_at = columns.get("datetime")
    day_at, time_at = columns.get("date"), columns.get("time")
    when_field = "datetime" if when_at is not None else "date"
    width = max(columns.values()) + 1
    key_of = machine_number if source.person_key == "machine" else _nip
    latest = int((utcnow() - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds()) + 600  # a clock 10 min ahead
    writer, seen, days, persons = Writer(batch.id), set(), set(), set()
    errors, unknown, first, last = [], {}, None, None
    error_rows = unknown_rows = duplicates = error_total = 0
    total = len(table)
    keys: dict = {}  # a person's cell as written → (key, employee id): a file has few distinct people
    text_at = clock.text
    for done, (n, cells) in enumerate(table, 1):
        if len(cells) < width:
            cells = [*cells, *[""] * (width - len(cells))]
        problems = []
        raw = cells[person_at]
        found = keys.get(raw)
        if found is None:
            key = key_of(raw) if raw != "" else ""
            found = keys[raw] = (key, lookup.get(key) if key else None)
        key, employee_id = found
        if key == "":
            problems.append(("person", "no_person", ""))
        try:
            if when_at is not None:
                cell = cells[when_at]
                at = text_at(cell) if type(cell) is str else clock.instant(cell)
            else:
                cell = cells[day_at]
                at = clock.combine(cell, cells[time_at])
            if at > latest:
                problems.append((when_field, "future", cell))
        except BadValue as bad:
            problems.append((when_field, bad.code, cells[when_at] if when_at is not None else bad.value))
        direction = None
        if direction_at is not None:
            written = cells[direction_at]
            if written != "":
                direction = spelled.get(written)
                if direction is None:
                    direction = spelled[written] = spelled.get(str(written).strip().casefold(), "")
                if not direction:
                    direction = None
                    problems.append(("direction", "direction", written))
        device = str(cells[device_at]) if device_at is not None else ""
        if len(device) > 60:
            problems.append(("device", "device", device))
        if key and employee_id is None:
            unknown_rows += 1
            entry = unknown.get(key)
            if entry is None and len(unknown) < UNKNOWN_KEPT:
                entry = unknown[key] = {"number": str(raw), "count": 0, "rows": []}
            if entry is not None:
                entry["count"] += 1
                if len(entry["rows"]) < UNKNOWN_ROWS_KEPT:
                    entry["rows"].append(n)
        if problems:
            error_rows += 1
            error_total += len(problems)
            for field, code, value in problems:
                if len(errors) < ERRORS_KEPT:
                    errors.append([n, mapping.get(field, ""), code, str(value)[:60]])
            continue
        if employee_id is None:
            continue
        unique = employee_id * 2**34 + at
        if unique in seen:
            duplicates += 1
            continue
        seen.add(unique)
        days.add(at // DAY)
        persons.add(employee_id)
        if first is None or at < first:
            first = at
        if last is None or at > last:
            last = at
        writer.add(n, employee_id, at, direction, device)
        if progress is not None and done % 50000 == 0:
            progress(5 + done * 85 // total, _l("Rows checked: %(done)s of %(n)s.", done=format_number(done), n=format_number(total)))
    writer.flush()
    return {
        "counts": {"rows": total, "staged": writer.count, "duplicates": duplicates, "errors": error_rows,
                   "unknown": unknown_rows, "people": len(persons)},
        "errors": errors, "more_errors": max(0, error_total - len(errors)),
        "unknown": sorted(unknown.values(), key=lambda u: (-u["count"], u["number"])),
        "months": _months(days),
        "first": utc(first).isoformat() if first is not None else None,
        "last": utc(last).isoformat() if last is not None else None,
    }


def _months(utc_days: set[int]) -> list[list[int]]:
    """The months whose statuses the check-ins may change: of each day, the day before (a night shift's
    check-out) and the day after (the machine's zone ahead of the agency's)."""
    months = set()
    for number in utc_days:
        day = date(1970, 1, 1) + timedelta(days=number)
        for near in (day - timedelta(days=1), day, day + timedelta(days=1)):
            months.add((near.year, near.month))
    return [list(m) for m in sorted(months)]
