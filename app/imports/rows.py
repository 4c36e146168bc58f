"""One row of an import, checked as the screens check it and written through the org services.

A row's check collects every problem it can find at once (each once): its over-long cells, the unit and
position it names, every field error of the org form it becomes (UnitForm / PositionForm / EmployeeForm,
validated as a whole), duplicates within the file, and the permission checks. Only a row without problems is
written; what the services then refuse is its last problem. Each message starts with the header of the
column to correct, and the row remembers those columns so the preview can mark the cells.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from app.accounts.access import can
from app.core.clock import agency_today
from app.extensions import db
from app.imports.columns import header_of, names
from app.imports.parse import MAX_CELL
from app.org import services as org
from app.org.forms import EmployeeForm, PositionForm, UnitForm
from app.org.models import Employee, Position, Unit
from app.org.rules import golongan_choices, normalise_id

YES = {"ya", "y", "yes", "1", "true", "benar"}
NO = {"tidak", "t", "no", "n", "0", "false", "salah", ""}
FIELD_COLUMN = {"unit_id": "unit_code", "position_id": "position"}  # EmployeeForm's fields named otherwise


class Problems:
    """The problems of one row, each once, in the order of the columns (those of no column last); and the
    columns they are about."""

    def __init__(self, kind: str, data: dict):
        self.kind, self.found = kind, []
        self.order = {name: n for n, name in enumerate(names(kind))}
        self.capped = [name for name, value in data.items() if len(value) > MAX_CELL]
        for name in self.capped:
            self.add(name, _l("At most %(n)s characters.", n=MAX_CELL))

    def add(self, column: str | None, message) -> None:
        text = f"{header_of(self.kind, column)}: {message}" if column else str(message)
        if all(text != seen for _, seen in self.found):
            self.found.append((column, text))

    @property
    def messages(self) -> list[str]:
        return [text for _, text in sorted(self.found, key=lambda p: self.order.get(p[0], len(self.order)))]

    @property
    def columns(self) -> list[str]:
        return sorted({column for column, _ in self.found if column}, key=self.order.get)

    def form(self, form) -> None:
        """Every field error of a validated form, except for a cell already refused as too long."""
        known = names(self.kind)
        for field, messages in form.errors.items():
            column = FIELD_COLUMN.get(field, field)
            if column in self.capped:
                continue
            generic = form[field].gettext("Not a valid choice.")  # a select's own check, said better after it
            if len(messages) > 1:
                messages = [m for m in messages if m != generic] or messages[:1]
            for message in messages:
                if column in known:
                    self.add(column, message)
                else:
                    self.add(None, f"{form[field].label.text}: {message}")

    def __bool__(self) -> bool:
        return bool(self.found)


def _unit_by_code(code: str) -> Unit | None:
    return db.session.scalar(select(Unit).where(Unit.code == code)) if code else None


def _allowed(owner, unit: Unit) -> bool:
    return can(owner, "people.import", unit)


def _outside(unit: Unit):
    return _l("Unit %(c)s is outside the units you manage.", c=unit.code)


def unit_row(data: dict, owner, seen: set, problems: Problems) -> str:
    """Check (and, without problems, write) a unit row; returns 'create' or 'update'."""
    code = data.get("code", "")
    if not code:
        problems.add("code", _l("Every unit needs a code."))
    elif code in seen:
        problems.add("code", _l("Code %(c)s appears twice in the file.", c=code))
    seen.add(code)
    form = UnitForm(formdata=MultiDict({**data, "kind": data.get("kind", "").lower(), "sort_order": "0"}),
                    meta={"csrf": False})
    if not form.validate():
        problems.form(form)
    existing = _unit_by_code(code)
    parent = _unit_by_code(data.get("parent_code", ""))
    if data.get("parent_code") and parent is None:
        problems.add("parent_code", _l("%(c)s is not the code of a unit (it must come earlier in the file or exist "
                                       "already).", c=data["parent_code"]))
    action = "update" if existing is not None else "create"
    if existing is not None:
        if not _allowed(owner, existing):
            problems.add("code", _outside(existing))
    elif parent is None and not data.get("parent_code") and not can(owner, "settings.edit"):
        problems.add("parent_code", _l("Only an administrator can create an OPD."))
    elif parent is not None and not _allowed(owner, parent):
        problems.add("parent_code", _outside(parent))
    if problems:
        return action
    values = {k: v for k, v in form.values().items() if k in data or k in ("kind", "name", "code")}
    values.pop("sort_order", None)
    if existing is not None:
        org.update_unit(existing, values, None)
    else:
        org.create_unit(parent, values)
    return action


def _row_unit(data: dict, owner, problems: Problems) -> Unit | None:
    """The unit a position or person row names (None, with the reason, when it cannot be used)."""
    code = data.get("unit_code", "")
    unit = _unit_by_code(code)
    if unit is None:
        problems.add("unit_code", _l("%(c)s is not the code of an existing unit.", c=code) if code
                     else _l("Give the code of the unit."))
        return None
    if not _allowed(owner, unit):
        problems.add("unit_code", _outside(unit))
        return None
    return unit


def position_row(data: dict, owner, seen: set, problems: Problems) -> str:
    unit = _row_unit(data, owner, problems)
    is_head = data.get("is_head", "").lower()
    if is_head not in YES | NO:
        problems.add("is_head", _l("Write ya or tidak."))
    formdata = MultiDict({k: v for k, v in data.items() if k != "is_head"})
    formdata["type"] = data.get("type", "").lower()
    if is_head in YES:
        formdata["is_head"] = "y"
    form = PositionForm(formdata=formdata, meta={"csrf": False})
    if not form.validate():
        problems.form(form)
    existing = None
    if unit is not None:
        key = (unit.id, data.get("name", "").lower())
        if key in seen:
            problems.add("name", _l("This position appears twice in the file."))
        seen.add(key)
        existing = db.session.scalar(select(Position).where(Position.unit_id == unit.id,
                                                            Position.name == form.name.data))
    action = "update" if existing is not None else "create"
    if problems:
        return action
    if existing is not None:
        org.update_position(existing, form.values(), None)
    else:
        org.create_position(unit, form.values())
    return action


def person_row(data: dict, owner, seen: set, problems: Problems) -> str:
    unit = _row_unit(data, owner, problems)
    position = None
    if unit is not None and data.get("position"):
        position = db.session.scalar(select(Position).where(Position.unit_id == unit.id,
                                                            Position.name == data["position"]))
        if position is None:
            problems.add("position", _l("%(p)s does not exist in unit %(c)s.", p=data["position"], c=unit.code))
    etype = data.get("employment_type", "").lower()
    formdata = MultiDict({**data, "employment_type": etype, "unit_id": str(unit.id) if unit else "0",
                          "position_id": str(position.id) if position else "",
                          "status": (data.get("status") or "aktif").lower(), "sex": data.get("sex", "").upper(),
                          "valid_from": agency_today().isoformat()})
    form = EmployeeForm(formdata=formdata, meta={"csrf": False})
    form.golongan.choices = [("", "")] + [(g, g) for g in golongan_choices(etype)]
    if not form.validate():
        problems.form(form)
    asn = etype in ("pns", "pppk")
    column = "nip" if asn else "nik"
    number = normalise_id(form[column].data or "")
    if number and column not in problems.columns:
        if number in seen:
            problems.add(column, _l("NIP/NIK %(n)s appears twice in the file.", n=number))
        seen.add(number)
    existing = db.session.scalar(select(Employee).where((Employee.nip if asn else Employee.nik) == number)) \
        if number else None
    if existing is not None and not _allowed(owner, existing.unit):
        problems.add(column, _l("%(name)s works in a unit outside the units you manage.", name=existing.display_name))
    action = "update" if existing is not None else "create"
    if problems:
        return action
    if existing is not None:
        org.update_employee(existing, form.values(), None, agency_today(), "Impor")
    else:
        org.create_employee(form.values(), agency_today(), "Impor")
    return action


CHECKS = {"units": unit_row, "positions": position_row, "people": person_row}
