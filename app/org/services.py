"""Organisation use cases. Services flush; the route commits once."""

from __future__ import annotations

from datetime import date

from flask import g, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import String, exists, func, literal, select, update

from app.core.db import check_version
from app.core.errors import Refused
from app.core.http import MAX_ID
from app.extensions import db
from app.org.models import TIMEZONES, Employee, EmployeeHistory, Pemda, Position, Unit
from app.org.rules import birth_date_from_nip, normalise_id

# -- pemda ---------------------------------------------------------------------------------------

def get_pemda() -> Pemda | None:
    if has_app_context() and "pemda_cache" in g:
        return g.pemda_cache
    pemda = db.session.scalar(select(Pemda).order_by(Pemda.id).limit(1))
    if has_app_context():
        g.pemda_cache = pemda
    return pemda


def pemda_timezone() -> str:
    pemda = get_pemda()
    return TIMEZONES[pemda.timezone] if pemda else "Asia/Jakarta"


def save_pemda(data: dict, version: int | None = None) -> Pemda:
    pemda = get_pemda()
    if pemda is None:
        pemda = Pemda(**data)
        db.session.add(pemda)
    else:
        check_version(pemda, version)
        for key, value in data.items():
            setattr(pemda, key, value)
    db.session.flush()
    if has_app_context():
        g.pemda_cache = pemda  # a pemda created now replaces the "none yet" remembered before
    return pemda


# -- units ---------------------------------------------------------------------------------------

UNIT_FIELDS = ("kind", "name", "code", "sort_order", "kop_government", "kop_name", "address", "phone",
               "email", "website", "postal_code")


def create_unit(parent: Unit | None, data: dict) -> Unit:
    if parent is None and data.get("kind") != "opd":
        raise Refused(_l("A unit without a parent must be an OPD."), "kind")
    if parent is not None and data.get("kind") == "opd":
        raise Refused(_l("An OPD cannot sit inside another unit."), "kind")
    unit = Unit(parent=parent, **{k: v for k, v in data.items() if k in UNIT_FIELDS})
    db.session.add(unit)
    db.session.flush()  # the path and depth are filled in by the insert (models._fill_unit_path)
    return unit


def update_unit(unit: Unit, data: dict, version: int | None) -> Unit:
    check_version(unit, version)
    if (data.get("kind") == "opd") != (unit.parent_id is None):
        raise Refused(_l("Only a unit without a parent is an OPD."), "kind")
    for key in UNIT_FIELDS:
        if key in data:
            setattr(unit, key, data[key])
    db.session.flush()
    return unit


def subtree_has_records(unit: Unit) -> bool:
    """Does the unit or any unit below it hold positions, people, history or roles?"""
    from app.accounts.models import RoleAssignment

    sub = select(Unit.id).where(Unit.path.startswith(unit.path, autoescape=True))
    checks = (
        exists().where(Position.unit_id.in_(sub)),
        exists().where(Employee.unit_id.in_(sub)),
        exists().where(EmployeeHistory.unit_id.in_(sub)),
        exists().where(RoleAssignment.unit_id.in_(sub)),
    )
    return any(db.session.scalar(select(check)) for check in checks)


def move_unit(unit: Unit, new_parent: Unit, version: int | None) -> Unit:
    check_version(unit, version)
    if unit.parent_id is None:
        raise Refused(_l("An OPD cannot be moved."), "parent_id")
    if new_parent.path.startswith(unit.path):
        raise Refused(_l("A unit cannot be moved under itself or one of its own units."), "parent_id")
    if subtree_has_records(unit):
        raise Refused(
            _l("This unit (or a unit below it) still has positions, people or other records. "
               "Move or end them first."),
            "parent_id",
        )
    old_path, new_path = unit.path, f"{new_parent.path}{unit.id}/"
    depth_shift = new_parent.depth + 1 - unit.depth
    db.session.execute(
        update(Unit)
        .where(Unit.path.startswith(old_path, autoescape=True))
        .values(
            path=literal(new_path, String).concat(func.substr(Unit.path, len(old_path) + 1)),
            depth=Unit.depth + depth_shift,
        )
        .execution_options(synchronize_session=False)
    )
    unit.parent = new_parent
    db.session.flush()
    db.session.expire_all()
    return unit


def delete_unit(unit: Unit, version: int | None) -> None:
    check_version(unit, version)
    if db.session.scalar(select(exists().where(Unit.parent_id == unit.id))):
        raise Refused(_l("This unit still has units below it. Delete or move them first."))
    if subtree_has_records(unit):
        raise Refused(_l("This unit still has positions, people or other records, so it cannot be deleted."))
    db.session.delete(unit)
    db.session.flush()


# -- positions -----------------------------------------------------------------------------------

