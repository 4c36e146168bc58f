"""How the audit trail names the organisation's records (see ``app.audit.kinds``)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.audit import kinds
from app.org.forms import employment_type_labels, position_type_labels, status_labels, unit_kind_labels
from app.org.models import PEMDA_LEVELS, Employee, EmployeeHistory, Pemda, Position, Unit
from app.org.rules import format_pangkat

NAME = _l("name")


def _history(entry: EmployeeHistory, cache: dict) -> str:
    from app.core.formatting import tanggal

    return _("%(name)s from %(date)s", name=entry.employee.display_name, date=tanggal(entry.valid_from))


def register() -> None:
    kinds.register(Pemda, _l("Regional government"), lambda pemda, cache: pemda.name, title=lambda p: p.name,
                   fields={"name": NAME, "level": _l("level"), "city": _l("city of signing"),
                           "timezone": _l("time zone"), "paper_size": _l("paper size"), "logo_file": _l("logo"),
                           "rating_preset": _l("rating bands")},
                   choices={"level": lambda: {level: level.capitalize() for level in PEMDA_LEVELS}},
                   formats={"logo_file": "changed"})
    kinds.register(Unit, _l("Work unit"), lambda unit, cache: unit.name, title=lambda unit: unit.name,
                   hidden={"path", "depth"}, parent=(Unit, Unit.parent_id), choices={"kind": unit_kind_labels},
                   fields={"parent_id": _l("parent unit"), "kind": _l("kind"), "name": NAME, "code": _l("short code"),
                           "sort_order": _l("order"), "kop_government": _l("letterhead: government line"),
                           "kop_name": _l("letterhead: unit line"), "address": _l("address"), "phone": _l("phone"),
                           "email": _l("e-mail"), "website": _l("website"), "postal_code": _l("postal code"),
                           "working_year": _l("working year")})
    kinds.register(Position, _l("Position"),
                   lambda position, cache: _("%(name)s in %(unit)s", name=position.name, unit=position.unit.name),
                   title=lambda position: position.name, parent=(Unit, Position.unit_id),
                   choices={"type": position_type_labels},
                   fields={"unit_id": _l("work unit"), "name": NAME, "type": _l("type"), "eselon": _l("eselon"),
                           "kelas_jabatan": _l("job class"), "is_head": _l("head of the unit")})
    kinds.register(Employee, _l("Employee"), lambda employee, cache: employee.display_name,
                   title=lambda employee: employee.display_name, formats={"golongan": format_pangkat},
                   choices={"employment_type": employment_type_labels, "status": status_labels,
                            "sex": lambda: {"L": _l("Male"), "P": _l("Female")}},
                   fields={"employment_type": _l("employment type"), "nip": "NIP", "nik": "NIK", "name": NAME,
                           "front_title": _l("front title"), "back_title": _l("back title"), "sex": _l("sex"),
                           "birth_date": _l("date of birth"), "golongan": _l("pangkat / golongan"),
                           "unit_id": _l("work unit"), "position_id": _l("position"), "status": _l("status"),
                           "email": _l("e-mail"), "phone": _l("phone")})
    kinds.register(EmployeeHistory, _l("Employment history"), _history, parent=(Employee, EmployeeHistory.employee_id),
                   hidden={"employee_id"}, formats={"golongan": format_pangkat},
                   fields={"valid_from": _l("valid from"), "unit_id": _l("work unit"), "position_id": _l("position"),
                           "golongan": _l("pangkat / golongan"), "note": _l("note")})
