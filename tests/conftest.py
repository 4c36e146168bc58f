"""Test setup: one app per session, each test inside a rolled-back transaction.

The suite runs on SQLite by default and on PostgreSQL when ``KINERJA_TEST_DATABASE_URL`` names one
(``make test`` does both).
"""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from app import create_app
from app.extensions import db, limiter, login_manager

TEST_DB_URL = os.environ.get("KINERJA_TEST_DATABASE_URL", "")
# ``KINERJA_TEST_NOW=2026-12-31T23:30:00+00:00`` runs the whole suite with the clock set to that instant (and
# ticking on): ``make test`` runs the PostgreSQL pass at 23:30 UTC on the last day of a year, when the agency
# (WIB) is already in the next day, month and year. Tests must pass at any hour of any day.
TEST_NOW = os.environ.get("KINERJA_TEST_NOW", "")


# Property tests: deterministic in CI (same examples every run, no example database), no deadline anywhere (a
# loaded machine or ``-n 8`` makes timings meaningless), and no health check failing a run for slow data.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


def pytest_configure(config):
    if TEST_NOW:
        import time_machine

        traveller = time_machine.travel(datetime.fromisoformat(TEST_NOW), tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


def pytest_report_header(config):
    return f"clock set to {TEST_NOW}" if TEST_NOW else None


def _clear_g() -> None:
    for name in list(g):
        g.pop(name)


class Client(FlaskClient):
    """A test client that sends a valid CSRF token with every POST unless ``csrf=False``."""

    def csrf_token(self) -> str:
        with self.session_transaction() as sess:
            raw = sess.setdefault("csrf_token", secrets.token_hex(20))
        return URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token").dumps(raw)

    def open(self, *args, csrf: bool = True, **kwargs):
        # Requests share the test's app context and session (see ``_transaction``): hand the test's
        # pending data over to the outer transaction, and forget what the previous request kept in ``g``
        # (Flask-Login's cached user, the cached pemda), as a fresh app context would.
        if has_app_context():
            db.session.commit()
            _clear_g()
        try:
            return self._open(*args, csrf=csrf, **kwargs)
        finally:
            if has_app_context():
                _clear_g()

    def _open(self, *args, csrf: bool = True, **kwargs):
        method = kwargs.get("method") or (args[0].method if args and hasattr(args[0], "method") else "GET")
        if csrf and method.upper() == "POST":
            headers = dict(kwargs.pop("headers", None) or {})
            headers.setdefault("X-CSRFToken", self.csrf_token())
            kwargs["headers"] = headers
        return super().open(*args, **kwargs)

    def login_as(self, user) -> Client:
        with self.session_transaction() as sess:
            sess["_user_id"] = user.get_id()
            sess["_fresh"] = True
        return self


def _reset_database(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade()


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    url = TEST_DB_URL or f"sqlite:///{instance / 'test.db'}"
    application = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(instance),
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": url,
            "HUEY_IMMEDIATE": True,
            "FILES_DIR": str(instance / "files"),
            "SERVER_NAME": "kinerja.test",
        }
    )
    application.test_client_class = Client
    _reset_database(application)
    yield application
    with application.app_context():
        db.engine.dispose()  # close pooled connections before the interpreter warns about them


class _BoundSession(Session):
    """Flask-SQLAlchemy's session picks the engine itself; this one stays on the test's connection."""

    def __init__(self, db=None, **options):
        super().__init__(**options)


UNIT_TESTS = Path(__file__).parent / "unit"


@contextmanager
def rolled_back(app):
    """Bind the session to one connection whose outer transaction is rolled back at the end: whatever the
    code inside commits (a request does) is gone afterwards."""
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        db.session = db._make_scoped_session(
            {"bind": connection, "join_transaction_mode": "create_savepoint", "class_": _BoundSession}
        )
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()
            limiter.reset()


@pytest.fixture(autouse=True)
def _transaction(request):
    """Each test runs inside ``rolled_back``.

    Pure tests (tests/unit) get no app and no database at all. Browser and consumer tests run their own app on
    their own database file, served from another thread or process; they must see the real session, and
    ``own_transaction`` tests open theirs: those are left alone.
    """
    if request.node.path.is_relative_to(UNIT_TESTS):
        yield
        return
    app = request.getfixturevalue("app")
    # Tests log in by writing the session (Client.login_as), which "strong" protection would refuse;
    # set per test because any create_app() call (migration and consumer tests) resets it.
    login_manager.session_protection = "basic"
    if any(request.node.get_closest_marker(m) for m in ("browser", "consumer", "own_transaction")):
        yield
        return
    from app.jobs.queue import configure, huey

    if not huey.immediate:  # another app made in an earlier test (consumer, migrations) pointed the queue away
        configure(app.config)
    with rolled_back(app):
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def count_queries(app):
    """``with count_queries() as counted: ...`` then ``counted.n`` is the number of SQL statements."""

    class Counter:
        n = 0
        statements: list[str] = []

    @contextmanager
    def counting():
        counter = Counter()
        counter.statements = []

        def on_execute(conn, cursor, statement, parameters, context, executemany):
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
                counter.n += 1
                counter.statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", on_execute)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", on_execute)

    return counting


@pytest.fixture
def world():
    """Two OPDs with units, positions, people and one account per role in OPD A (see factories)."""
    from tests.factories import build_world

    return build_world()
