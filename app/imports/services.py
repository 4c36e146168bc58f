"""Imports: stage (parse and check every row, write nothing), then commit all rows or none.

Each row is checked with the same forms and services as the screens: the row becomes form data for
UnitForm / PositionForm / EmployeeForm, and the write goes through the org services inside a savepoint
that is rolled back while staging. Units are keyed by their code, positions by (unit code, name), people
by NIP (ASN) or NIK (non-ASN); a key that exists means the row updates that record. Every problem of a row
is listed at once (``rows.Problems``).

The header row is read by ``columns.aliases`` (Indonesian, English or the first templates' machine names).
The template's row of explanations is dropped; its example row is kept in the preview as "skipped" and never
written: it is a model to copy, and a user who leaves it in the file does not want a sample person imported.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import SQLAlchemyError

from app.core.db import utcnow
from app.core.errors import Conflict, Refused
from app.extensions import db
from app.imports.columns import COLUMNS, aliases, header_of, headers, hint_spellings, hints, key, names
from app.imports.models import ImportBatch
from app.imports.parse import ImportProblem, header_problems, read_table
from app.imports.rows import CHECKS, Problems

# The template's example row of each kind: a row like it is a model to copy, not data, and is skipped.
EXAMPLES = {
    "units": ["SEK", "DINSOS", "sekretariat", "Sekretariat", "", "", "", "", "", ""],
    "positions": ["SEK", "Analis Kepegawaian", "pelaksana", "", "7", "tidak"],
    "people": ["pns", "19800115 200501 2 001", "", "", "Siti Aminah", "S.Sos.", "P", "III/b", "SEK",
               "Analis Kepegawaian", "aktif", "", ""],
}


def stage(owner, kind: str, filename: str, data: bytes) -> ImportBatch:
    """Parse and check the file; keep every row with its errors for the preview. Writes no org data."""
    if kind not in COLUMNS:
        raise Refused(_l("Choose what the file contains."), "kind")
    if len(data) > current_app.config["IMPORT_MAX_BYTES"]:
        raise Refused(_l("The file is larger than %(mb)s MB.", mb=current_app.config["IMPORT_MAX_BYTES"] // 2**20),
                      "file")
    try:
        header, table = read_table(data, current_app.config["IMPORT_MAX_ROWS"])
    except ImportProblem as problem:
        raise Refused(problem.message, "file") from None
    columns = _columns(kind, header)
    explanations = hint_spellings(kind)
    example = dict(zip(names(kind), (key(v) for v in EXAMPLES[kind]), strict=True))
    rows = []
    for number, cells in table:
        record = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(columns) if name}
        if all(not v or key(v) in explanations[name] for name, v in record.items()):
            continue  # the template's row of explanations
        is_example = all(key(v) == example[name] for name, v in record.items())
        rows.append({"row": number, "data": record, "errors": [], "columns": [],
                     "action": "skip" if is_example else "create"})
    if not any(r["action"] != "skip" for r in rows):
        raise Refused(_l("The file has no rows to import: only the template's explanations and example. Write "
                         "your rows below them (or over the example) and upload the file again."), "file")
    batch = ImportBatch(owner_id=owner.id, kind=kind, filename=filename[:200], rows=rows)
    _check(batch, owner)
    db.session.add(batch)
    db.session.flush()
    return batch


def _columns(kind: str, header: list[str]) -> list[str | None]:
    """The machine name of each column of the file's header row (None for an empty header cell), or the
    reason the header row cannot be used."""
    spellings = aliases(kind)
    columns = [spellings.get(key(h)) if h else None for h in header]
    problems = header_problems(header, columns, lambda name: header_of(kind, name), _required(kind))
    if problems:
        raise Refused(_l("The header row does not match the template (%(p)s). Download the template and use its "
                         "first row.", p=problems), "file")
    return columns


def _required(kind: str) -> list[str]:
    return {"units": ["code", "kind", "name"], "positions": ["unit_code", "name", "type", "kelas_jabatan"],
            "people": ["employment_type", "name", "sex", "unit_code"]}[kind]


def _check(batch: ImportBatch, owner) -> None:
    """Validate every row inside a savepoint that is rolled back: the checks run the real writes."""
    checked = []
    savepoint = db.session.begin_nested()
    try:
        seen: set = set()
        for row in batch.rows:
            if row["action"] == "skip":
                checked.append(row)
                continue
            problems, action = _apply(batch.kind, row, owner, seen)
            checked.append(dict(row, errors=problems.messages, columns=problems.columns, action=action))
    finally:
        savepoint.rollback()
    batch.rows = checked
    batch.error_count = sum(1 for r in checked if r["errors"])


def _apply(kind: str, row: dict, owner, seen: set) -> tuple[Problems, str]:
    """Check and write one row in its own savepoint: kept when the row is right, undone when it is not."""
    problems = Problems(kind, row["data"])
    savepoint = db.session.begin_nested()
    try:
        action = CHECKS[kind](row["data"], owner, seen, problems)
    except (Refused, Conflict) as refused:
        action = row["action"]
        problems.add(None, getattr(refused, "message", "") or _l("This row conflicts with existing data."))
    except SQLAlchemyError:
        action = row["action"]
        problems.add(None, _l("This row conflicts with existing data."))
    if problems:
        savepoint.rollback()
    else:
        savepoint.commit()
    return problems, action


def commit(batch: ImportBatch, owner) -> ImportBatch:
    """Write every row, or none: the rows are checked again against today's data first."""
    if batch.status != "preview":
        raise Refused(_l("This import has already been committed or discarded."))
    _check(batch, owner)
    if batch.error_count:
        raise Refused(_l("%(n)s rows have errors: nothing was imported. Correct the file and upload it again.",
                         n=batch.error_count))
    savepoint = db.session.begin_nested()
    try:
        seen: set = set()
        for row in batch.data_rows:
            problems, _ = _apply(batch.kind, row, owner, seen)
            if problems:
                raise Refused(_l("Row %(r)s: %(e)s", r=row["row"], e="; ".join(problems.messages)))
    except Exception:
        savepoint.rollback()
        raise
    savepoint.commit()
    batch.status, batch.committed_at = "committed", utcnow()
    db.session.flush()
    return batch


def discard(batch: ImportBatch) -> ImportBatch:
    if batch.status != "preview":
        raise Refused(_l("This import has already been committed or discarded."))
    batch.status = "discarded"
    db.session.flush()
    return batch


TEXT_COLUMNS = ("nip", "nik", "phone", "postal_code", "code", "parent_code", "unit_code")  # digits kept as typed


def template(kind: str, title: str) -> bytes:
    """An XLSX with the header row, the row of explanations and one example row (skipped when imported)."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(headers(kind))
    sheet.append(hints(kind))
    sheet.append([int(v) if name == "kelas_jabatan" else v for name, v in zip(names(kind), EXAMPLES[kind],
                                                                              strict=True)])
    for n, (column, header, hint) in enumerate(zip(names(kind), headers(kind), hints(kind), strict=True), 1):
        letter = get_column_letter(n)
        sheet[f"{letter}1"].font = Font(bold=True)
        sheet[f"{letter}2"].font = Font(italic=True, color="666666")
        sheet.column_dimensions[letter].width = min(max(len(header), len(hint) // 2, 12) + 2, 45)
        if column in TEXT_COLUMNS:  # a NIK typed into a number cell would lose its last digits
            sheet.column_dimensions[letter].number_format = "@"
            for row in range(1, 4):
                sheet[f"{letter}{row}"].number_format = "@"
    sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
