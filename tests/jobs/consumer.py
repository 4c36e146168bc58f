"""Waiting for a job that a real ``huey_consumer`` process runs (the consumer tests)."""

from __future__ import annotations

import time

import pytest

from app.extensions import db
from app.jobs.models import Job


def wait_for(job_id: str, consumer, seconds: float) -> Job:
    """Poll the job row until it is finished; fail with the consumer's output if it never is."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.rollback()  # end the read transaction: SQLite WAL would keep showing its snapshot
        job = db.session.get(Job, job_id)
        if job.finished:
            return job
        time.sleep(0.3)
    consumer.terminate()
    pytest.fail("consumer did not finish: " + consumer.communicate(timeout=20)[0].decode(errors="replace"))
