"""The one Huey task: run a job by its kind, with progress, result file and error kept on the job row."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import current_app, has_app_context

from app.jobs.queue import huey

log = logging.getLogger(__name__)

# kind -> handler(job, progress) returning (bytes, file name) for a download, or None
HANDLERS: dict[str, Callable] = {}


def handler(kind: str):
    def register(function):
        HANDLERS[kind] = function
        return function

    return register


@huey.task()
def run_job(job_id: str) -> None:
    if has_app_context():  # immediate mode: we are already inside the request's app
        _run(job_id)
        return
    from app.jobs.worker import app

    with app.app_context():
        _run(job_id)


def _run(job_id: str) -> None:
    from app.jobs import services

    job = services.begin(job_id)
    if job is None:
        return
    kind = job.kind  # read now: after a failed flush the job row cannot be read until the rollback
    try:
        result = HANDLERS[kind](job, lambda pct, message="": services.progress(job_id, pct, message))
    except Exception as error:  # the job fails, the consumer carries on; details go to the log
        current_app.extensions["sqlalchemy"].session.rollback()
        log.exception("job %s (%s) failed", job_id, kind)
        services.fail(job_id, error)
        return
    services.finish(job_id, *(result or (None, None)))
