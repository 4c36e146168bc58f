"""Database foundations: the declarative base, SQLite connection settings, shared column types."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime

from flask import current_app, has_app_context, has_request_context, request
from sqlalchemy import ARRAY, DateTime, Integer, MetaData, String, and_, any_, bindparam, event, func
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


BUSY_TIMEOUT = 15  # seconds; ``SQLITE_BUSY_TIMEOUT`` in the configuration (under gunicorn's 30 s worker timeout)
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, connection_record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy emit BEGIN itself so SAVEPOINT and rollback work as documented.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={_busy_timeout_ms()}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _busy_timeout_ms() -> int:
    """How long a connection waits for another one's write lock before SQLite answers "database is locked"."""
    seconds = current_app.config.get("SQLITE_BUSY_TIMEOUT", BUSY_TIMEOUT) if has_app_context() else BUSY_TIMEOUT
    return int(float(seconds) * 1000)


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(conn):
    """SQLite has one writer, and a transaction that read before another writer committed can no longer write:
    SQLite refuses it at once ("database is locked"), whatever the busy timeout. So the transaction of a request
    that may write (any method but GET, HEAD, OPTIONS) takes the write lock when it begins (``BEGIN
    IMMEDIATE``), waiting up to the busy timeout for the writer before it; its reads then see what that writer
    committed, and a stale form is a conflict (409), not a 500. Pages (GET) stay deferred and read in parallel.

    Outside a request (jobs, CLI commands, the tests' outer transaction) a transaction stays deferred: a job
    holding the write lock for its whole run would stall every save, and jobs commit before each progress
    write instead (``app.jobs.services``); work that must succeed there goes through ``commit_retrying``.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _writing_request() else "BEGIN")


def _writing_request() -> bool:
    return has_request_context() and request.method not in READING_METHODS


def commit_retrying(work, attempts: int = 6):
    """Run ``work()`` and commit; on SQLite's "database is locked" roll back and run it again.

    SQLite lets one writer at a time; a transaction that read before another one committed cannot then
    write (WAL snapshot), whatever the busy timeout. A writing request takes the lock when it begins (see
    ``_sqlite_on_begin``), so there this is a safety net; a deferred transaction (a job, a CLI command) needs
    it. Work that must succeed for concurrent users (numbering certificates) is run through here: each
    attempt starts afresh, so nothing half-done is ever kept. PostgreSQL waits on row locks instead and never
    needs the retry.
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


def check_shown(record, expected: int | None) -> None:
    """A row shown with ``expected`` (its version; None: shown without a record) is saved over ``record`` (None:
    there is none yet): refuse (``Conflict``) when someone else created or changed it since the row was shown."""
    from app.core.errors import Conflict

    if (record is None) != (expected is None):
        raise Conflict()
    if record is not None:
        check_version(record, expected)


def flush_unique() -> None:
    """Flush a change that a unique key guards; two first saves at the same moment: the second one loses
    (``Conflict``), and the session stays usable."""
    from sqlalchemy.exc import IntegrityError

    from app.core.errors import Conflict
    from app.extensions import db

    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        raise Conflict() from error


def among(column, values, dialect: str):
    """``column IN values`` for a long list (the ids of a chunk of people). On PostgreSQL ``column = ANY(:array)``:
    one parameter instead of one per value, which cost more to compile and send than the query to run."""
    if dialect == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(list(values))


def in_rows_of(column, subquery):
    """``column IN (subquery)``; on PostgreSQL ``column = ANY(ARRAY(subquery))``, which the planner cannot
    estimate and so reads through ``column``'s index: for ``IN`` it guessed the average rows per unit for the
    scope's units and scanned the pemda's whole table (an OPD's 300 people counted in 13 ms, now 1 ms)."""
    if _on_sqlite() or not has_app_context():
        return column.in_(subquery)
    return column == any_(func.array(subquery.scalar_subquery()))


def _on_sqlite() -> bool:
    return has_app_context() and current_app.extensions["sqlalchemy"].engine.dialect.name == "sqlite"


class UnitPath(TypeDecorator):
    """A unit's materialised path ("/1/4/9/": digits and slashes). ``path.startswith(prefix)`` selects a subtree;
    on SQLite it is also written as a range (``path >= '/1/4/' AND path < '/1/40'``), which SQLite reads from the
    path's index: its ``LIKE`` never uses one, so it started a scoped list from the whole table of people and
    paid for the installation instead of the subtree. PostgreSQL keeps the ``LIKE`` alone (under a linguistic
    collation a range of strings with slashes is not a range of paths)."""

    impl = String
    cache_ok = True

    class comparator_factory(String.Comparator):  # noqa: N801  (SQLAlchemy's name)
        def startswith(self, other, escape=None, autoescape=False):
            condition = super().startswith(other, escape=escape, autoescape=autoescape)
            if isinstance(other, str) and escape:  # ``autoescape`` arrives here already applied
                other = re.sub(re.escape(escape) + "(.)", r"\1", other)
            if isinstance(other, str) and len(other) > 1 and other.endswith("/") and _on_sqlite():
                return and_(condition, self.expr >= other, self.expr < other[:-1] + "0")  # "0" follows "/"
            return condition

