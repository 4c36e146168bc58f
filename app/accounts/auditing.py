"""How the audit trail names accounts and roles (see ``app.audit.kinds``)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.accounts.forms import role_labels
from app.accounts.models import RoleAssignment, User
from app.audit import kinds


def _user(user: User, cache: dict) -> str:
    employee = user.employee
    return f"{user.username} ({employee.display_name})" if employee is not None else user.username


def _role(assignment: RoleAssignment, cache: dict) -> str:
    where = assignment.unit.name if assignment.unit is not None else _("the whole installation")
    return _("%(role)s in %(unit)s for %(user)s", role=role_labels()[assignment.role], unit=where,
             user=assignment.user.username)


def register() -> None:
    kinds.register(User, _l("Account"), _user, title=lambda user: user.username, fields={
        "username": _l("username"), "employee_id": _l("employee"), "active": _l("active"),
        "must_change_password": _l("must change the password"), "locked_until": _l("locked until"),
        "locale": _l("language")}, choices={"locale": lambda: {"id": "Bahasa Indonesia", "en": "English"}})
    kinds.register(RoleAssignment, _l("Role"), _role, parent=(User, RoleAssignment.user_id), hidden={"unit_path"},
                   fields={"user_id": _l("account"), "role": _l("role"), "unit_id": _l("work unit")},
                   choices={"role": role_labels})
