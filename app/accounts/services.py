"""Login with per-account lockout, passwords, roles."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import ROLES, RoleAssignment, User
from app.core.db import utcnow
from app.core.errors import Refused
from app.extensions import db
from app.org.models import Employee, Unit
from app.org.rules import normalise_id

MIN_PASSWORD = 10


def find_login(identifier: str) -> User | None:
    """A user by username, or by the NIP/NIK of the linked employee."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    user = db.session.scalar(select(User).where(User.username == identifier.lower()))
    if user is None:
        number = normalise_id(identifier)
        if number.isdigit():
            user = db.session.scalar(
                select(User).join(Employee, User.employee_id == Employee.id).where(
                    (Employee.nip == number) | (Employee.nik == number)
                )
            )
    return user


_DUMMY_HASH: list[str] = []


def _spend_a_password_check(password: str) -> None:
    """Hash as a real check does, so an unknown or locked account answers in the same time as a wrong password."""
    from werkzeug.security import check_password_hash, generate_password_hash

    if not _DUMMY_HASH:
        _DUMMY_HASH.append(generate_password_hash(secrets.token_hex(16), method="scrypt"))
    check_password_hash(_DUMMY_HASH[0], password)


def authenticate(identifier: str, password: str, max_failures: int, lock_minutes: int) -> User:
    """Return the user or raise Refused; count failures and lock the account after too many.

    Until the password is right, every refusal is the same message in the same time, whether the account
    exists, is locked (the lock does not even test the password) or not: nobody learns which accounts exist.
    Only the right password of a disabled account says so.
    """
    user = find_login(identifier)
    generic = _l("Wrong NIP/username or password. After %(n)s wrong attempts an account waits %(m)s minutes.",
                 n=max_failures, m=lock_minutes)
    now = utcnow()
    if user is None or (user.locked_until and user.locked_until > now):
        _spend_a_password_check(password or "")
        raise Refused(generic)
    if not user.check_password(password or ""):
        user.failed_logins += 1
        if user.failed_logins >= max_failures:
            user.locked_until = now + timedelta(minutes=lock_minutes)
            user.failed_logins = 0
        db.session.flush()
        raise Refused(generic)
    if not user.active:
        raise Refused(_l("This account is disabled. Ask your administrator."))
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    db.session.flush()
    return user


def check_new_password(user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise Refused(_l("The password must have at least %(n)s characters.", n=MIN_PASSWORD), "new_password")
    if password.lower() in {user.username.lower(), (user.employee.nip or "") if user.employee else ""}:
        raise Refused(_l("The password cannot be your username or NIP."), "new_password")


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise Refused(_l("The current password is wrong."), "current_password")
    check_new_password(user, new)
    user.set_password(new)
    user.must_change_password = False
    user.end_sessions()  # the other sessions end; the route logs this one in again
    db.session.flush()


def reset_password(user: User) -> str:
    """Set a one-time password the user must change at next login; return it to show the admin once."""
    temporary = secrets.token_urlsafe(9)
    user.set_password(temporary)
    user.must_change_password = True
    user.end_sessions()
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()
    return temporary


def create_user(username: str, password: str, employee: Employee | None = None,
                must_change_password: bool = False) -> User:
    username = username.strip().lower()
    if db.session.scalar(select(User).where(User.username == username)):
        raise Refused(_l("Username %(u)s is already taken.", u=username), "username")
    if employee is not None and db.session.scalar(select(User).where(User.employee_id == employee.id)):
        raise Refused(_l("%(name)s already has an account.", name=employee.display_name), "employee")
    user = User(username=username, employee=employee, must_change_password=must_change_password)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def employee_with_number(number: str) -> Employee:
    """The employee whose NIP or NIK is ``number`` (spaces allowed), for linking an account."""
    number = normalise_id(number)
    employee = db.session.scalar(select(Employee).where((Employee.nip == number) | (Employee.nik == number)))
    if employee is None:
        raise Refused(_l("No employee has NIP/NIK %(n)s.", n=number), "employee_number")
    return employee


def set_active(user: User, active: bool, actor: User) -> None:
    """Enable or disable an account; nobody disables their own."""
    if user.id == actor.id:
        raise Refused(_l("You cannot disable your own account."))
    user.active = active
    if not active:
        user.end_sessions()
    db.session.flush()


def grant(user: User, role: str, unit: Unit | None) -> RoleAssignment:
    if role not in ROLES:
        raise Refused(_l("Unknown role."), "role")
    if role == "admin" and unit is not None:
        raise Refused(_l("The admin role covers the whole installation; choose no unit."), "unit_id")
    if role != "admin" and unit is None:
        raise Refused(_l("Choose the unit this role covers."), "unit_id")
    for existing in user.roles:
        if existing.role == role and existing.unit_id == (unit.id if unit else None):
            raise Refused(_l("The user already has this role for this unit."), "role")
    assignment = RoleAssignment(role=role, unit=unit, unit_path=unit.path if unit else "")
    user.roles.append(assignment)
    db.session.flush()
    return assignment


def revoke(user: User, assignment: RoleAssignment) -> None:
    if assignment.role == "admin":
        admins = db.session.scalars(select(RoleAssignment).where(RoleAssignment.role == "admin")).all()
        if len(admins) <= 1:
            raise Refused(_l("This is the last administrator; grant the role to someone else first."))
    user.roles.remove(assignment)
    db.session.flush()
