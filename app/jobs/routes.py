"""Background jobs: watch a job's progress, download its result. Owner (or admin) only."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, request, send_file
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import access, owned
from app.core.files import files_dir
from app.core.htmx import render
from app.extensions import db
from app.jobs import services
from app.jobs.models import Job

bp = Blueprint("jobs", __name__)


@bp.get("/jobs")
@access("jobs.view")
def index():
    """The user's latest jobs; while one waits or runs, htmx polls the same URL for the list alone."""
    stmt = select(Job).where(owned(current_user, Job)).order_by(Job.created_at.desc()).limit(50)
    jobs = list(db.session.scalars(stmt))
    response = render("jobs/index.html", "jobs", jobs=jobs)
    if request.headers.get("HX-Request") and all(job.finished for job in jobs):
        response.status_code = 286  # htmx stops polling on 286
    return response


@bp.get("/jobs/<job_id>")
@access("jobs.view", job_id=Job)
def detail(job):
    """The job page; htmx polls the same URL and gets only the progress fragment."""
    response = render("jobs/job.html", "progress", job=job, files=services.folder_files(job))
    if job.finished and request.headers.get("HX-Request"):
        response.status_code = 286  # htmx stops polling on 286
    return response


@bp.get("/jobs/<job_id>/download")
@access("jobs.view", job_id=Job)
def download(job):
    """The job's result; ``?name=`` downloads another file of the job's folder (checked against its listing)."""
    name = request.args.get("name")
    if name is not None:
        if name not in services.folder_files(job):
            abort(404)
        path = files_dir() / "jobs" / job.id / name
        return send_file(BytesIO(path.read_bytes()), as_attachment=True, download_name=name)
    if job.status != "done" or not job.result_path:
        abort(404)
    path = files_dir() / job.result_path
    if not path.is_file():
        abort(404)
    return send_file(BytesIO(path.read_bytes()), as_attachment=True, download_name=job.result_name)
