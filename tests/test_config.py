"""Configuration from the environment, database connection settings, migrations, security headers."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from app.core.config import ConfigError, load_config
from app.extensions import db


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        load_config({"ENV_NAME": "production", "INSTANCE_PATH": str(tmp_path)})


def test_production_hardens_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    cfg = load_config({"ENV_NAME": "production", "INSTANCE_PATH": str(tmp_path)})
    assert cfg["SESSION_COOKIE_SECURE"] and cfg["REMEMBER_COOKIE_SECURE"]
    assert cfg["PERMANENT_SESSION_LIFETIME"].total_seconds() == 8 * 3600


def test_development_generates_and_keeps_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("KINERJA_INSTANCE", str(tmp_path))
    first = load_config()["SECRET_KEY"]
    assert len(first) >= 32 and load_config()["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url_always_uses_psycopg3(monkeypatch, tmp_path, given, used):
    monkeypatch.setenv("DATABASE_URL", given)
    assert load_config({"INSTANCE_PATH": str(tmp_path)})["SQLALCHEMY_DATABASE_URI"] == used


def test_default_database_is_a_sqlite_file_in_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert load_config({"INSTANCE_PATH": str(tmp_path)})["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/kinerja.db"


def test_locale_and_timezone_defaults(tmp_path):
    cfg = load_config({"INSTANCE_PATH": str(tmp_path)})
    assert cfg["BABEL_DEFAULT_LOCALE"] == "id" and cfg["BABEL_DEFAULT_TIMEZONE"] == "Asia/Jakarta"


def test_sqlite_connections_are_configured():
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite connection settings: this run uses PostgreSQL")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 15_000  # SQLITE_BUSY_TIMEOUT, 15 s by default


def test_migrations_and_models_agree():
    """The test database was built by ``flask db upgrade`` from empty: the models must match it exactly."""
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = [d for d in compare_metadata(context, db.metadata)
                if not (d[0] == "remove_table" and d[1].name.startswith("huey"))]
    assert diff == []


def test_migrations_downgrade_and_upgrade_again(tmp_path):
    from flask_migrate import downgrade, upgrade

    from app import create_app

    other = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.db'}", "SECRET_KEY": "x",
                        "INSTANCE_PATH": str(tmp_path), "TESTING": True})
    with other.app_context():
        upgrade()
        downgrade(revision="base")
        upgrade()
        with db.engine.connect() as conn:  # db.session is the suite's; this app has its own engine
            tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
        assert {"units", "employees", "audit_log", "users"} <= tables
        db.engine.dispose()


def test_security_headers(client, world):
    client.login_as(world.users["hr"])
    response = client.get("/people")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "HX-Request" in response.headers["Vary"]


def test_no_page_loads_a_remote_asset(client, world):
    client.login_as(world.users["admin"])
    for url in ("/", "/people", "/org", "/login"):
        body = client.get(url).data
        assert b"http://" not in body.replace(b"http://www.w3.org", b"") and b"https://" not in body


def test_unknown_page_and_wrong_method(client, world):
    client.login_as(world.users["hr"])
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and b'tidak ada' in missing.data
    assert client.get("/logout").status_code == 405


def test_oversized_request_is_refused(app, client, world):
    client.login_as(world.users["hr"])
    body = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/people/new", data=body, content_type="application/octet-stream")
    assert response.status_code == 413
