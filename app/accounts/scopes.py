"""Where accounts sit in the unit tree: with the person they belong to (unlinked accounts: admins only)."""

from app.accounts import access
from app.accounts.models import User


def _user_path(user: User) -> str:
    return user.employee.unit.path if user.employee else ""


def register() -> None:
    access.register_scope(User, _user_path)
