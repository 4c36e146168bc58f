"""Accounts and roles. A role is always bound to a unit subtree (or, for no unit, the whole installation)."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.core.db import TimestampMixin, UTCDateTime, VersionedMixin
from app.extensions import db
from app.org.models import Employee, Unit

ROLES = ("admin", "hr", "leader", "operator", "assessor", "employee")


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("username"), UniqueConstraint("employee_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60))
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locale: Mapped[str | None] = mapped_column(String(5))
    # Part of the login identity (``get_id``) kept in the session and the remember-me cookie: a new token
    # ends every session and remember cookie the user has (logout, password change, disabling, "log out
    # everywhere").
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)

    employee: Mapped[Employee | None] = relationship()
    roles: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    # Audit must never see password hashes.
    __audit_exclude__ = ("password_hash", "failed_logins", "last_login_at", "session_token")

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def get_id(self) -> str:  # Flask-Login: the identity in the session and the remember cookie
        return f"{self.id}:{self.session_token}"

    def holds_session(self, token: str) -> bool:
        return hmac.compare_digest(self.session_token.encode(), token.encode())

    def end_sessions(self) -> None:
        """Every session and remember-me cookie of this user stops working from the next request."""
        self.session_token = new_session_token()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def display_name(self) -> str:
        return self.employee.display_name if self.employee else self.username

    def role_names(self) -> set[str]:
        return {r.role for r in self.roles}


class RoleAssignment(db.Model):
    __tablename__ = "role_assignments"
    __table_args__ = (
        UniqueConstraint("user_id", "role", "unit_id"),
        CheckConstraint(f"role IN {ROLES}", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    # Denormalised subtree prefix of unit_id ("/1/4/"), "" for the whole installation.
    unit_path: Mapped[str] = mapped_column(String(400), default="")

    user: Mapped[User] = relationship(back_populates="roles")
    unit: Mapped[Unit | None] = relationship()
