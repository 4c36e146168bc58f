"""Jobs as the user sees them. ``start`` records the job; the route commits, then ``enqueue`` hands it over.

Progress is written in its own short transaction when a consumer runs the job, so the polling page sees
it while the job's own work is still uncommitted; in immediate mode (tests) it is simply flushed.
"""

from __future__ import annotations

from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.core.errors import Refused
from app.core.files import files_dir
from app.extensions import db
from app.jobs.models import Job
from app.jobs.queue import huey


def start(owner, kind: str, title: str, params: dict | None = None) -> Job:
    from app.jobs.tasks import HANDLERS

    if kind not in HANDLERS:
        raise Refused(_l("Unknown kind of job."))
    job = Job(owner_id=owner.id, kind=kind, title=title, params=params or {})
    db.session.add(job)
    db.session.flush()
    return job


def enqueue(job: Job) -> None:
    """Hand the committed job to the queue (in immediate mode it runs now, in this request)."""
    from app.jobs.tasks import run_job

    run_job(job.id)


def launch(job: Job) -> str:
    """Once the request has committed the job row (a consumer reads it from its own connection): hand the job
    to the queue and answer with its page. In immediate mode (tests) its work ran in this request's session
    now, so that is committed too. The ``then`` of a route that starts a job (``core.forms.act``)."""
    from flask import url_for

    enqueue(job)
    db.session.commit()
    return url_for("jobs.detail", job_id=job.id)


def _write(job_id: str, **values) -> None:
    if huey.immediate:
        db.session.execute(update(Job).where(Job.id == job_id).values(**values))
        db.session.flush()
        return
    if db.engine.dialect.name == "sqlite":
        # SQLite has one writer: the job's own open transaction would block this write, or (had it only read
        # so far) be refused its next write once this one is committed. So a job run by the consumer on
        # SQLite commits its work up to each progress report.
        db.session.commit()
    with Session(db.engine) as session:
        session.execute(update(Job).where(Job.id == job_id).values(**values))
        session.commit()


def begin(job_id: str) -> Job | None:
    job = db.session.get(Job, job_id)
    if job is None or job.status != "queued":
        return None
    _write(job_id, status="running", started_at=utcnow(), progress=0)
    db.session.refresh(job)
    return job


def progress(job_id: str, pct: int, message: str = "") -> None:
    _write(job_id, progress=max(0, min(100, int(pct))), message=str(message)[:300])


def result_path(job: Job) -> Path:
    return files_dir() / "jobs" / job.id / (job.result_name or "result")


def folder_files(job: Job) -> list[str]:
    """Every file a finished job left in its folder: its result, and any other (e.g. a ZIP next to a PDF)."""
    folder = files_dir() / "jobs" / job.id
    if job.status != "done" or not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def finish(job_id: str, data: bytes | None, name: str | None) -> None:
    values = {"status": "done", "progress": 100, "finished_at": utcnow()}
    if data is not None:
        folder = files_dir() / "jobs" / job_id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        values.update(result_path=f"jobs/{job_id}/{name}", result_name=name)
    db.session.commit() if not huey.immediate else db.session.flush()
    _write(job_id, **values)


def fail(job_id: str, error: Exception) -> None:
    message = str(error) if isinstance(error, Refused) else str(_l("The job stopped with an error; the details "
                                                                    "are in the server log."))
    _write(job_id, status="failed", error=message[:2000], finished_at=utcnow())
