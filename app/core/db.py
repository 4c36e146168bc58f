"""Database foundations: the declarative base, SQLite connection settings, shared column types."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from sqlalchemy import DateTime, Integer, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

from app.core.clock import utcnow  # noqa: F401  (re-exported: models default to it)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC: the same on SQLite and PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class VersionedMixin:
    """Optimistic locking: every UPDATE checks and bumps ``version``.

    Forms carry the version they were rendered with; services compare it before writing (a clear
    conflict message) and SQLAlchemy's version counter catches the race in between (StaleDataError).
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, connection_record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy emit BEGIN itself so SAVEPOINT and rollback work as documented.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(conn):
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN")


def commit_retrying(work, attempts: int = 6):
    """Run ``work()`` and commit; on SQLite's "database is locked" roll back and run it again.

    SQLite lets one writer at a time; a transaction that read before another one committed cannot then
    write (WAL snapshot), whatever the busy timeout. Work that must succeed for concurrent users (numbering
    certificates) is run through here: each attempt starts afresh, so nothing half-done is ever kept.
    PostgreSQL waits on row locks instead and never needs the retry.
    """
    import time

    from sqlalchemy.exc import OperationalError

    from app.extensions import db

    for attempt in range(attempts):
        try:
            result = work()
            db.session.commit()
            return result
        except OperationalError as error:
            db.session.rollback()
            locked = "database is locked" in str(error) or "database table is locked" in str(error)
            if not locked or attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    return None


def check_version(obj, version: int | None) -> None:
    """The form was opened on ``version`` of ``obj``; refuse (``Conflict``) if the record has moved on since."""
    from app.core.errors import Conflict

    if version is not None and obj.version != version:
        raise Conflict()
