"""Imports: stage (parse and check every row, write nothing), then commit all rows or none.

Each row is checked with the same forms and services as the screens: the row becomes form data for
UnitForm / PositionForm / EmployeeForm, and the write goes through the org services inside a savepoint
that is rolled back while staging. Units are keyed by their code, positions by (unit code, name), people
by NIP (ASN) or NIK (non-ASN); a key that exists means the row updates that record.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import MultiDict

from app.accounts.access import can
from app.core.clock import agency_today
from app.core.db import utcnow
from app.core.errors import Conflict, Refused
from app.extensions import db
from app.imports.columns import COLUMNS, names
from app.imports.models import ImportBatch
from app.imports.parse import MAX_CELL, ImportProblem, read_table
from app.org import services as org
from app.org.forms import EmployeeForm, PositionForm, UnitForm
from app.org.models import Employee, Position, Unit
from app.org.rules import golongan_choices, normalise_id

YES = {"ya", "y", "yes", "1", "true", "benar"}


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
    expected = names(kind)
    unknown = [h for h in header if h and h not in expected]
    missing = [c for c in _required(kind) if c not in header]
    if unknown or missing:
        parts = []
        if missing:
            parts.append(str(_l("missing column(s): %(c)s", c=", ".join(missing))))
        if unknown:
            parts.append(str(_l("unknown column(s): %(c)s", c=", ".join(unknown))))
        raise Refused(_l("The header row does not match the template (%(p)s). Download the template and use its "
                         "first row.", p="; ".join(parts)), "file")
    labels = [label.lower() for _, label in COLUMNS[kind]]
    rows = []
    for number, cells in table:
        if [c.lower() for c in cells[:len(labels)]] == labels:
            continue  # the template's row of explanations
        record = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h}
        rows.append({"row": number, "data": record, "errors": [], "action": "create"})
    batch = ImportBatch(owner_id=owner.id, kind=kind, filename=filename[:200], rows=rows)
    _check(batch, owner)
    db.session.add(batch)
    db.session.flush()
    return batch


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
            errors, action = _apply(batch.kind, row, owner, seen)
            checked.append(dict(row, errors=errors, action=action))
    finally:
        savepoint.rollback()
    batch.rows = checked
    batch.error_count = sum(1 for r in checked if r["errors"])


def _apply(kind: str, row: dict, owner, seen: set) -> tuple[list[str], str]:
    """Check and write one row in its own savepoint: kept when the row is right, undone when it is not."""
    data = row["data"]
    errors = [str(_l("Column %(c)s: at most %(n)s characters.", c=k, n=MAX_CELL)) for k, v in data.items()
              if len(v) > MAX_CELL]
    if errors:
        return errors, "create"
    savepoint = db.session.begin_nested()
    try:
        errors, action = {"units": _unit_row, "positions": _position_row, "people": _person_row}[kind](data, owner, seen)
    except (Refused, Conflict) as refused:
        errors, action = [str(getattr(refused, "message", "") or _l("This row conflicts with existing data."))], "create"
    except SQLAlchemyError:
        errors, action = [str(_l("This row conflicts with existing data."))], "create"
    if errors:
        savepoint.rollback()
    else:
        savepoint.commit()
    return errors, action


def _form_errors(form) -> list[str]:
    return [f"{form[name].label.text}: {message}" for name, messages in form.errors.items() for message in messages]


def _unit_by_code(code: str) -> Unit | None:
    return db.session.scalar(select(Unit).where(Unit.code == code)) if code else None


def _allowed(owner, unit: Unit) -> bool:
    return can(owner, "people.import", unit)


def _unit_row(data: dict, owner, seen: set):
    code = data.get("code", "")
    if not code:
        return [str(_l("Column code: every unit needs a code."))], "create"
    if code in seen:
        return [str(_l("Code %(c)s appears twice in the file.", c=code))], "create"
    seen.add(code)
    form = UnitForm(formdata=MultiDict({**data, "sort_order": "0"}), meta={"csrf": False})
    if not form.validate():
        return _form_errors(form), "create"
    values = {k: v for k, v in form.values().items() if k in data or k in ("kind", "name", "code")}
    values.pop("sort_order", None)
    existing = _unit_by_code(code)
    parent = _unit_by_code(data.get("parent_code", ""))
    if data.get("parent_code") and parent is None:
        return [str(_l("Parent code %(c)s is not a unit (it must come earlier in the file or exist already).",
                       c=data["parent_code"]))], "create"
    if existing is not None:
        if not _allowed(owner, existing):
            return [str(_l("Unit %(c)s is outside the units you manage.", c=code))], "update"
        org.update_unit(existing, values, None)
        return [], "update"
    if parent is None and not can(owner, "settings.edit"):  # a new OPD, as on the OPD form
        return [str(_l("Only an administrator can create an OPD."))], "create"
    if parent is not None and not _allowed(owner, parent):
        return [str(_l("Unit %(c)s is outside the units you manage.", c=parent.code))], "create"
    org.create_unit(parent, values)
    return [], "create"


def _row_unit(data: dict, owner) -> tuple[Unit | None, list[str]]:
    """The unit a position or person row names, or the reason it cannot be used."""
    unit = _unit_by_code(data.get("unit_code", ""))
    if unit is None:
        return None, [str(_l("Unit code %(c)s is not a unit.", c=data.get("unit_code", "")))]
    if not _allowed(owner, unit):
        return None, [str(_l("Unit %(c)s is outside the units you manage.", c=unit.code))]
    return unit, []


def _position_row(data: dict, owner, seen: set):
    unit, errors = _row_unit(data, owner)
    if errors:
        return errors, "create"
    key = (unit.id, data.get("name", "").lower())
    if key in seen:
        return [str(_l("This position appears twice in the file."))], "create"
    seen.add(key)
    formdata = MultiDict({k: v for k, v in data.items() if k != "is_head"})
    if data.get("is_head", "").lower() in YES:
        formdata["is_head"] = "y"
    form = PositionForm(formdata=formdata, meta={"csrf": False})
    if not form.validate():
        return _form_errors(form), "create"
    values = form.values()
    existing = db.session.scalar(select(Position).where(Position.unit_id == unit.id, Position.name == values["name"]))
    if existing is not None:
        org.update_position(existing, values, None)
        return [], "update"
    org.create_position(unit, values)
    return [], "create"


def _person_row(data: dict, owner, seen: set):
    unit, errors = _row_unit(data, owner)
    if errors:
        return errors, "create"
    position = None
    if data.get("position"):
        position = db.session.scalar(select(Position).where(Position.unit_id == unit.id,
                                                            Position.name == data["position"]))
        if position is None:
            return [str(_l("Position %(p)s does not exist in unit %(c)s.", p=data["position"], c=unit.code))], "create"
    etype = data.get("employment_type", "").lower()
    formdata = MultiDict({**data, "employment_type": etype, "unit_id": str(unit.id),
                          "position_id": str(position.id) if position else "",
                          "status": data.get("status") or "aktif", "sex": data.get("sex", "").upper(),
                          "valid_from": agency_today().isoformat()})
    form = EmployeeForm(formdata=formdata, meta={"csrf": False})
    form.golongan.choices = [("", "")] + [(g, g) for g in golongan_choices(etype)]
    if not form.validate():
        return _form_errors(form), "create"
    values = form.values()
    number = normalise_id(values.get("nip") or "") if etype in ("pns", "pppk") else normalise_id(values.get("nik") or "")
    if number in seen:
        return [str(_l("NIP/NIK %(n)s appears twice in the file.", n=number))], "create"
    seen.add(number)
    column = Employee.nip if etype in ("pns", "pppk") else Employee.nik
    existing = db.session.scalar(select(Employee).where(column == number)) if number else None
    if existing is not None:
        if not _allowed(owner, existing.unit):
            return [str(_l("%(name)s works in a unit outside the units you manage.", name=existing.display_name))], "update"
        org.update_employee(existing, values, None, agency_today(), "Impor")
        return [], "update"
    org.create_employee(values, agency_today(), "Impor")
    return [], "create"


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
        for row in batch.rows:
            errors, _ = _apply(batch.kind, row, owner, seen)
            if errors:
                raise Refused(_l("Row %(r)s: %(e)s", r=row["row"], e="; ".join(errors)))
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


def template(kind: str) -> bytes:
    """An XLSX with the header row, the row of explanations and one example row."""
    from io import BytesIO

    from openpyxl import Workbook

    examples = {
        "units": ["SEK", "DINSOS", "sekretariat", "Sekretariat", "", "", "", "", "", ""],
        "positions": ["SEK", "Analis Kepegawaian", "pelaksana", "", 7, "tidak"],
        "people": ["pns", "19800115 200501 2 001", "", "", "Siti Aminah", "S.Sos.", "P", "III/b", "SEK",
                   "Analis Kepegawaian", "aktif", "", ""],
    }
    book = Workbook()
    sheet = book.active
    sheet.title = kind
    sheet.append(names(kind))
    sheet.append([label for _, label in COLUMNS[kind]])
    sheet.append(examples[kind])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
