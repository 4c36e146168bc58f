"""How the audit trail names discipline records (see ``app.audit.kinds``)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.audit import kinds
from app.discipline.forms import level_labels
from app.discipline.models import AttendanceMonth, Sanction
from app.org.models import Employee


def register() -> None:
    kinds.register(Sanction, _l("Disciplinary sanction"),
                   lambda sanction, cache: _("%(name)s, SK %(number)s", name=sanction.employee.display_name,
                                             number=sanction.decision_number),
                   parent=(Employee, Sanction.employee_id), choices={"level": level_labels},
                   fields={"employee_id": _l("employee"), "level": _l("level"), "kind": _l("kind of sanction"),
                           "decision_number": _l("decision (SK) number"), "decision_date": _l("decision date"),
                           "starts_on": _l("in force from"), "ends_on": _l("in force until"), "note": _l("note")})
    kinds.register(AttendanceMonth, _l("Attendance recap"),
                   lambda recap, cache: f"{recap.employee.display_name}, {kinds.month_year(recap.month, recap.year)}",
                   parent=(Employee, AttendanceMonth.employee_id), formats={"month": "month"},
                   fields={"employee_id": _l("employee"), "year": _l("year"), "month": _l("month"),
                           "leave_days": _l("leave days"), "absent_days": _l("days absent without reason (TK)"),
                           "early_leaves": _l("early leaves (PSW)"), "late_arrivals": _l("late arrivals (TL)"),
                           "missed_roll_calls": _l("missed roll calls (apel)"),
                           "source": _l("recorded as"), "present_days": _l("days present")})
