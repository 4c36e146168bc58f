"""Attendance records sit where their person works (or, for schedules, roll calls and machines, at their unit);
a person reads their own days, check-ins, leave and excuses. Holidays belong to the whole pemda."""

from app.accounts import access
from app.attendance import auditing, superior
from app.attendance.models import (
    AttendanceDay,
    CheckIn,
    CheckInSource,
    Excuse,
    Holiday,
    Leave,
    MachineUser,
    RollCall,
    Shift,
    ShiftAssignment,
    WorkSchedule,
)
from app.documents.services import register_readers


def register() -> None:
    auditing.register()  # the audit trail's words for this area's records
    # A unit's recap holds everyone's days: who may view the unit's attendance, not every role of the unit.
    register_readers("attendance_recap", lambda user, document: access.can(user, "attendance.view", document))
    for record in (CheckIn, Leave, Excuse, ShiftAssignment, AttendanceDay):
        access.register_scope(record, lambda obj: obj.employee.unit.path)
        access.register_self(record, lambda obj: obj.employee_id, employee_column=record.employee_id)
    for record in (WorkSchedule, RollCall, CheckInSource):
        access.register_scope(record, lambda obj: obj.unit.path, unit_column=record.unit_id)
    access.register_scope(Shift, lambda obj: obj.schedule.unit.path)
    access.register_scope(MachineUser, lambda obj: obj.source.unit.path)
    access.register_scope(Holiday, lambda obj: "")  # the pemda's: only a role over the whole installation
    superior.register()  # a person requests their own excuses; the superior decides them