POSITION_FIELDS = ("name", "type", "eselon", "kelas_jabatan", "is_head")


def create_position(unit: Unit, data: dict) -> Position:
    position = Position(unit=unit, **{k: data[k] for k in POSITION_FIELDS if k in data})
    db.session.add(position)
    db.session.flush()
    return position


def update_position(position: Position, data: dict, version: int | None) -> Position:
    check_version(position, version)
    for key in POSITION_FIELDS:
        if key in data:
            setattr(position, key, data[key])
    db.session.flush()
    return position


def delete_position(position: Position, version: int | None) -> None:
    check_version(position, version)
    held = db.session.scalar(
        select(
            exists().where(Employee.position_id == position.id)
            | exists().where(EmployeeHistory.position_id == position.id)
        )
    )
    if held:
        raise Refused(_l("Someone holds or has held this position, so it cannot be deleted."))
    db.session.delete(position)
    db.session.flush()


# -- people --------------------------------------------------------------------------------------

EMPLOYEE_FIELDS = ("employment_type", "nip", "nik", "name", "front_title", "back_title", "sex", "golongan",
                   "unit_id", "position_id", "status", "email", "phone")
HISTORY_FIELDS = ("unit_id", "position_id", "golongan")


def _normalise_employee(data: dict) -> dict:
    data = {k: data[k] for k in EMPLOYEE_FIELDS if k in data}
    for key in ("nip", "nik"):
        if key in data:
            data[key] = normalise_id(data[key]) or None
    if "employment_type" in data and data["employment_type"] not in ("pns", "pppk"):
        data["nip"] = None  # non-ASN have no NIP and no pangkat
        data["golongan"] = None
    return data


def _check_unique(employee_id: int | None, data: dict) -> None:
    for key, label in (("nip", "NIP"), ("nik", "NIK")):
        value = data.get(key)
        if not value:
            continue
        clash = db.session.scalar(
            select(Employee).where(getattr(Employee, key) == value, Employee.id != (employee_id or 0))
        )
        if clash is not None:
            raise Refused(_l("%(label)s %(value)s is already used by %(name)s.", label=label, value=value,
                             name=clash.display_name), key)


def _check_position(data: dict) -> None:
    position_id = data.get("position_id")
    if position_id is not None:  # 0 or an id beyond a database integer names no position: refused, not stored
        position = db.session.get(Position, position_id) if 0 < position_id <= MAX_ID else None
        if position is None or position.unit_id != data.get("unit_id"):
            raise Refused(_l("The position must belong to the chosen unit."), "position_id")


def create_employee(data: dict, valid_from: date, note: str = "") -> Employee:
    data = _normalise_employee(data)
    _check_unique(None, data)
    _check_position(data)
    employee = Employee(**data)
    employee.name_search = employee.name.lower()
    employee.birth_date = birth_date_from_nip(employee.nip) if employee.nip else None
    db.session.add(employee)
    db.session.flush()
    db.session.add(EmployeeHistory(employee_id=employee.id, valid_from=valid_from, note=note,
                                   **{k: getattr(employee, k) for k in HISTORY_FIELDS}))
    db.session.flush()
    return employee


def update_employee(employee: Employee, data: dict, version: int | None, valid_from: date,
                    note: str = "") -> Employee:
    check_version(employee, version)
    data = _normalise_employee(data)
    _check_unique(employee.id, data)
    _check_position({"unit_id": data.get("unit_id", employee.unit_id),
                     "position_id": data.get("position_id", employee.position_id)})
    before = {k: getattr(employee, k) for k in HISTORY_FIELDS}
    for key, value in data.items():
        setattr(employee, key, value)
    employee.name_search = employee.name.lower()
    employee.birth_date = birth_date_from_nip(employee.nip) if employee.nip else None
    after = {k: getattr(employee, k) for k in HISTORY_FIELDS}
    if before != after:
        latest = db.session.scalar(
            select(func.max(EmployeeHistory.valid_from)).where(EmployeeHistory.employee_id == employee.id)
        )
        if latest is not None and valid_from < latest:
            raise Refused(_l("The change must take effect on or after %(d)s, the date of the last change.",
                             d=latest.isoformat()), "valid_from")
        db.session.add(EmployeeHistory(employee_id=employee.id, valid_from=valid_from, note=note, **after))
    db.session.flush()
    return employee


def as_of(employee_id: int, on: date) -> EmployeeHistory | None:
    """The unit, position and golongan in force for an employee on a date (None before the first record)."""
    return db.session.scalar(
        select(EmployeeHistory)
        .where(EmployeeHistory.employee_id == employee_id, EmployeeHistory.valid_from <= on)
        .order_by(EmployeeHistory.valid_from.desc(), EmployeeHistory.id.desc())
        .limit(1)
    )
