"""The Huey instance: SqliteHuey by default, PostgresHuey or RedisHuey by configuration.

One module-level ``huey`` carries the task registry; ``configure`` points its storage at what the app's
configuration says (tests switch it to immediate mode, the consumer test to its own SQLite file).

An idle consumer polls the queue at most every ``IDLE_POLL_MAX`` seconds, so a job starts within a second of
the click (Huey's own default backs off to 10 s: a one-page job waited up to 10 s at "waiting for a worker").
``huey_consumer app.jobs.worker.huey`` gets this without options; ``-m/--max-delay`` with another value than
Huey's default still chooses for itself.
"""

from __future__ import annotations

from pathlib import Path

from huey import Huey
from huey.consumer_options import config_defaults
from huey.storage import PostgresStorage, RedisStorage, SqliteStorage

from app.core.config import ConfigError

QUEUE_NAME = "kinerja"
IDLE_POLL_MIN = 0.1  # seconds between polls right after a job (Huey's default)
IDLE_POLL_MAX = 0.5  # ... growing (×1.15 each empty poll) to at most this while the queue stays empty
HUEY_MAX_DELAY = dict(config_defaults)["max_delay"]  # Huey's default: 10 s


class Queue(Huey):
    """Huey whose consumer picks a job up within a second (see the module's docstring)."""

    def create_consumer(self, **options):
        if options.get("max_delay", HUEY_MAX_DELAY) == HUEY_MAX_DELAY:
            options["max_delay"] = IDLE_POLL_MAX
        options.setdefault("initial_delay", IDLE_POLL_MIN)
        return super().create_consumer(**options)


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


huey = Queue(QUEUE_NAME, storage_class=SqliteStorage, filename=":memory:", immediate=True, results=False)


def configure(config: dict) -> Huey:
    """Point the shared Huey at the configured storage (or run tasks in-process in immediate mode)."""
    storage_class, kwargs = storage_for(config)
    huey.storage_class = storage_class
    huey.storage_kwargs = kwargs
    huey._immediate = bool(config.get("HUEY_IMMEDIATE"))
    huey.storage = huey.create_storage()
    return huey
