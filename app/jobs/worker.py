"""What the consumer runs: ``huey_consumer app.jobs.worker.huey``.

Importing this module builds the app from the environment (as ``wsgi.py`` does), so the consumer and the
web server agree on the database and the queue. Tasks run inside that app's context.
"""

from __future__ import annotations

from app import create_app
from app.jobs import tasks  # noqa: F401  (registers the tasks on the shared Huey)
from app.jobs.queue import huey

app = create_app()

__all__ = ["app", "huey"]
