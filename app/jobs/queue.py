"""The Huey instance: SqliteHuey by default, PostgresHuey or RedisHuey by configuration.

One module-level ``huey`` carries the task registry; ``configure`` points its storage at what the app's
configuration says (tests switch it to immediate mode, the consumer test to its own SQLite file).
"""

from __future__ import annotations

from pathlib import Path

from huey import Huey
from huey.storage import PostgresStorage, RedisStorage, SqliteStorage

from app.core.config import ConfigError

QUEUE_NAME = "kinerja"


def storage_for(config: dict) -> tuple[type, dict]:
    backend = config["HUEY_BACKEND"]
    url = config.get("HUEY_URL") or ""
    if backend == "sqlite":
        return SqliteStorage, {"filename": url or str(Path(config["INSTANCE_PATH"]) / "huey.db")}
    if backend == "postgres":
        dsn = url or config["SQLALCHEMY_DATABASE_URI"].replace("postgresql+psycopg://", "postgresql://")
        if not dsn.startswith("postgresql://"):
            raise ConfigError("HUEY_BACKEND=postgres needs HUEY_URL or a PostgreSQL DATABASE_URL.")
        return PostgresStorage, {"dsn": dsn}
    if backend == "redis":
        return RedisStorage, {"url": url or "redis://127.0.0.1:6379/0"}
    raise ConfigError(f"HUEY_BACKEND must be sqlite, postgres or redis, not {backend!r}.")


huey = Huey(QUEUE_NAME, storage_class=SqliteStorage, filename=":memory:", immediate=True, results=False)


def configure(config: dict) -> Huey:
    """Point the shared Huey at the configured storage (or run tasks in-process in immediate mode)."""
    storage_class, kwargs = storage_for(config)
    huey.storage_class = storage_class
    huey.storage_kwargs = kwargs
    huey._immediate = bool(config.get("HUEY_IMMEDIATE"))
    huey.storage = huey.create_storage()
    return huey
