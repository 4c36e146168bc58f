"""Waiting for a job that a real ``huey_consumer`` process runs (the consumer tests)."""

from __future__ import annotations

import os
import subprocess
import sys
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


def consumer_app(tmp_path, **env_extra):
    """An app on its own SQLite file and SQLite queue, and a real ``huey_consumer`` process serving it, as
    ``make run`` starts them. The caller migrates inside the app's context and terminates the process."""
    from app import create_app

    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'app.db'}", SECRET_KEY="consumer-test",
               KINERJA_INSTANCE=str(tmp_path), HUEY_BACKEND="sqlite", HUEY_URL=str(tmp_path / "huey.db"),
               HUEY_IMMEDIATE="", KINERJA_FILES=str(tmp_path / "files"), **env_extra)
    app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "SECRET_KEY": "consumer-test",
                      "INSTANCE_PATH": str(tmp_path), "HUEY_BACKEND": "sqlite", "HUEY_URL": env["HUEY_URL"],
                      "HUEY_IMMEDIATE": False, "FILES_DIR": env["KINERJA_FILES"]})
    consumer = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "huey_consumer"),
                                 "app.jobs.worker.huey", "--workers", "1", "--quiet"],
                                env=env, cwd=os.getcwd(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return app, consumer


def stop_consumer(consumer, tmp_path) -> str:
    """Stop the consumer of ``consumer_app``, point the queue back at the tests' immediate mode, and return
    what the consumer printed (the caller asserts no traceback in it)."""
    from app.jobs.queue import configure

    consumer.terminate()
    output = consumer.communicate(timeout=20)[0].decode(errors="replace")
    configure({"HUEY_BACKEND": "sqlite", "HUEY_URL": ":memory:", "HUEY_IMMEDIATE": True,
               "INSTANCE_PATH": str(tmp_path)})
    return output
