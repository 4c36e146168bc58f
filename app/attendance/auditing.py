"""How the audit trail names attendance records (see ``app.audit.kinds``). Daily statuses and staged check-ins
are derived or technical and not logged; check-ins entered by hand are (those a machine's import brings in are
written in bulk, and the import batch records who brought them)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.attendance.excuses import excuse_kind_labels, forgot_labels, state_labels
from app.attendance.leave import leave_kind_labels
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
    StagedCheckIn,
    WorkSchedule,
)
from app.audit import kinds
from app.org.models import Employee

PERIOD = {"starts_on": _l("from"), "ends_on": _l("until")}


def register() -> None:
    kinds.not_audited(AttendanceDay)
    kinds.not_audited(StagedCheckIn)
    kinds.register(Holiday, _l("Holiday"), lambda h, cache: h.name,
                   fields={"day": _l("date"), "kind": _l("kind"), "name": _l("name"), "source": _l("source")})
    kinds.register(WorkSchedule, _l("Work schedule"), lambda s, cache: s.unit.name,
                   fields={"unit_id": _l("unit"), "days_per_week": _l("working days per week")})
    kinds.register(Shift, _l("Shift"), lambda s, cache: f"{s.name} ({s.schedule.unit.name})",
                   fields={"schedule_id": _l("schedule"), "code": _l("code"), "name": _l("name"),
                           "starts": _l("starts"), "ends": _l("ends"), "friday_ends": _l("ends on Friday"),
                           "is_default": _l("default shift"), "sort_order": _l("order")})
    kinds.register(ShiftAssignment, _l("Shift roster"), lambda a, cache: a.employee.display_name,
                   parent=(Employee, ShiftAssignment.employee_id),
                   fields={"employee_id": _l("employee"), "shift_id": _l("shift"), **PERIOD})
    kinds.register(RollCall, _l("Roll call"), lambda r, cache: r.name or r.unit.name,
                   fields={"unit_id": _l("unit"), "day": _l("date"), "at": _l("time"), "kind": _l("kind"),
                           "name": _l("name")})
    kinds.register(CheckInSource, _l("Attendance machine"), lambda s, cache: s.name,
                   fields={"name": _l("name"), "unit_id": _l("unit"), "person_key": _l("person identified by"),
                           "columns": _l("columns"), "in_values": _l("values for check-in"),
                           "out_values": _l("values for check-out"), "date_format": _l("date format"),
                           "timezone": _l("time zone")})
    kinds.register(MachineUser, _l("Machine user number"), lambda m, cache: f"{m.number}: {m.employee.display_name}",
                   parent=(Employee, MachineUser.employee_id),
                   fields={"source_id": _l("machine"), "number": _l("user number"), "employee_id": _l("employee")})
    kinds.register(CheckIn, _l("Check-in"), lambda c, cache: c.employee.display_name,
                   parent=(Employee, CheckIn.employee_id),
                   fields={"employee_id": _l("employee"), "at": _l("time"), "direction": _l("in or out"),
                           "device": _l("device"), "source_id": _l("machine"), "batch_id": _l("import"),
                           "entered_by_id": _l("entered by"), "note": _l("note")})
    kinds.register(Leave, _l("Leave"), lambda leave, cache: _("%(name)s, %(number)s", name=leave.employee.display_name,
                                                              number=leave.decision_number),
                   parent=(Employee, Leave.employee_id),
                   fields={"employee_id": _l("employee"), "kind": _l("kind of leave"), **PERIOD,
                           "decision_number": _l("decision number"), "decision_date": _l("decision date"),
                           "note": _l("note")}, choices={"kind": leave_kind_labels})
    kinds.register(Excuse, _l("Attendance excuse"), lambda e, cache: e.employee.display_name,
                   parent=(Employee, Excuse.employee_id),
                   fields={"employee_id": _l("employee"), "kind": _l("kind of excuse"), **PERIOD,
                           "forgot": _l("forgotten check"), "reason": _l("reason"),
                           "letter_number": _l("letter number"), "attachment": _l("attachment"),
                           "attachment_name": _l("attachment name"), "state": _l("state"),
                           "requested_by_id": _l("requested by"), "decided_by_id": _l("decided by"),
                           "decided_at": _l("decided at"), "decision_note": _l("decision note")},
                   choices={"kind": excuse_kind_labels, "forgot": forgot_labels, "state": state_labels})
