"""Configuration read from the environment.

Development (the default) needs nothing: it uses a SQLite file under ``instance/`` and generates a secret
key that it keeps there. Production (``KINERJA_ENV=production``) refuses to start without ``SECRET_KEY``.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


class ConfigError(RuntimeError):
    """The environment does not describe a usable configuration."""


def _instance_dir() -> Path:
    path = Path(os.environ.get("KINERJA_INSTANCE", Path(__file__).resolve().parents[2] / "instance"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _dev_secret_key(instance: Path) -> str:
    key_file = instance / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _normalise_db_url(url: str) -> str:
    # Accept the usual forms and always drive PostgreSQL through psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def load_config(overrides: dict | None = None) -> dict:
    """Return the Flask config mapping for the current environment plus ``overrides``."""
    env = os.environ
    overrides = dict(overrides or {})
    instance = Path(overrides.get("INSTANCE_PATH") or _instance_dir())
    production = (overrides.get("ENV_NAME") or env.get("KINERJA_ENV", "development")) == "production"

    secret = overrides.get("SECRET_KEY") or env.get("SECRET_KEY")
    if not secret:
        if production:
            raise ConfigError(
                "SECRET_KEY is not set. Production refuses to start without it: "
                "set SECRET_KEY to a long random value (e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`)."
            )
        secret = _dev_secret_key(instance)

    db_url = _normalise_db_url(env.get("DATABASE_URL") or f"sqlite:///{instance / 'kinerja.db'}")

    cfg = {
        "ENV_NAME": "production" if production else "development",
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": db_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # SQLite: seconds a save waits for another one's write lock before failing (app.core.db).
        "SQLITE_BUSY_TIMEOUT": float(env.get("KINERJA_SQLITE_BUSY_TIMEOUT", 15)),
        # Sessions and cookies (DESIGN.md, security targets).
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_NAME": "kinerja_session",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": timedelta(days=7),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the 8 h session
        "MAX_CONTENT_LENGTH": int(env.get("KINERJA_MAX_UPLOAD", 20 * 1024 * 1024)),
        # An attendance machine's export (within MAX_CONTENT_LENGTH, which caps every request body).
        "CHECKIN_MAX_BYTES": int(env.get("KINERJA_CHECKIN_MAX_BYTES", 64 * 1024 * 1024)),
        "CHECKIN_MAX_ROWS": int(env.get("KINERJA_CHECKIN_MAX_ROWS", 2_000_000)),
        # The monthly attendance pass: people per chunk, and the worker processes a job's pass computes chunks
        # in (0: the machine's cores, at most 4; 1: none, the job's own process computes).
        "ATTENDANCE_CHUNK": int(env.get("KINERJA_ATTENDANCE_CHUNK", 2000)),
        "ATTENDANCE_WORKERS": int(env.get("KINERJA_ATTENDANCE_WORKERS", 0)),
        # Locale and time.
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
        "LANGUAGES": ("id", "en"),
        # Login protection.
        "LOGIN_MAX_FAILURES": int(env.get("KINERJA_LOGIN_MAX_FAILURES", 5)),
        "LOGIN_LOCK_MINUTES": int(env.get("KINERJA_LOGIN_LOCK_MINUTES", 15)),
        "LOGIN_RATE_LIMIT": env.get("KINERJA_LOGIN_RATE_LIMIT", "20 per minute"),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # How many reverse proxies stand in front of the app. Only then are their X-Forwarded-For and
        # X-Forwarded-Proto believed (Werkzeug's ProxyFix): the login rate limit counts each user's own
        # address instead of the proxy's. 0 (the default) trusts no forwarded header.
        "PROXY_COUNT": int(env.get("KINERJA_PROXY_COUNT", 0)),
        # Strict-Transport-Security in production (seconds; 0 sends none).
        "HSTS_MAX_AGE": int(env.get("KINERJA_HSTS_MAX_AGE", 31536000 if production else 0)),
        # Background jobs: sqlite (default), postgres or redis.
        "HUEY_BACKEND": env.get("HUEY_BACKEND", "sqlite"),
        "HUEY_URL": env.get("HUEY_URL", ""),
        "HUEY_IMMEDIATE": env.get("HUEY_IMMEDIATE", "") == "1",
        "FILES_DIR": env.get("KINERJA_FILES", str(instance / "files")),
        # Imports.
        "IMPORT_MAX_BYTES": int(env.get("KINERJA_IMPORT_MAX_BYTES", 5 * 1024 * 1024)),
        "IMPORT_MAX_ROWS": int(env.get("KINERJA_IMPORT_MAX_ROWS", 20000)),
        "PAGE_SIZE": 25,
        # Printed in the QR code of official documents; defaults to the address the request came to.
        "PUBLIC_URL": env.get("KINERJA_PUBLIC_URL", ""),
    }
    cfg.update(overrides)
    return cfg
