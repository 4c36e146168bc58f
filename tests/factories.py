"""Factories for tests: small functions that build valid objects with sensible defaults."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from werkzeug.security import generate_password_hash

from app.accounts import services as account_services
from app.accounts.models import User
from app.extensions import db
from app.org import services
from app.org.models import Employee, Position, Unit

PASSWORD = "rahasia-kinerja-1"
_serial = itertools.count(1)


@lru_cache(maxsize=1)
def password_hash() -> str:
    return generate_password_hash(PASSWORD, method="scrypt")


def make_nip(birth: str = "19800115", start: str | None = None, sex: str = "1", serial: int | None = None) -> str:
    """A valid NIP, unique for each call: the serial runs 001–999, then the CPNS start year moves on."""
    n = serial or next(_serial)
    start = start or f"{2005 + (n // 999) % 15}01"
    return f"{birth}{start}{sex}{n % 999 + 1:03d}"


def make_nik(serial: int | None = None) -> str:
    return f"317101150180{(serial or next(_serial)) % 10000 or 1:04d}"


def make_opd(name: str = "Dinas Sosial", **kw) -> Unit:
    return services.create_unit(None, {"kind": "opd", "name": name, "code": kw.pop("code", "DINSOS"), **kw})


def make_unit(parent: Unit, name: str = "Bidang", kind: str = "bidang", **kw) -> Unit:
    return services.create_unit(parent, {"kind": kind, "name": name, **kw})


def make_position(unit: Unit, name: str = "Analis", **kw) -> Position:
    data = {"name": name, "type": "pelaksana", "kelas_jabatan": 7, "is_head": False, "eselon": None}
    data.update(kw)
    return services.create_position(unit, data)


def make_employee(unit: Unit, name: str = "Budi Santoso", position: Position | None = None,
                  valid_from: date = date(2020, 1, 1), **kw) -> Employee:
    data = {"employment_type": "pns", "name": name, "sex": "L", "golongan": "III/a", "unit_id": unit.id,
            "position_id": position.id if position else None, "status": "aktif"}
    data.update(kw)
    if data["employment_type"] in ("pns", "pppk"):
        data.setdefault("nip", make_nip(sex="1" if data["sex"] == "L" else "2"))
    else:
        data.setdefault("nik", make_nik())
    return services.create_employee(data, valid_from)


def make_user(username: str, roles: list[tuple[str, Unit | None]] = (), employee: Employee | None = None) -> User:
    user = User(username=username, employee=employee, password_hash=password_hash())
    db.session.add(user)
    db.session.flush()
    for role, unit in roles:
        account_services.grant(user, role, unit)
    return user


@dataclass
class World:
    opd_a: Unit
    bidang_a: Unit
    seksi_a: Unit
    opd_b: Unit
    bidang_b: Unit
    position_a: Position
    position_b: Position
    person_a: Employee
    person_b: Employee
    users: dict[str, User] = field(default_factory=dict)
    outsider: User | None = None


def build_world() -> World:
    opd_a = make_opd("Dinas Sosial A", code="A")
    bidang_a = make_unit(opd_a, "Bidang Rehabilitasi Sosial")
    seksi_a = make_unit(bidang_a, "Seksi Rehabilitasi Anak", kind="seksi")
    opd_b = make_opd("Dinas Sosial B", code="B")
    bidang_b = make_unit(opd_b, "Bidang Pemberdayaan Sosial")
    position_a = make_position(bidang_a, "Analis Rehabilitasi")
    position_b = make_position(bidang_b, "Analis Pemberdayaan")
    person_a = make_employee(bidang_a, "Siti Aminah", position_a, sex="P")
    person_b = make_employee(bidang_b, "Joko Widodo", position_b)
    world = World(opd_a, bidang_a, seksi_a, opd_b, bidang_b, position_a, position_b, person_a, person_b)
    world.users["admin"] = make_user("admin", [("admin", None)])
    for role in ("hr", "leader", "operator", "assessor"):
        world.users[role] = make_user(role, [(role, opd_a)])
    world.users["employee"] = make_user("employee", [("employee", bidang_a)], employee=person_a)
    world.outsider = make_user("outsider_hr", [("hr", opd_b)])
    db.session.flush()
    return world
