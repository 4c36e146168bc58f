"""Excel round-trip of one unit's realisation for one period: export, fill in, preview, apply.

Sheet "Realisasi": one row per line (agreement indicator or unit KPI) reported by that period kind; the
``ref`` column keeps a line's identity. The workbook's subject property names the period it was exported
for, so a workbook of Tw I is not read into Tw II. The preview runs the real writes (``services.enter``) in
a savepoint that is rolled back, so it refuses exactly what applying would refuse. The staged changes travel
to the confirmation signed with the app's secret, with each realisation's version counter: a value changed
meanwhile is a conflict, and then nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from openpyxl import Workbook, load_workbook

from app.agreements.forms import parse_number
from app.core.errors import Conflict, Refused
from app.core.formatting import format_number
from app.extensions import db
from app.imports.export import FORMULA_STARTS, safe
from app.imports.parse import ImportProblem, read_table
from app.monitoring import lines, services
from app.monitoring.labels import period_label, status_labels
from app.org.models import Unit

SHEET = "Realisasi"
COLUMNS = ["ref", "indikator", "satuan", "pejabat", "target", "realisasi", "catatan", "status"]
MAX_NOTE = 2000
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Row:
    """One row of the preview (plain values for the template)."""

    number: int  # the row number in the sheet
    ref: str
    name: str
    old: str
    new: str
    change: bool = False
    errors: list[str] = field(default_factory=list)


def _subject_tag(year: int, kind: str, period: int) -> str:
    return f"kinerja-realisasi:{year}:{kind}:{period}"


def file_name(unit: Unit, year: int, kind: str, period: int) -> str:
    code = "".join(c for c in (unit.code or str(unit.id)) if c.isalnum() or c in "-_.") or str(unit.id)
    return f"Realisasi-{year}-{'TW' if kind == 'quarter' else 'BLN'}{period}-{code}.xlsx"


def _lines(unit: Unit, year: int, kind: str) -> list[lines.Line]:
    return [line for line in lines.for_unit(unit, year) if line.period_kind == kind]


def export(unit: Unit, year: int, kind: str, period: int) -> bytes:
    book = Workbook()
    book.properties.subject = _subject_tag(year, kind, period)
    book.properties.title = f"{unit.name} · {year} · {period_label(kind, period)}"
    sheet = book.active
    sheet.title = SHEET
    sheet.append(COLUMNS)
    labels = status_labels()
    for line in _lines(unit, year, kind):
        found = line.value(kind, period)
        sheet.append([line.ref, safe(line.name), safe(line.satuan), safe(line.official),
                      line.period_target(kind, period), found.value if found else None,
                      safe(found.note) if found else "", labels.get(found.status, found.status) if found else ""])
    for column, width in zip("ABCDEFGH", (18, 60, 12, 30, 10, 12, 40, 12), strict=True):
        sheet.column_dimensions[column].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _unescape(text: str) -> str:
    """Undo ``safe``: the apostrophe it put before a formula-like note is not part of the note."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _read(data: bytes, year: int, kind: str, period: int) -> list[tuple[int, list[str]]]:
    try:
        header, rows = read_table(data, current_app.config["IMPORT_MAX_ROWS"], SHEET)
    except ImportProblem as problem:
        raise Refused(problem.message, "file") from None
    if header[:len(COLUMNS)] != COLUMNS:
        raise Refused(_l("The columns do not match the workbook exported from Kinerja; export it again."), "file")
    book = load_workbook(BytesIO(data), read_only=True)  # already read safely above; only its properties now
    subject = book.properties.subject or ""
    book.close()
    if subject.startswith("kinerja-realisasi:") and subject != _subject_tag(year, kind, period):
        raise Refused(_l("This workbook was exported for another year or period; upload it on that period's "
                         "page, or export this period's workbook."), "file")
    return rows


def changes_in(token: str) -> int:
    """How many values a preview's token would write (0 when it is not one of ours)."""
    try:
        return len(_serializer().loads(token).get("changes", ()))
    except (BadSignature, AttributeError):
        return 0


def stage(unit: Unit, year: int, kind: str, period: int, data: bytes, user, today: date) -> tuple[list[Row], str | None]:
    """The preview rows and, when there are changes and no errors, the signed token that applies them."""
    by_ref = {line.ref: line for line in _lines(unit, year, kind)}
    rows: list[Row] = []
    staged: list[dict] = []
    seen: set[str] = set()
    savepoint = db.session.begin_nested()  # the real writes, undone: the preview refuses what apply would
    try:
        for number, cells in _read(data, year, kind, period):
            cell = dict(zip(COLUMNS, cells + [""] * len(COLUMNS), strict=False))
            ref, line = cell["ref"], by_ref.get(cell["ref"])
            row = Row(number, ref, line.name if line else cell["indikator"], "", "")
            rows.append(row)
            if line is None:
                row.errors.append(_("Unknown ref: this row is not one of the unit's indicators for this period. "
                                    "Export the workbook again."))
                continue
            if ref in seen:
                row.errors.append(_("This indicator appears twice in the file."))
                continue
            seen.add(ref)
            found = line.value(kind, period)
            old_value, old_note = (found.value, found.note or "") if found else (None, "")
            row.old = format_number(old_value)
            try:
                value = parse_number(cell["realisasi"])
            except ValueError as problem:
                row.new = cell["realisasi"]
                row.errors.append(str(problem))
                continue
            row.new = format_number(value)
            note = _unescape(cell["catatan"])[:MAX_NOTE]
            if value == old_value and note.strip() == old_note.strip():
                continue  # no change
            row.change = True
            subject = lines.subject(line)
            try:
                services.enter(subject, line.key, period, value, note, user, today, kind,
                               found.version if found else None)
            except (Refused, Conflict) as refused:
                row.errors.append(str(getattr(refused, "message", "") or _("This value was changed meanwhile.")))
                continue
            staged.append({"ref": ref, "value": str(value) if value is not None else None, "note": note,
                           "version": found.version if found else None})
    finally:
        savepoint.rollback()
    if any(row.errors for row in rows) or not staged:
        return rows, None
    return rows, sign(unit, year, kind, period, staged)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="realisation-excel")


def sign(unit: Unit, year: int, kind: str, period: int, staged: list[dict]) -> str:
    return _serializer().dumps({"unit": unit.id, "year": year, "kind": kind, "period": period, "changes": staged})


def apply(unit: Unit, year: int, kind: str, period: int, token: str, user, today: date) -> int:
    """Write every staged change, or raise (``Refused``, ``Conflict``) and let the caller roll back all of them.

    Returns the number of values written.
    """
    altered = _l("The preview was altered or has expired; upload the file again.")
    try:
        payload = _serializer().loads(token)
    except BadSignature:
        raise Refused(altered) from None
    if (payload.get("unit"), payload.get("year"), payload.get("kind"), payload.get("period")) != (
            unit.id, year, kind, period):
        raise Refused(altered)
    by_ref = {line.ref: line for line in _lines(unit, year, kind)}
    for change in payload["changes"]:
        line = by_ref.get(change["ref"])
        if line is None:
            raise Refused(_l("An indicator of the file is no longer reported; upload the file again."))
        subject = lines.subject(line)
        if change["version"] is None and services.find(subject, line.key, kind, period) is not None:
            raise Conflict()  # entered by someone else since the preview
        value = Decimal(change["value"]) if change["value"] is not None else None
        services.enter(subject, line.key, period, value, change["note"], user, today, kind, change["version"])
    return len(payload["changes"])
