"""Discipline records sit where their person works; the person reads their own."""

from app.accounts import access
from app.discipline import auditing
from app.discipline.models import AttendanceMonth, Sanction


def register() -> None:
    auditing.register()  # the audit trail's words for this area's records
    for record in (Sanction, AttendanceMonth):
        access.register_scope(record, lambda obj: obj.employee.unit.path)
        access.register_self(record, lambda obj: obj.employee_id, employee_column=record.employee_id)
