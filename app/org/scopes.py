"""Where the organisation's objects sit in the unit tree, for the access module."""

from app.accounts import access
from app.org import auditing
from app.org.models import Employee, Position, Unit


def register() -> None:
    auditing.register()  # the audit trail's words for this area's records
    access.register_scope(Unit, lambda unit: unit.path, path_column=Unit.path)
    access.register_scope(Position, lambda position: position.unit.path, unit_column=Position.unit_id)
    access.register_scope(Employee, lambda employee: employee.unit.path, unit_column=Employee.unit_id)
    access.register_self(Employee, lambda employee: employee.id, employee_column=Employee.id)
