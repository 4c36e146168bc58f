"""The parties of an agreement and the check every change goes through.

PIHAK PERTAMA is the official the agreement belongs to; PIHAK KEDUA is the version's second party (the
superior), or someone outside the organisation (the Kepala Daerah) whose countersignature HR records.
``is_first_party`` / ``is_second_party`` / ``records_for_outsider`` are the relations the access module
registers (``app/agreements/scopes.py``); ``actors`` names the same parts for the workflow table in ``rules``.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.access import can
from app.agreements import rules
from app.agreements.models import Agreement, AgreementVersion
from app.core.db import check_version, utcnow
from app.core.errors import Refused
from app.core.http import MAX_ID
from app.extensions import db
from app.org.models import Employee, Position, Unit
from app.org.rules import format_nip, format_pangkat, full_name
from app.org.services import as_of


def head_of(unit: Unit) -> Employee | None:
    """The active holder of the unit's head position, if there is one."""
    return db.session.scalar(
        select(Employee).join(Position, Employee.position_id == Position.id)
        .where(Position.unit_id == unit.id, Position.is_head.is_(True), Employee.status == "aktif")
        .order_by(Employee.id).limit(1))


def default_second_party(unit: Unit | None) -> Employee | None:
    """PIHAK KEDUA unless someone else is chosen: the official who heads the unit above today (None for an
    OPD, whose PIHAK KEDUA is the Kepala Daerah outside the organisation, or when that unit has no head)."""
    return head_of(unit.parent) if unit is not None and unit.parent is not None else None


def is_head_of(employee: Employee, unit: Unit) -> bool:
    return bool(employee.position and employee.position.is_head and employee.position.unit_id == unit.id)


def second_party_of(employee_id: int | None) -> Employee | None:
    """The official a form chose as PIHAK KEDUA (None when none is chosen); an id that names nobody (0, or
    beyond a database integer) is refused."""
    if employee_id is None:
        return None
    second = db.session.get(Employee, employee_id) if 0 < employee_id <= MAX_ID else None
    if second is None:
        raise Refused(_l("Choose from the list."), "second_party_id")
    return second


def check_second_party(unit: Unit, second: Employee | None) -> None:
    if second is None:
        return
    if not (second.position and second.position.is_head and second.position.unit_id in unit.ancestor_ids):
        raise Refused(_l("PIHAK KEDUA must be the head of a unit above %(unit)s; %(name)s is not.",
                         unit=unit.name, name=second.display_name), "second_party_id")


def is_first_party(user, agreement: Agreement) -> bool:
    return user.employee_id is not None and user.employee_id == agreement.first_party_id


def is_second_party(user, version: AgreementVersion) -> bool:
    return user.employee_id is not None and user.employee_id == version.second_party_id


def records_for_outsider(user, version: AgreementVersion) -> bool:
    """The Kepala Daerah has no account: HR over the unit records their countersignature."""
    return version.second_party_id is None and can(user, "agreements.manage", version.agreement)


def actors(user, version: AgreementVersion) -> frozenset[str]:
    """The user's parts in this agreement: first_party, second_party, hr, external_recorder."""
    parts = set()
    if is_first_party(user, version.agreement):
        parts.add("first_party")
    if is_second_party(user, version):
        parts.add("second_party")
    if can(user, "agreements.manage", version.agreement):  # HR or an admin over the unit
        parts.add("hr")
    if records_for_outsider(user, version):
        parts.add("external_recorder")
    return frozenset(parts)


def check(action: str, user, version: AgreementVersion) -> None:
    """Refuse ``action`` when the version's status or the user's part does not allow it (changes nothing)."""
    problem = rules.transition_problem(action, version.status, actors(user, version))
    if problem:
        raise Refused(problem)


def require(action: str, user, version: AgreementVersion, expected: int | None = None) -> None:
    check_version(version, expected)
    check(action, user, version)
    if action == "edit":
        version.updated_at = utcnow()  # every change to the contents bumps the draft's version counter


def snapshot(employee: Employee, on: date) -> dict:
    """A party as they were on the signing date: name with titles, position, pangkat, NIP."""
    then = as_of(employee.id, on)
    position = then.position if then else employee.position
    golongan = then.golongan if then else employee.golongan
    return {"name": full_name(employee.name, employee.front_title, employee.back_title),
            "position": position.name if position else "", "pangkat": format_pangkat(golongan),
            "nip": employee.nip or "", "nip_display": format_nip(employee.nip) if employee.nip else ""}


def external_snapshot(version: AgreementVersion) -> dict:
    return {"name": version.second_party_name, "position": version.second_party_position, "pangkat": "",
            "nip": "", "nip_display": ""}
