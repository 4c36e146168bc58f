"""The checks behind ``GET /health``: each asks one part the cheapest question that proves it answers."""

from __future__ import annotations

import logging

from sqlalchemy import text

from app.extensions import db
from app.jobs.queue import huey

log = logging.getLogger(__name__)


def _database() -> None:
    db.session.execute(text("SELECT 1"))


def _queue() -> None:
    # The storage Huey was configured with (SQLite file, PostgreSQL or Redis): counting the waiting tasks
    # needs a working connection and the queue's table or key.
    huey.storage.queue_size()


CHECKS = (("database", _database), ("queue", _queue))


def failing() -> list[str]:
    """The names of the parts that did not answer; empty when all did.

    Whatever a check raises means that part is down. The reason goes to the log, never to the answer, which
    anyone may read.
    """
    failed = []
    for name, check in CHECKS:
        try:
            check()
        except Exception:
            log.exception("health check failed: %s", name)
            failed.append(name)
    return failed
