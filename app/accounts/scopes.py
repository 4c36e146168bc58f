"""Where accounts sit in the unit tree: with the person they belong to (unlinked accounts: admins only)."""

from app.accounts import access, auditing
from app.accounts.models import User


def _user_path(user: User) -> str:
    return user.employee.unit.path if user.employee else ""


def register() -> None:
    auditing.register()  # the audit trail's words for this area's records
    access.register_scope(User, _user_path)
